"""Findings: patterns across weeks and quarters worth saying out loud, with the method's remedy.

Each rule is plain and explainable, and says nothing when its pattern is absent. The texts
live in the question sets (`findings.*` of quarter.toml); here only the facts are decided.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from punchin.method.digest import Digest, GoalLine, line_key, quarter_digest
from punchin.models import Goal
from punchin.periods import Period
from punchin.store import Journal

REPEAT_QUARTERS = 3  # the same main cause this many quarters running
REPEAT_WEEKS = 3  # the same weekly goal missed in this many weeks of one quarter
CARRIED_TIMES = 2  # a goal carried over this many times
LOW_CHECKINS = 0.7  # share of weeks with a finished check-in
OVER_BOX = 1.2  # average time against the weekly box
BROKEN = 0.5  # share of reviewed commitments kept
ONE_CAUSE = 4  # this many goals not fully done, all for one cause, is worth saying plainly
FAILING = 2  # a line of work short this many times although its remedy was kept


class Finding(NamedTuple):
    key: str
    params: dict[str, object]


def findings(
    current: Digest, earlier: list[Digest], carried: list[tuple[str, int]]
) -> list[Finding]:
    """`earlier`: the quarters before `current`, newest first; `carried`: this quarter's goals
    and how many times each was carried over."""
    found: list[Finding] = []
    cause = current.top_cause
    recent = [current, *earlier[: REPEAT_QUARTERS - 1]]
    if (
        cause is not None
        and len(recent) == REPEAT_QUARTERS
        and all(quarter.top_cause == cause for quarter in recent)
    ):
        found.append(Finding(f"cause_repeat_{cause}", {"quarters": REPEAT_QUARTERS}))
    for title, times in carried:
        if times >= CARRIED_TIMES:
            found.append(Finding("carried", {"title": title, "count": times}))
    missed_in: dict[str, list[str]] = defaultdict(list)
    causes_of: dict[str, set[str | None]] = defaultdict(set)
    titles: dict[str, str] = {}
    for week in current.weeks:
        for title, status, cause in week.misses:
            if status != "missed":  # partly done is not missed
                continue
            key = line_key(title)
            titles.setdefault(key, title)
            causes_of[key].add(cause)
            if week.label not in missed_in[key]:
                missed_in[key].append(week.label)
    for key, weeks in missed_in.items():
        if len(weeks) < REPEAT_WEEKS:
            continue
        params: dict[str, object] = {"title": titles[key], "count": len(weeks)}
        causes = causes_of[key] - {None}
        if len(causes) == 1:  # the same cause each time: said as such, not as a puzzle
            found.append(Finding("repeat_miss_same", {**params, "cause": causes.pop()}))
        else:
            found.append(Finding("repeat_miss", params))
    found += _one_cause(current)
    found += [_remedy_not_working(line) for line in current.lines if _remedy_fails(line)]
    total = current.weeks_kept
    if total >= 4 and current.checkins < LOW_CHECKINS * total:
        found.append(Finding("low_checkins", {"done": current.checkins, "weeks": total}))
    average = current.average_minutes
    if average is not None and average > OVER_BOX * current.box_minutes:
        found.append(
            Finding("over_box", {"average": round(average), "minutes": current.box_minutes})
        )
    reviewed = current.total("reviewed")
    kept = current.total("kept")
    if reviewed >= 3 and kept < BROKEN * reviewed:
        found.append(Finding("commitments_broken", {"kept": kept, "count": reviewed}))
    return found


def _one_cause(current: Digest) -> list[Finding]:
    """Every goal not fully done this quarter came down to one cause: say so plainly."""
    causes = current.shortfall_causes
    total = sum(causes.values())
    top = current.top_cause
    if top is None or total < ONE_CAUSE or causes[top] != total:
        return []
    return [Finding("one_cause", {"cause": top, "count": total})]


def _remedy_fails(line: GoalLine) -> bool:
    """A line of work short again and again for one cause, although the remedy chosen for
    it was kept: the remedy, not the effort, is what to change."""
    diagnosed = [cause for cause, count in line.causes.items() if count]
    return (
        line.shortfalls >= REPEAT_WEEKS
        and len(diagnosed) == 1
        and line.kept >= FAILING
        and line.short_after_kept >= FAILING
    )


def _remedy_not_working(line: GoalLine) -> Finding:
    cause = next(cause for cause, count in line.causes.items() if count)
    return Finding(
        "remedy_not_working",
        {
            "title": line.title,
            "cause": cause,
            "count": line.causes[cause],
            "total": line.shortfalls,
            "kept": line.kept,
            "reviewed": line.reviewed,
            "after": line.short_after_kept,
        },
    )


def quarter_findings(
    journal: Journal, quarter: Period, current: Digest, today: date, box_minutes: int
) -> list[Finding]:
    earlier = []
    previous = quarter
    for _ in range(2):
        previous = previous.previous()
        earlier.append(quarter_digest(journal, previous, today, box_minutes))
    goals = journal.period_goals(quarter)
    carried = [(goal.title, len(journal.carried_chain(goal.id)) - 1) for goal in goals]
    return findings(current, earlier, carried) + forecast_findings(journal, quarter, goals)


def forecast_findings(journal: Journal, quarter: Period, goals: list[Goal]) -> list[Finding]:
    """The weekly forecasts of the quarter's goals were over-optimistic: on average, over
    the quarter's last month, at least `forecasts.OVER_BY` above the scores the goals got,
    for most of them (punchin's own rule: the forecasts are its addition to the method)."""
    from punchin.method.forecasts import calibration, last_month, quarter_forecasts

    if not goals:
        return []
    found = calibration(quarter_forecasts(journal, quarter), goals, last_month(quarter))
    if found is None or not found.over_optimistic:
        return []
    params: dict[str, object] = {"count": found.goals, "over": found.over}
    params |= {name: round(getattr(found, name), 2) for name in ("said", "score", "gap")}
    return [Finding("over_optimistic", params)]
