"""Merging journals through the sync folder, case by case: the same week checked in on two
machines, deletions that stay deleted, a machine joining from a snapshot, files arriving
out of order, missing or damaged, a journal copied or put back from a backup, and a sync
killed in the middle of applying a file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from processes import Points
from sync_machines import BEGAN, Machines, dumps_differ

from punchin.errors import UsageError
from punchin.models import Cause
from punchin.periods import Period, parse_period_label
from punchin.store import Journal
from punchin.store.syncing import RefusedBody
from punchin.sync.folder import MACHINES, change_place


def period(label: str) -> Period:
    found = parse_period_label(label)
    assert found is not None
    return found


WEEK = period("2026-W23")


@pytest.fixture
def machines(tmp_path: Path) -> Machines:
    made = Machines(tmp_path, [0, 3600, -5400])  # the second an hour ahead, the third behind
    yield made
    made.close()


def same(machines: Machines, *numbers: int) -> None:
    chosen = [machines.journals[n] for n in numbers or range(len(machines.journals))]
    dumps = [journal.dump() for journal in chosen]
    assert all(d == dumps[0] for d in dumps), dumps_differ(dumps)


def everyone_syncs(machines: Machines, rounds: int = 2) -> None:
    for _ in range(rounds):
        for number in range(len(machines.journals)):
            assert machines.sync(number).refused == []


def answers(journal: Journal, label: str = "2026-W23") -> dict[str, str]:
    entry = journal.entry("week", label)
    assert entry is not None
    return journal.answers(entry.id)


def test_the_same_week_on_two_machines_merges_answer_by_answer(machines: Machines) -> None:
    a, b, _ = machines.journals
    here = a.start_entry("week", WEEK, "en")
    a.save_answer(here.id, "accomplished", "A: the draft")
    a.save_answer(here.id, "mentor", "A: slow down")
    machines.wait(600)
    there = b.start_entry("week", WEEK, "en")
    b.save_answer(there.id, "mentor", "B: ship it")
    b.save_answer(there.id, "blockers", "B: none")
    machines.wait(600)
    a.save_answer(here.id, "accomplished", "A: the draft, sent")  # after B's answers
    everyone_syncs(machines)
    same(machines)
    assert answers(a) == {
        "accomplished": "A: the draft, sent",
        "mentor": "B: ship it",  # B's clock is an hour ahead: B answered later
        "blockers": "B: none",
    }
    assert len(a.entries(kind="week")) == 1  # one check-in, not two
    assert a.sync_pending_count() == 0


def test_an_edit_made_after_seeing_a_version_wins_whatever_the_clocks(
    machines: Machines,
) -> None:
    """B's clock is an hour ahead of A's: A's later edit still wins, since A had seen B's."""
    a, b, _ = machines.journals
    goal = b.add_goal("Run", WEEK)
    machines.sync(1)
    machines.sync(0)
    machines.wait(60)
    a.update_goal(goal.id, title="Run a 10k")  # A's updated_at is before B's
    everyone_syncs(machines)
    same(machines)
    assert b.goal(goal.id).title == "Run a 10k"


def test_a_discarded_check_in_stays_deleted_with_the_goal_it_made(machines: Machines) -> None:
    a, b, c = machines.journals
    entry = a.start_entry("week", WEEK, "en")
    a.save_answer(entry.id, "accomplished", "half")
    made = a.add_goal("Planned", period("2026-W24"), origin=f"{entry.id}:plan.x")
    everyone_syncs(machines)
    assert b.goal_or_none(made.id) is not None
    machines.wait(60)
    b.discard_entry(entry.id)
    everyone_syncs(machines)
    same(machines)
    for journal in (a, b, c):
        assert journal.entry("week", "2026-W23") is None
        assert journal.goal_or_none(made.id) is None
    everyone_syncs(machines)  # and nothing brings them back
    assert a.entry("week", "2026-W23") is None and a.goal_or_none(made.id) is None


def test_an_answer_written_into_a_check_in_discarded_elsewhere(machines: Machines) -> None:
    """The deletion and the late answer meet: every machine ends the same, the check-in
    gone with what it held."""
    a, b, _ = machines.journals
    entry = a.start_entry("week", WEEK, "en")
    everyone_syncs(machines)
    a.discard_entry(entry.id)
    b.save_answer(entry.id, "mentor", "written meanwhile")
    everyone_syncs(machines)
    same(machines)
    assert a.entry("week", "2026-W23") is None


def test_a_check_in_worked_on_after_it_was_discarded_elsewhere_comes_back_whole(
    machines: Machines,
) -> None:
    """B goes on with the week after A discarded it (later, by the clocks): B's check-in is
    newer than the deletion, so every machine keeps it, with B's answers."""
    a, b, c = machines.journals
    entry = a.start_entry("week", WEEK, "en")
    a.save_answer(entry.id, "mentor", "old")
    everyone_syncs(machines)
    a.discard_entry(entry.id)
    machines.wait(60)
    b.save_answer(entry.id, "accomplished", "went on")
    b.set_entry_time(entry.id, 120)  # the check-in itself changed after the deletion
    assert machines.sync(0).refused == []  # A's deletion goes out first
    assert machines.sync(2).refused == []
    everyone_syncs(machines)
    same(machines)
    assert answers(c) == {"accomplished": "went on"}


def test_a_new_machine_joins_from_the_snapshot(machines: Machines) -> None:
    a, b, _ = machines.journals
    first = a.add_goal("First", WEEK)
    for n in range(6):
        machines.wait(60)
        a.add_note(f"note {n}", "", [], False)
        b.add_note(f"note b{n}", "", [], False)
        if n == 2:
            a.update_goal(first.id, status="done")
        everyone_syncs(machines, rounds=1)
    folder = machines.folder
    gone = [
        change_place(m.name, n)
        for m in (folder / MACHINES).iterdir()
        for n in range(1, 4)
        if not (folder / change_place(m.name, n)).exists()
    ]
    assert gone, "old change files were pruned"
    newcomer = Journal.open(machines.home / "new.db", lambda: machines.clock(0))
    try:
        outcome = machines.sync(0, newcomer)
        assert outcome.refused == [] and outcome.received > 0
        assert newcomer.dump() == b.dump(), dumps_differ([newcomer.dump(), b.dump()])
        assert newcomer.goal(first.id).status.value == "done"
    finally:
        newcomer.close()


def test_applying_the_same_file_twice_changes_nothing(machines: Machines) -> None:
    a, b, _ = machines.journals
    goal = a.add_goal("Once", WEEK)
    entry = a.start_entry("week", WEEK, "en")
    a.save_answer(entry.id, "mentor", "twice?")
    a.save_diagnosis(entry.id, goal.id, Cause.ABILITY, "hard", "learn")
    number = a.sync_collect(a.clock())
    assert number == 1
    body = json.loads(a.sync_outbox()[0][1])
    assert b.sync_apply(body) == 4  # entry, goal, answer, diagnosis
    before = b.dump()
    assert b.sync_apply(body) == 0  # seen
    assert b.sync_apply(body, advance=False) == 0
    with b.transaction():  # even forgetting it was seen: every version is known already
        b.conn.execute("DELETE FROM sync_seen")
    assert b.sync_apply(body) == 0
    assert b.dump() == before
    assert b.sync_pending_count() == 0


def test_a_child_that_arrives_before_its_check_in_waits_for_it(machines: Machines) -> None:
    """C started the week, B answered in it and set a goal under C's goal; A reads B's file
    first: the answer and the goal wait, and are there once C's file is read."""
    a, b, c = machines.journals
    entry = c.start_entry("week", WEEK, "en")
    parent = c.add_goal("Parent", period("2026-Q2"))
    c.sync_collect(c.clock())
    from_c = json.loads(c.sync_outbox()[0][1])
    b.sync_apply(from_c)
    b.save_answer(entry.id, "mentor", "from B")
    child = b.add_goal("Child", WEEK, parent_id=parent.id)
    b.save_diagnosis(entry.id, parent.id, Cause.OTHER, None, None)
    b.sync_collect(b.clock())
    from_b = json.loads(b.sync_outbox()[0][1])
    assert a.sync_apply(from_b) == 3
    assert a.entry("week", "2026-W23") is None and a.goal_or_none(child.id) is None
    assert a.sync_pending_count() == 0  # waiting is not a change made here
    a.sync_apply(from_c)
    assert answers(a) == {"mentor": "from B"}
    assert a.goal(child.id).parent_id == parent.id
    assert len(a.diagnoses(entry.id)) == 1
    assert a.sync_collect(a.clock()) is None  # nothing changed here to send back


def test_a_missing_or_damaged_file_is_passed_over_and_waited_for(machines: Machines) -> None:
    a, b, _ = machines.journals
    for n in range(3):
        machines.wait(60)
        b.add_note(f"note {n}", "", [], False)
        assert machines.sync(1).refused == []
    me = b.sync_machine()
    second = machines.folder / change_place(me, 2)
    kept = second.read_bytes()
    second.write_bytes(kept[:-10])  # cut short
    outcome = machines.sync(0)
    assert [r.path for r in outcome.refused] == [change_place(me, 2)]
    assert len(a.notes(10)) == 2  # the first and the third
    assert a.sync_seen()[me] == 1  # the second is read again next time
    second.unlink()  # gone meanwhile: the third is applied again, harmlessly
    outcome = machines.sync(0)
    assert outcome.refused == [] and outcome.waiting == {me: 2}
    second.write_bytes(kept)  # the syncer brings it
    outcome = machines.sync(0)
    assert outcome.refused == [] and outcome.waiting == {}
    assert a.sync_seen()[me] == 3
    same(machines, 0, 1)


def test_a_body_the_journal_cannot_take_is_refused_whole(machines: Machines) -> None:
    a, b, _ = machines.journals
    a.add_note("fine", "", [], False)
    a.add_goal("Fine too", WEEK)
    a.sync_collect(a.clock())
    body = json.loads(a.sync_outbox()[0][1])
    broken = json.loads(json.dumps(body))
    goal = next(c for c in broken["changes"] if c["t"] == "goals")
    goal["r"]["status"] = "sideways"
    with pytest.raises(RefusedBody, match="status"):
        b.sync_apply(broken)
    assert b.dump()["notes"] == [] and b.sync_seen() == {}
    misfiled = json.loads(json.dumps(body))
    next(c for c in misfiled["changes"] if c["t"] == "notes")["k"] = "another"
    with pytest.raises(RefusedBody, match="another key"):
        b.sync_apply(misfiled)
    assert b.sync_apply(body) == 2


def test_a_journal_put_back_from_a_backup_takes_a_new_machine_id(machines: Machines) -> None:
    """Its old id's later files are someone else's now: applied, not overwritten."""
    a = machines.journals[0]
    a.add_note("before the backup", "", [], False)
    everyone_syncs(machines, rounds=1)
    a.close()
    path = machines.home / "machine0.db"
    backup = machines.home / "backup.db"
    shutil.copyfile(path, backup)
    a = machines.journals[0] = machines.open(0)
    old = a.sync_machine()
    a.add_note("after the backup", "", [], False)
    everyone_syncs(machines, rounds=1)
    a.close()
    shutil.copyfile(backup, path)  # put back: "after the backup" is only in the folder now
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    a = machines.journals[0] = machines.open(0)
    a.add_note("after the restore", "", [], False)
    everyone_syncs(machines)
    assert a.sync_machine() != old
    titles = sorted(n.title for n in a.notes(10))
    assert titles == ["after the backup", "after the restore", "before the backup"]
    same(machines)


def test_the_folder_s_identity_is_taken_and_windows_are_never_mixed(machines: Machines) -> None:
    a, b, c = machines.journals
    a.add_goal("Mine", WEEK)
    c.add_note("c began before anyone synced", "", [], False)
    began = c.meta("created_at")
    everyone_syncs(machines)
    # b was empty: it became a's journal; c keeps its own start, the earliest (its clock is
    # behind), and every machine takes it
    assert a.sync_identity() == b.sync_identity() == c.sync_identity()
    assert a.meta("created_at") == began < BEGAN.isoformat()
    same(machines)
    with pytest.raises(UsageError, match="start in 2019"):
        c.sync_adopt_identity({"journal_id": "f" * 32, "start_year": "2019"})
    for entry in b.entries():  # b empties itself: it keeps the earliest start all the same
        b.discard_entry(entry.id)
    for goal in b.goals():
        with b.transaction():
            b.conn.execute("DELETE FROM goals WHERE id = ?", (goal.id,))
    for note in b.notes(10):
        with b.transaction():
            b.conn.execute("DELETE FROM notes WHERE id = ?", (note.id,))
    everyone_syncs(machines)
    assert b.meta("created_at") == began
    same(machines)


def test_a_journal_that_never_syncs_keeps_the_sync_tables_empty(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.db", lambda: BEGAN)
    try:
        journal.add_goal("Alone", WEEK)
        tables = ("sync_state", "sync_seen", "sync_outbox", "sync_parked")
        for table in tables:
            assert journal.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        assert journal.meta("sync_machine") is None
    finally:
        journal.close()


KILLED_SYNC = """
import sys
from datetime import datetime, timedelta, UTC
from pathlib import Path
from punchin.store import Journal
from punchin.sync.engine import run
from punchin.sync.folder import Folder

home = Path(sys.argv[1])
clock = lambda: datetime(2026, 6, 10, 13, tzinfo=UTC)
journal = Journal.open(home / "machine1.db", clock)
folder, _ = Folder.open(home / "folder", None, True, journal.sync_identity())
run(journal, folder, clock(), "killed")
"""


def test_a_sync_killed_while_applying_a_file_leaves_the_journal_as_before(
    machines: Machines, tmp_path: Path
) -> None:
    a, b, _ = machines.journals
    b.add_note("b's own", "", [], False)
    assert machines.sync(1).refused == []
    for n in range(3):
        a.add_note(f"note {n}", "body", [], False)
    goal = a.add_goal("Killed?", WEEK)
    entry = a.start_entry("week", WEEK, "en")
    a.save_answer(entry.id, "mentor", "whole or nothing")
    a.save_diagnosis(entry.id, goal.id, Cause.LAZINESS, None, None)
    assert machines.sync(0).refused == []
    before = b.dump()
    seen = b.sync_seen()
    b.close()
    points = Points(tmp_path / "points")
    env = points.env(dict(os.environ), hold="sync.applying")
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_SYNC, str(machines.home)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        points.wait("sync.applying", process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    b = machines.journals[1] = machines.open(1)
    assert b.dump() == before and b.sync_seen() == seen
    assert b.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    everyone_syncs(machines)  # the next sync applies the whole file
    same(machines)
    assert len(b.notes(10)) == 4


def test_a_body_that_would_leave_a_reference_dangling_is_refused_whole(
    machines: Machines, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a merge ever leave a goal pointing at one not here, the commit refuses it:
    the body is refused, nothing of it stays, and the journal goes on."""
    a, b, _ = machines.journals
    parent = a.add_goal("Parent", period("2026-Q2"))
    a.add_goal("Child", WEEK, parent_id=parent.id)
    a.sync_collect(a.clock())
    body = json.loads(a.sync_outbox()[0][1])
    body["changes"] = [c for c in body["changes"] if c["k"] != parent.id]
    b.sync_apply({**body, "changes": [], "number": 1})  # b knows the parent as deleted:
    with b.transaction():
        b.conn.execute(
            "INSERT INTO sync_state (tbl, nk, hash, stamp) VALUES ('goals', ?, NULL, ?)",
            (parent.id, "0000000000001-0000-" + "f" * 32),
        )
    monkeypatch.setattr(type(b), "_clear_dangling", lambda self: None)
    with pytest.raises(RefusedBody, match="FOREIGN KEY"):
        b.sync_apply({**body, "number": 2})
    assert b.dump()["goals"] == [] and b.sync_seen()[a.sync_machine()] == 1
    b.add_note("still usable", "", [], False)


def test_two_goals_made_by_one_answer_on_two_machines(machines: Machines) -> None:
    """Both stay (nothing is lost); the newer one keeps the answer as its origin, on every
    machine, so that amending the answer changes that one."""
    a, b, _ = machines.journals
    entry = a.start_entry("week", WEEK, "en")
    everyone_syncs(machines, rounds=1)
    origin = f"{entry.id}:plan.x"
    first = a.add_goal("From A", period("2026-W24"), origin=origin)
    machines.wait(60)
    second = b.add_goal("From B", period("2026-W24"), origin=origin)
    everyone_syncs(machines)
    same(machines)
    assert a.goal_id_by_origin(origin) == second.id
    assert a.goal(first.id).title == "From A"


def test_files_pruned_before_a_machine_read_them_come_from_the_snapshot(
    machines: Machines,
) -> None:
    """A journal put back from an old backup has read less than its state.json said: the
    files it lacks were pruned meanwhile, and the newest snapshot stands in for them."""
    a, b, _ = machines.journals
    for n in range(5):
        machines.wait(60)
        a.add_note(f"note {n}", "", [], False)
        everyone_syncs(machines, rounds=1)
    first = machines.folder / change_place(a.sync_machine(), 1)
    assert not first.exists()  # pruned
    with b.transaction():  # as an old backup of b would have it
        b.conn.execute("UPDATE sync_seen SET upto = 0")
        b.conn.execute("DELETE FROM notes")
        b.conn.execute("DELETE FROM sync_state WHERE tbl = 'notes'")
    outcome = machines.sync(1)
    assert outcome.refused == [] and outcome.waiting == {}
    assert sorted(n.title for n in b.notes(10)) == [f"note {n}" for n in range(5)]
    everyone_syncs(machines)
    same(machines)
