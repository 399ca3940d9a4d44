"""Findings: patterns across weeks and quarters worth saying out loud, with the method's remedy.

Each rule is plain and explainable, and says nothing when its pattern is absent. The texts
live in the question sets (`findings.*` of quarter.toml); here only the facts are decided.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from punchin.digest import Digest

REPEAT_QUARTERS = 3  # the same main cause this many quarters running
REPEAT_WEEKS = 3  # the same weekly goal missed in this many weeks of one quarter
CARRIED_TIMES = 2  # a goal carried over this many times
LOW_CHECKINS = 0.7  # share of weeks with a finished check-in
OVER_BOX = 1.2  # average time against the weekly box
BROKEN = 0.5  # share of reviewed commitments kept


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
    titles: dict[str, str] = {}
    for week in current.weeks:
        for title, _, _ in week.misses:
            key = " ".join(title.casefold().split())
            titles.setdefault(key, title)
            if week.label not in missed_in[key]:
                missed_in[key].append(week.label)
    for key, weeks in missed_in.items():
        if len(weeks) >= REPEAT_WEEKS:
            found.append(Finding("repeat_miss", {"title": titles[key], "count": len(weeks)}))
    total = len(current.weeks)
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
