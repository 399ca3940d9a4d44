"""Three journals on three machines whose clocks disagree, one sync folder between them:
whatever is written where, in whatever order they sync, with half-copied files lying in the
folder, once every machine has synced twice in turn the three exports are the same, and
nothing written was lost on the way."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule
from sync_machines import Machines, dumps_differ, ids_from

from punchin.errors import PunchinError
from punchin.models import Cause, EntryStatus, GoalStatus
from punchin.periods import Period, parse_period_label
from punchin.store import Journal

WEEKS = ("2026-W18", "2026-W19", "2026-W20", "2026-W21", "2026-W22")
GOAL_PERIODS = ("2026-W21", "2026-W22", "2026-Q2")
KEYS = ("accomplished", "mentor", "blockers")
MACHINE = st.integers(0, 2)
SKEW = st.integers(-3 * 3600, 3 * 3600)  # seconds: up to three hours either way
WORDS = st.text(alphabet="ab 中", min_size=1, max_size=4).filter(str.strip)
SOME_TEXT = st.text(alphabet="ab 中", max_size=4)


def period(label: str) -> Period:
    found = parse_period_label(label)
    assert found is not None
    return found


class SyncingMachines(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.machines: Machines | None = None
        self.home: Path | None = None
        # what must be there at the end, whatever happened on the way
        self.notes: set[str] = set()  # ids of every note written (notes are never deleted)
        self.plain_goals: set[str] = set()  # goals no check-in made: never deleted
        self.parents: dict[str, set[str | None]] = {}  # goal -> every parent it was given
        self.answers: dict[tuple[str, str], set[str]] = {}  # (week, key) -> values written
        self.diagnosed: set[tuple[str, str]] = set()  # (week, goal)
        self.discarded: set[str] = set()  # weeks discarded somewhere, some time
        self.ids = ExitStack()

    @initialize(skews=st.lists(SKEW, min_size=3, max_size=3), seed=st.integers(0, 2**32))
    def start(self, skews: list[int], seed: int) -> None:
        self.ids = ExitStack()
        self.ids.enter_context(ids_from(seed))
        self.home = Path(tempfile.mkdtemp(prefix="punchin-sync-"))
        self.machines = Machines(self.home, skews)

    def journal(self, number: int) -> Journal:
        assert self.machines is not None
        return self.machines.journals[number]

    # -- what a person does on one machine ----------------------------------------------------

    @rule(seconds=st.sampled_from([0, 1, 59, 600, 7200]))
    def time_passes(self, seconds: int) -> None:
        assert self.machines is not None
        self.machines.wait(seconds)

    @rule(m=MACHINE, title=WORDS, on=st.sampled_from(GOAL_PERIODS), data=st.data())
    def add_goal(self, m: int, title: str, on: str, data: st.DataObject) -> None:
        journal = self.journal(m)
        goals = [g.id for g in journal.goals()]
        parent = data.draw(st.sampled_from([None, *goals]))
        goal = journal.add_goal(title, period(on), parent_id=parent)
        self.plain_goals.add(goal.id)
        self.parents[goal.id] = {parent}

    @rule(m=MACHINE, data=st.data())
    def edit_goal(self, m: int, data: st.DataObject) -> None:
        journal = self.journal(m)
        goals = [g.id for g in journal.goals()]
        if not goals:
            return
        goal = data.draw(st.sampled_from(goals))
        change = data.draw(
            st.one_of(
                st.fixed_dictionaries({"title": WORDS}),
                st.fixed_dictionaries({"status": st.sampled_from(list(GoalStatus))}),
                st.fixed_dictionaries({"progress": st.sampled_from([None, 0.0, 0.5, 1])}),
                st.fixed_dictionaries({"private": st.booleans()}),
                st.fixed_dictionaries({"parent_id": st.sampled_from([None, *goals])}),
            )
        )
        with contextlib.suppress(PunchinError):  # a goal made to serve itself: refused
            journal.update_goal(goal, **change)
            if "parent_id" in change and goal in self.parents:
                self.parents[goal].add(change["parent_id"])

    @rule(m=MACHINE, week=st.sampled_from(WEEKS), key=st.sampled_from(KEYS), value=SOME_TEXT)
    def answer(self, m: int, week: str, key: str, value: str) -> None:
        """The same week, the same question, answered on any machine."""
        journal = self.journal(m)
        entry = journal.start_entry("week", period(week), "en")
        journal.save_answer(entry.id, key, value)
        self.answers.setdefault((week, key), set()).add(value)

    @rule(m=MACHINE, week=st.sampled_from(WEEKS), seconds=st.integers(0, 900))
    def finish(self, m: int, week: str, seconds: int) -> None:
        journal = self.journal(m)
        entry = journal.start_entry("week", period(week), "en")
        journal.set_entry_time(entry.id, seconds)
        journal.set_entry_status(entry.id, EntryStatus.DONE)

    @rule(m=MACHINE, week=st.sampled_from(WEEKS), key=st.sampled_from(KEYS), title=WORDS)
    def plan_goal(self, m: int, week: str, key: str, title: str) -> None:
        """A goal made by an answer (its origin), as a check-in's plan makes it: discarding
        the check-in takes it away again."""
        journal = self.journal(m)
        entry = journal.start_entry("week", period(week), "en")
        journal.add_goal(title, period("2026-W23"), origin=f"{entry.id}:plan.{key}")

    @rule(
        m=MACHINE,
        week=st.sampled_from(WEEKS),
        cause=st.sampled_from(list(Cause)),
        words=SOME_TEXT,
        commit=st.booleans(),
        data=st.data(),
    )
    def diagnose(
        self, m: int, week: str, cause: Cause, words: str, commit: bool, data: st.DataObject
    ) -> None:
        journal = self.journal(m)
        goals = [g.id for g in journal.goals()]
        if not goals:
            return
        goal = data.draw(st.sampled_from(goals))
        entry = journal.start_entry("week", period(week), "en")
        journal.save_diagnosis(entry.id, goal, cause, words or None, "own")
        self.diagnosed.add((week, goal))
        if commit:
            journal.save_commitment(entry.id, goal, "2026-W23", cause, "own", words)

    @rule(m=MACHINE, week=st.sampled_from(WEEKS), kept=st.sampled_from(["yes", "no"]))
    def review_commitments(self, m: int, week: str, kept: str) -> None:
        journal = self.journal(m)
        due = journal.commitments(period="2026-W23")
        if not due:
            return
        entry = journal.start_entry("week", period(week), "en")
        journal.mark_commitment(due[0].id, kept, entry.id)

    @rule(m=MACHINE, title=SOME_TEXT, body=SOME_TEXT)
    def add_note(self, m: int, title: str, body: str) -> None:
        note = self.journal(m).add_note(title, body, ["t"] if body else [], bool(title))
        self.notes.add(note.id)

    @rule(m=MACHINE, week=st.sampled_from(WEEKS))
    def discard(self, m: int, week: str) -> None:
        """A check-in let go of: gone with everything it held and made."""
        journal = self.journal(m)
        entry = journal.entry("week", week)
        if entry is not None:
            journal.discard_entry(entry.id)
            self.discarded.add(week)

    # -- the folder ---------------------------------------------------------------------------

    @rule(m=MACHINE)
    def sync(self, m: int) -> None:
        assert self.machines is not None
        outcome = self.machines.sync(m)
        assert outcome.refused == []

    @rule(order=st.permutations(range(3)), many=st.integers(1, 3))
    def sync_some(self, order: list[int], many: int) -> None:
        """Machines syncing one after another, as files pass between them."""
        for m in order[:many]:
            self.sync(m)

    @rule(
        order=st.permutations(range(3)),
        week=st.sampled_from(WEEKS),
        key=st.sampled_from(KEYS),
        title=WORDS,
    )
    def relay(self, order: list[int], week: str, key: str, title: str) -> None:
        """What one machine wrote, built on by a second before a third has heard of it:
        the third may read the second's files before the first's."""
        first, second, third = (self.journal(m) for m in order)
        entry = first.start_entry("week", period(week), "en")
        parent = first.add_goal(title, period("2026-Q2"))
        self.plain_goals.add(parent.id)
        self.sync(order[0])
        self.sync(order[1])
        entry = second.start_entry("week", period(week), "en")
        second.save_answer(entry.id, key, title)
        self.answers.setdefault((week, key), set()).add(title)
        if second.goal_or_none(parent.id) is not None:
            child = second.add_goal(title, period("2026-W22"), parent_id=parent.id)
            second.save_diagnosis(entry.id, parent.id, Cause.OTHER, title, None)
            self.plain_goals.add(child.id)
            self.parents[child.id] = {parent.id}
            self.diagnosed.add((week, parent.id))
        self.sync(order[1])
        del third  # it syncs, hearing of both at once
        self.sync(order[2])

    @rule(
        order=st.permutations(range(3)),
        week=st.sampled_from(WEEKS),
        key=st.sampled_from(KEYS),
        titles=st.lists(WORDS, min_size=2, max_size=2),
    )
    def plan_on_two(self, order: list[int], week: str, key: str, titles: list[str]) -> None:
        """The same check-in continued on two machines, each planning the same goal before
        hearing of the other's: two goals made by one answer."""
        self.journal(order[0]).start_entry("week", period(week), "en")
        self.sync(order[0])
        self.sync(order[1])
        for m, title in zip(order[:2], titles, strict=True):
            self.plan_goal(m, week, key, title)

    @rule(m=MACHINE)
    def new_computer(self, m: int) -> None:
        """A machine syncs one last time and is replaced by a new one, whose journal begins
        empty and joins from the folder (its newest snapshot, then the files after it)."""
        assert self.machines is not None
        self.sync(m)
        self.machines.journals[m].close()
        self.machines.replaced += 1
        self.machines.journals[m] = self.machines.open(m, f"new{self.machines.replaced}.db")

    @rule(m=MACHINE, data=st.data(), damaged=st.booleans())
    def file_late(self, m: int, data: st.DataObject, damaged: bool) -> None:
        """A machine syncs while one change file has not arrived yet (or has arrived cut
        short): the files after it are applied all the same, and it is read once it is
        there."""
        assert self.machines is not None
        files = sorted(self.machines.folder.glob("machines/*/*.change"))
        if not files:
            return
        late = data.draw(st.sampled_from(files))
        kept = late.read_bytes()
        if damaged:
            late.write_bytes(kept[: len(kept) // 2])
        else:
            late.unlink()
        outcome = self.machines.sync(m)
        place = late.relative_to(self.machines.folder).as_posix()
        assert [r.path for r in outcome.refused] in ([], [place] if damaged else [])
        late.write_bytes(kept)

    @rule(data=st.data(), junk=st.binary(max_size=64))
    def half_copied_file(self, data: st.DataObject, junk: bytes) -> None:
        """What a file syncer leaves while it copies: a temporary name beside the files."""
        assert self.machines is not None
        folder = self.machines.folder
        if not folder.exists():
            return
        places = [*sorted(p for p in folder.rglob("*") if p.is_dir()), folder]
        where = data.draw(st.sampled_from(places))
        name = data.draw(
            st.sampled_from(
                [
                    ".000000000009.change.abcdefgh.tmp",
                    ".syncthing.000000000002.change.tmp",
                    "000000000001.sync-conflict-20260610-120000-ABCDEFG.change",
                    "~000000000003.change",
                ]
            )
        )
        (where / name).write_bytes(junk)

    # -- after everyone has synced twice --------------------------------------------------------

    def teardown(self) -> None:
        machines, self.machines = self.machines, None
        if machines is None:
            self.ids.close()
            return
        try:
            for _ in range(2):
                for number in range(3):
                    assert machines.sync(number).refused == []
            dumps = [journal.dump() for journal in machines.journals]
            assert dumps[0] == dumps[1] == dumps[2], dumps_differ(dumps)
            self.nothing_lost(dumps[0])
            for journal in machines.journals:
                assert journal.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            machines.close()
            self.ids.close()
            assert self.home is not None
            shutil.rmtree(self.home, ignore_errors=True)

    def nothing_lost(self, dump: dict[str, Any]) -> None:
        """Every note and every goal written by hand is there; a goal's parent is one it was
        given (a parent a check-in made may have been deleted with it); every question
        answered, and every goal diagnosed, in a week never discarded is there, with one of
        the answers given to it."""
        assert {n["id"] for n in dump["notes"]} == self.notes
        goals = {g["id"]: g for g in dump["goals"]}
        assert self.plain_goals <= set(goals)
        for goal, given in self.parents.items():
            if not given <= self.plain_goals | {None}:
                given = given | {None}
            assert goals[goal]["parent_id"] in given, goal
        weeks = {e["id"]: e["period"] for e in dump["entries"]}
        answered = {(weeks[a["entry_id"]], a["key"]): a["value"] for a in dump["answers"]}
        for (week, key), values in self.answers.items():
            if week not in self.discarded:
                assert answered.get((week, key)) in values, (week, key)
        diagnosed = {(weeks[d["entry_id"]], d["goal_id"]) for d in dump["diagnoses"]}
        for week, goal in self.diagnosed:
            if week not in self.discarded and goal in self.plain_goals:
                assert (week, goal) in diagnosed, (week, goal)


SyncingMachines.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSyncingMachines = SyncingMachines.TestCase
