"""What is due: pure decisions from the clock, the settings and what the journal holds.

`punchin due` runs from shell start-up files, so this module imports nothing heavy and the
caller hands it plain facts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from punchin.config import Settings
from punchin.models import EntryStatus
from punchin.periods import Period, parse_period_label, quarter_of, review_quarter, review_week


class DueItem(NamedTuple):
    kind: str  # "week" or "quarter"
    period: str
    state: str  # "due", "overdue" or "in-progress"
    since: datetime
    days_overdue: int
    missed_before: int  # earlier periods with no review since the last one done
    command: str


def weekly_slot(week: Period, settings: Settings, zone: tzinfo | None = None) -> datetime:
    """When the review of `week` falls due: the slot day after the week (or at its weekend)."""
    weekday = settings.weekday_index
    offset = weekday if weekday >= 5 else 7 + weekday
    day = week.start + timedelta(days=offset)
    hour, minute = settings.slot_hour_minute
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def next_weekly_slot(now: datetime, settings: Settings) -> datetime:
    week = review_week(now.date())
    for _ in range(3):
        slot = weekly_slot(week, settings, now.tzinfo)
        if slot > now:
            return slot
        week = week.next()
    return slot


def due_weekly(
    now: datetime,
    settings: Settings,
    status_of: Callable[[str], EntryStatus | None],
    last_done: str | None,
    journal_started: date | None,
    unfinished: Sequence[str] = (),
) -> list[DueItem]:
    """The weekly check-in that is due, if any, with how many weeks before it were skipped,
    then any other week whose check-in was started and not finished (a back-fill left
    half done would otherwise be forgotten)."""
    items = _due_week(now, settings, status_of, last_done, journal_started)
    reported = {item.period for item in items}
    for label in unfinished:
        week = parse_period_label(label)
        if week is None or label in reported:
            continue
        slot = weekly_slot(week, settings, now.tzinfo)
        days = max(0, (now - slot).days)
        command = f"punchin week --on {label}"
        items.append(DueItem("week", label, "in-progress", slot, days, 0, command))
    return items


def _due_week(
    now: datetime,
    settings: Settings,
    status_of: Callable[[str], EntryStatus | None],
    last_done: str | None,
    journal_started: date | None,
) -> list[DueItem]:
    week = review_week(now.date())
    slot = weekly_slot(week, settings, now.tzinfo)
    if now < slot:
        week = week.previous()
        slot = weekly_slot(week, settings, now.tzinfo)
    status = status_of(week.label)
    if status is EntryStatus.DONE:
        return []
    command = "punchin week" if week == review_week(now.date()) else f"punchin week --on {week}"
    days = (now - slot).days
    new_journal = journal_started is not None and week.end < journal_started
    if status is EntryStatus.IN_PROGRESS:
        state = "in-progress"
    elif days >= 1 and not new_journal and journal_started is not None:
        state = "overdue"
    else:
        state = "due"
    missed = 0
    if last_done is not None:
        done_week = parse_period_label(last_done)
        if done_week is not None and done_week < week:
            missed = (week.start - done_week.start).days // 7 - 1
    return [DueItem("week", week.label, state, slot, max(0, days), max(0, missed), command)]


def first_slot_of(quarter: Period, settings: Settings, zone: tzinfo | None = None) -> datetime:
    """The first weekly review slot inside a quarter: when the quarter before it falls due."""
    offset = (settings.weekday_index - quarter.start.weekday()) % 7
    day = quarter.start + timedelta(days=offset)
    hour, minute = settings.slot_hour_minute
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def due_quarterly(
    now: datetime,
    settings: Settings,
    status_of: Callable[[str], EntryStatus | None],
    has_content: Callable[[Period], bool],
) -> list[DueItem]:
    """The review of the quarter before this one, from the first weekly slot of this quarter
    (overdue a week later) until it is done; only for a quarter that holds something to
    review (a weekly check-in or a quarter goal)."""
    current = quarter_of(now.date())
    slot = first_slot_of(current, settings, now.tzinfo)
    if now < slot:
        current = current.previous()
        slot = first_slot_of(current, settings, now.tzinfo)
    quarter = current.previous()
    status = status_of(quarter.label)
    if status is None and not has_content(quarter):
        return []
    if status is EntryStatus.DONE:
        return []
    days = (now - slot).days
    if status is EntryStatus.IN_PROGRESS:
        state = "in-progress"
    else:
        state = "overdue" if days >= 7 else "due"
    command = "punchin quarter"
    if quarter != review_quarter(now.date()):
        command = f"punchin quarter --on {quarter}"
    return [DueItem("quarter", quarter.label, state, slot, max(0, days), 0, command)]
