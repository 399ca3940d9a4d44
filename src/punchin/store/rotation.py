"""Which automatic backups to keep: the newest 8, one a month for 24 months, one a year
forever. A pure rule on explicit dates, so that a journal kept for decades holds a few dozen
copies spread over its whole life instead of hundreds from its last months, or only its last
few weeks (which a slowly spreading damage would have reached too)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

NEWEST = 8  # the most recent copies, whatever their dates
MONTHS = 24  # one copy for each of the last 24 calendar months
# and one copy for every calendar year, forever


def to_keep(taken: Iterable[datetime], now: datetime) -> set[datetime]:
    """The moments (of the backups taken at `taken`) to keep at `now`; the others may go.

    For a month and for a year, the newest copy of it is kept: it holds all that the month
    (or year) wrote. A copy dated after `now` (a clock set back) is kept, as are the newest
    eight. Months count back from `now`'s month: the 24th month back is the last one kept."""
    moments = sorted(set(taken), reverse=True)
    keep = set(moments[:NEWEST])
    keep.update(moment for moment in moments if moment > now)
    month_now = now.year * 12 + now.month - 1
    months: set[tuple[int, int]] = set()
    years: set[int] = set()
    for moment in moments:  # newest first: the first one met in a month or year is kept
        month = (moment.year, moment.month)
        if month not in months and 0 <= month_now - (moment.year * 12 + moment.month - 1) < MONTHS:
            months.add(month)
            keep.add(moment)
        if moment.year not in years:
            years.add(moment.year)
            keep.add(moment)
    return keep
