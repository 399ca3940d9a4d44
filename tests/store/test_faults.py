"""Faults the journal must survive: kill -9 mid-check-in and mid-import, and many writers
with a reminder daemon at once. Measured, not promised."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from processes import SCRIPT, Points, Session, finish, integrity, kill, start

from punchin.periods import week_of

KILL_POINTS = 50


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    return dict(os.environ)


def saved_answers(journal: Path, week: str) -> dict[str, str]:
    with sqlite3.connect(journal) as conn:
        rows = conn.execute(
            "SELECT a.key, a.value FROM answers a JOIN entries e ON e.id = a.entry_id "
            "WHERE e.kind = 'week' AND e.period = ?",
            (week,),
        ).fetchall()
    return dict(rows)


ANSWERS = ["Shipped the parser", "Too slow on reviews", "Write tests first", "", "Onward"]
KEYS = ["accomplished", "mentor", "next.0.title", "next.1.title", "closing"]


def test_kill_9_at_random_points_of_a_check_in_loses_no_given_answer(
    env: dict[str, str], home: Path
) -> None:
    chooser = random.Random(20261124)
    journal = home / "journal.db"
    tried = []
    for number in range(KILL_POINTS):
        # every other week, so that goals planned for the next week never meet the next run
        week = week_of(date(2023, 1, 2) + timedelta(weeks=2 * number)).label
        session = Session(env, week)
        acknowledged = chooser.randrange(len(ANSWERS))
        session.wait_for_prompt(1)
        for index in range(acknowledged):
            session.answer(ANSWERS[index])
            session.wait_for_prompt(index + 2)  # the next question: the answer is saved
        if acknowledged < len(ANSWERS):
            session.answer(ANSWERS[acknowledged])  # in flight when the kill comes
        time.sleep(chooser.random() * 0.03)
        session.process.send_signal(signal.SIGKILL)
        session.process.wait(timeout=30)
        tried.append(acknowledged)
        assert integrity(journal) == "ok", week
        saved = saved_answers(journal, week)
        for index in range(acknowledged):  # every answer acknowledged before the kill is there
            assert saved.get(KEYS[index]) == ANSWERS[index], (week, index, saved)
        written = {key: value for key, value in saved.items() if key != "summary"}
        # and nothing is half-written (the summary is the check-in's own, not an answer)
        for key, value in written.items():
            assert value == ANSWERS[KEYS.index(key)], (week, key, value)
    assert len(tried) == KILL_POINTS and len(set(tried)) == len(ANSWERS)


def test_kill_9_during_a_large_import_leaves_all_or_nothing(
    env: dict[str, str], home: Path, tmp_path: Path
) -> None:
    count = 20_000
    notes = [
        {
            "id": f"{n:032x}",
            "date": "2026-01-01",
            "time": "09:00",
            "title": f"Note {n}",
            "body": "word " * 40,
            "tags": "[]",
            "starred": 0,
            "source": "jrnl",
            "created_at": "2026-01-01T00:00:00",
        }
        for n in range(count)
    ]
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "punchin", "version": 1, "notes": notes}))
    journal = home / "journal.db"
    subprocess.run([str(SCRIPT), "goal", "add", "Exists"], env=env, check=True)
    points = Points(tmp_path / "points")
    # Held with every note inserted but not yet committed or indexed: the kill lands there
    # however fast this machine is.
    importing = start(points.env(env, hold="import.inserted"), "import", str(big))
    points.wait("import.inserted", importing)
    kill(importing)
    assert integrity(journal) == "ok"
    with sqlite3.connect(journal) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 1
        assert (  # the search trigger a bulk import sets aside is back
            conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'notes_ai'"
            ).fetchone()[0]
            == 1
        )
    code, out, _ = finish(start(env, "import", str(big)))  # and the same import then works
    assert code == 0 and f"{count} notes" in out
    assert run_search_count(env, "Note") >= 1


def run_search_count(env: dict[str, str], word: str) -> int:
    done = subprocess.run(
        [str(SCRIPT), "search", word, "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return len(json.loads(done.stdout))


def test_writers_and_the_reminder_daemon_share_the_journal(env: dict[str, str], home: Path) -> None:
    subprocess.run([str(SCRIPT), "goal", "add", "First"], env=env, check=True)
    daemon = subprocess.Popen(
        [str(SCRIPT), "remind", "run", "--heartbeat", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    writer = (
        "import sys\n"
        "from punchin.cli import cli\n"
        "for n in range(40):\n"
        "    try:\n"
        "        cli.main(['goal', 'add', f'{sys.argv[1]} {n}'], standalone_mode=False)\n"
        "    except SystemExit as stop:\n"
        "        if stop.code: raise\n"
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", writer, f"writer-{w}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    daemon.send_signal(signal.SIGTERM)
    _, log = daemon.communicate(timeout=30)
    assert all(w.returncode == 0 for w in writers), errors
    assert not any("locked" in e or "busy" in e for e in errors)
    assert daemon.returncode == 0 and "tick failed" not in log, log
    with sqlite3.connect(home / "journal.db") as conn:
        assert conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 1 + 4 * 40
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
