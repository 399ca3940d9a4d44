"""A goal's own record, read at the moment it is judged: how its line of work fell short
before, what was committed for it, and which remedies have already been tried.

A mentor is hard with evidence, not with adjectives: "the third week running, each time
laziness, and the calendar did not hold". This module decides those facts; the weekly
check-in words them (`reviews/evidence.py`). Pure: it takes a `History` of the recent weeks
and the goal's carried-over chain, both read with bounded, indexed queries, so its cost
follows the window and never the journal's age.
"""

from __future__ import annotations

from typing import NamedTuple

from punchin.method.digest import further, line_key
from punchin.models import Cause, Commitment, Goal, GoalStatus
from punchin.periods import Period
from punchin.store.history import History

WINDOW_WEEKS = 12  # how far back a line of work is read: about a quarter
SHOWN = 3  # at most this many earlier shortfalls named in a line
SHORT = (GoalStatus.MISSED, GoalStatus.PARTLY)


class Shortfall(NamedTuple):
    """A week in which the line of work was missed or only partly done."""

    week: str
    title: str
    status: str  # "missed" or "partly"
    cause: str | None  # the diagnosed cause, when one was given
    same: bool  # the same goal (by title or carried over), not a sibling under one parent


class Tried(NamedTuple):
    """A remedy chosen for the line before, and how it went."""

    remedy: str
    cause: str
    week: str  # the week the commitment was for
    kept: str | None  # yes / partly / no, or None when never reviewed
    better: bool  # the week it was for went further than the week it was chosen in

    @property
    def held(self) -> bool:
        """Kept, and the week after was better: a remedy that worked is not 'tried'."""
        return self.kept == "yes" and self.better


class Evidence(NamedTuple):
    shortfalls: list[Shortfall]  # newest first
    commitment: Commitment | None  # the newest commitment made for the line
    tried: list[Tried]  # newest first

    @property
    def empty(self) -> bool:
        return not self.shortfalls and self.commitment is None


def window(week: Period) -> tuple[Period, Period]:
    """The weeks a line of work is read over: the `WINDOW_WEEKS` before `week`, and it."""
    first = week
    for _ in range(WINDOW_WEEKS):
        first = first.previous()
    return first, week


def line_of(goal: Goal, history: History, chain: list[Goal]) -> list[Goal]:
    """The goal's line of work before it: the goals it was carried over from, week goals of
    the same title, and other week goals serving the same quarter goal; oldest first."""
    carried = {g.id for g in chain}
    key = line_key(goal.title)
    members = {
        g.id: g
        for g in history.goals
        if g.id != goal.id
        and g.period < goal.period
        and g.status is not GoalStatus.DROPPED
        and (
            g.id in carried
            or line_key(g.title) == key
            or (goal.parent_id is not None and g.parent_id == goal.parent_id)
        )
    }
    for older in chain[1:]:  # carried from further back than the window
        if older.id not in members and older.period < goal.period:
            members[older.id] = older
    return sorted(members.values(), key=lambda g: g.period)


def evidence(goal: Goal, history: History, chain: list[Goal]) -> Evidence:
    """What the journal holds about `goal`'s line of work, as of the check-in judging it."""
    members = line_of(goal, history, chain)
    ids = {g.id for g in members}
    same = {g.id for g in chain} | {
        g.id for g in members if line_key(g.title) == line_key(goal.title)
    }
    causes = {d.goal_id: d.cause.value for d in history.diagnoses if d.goal_id in ids}
    shortfalls = [
        Shortfall(g.period, g.title, g.status.value, causes.get(g.id), g.id in same)
        for g in reversed(members)
        if g.status in SHORT
    ]
    # commitments and remedies are the goal's own line's (the same goal, carried over or of the
    # same title), never a sibling's: another goal's remedy was not tried on this one
    made = [c for c in history.commitments if c.goal_id in ids and c.goal_id in same]
    by_id = {g.id: g for g in members} | {goal.id: goal}
    by_week = {g.period: g for g in members if g.id in same} | {goal.period: goal}
    tried = [
        Tried(c.remedy, c.cause.value, c.period, c.kept, _better(by_id, by_week, c))
        for c in reversed(made)
    ]
    return Evidence(shortfalls, made[-1] if made else None, tried)


def repeated(found: Evidence, cause: Cause) -> list[Shortfall]:
    """The newest diagnosed shortfalls of the goal itself (carried over, or of the same
    title) that share `cause`, without a different cause between them: "laziness again, the
    third time running". Another goal under the same quarter goal is evidence to show, but
    neither makes nor breaks this goal's run."""
    run = []
    for shortfall in found.shortfalls:
        if shortfall.cause is None or not shortfall.same:
            continue
        if shortfall.cause != cause.value:
            break
        run.append(shortfall)
    return run


def failed(found: Evidence, cause: Cause) -> dict[str, Tried]:
    """The remedies for `cause` already tried on this line that did not hold (not kept, or
    kept without a better week after), the newest try of each."""
    tried: dict[str, Tried] = {}
    for attempt in found.tried:
        if attempt.cause == cause.value and attempt.remedy not in tried:
            tried[attempt.remedy] = attempt
    return {remedy: attempt for remedy, attempt in tried.items() if not attempt.held}


def next_rung(ladder: list[str], tried: dict[str, Tried]) -> str | None:
    """The rung of the method's ladder just above the strongest one tried and not holding."""
    reached = [ladder.index(remedy) for remedy in tried if remedy in ladder]
    if not reached or max(reached) + 1 >= len(ladder):
        return None
    return ladder[max(reached) + 1]


def escalated(offered: list[str], ladder: list[str], tried: dict[str, Tried]) -> list[str]:
    """The remedies in the order a mentor would now offer them: the next rung of the
    method's ladder first (which may be one offered only now, such as the method's remedy at
    full strength), then what was not tried, in its usual order, then what was tried and did
    not hold, last."""
    if not tried:
        return offered
    step = next_rung(ladder, tried)
    first = [step] if step is not None else []
    fresh = [remedy for remedy in offered if remedy not in tried and remedy not in first]
    stale = [remedy for remedy in offered if remedy in tried]
    return [*first, *fresh, *stale]


def _better(by_id: dict[str, Goal], by_week: dict[str, Goal], made: Commitment) -> bool:
    """Whether the week a commitment was for went further than the week it was made in."""
    before = by_id.get(made.goal_id or "")
    after = by_week.get(made.period)
    if before is None or after is None or after.status is GoalStatus.OPEN:
        return False
    return further(after) > further(before)
