"""A Chinese report is read in Chinese characters, not in empty boxes ("tofu"): in a real
browser, every kind of text on the page (title, headings, table cells, chart labels) draws
its Chinese characters as glyphs of their own. Without a CJK font (Debian's fonts-noto-cjk,
which .ci/run installs with chromium) this fails, as it should."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Run
from test_report_layout import (
    CHROMIUM,
    chromium,
    journal,  # noqa: F401 (the fixture: 2026-Q4 in both languages)
    with_probe,
)

# For each element holding two different Chinese characters: both drawn on a canvas in the
# element's own font, beside a code point no font has (U+0378, drawn as the missing-glyph
# box). Tofu is a character drawn exactly like that box, or two characters drawn alike.
GLYPHS = """<script>
function drawn(family, weight, text) {
  const canvas = document.createElement('canvas');
  canvas.width = 56; canvas.height = 56;
  const pen = canvas.getContext('2d');
  pen.font = `${weight} 40px ${family}`;
  pen.textBaseline = 'top';
  pen.fillText(text, 4, 4);
  const alpha = pen.getImageData(0, 0, 56, 56).data.filter((_, i) => i % 4 === 3);
  const bits = Array.from(alpha, a => a > 127 ? 1 : 0).join('');
  return {bits, ink: alpha.filter(a => a > 127).length};
}
const checked = [];
for (const element of document.querySelectorAll('h1, h2, th, td, li, p, svg text')) {
  const own = [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('');
  const chars = [...new Set(own.match(/[\\u4e00-\\u9fff]/g) || [])].slice(0, 2);
  if (chars.length < 2) continue;
  const style = getComputedStyle(element);
  const [a, b] = chars.map(c => drawn(style.fontFamily, style.fontWeight, c));
  const box = drawn(style.fontFamily, style.fontWeight, '\\u0378');
  const tofu = a.bits === box.bits || b.bits === box.bits || a.bits === b.bits;
  const tag = element.tagName.toLowerCase();
  checked.push({tag, chars: chars.join(''), ink: Math.min(a.ink, b.ink), tofu});
}
document.body.setAttribute('data-glyphs', JSON.stringify(checked));
</script>
"""


def glyphs(tmp_path: Path, page: str) -> list[dict[str, object]]:
    probed = tmp_path / "glyphs.html"
    probed.write_text(with_probe(page, GLYPHS), encoding="utf-8")
    dom = chromium(tmp_path, "--window-size=900,2000", "--dump-dom", probed.as_uri())
    found: list[dict[str, object]] = json.loads(
        html.unescape(re.findall(r'data-glyphs="([^"]*)"', dom)[0])
    )
    return found


def fonts_without_chinese(folder: Path) -> Path:
    """A fontconfig setup that knows only the fonts here without Chinese in them (none,
    where fontconfig's fc-list is not installed): a machine that has no CJK font."""
    folder.mkdir()
    fc_list = shutil.which("fc-list")
    if fc_list is not None:

        def files(pattern: str) -> set[str]:
            listed = [fc_list, "--format", "%{file}\\n", pattern]
            found = subprocess.run(listed, capture_output=True, text=True, check=True)
            return set(found.stdout.split())

        for number, font in enumerate(sorted(files(":lang=en") - files(":lang=zh"))):
            (folder / f"{number}-{Path(font).name}").symlink_to(font)
    config = folder.parent / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{folder}</dir><cachedir>{folder.parent / 'fc-cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return config


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium here (.ci/run installs it)")
@pytest.mark.usefixtures("journal")
def test_a_chinese_report_draws_its_characters(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("--lang", "zh", "report", "quarter", "2026-Q4", "-f", "html")
    assert result.exit_code == 0, result.output
    checked = glyphs(tmp_path, result.output)
    kinds = {str(item["tag"]) for item in checked}
    assert {"h1", "h2", "th", "td", "text"} <= kinds, checked  # title to chart labels
    tofu = [item for item in checked if item["tofu"] or not item["ink"]]
    assert not tofu, f"Chinese drawn as empty boxes (is fonts-noto-cjk installed?): {tofu}"

    # the same page on a machine without a CJK font: every check says tofu
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts_without_chinese(tmp_path / "latin-fonts")))
    without = glyphs(tmp_path, result.output)
    assert without and all(item["tofu"] for item in without), without
