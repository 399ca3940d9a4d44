"""The rotation of automatic backups, on explicit dates: the newest 8, one a month for 24
months, one a year forever."""

from __future__ import annotations

from datetime import datetime, timedelta

from punchin.store.rotation import to_keep

NOW = datetime(2026, 11, 23, 21, 0)


def weekly(years: int, until: datetime = NOW) -> list[datetime]:
    """A backup after every weekly review for `years` years, the last one a week ago."""
    moments, moment = [], until - timedelta(weeks=1)
    while moment > until - timedelta(weeks=52 * years):
        moments.append(moment)
        moment -= timedelta(weeks=1)
    return moments


def test_few_backups_are_all_kept() -> None:
    taken = weekly(1)[:8]
    assert to_keep(taken, NOW) == set(taken)
    assert to_keep([], NOW) == set()


def test_the_newest_eight_are_kept_whatever_their_dates() -> None:
    taken = [NOW - timedelta(hours=n) for n in range(20)]  # twenty in one day
    kept = to_keep(taken, NOW)
    assert set(sorted(taken, reverse=True)[:8]) <= kept
    assert len(kept) == 8  # the day's newest is also the month's and the year's


def test_thirty_years_of_weekly_backups_come_down_to_one_a_month_then_one_a_year() -> None:
    taken = weekly(30)
    kept = to_keep(taken, NOW)
    newest = set(sorted(taken, reverse=True)[:8])
    assert newest <= kept
    months = {(m.year, m.month) for m in kept if m not in newest}
    # each of the last 24 months (November 2026 back to December 2024) once
    recent = {(2026, m) for m in range(1, 12)} | {(2025, m) for m in range(1, 13)} | {(2024, 12)}
    older = recent - {(m.year, m.month) for m in newest}
    assert older <= months
    for month in older:
        assert len([m for m in kept if (m.year, m.month) == month]) == 1, month
    assert {m.year for m in taken} <= {m.year for m in kept}  # every year, forever
    long_ago = [m for m in kept if m.year <= 2023]
    assert len(long_ago) == len({m.year for m in taken if m.year <= 2023})  # one a year
    assert len(kept) <= 8 + 24 + 30


def test_the_month_and_year_keep_their_newest_copy() -> None:
    taken = [datetime(2019, month, 3) for month in range(1, 13)] + [datetime(2019, 12, 30)]
    kept = to_keep(taken, NOW)
    # December's newest (30 December) holds the month and the year; every other month of
    # 2019 is among the 24 most recent months that have a copy, so each keeps its own
    assert datetime(2019, 12, 30) in kept
    assert {(m.year, m.month) for m in kept} == {(2019, month) for month in range(1, 13)}


def test_a_year_long_pause_keeps_the_months_before_it() -> None:
    before = weekly(2, until=datetime(2022, 6, 1))
    after = weekly(1)
    kept = to_keep(before + after, NOW)
    assert {m.year for m in before} <= {m.year for m in kept}
    months_after = {(m.year, m.month) for m in after}
    kept_before = {(m.year, m.month) for m in kept if m < datetime(2022, 6, 1)}
    # the months are counted among the copies: the pause does not empty them
    assert len(kept_before) >= 24 - len(months_after)


def test_one_review_with_the_clock_years_ahead_keeps_the_months() -> None:
    taken = weekly(6)
    ahead = datetime(2040, 1, 8, 21, 0)
    kept = to_keep([*taken, ahead], ahead)
    months = {(m.year, m.month) for m in kept if m < ahead}
    assert len(months) >= 23  # the 2040 copy is one month; the 23 before it stay


def test_a_copy_from_the_future_is_never_removed() -> None:
    future = NOW + timedelta(days=400)  # a clock that was wrong, then set back
    taken = [future, *weekly(3)]
    assert future in to_keep(taken, NOW)


def test_keeping_is_stable_as_time_goes_on() -> None:
    """What is removed once is never asked back: each week's decision only drops copies."""
    taken: list[datetime] = []
    alive: set[datetime] = set()
    moment = datetime(2020, 1, 6, 21, 0)
    for _ in range(52 * 4):
        taken.append(moment)
        alive.add(moment)
        kept = to_keep(alive, moment)
        assert kept <= alive
        alive = kept
        moment += timedelta(weeks=1)
    assert len(alive) <= 8 + 24 + 4
    assert {m.year for m in alive} == {2020, 2021, 2022, 2023}
