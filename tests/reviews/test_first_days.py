"""A journal's first days, as a new user meets them: started on a Tuesday, on 31 December and
on the first day of a quarter; what `due`, `week`, `year` and `report year` show."""

from __future__ import annotations

import json

import pytest
from conftest import Run

pytestmark = pytest.mark.fresh_journal


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", moment)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_tuesday_start_plans_the_week_it_is_in(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, "2026-12-01T10:00:00+00:00")  # a Tuesday
    assert "for 2026-W49: Draft chapter 2" in run("goal", "add", "Draft chapter 2").output
    quarter = run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4").output
    due = run("due")
    assert due.output.startswith("Nothing is due. Next weekly check-in: Mon 2026-12-07 21:00")
    assert "2026-W48" not in due.output  # a week before the journal is not owed
    planning = run("week", input="Run three times\n\n\n")
    out = flat(planning.output)
    assert planning.exit_code == 0, planning.output
    assert "your first one is Monday 2026-12-07 21:00, for this week (2026-W49)" in out
    assert "Already set for 2026-W49: - Draft chapter 2" in out
    assert "[Finish the thesis draft (2026-Q4)]" in out  # the only quarter goal is the default
    goals = json.loads(run("goal", "list", "--on", "2026-W49", "--json").output)
    assert [g["title"] for g in goals] == ["Draft chapter 2", "Run three times"]
    assert goals[1]["parent_id"] == quarter.split()[3] or goals[1]["parent_id"].startswith(
        quarter.split()[3]
    )
    refused = run("week", "--on", "2027-W10")
    assert refused.exit_code == 1 and "opens on 2027-03-13" in refused.stderr
    assert run("log", "--json").output.strip() == "[]"  # nothing was started for it
    year = run("year")
    assert year.exit_code == 1
    assert "the first yearly check of this journal (2026) opens on 2026-12-17" in year.stderr
    at(monkeypatch, "2026-12-07T21:00:00+00:00")
    assert "weekly check-in for 2026-W49 is due: run `punchin week`" in run("due").output


def test_the_first_week_speaks_chinese(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, "2026-12-01T10:00:00+00:00")
    out = flat(run("--lang", "zh", "week", input="写第二章\n\n").output)
    assert "你的日志从这一周开始" in out and "星期一 2026-12-07 21:00" in out
    assert "这一周（2026-W49）有 1 个目标" in out


def test_a_journal_begun_on_the_last_day_of_the_year(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-12-31T20:00:00+00:00")  # a Thursday
    run("goal", "add", "Decide on the PhD", "--on", "2026")
    assert "2026-W52" not in run("due").output
    year = run("year", input="\n" * 3)
    assert "Yearly check · 2026" in year.output  # the year ends today: it may be looked back on
    report = flat(run("report", "year", "2026").output)
    assert "0 of 0 weekly check-ins" in report  # no week of the journal has ended yet


def test_a_journal_begun_on_the_first_day_of_a_quarter(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2027-01-01T09:00:00+00:00")
    quarter = run("quarter")
    assert quarter.exit_code == 1
    assert "the first quarterly review of this journal (2027-Q1) opens on 2027-03-17" in (
        quarter.stderr
    )
    assert run("due", "--quiet").output == ""
    assert "Your journal begins this week." in flat(run("week", input="\n").output)


def test_a_year_report_starts_where_the_journal_did(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-10-05T09:00:00+00:00")  # begun in October
    run("goal", "add", "Learn to run", "--on", "2026-Q4")
    at(monkeypatch, "2026-12-14T21:00:00+00:00")
    summary = json.loads(run("report", "year", "2026", "-f", "json").output)["summary"]
    assert summary["weeks"] == 10 and summary["checkins"] == 0  # not "0 of 50"
    weeks = json.loads(run("report", "year", "2026", "-f", "json").output)["weeks"]
    assert {w["state"] for w in weeks if w["period"] < "2026-W40"} == {"before"}
    assert weeks[-1]["state"] == "missing"
    page = run("report", "year", "2026", "-f", "html").output
    assert "before the journal began" in page
