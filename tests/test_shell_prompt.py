"""`punchin due` in a shell prompt: the path without click (`punchin.__main__`) prints
exactly what the full command prints, in both languages and every state of `due`, and
leaves anything unusual to the full command."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Run

from punchin.store import Journal

SCRIPT = Path(sys.executable).with_name("punchin")
DONE_WEEK = "Work\nMentor\n\n\n"

# The command lines and languages of a shell prompt: (arguments, environment changes).
WAYS: list[tuple[tuple[str, ...], dict[str, str]]] = [
    (("due",), {}),
    (("due", "--quiet"), {}),
    (("due", "-q", "--lang", "zh"), {}),
    (("--lang", "zh", "due"), {}),
    (("due",), {"LANG": "zh_CN.UTF-8"}),
    (("due", "--quiet"), {"LC_ALL": "zh_CN.UTF-8"}),
    (("due", "--lang=en"), {"LANG": "zh_CN.UTF-8"}),
    (("--db", "~/elsewhere.db", "due"), {}),  # no journal there: the full command says so
]


def punchin(args: tuple[str, ...], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def both_ways(
    args: tuple[str, ...], changes: dict[str, str], again: Callable[[], object] = lambda: None
) -> subprocess.CompletedProcess[str]:
    """The installed script, on the shell-prompt path and forced to the full command: the
    same stdout, stderr and exit code (`again` remakes the state before each run, for a
    state the full command repairs)."""
    env = {**os.environ, **changes}
    again()
    fast = punchin(args, env)
    again()
    full = punchin(args, {**env, "PUNCHIN_NO_FAST": "1"})
    assert (fast.stdout, fast.stderr, fast.returncode) == (
        full.stdout,
        full.stderr,
        full.returncode,
    ), (args, changes)
    return fast


def imports_click(args: tuple[str, ...]) -> bool:
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    lines = punchin(args, env).stderr.splitlines()
    return any(line.rpartition("|")[2].strip() == "click" for line in lines)


def stalled(home: Path) -> None:
    from punchin.reminders.health import record_stall

    record_stall(home / "journal.db", RuntimeError("notify-send failed"), datetime.now(UTC))


STATES: dict[str, tuple[Callable[[Run, Path, pytest.MonkeyPatch], None], str, bool]] = {
    # state: (how to make it, what `punchin due` says in English, whether the fast path runs)
    "nothing due": (
        lambda run, home, mp: run("week", input=DONE_WEEK),
        "Nothing is due. Next weekly check-in: Mon 2026-11-30 21:00.",
        True,
    ),
    "due, missed before": (lambda run, home, mp: None, "2026-W47 is due", True),
    "overdue": (
        lambda run, home, mp: (
            run("week", "--on", "2026-W46", input=DONE_WEEK),
            mp.setenv("PUNCHIN_NOW", "2026-12-02T20:00:00+00:00"),
        ),
        "2026-W48 is 1 day overdue",
        True,
    ),
    "in progress": (lambda run, home, mp: run("week", input="Only this\n"), "half done", True),
    "stale half done": (
        lambda run, home, mp: [
            run("week", "--on", f"2026-W4{n}", input="Started\n") for n in "0123"
        ],
        "4 earlier check-ins were left half done",
        True,
    ),
    "quarter and year due": (
        lambda run, home, mp: (
            run("week", input=DONE_WEEK),
            mp.setenv("PUNCHIN_NOW", "2027-01-12T21:00:00+00:00"),
        ),
        "2026",
        True,
    ),
    "five-year due": (
        lambda run, home, mp: (
            run("week", input=DONE_WEEK),
            mp.setenv("PUNCHIN_NOW", "2031-01-14T21:00:00+00:00"),
        ),
        "2026",
        True,
    ),
    "settings in Chinese": (
        lambda run, home, mp: run("init", "--language", "zh", "--yes"),
        "2026-W47",
        True,
    ),
    "reminders stalled": (lambda run, home, mp: stalled(home), "2026-W47 is due", True),
    # the full command's own cases: it does and says what is needed
    "journal others can read": (
        lambda run, home, mp: (home / "journal.db").chmod(0o644),
        "2026-W47 is due",
        False,
    ),
    "leftover of a conversion": (
        lambda run, home, mp: (home / ".journal.db.converting").write_text("x"),
        "2026-W47 is due",
        False,
    ),
    "not a journal": (
        lambda run, home, mp: (home / "journal.db").write_text("not a journal " * 100),
        "",
        False,
    ),
    "bad PUNCHIN_NOW": (lambda run, home, mp: mp.setenv("PUNCHIN_NOW", "soon"), "", False),
}


# States the full command repairs (and says so once): made again before each run.
REPAIRED = {"journal others can read", "leftover of a conversion"}


@pytest.mark.parametrize("state", sorted(STATES))
def test_the_shell_prompt_path_prints_what_the_full_command_prints(
    state: str, run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make, said, fast = STATES[state]
    make(run, home, monkeypatch)
    again = (lambda: make(run, home, monkeypatch)) if state in REPAIRED else (lambda: None)
    results = [both_ways(args, changes, again) for args, changes in WAYS]
    english = results[0]
    assert said in english.stdout + english.stderr, (state, english)
    if state == "reminders stalled":
        assert "notify-send failed" in english.stderr
    again()
    assert imports_click(("due", "--quiet")) is not fast, state


@pytest.mark.fresh_journal
def test_a_first_run_is_the_full_commands(home: Path) -> None:
    for args, changes in WAYS:
        both_ways(args, changes)
    assert imports_click(("due", "--quiet"))  # no journal yet: the full command
    assert not (home / "journal.db").exists()


def test_anything_but_due_is_the_full_commands() -> None:
    for args in (("due", "--json"), ("due", "-q", "-q"), ("-q", "due"), ("due", "--lang", "fr")):
        both_ways(args, {})
        assert imports_click(args), args


def test_a_journal_to_upgrade_is_left_as_it_is(home: Path) -> None:
    journal = home / "journal.db"
    with sqlite3.connect(journal) as conn:  # as if the last migration had not run yet
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_private_goals'")
    conn.close()
    before = journal.read_bytes()
    assert Journal.open_as_is(journal, lambda: datetime.now(UTC)) is None
    assert journal.read_bytes() == before
