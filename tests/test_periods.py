"""Date maths the whole journal rests on: every day in exactly one period of each horizon."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from punchin.errors import UsageError
from punchin.models import Horizon
from punchin.periods import (
    parse_date,
    parse_period_label,
    period_of,
    resolve,
    review_week,
)

days = st.dates(min_value=date(1901, 1, 1), max_value=date(9980, 12, 31))
anchors = st.integers(min_value=1901, max_value=9980)
horizons = st.sampled_from([h for h in Horizon if h is not Horizon.SPAN])  # spans: named ends
TODAY = date(2026, 11, 23)  # a Monday


@given(day=days, anchor=anchors, horizon=horizons)
def test_every_day_lies_in_exactly_one_period_of_each_horizon(
    day: date, anchor: int, horizon: Horizon
) -> None:
    period = period_of(day, horizon, anchor)
    assert period.contains(day)
    # neighbours touch it without overlapping: the periods tile the calendar
    before, after = period.previous(anchor), period.next(anchor)
    assert before.end + timedelta(days=1) == period.start
    assert period.end + timedelta(days=1) == after.start
    assert not before.contains(day) and not after.contains(day)
    # every other day of the period maps back to the same period
    assert period_of(period.start, horizon, anchor) == period
    assert period_of(period.end, horizon, anchor) == period


@given(day=days)
def test_weeks_start_on_monday_and_quarters_on_the_first(day: date) -> None:
    week = period_of(day, Horizon.WEEK)
    assert week.start.weekday() == 0 and (week.end - week.start).days == 6
    quarter = period_of(day, Horizon.QUARTER)
    assert quarter.start.day == 1 and quarter.start.month in (1, 4, 7, 10)


# A five-year window may begin up to four years before its day: days from 1905 keep every
# window inside the years punchin supports (1900 on).
@given(
    day=st.dates(min_value=date(1905, 1, 1), max_value=date(9980, 12, 31)),
    anchor=anchors,
    horizon=horizons,
)
def test_a_period_label_parses_back_to_the_same_period(
    day: date, anchor: int, horizon: Horizon
) -> None:
    period = period_of(day, horizon, anchor)
    assert parse_period_label(period.label, anchor) == period
    assert resolve(period.label, TODAY, horizon, anchor) == period


@given(day=days)
def test_an_iso_date_typed_by_a_user_is_read_exactly(day: date) -> None:
    assert parse_date(day.isoformat(), TODAY) == day


@given(text=st.text(max_size=40))
def test_any_typed_text_is_a_date_or_a_clear_usage_error(text: str) -> None:
    try:
        resolve(text, TODAY, Horizon.WEEK, 2026)
    except UsageError as error:
        assert str(error) and "\n" not in str(error)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-16", "2026-W47"),
        ("today", "2026-W48"),
        ("yesterday", "2026-W47"),
        ("last monday", "2026-W47"),
        ("3 days ago", "2026-W47"),
        ("last week", "2026-W47"),
        ("16 Nov 2026", "2026-W47"),
        ("2026-W47", "2026-W47"),
        ("2026w47", "2026-W47"),
    ],
)
def test_dates_people_type(typed: str, expected: str) -> None:
    assert resolve(typed, TODAY, Horizon.WEEK, 2026).label == expected


@pytest.mark.parametrize("typed", ["2026-02-30", "2026-W54", "2026-Q5x", "someday", "", "99999"])
def test_impossible_dates_are_refused(typed: str) -> None:
    with pytest.raises(UsageError):
        resolve(typed, TODAY, Horizon.WEEK, 2026)


def test_five_year_windows_are_anchored_on_the_journals_first_year() -> None:
    assert period_of(date(2031, 6, 1), Horizon.FIVE_YEAR, 2026).label == "2031-2035"
    assert period_of(date(2030, 12, 31), Horizon.FIVE_YEAR, 2026).label == "2026-2030"
    assert period_of(date(2025, 1, 1), Horizon.FIVE_YEAR, 2026).label == "2021-2025"
    with pytest.raises(UsageError, match="try 2026-2030"):
        parse_period_label("2027-2031", 2026)


@pytest.mark.parametrize(
    ("today", "reviewed"),
    [
        (date(2026, 11, 23), "2026-W47"),  # Monday evening: the week just ended
        (date(2026, 11, 27), "2026-W47"),  # Friday: still last week, a late review
        (date(2026, 11, 28), "2026-W48"),  # Saturday: this week is ending
        (date(2026, 11, 29), "2026-W48"),
        (date(2027, 1, 4), "2026-W53"),  # a 53-week ISO year
    ],
)
def test_the_week_a_check_in_reviews(today: date, reviewed: str) -> None:
    assert review_week(today).label == reviewed


@given(
    first=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 1)),
    months=st.integers(min_value=0, max_value=120),
)
def test_a_span_runs_from_its_first_month_to_the_end_of_its_last(first: date, months: int) -> None:
    end_month = first.month - 1 + months
    last = date(first.year + end_month // 12, end_month % 12 + 1, 1)
    label = f"{first.year}-{first.month:02d}..{last.year}-{last.month:02d}"
    span = parse_period_label(label)
    assert span is not None and span.horizon is Horizon.SPAN and span.label == label
    assert span.start == date(first.year, first.month, 1)
    assert span.end.month == last.month and (span.end + timedelta(days=1)).day == 1


def test_a_span_must_run_forward_and_name_real_months() -> None:
    for text in ("2028-06..2024-09", "2024-13..2028-06", "2024-00..2028-06"):
        with pytest.raises(UsageError):
            parse_period_label(text)
    with pytest.raises(UsageError, match=r"2024-09\.\.2028-06"):
        period_of(date(2026, 1, 1), Horizon.SPAN)
