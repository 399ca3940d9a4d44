"""Which automatic backups to keep: the newest 8, one a month for 24 months (the 24 most
recent months that have a copy), one a year forever. A pure rule on explicit dates, so that
a journal kept for decades holds a few dozen copies spread over its whole life instead of
hundreds from its last months, or only its last few weeks (which a slowly spreading damage
would have reached too)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

NEWEST = 8  # the most recent copies, whatever their dates
MONTHS = 24  # one copy for each of the 24 most recent calendar months that have one
# and one copy for every calendar year, forever


def to_keep(taken: Iterable[datetime], now: datetime) -> set[datetime]:
    """The moments (of the backups taken at `taken`) to keep at `now`; the others may go.

    For a month and for a year, the newest copy of it is kept: it holds all that the month
    (or year) wrote. A copy dated after `now` (a clock set back) is kept, as are the newest
    eight. The months kept are the 24 most recent months that have a copy, counted among the
    copies themselves, not back from `now`: a clock set years ahead for one review (a dead
    battery, a bad time server), or a long pause in the habit, never empties the months."""
    moments = sorted(set(taken), reverse=True)
    keep = set(moments[:NEWEST])
    keep.update(moment for moment in moments if moment > now)
    months: set[tuple[int, int]] = set()
    years: set[int] = set()
    for moment in moments:  # newest first: the first one met in a month or year is kept
        month = (moment.year, moment.month)
        if month not in months and len(months) < MONTHS:
            months.add(month)
            keep.add(moment)
        if moment.year not in years:
            years.add(moment.year)
            keep.add(moment)
    return keep
