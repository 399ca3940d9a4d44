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

from punchin.periods import parse_period_label
from punchin.store import KNOWN_MIGRATIONS, Journal
from punchin.store.glance import (
    CONVERTING,
    CONVERTING_SIDE_FILES,
    LOCK,
    glance,
    leftovers_beside,
)
from punchin.store.lock import JournalLock, lock_path
from punchin.store.swap import SIDE_FILES, converting_path

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


def rollback_mode(home: Path) -> None:
    """A journal copied or restored by another tool in SQLite's rollback mode: the full
    command turns WAL back on (a write), so the shell-prompt path leaves it to it."""
    conn = sqlite3.connect(home / "journal.db")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def behind_a_link(home: Path) -> None:
    """The journal kept elsewhere, under its usual name as a symlink."""
    elsewhere = home / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (home / "journal.db").rename(elsewhere / "journal.db")
    (home / "journal.db").symlink_to(elsewhere / "journal.db")


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
    "journal behind a symlink": (lambda run, home, mp: behind_a_link(home), "2026-W47", True),
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
    "journal in rollback mode": (lambda run, home, mp: rollback_mode(home), "2026-W47", False),
}


# States the full command repairs (and says so once): made again before each run.
REPAIRED = {"journal others can read", "leftover of a conversion", "journal in rollback mode"}


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
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", (KNOWN_MIGRATIONS[-1],))
    conn.close()
    before = journal.read_bytes(), sorted(home.iterdir())
    assert Journal.open_as_is(journal, lambda: datetime.now(UTC)) is None
    assert glance(str(journal), lambda: datetime.now(UTC)) is None
    assert (journal.read_bytes(), sorted(home.iterdir())) == before


def test_a_journal_being_converted_is_left_to_the_full_command(home: Path) -> None:
    """While `encrypt`, `decrypt` or `restore` holds the journal's lock, the glance waits for
    nothing: the full command decides (and in a shell prompt says nothing)."""
    lock = JournalLock((home / "journal.db").resolve())
    assert lock.acquire(exclusive=True, wait=0)
    try:
        assert glance(str(home / "journal.db"), lambda: datetime.now(UTC)) is None
        quiet = both_ways(("due", "--quiet"), {})
        assert (quiet.stdout, quiet.stderr, quiet.returncode) == ("", "", 0)
    finally:
        lock.release()
    assert glance(str(home / "journal.db"), lambda: datetime.now(UTC)) is not None


def test_the_glance_names_the_files_the_store_names(home: Path) -> None:
    """The lock and a conversion's leftovers, as `store.lock` and `store.swap` name them."""
    real = (home / "journal.db").resolve()
    assert str(lock_path(real)) == str(real.with_name(LOCK.format(name=real.name)))
    base = converting_path(real)
    assert base.name == CONVERTING.format(name=real.name)
    assert SIDE_FILES == CONVERTING_SIDE_FILES
    for leftover in (base, *(Path(f"{base}{suffix}") for suffix in SIDE_FILES)):
        leftover.write_text("x")
        assert leftovers_beside(str(real)), leftover
        assert glance(str(home / "journal.db"), lambda: datetime.now(UTC)) is None
        leftover.unlink()
    assert not leftovers_beside(str(real))


@pytest.mark.parametrize("state", ["due, missed before", "in progress", "stale half done"])
def test_the_glance_reads_what_the_journal_reads(
    state: str, run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    STATES[state][0](run, home, monkeypatch)
    run("goal", "add", "A goal of the quarter", "--on", "2026-Q3")
    clock = lambda: datetime(2026, 11, 23, 21, tzinfo=UTC)  # noqa: E731
    seen = glance(str(home / "journal.db"), clock)
    assert seen is not None
    try:
        with Journal.open(home / "journal.db", clock) as journal:
            for kind in ("week", "quarter", "year", "five-year"):
                done = journal.latest_done(kind)
                glanced = seen.latest_done(kind)
                assert (done and done.period) == (glanced and glanced.period)
                assert journal.unfinished(kind) == seen.unfinished(kind)
                for period in (*journal.unfinished("week"), "2026-W47", "2026-W40", "2026-Q3"):
                    assert journal.status(kind, period) == seen.status(kind, period)
            assert (journal.created_on(), journal.start_year) == (
                seen.created_on(),
                seen.start_year,
            )
            for label in ("2026-Q3", "2026-Q2", "2025", "2026", "2021-2025", "2026-2030"):
                span = parse_period_label(label)
                assert span is not None
                assert journal.has_content(span) == seen.has_content(span), label
    finally:
        seen.close()


def test_the_shell_prompt_path_stays_lean() -> None:
    """Neither `typing`, `pathlib` nor `re` (nor the `Journal` class): each costs a good part
    of what `punchin due` may take in a shell prompt. (The first run parses its question set,
    with `tomllib`, which imports them: every later one reads it from the cache.)"""
    # Run as a console script runs it, through the same entry point; not through the
    # installed script itself, since pip before 24 writes one that imports `re` on its own
    # before punchin is even loaded (`python -m pip install --upgrade pip` removes that).
    entry = "import sys; from punchin.__main__ import main; sys.argv[0] = 'punchin'; main()"
    for args in (("due",), ("due", "--quiet")):
        punchin(args, dict(os.environ))
        env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
        lines = subprocess.run(
            [sys.executable, "-c", entry, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        ).stderr.splitlines()
        loaded = {line.rpartition("|")[2].strip() for line in lines if "|" in line}
        assert "punchin.store.glance" in loaded  # the shell-prompt path was taken
        heavy = {"typing", "pathlib", "re", "click", "punchin.store.journal"}
        assert not loaded & heavy, (args, loaded & heavy)
