"""What is due: pure decisions from the clock, the settings and what the journal holds.

`punchin due` runs from shell start-up files, so the decisions take plain facts and import
nothing heavy (not even `typing`); `due_now` reads those facts from the journal, a `Journal`
or, in a shell prompt, the glance at it that `store.glance` takes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from punchin import periods
from punchin.models import EntryStatus, NamedTuple
from punchin.periods import parse_period_label, review_week

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import tzinfo
    from typing import Protocol

    from punchin.config import Settings
    from punchin.periods import Period

    class Reviewed(Protocol):
        @property
        def period(self) -> str: ...

    class JournalFacts(Protocol):
        """What `due_now` reads of a journal (`Journal` and `store.glance.Glance` have it)."""

        @property
        def start_year(self) -> int: ...

        def created_on(self) -> date | None: ...

        def latest_done(self, kind: str) -> Reviewed | None: ...

        def status(self, kind: str, period: str) -> EntryStatus | None: ...

        def unfinished(self, kind: str) -> list[str]: ...

        def has_content(self, span: Period) -> bool: ...


class DueItem(NamedTuple):
    kind: str  # "week" or "quarter"
    period: str
    state: str  # "due", "overdue" or "in-progress"
    since: datetime
    days_overdue: int
    missed_before: int  # earlier periods with no review since the last one done
    command: str
    stale: bool = False  # an earlier review left half done, not the one due now


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
        items.append(DueItem("week", label, "in-progress", slot, days, 0, command, stale=True))
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
    if status is None and journal_started is not None and week.end < journal_started:
        return []  # the week ended before the journal began: nothing to review
    command = "punchin week" if week == review_week(now.date()) else f"punchin week --on {week}"
    days = (now - slot).days
    if status is EntryStatus.IN_PROGRESS:
        state = "in-progress"
    elif days >= 1 and journal_started is not None:
        state = "overdue"
    else:
        state = "due"
    missed = 0
    done_week = parse_period_label(last_done) if last_done is not None else None
    if done_week is not None and done_week < week:
        missed = (week.start - done_week.start).days // 7 - 1
    elif last_done is None and journal_started is not None:
        # no check-in finished yet: every week since the journal began owed one
        first = periods.week_of(journal_started)
        missed = max(0, (week.start - first.start).days // 7)
    return [DueItem("week", week.label, state, slot, max(0, days), max(0, missed), command)]


def first_slot_of(span: Period, settings: Settings, zone: tzinfo | None = None) -> datetime:
    """The first weekly review slot inside a quarter, year or window: when the review of the
    one before it falls due."""
    offset = (settings.weekday_index - span.start.weekday()) % 7
    day = span.start + timedelta(days=offset)
    hour, minute = settings.slot_hour_minute
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


# kind -> (days until a due review is called overdue, the command that runs it)
SPAN_REVIEWS = {
    "quarter": (7, "punchin quarter"),
    "year": (14, "punchin year"),
    "five-year": (28, "punchin five-year"),
}


def due_span(
    kind: str,
    now: datetime,
    settings: Settings,
    span_of: Callable[[date], Period],
    reviewed_by_default: Callable[[date], Period],
    status_of: Callable[[str], EntryStatus | None],
    has_content: Callable[[Period], bool],
) -> list[DueItem]:
    """The review of the quarter, year or five-year window before the current one, from the
    first weekly slot of the current one until it is done; only for a span that holds
    something to review (a weekly check-in or a goal of its own)."""
    overdue_after, command = SPAN_REVIEWS[kind]
    current = span_of(now.date())
    slot = first_slot_of(current, settings, now.tzinfo)
    if now < slot:
        current = span_of(current.start - timedelta(days=1))
        slot = first_slot_of(current, settings, now.tzinfo)
    span = span_of(current.start - timedelta(days=1))
    status = status_of(span.label)
    if status is EntryStatus.DONE or (status is None and not has_content(span)):
        return []
    days = (now - slot).days
    if status is EntryStatus.IN_PROGRESS:
        state = "in-progress"
    else:
        state = "overdue" if days >= overdue_after else "due"
    if reviewed_by_default(now.date()) != span:  # the plain command would review another
        command = f"{command} --on {span}"
    return [DueItem(kind, span.label, state, slot, max(0, days), 0, command)]


# -- read from the journal -------------------------------------------------------------------


def due_now(journal: JournalFacts | None, now: datetime, settings: Settings) -> list[DueItem]:
    """The reviews due or overdue at `now`, the longest horizon first; a missing journal
    still owes its first weekly check-in."""
    if journal is None:
        return due_weekly(now, settings, lambda _: None, None, None)
    started = journal.created_on()
    last = journal.latest_done("week")
    return [
        *_due_spans(journal, now, settings),
        *due_weekly(
            now,
            settings,
            partial(journal.status, "week"),
            last.period if last else None,
            started,
            journal.unfinished("week"),
        ),
    ]


def _due_spans(journal: JournalFacts, now: datetime, settings: Settings) -> list[DueItem]:
    """The five-year and yearly checks and the quarterly review, when one is due."""
    anchor = journal.start_year
    spans: list[tuple[str, Callable[[date], Period], Callable[[date], Period]]] = [
        (
            "five-year",
            partial(periods.five_year_of, anchor_year=anchor),
            partial(periods.review_window, anchor_year=anchor),
        ),
        ("year", periods.year_of, periods.review_year),
        ("quarter", periods.quarter_of, periods.review_quarter),
    ]
    return [
        item
        for kind, span_of, default in spans
        for item in due_span(
            kind,
            now,
            settings,
            span_of,
            default,
            partial(journal.status, kind),
            journal.has_content,
        )
    ]
