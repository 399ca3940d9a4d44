"""`punchin due`: what is due, in one line each, quiet when nothing is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run

DONE_WEEK = "Work\nMentor\n\n\n"


@pytest.mark.fresh_journal
def test_fresh_machine_says_the_weekly_check_in_is_due(run: Run, journal_file: Path) -> None:
    result = run("due")
    assert result.output.strip() == "weekly check-in for 2026-W47 is due: run `punchin week`"
    assert not journal_file.exists()  # looking never creates a journal


def test_nothing_due_after_the_check_in(run: Run) -> None:
    run("week", input=DONE_WEEK)
    assert run("due", "--quiet").output == ""
    assert run("due").output.strip() == (
        "Nothing is due. Next weekly check-in: Mon 2026-11-30 21:00."
    )


def test_half_done_check_in_is_reported(run: Run) -> None:
    run("week", input="Only this\n")
    assert "is half done: run `punchin week`" in run("due").output


def test_overdue_with_missed_weeks_and_json(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("week", "--on", "2026-W46", input=DONE_WEEK)
    monkeypatch.setenv("PUNCHIN_NOW", "2026-12-02T20:00:00+00:00")  # Wednesday after W48
    lines = run("due").output.splitlines()
    assert lines == [
        "weekly check-in for 2026-W48 is 1 day overdue: run `punchin week`",
        "missed last week (2026-W47) — don't miss twice; back-fill it with "
        "`punchin week --on 2026-W47`",
    ]
    assert run("due", "--quiet").output.splitlines() == lines[:1]
    data = json.loads(run("due", "--json").output)
    assert data[0]["period"] == "2026-W48" and data[0]["state"] == "overdue"
    assert data[0]["missed_before"] == 1
    monkeypatch.setenv("PUNCHIN_NOW", "2026-12-04T20:00:00+00:00")  # two days later
    assert "is 3 days overdue" in run("due").output


def test_before_the_slot_the_previous_week_is_the_one_due(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("week", "--on", "2026-W46", input=DONE_WEEK)
    monkeypatch.setenv("PUNCHIN_NOW", "2026-11-23T09:00:00+00:00")  # Monday morning
    assert run("due", "--quiet").output == ""  # W46 is done; W47 falls due at 21:00


def test_weekly_slot_follows_the_settings(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("init", "--weekly-day", "sun", "--weekly-time", "19:30", "--yes")
    monkeypatch.setenv("PUNCHIN_NOW", "2026-11-22T20:00:00+00:00")  # Sunday evening
    assert "2026-W47 is due" in run("due").output


def test_a_half_done_back_fill_is_not_forgotten(run: Run) -> None:
    run("week", "--on", "2026-W44", input="Started the back-fill\n")  # then Ctrl-C
    run("week", input=DONE_WEEK)
    lines = run("due").output.splitlines()
    assert lines == [
        "1 earlier check-in was left half done (2026-W44): finish it with "
        "`punchin week --on 2026-W44`, or let it go with `punchin week --discard --on 2026-W44`"
    ]
    run("week", "--on", "2026-W44", input="y\nMentor\n\n\n")
    assert run("due", "--quiet").output == ""


def test_many_half_done_check_ins_are_one_line_with_both_ways_out(run: Run) -> None:
    for week in ("2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"):
        run("week", "--on", week, input="Started\n")
    lines = run("due").output.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("weekly check-in for 2026-W47 is due")
    # none finished since the journal began in January: every week since owed one
    assert lines[1] == (
        "no check-in for 45 weeks, the last 2026-W46: start again with this one; back-fill "
        "with `punchin week --on WEEK`"
    )
    assert lines[2] == (
        "5 earlier check-ins were left half done (2026-W40, 2026-W41, 2026-W42, …): finish one "
        "with `punchin week --on 2026-W40`, or let it go with `punchin week --discard --on "
        "2026-W40`"
    )
    assert len(json.loads(run("due", "--json").output)) == 6


def test_a_half_done_review_is_let_go_with_all_it_did(run: Run) -> None:
    """--discard removes the review, its answers, the goals it set and the statuses it gave."""
    run("goal", "add", "Write", "--on", "2026-W44")
    run("week", "--on", "2026-W44", input="Started\nmissed\n")  # stopped inside the diagnosis
    assert json.loads(run("goal", "list", "--on", "2026-W44", "--json").output)[0]["status"] == (
        "missed"
    )
    assert run("week", "--discard", input="n\n").exit_code == 1  # asked first; no: nothing
    assert "2026-W44" in run("due").output
    gone = run("week", "--discard", "--on", "2026-W44", input="y\n")
    assert gone.exit_code == 0 and "Let go of the review of 2026-W44 (2 answers)" in gone.output
    assert "2026-W44" not in run("due").output
    assert [e["period"] for e in json.loads(run("log", "--json").output)] == []
    assert json.loads(run("goal", "list", "--on", "2026-W44", "--json").output)[0]["status"] == (
        "open"
    )
    assert run("search", "Started").output.strip() == "Nothing matches 'Started'."
    finished = run("week", "--on", "2026-W45", input="Done\nKeep going\n\n\n")
    assert finished.exit_code == 0
    kept = run("week", "--discard", "--on", "2026-W45", input="y\n")
    assert kept.exit_code == 2 and "finished reviews are kept" in kept.stderr
