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

Model = dict[str, Any]

# The kinds of "something else" that are outside one's control, and so a blocker to name.
OUTSIDE = ("events", "timing")


def shared(journal: Journal, period: Period, today: date, name: str) -> Model:
    """The shared report of a week, a quarter or a year."""
    hidden = journal.private_goal_ids()
    head: Model = {
        "kind": period.horizon.value,
        "shared": True,
        "name": name or None,
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
    scores, then the results named at each weekly check-in."""
    hidden = journal.private_goal_ids()
    weeks = [w for w in journal.goals_between(Horizon.WEEK, _monday(first), last)]
    quarters = journal.goals_between(Horizon.QUARTER, quarter_of(first).start, last)
    years = journal.goals_between(Horizon.YEAR, date(first.year, 1, 1), last)
    results = [g for g in weeks if _counts(g) and g.id not in hidden]
    by_parent: dict[str | None, list[Goal]] = {}
    for goal in results:
        by_parent.setdefault(goal.parent_id, []).append(goal)
    shown_quarters = [
        q for q in quarters if q.id not in hidden and (_counts(q) or q.id in by_parent)
    ]
    quarters_by_parent: dict[str | None, list[Goal]] = {}
    for quarter in shown_quarters:
        quarters_by_parent.setdefault(quarter.parent_id, []).append(quarter)
    groups: list[Model] = []
    year_ids = set()
    for year in years:
        if year.id in hidden or not (_counts(year) or year.id in quarters_by_parent):
            continue
        year_ids.add(year.id)
        groups.append(
            {
                "goal": _goal_fields(year),
                "quarters": [
                    _quarter_group(q, by_parent) for q in quarters_by_parent.get(year.id, [])
                ],
            }
        )
    loose = [q for q in shown_quarters if q.parent_id not in year_ids]
    if loose:
        groups.append({"goal": None, "quarters": [_quarter_group(q, by_parent) for q in loose]})
    quarter_ids = {q.id for q in shown_quarters}
    other = [g for g in results if g.parent_id not in quarter_ids]
    named = [
        {"week": label, "end": (_week_end(label) or last).isoformat(), "text": text}
        for label, text in _accomplished(journal, _monday(first), last)
    ]
    return {
        "kind": "wins",
        "shared": True,
        "name": name or None,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "groups": groups,
        "other": [_result(g) for g in other],
        "named": named,
    }


# -- the three periods -------------------------------------------------------------------------


def _week(journal: Journal, week: Period, hidden: set[str]) -> Model:
    entry = journal.entry("week", week.label)
    answers = journal.answers(entry.id) if entry else {}
    goals = [g for g in journal.period_goals(week) if g.id not in hidden]
    details = {d.goal_id: d for d in journal.diagnoses(entry.id)} if entry else {}
    blockers = []
    for goal in goals:
        found = details.get(goal.id)
        if found is not None and found.cause is Cause.OTHER:
            blocker = _blocker(goal, found.detail)
            if blocker is not None:
                blockers.append(blocker)
    return {
        "checkin": entry is not None and entry.status.value == "done",
        "results": answers.get("accomplished", ""),
        "goals": [_goal_fields(g, journal, hidden) for g in goals],
        "blockers": blockers,
        "next": _next(journal, week.next(), hidden),
    }


def _quarter(journal: Journal, quarter: Period, today: date, hidden: set[str]) -> Model:
    weeks = [w for w in weeks_of(quarter) if w.start <= review_week(today).start]
    return {
        "goals": [_goal_fields(g, journal, hidden) for g in _visible(journal, quarter, hidden)],
        "weeks": _weeks(journal, weeks, hidden),
        "blockers": _blockers(journal, weeks, hidden),
        "next": _next(journal, quarter.next(), hidden),
    }


def _year(journal: Journal, year: Period, today: date, hidden: set[str]) -> Model:
    weeks = [w for w in weeks_of(year) if w.start <= review_week(today).start]
    quarters = []
    for number in range(4):
        quarter = quarter_of(date(year.start.year, 3 * number + 1, 1))
        goals = _visible(journal, quarter, hidden)
        quarters.append(
            {"period": quarter.label, "goals": [_goal_fields(g, journal, hidden) for g in goals]}
        )
    return {
        "goals": [_goal_fields(g, journal, hidden) for g in _visible(journal, year, hidden)],
        "quarters": quarters,
        "weeks": _weeks(journal, weeks, hidden),
        "blockers": _blockers(journal, weeks, hidden),
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
        kept = parent is not None and parent.id not in (hidden or set())
        fields["serves"] = parent.title if parent is not None and kept else None
    return fields


def _weeks(journal: Journal, weeks: list[Period], hidden: set[str]) -> list[Model]:
    """Each week with a check-in: what got done, and how its goals ended."""
    if not weeks:
        return []
    history = journal.history(weeks[0].start, weeks[-1].start)
    done = {e.period for e in history.entries}
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


def _blockers(journal: Journal, weeks: list[Period], hidden: set[str]) -> list[Model]:
    if not weeks:
        return []
    history = journal.history(weeks[0].start, weeks[-1].start)
    goals = {g.id: g for g in history.goals if g.id not in hidden}
    found = []
    for diagnosis in history.diagnoses:
        goal = goals.get(diagnosis.goal_id)
        if goal is None or diagnosis.cause is not Cause.OTHER:
            continue
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
    end = _week_end(goal.period)
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


def _week_end(label: str) -> date | None:
    from punchin.periods import parse_period_label

    week = parse_period_label(label)
    return week.end if week is not None else None
