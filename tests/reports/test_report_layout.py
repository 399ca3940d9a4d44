"""Reports that fit where they are read: Markdown laid out for the terminal it is printed to
(full tables in a file or a pipe), and an HTML page whose period names never break, whose
Chinese headers stay whole, whose charts say what every mark is, in the report's language."""

from __future__ import annotations

import fcntl
import html
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import LAZY, WALL, Run, check_in

from punchin.reports.wrapping import display_width

SCRIPT = Path(sys.executable).with_name("punchin")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def journal(run: Run) -> None:
    """2026-Q4 so far, with long goal titles and answers in both languages: three check-ins,
    one goal missed and one partly done, each with its remedy."""
    thesis = re.findall(
        r"[0-9a-f]{7}",
        run("goal", "add", "Finish the thesis draft 完成论文初稿", "--on", "2026-Q4").output,
    )[0]
    for week in ("2026-W45", "2026-W46", "2026-W47"):
        run("goal", "add", "Write 2,000 words a day", "--on", week, "--parent", thesis)
        run("goal", "add", "每周跑步三次，每次五公里", "--on", week)
    done = {"status": "done"}
    lazy = {"status": "missed", **LAZY, "remedy": "partner"}
    wall = {"status": "partly", "progress": "40%", **WALL, "remedy": "double"}
    check_in(run, "2026-W45", {"Write 2,000 words a day": done, "每周跑步三次，每次五公里": done})
    check_in(run, "2026-W46", {"Write 2,000 words a day": done, "每周跑步三次，每次五公里": lazy})
    check_in(run, "2026-W47", {"Write 2,000 words a day": wall, "每周跑步三次，每次五公里": done})


# -- Markdown in a terminal --------------------------------------------------------------------


def in_terminal(columns: int, *args: str, styled: bool = True) -> str:
    """What `punchin ARGS` shows in a real pseudo-terminal `columns` wide (escapes removed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns)}
    process = subprocess.Popen(
        [str(SCRIPT), *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    out = b"".join(chunks).decode()
    assert ("\x1b[" in out) is styled  # styled: the terminal branch, not the file one
    return ANSI.sub("", out).replace("\r\n", "\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", [60, 80, 100])
def test_markdown_in_a_terminal_fits_its_width(journal: None, lang: str, columns: int) -> None:
    out = in_terminal(columns, "--lang", lang, "report", "quarter", "2026-Q4")
    wide = [line for line in out.splitlines() if display_width(line) > columns]
    assert not wide, "\n".join(wide)
    if columns < 100 or lang == "en":  # the remedies table is too wide: one record an item
        remedy = "Chosen: 1" if lang == "en" else "选了：1"
        assert remedy in out and not re.search(r"^\| (Remedy|对策) ", out, re.M)
    if columns == 100:  # the weeks fit as a table at 100 columns, not at 60
        assert re.search(r"^\| (Week|周) ", out, re.M)
    if columns == 60:
        week = "- 2026-W45 · Check-in: done" if lang == "en" else "- 2026-W45 · 复盘：已完成"
        assert week in out


def test_markdown_written_to_a_file_keeps_full_tables(journal: None, tmp_path: Path) -> None:
    target = tmp_path / "q4.md"
    in_terminal(60, "report", "quarter", "2026-Q4", "-o", str(target), styled=False)
    text = target.read_text(encoding="utf-8")
    assert re.search(r"^\| Week +\| Check-in +\| Minutes \|", text, re.M)
    assert re.search(r"^\| Remedy +\| Chosen \| Kept \| Its goal went better after \|", text, re.M)
    assert max(display_width(line) for line in text.splitlines()) > 100  # not laid out for 60
    assert "\x1b[" not in text


def test_markdown_piped_keeps_full_tables(run: Run, journal: None) -> None:
    out = run("report", "quarter", "2026-Q4").output  # stdout is not a terminal here
    assert re.search(r"^\| Remedy +\| Chosen \|", out, re.M) and "\x1b[" not in out


# -- the HTML page -----------------------------------------------------------------------------


def html_page(run: Run, tmp_path: Path, *args: str, lang: str = "en") -> str:
    target = tmp_path / f"report-{lang}.html"
    result = run("--lang", lang, "report", *args, "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def charts_of(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", page, re.S)]


def text_outside_markup(page: str) -> str:
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<svg .*?</svg>", "", body, flags=re.S)
    return re.sub(r'<span class="period">[^<]*</span>', "", body)


def test_period_names_are_kept_on_one_line(run: Run, journal: None, tmp_path: Path) -> None:
    page = html_page(run, tmp_path, "quarter", "2026-Q4")
    assert '<span class="period">2026-W45</span>' in page
    assert '<span class="period">2026-Q4</span>' in page
    assert re.search(r"\.period[^{]*\{[^}]*white-space: nowrap", page)
    # every period or date in the page's text is inside such a span
    assert not re.findall(r"\d{4}-(?:W\d\d|Q\d|\d\d-\d\d)", text_outside_markup(page))


@pytest.mark.parametrize(
    ("lang", "names"),
    [("en", ["check-in done", "check-in missed"]), ("zh", ["复盘已完成", "没做复盘"])],
)
def test_the_streak_has_a_legend_in_the_reports_language(
    run: Run, journal: None, tmp_path: Path, lang: str, names: list[str]
) -> None:
    page = html_page(run, tmp_path, "quarter", "2026-Q4", lang=lang)
    title = "Weekly check-ins" if lang == "en" else "每周复盘"
    streak = next(svg for svg in charts_of(page) if svg.get("aria-label") == title)
    legend = streak.find(f"{SVG}g[@class='legend']")
    assert legend is not None
    said = [t.text for t in legend.iter(f"{SVG}text")]
    for name in names:
        assert name in said
    squares = [r for r in streak.iter(f"{SVG}rect") if r.get("role") == "img"]
    assert len(squares) == 8  # 2026-W40 .. W47
    assert squares[-1].get("aria-label") == (
        "2026-W47: check-in done" if lang == "en" else "2026-W47：复盘已完成"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_square_and_bar_has_a_title_a_screen_reader_reads(
    run: Run, journal: None, tmp_path: Path, lang: str
) -> None:
    page = html_page(run, tmp_path, "quarter", "2026-Q4", lang=lang)
    charts = charts_of(page)
    assert len(charts) == 4
    for chart in charts:
        assert chart.get("role") == "group" and chart.get("aria-label")  # not one opaque image
        for rect in chart.iter(f"{SVG}rect"):
            title = rect.find(f"{SVG}title")
            assert title is not None and title.text, ET.tostring(rect)
            # a mark is named for a screen reader, or is a legend's key beside its words
            assert rect.get("aria-label") == title.text or rect.get("aria-hidden") == "true"
    bars = [r.get("aria-label") for r in charts[0].iter(f"{SVG}rect") if r.get("role") == "img"]
    assert ("2026-W46 · missed: 1" if lang == "en" else "2026-W46 · 没完成：1") in bars


def test_every_kind_of_week_looks_different_and_is_named() -> None:
    """Done, half done, missed check-in, before the journal began: four looks in the streak
    and four names in its legend; a week with no goals is told apart in the goals chart,
    where a missed check-in and a week before the journal have marks of their own too."""
    from punchin import prompts
    from punchin.reports.figures import goals_chart, streak_chart
    from punchin.reports.words import Words

    weeks = [
        {"period": "2026-W01", "state": "before"},
        {"period": "2026-W02", "state": "missing", "goals": 0},
        {"period": "2026-W03", "state": "missing", "goals": 2},
        {"period": "2026-W04", "state": "in-progress", "goals": 2},
        {"period": "2026-W05", "state": "done", "goals": 1},
    ]
    for week in weeks:
        week.update(done=week.get("goals", 0) if week["state"] == "done" else 0)
        week.update(partly=0, missed=0)
    for lang, names, marks in (
        (
            "en",
            ["check-in done", "check-in half done", "check-in missed", "before the journal began"],
            [
                "check-in half done",
                "check-in missed",
                "no goals that week",
                "before the journal began",
            ],
        ),
        (
            "zh",
            ["复盘已完成", "复盘没做完", "没做复盘", "日志开始之前"],
            ["复盘没做完", "没做复盘", "这周没有目标", "日志开始之前"],
        ),
    ):
        words = Words(*(prompts.load(n, lang) for n in ("report", "diagnosis", "quarter")))
        chart = ET.fromstring(streak_chart(words, weeks))
        legend = chart.find(f"{SVG}g[@class='legend']")
        assert legend is not None
        assert [t.text for t in legend.iter(f"{SVG}text")] == names
        looks = set()
        for rect in chart.iter(f"{SVG}rect"):
            if rect.get("role") != "img":
                continue
            drawn = {k: v for k, v in rect.attrib.items() if k not in ("x", "y", "aria-label")}
            looks.add(json.dumps(drawn, sort_keys=True))
        assert len(looks) == 4
        bars = ET.fromstring(goals_chart(words, weeks, "chart_goals"))
        said = [t.text for t in bars.find(f"{SVG}g[@class='legend']").iter(f"{SVG}text")]
        assert all(name in said for name in marks), said


@pytest.mark.parametrize(
    ("lang", "minutes", "goals"),
    [
        (
            "en",
            "No time spent on check-ins recorded yet: nothing to show.",
            "No weekly goals reviewed yet: nothing to show.",
        ),
        (
            "zh",
            "还没有记录复盘用时，暂时没有可显示的内容。",
            "还没有复盘过周目标，暂时没有可显示的内容。",
        ),
    ],
)
def test_a_chart_with_nothing_to_draw_says_so(
    run: Run, tmp_path: Path, lang: str, minutes: str, goals: str
) -> None:
    run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4")  # no check-in yet
    page = html_page(run, tmp_path, "quarter", "2026-Q4", lang=lang)
    said = {"".join(t.text or "" for t in svg.iter(f"{SVG}text")): svg for svg in charts_of(page)}
    for message in (minutes, goals):
        chart = next(svg for text, svg in said.items() if message in text)
        assert chart.find(f"{SVG}rect") is None and chart.find(f"{SVG}line") is None  # no axes


def test_html_tables_are_laid_out_by_kind_of_column(
    run: Run, journal: None, tmp_path: Path
) -> None:
    page = html_page(run, tmp_path, "quarter", "2026-Q4", lang="zh")
    assert '<th scope="col" role="columnheader" class="label">复盘</th>' in page
    assert 'class="num" style="text-align: right;" data-label="部分完成：">' in page
    assert re.search(r"th \{[^}]*word-break: keep-all", page)  # headers wrap between words


# -- in a real browser -------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Measures the laid-out page and writes what it found into the DOM for --dump-dom: period names
# split over lines, headers and labels broken inside a word, a page wider than the window.
PROBE = """<script>
const found = {split: [], broken: [], periods: 0, overflow: 0};
for (const span of document.querySelectorAll('.period')) {
  found.periods += 1;
  if (span.getClientRects().length !== 1) found.split.push(span.textContent);
}
for (const cell of document.querySelectorAll('th, td.label')) {
  if (cell.getBoundingClientRect().height < 2) continue;  /* hidden headers of a card layout */
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (range.getClientRects().length > 1) found.broken.push(word[0]);
    }
  }
}
found.overflow = document.documentElement.scrollWidth - window.innerWidth;
document.body.setAttribute('data-layout', JSON.stringify(found));
</script>
"""


def with_probe(page: str, probe: str = PROBE) -> str:
    """The page with a measuring script of the test's own before </body>. The page's policy
    forbids every script, so this copy goes without it (what the policy forbids is tested in
    test_inert_page.py)."""
    policy = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
    assert policy.search(page), "the page carries no Content-Security-Policy"
    return policy.sub("", page, count=1).replace("</body>", probe + "</body>")


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    done = subprocess.run(
        [CHROMIUM, *flags, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium here (.ci/run installs it)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_lays_out_in_a_browser_wide_and_narrow(
    run: Run, journal: None, tmp_path: Path, lang: str
) -> None:
    page = html_page(run, tmp_path, "quarter", "2026-Q4", lang=lang)
    probed = tmp_path / f"probed-{lang}.html"
    probed.write_text(with_probe(page), encoding="utf-8")
    for width in (900, 420):
        dom = chromium(tmp_path, f"--window-size={width},2000", "--dump-dom", probed.as_uri())
        assert dom.count("<svg") == 4
        layout = json.loads(html.unescape(re.findall(r'data-layout="([^"]*)"', dom)[0]))
        assert layout["periods"] > 10
        assert layout["split"] == [], (width, layout)  # no 2026- / W27
        assert layout["broken"] == [], (width, layout)  # no 部 / 分 / 完 / 成
        assert layout["overflow"] <= 0, (width, layout)  # wide tables scroll or become cards
    shot = tmp_path / f"report-{lang}.png"
    page_file = tmp_path / f"report-{lang}.html"
    chromium(tmp_path, "--window-size=900,1600", f"--screenshot={shot}", page_file.as_uri())
    assert shot.stat().st_size > 20_000  # a page with tables and charts, not a blank one
