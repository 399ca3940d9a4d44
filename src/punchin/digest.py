"""A span of weekly check-ins, summed up: what each week held, and the patterns across them.

Pure: it takes the facts a `History` holds and returns numbers and findings; the quarterly
review shows them before asking anything, and the reports draw them.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import NamedTuple

from punchin.models import Cause, Commitment, Goal, GoalStatus
from punchin.periods import Period, week_of
from punchin.store.history import History


class WeekSummary(NamedTuple):
    label: str
    state: str  # "done", "in-progress" or "missing"
    minutes: float
    accomplished: str
    done: int
    partly: int
    missed: int
    open: int
    misses: list[tuple[str, str, str | None]]  # goal title, status (missed/partly), cause
    kept: int  # commitments due this week that were kept (fully)
    reviewed: int  # commitments due this week that were reviewed at all

    @property
    def goals(self) -> int:
        return self.done + self.partly + self.missed + self.open


class RemedyOutcome(NamedTuple):
    cause: str
    remedy: str
    chosen: int
    kept: int  # the commitment was kept the following week
    improved: int  # the following week finished a larger share of its goals


class Digest(NamedTuple):
    label: str
    weeks: list[WeekSummary]
    causes: dict[str, int]  # every cause, in the method's order
    remedies: list[RemedyOutcome]
    box_minutes: int

    @property
    def checkins(self) -> int:
        return sum(week.state == "done" for week in self.weeks)

    @property
    def longest_streak(self) -> int:
        best = run = 0
        for week in self.weeks:
            run = run + 1 if week.state == "done" else 0
            best = max(best, run)
        return best

    @property
    def average_minutes(self) -> float | None:
        spent = [week.minutes for week in self.weeks if week.state == "done"]
        return sum(spent) / len(spent) if spent else None

    @property
    def top_cause(self) -> str | None:
        """The cause behind most misses; None when there were none, or when two tie."""
        ranked = sorted(self.causes.values(), reverse=True)
        if not ranked or ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return None
        return max(self.causes, key=lambda cause: self.causes[cause])

    def total(self, field: str) -> int:
        return sum(int(getattr(week, field)) for week in self.weeks)


def weeks_of(span: Period) -> list[Period]:
    """The ISO weeks of a quarter or year: those whose Thursday falls inside it."""
    week = week_of(span.start)
    if not span.contains(week.start + timedelta(days=3)):
        week = week.next()
    weeks = []
    while span.contains(week.start + timedelta(days=3)):
        weeks.append(week)
        week = week.next()
    return weeks


def digest(span: Period, weeks: list[Period], history: History, box_minutes: int) -> Digest:
    """Sum up `weeks` (which may be fewer than `history` covers: a quarter of a year)."""
    labels = {week.label for week in weeks}
    entries = {entry.period: entry for entry in history.entries if entry.period in labels}
    inside = {entry.id for entry in entries.values()}
    history = history._replace(
        diagnoses=[d for d in history.diagnoses if d.entry_id in inside],
        commitments=[c for c in history.commitments if c.entry_id in inside],
    )
    causes_by_goal = {d.goal_id: d.cause.value for d in history.diagnoses}
    goals_by_week: dict[str, list[Goal]] = {}
    for goal in history.goals:
        if goal.status is not GoalStatus.DROPPED:
            goals_by_week.setdefault(goal.period, []).append(goal)
    due_by_week: dict[str, list[Commitment]] = {}
    for commitment in history.commitments:
        due_by_week.setdefault(commitment.period, []).append(commitment)

    summaries = []
    for week in weeks:
        entry = entries.get(week.label)
        goals = goals_by_week.get(week.label, [])
        status = Counter(goal.status for goal in goals)
        due = due_by_week.get(week.label, [])
        summaries.append(
            WeekSummary(
                label=week.label,
                state="missing" if entry is None else entry.status.value,
                minutes=entry.seconds_spent / 60 if entry else 0.0,
                accomplished=history.accomplished.get(entry.id, "") if entry else "",
                done=status[GoalStatus.DONE],
                partly=status[GoalStatus.PARTLY],
                missed=status[GoalStatus.MISSED],
                open=status[GoalStatus.OPEN],
                misses=[
                    (goal.title, goal.status.value, causes_by_goal.get(goal.id))
                    for goal in goals
                    if goal.status in (GoalStatus.MISSED, GoalStatus.PARTLY)
                ],
                kept=sum(c.kept == "yes" for c in due),
                reviewed=sum(c.kept is not None for c in due),
            )
        )
    counted = Counter(d.cause.value for d in history.diagnoses)
    causes = {cause.value: counted[cause.value] for cause in Cause}
    return Digest(span.label, summaries, causes, _remedies(history, summaries), box_minutes)


def _remedies(history: History, weeks: list[WeekSummary]) -> list[RemedyOutcome]:
    """How each remedy chosen in the span turned out the week after it was chosen."""
    by_label = {week.label: week for week in weeks}
    entry_week = {entry.id: entry.period for entry in history.entries}
    tally: dict[tuple[str, str], list[int]] = {}
    for commitment in history.commitments:
        key = (commitment.cause.value, commitment.remedy)
        counts = tally.setdefault(key, [0, 0, 0])
        counts[0] += 1
        counts[1] += commitment.kept == "yes"
        before = by_label.get(entry_week.get(commitment.entry_id, ""))
        after = by_label.get(commitment.period)
        if before and after and after.goals and _share(after) > _share(before):
            counts[2] += 1
    return [
        RemedyOutcome(cause, remedy, *counts)
        for (cause, remedy), counts in sorted(tally.items(), key=lambda item: -item[1][0])
    ]


def _share(week: WeekSummary) -> float:
    return week.done / week.goals if week.goals else 0.0
