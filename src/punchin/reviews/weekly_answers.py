"""What the weekly check-in and its `--answers` template both read, kept apart from the
flow so that printing a template never loads the flow (nor the asking it is built on)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from punchin.models import GoalStatus, Horizon
from punchin.periods import quarter_of

if TYPE_CHECKING:
    from punchin.models import Goal
    from punchin.periods import Period
    from punchin.store import Journal


def parent_options(journal: Journal, week: Period) -> list[Goal]:
    """Quarter goals a goal for `week` may serve: the open ones of that week's quarter."""
    return journal.goals(
        horizon=Horizon.QUARTER,
        periods=[quarter_of(week.start).label],
        statuses=[GoalStatus.OPEN, GoalStatus.PARTLY],
    )


def stored_progress(value: str) -> str:
    """A saved progress answer in today's form. The progress of a partly done goal is read
    like every score (`asking.read_share`: 0.6, .6 and 60% alike, a bare 60 refused) and saved
    as a percentage, "60%"; before, it was asked from 0 to 100 and saved as a bare "60". A
    saved answer without "%" is of that kind, so it still reads as the percentage it was."""
    text = value.strip()
    if not text or text.endswith("%"):
        return value
    try:
        float(text)
    except ValueError:
        return value
    return text + "%"
