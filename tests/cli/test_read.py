"""Reading back: `punchin show`, `punchin log` and `punchin search`, Chinese included."""

from __future__ import annotations

import json

import pytest
from conftest import Run


def check_in(
    run: Run, on: str, accomplished: str, mentor: str = "Fine", forecasts: tuple[str, ...] = ()
) -> None:
    """`forecasts`: one for each open quarter goal, asked before the mentor's question."""
    answers = [accomplished, *forecasts, mentor, "", ""]
    result = run("week", "--on", on, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output


def test_log_lists_check_ins_newest_first_and_since_a_date(run: Run) -> None:
    for week, text in (("2026-W45", "First"), ("2026-W46", "Second"), ("2026-W47", "Third")):
        check_in(run, week, text)
    lines = run("log").output.splitlines()
    assert [line.split()[0] for line in lines] == ["2026-W47", "2026-W46", "2026-W45"]
    assert "Third" in lines[0] and "done" in lines[0]
    since = run("log", "--since", "2026-11-10").output.splitlines()
    assert [line.split()[0] for line in since] == ["2026-W47", "2026-W46"]
    assert len(run("log", "-n", "1").output.splitlines()) == 1
    data = json.loads(run("log", "--json", "--since", "last monday").output)
    assert [e["period"] for e in data] == ["2026-W47"]
    assert data[0]["answers"]["accomplished"] == "Third"


def test_show_a_quarter_lists_its_goals_and_check_ins(run: Run) -> None:
    run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4")
    check_in(run, "2026-W46", "Chapter one", forecasts=("0.8",))
    check_in(run, "2026-W47", "Chapter two", forecasts=("0.6",))
    shown = run("show", "2026-Q4").output
    assert shown.startswith("# 2026-Q4 (2026-10-01 – 2026-12-31)")
    assert "Finish the thesis draft" in shown
    assert shown.index("2026-W46") < shown.index("2026-W47")
    assert run("show", "2025-Q1").output.strip().endswith("Nothing is recorded for 2025-Q1.")
    assert "No weekly check-in for 2026-W40" in run("show", "2026-W40").output


def test_show_defaults_to_the_week_just_reviewed_and_has_json(run: Run) -> None:
    check_in(run, "2026-W47", "Reviewed week")
    assert "Reviewed week" in run("show").output
    data = json.loads(run("show", "2026-W47", "--json").output)
    assert data["period"] == "2026-W47" and data["entry"]["status"] == "done"
    assert data["answers"]["accomplished"] == "Reviewed week"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("partner", True),  # one word
        ("PARTNER library", True),  # every word, any case, any order
        ("partner gym", False),  # every word must be there
        ("动机", True),  # two Chinese characters: shorter than a trigram
        ("动机不够强", True),  # a longer Chinese phrase, found by the trigram index
        ("完全不存在", False),
    ],
)
def test_search_finds_answers_in_english_and_chinese(run: Run, query: str, found: bool) -> None:
    check_in(run, "2026-W46", "Went to the library with my partner every day")
    check_in(run, "2026-W47", "这周发现动机不够强，需要重新审视方向")
    result = run("search", *query.split())
    assert result.exit_code == 0
    if found:
        assert not result.output.startswith("Nothing matches"), result.output
    else:
        assert result.output.startswith("Nothing matches")


def test_search_finds_goals_and_says_where(run: Run) -> None:
    check_in(run, "2026-W47", "Ran once")
    run("goal", "add", "Run three times", "--why", "sleep better", "--on", "2026-W48")
    lines = run("search", "sleep").output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("2026-W48   week      goal ")
    assert "Run three times — sleep better" in lines[0]
    hits = json.loads(run("search", "Ran", "--json").output)
    assert any(h["source"] == "answer" and h["key"] == "accomplished" for h in hits)


def test_search_treats_query_syntax_as_plain_text(run: Run) -> None:
    check_in(run, "2026-W47", 'He said "NOT now" AND left')
    for query in ('"NOT', "AND", "*", "NOT now"):
        result = run("search", query)
        assert result.exit_code == 0, (query, result.output)
    assert "He said" in run("search", '"NOT').output
