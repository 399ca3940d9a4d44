"""Reports you can hand on (`report --share`): the results, goals, scores, plans and outside
blockers are there; not one word of the private review is.

Every private field of the journal is written with a marker of its own (PRIVATE-...), and
every shared rendering (Markdown, HTML, JSON, in English and Chinese) is searched for them.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from test_report_layout import CHROMIUM, chromium, with_probe

PRIVATE = [
    "PRIVATE-WHY",
    "PRIVATE-LAZY-COMMITMENT",
    "PRIVATE-MOTIVATION-COMMITMENT",
    "PRIVATE-MENTOR",
    "PRIVATE-CLOSING",
    "PRIVATE-SECRET-GOAL",
    "PRIVATE-SECRET-CHILD",
    "PRIVATE-NOTE",
    "PRIVATE-LESSON",
    "PRIVATE-QUARTER-CLOSING",
    "PRIVATE-EVENTS-COMMITMENT",
]
SHARED = ["SHARED-RESULTS", "SHARED-FLU", "Write chapter 2", "Finish the thesis draft"]
CAUSE_WORDS = {
    "en": ["laziness", "lack of ability", "motivation mismatch", "mentor", "commitment"],
    "zh": ["懒", "笨", "动机不对", "导师", "承诺"],
}


def fill(run: Run, command: str, on: str) -> dict[str, Any]:
    result = run(command, "--on", on, "--answers-template")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def answer(run: Run, command: str, on: str, data: dict[str, Any]) -> None:
    result = run(command, "--on", on, "--answers", "-", input=json.dumps(data))
    assert result.exit_code == 0, result.output


def goal_id(run: Run, title: str) -> str:
    goals = json.loads(run("goal", "list", "--all", "--json").output)
    found: str = next(g["id"] for g in goals if g["title"] == title)
    return found


@pytest.fixture
def journal(run: Run) -> None:
    """2026-W47 with a laziness miss, a motivation miss, an outside-events miss with a
    note, a done goal, a mentor's view, a private goal (with a goal under it) and a note;
    then the quarter reviewed with a lesson and a score."""
    run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4", "--why", "PRIVATE-WHY")
    thesis = goal_id(run, "Finish the thesis draft")[:7]
    for title in ("Write chapter 2", "Run 3 times", "Call the archive", "Learn Rust"):
        run("goal", "add", title, "--on", "2026-W47", "--parent", thesis)
    run("goal", "add", "PRIVATE-SECRET-GOAL", "--on", "2026-Q4", "--private")
    secret = goal_id(run, "PRIVATE-SECRET-GOAL")[:7]
    run("goal", "add", "PRIVATE-SECRET-CHILD", "--on", "2026-W47", "--parent", secret)
    run("note", "add", "PRIVATE-NOTE about the advisor")
    week = fill(run, "week", "2026-W47")
    week.update(accomplished="SHARED-RESULTS: sent chapter 2", mentor="PRIVATE-MENTOR")
    week["closing"] = "PRIVATE-CLOSING"
    goals = {g["_title"]: g for g in week["goals"].values()}
    goals["Write chapter 2"]["status"] = "done"
    goals["PRIVATE-SECRET-CHILD"]["status"] = "done"
    goals["Run 3 times"].update(
        status="missed",
        planned_time="no",
        outside="no",
        still_want="yes",
        remedy="schedule",
        commitment="PRIVATE-LAZY-COMMITMENT",
    )
    goals["Learn Rust"].update(
        status="missed",
        planned_time="no",
        outside="no",
        still_want="no",
        remedy="reexamine",
        commitment="PRIVATE-MOTIVATION-COMMITMENT",
    )
    goals["Call the archive"].update(
        status="partly",
        progress="40%",
        planned_time="partly",
        outside="yes",
        time_impossible="yes",
        other_kind="events",
        other_note="SHARED-FLU: the archive was closed",
        remedy="replan",
        commitment="PRIVATE-EVENTS-COMMITMENT",
    )
    week["plan"] = {gid: {**plan, "action": "drop"} for gid, plan in week["plan"].items()}
    week["next"] = [{"title": "Write chapter 3", "parent": ""}]
    answer(run, "week", "2026-W47", week)


def renderings(run: Run, tmp_path: Path, *args: str) -> dict[str, str]:
    """The shared report in every format and language, as files a person would hand on."""
    found = {}
    for language in ("en", "zh"):
        for fmt in ("md", "html", "json"):
            target = tmp_path / f"{language}.{fmt}"
            result = run(
                "--lang", language, "report", *args, "--share", "-f", fmt, "-o", str(target)
            )
            assert result.exit_code == 0, result.output
            found[f"{language}.{fmt}"] = target.read_text(encoding="utf-8")
    return found


def assert_private_kept(documents: dict[str, str]) -> None:
    for name, text in documents.items():
        for marker in PRIVATE:
            assert marker not in text, (name, marker)
        language = name.split(".")[0]
        if not name.endswith(".json"):
            for word in CAUSE_WORDS[language]:
                assert word not in text.casefold(), (name, word)


def test_a_shared_week_has_results_goals_and_outside_blockers_and_nothing_private(
    run: Run, journal: None, tmp_path: Path
) -> None:
    documents = renderings(run, tmp_path, "week", "2026-W47")
    assert_private_kept(documents)
    for name, text in documents.items():
        for marker in SHARED:
            assert marker in text, (name, marker)
    english = documents["en.md"]
    assert "# Weekly update · 2026-W47" in english
    assert "_A shared summary from a private journal" in english
    assert "| Call the archive | partly |      40% | Finish the thesis draft |" in english
    assert "2026-W47 · Call the archive: an outside event: SHARED-FLU" in english
    assert "- Write chapter 3" in english  # what comes next
    chinese = documents["zh.md"]
    assert "# 每周进展 · 2026-W47" in chinese and "来自外部的阻碍" in chinese
    data = json.loads(documents["en.json"])
    assert data["shared"] is True
    assert {g["title"] for g in data["goals"]} == {
        "Write chapter 2",
        "Run 3 times",
        "Call the archive",
        "Learn Rust",
    }
    assert data["blockers"] == [
        {
            "week": "2026-W47",
            "goal": "Call the archive",
            "kind": "events",
            "note": "SHARED-FLU: the archive was closed",
        }
    ]
    assert "cause" not in json.dumps(data) and "remedy" not in json.dumps(data)


def test_a_shared_quarter_has_its_scores_and_weeks_and_nothing_private(
    run: Run, journal: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2027-01-04T21:00:00+00:00")  # the quarter has ended
    quarter = fill(run, "quarter", "2026-Q4")
    goals = {g["_title"]: g for g in quarter["goals"].values()}
    goals["Finish the thesis draft"].update(
        status="partly", score="0.6", planned_time="yes", skill_wall="yes", remedy="double"
    )
    goals["Finish the thesis draft"]["commitment"] = "PRIVATE-LAZY-COMMITMENT too"
    goals["PRIVATE-SECRET-GOAL"]["status"] = "done"
    quarter.update(lesson="PRIVATE-LESSON", closing="PRIVATE-QUARTER-CLOSING")
    quarter.update(goal_known="yes", direction_right="yes")
    quarter["plan"] = {gid: {**plan, "action": "drop"} for gid, plan in quarter["plan"].items()}
    answer(run, "quarter", "2026-Q4", quarter)
    documents = renderings(run, tmp_path, "quarter", "2026-Q4")
    assert_private_kept(documents)
    english = documents["en.md"]
    assert "| Finish the thesis draft | partly |  0.60 |" in english
    assert "| 2026-W47 |    1 |      1 |      2 | SHARED-RESULTS: sent chapter 2 |" in english
    assert "SHARED-FLU" in english
    page = documents["en.html"]
    assert '<p class="shared-note"><small>A shared summary' in page
    assert "<script" not in page
    assert not re.search(r"(src|href)\s*=\s*[\"']?https?:", page)  # nothing fetched


def test_a_private_goal_and_everything_under_it_stay_out(
    run: Run, journal: None, tmp_path: Path
) -> None:
    shown = run("goal", "list", "--on", "2026-Q4").output
    assert "PRIVATE-SECRET-GOAL 🔒" in shown
    secret = goal_id(run, "PRIVATE-SECRET-GOAL")
    assert run("goal", "edit", secret[:7], "--not-private").exit_code == 0
    documents = renderings(run, tmp_path, "week", "2026-W47")
    assert "PRIVATE-SECRET-CHILD" in documents["en.md"]  # let in again, with what is under it
    assert run("goal", "edit", secret[:7], "--private").exit_code == 0
    assert "PRIVATE-SECRET-CHILD" not in run("report", "week", "2026-W47", "--share").output


def test_results_for_a_self_review_grouped_by_goal_with_dates(
    run: Run, journal: None, tmp_path: Path
) -> None:
    run("goal", "add", "Graduate", "--on", "2026")
    graduate = goal_id(run, "Graduate")[:7]
    thesis = goal_id(run, "Finish the thesis draft")[:7]
    assert run("goal", "edit", thesis, "--parent", graduate).exit_code == 0
    documents = renderings(run, tmp_path, "year", "2026", "--wins")
    assert_private_kept(documents)
    english = documents["en.md"]
    assert "# Results, 2026-01-01 – 2026-12-31" in english
    assert "## Graduate (2026) · open · –" in english
    assert "### Finish the thesis draft (2026-Q4) · open · –" in english
    assert "- Write chapter 2 · 2026-W47 (to 2026-11-22) · done" in english
    assert "- Call the archive · 2026-W47 (to 2026-11-22) · partly, 40%" in english
    assert "- 2026-W47: SHARED-RESULTS: sent chapter 2" in english
    ranged = run(
        "report", "year", "--share", "--wins", "--since", "2026-12-01", "--until", "2026-12-31"
    ).output
    assert "No results are recorded between these dates." in ranged


def test_the_name_on_a_shared_report_comes_from_the_settings(
    run: Run, journal: None, home: Path
) -> None:
    settings = home / "settings.toml"
    settings.write_text('language = "en"\nshare_name = "Ada Lovelace"\n', encoding="utf-8")
    assert (
        "From Ada Lovelace · 2026-11-16 – 2026-11-22"
        in run("report", "week", "2026-W47", "--share").output
    )


def test_wins_without_share_is_one_clear_line(run: Run) -> None:
    result = run("report", "year", "2026", "--wins")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: --wins, --since and --until make a shared report: add --share"
    )


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium here (.ci/run installs it)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_shared_page_lays_out_in_a_browser(
    run: Run, journal: None, tmp_path: Path, lang: str
) -> None:
    page_file = tmp_path / f"shared-{lang}.html"
    result = run("--lang", lang, "report", "quarter", "2026-Q4", "--share", "-f", "html")
    assert result.exit_code == 0
    page_file.write_text(result.output, encoding="utf-8")
    probed = tmp_path / f"probed-{lang}.html"
    probed.write_text(with_probe(result.output), encoding="utf-8")
    for width in (900, 420):
        dom = chromium(tmp_path, f"--window-size={width},2000", "--dump-dom", probed.as_uri())
        assert dom.count("<svg") == 1  # the weeks, drawn
        layout = json.loads(html.unescape(re.findall(r'data-layout="([^"]*)"', dom)[0]))
        assert layout["split"] == [], (width, layout)
        assert layout["broken"] == [], (width, layout)
        assert layout["overflow"] <= 0, (width, layout)
    shot = tmp_path / f"shared-{lang}.png"
    chromium(tmp_path, "--window-size=900,1400", f"--screenshot={shot}", page_file.as_uri())
    assert shot.stat().st_size > 15_000  # a page with its tables and chart, not a blank one


def test_markdown_and_html_in_the_persons_words_stay_words_on_the_shared_page(
    run: Run, home: Path
) -> None:
    run("goal", "add", "![pixel](https://evil.example/track.png)", "--on", "2026-W47")
    week = fill(run, "week", "2026-W47")
    week["accomplished"] = (
        "line1 ![img](https://evil.example/a.png)\n# Big heading\n"
        "[link](javascript:alert(5))\n<img src=x onerror=alert(1)>"
    )
    week["mentor"] = "x"
    for goal in week["goals"].values():
        goal["status"] = "done"
    answer(run, "week", "2026-W47", week)
    (home / "settings.toml").write_text(
        'share_name = "x [x](javascript:alert(1)) *Lovelace*"\n', encoding="utf-8"
    )
    page = run("report", "week", "2026-W47", "--share", "-f", "html").output
    assert "<img" not in page and "<h1>Big heading" not in page
    assert "href=" not in page and "<em>" not in page
    assert "![pixel](https://evil.example/track.png)" in page  # shown as written
    assert "# Big heading" in page and "[link](javascript:alert(5))" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_an_unfinished_check_in_is_not_handed_on_as_the_weeks_account(run: Run) -> None:
    run("week", "--on", "2026-W47", input="DRAFT-ACCOUNT\n")  # stopped after one answer
    shown = run("report", "week", "2026-W47", "--share").output
    assert "DRAFT-ACCOUNT" not in shown
    assert "The check-in for 2026-W47 is not finished yet" in shown
    assert "DRAFT-ACCOUNT" not in run("report", "quarter", "2026-Q4", "--share").output
    assert "DRAFT-ACCOUNT" not in run("report", "year", "2026", "--share", "--wins").output


def test_the_range_of_results_is_checked_and_said_with_its_dates(run: Run) -> None:
    backwards = run("report", "year", "2026", "--share", "--wins", "--until", "2025-12-01")
    assert backwards.exit_code == 2
    assert backwards.output.strip() == (
        "Error: the range ends (2025-12-01) before it begins (2026-01-01)"
    )
    empty = run("report", "year", "2026", "--share", "--wins", "--since", "")
    assert empty.exit_code == 2 and "--since is empty" in empty.output


def test_results_are_those_that_end_inside_the_range(run: Run, journal: None) -> None:
    inside = run(
        "report", "year", "--share", "--wins", "--since", "2026-11-16", "--until", "2026-11-22"
    ).output
    assert "Write chapter 2 · 2026-W47 (to 2026-11-22) · done" in inside
    before_its_sunday = run(
        "report", "year", "--share", "--wins", "--since", "2026-11-10", "--until", "2026-11-21"
    ).output
    assert "Write chapter 2" not in before_its_sunday


def test_a_share_name_with_invisible_characters_is_refused_plainly(run: Run, home: Path) -> None:
    (home / "settings.toml").write_text('share_name = "Ada\\u202eBell"\n', encoding="utf-8")
    result = run("report", "week", "--share")
    assert result.exit_code != 0
    assert "share_name cannot hold control or invisible characters" in result.output


def test_letting_in_a_goal_still_under_a_private_one_says_so(run: Run) -> None:
    run("goal", "add", "Secret plan", "--on", "2026-Q4", "--private")
    plan = goal_id(run, "Secret plan")[:7]
    run("goal", "add", "Step one", "--on", "2026-W47", "--parent", plan)
    step = goal_id(run, "Step one")[:7]
    said = run("goal", "edit", step, "--not-private").output
    assert f"{step} is still kept out of shared reports" in said
