"""`punchin report`: exact Markdown, a self-contained HTML page with charts, JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import click
import pytest
from conftest import LAZY, WALL, Run, check_in


@pytest.fixture
def journal(run: Run) -> None:
    """2026-Q4 so far (the clock is Monday 2026-11-23): a quarter goal, three check-ins."""
    thesis = re.findall(
        r"[0-9a-f]{7}", run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4").output
    )[0]
    run("goal", "add", "Publish one paper", "--on", "2026")
    for week in ("2026-W45", "2026-W46", "2026-W47"):
        run("goal", "add", "Write 2,000 words", "--on", week, "--parent", thesis)
        run("goal", "add", "Run 3 times", "--on", week)
    done = {"status": "done"}
    check_in(run, "2026-W45", {"Write 2,000 words": done, "Run 3 times": done})
    lazy = {"status": "missed", **LAZY, "remedy": "partner"}
    check_in(run, "2026-W46", {"Write 2,000 words": done, "Run 3 times": lazy})
    wall = {"status": "partly", "progress": "40%", **WALL, "remedy": "double"}
    check_in(run, "2026-W47", {"Write 2,000 words": wall, "Run 3 times": done}, kept="yes")


EXPECTED = Path(__file__).resolve().parent / "expected"


def test_week_report_markdown_is_exact(run: Run, journal: None) -> None:
    expected = (EXPECTED / "week-2026-W47.md").read_text(encoding="utf-8")
    assert run("report", "week", "2026-W47").output == expected


def test_quarter_report_markdown_is_exact(run: Run, journal: None) -> None:
    expected = (EXPECTED / "quarter-2026-Q4.md").read_text(encoding="utf-8")
    assert run("report", "quarter", "2026-Q4").output == expected


def test_year_report_compares_the_quarters(run: Run, journal: None) -> None:
    out = run("report", "year").output
    assert out.startswith("# Year report · 2026\n\n3 of 46 weekly check-ins")  # since 5 Jan
    assert "| 2026-Q4 |       3/8 |    4 |      1 |      1 |       |            |       0 |" in out
    assert "| 2026-Q1 |      0/12 |    0 |      0 |      0 |       |            |         |" in out
    assert "| Publish one paper | open   |       |" in out


class Checker(HTMLParser):
    """Every element closed in order: the page is well formed."""

    VOID: ClassVar = {"meta", "br", "hr", "img", "input", "link", "rect", "line", "path"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v or "" for k, v in attrs if k in ("href", "src")]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v or "" for k, v in attrs if k in ("href", "src")]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, (self.stack[-3:], tag)
        self.stack.pop()


def html_report(run: Run, tmp_path: Path, *args: str) -> str:
    target = tmp_path / "report.html"
    result = run("report", *args, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {target}\n"
    assert target.stat().st_mode & 0o777 == 0o600
    return target.read_text(encoding="utf-8")


def test_html_report_is_well_formed_self_contained_and_has_charts(
    run: Run, journal: None, tmp_path: Path
) -> None:
    page = html_report(run, tmp_path, "quarter", "2026-Q4")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert checker.links == []  # nothing to fetch
    assert "<script" not in page and "@import" not in page
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)
    charts = re.findall(r"<svg .*?</svg>", page)
    assert len(charts) == 4  # goals per week, streak, minutes, causes
    for chart in charts:
        ET.fromstring(chart)  # each chart is well-formed SVG
    assert "Weekly goals: done, partly done, missed" in page
    assert (  # numbers right-aligned and never wrapped; the table written by punchin itself
        '<th scope="col" role="columnheader" class="num" style="text-align: right;">Minutes</th>'
        in page
    )


def test_html_shows_what_the_user_typed_rather_than_running_it(run: Run, tmp_path: Path) -> None:
    answers = {"accomplished": "<script>alert(1)</script> & <b>bold</b>", "mentor": "ok"}
    run("week", "--answers", "-", input=json.dumps(answers))
    page = html_report(run, tmp_path, "week")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_year_html_has_quarter_charts(run: Run, journal: None, tmp_path: Path) -> None:
    page = html_report(run, tmp_path, "year", "2026")
    assert "Weekly goals per quarter" in page and page.count("<svg ") == 4


def test_json_report_for_other_tools(run: Run, journal: None) -> None:
    data = json.loads(run("report", "quarter", "2026-Q4", "-f", "json").output)
    assert data["kind"] == "quarter" and data["period"] == "2026-Q4"
    assert data["summary"]["checkins"] == 3 and data["causes"]["laziness"] == 1
    assert [w["period"] for w in data["weeks"]][-1] == "2026-W47"  # W48 is not over yet


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_a_period_with_nothing_says_so(run: Run, fmt: str) -> None:
    out = run("report", "quarter", "2025-Q1", "-f", fmt).output
    if fmt == "json":
        assert json.loads(out)["empty"] is True
    else:  # in HTML the period's name is kept on one line: <span class="period">
        assert "Nothing is recorded for 2025-Q1." in re.sub(r"<[^>]+>", "", out)


def test_open_writes_a_private_file_and_opens_it(
    run: Run, journal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(click, "launch", lambda path, **_: opened.append(path) or 0)
    result = run("report", "week", "--open", "-f", "html")
    assert result.exit_code == 0
    assert len(opened) == 1 and opened[0].endswith("punchin-2026-W47.html")
    assert Path(opened[0]).stat().st_mode & 0o777 == 0o600


def test_reports_speak_chinese(run: Run, journal: None) -> None:
    out = run("--lang", "zh", "report", "quarter", "2026-Q4").output
    assert out.startswith("# 季度复盘 · 2026-Q4（2026-10-01 – 2026-12-31）")
    assert "| 懒       |      1 |        0 |" in out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium here (.ci/run installs it)")
def test_html_report_renders_in_a_real_browser(run: Run, journal: None, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    run("report", "quarter", "2026-Q4", "-f", "html", "-o", str(page))
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    assert CHROMIUM is not None
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert dom.stdout.count("<svg") == 4 and "Goals not fully done, by cause" in dom.stdout
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, *flags, "--window-size=900,1600", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert shot.stat().st_size > 20_000  # a page with tables and charts, not a blank one
