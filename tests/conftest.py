"""Shared fixtures: every test gets its own data folder and a fixed Monday-evening clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from punchin.cli import cli

MONDAY_EVENING = "2026-11-23T21:00:00+00:00"  # the slot after ISO week 2026-W47


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every file punchin touches at a fresh folder, and pin the clock."""
    folder = tmp_path / "home"
    monkeypatch.setenv("PUNCHIN_HOME", str(folder))
    monkeypatch.delenv("PUNCHIN_DB", raising=False)
    monkeypatch.setenv("PUNCHIN_NOW", MONDAY_EVENING)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("EDITOR", "false")
    return folder


JOURNAL_BEGAN = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(autouse=True)
def journal_since_january(request: pytest.FixtureRequest, home: Path) -> None:
    """Most tests look at a journal kept since the start of 2026, as a user a year in would
    have it; a journal's first days have tests of their own, marked `fresh_journal`, which
    begin with no journal at all."""
    if request.node.get_closest_marker("fresh_journal"):
        return
    from punchin.store import Journal

    home.mkdir(mode=0o700, exist_ok=True)
    Journal.open(home / "journal.db", lambda: JOURNAL_BEGAN).close()


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Invoke the real CLI in-process; an unexpected exception fails the test loudly."""

    def invoke(*args: str, input: str | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(
            cli, list(args), input=input, catch_exceptions=False, prog_name="punchin"
        )

    return invoke


@pytest.fixture
def journal_file(home: Path) -> Path:
    return home / "journal.db"


def check_in(run: Run, week: str, outcome: dict[str, dict[str, str]], kept: str = "") -> None:
    """A weekly check-in from an answers file: `outcome` maps a goal title to its answers.
    It is made on the Monday evening after the week (unless the clock is later already): a
    week is reviewed once it has ended."""
    import os

    from punchin.periods import parse_period_label

    period = parse_period_label(week)
    assert period is not None
    monday = datetime.combine(period.end, datetime.min.time(), UTC) + timedelta(days=1, hours=21)
    before = os.environ.get("PUNCHIN_NOW")
    if before is None or datetime.fromisoformat(before) < monday:
        os.environ["PUNCHIN_NOW"] = monday.isoformat()
    try:
        _check_in(run, week, outcome, kept)
    finally:
        if before is None:
            os.environ.pop("PUNCHIN_NOW", None)
        else:
            os.environ["PUNCHIN_NOW"] = before


def _check_in(run: Run, week: str, outcome: dict[str, dict[str, str]], kept: str) -> None:
    template = json.loads(run("week", "--on", week, "--answers-template").output)
    template.update(accomplished=f"{week}: wrote and ran", mentor="Keep going")
    for goal in template["goals"].values():
        goal.update(outcome[goal["_title"]])
    for commitment in template.get("commitments", {}).values():
        commitment["kept"] = kept or "no"
    result = run("week", "--on", week, "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0, result.output


# Only the diagnosis answers each reading needs, in the order they are asked.
LAZY = {"planned_time": "no", "outside": "no", "still_want": "yes"}
WALL = {"planned_time": "yes", "skill_wall": "yes"}


def forecast_week(run: Run, week: str, said: dict[str, str]) -> Result:
    """A weekly check-in from an answers file that forecasts the open quarter goals (`said`:
    a quarter goal's title -> its forecast, as written; the others left empty) and marks the
    week's own goals done. Made on the Monday evening after the week, as `check_in`; the
    result is returned, since a forecast out of range refuses the file."""
    import os

    from punchin.periods import parse_period_label

    period = parse_period_label(week)
    assert period is not None
    monday = datetime.combine(period.end, datetime.min.time(), UTC) + timedelta(days=1, hours=21)
    before = os.environ.get("PUNCHIN_NOW")
    os.environ["PUNCHIN_NOW"] = max(monday.isoformat(), before or "")
    try:
        template = json.loads(run("week", "--on", week, "--answers-template").output)
        template.update(accomplished=f"{week}: worked", mentor="Keep going")
        for goal in template["goals"].values():
            goal["status"] = "done"
        goals = json.loads(run("goal", "list", "--all", "--json").output)
        titles = {goal["id"]: goal["title"] for goal in goals}
        for goal_id in template.get("forecast", {}):
            template["forecast"][goal_id] = said.get(titles[goal_id], "")
        return run("week", "--on", week, "--answers", "-", input=json.dumps(template))
    finally:
        if before is None:
            os.environ.pop("PUNCHIN_NOW", None)
        else:
            os.environ["PUNCHIN_NOW"] = before
