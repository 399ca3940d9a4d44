"""`punchin goal`: four horizons, parents, a why and a measure; list filters and JSON."""

from __future__ import annotations

import json
import re

from conftest import Run


def add(run: Run, *args: str) -> str:
    """Add a goal and return its short id as printed."""
    result = run("goal", "add", *args)
    assert result.exit_code == 0, result.output
    match = re.search(r" ([0-9a-f]{7}) ", result.output)
    assert match, result.output
    return match[1]


def listed(run: Run, *args: str) -> list[dict[str, object]]:
    result = run("goal", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.output)
    return data


def test_a_goal_on_each_horizon_defaults_to_the_current_period(run: Run) -> None:
    add(run, "Ship the side project", "-H", "five-year")
    add(run, "Publish one paper", "-H", "year")
    add(run, "Finish the thesis draft", "-H", "quarter")
    add(run, "Write chapter 2")
    periods = {g["title"]: (g["horizon"], g["period"]) for g in listed(run)}
    assert periods == {
        "Ship the side project": ("five-year", "2026-2030"),
        "Publish one paper": ("year", "2026"),
        "Finish the thesis draft": ("quarter", "2026-Q4"),
        "Write chapter 2": ("week", "2026-W48"),
    }
    text = run("goal", "list").output
    assert text.index("five-year 2026-2030") < text.index("year 2026\n") < text.index("week")


def test_a_period_label_sets_the_horizon_and_a_date_picks_the_period(run: Run) -> None:
    add(run, "Next year's goal", "--on", "2027")
    add(run, "Quarter of a date", "-H", "quarter", "--on", "2027-02-10")
    goals = {g["title"]: g for g in listed(run, "--all")}
    assert goals["Next year's goal"]["horizon"] == "year"
    assert goals["Quarter of a date"]["period"] == "2027-Q1"


def test_parent_why_and_measure_are_kept_and_shown(run: Run) -> None:
    parent = add(run, "Finish the thesis draft", "--on", "2026-Q4", "--why", "graduate")
    add(run, "Write chapter 2", "--parent", parent, "--measure", "2,000 words")
    goals = {g["title"]: g for g in listed(run)}
    child = goals["Write chapter 2"]
    assert str(child["parent_id"]).startswith(parent)
    assert child["measure"] == "2,000 words"
    text = run("goal", "list").output
    assert f"(→ {parent} Finish the thesis draft)" in text
    assert "why: graduate" in text and "done means: 2,000 words" in text


def test_a_goal_can_only_serve_a_longer_horizon(run: Run) -> None:
    week = add(run, "Write chapter 2")
    result = run("goal", "add", "Outline", "--on", "2026-Q4", "--parent", week)
    assert result.exit_code == 2
    assert "a quarter goal can only serve a goal of a longer horizon" in result.stderr


def test_done_miss_partly_drop_and_the_status_filter(run: Run) -> None:
    ids = [add(run, title) for title in ("A", "B", "C", "D")]
    assert run("goal", "done", ids[0]).output.startswith("Done: ")
    assert run("goal", "miss", ids[1]).output.startswith("Marked missed: ")
    assert "(40%)" in run("goal", "miss", ids[2], "--progress", "40%").output
    assert "did you mean 40%?" in run("goal", "miss", ids[2], "--progress", "40").stderr
    assert run("goal", "drop", ids[3]).output.startswith("Dropped: ")
    goals = {g["title"]: g for g in listed(run)}
    assert [goals[t]["status"] for t in "ABCD"] == ["done", "missed", "partly", "dropped"]
    assert goals["C"]["progress"] == 0.4
    missed = listed(run, "--status", "missed", "--status", "partly")
    assert {g["title"] for g in missed} == {"B", "C"}
    text = run("goal", "list").output
    assert "[x] A" in text and "[!] B" in text and "[~] 40% C" in text and "[-] D" in text


def test_edit_changes_fields_and_moves_a_goal(run: Run) -> None:
    goal = add(run, "Draft", "--why", "old reason")
    result = run(
        "goal", "edit", goal, "--title", "Draft chapter 2", "--why", "", "--on", "2026-W49"
    )
    assert result.exit_code == 0, result.output
    assert "Updated" in result.output and "2026-W49" in result.output
    edited = listed(run, "--all")[0]
    assert edited["title"] == "Draft chapter 2"
    assert edited["why"] is None and edited["period"] == "2026-W49"
    moved = run("goal", "edit", goal, "--on", "2026-Q4")
    assert moved.exit_code == 2 and "a week period is needed" in moved.stderr


def test_filters_by_horizon_and_period(run: Run) -> None:
    add(run, "This week")
    add(run, "Next week", "--on", "2026-W49")
    add(run, "Quarter", "-H", "quarter")
    assert [g["title"] for g in listed(run, "-H", "week")] == ["This week"]
    assert [g["title"] for g in listed(run, "--on", "2026-W49")] == ["Next week"]
    assert len(listed(run, "--all")) == 3
    assert run("goal", "list", "--on", "2025-W01").output.startswith("No goals match")


def test_ids_can_be_shortened_like_git(run: Run) -> None:
    goal = add(run, "Short ids")
    assert run("goal", "done", goal[:4]).exit_code == 0
    too_short = run("goal", "done", goal[:3])
    assert too_short.exit_code == 1 and "no goal" in too_short.stderr
