"""The yearly and five-yearly motivation checks, driven through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LAZY, Run, check_in

NEW_YEAR = "2027-01-04T21:00:00+00:00"  # the first Monday slot of 2027


@pytest.fixture
def year_2026(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A year goal and a few weeks of check-ins in 2026, one miss out of laziness."""
    run("goal", "add", "Submit two papers", "--on", "2026")
    for week, status in (("2026-W10", "done"), ("2026-W11", "missed"), ("2026-W30", "done")):
        run("goal", "add", "Write", "--on", week)
        outcome = {"status": status} if status == "done" else {"status": status, **LAZY}
        check_in(run, week, {"Write": {**outcome, "remedy": "partner"}})
    monkeypatch.setenv("PUNCHIN_NOW", NEW_YEAR)


YEAR_ANSWERS = [
    "partly",  # Submit two papers
    "0.5",  # its score
    "mixed",  # happy?
    "no",  # progress?
    "motivation",  # which was it? the motivation was not right
    "",  # decision: the suggested "change"
    "Stop chasing paper counts",  # what exactly
    "Build one system people use",  # the new direction
    "Papers were never what I wanted; systems are",  # the change of motivation behind it
    "To make things that last",  # motivation
    "Ship version 1",  # a goal for 2027
    "",  # no more
    "",  # closing
]


def test_the_yearly_check_records_the_verdict_and_the_decision(run: Run, year_2026: None) -> None:
    result = run("year", input="\n".join(YEAR_ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Yearly check · 2026 (2026-01-01 – 2026-12-31)" in out
    assert "Weekly check-ins: 3 of 52" in out and "Missed, by cause: laziness 1" in out
    assert "2026-Q1: 2 check-ins, 1 done, 1 missed; mostly laziness" in out
    assert "The method's answer: if the motivation was not right, re-examine it" in out
    assert "What is the new direction?" in out
    assert "What changed in your motivation" in out
    assert "You are changing direction without" not in out  # it did come from motivation
    assert (
        "Yearly check of 2026 saved: re-examine my motivation and change the direction of my "
        "effort; goals for 2027: 1"
    ) in out
    entries = json.loads(run("log", "--json").output)
    entry = next(e for e in entries if e["kind"] == "year")
    assert entry["period"] == "2026"
    answers = entry["answers"]
    assert answers["verdict"] == "motivation" and answers["decision"] == "change"
    assert answers["direction"] == "Build one system people use"
    assert "2026       year     done" in run("log").output
    goals = json.loads(run("goal", "list", "--on", "2026", "--json").output)
    assert goals[0]["status"] == "partly" and goals[0]["progress"] == 0.5
    assert json.loads(run("goal", "list", "--on", "2027", "--json").output)[0]["title"] == (
        "Ship version 1"
    )


def test_a_happy_year_with_progress_is_not_asked_why(run: Run, year_2026: None) -> None:
    answers = ["done", "yes", "yes", "", "Keep the same rhythm", "Curiosity", "", ""]
    result = run("year", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "A happy year with progress" in result.output
    assert "Was the timing not yet ripe" not in result.output
    assert "keep the direction and keep working at it" in result.output


def test_a_year_whose_timing_was_not_ripe_keeps_going(run: Run, year_2026: None) -> None:
    """The talk: if it was the timing, keep working at it (the direction stays)."""
    answers = ["partly", "0.4", "no", "some", "timing", "", "Apply again in spring", "Curiosity"]
    result = run("year", input="\n".join([*answers, "", ""]) + "\n")
    assert result.exit_code == 0, result.output
    assert "if the timing was not ripe, keep working at it" in result.output
    assert "saved: keep the direction and keep working at it" in result.output
    assert "What is the new direction?" not in result.output


def test_a_change_of_direction_without_a_change_of_motivation_is_questioned(
    run: Run, year_2026: None
) -> None:
    """The punch-in-life risk: a direction changed at a check where the motivation was not
    found wrong is asked to name the change of motivation it comes from."""
    answers = ["partly", "0.4", "no", "no", "timing", "change", "Try product work"]
    answers += ["Product management", "Honestly, nothing changed", "Curiosity", "", ""]
    result = run("year", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "You are changing direction without having found your motivation wrong" in result.output
    assert "“punch-in life”" in result.output
    entry = next(e for e in json.loads(run("log", "--json").output) if e["kind"] == "year")
    assert entry["answers"]["change_reason"] == "Honestly, nothing changed"


def test_an_interrupted_yearly_check_resumes(run: Run, year_2026: None) -> None:
    stopped = run("year", input="\n".join(YEAR_ANSWERS[:4]) + "\n")
    assert stopped.exit_code == 130
    assert "4 answers for 2026 are saved; run `punchin year --on 2026`" in stopped.stderr
    assert "yearly check of 2026 is half done" in run("due").output
    resumed = run("year", input="y\n" + "\n".join(YEAR_ANSWERS[4:]) + "\n")
    assert resumed.exit_code == 0, resumed.output
    assert "Looking back as an onlooker would" not in resumed.output
    assert "change the direction of my effort" in resumed.output


def test_due_names_the_yearly_check_from_the_first_week(
    run: Run, year_2026: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2027-01-04T09:00:00+00:00")  # before the slot
    assert "yearly check" not in run("due").output
    monkeypatch.setenv("PUNCHIN_NOW", NEW_YEAR)
    assert "yearly check of 2026 is due: run `punchin year`" in run("due").output
    monkeypatch.setenv("PUNCHIN_NOW", "2027-01-20T21:00:00+00:00")
    assert "yearly check of 2026 is 16 days overdue" in run("due").output


def yearly_check(run: Run, year: str, verdict: str, motivation: str, tmp_path: Path) -> None:
    """A yearly check from an answers file."""
    template = json.loads(run("year", "--on", year, "--answers-template").output)
    template.update(
        happy="no",
        progress="some",
        verdict=verdict,
        decision="change" if verdict == "motivation" else "push",
        action="Act",
        direction="Elsewhere",
        change_reason="It was never mine",
        motivation=motivation,
    )
    for goal in template["goals"].values():
        goal.update(status="done")
    path = tmp_path / f"{year}.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    result = run("year", "--on", year, "--answers", str(path))
    assert result.exit_code == 0, result.output


FIVE_ANSWERS = [
    "The year I gave up the lab job",  # onlooker (optional)
    "both",  # behind it
    "To be respected for real work",  # desire
    "Being stuck and useless",  # fear
    "Build reliable systems others depend on",  # positive motivation
    "partly",  # running away?
    "Make ML systems fail safely",  # problem
    "academic",  # its value
]


def test_five_year_checks_are_compared_side_by_side(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = run("five-year", input="\n".join([*FIVE_ANSWERS, "Finish the PhD", "", ""]) + "\n")
    assert first.exit_code == 0, first.output
    assert "Five-year check · looking back on 2021-2025, planning 2026-2030" in first.output
    assert "this is your first five-year check" in first.output
    assert "The method's warning: running away from a fear" in first.output
    assert "the method says you can consider a PhD" in first.output
    assert "what changed" not in first.output.lower()
    assert json.loads(run("goal", "list", "--on", "2026-2030", "--json").output)[0]["title"] == (
        "Finish the PhD"
    )
    for year, verdict in (("2026", "timing"), ("2027", "timing"), ("2028", "motivation")):
        monkeypatch.setenv("PUNCHIN_NOW", f"{int(year) + 1}-01-05T21:00:00+00:00")
        yearly_check(run, year, verdict, f"Motivation of {year}", tmp_path)
    monkeypatch.setenv("PUNCHIN_NOW", "2031-01-06T21:00:00+00:00")
    assert "five-year check of 2026-2030 is due: run `punchin five-year`" in run("due").output
    answers = ["done", *FIVE_ANSWERS[:5], "no", *FIVE_ANSWERS[6:], "We moved cities", "", ""]
    second = run("five-year", input="\n".join(answers) + "\n")
    assert second.exit_code == 0, second.output
    out = second.output
    assert "At the five-year check of 2021-2025:" in out
    assert "what you least wanted to recall or share: The year I gave up the lab job" in out
    assert "the desire behind it: To be respected for real work" in out
    assert "the fear behind it: Being stuck and useless" in out
    assert "the positive motivation: Build reliable systems" in out
    assert "(Five years ago you wrote: Being stuck and useless)" in out  # beside the question
    assert "2026: happy? no; progress? some; verdict: the timing was not ripe" in out
    assert "2028: happy? no; progress? some; verdict: my motivation was not right" in out
    assert "Motivation of 2027" in out
    assert "Compared with what you wrote five years ago: what changed" in out
    entries = json.loads(run("log", "--json").output)
    entry = next(e for e in entries if e["kind"] == "five-year" and e["period"] == "2026-2030")
    assert entry["answers"]["changed"] == "We moved cities"


def test_motivation_checks_speak_chinese(run: Run, year_2026: None) -> None:
    result = run("--lang", "zh", "year", input="\n".join(YEAR_ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert "年度检查 · 2026" in result.output
    assert "方法的回答：如果是动机不对，那就重新审视动机，改变努力的方向。" in result.output


def test_older_journals_verdicts_read_as_the_motivation_not_being_right(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, journal_file: Path
) -> None:
    """Journals written before the correction stored "weak" and "mismatch": both are read
    back in their own words, and both count as a motivation that was not right."""
    import sqlite3

    monkeypatch.setenv("PUNCHIN_NOW", "2026-03-02T21:00:00+00:00")
    run("goal", "add", "The journal begins in 2026")
    for year in ("2026", "2027"):
        monkeypatch.setenv("PUNCHIN_NOW", f"{int(year) + 1}-01-05T21:00:00+00:00")
        yearly_check(run, year, "motivation", f"Motivation of {year}", tmp_path)
    with sqlite3.connect(journal_file) as conn:
        for year, word in (("2026", "weak"), ("2027", "mismatch")):
            conn.execute(
                "UPDATE answers SET value = ? WHERE key = 'verdict' "
                "AND entry_id = (SELECT id FROM entries WHERE period = ?)",
                (word, year),
            )
    monkeypatch.setenv("PUNCHIN_NOW", "2031-01-06T21:00:00+00:00")
    out = run("five-year", "--on", "2026-2030", input="\n" * 30).output
    assert "verdict: my motivation was not strong enough" in out
    assert "verdict: my motivation did not fit reality" in out
