"""The mentor remembers: a year ago at the opening of a check-in and of a quarterly review,
and the motivation last written down before every choice (paths --assess, the yearly
decision, the quarter's plan). Each is asserted as a person sees it at the terminal."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import LAZY, Run, check_in

from punchin.reports.wrapping import display_width

LONG_WEEK = "Shipped the parser to the lab\nand wrote " + "the long report " * 10


def answered(run: Run, *command: str, **answers: object) -> None:
    """A review from an answers file: its template, filled with `answers`."""
    template = json.loads(run(*command, "--answers-template").output)
    template.update(answers)
    result = run(*command, "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0, result.output


def opening(run: Run, *command: str) -> str:
    """What a review shows before its first answer (the person then stops it)."""
    result = run(*command, input="")
    assert result.exit_code == 130, result.output
    return result.output


def year_ago_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("A year ago"))


# -- a year ago ---------------------------------------------------------------------------------


@pytest.fixture
def last_week_checked(run: Run) -> None:
    """The week before 2026-W47 has its check-in, so that nothing else opens the next one."""
    check_in(run, "2026-W46", {})


def test_the_check_in_opens_with_what_got_done_a_year_ago(
    run: Run, last_week_checked: None
) -> None:
    answered(run, "week", "--on", "2025-W47", accomplished=LONG_WEEK, mentor="Fine")
    out = opening(run, "week", "--on", "2026-W47")
    line = year_ago_line(out)
    # one line: the line break run together, the rest cut to the terminal
    assert line.startswith("A year ago, in 2025-W47: Shipped the parser to the lab and wrote the")
    assert line.endswith("…") and display_width(line) <= 76
    assert out.index("Weekly check-in · 2026-W47") < out.index(line)
    assert out.index(line) < out.index("What did you actually get done this week?")


def test_no_year_ago_line_without_last_years_check_in(run: Run, last_week_checked: None) -> None:
    answered(run, "week", "--on", "2025-W46", accomplished="Another week", mentor="Fine")
    out = opening(run, "week", "--on", "2026-W47")
    assert "Weekly check-in · 2026-W47" in out
    assert "A year ago" not in out


def test_failing_what_got_done_the_commitment_made_a_year_ago(
    run: Run, journal_file: Path, last_week_checked: None
) -> None:
    """A check-in of a year ago that holds no account of the week (an older journal's, say)
    still gives the commitment made at it."""
    run("goal", "add", "Read 20 pages a day", "--on", "2025-W47")
    template = json.loads(run("week", "--on", "2025-W47", "--answers-template").output)
    (goal,) = template["goals"].values()
    goal.update(status="missed", **LAZY, remedy="own", commitment="Read with Ana at 7 every day")
    template.update(accomplished="Little", mentor="Be strict")
    done = run("week", "--on", "2025-W47", "--answers", "-", input=json.dumps(template))
    assert done.exit_code == 0, done.output
    with sqlite3.connect(journal_file) as conn:
        conn.execute("DELETE FROM answers WHERE key = 'accomplished'")
    out = opening(run, "week", "--on", "2026-W47")
    assert "A year ago, in 2025-W47, you committed: Read with Ana at 7 every day" in out


def test_the_year_ago_line_is_not_repeated_on_resume(run: Run, last_week_checked: None) -> None:
    answered(run, "week", "--on", "2025-W47", accomplished="Wrote the grant", mentor="Fine")
    first = run("week", "--on", "2026-W47", input="Drafted section 2\n")
    assert first.exit_code == 130
    assert "A year ago, in 2025-W47: Wrote the grant" in first.output
    resumed = run("week", "--on", "2026-W47", input="y\nOk\n\n\n")
    assert resumed.exit_code == 0, resumed.output
    assert "A year ago" not in resumed.output


def test_a_53rd_week_has_no_year_ago(run: Run) -> None:
    """2026 has no week 53: the check-in of 2026-W53 (2026-12-28 – 2027-01-03) would look
    for none; 2020-W53 → 2019 has none either."""
    answered(run, "week", "--on", "2019-W52", accomplished="Closed the year", mentor="Fine")
    out = opening(run, "week", "--on", "2020-W53")
    assert "Weekly check-in · 2020-W53" in out and "A year ago" not in out


def test_the_year_ago_line_in_chinese(run: Run, last_week_checked: None) -> None:
    answered(run, "week", "--on", "2025-W47", accomplished="交了基金申请书", mentor="好")
    out = opening(run, "--lang", "zh", "week", "--on", "2026-W47")
    assert "一年前的这一周（2025-W47），你做成了：交了基金申请书" in out


def test_the_quarterly_review_opens_with_last_years_lesson(run: Run) -> None:
    lesson = "Small weekly goals beat big plans;\nsay no to a second project"
    answered(
        run, "quarter", "--on", "2025-Q3", lesson=lesson, goal_known="yes", direction_right="yes"
    )
    answered(
        run,
        "quarter",
        "--on",
        "2025-Q2",
        lesson="Another quarter",
        goal_known="yes",
        direction_right="yes",
    )
    out = opening(run, "quarter", "--on", "2026-Q3")
    line = year_ago_line(out)
    assert line.startswith("A year ago, 2025-Q3 taught you: Small weekly goals beat big plans; say")
    assert line.endswith("…") and display_width(line) <= 76
    assert out.index("Quarterly review · 2026-Q3") < out.index(line)
    assert out.index(line) < out.index("Your quarter, re-read")
    assert "Another quarter" not in out
    assert "A year ago" not in opening(run, "quarter", "--on", "2026-Q1")


# -- back to your motivation at every choice ----------------------------------------------------


VALUE_QUESTION = "The problem you most want to solve (it may be your motivation itself)"
RECALL = "Every time you choose, go back to your motivation. What you last wrote:"
MOTIVATION = "Build reliable systems that others depend on, and keep them running for years"


@pytest.fixture
def five_year_check(run: Run) -> None:
    """The five-year check of 2021-2025, the one before the journal's first window."""
    answered(
        run,
        "five-year",
        "--on",
        "2021-2025",
        behind="fear",
        fear="Being stuck and useless",
        positive=MOTIVATION,
        escape="no",
        problem="Make ML systems fail safely",
        value="academic",
    )


FIVE_YEAR_LINES = [
    RECALL,
    "  At the five-year check of 2021-2025:",
    "    your motivation: Build reliable systems that others depend on, and keep…",
    "    the problem to solve: Make ML systems fail safely",
    "    its value: academic: new knowledge",
]


def test_paths_assess_opens_with_the_motivation_and_starts_from_its_value(
    run: Run, five_year_check: None
) -> None:
    answers = ["", "years", "partly", "yes", "no", "yes", "depth", "machine"]
    result = run("paths", "--assess", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "\n".join(FIVE_YEAR_LINES) in out
    assert "The value question starts from your answer then: press Enter to keep it." in out
    assert out.index(FIVE_YEAR_LINES[-1]) < out.index(VALUE_QUESTION)
    assert "> [academic: it would add to what is known]" in out  # offered, taken with Enter
    assert "your problem has academic value: the talk says you can consider a PhD" in out
    entry = next(e for e in json.loads(run("log", "--json").output) if e["kind"] == "paths")
    assert entry["answers"]["value"] == "academic"


def test_an_answers_file_that_leaves_the_value_out_takes_the_five_year_one(
    run: Run, five_year_check: None
) -> None:
    answers = {"feedback": "years", "align": "partly", "research": "yes", "venture": "no"}
    answers |= {"hours": "yes", "gain": "depth", "cost": "machine"}
    result = run("paths", "--assess", "--answers", "-", input=json.dumps(answers))
    assert result.exit_code == 0, result.output
    assert "your problem has academic value" in result.output


def test_paths_assess_without_a_five_year_check_asks_blind(run: Run) -> None:
    out = opening(run, "paths", "--assess")
    assert VALUE_QUESTION in out
    assert "go back to your motivation" not in out and "starts from your answer" not in out
    assert "> [" not in out  # no answer offered


def test_a_five_year_value_the_assessment_does_not_offer_is_not_its_default(
    run: Run, five_year_check: None, journal_file: Path
) -> None:
    with sqlite3.connect(journal_file) as conn:
        conn.execute("UPDATE answers SET value = 'fame' WHERE key = 'value'")
    out = opening(run, "paths", "--assess")
    assert "its value: fame" in out  # said as it was written
    assert "starts from your answer" not in out and "> [" not in out


def test_the_yearly_decision_is_made_beside_the_motivation(
    run: Run, five_year_check: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2027-01-04T21:00:00+00:00")
    first = run("year", input="no\nno\ntiming\n")
    assert first.exit_code == 130
    out = first.output
    assert "\n".join(FIVE_YEAR_LINES) in out
    assert out.index("Was the timing not yet ripe") < out.index(RECALL)
    assert out.index(RECALL) < out.index("So for next year:")
    assert "At the yearly check" not in out  # the check being made is not its own past
    answered(
        run,
        "year",
        "--on",
        "2026",
        happy="no",
        progress="some",
        verdict="timing",
        decision="push",
        action="Apply again",
        motivation="Curiosity",
    )
    monkeypatch.setenv("PUNCHIN_NOW", "2028-01-03T21:00:00+00:00")
    later = run("year", input="yes\nyes\n")
    assert later.exit_code == 130
    assert (
        "    its value: academic: new knowledge\n"
        "  At the yearly check of 2026: the timing was not ripe\n"
        "    you chose: keep the direction and keep working at it\n"
        "    your motivation for the year: Curiosity\n"  # the newest word on it, too
    ) in later.output


def test_no_motivation_recall_at_the_yearly_decision_without_a_five_year_check(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2027-01-04T21:00:00+00:00")
    out = run("year", input="yes\nyes\n").output
    assert "So for next year:" in out and "go back to your motivation" not in out


def test_the_quarter_is_planned_beside_the_motivation(run: Run, five_year_check: None) -> None:
    result = run("quarter", "--on", "2026-Q3", input="Less is more\nyes\nyes\n")
    assert result.exit_code == 130
    out = result.output
    assert "\n".join(FIVE_YEAR_LINES) in out
    assert out.index("Is the direction you chose still the right one?") < out.index(RECALL)
    assert out.index(RECALL) < out.index("New goals for 2026-Q4")


def test_no_motivation_recall_before_the_quarter_plan_without_one(run: Run) -> None:
    out = run("quarter", "--on", "2026-Q3", input="Less is more\nyes\nyes\n").output
    assert "New goals for 2026-Q4" in out and "go back to your motivation" not in out


def test_the_motivation_recalled_in_chinese(run: Run, five_year_check: None) -> None:
    out = opening(run, "--lang", "zh", "paths", "--assess")
    assert "每次做选择，都回到自己的动机上来。你上次写下的：" in out
    assert "  2021-2025 的五年检查：" in out
    assert "    要解决的问题：Make ML systems fail safely" in out
    assert "    它的价值：学术价值：能增加人们的知识" in out
    assert "价值那一题先填上你当时的回答：按回车保留，或者重新选。" in out
