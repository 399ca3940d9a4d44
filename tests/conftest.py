"""Shared fixtures: every test gets its own data folder and a fixed Monday-evening clock."""

from __future__ import annotations

import json
from collections.abc import Callable
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
    """A weekly check-in from an answers file: `outcome` maps a goal title to its answers."""
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
