"""A span of weekly check-ins, summed up: what each week held, and the patterns across them.

Pure: it takes the facts a `History` holds and returns numbers and findings; the quarterly
review shows them before asking anything, and the reports draw them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import NamedTuple

from punchin.models import Cause, Commitment, Diagnosis, Goal, GoalStatus
from punchin.periods import Period, review_week, week_of
from punchin.store import Journal
from punchin.store.history import History


class WeekSummary(NamedTuple):
    label: str
    state: str  # "done", "in-progress", "missing", or "before" (the journal began later)
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
    judged: int  # the goal it was chosen for came back the week after, and was reviewed
    improved: int  # ...and went better there: done, or further than before


class GoalLine(NamedTuple):
    """One line of work across the span's weeks (the same goal, week after week): how often
    it fell short, for which causes, and how the remedies chosen for it fared."""

    title: str
    missed: int
    partly: int
    causes: dict[str, int]
    kept: int  # commitments made for it that were kept
    reviewed: int  # commitments made for it that were reviewed
    short_after_kept: int  # weeks it fell short although last week's remedy was kept

    @property
    def shortfalls(self) -> int:
        return self.missed + self.partly


class Digest(NamedTuple):
    label: str
    weeks: list[WeekSummary]
    causes: dict[str, int]  # missed goals by cause, every cause in the method's order
    remedies: list[RemedyOutcome]
    box_minutes: int
    partly_causes: dict[str, int]  # partly done goals by cause (a partly done goal is not missed)
    lines: list[GoalLine]  # lines of work that fell short at least twice, most first

    @property
    def checkins(self) -> int:
        return sum(week.state == "done" for week in self.weeks)

    @property
    def weeks_kept(self) -> int:
        """The weeks the journal was kept: those before it began count for nothing."""
        return sum(week.state != "before" for week in self.weeks)

    @property
    def longest_streak(self) -> int:
        best = run = 0
        for week in self.weeks:
            if week.state == "before":
                continue
            run = run + 1 if week.state == "done" else 0
            best = max(best, run)
        return best

    @property
    def average_minutes(self) -> float | None:
        spent = [week.minutes for week in self.weeks if week.state == "done"]
        return sum(spent) / len(spent) if spent else None

    @property
    def shortfall_causes(self) -> dict[str, int]:
        """Every goal not fully done (missed or partly) by its diagnosed cause."""
        return {cause: n + self.partly_causes.get(cause, 0) for cause, n in self.causes.items()}

    @property
    def top_cause(self) -> str | None:
        """The cause behind most goals not fully done; None when there were none, or when
        two tie."""
        causes = self.shortfall_causes
        ranked = sorted(causes.values(), reverse=True)
        if not ranked or ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return None
        return max(causes, key=lambda cause: causes[cause])

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


def digest(
    span: Period,
    weeks: list[Period],
    history: History,
    box_minutes: int,
    started: date | None = None,
) -> Digest:
    """Sum up `weeks` (which may be fewer than `history` covers: a quarter of a year). A
    week that ended before the journal began (`started`) and holds no check-in is "before":
    neither missed nor counted."""
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
        missing = "before" if started is not None and week.end < started else "missing"
        summaries.append(
            WeekSummary(
                label=week.label,
                state=missing if entry is None else entry.status.value,
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
    span_goals = {goal.id: goal for goal in history.goals if goal.period in labels}
    status_of = {
        d.goal_id: span_goals[d.goal_id].status
        for d in history.diagnoses
        if d.goal_id in span_goals
    }
    causes = _count(history.diagnoses, status_of, GoalStatus.MISSED)
    partly = _count(history.diagnoses, status_of, GoalStatus.PARTLY)
    lines = goal_lines(list(span_goals.values()), history)
    return Digest(
        span.label,
        summaries,
        causes,
        _remedies(history, span_goals),
        box_minutes,
        partly,
        [line for line in lines if line.shortfalls >= 2],
    )


def line_key(title: str) -> str:
    """What makes week goals one line of work: the same title, case and spacing aside."""
    return " ".join(title.casefold().split())


def goal_lines(goals: list[Goal], history: History) -> list[GoalLine]:
    """Each line of work (week goals of one title) with its shortfalls, their causes, and
    whether the remedies chosen for it were kept, most shortfalls first."""
    causes_by_goal = {d.goal_id: d.cause.value for d in history.diagnoses}
    commitments = {c.goal_id: c for c in history.commitments if c.goal_id}
    grouped: dict[str, list[Goal]] = {}
    for goal in sorted(goals, key=lambda g: g.period):
        if goal.status is not GoalStatus.DROPPED:
            grouped.setdefault(line_key(goal.title), []).append(goal)
    lines = []
    for members in grouped.values():
        short = [g for g in members if g.status in (GoalStatus.MISSED, GoalStatus.PARTLY)]
        counted = Counter(causes_by_goal[g.id] for g in short if g.id in causes_by_goal)
        made = [commitments[g.id] for g in members if g.id in commitments]
        kept_weeks = {c.period for c in made if c.kept == "yes"}
        lines.append(
            GoalLine(
                title=members[0].title,
                missed=sum(g.status is GoalStatus.MISSED for g in short),
                partly=sum(g.status is GoalStatus.PARTLY for g in short),
                causes={cause.value: counted[cause.value] for cause in Cause},
                kept=sum(c.kept == "yes" for c in made),
                reviewed=sum(c.kept is not None for c in made),
                short_after_kept=sum(g.period in kept_weeks for g in short),
            )
        )
    return sorted(lines, key=lambda line: -line.shortfalls)


def _count(
    diagnoses: list[Diagnosis], status_of: dict[str, GoalStatus], status: GoalStatus
) -> dict[str, int]:
    counted = Counter(d.cause.value for d in diagnoses if status_of.get(d.goal_id) is status)
    return {cause.value: counted[cause.value] for cause in Cause}


def _remedies(history: History, goals: dict[str, Goal]) -> list[RemedyOutcome]:
    """How each remedy chosen in the span turned out for the goal it was chosen for: did
    that line of work go better the week after (done, or further than before)?"""
    by_line_week = {(line_key(g.title), g.period): g for g in goals.values()}
    tally: dict[tuple[str, str], list[int]] = {}
    for commitment in history.commitments:
        key = (commitment.cause.value, commitment.remedy)
        counts = tally.setdefault(key, [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += commitment.kept == "yes"
        before = goals.get(commitment.goal_id or "")
        after = by_line_week.get((line_key(before.title), commitment.period)) if before else None
        if before is None or after is None or after.status is GoalStatus.OPEN:
            continue
        counts[2] += 1
        counts[3] += further(after) > further(before)
    return [
        RemedyOutcome(cause, remedy, *counts)
        for (cause, remedy), counts in sorted(tally.items(), key=lambda item: -item[1][0])
    ]


def further(goal: Goal) -> float:
    """How far a goal got: done is all the way, missed none, partly its progress."""
    if goal.status is GoalStatus.DONE:
        return 1.0
    if goal.status is GoalStatus.PARTLY:
        return goal.progress if goal.progress is not None else 0.5
    return 0.0


def quarter_digest(journal: Journal, quarter: Period, today: date, box_minutes: int) -> Digest:
    """The quarter's weeks, up to the one a check-in today would review, summed up."""
    weeks = [week for week in weeks_of(quarter) if week.start <= review_week(today).start]
    started = journal.created_on()
    if not weeks:
        history = journal.history(quarter.start, quarter.start)
        return digest(quarter, [], history, box_minutes, started)
    history = journal.history(weeks[0].start, weeks[-1].start)
    return digest(quarter, weeks, history, box_minutes, started)
