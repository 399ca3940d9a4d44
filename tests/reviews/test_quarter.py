"""The quarterly review, driven through the CLI over a whole quarter of weekly check-ins."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import LAZY, WALL, Run, check_in

AFTER_Q3 = "2026-10-05T21:00:00+00:00"  # the first Monday slot of Q4


def goal_id(output: str) -> str:
    match = re.search(r" ([0-9a-f]{7}) ", output)
    assert match, output
    return match[1]


@pytest.fixture
def quarter(run: Run, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """2026-Q3: two quarter goals and 13 weeks of two weekly goals each, with check-ins in
    11 of them; running is missed every other week (laziness), writing is partly done every
    fourth week (lack of ability); most commitments are broken."""
    monkeypatch.setenv("PUNCHIN_NOW", "2026-06-29T09:00:00+00:00")
    thesis = goal_id(run("goal", "add", "Finish the thesis draft", "--on", "2026-Q3").output)
    running = goal_id(run("goal", "add", "Run a half marathon", "--on", "2026-Q3").output)
    for number in range(27, 40):
        week = f"2026-W{number}"
        run("goal", "add", "Write 2,000 words", "--on", week, "--parent", thesis)
        run("goal", "add", "Run 3 times", "--on", week, "--parent", running)
        if number in (31, 35):
            continue
        writing = {"status": "done"}
        if number % 4 == 0:
            writing = {"status": "partly", "progress": "50%", **WALL, "remedy": "double"}
        runs = {"status": "done"}
        if number % 2 == 0:
            runs = {"status": "missed", **LAZY, "remedy": "partner"}
        check_in(
            run,
            week,
            {"Write 2,000 words": writing, "Run 3 times": runs},
            kept="yes" if number % 3 == 0 else "no",
        )
    monkeypatch.setenv("PUNCHIN_NOW", AFTER_Q3)
    return {"thesis": thesis, "running": running}


# Answers in the order `punchin quarter` asks them for the fixture's quarter.
QUARTER_ANSWERS = [
    "partly",  # thesis
    "0.8",  # score
    *("yes", "yes"),  # the time went in; someone good would have done it: ability
    "",  # accept the suggested cause
    "2",  # remedy: twice the time
    "",  # commitment: the draft
    "missed",  # half marathon
    "30%",  # score, as a percentage
    *("no", "no", "yes"),  # no time, nothing outside, still wanted: laziness
    "",
    "1",  # the study partner
    "",
    "Small weekly goals beat big plans.",  # lesson
    "roughly",  # the longer goal known?
    "yes",  # the direction still right?
    "carry",  # thesis: carry it over
    "drop",  # half marathon: drop it
    "Publish one paper",  # a new goal
    "",  # no more
    "Onward",  # closing
]


def test_the_quarter_is_re_read_before_any_question(run: Run, quarter: dict[str, str]) -> None:
    result = run("quarter", input="\n".join(QUARTER_ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Quarterly review · 2026-Q3 (2026-07-01 – 2026-09-30)" in out
    assert "Your quarter, re-read: 11 of 13 weekly check-ins." in out
    assert "  2026-W27  0 min · 2 done, 0 partly, 0 missed · 2026-W27: wrote and ran" in out
    assert "  2026-W31  no check-in" in out
    assert "missed: Run 3 times (laziness)" in out
    assert "partly: Write 2,000 words (lack of ability)" in out
    assert "Missed, by cause: laziness 6\n" in out  # partly done is not missed:
    assert "Partly done, by cause: lack of ability 3\n" in out
    assert "Run 3 times: missed 6, partly 0 · laziness 6" in out  # per line of work
    assert "Write 2,000 words: missed 0, partly 3 · lack of ability 3" in out
    assert "Check-ins: 11 of 13 weeks · longest streak 4" in out
    assert "Commitments kept: 3 of 7" in out  # the commitment of W39 falls in Q4
    assert "Get a study partner: in the library together every day" in out
    assert "chosen 6×" in out
    # the findings, in plain words
    assert "“Run 3 times” was missed in 6 weeks, every time for laziness." in out
    assert "Only 3 of 7 commitments were kept." in out
    assert out.index("Your quarter, re-read") < out.index("How did it end?")
    # the weekly goals serving each quarter goal, shown as it is closed
    assert "the weekly goals serving it: 8 done, 3 partly, 0 missed" in out
    assert "the weekly goals serving it: 5 done, 0 partly, 6 missed" in out


def test_scores_diagnoses_and_the_next_quarter(run: Run, quarter: dict[str, str]) -> None:
    result = run("quarter", input="\n".join(QUARTER_ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert "Quarterly review of 2026-Q3 saved: 0 done, 1 partly, 1 missed" in result.output
    assert "(average score 0.55); goals for 2026-Q4: 2;" in result.output
    q3 = json.loads(run("goal", "list", "--on", "2026-Q3", "--json").output)
    assert {g["title"]: (g["status"], g["progress"]) for g in q3} == {
        "Finish the thesis draft": ("partly", 0.8),
        "Run a half marathon": ("missed", 0.3),
    }
    q4 = json.loads(run("goal", "list", "--on", "2026-Q4", "--json").output)
    assert {g["title"] for g in q4} == {"Finish the thesis draft", "Publish one paper"}
    carried = next(g for g in q4 if g["title"] == "Finish the thesis draft")
    assert carried["carried_from"].startswith(quarter["thesis"])
    shown = run("show", "2026-Q4").output
    assert "Publish one paper" in shown and "Run a half marathon" not in shown
    due = run("due").output
    assert "quarterly review" not in due


def test_an_interrupted_quarterly_review_resumes(run: Run, quarter: dict[str, str]) -> None:
    stopped = run("quarter", input="partly\n0.8\n")
    assert stopped.exit_code == 130
    assert "2 answers for 2026-Q3 are saved; run `punchin quarter --on 2026-Q3`" in stopped.stderr
    assert "is half done: run `punchin quarter` to finish it" in run("due").output
    resumed = run("quarter", input="y\n" + "\n".join(QUARTER_ANSWERS[2:]) + "\n")
    assert resumed.exit_code == 0, resumed.output
    assert "Picking up the quarterly review of 2026-Q3" in resumed.output
    assert "Your quarter, re-read" not in resumed.output  # already read before the stop
    assert "average score 0.55" in resumed.output


def test_due_names_the_quarterly_review_from_the_first_monday(
    run: Run, quarter: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2026-10-05T20:00:00+00:00")  # before the slot
    assert "quarterly" not in run("due").output
    monkeypatch.setenv("PUNCHIN_NOW", AFTER_Q3)
    lines = run("due").output.splitlines()
    assert lines[0] == "quarterly review of 2026-Q3 is due: run `punchin quarter`"
    monkeypatch.setenv("PUNCHIN_NOW", "2026-10-13T21:00:00+00:00")
    assert "quarterly review of 2026-Q3 is 8 days overdue" in run("due").output
    data = json.loads(run("due", "--json").output)
    assert data[0]["kind"] == "quarter" and data[0]["state"] == "overdue"


def test_no_quarterly_review_for_a_quarter_before_the_journal(run: Run) -> None:
    run("goal", "add", "First goal")  # the journal starts in 2026-W48 (Q4)
    assert "quarterly" not in run("due").output


def test_a_repeating_cause_and_a_goal_carried_twice(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2026-01-05T09:00:00+00:00")
    run("goal", "add", "Learn Rust", "--on", "2026-Q1")
    for quarter, week, after in (
        ("2026-Q1", "2026-W05", "2026-04-06T21:00:00+00:00"),
        ("2026-Q2", "2026-W18", "2026-07-06T21:00:00+00:00"),
        ("2026-Q3", "2026-W31", "2026-10-05T21:00:00+00:00"),
    ):
        run("goal", "add", "Read the book", "--on", week)
        check_in(run, week, {"Read the book": {"status": "missed", **LAZY, "remedy": "partner"}})
        monkeypatch.setenv("PUNCHIN_NOW", after)
        template = json.loads(run("quarter", "--answers-template").output)
        assert template["period"] == quarter
        for goal in template["goals"].values():
            goal.update(status="missed", score="0.2", **LAZY, remedy="schedule")
        template.update(lesson="Not yet", goal_known="no", direction_right="unsure")
        for commitment in template.get("commitments", {}).values():
            commitment["kept"] = "no"
        if quarter == "2026-Q3":
            review = run("quarter", input="\n".join(["missed", "0.1", *LAZY.values()]) + "\n")
            break
        answers = tmp_path / f"{quarter}.json"
        answers.write_text(json.dumps(template), encoding="utf-8")
        done = run("quarter", "--answers", str(answers))
        assert done.exit_code == 0, done.output
    out = review.output
    assert "Laziness has been the main cause of misses 3 quarters running." in out
    assert "“Learn Rust” has been carried over 2 times." in out


def test_quarter_answers_file_errors_write_nothing(run: Run, quarter: dict[str, str]) -> None:
    template = json.loads(run("quarter", "--answers-template").output)
    for goal in template["goals"].values():
        goal["status"] = "missed"
        goal["score"] = "1.7"
    result = run("quarter", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 1
    assert "is '1.7': 170% is more than done; write 1.0 at most, or 17%" in result.stderr
    assert json.loads(run("log", "--json", "-n", "1").output)[0]["kind"] == "week"
