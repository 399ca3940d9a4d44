"""Pure date maths on an explicit `today`: ISO weeks, quarters, years and five-year windows.

Every function takes the dates it needs; nothing here reads the clock, so back-filling a
missed week and testing a year boundary are the same code path as today's check-in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from punchin.errors import UsageError
from punchin.models import Horizon

MIN_YEAR = 1900
MAX_YEAR = 9990  # leaves room for the five-year window and "next period" of any date

# Patterns, not compiled objects: `re` compiles (and caches) each on first use, so a command
# that reads one week label does not pay for compiling all five at start-up.
_WEEK_RE = r"(?i)^(\d{4})-?W(\d{1,2})$"
_QUARTER_RE = r"(?i)^(\d{4})-?Q([1-4])$"
_YEAR_RE = r"^(\d{4})$"
_WINDOW_RE = r"^(\d{4})\s*[-–]\s*(\d{4})$"
_SPAN_RE = r"^(\d{4})-(\d{1,2})\s*\.\.\s*(\d{4})-(\d{1,2})$"
_AGO_RE = r"^(\d+)\s+(day|week)s?\s+ago$"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Period(NamedTuple):
    """A span of days (both ends inclusive) that one review or goal belongs to."""

    start: date
    end: date
    horizon: Horizon
    label: str

    def __str__(self) -> str:
        return self.label

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self, anchor_year: int | None = None) -> Period:
        return period_of(self.end + timedelta(days=1), self.horizon, anchor_year)

    def previous(self, anchor_year: int | None = None) -> Period:
        return period_of(self.start - timedelta(days=1), self.horizon, anchor_year)


def week_of(day: date) -> Period:
    iso_year, iso_week, weekday = day.isocalendar()
    start = day - timedelta(days=weekday - 1)
    return Period(start, start + timedelta(days=6), Horizon.WEEK, f"{iso_year}-W{iso_week:02d}")


def quarter_of(day: date) -> Period:
    q = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * q - 2, 1)
    end = date(day.year + 1, 1, 1) if q == 4 else date(day.year, 3 * q + 1, 1)
    return Period(start, end - timedelta(days=1), Horizon.QUARTER, f"{day.year}-Q{q}")


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), Horizon.YEAR, str(day.year))


def five_year_of(day: date, anchor_year: int) -> Period:
    """Windows are anchored on the year the journal started: 2026-2030, 2031-2035, ..."""
    first = anchor_year + 5 * ((day.year - anchor_year) // 5)
    return Period(
        date(first, 1, 1), date(first + 4, 12, 31), Horizon.FIVE_YEAR, f"{first}-{first + 4}"
    )


def span_of(first: date, last: date) -> Period:
    """A span the person names, from the first day of one month to the last of another."""
    start = date(first.year, first.month, 1)
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    label = f"{start.year}-{start.month:02d}..{last.year}-{last.month:02d}"
    return Period(start, following - timedelta(days=1), Horizon.SPAN, label)


def period_of(day: date, horizon: Horizon, anchor_year: int | None = None) -> Period:
    if horizon is Horizon.SPAN:
        raise UsageError(
            "a span has the start and end you give it, like 2024-09..2028-06",
            key="span_needs_ends",
        )
    if horizon is Horizon.WEEK:
        return week_of(day)
    if horizon is Horizon.QUARTER:
        return quarter_of(day)
    if horizon is Horizon.YEAR:
        return year_of(day)
    return five_year_of(day, day.year if anchor_year is None else anchor_year)


def review_week(today: date) -> Period:
    """The week a check-in made today looks back on.

    The review slot is Monday evening, so Monday to Friday look back on the week before;
    on Saturday and Sunday the current week is the one ending.
    """
    if today.weekday() >= 5:
        return week_of(today)
    return week_of(today - timedelta(days=7))


def review_quarter(today: date) -> Period:
    """The quarter a review made today looks back on: the one ending within two weeks (a
    review at the quarter's end), or else the one that just ended."""
    current = quarter_of(today)
    if current.end - today <= timedelta(days=14):
        return current
    return quarter_of(current.start - timedelta(days=1))


def review_year(today: date) -> Period:
    """The year a yearly check made today looks back on: the one ending within two weeks,
    or else the one that just ended."""
    current = year_of(today)
    if current.end - today <= timedelta(days=14):
        return current
    return year_of(date(today.year - 1, 1, 1))


def report_year(today: date) -> Period:
    """The year a report looks at by default: the one in progress, or in the first two weeks
    of January the one just ended."""
    if today.month == 1 and today.day <= 14:
        return year_of(date(today.year - 1, 1, 1))
    return year_of(today)


def review_window(today: date, anchor_year: int) -> Period:
    """The five-year window a five-year check made today looks back on: the one ending within
    two weeks, or else the one that just ended (whose check plans the current window)."""
    current = five_year_of(today, anchor_year)
    if current.end - today <= timedelta(days=14):
        return current
    return five_year_of(current.start - timedelta(days=1), anchor_year)


def parse_period_label(text: str, anchor_year: int | None = None) -> Period | None:
    """`2026-W47`, `2026-Q4`, `2026`, `2026-2030`, `2024-09..2028-06` -> Period; None if it
    is not a label."""
    text = text.strip()
    if m := re.match(_SPAN_RE, text):
        first_year, first_month, last_year, last_month = (int(part) for part in m.groups())
        _check_year(first_year, text)
        _check_year(last_year, text)
        if not (1 <= first_month <= 12 and 1 <= last_month <= 12) or (
            (last_year, last_month) < (first_year, first_month)
        ):
            raise UsageError(
                f"{text!r} is not a span: give two months, the first not after the last, "
                "like 2024-09..2028-06",
                key="span_bad",
                text=text,
            )
        return span_of(date(first_year, first_month, 1), date(last_year, last_month, 1))
    if m := re.match(_WEEK_RE, text):
        year, week = int(m[1]), int(m[2])
        _check_year(year, text)
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise UsageError(
                f"{text!r}: {year} has no ISO week {week}",
                key="no_iso_week",
                text=text,
                year=year,
                week=week,
            ) from None
        return week_of(monday)
    if m := re.match(_QUARTER_RE, text):
        year = int(m[1])
        _check_year(year, text)
        return quarter_of(date(year, 3 * int(m[2]) - 2, 1))
    if m := re.match(_YEAR_RE, text):
        year = int(m[1])
        _check_year(year, text)
        return year_of(date(year, 1, 1))
    if m := re.match(_WINDOW_RE, text):
        first, last = int(m[1]), int(m[2])
        _check_year(first, text)
        anchor = first if anchor_year is None else anchor_year
        window = five_year_of(date(first, 1, 1), anchor)
        if window.start.year != first or last != first + 4:
            raise UsageError(
                f"{text!r} is not a five-year window of this journal; "
                f"windows start in {anchor}, {anchor + 5}, ... (try {window.label})",
                key="window_misaligned",
                text=text,
                anchor=anchor,
                next=anchor + 5,
                window=window.label,
            )
        return window
    return None


def parse_date(text: str, today: date) -> date:
    """Read a date a person typed: ISO dates, `today`, `yesterday`, `last monday`, `3 days ago`...

    Anything else goes to dateutil (so `16 Nov 2026` and `Nov 16` work); anything it cannot
    read, or an impossible date like 2026-02-30, is a usage error with the text quoted.
    """
    words = " ".join(text.lower().split())
    if not words:
        raise UsageError(
            "empty date: give a date like 2026-11-16, 'last monday' or 2026-W47",
            key="date_empty",
        )
    relative = _relative_date(words, today)
    if relative is not None:
        return relative
    from dateutil import parser as dateparser

    try:
        parsed = dateparser.parse(text, default=_midnight(today), dayfirst=False, yearfirst=True)
    except (ValueError, OverflowError):
        raise UsageError(
            f"cannot read {text!r} as a date: use a date like 2026-11-16, "
            "'last monday' or a period like 2026-W47",
            key="date_unreadable",
            text=text,
        ) from None
    _check_year(parsed.year, text)
    return parsed.date()


def resolve(
    text: str, today: date, horizon: Horizon | None = None, anchor_year: int | None = None
) -> Period:
    """A period label or a date -> the period; with `horizon`, the label must be of that kind."""
    label = parse_period_label(text, anchor_year)
    if label is not None:
        if horizon is not None and label.horizon is not horizon:
            example = period_of(today, horizon, anchor_year).label
            raise UsageError(
                f"{text!r} is a {label.horizon.value} period; a {horizon.value} period is needed "
                f"here (like {example}) or a date",
                key="wrong_horizon",
                text=text,
                given=label.horizon.value,
                needed=horizon.value,
                example=example,
            )
        return label
    day = parse_date(text, today)
    return period_of(day, horizon or Horizon.WEEK, anchor_year)


def _relative_date(words: str, today: date) -> date | None:
    simple = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
    if words in simple:
        return today + timedelta(days=simple[words])
    if m := re.match(_AGO_RE, words):
        days = int(m[1]) * (7 if m[2] == "week" else 1)
        if days > 365 * 200:
            raise UsageError(f"{words!r} is too far back", key="too_far_back", text=words)
        return today - timedelta(days=days)
    if words in ("last week", "this week", "next week"):
        shift = {"last": -7, "this": 0, "next": 7}[words.split(maxsplit=1)[0]]
        return week_of(today + timedelta(days=shift)).start
    first, _, rest = words.partition(" ")
    if first in ("last", "this", "next") and rest in _WEEKDAYS:
        target = _WEEKDAYS.index(rest)
        this_week = today - timedelta(days=today.weekday()) + timedelta(days=target)
        if first == "this":
            return this_week
        if first == "next":
            return this_week + timedelta(days=7) if this_week <= today else this_week
        return this_week if this_week < today else this_week - timedelta(days=7)
    return None


def _midnight(today: date) -> datetime:
    return datetime(today.year, today.month, today.day)


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError(
            f"{text!r}: years from {MIN_YEAR} to {MAX_YEAR} are supported",
            key="year_range",
            text=text,
            first=MIN_YEAR,
            last=MAX_YEAR,
        )
