"""What may leave the journal: the model of a report made to be handed on (`--share`).

A shared report is built field by field from what is declared here, never by deleting lines
from the private report: the causes laziness, ability and motivation, their remedies and
commitments, the mentor's view, the notes to oneself, the yearly and five-year motivation
answers, path assessments and notes are never read into it, so no renderer can show them,
and a field added to the private report later stays private until it is declared here.

It keeps what a reader needs: what got done, the goals with their status, progress and
scores, the goals they serve, what is planned next, and blockers from outside (misses whose
cause is something else, of the kind "an outside event" or "bad timing", in the person's own
one-line note). Goals marked private, and everything under them, are left out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from punchin.method.digest import weeks_of
from punchin.models import Cause, Goal, GoalStatus, Horizon
from punchin.periods import Period, quarter_of, review_week
from punchin.store import Journal
from punchin.store.history import History

Model = dict[str, Any]

# The kinds of "something else" that are outside one's control, and so a blocker to name.
OUTSIDE = ("events", "timing")


def shared(journal: Journal, period: Period, today: date, name: str) -> Model:
    """The shared report of a week, a quarter or a year."""
    hidden = journal.private_goal_ids()
    head: Model = {
        "kind": period.horizon.value,
        "shared": True,
        "name": name.strip() or None,
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    if period.horizon is Horizon.WEEK:
        return head | _week(journal, period, hidden)
    if period.horizon is Horizon.QUARTER:
        return head | _quarter(journal, period, today, hidden)
    return head | _year(journal, period, today, hidden)


def wins(journal: Journal, first: date, last: date, name: str) -> Model:
    """Results between two dates, ready for a self-review form or an advisor's annual
    report: grouped by the year goal and the quarter goal they served, with dates and
    scores, then the results named at each finished weekly check-in. A result belongs to
    the range when its period ends inside it (a week goal by its Sunday, a quarter or year
    goal when it is scored); a longer goal with results inside the range heads them."""
    hidden = journal.private_goal_ids()
    begun = _monday(first)

    def shown(goal: Goal) -> bool:
        return goal.id not in hidden and goal.status is not GoalStatus.DROPPED

    def inside(goal: Goal) -> bool:
        end = _period_end(goal.period)
        return end is not None and first <= end <= last

    weeks = journal.goals_between(Horizon.WEEK, begun, last)
    results = [g for g in weeks if shown(g) and inside(g) and _counts(g)]
    quarters = journal.goals_between(Horizon.QUARTER, quarter_of(begun).start, last)
    years = journal.goals_between(Horizon.YEAR, date(begun.year, 1, 1), last)
    by_parent: dict[str | None, list[Goal]] = {}
    for goal in results:
        by_parent.setdefault(goal.parent_id, []).append(goal)
    heads = [q for q in quarters if shown(q) and ((inside(q) and _counts(q)) or q.id in by_parent)]
    quarters_under: dict[str | None, list[Goal]] = {}
    for quarter in heads:
        quarters_under.setdefault(quarter.parent_id, []).append(quarter)
    groups: list[Model] = []
    grouped: set[str] = set()
    for year in years:
        held = year.id in quarters_under or year.id in by_parent
        if not shown(year) or not ((inside(year) and _counts(year)) or held):
            continue
        grouped.add(year.id)
        groups.append(
            {
                "goal": _goal_fields(year),
                "quarters": [_quarter_group(q, by_parent) for q in quarters_under.get(year.id, [])],
                "results": [_result(g) for g in by_parent.get(year.id, [])],
            }
        )
    loose = [q for q in heads if q.parent_id not in grouped]
    if loose:
        groups.append(
            {
                "goal": None,
                "quarters": [_quarter_group(q, by_parent) for q in loose],
                "results": [],
            }
        )
    placed = grouped | {q.id for q in heads}
    done_weeks = {
        week.isoformat() for week in journal.week_starts(begun, last)
    }  # finished check-ins only: a draft is not a result
    named = [
        {"week": label, "end": end.isoformat(), "text": text}
        for label, text in _accomplished(journal, begun, last)
        if (end := _period_end(label)) is not None
        and first <= end <= last
        and (end - timedelta(days=6)).isoformat() in done_weeks
    ]
    return {
        "kind": "wins",
        "shared": True,
        "name": name.strip() or None,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "groups": groups,
        "other": [_result(g) for g in results if g.parent_id not in placed],
        "named": named,
    }


# -- the three periods -------------------------------------------------------------------------


def _week(journal: Journal, week: Period, hidden: set[str]) -> Model:
    """A week: its goals always; what got done and the blockers only once its check-in is
    finished (a draft is not handed on as if it were the week's account)."""
    entry = journal.entry("week", week.label)
    finished = entry is not None and entry.status.value == "done"
    answers = journal.answers(entry.id) if entry and finished else {}
    goals = _visible(journal, week, hidden)
    details = {d.goal_id: d for d in journal.diagnoses(entry.id)} if entry and finished else {}
    blockers = []
    for goal in goals:
        found = details.get(goal.id)
        if found is not None and found.cause is Cause.OTHER:
            blocker = _blocker(goal, found.detail)
            if blocker is not None:
                blockers.append(blocker)
    return {
        "checkin": "done" if finished else ("in-progress" if entry else "missing"),
        "results": answers.get("accomplished", ""),
        "goals": [_goal_fields(g, journal, hidden) for g in goals],
        "blockers": blockers,
        "next": _next(journal, week.next(), hidden),
    }


def _quarter(journal: Journal, quarter: Period, today: date, hidden: set[str]) -> Model:
    weeks = [w for w in weeks_of(quarter) if w.start <= review_week(today).start]
    history = _history(journal, weeks)
    return {
        "goals": [_goal_fields(g, journal, hidden) for g in _visible(journal, quarter, hidden)],
        "weeks": _weeks(history, weeks, hidden),
        "blockers": _blockers(history, hidden) + _review_blockers(journal, quarter, hidden),
        "next": _next(journal, quarter.next(), hidden),
    }


def _year(journal: Journal, year: Period, today: date, hidden: set[str]) -> Model:
    weeks = [w for w in weeks_of(year) if w.start <= review_week(today).start]
    history = _history(journal, weeks)
    quarters, reviewed = [], []
    for number in range(4):
        quarter = quarter_of(date(year.start.year, 3 * number + 1, 1))
        goals = _visible(journal, quarter, hidden)
        quarters.append(
            {"period": quarter.label, "goals": [_goal_fields(g, journal, hidden) for g in goals]}
        )
        reviewed += _review_blockers(journal, quarter, hidden)
    return {
        "goals": [_goal_fields(g, journal, hidden) for g in _visible(journal, year, hidden)],
        "quarters": quarters,
        "weeks": _weeks(history, weeks, hidden),
        "blockers": _blockers(history, hidden) + reviewed,
        "next": _next(journal, year.next(), hidden),
    }


# -- the parts ---------------------------------------------------------------------------------


def _visible(journal: Journal, period: Period, hidden: set[str]) -> list[Goal]:
    return [
        g
        for g in journal.period_goals(period)
        if g.id not in hidden and g.status is not GoalStatus.DROPPED
    ]


def _goal_fields(
    goal: Goal, journal: Journal | None = None, hidden: set[str] | None = None
) -> Model:
    """A goal as a reader sees it: title, period, status, progress or score, and the goal
    it serves (by title). Never its why, measure, notes or diagnosis."""
    fields: Model = {
        "title": goal.title,
        "period": goal.period,
        "status": goal.status.value,
        "score": goal.progress,
    }
    if journal is not None:
        parent = journal.goal_or_none(goal.parent_id)
        kept = (
            parent is not None
            and parent.id not in (hidden or set())
            and parent.status is not GoalStatus.DROPPED
        )
        fields["serves"] = parent.title if parent is not None and kept else None
    return fields


def _history(journal: Journal, weeks: list[Period]) -> History | None:
    """The weekly check-ins of the span, read once for its weeks and its blockers."""
    return journal.history(weeks[0].start, weeks[-1].start) if weeks else None


def _weeks(history: History | None, weeks: list[Period], hidden: set[str]) -> list[Model]:
    """Each week with a check-in: what got done, and how its goals ended."""
    if history is None:
        return []
    done = {e.period for e in history.entries if e.status.value == "done"}
    found = []
    for week in weeks:
        if week.label not in done:
            continue
        goals = [g for g in history.goals if g.period == week.label and g.id not in hidden]
        goals = [g for g in goals if g.status is not GoalStatus.DROPPED]
        entry = next(e for e in history.entries if e.period == week.label)
        found.append(
            {
                "period": week.label,
                "results": history.accomplished.get(entry.id, ""),
                "done": sum(g.status is GoalStatus.DONE for g in goals),
                "partly": sum(g.status is GoalStatus.PARTLY for g in goals),
                "missed": sum(g.status is GoalStatus.MISSED for g in goals),
            }
        )
    return found


def _blockers(history: History | None, hidden: set[str]) -> list[Model]:
    """Week goals missed from outside, as their finished check-ins diagnosed them."""
    if history is None:
        return []
    goals = {g.id: g for g in history.goals if g.id not in hidden}
    finished = {e.id for e in history.entries if e.status.value == "done"}
    found = []
    for diagnosis in history.diagnoses:
        if diagnosis.entry_id not in finished:
            continue
        goal = goals.get(diagnosis.goal_id)
        if goal is None or diagnosis.cause is not Cause.OTHER:
            continue
        blocker = _blocker(goal, diagnosis.detail)
        if blocker is not None:
            found.append(blocker)
    return found


def _review_blockers(journal: Journal, span: Period, hidden: set[str]) -> list[Model]:
    """Goals of a quarter (or longer) missed from outside, as its own review diagnosed them;
    nothing until that review is finished."""
    entry = journal.entry(span.horizon.value, span.label)
    if entry is None or entry.status.value != "done":
        return []
    goals = {g.id: g for g in _visible(journal, span, hidden)}
    found = []
    for diagnosis in journal.diagnoses(entry.id):
        goal = goals.get(diagnosis.goal_id)
        if goal is not None and diagnosis.cause is Cause.OTHER:
            blocker = _blocker(goal, diagnosis.detail)
            if blocker is not None:
                found.append(blocker)
    return found


def _blocker(goal: Goal, detail: str | None) -> Model | None:
    """A miss from outside (an event, bad timing), in the person's own one-line note."""
    kind, _, note = (detail or "").partition(": ")
    if kind not in OUTSIDE:
        return None
    return {"week": goal.period, "goal": goal.title, "kind": kind, "note": note}


def _next(journal: Journal, period: Period, hidden: set[str]) -> Model:
    return {
        "period": period.label,
        "goals": [g.title for g in _visible(journal, period, hidden)],
    }


def _counts(goal: Goal) -> bool:
    """A result worth naming: done, or partly done with some progress."""
    if goal.status is GoalStatus.DONE:
        return True
    return goal.status is GoalStatus.PARTLY and bool(goal.progress)


def _quarter_group(quarter: Goal, by_parent: dict[str | None, list[Goal]]) -> Model:
    return {
        "goal": _goal_fields(quarter),
        "results": [_result(g) for g in by_parent.get(quarter.id, [])],
    }


def _result(goal: Goal) -> Model:
    end = _period_end(goal.period)
    return {
        "title": goal.title,
        "week": goal.period,
        "end": end.isoformat() if end else None,
        "status": goal.status.value,
        "score": goal.progress,
    }


def _accomplished(journal: Journal, first: date, last: date) -> list[tuple[str, str]]:
    """What each weekly check-in between two dates named as done, in week order."""
    said = journal.answers_by_period("week", first, last)
    return [
        (label, answers["accomplished"].strip())
        for label, answers in said.items()
        if answers.get("accomplished", "").strip()
    ]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _period_end(label: str) -> date | None:
    """The last day of a period named by its label (a week's Sunday)."""
    from punchin.periods import parse_period_label

    period = parse_period_label(label)
    return period.end if period is not None else None
