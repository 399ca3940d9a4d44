"""Everything due at a moment, read from the journal: what `punchin due` lists, what a
reminder tick notifies and what the hint after a command mentions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from punchin import periods
from punchin.config import Settings
from punchin.periods import Period
from punchin.reminders.due import DueItem, due_span, due_weekly
from punchin.store import Journal


def due_now(journal: Journal | None, now: datetime, settings: Settings) -> list[DueItem]:
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


def _due_spans(journal: Journal, now: datetime, settings: Settings) -> list[DueItem]:
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
