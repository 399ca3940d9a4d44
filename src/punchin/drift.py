"""The punch-in-life warning: is the journal's owner touring from place to place with no
direction? Said only with evidence, and only when two signals agree.

The method warns against a "punch-in life": acting casually, visiting every kind of place, with
no clear direction. No single sign proves that (a year of change can be a good decision), so
the rule asks for two of five signals within the last three years:

1. the direction of effort was changed at two or more yearly checks;
2. half or more of the quarter and year goals were dropped or carried over (at least four);
3. no direction is written down: no five-year goals for the current window, and no five-year
   check that planned it;
4. two or more yearly checks found the year unhappy or without progress;
5. in the past year, eight or more weeks in a row without a check-in, or fewer than half the
   weeks checked in (for a journal at least half a year old).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from punchin.models import GoalStatus, Horizon
from punchin.periods import five_year_of
from punchin.store import Journal

YEARS = 3
GAP_WEEKS = 8


class Signal(NamedTuple):
    key: str
    params: dict[str, object]


def signals(journal: Journal, today: date) -> list[Signal]:
    """Every signal that holds, each with its evidence; a warning needs two of them."""
    since = date(today.year - YEARS, 1, 1)
    found: list[Signal] = []
    checks = journal.answers_by_period("year", since, today)
    changes = sorted(period for period, a in checks.items() if a.get("decision") == "change")
    if len(changes) >= 2:
        found.append(Signal("changes", {"count": len(changes), "years": ", ".join(changes)}))
    longer = [
        goal
        for horizon in (Horizon.QUARTER, Horizon.YEAR)
        for goal in journal.goals_between(horizon, since, today)
    ]
    left = [g for g in longer if g.status is GoalStatus.DROPPED or g.carried_from is not None]
    if len(longer) >= 4 and 2 * len(left) >= len(longer):
        found.append(Signal("abandoned", {"count": len(left), "total": len(longer)}))
    window = five_year_of(today, journal.start_year)
    planned = journal.status("five-year", window.previous(journal.start_year).label)
    has_goals = any(
        g.status is not GoalStatus.DROPPED
        for g in journal.goals(horizon=Horizon.FIVE_YEAR, periods=[window.label])
    )
    if not has_goals and planned is None:
        found.append(Signal("no_direction", {"window": window.label}))
    unhappy = sorted(
        period
        for period, a in checks.items()
        if a.get("happy") == "no" or a.get("progress") == "no"
    )
    if len(unhappy) >= 2:
        found.append(Signal("unhappy", {"count": len(unhappy), "years": ", ".join(unhappy)}))
    gap = _gap(journal, today)
    if gap is not None:
        found.append(gap)
    return found


def warning(found: list[Signal]) -> list[Signal]:
    """The signals worth saying out loud: all of them when two or more agree, else none."""
    return found if len(found) >= 2 else []


def _gap(journal: Journal, today: date) -> Signal | None:
    created = journal.created_on()
    if created is None or created > today - timedelta(days=182):
        return None
    first = max(today - timedelta(days=364), created)
    done = journal.week_starts(first, today)
    weeks = max(1, (today - first).days // 7)
    longest, previous = 0, first - timedelta(days=7)
    for start in [*done, today]:
        longest = max(longest, (start - previous).days // 7 - 1)
        previous = start
    if longest >= GAP_WEEKS or 2 * len(done) < weeks:
        return Signal("gaps", {"longest": longest, "count": len(done), "weeks": weeks})
    return None
