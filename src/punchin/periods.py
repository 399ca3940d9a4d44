"""Pure date maths on an explicit `today`: ISO weeks, quarters, years and five-year windows.

Every function takes the dates it needs; nothing here reads the clock, so back-filling a
missed week and testing a year boundary are the same code path as today's check-in.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from punchin.errors import UsageError
from punchin.models import HORIZON_RANK, Horizon, NamedTuple

MIN_YEAR = 1900
MAX_YEAR = 9990  # leaves room for the five-year window and "next period" of any date

# Patterns, not compiled objects: `re` compiles (and caches) each on first use, so a command
# that reads one week label does not pay for compiling all five at start-up; `re` itself is
# imported by the functions that read text, never by `punchin due` in a shell prompt.
_WEEK_RE = r"(?i)^(\d{4})-?W(\d{1,2})$"
_QUARTER_RE = r"(?i)^(\d{4})-?Q([1-4])$"
_YEAR_RE = r"^(\d{4})$"
_WINDOW_RE = r"^(\d{4})\s*[-–]\s*(\d{4})$"
_SPAN_RE = r"^(\d{4})-(\d{1,2})\s*\.\.\s*(\d{4})-(\d{1,2})$"
_AGO_RE = r"^(\d+)\s+(day|week)s?\s+ago$"
_SHIFT_RE = r"^(last|this|next) (week|month|quarter|year)$"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Chinese: 上周一, 这个星期天, 下个季度, 上月 ...; 3天前, 两周前, 十个星期以前; 今天, 去年.
_ZH_SHIFT_RE = r"^(上|本|这|下)(一个|一|个)?(周|星期|礼拜|季度|季|月)([一二三四五六日天])?$"
_ZH_AGO_RE = r"^(\d+|[一二两三四五六七八九十]+)(天|日|周|个?星期|个?礼拜)[以之]?前$"
_ZH_SHIFTS = {"上": -1, "本": 0, "这": 0, "下": 1}
_ZH_UNITS = {"周": "week", "星期": "week", "礼拜": "week", "季度": "quarter", "季": "quarter"}
_ZH_DAYS = {
    "今天": 0,
    "今日": 0,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
    "明天": 1,
    "明日": 1,
    "后天": 2,
}
_ZH_YEARS = {"去年": -1, "今年": 0, "本年": 0, "明年": 1}
_ZH_DIGITS = "一二三四五六七八九"
_ZH_WEEKDAYS = "一二三四五六日"  # 周日 and 周天 are both Sunday


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


def opens_on(period: Period) -> date:
    """The first day the review of `period` can be made: a week's on its Saturday (its
    weekend), a quarter's, year's or window's two weeks before it ends, as the review
    commands choose them. Before that, the period has not ended enough to look back on."""
    if period.horizon is Horizon.WEEK:
        return period.end - timedelta(days=1)
    return period.end - timedelta(days=14)


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


def period_to_review(today: date, horizon: Horizon, anchor_year: int) -> Period:
    """The period a plain review command made today looks back on (`horizon` WEEK to
    FIVE_YEAR)."""
    if horizon is Horizon.WEEK:
        return review_week(today)
    if horizon is Horizon.QUARTER:
        return review_quarter(today)
    if horizon is Horizon.YEAR:
        return review_year(today)
    return review_window(today, anchor_year)


def parse_period_label(text: str, anchor_year: int | None = None) -> Period | None:
    """`2026-W47`, `2026-Q4`, `2026`, `2026-2030`, `2024-09..2028-06` -> Period; None if it
    is not a label."""
    text = text.strip()
    found = _plain_label(text) or _label_parts(text)
    if found is None:
        return None
    kind, numbers = found
    if kind == "span":
        first_year, first_month, last_year, last_month = numbers
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
    if kind == "week":
        year, week = numbers
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
    if kind == "quarter":
        year, quarter = numbers
        _check_year(year, text)
        return quarter_of(date(year, 3 * quarter - 2, 1))
    if kind == "year":
        (year,) = numbers
        _check_year(year, text)
        return year_of(date(year, 1, 1))
    first, last = numbers
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


_LABELS = (
    ("span", _SPAN_RE),
    ("week", _WEEK_RE),
    ("quarter", _QUARTER_RE),
    ("year", _YEAR_RE),
    ("five-year", _WINDOW_RE),
)


def _label_parts(text: str) -> tuple[str, tuple[int, ...]] | None:
    """The kind of label `text` is (the first of _LABELS it matches) and its numbers."""
    import re

    for kind, pattern in _LABELS:
        if m := re.match(pattern, text):
            return kind, tuple(int(part) for part in m.groups())
    return None


def _plain_label(text: str) -> tuple[str, tuple[int, ...]] | None:
    """What `_label_parts` reads in a label written as punchin writes it (`2026-W47`,
    `2026-Q4`, `2026`, `2021-2025`), read without `re`: the labels `punchin due` reads in a
    shell prompt. None for any other text (which `_label_parts` then reads)."""
    year = text[:4]
    if not (text.isascii() and year.isdigit()):
        return None
    size, rest = len(text), text[5:]
    if size == 4:
        return "year", (int(year),)
    if size == 7 and text[4:6] == "-Q" and rest in ("Q1", "Q2", "Q3", "Q4"):
        return "quarter", (int(year), int(rest[1]))
    if size == 8 and text[4:6] == "-W" and rest[1:].isdigit():
        return "week", (int(year), int(rest[1:]))
    if size == 9 and text[4] == "-" and rest.isdigit():
        return "five-year", (int(year), int(rest))
    return None


def parse_date(text: str, today: date) -> date:
    """Read a date a person typed: ISO dates, `today`, `yesterday`, `last monday`, `3 days ago`,
    and their Chinese twins (今天, 昨天, 上周一, 3天前 ...); a word naming a period (`last week`,
    本季度, 去年, 上个月) is the period's first day.

    Anything else goes to dateutil (so `16 Nov 2026` and `Nov 16` work); anything it cannot
    read, or an impossible date like 2026-02-30, is a usage error with the text quoted.
    """
    words = " ".join(text.lower().split())
    if not words:
        raise UsageError(
            "empty date: give a date like 2026-11-16, 'last monday' or 2026-W47",
            key="date_empty",
        )
    named = _read_words(words, today)
    if named is not None:
        return named[0]
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


def parse_period_word(text: str, today: date) -> Period | None:
    """A word naming a week, quarter or year (`last week`, `this quarter`, `next year`, 上周,
    本季度, 去年 ...) -> that period; None for anything else, days and months included.

    The twin of `parse_period_label` for words, which need `today`."""
    words = " ".join(text.lower().split())
    day, horizon = (_read_words(words, today) if words else None) or (today, None)
    return None if horizon is None else period_of(day, horizon)


def resolve(
    text: str, today: date, horizon: Horizon | None = None, anchor_year: int | None = None
) -> Period:
    """A period label, a word naming a period, or a date -> the period; with `horizon`, a label
    must be of that kind, and a word must name a period no longer than it (`last week` for a
    quarter is the quarter holding that week's Monday, as that Monday always was)."""
    label = parse_period_label(text, anchor_year)
    if label is not None:
        if horizon is not None and label.horizon is not horizon:
            raise _wrong_horizon(text, label, horizon, today, anchor_year)
        return label
    named = parse_period_word(text, today)
    if named is not None and horizon is not None and horizon is not named.horizon:
        if HORIZON_RANK[horizon.value] < HORIZON_RANK[named.horizon.value]:
            raise _wrong_horizon(text, named, horizon, today, anchor_year)
        return period_of(named.start, horizon, anchor_year)
    if named is not None:
        return named
    day = parse_date(text, today)
    return period_of(day, horizon or Horizon.WEEK, anchor_year)


def _wrong_horizon(
    text: str, given: Period, horizon: Horizon, today: date, anchor_year: int | None
) -> UsageError:
    example = period_of(today, horizon, anchor_year).label
    return UsageError(
        f"{text!r} is a {given.horizon.value} period; a {horizon.value} period is needed "
        f"here (like {example}) or a date",
        key="wrong_horizon",
        text=text,
        given=given.horizon.value,
        needed=horizon.value,
        example=example,
    )


def _read_words(words: str, today: date) -> tuple[date, Horizon | None] | None:
    """Words for a day or a period, in English or Chinese -> (the day they stand for, the
    horizon of the period they name, or None for a day or a month); None if not such words.

    A month is no period of the method, so `last month` / 上个月 is simply its first day."""
    try:
        named = _relative_words(words, today) or _chinese_words(words.replace(" ", ""), today)
    except (OverflowError, ValueError):  # shifted before year 1 or past year 9999
        named = (date.min, None)
    if named is not None:
        _check_year(named[0].year, words)
    return named


def _relative_words(words: str, today: date) -> tuple[date, Horizon | None] | None:
    import re

    day = _relative_date(words, today)
    if day is not None:
        return day, None
    if m := re.match(_SHIFT_RE, words):
        return _shifted(m[2], {"last": -1, "this": 0, "next": 1}[m[1]], today)
    return None


def _relative_date(words: str, today: date) -> date | None:
    import re

    simple = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
    if words in simple:
        return today + timedelta(days=simple[words])
    if m := re.match(_AGO_RE, words):
        return _days_ago(int(m[1]) * (7 if m[2] == "week" else 1), words, today)
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


def _chinese_words(words: str, today: date) -> tuple[date, Horizon | None] | None:
    """今天 昨天 明天 前天 后天; 上周/本周/这周/下周 (also 星期, 礼拜, 个, 一个), and with
    a weekday 上周一 … 下周日; 上个月 本月 下个月; 上季度 本季度 下季度; 去年 今年 明年;
    N天前, N周前."""
    import re

    if words in _ZH_DAYS:
        return today + timedelta(days=_ZH_DAYS[words]), None
    if words in _ZH_YEARS:
        return _shifted("year", _ZH_YEARS[words], today)
    if m := re.match(_ZH_AGO_RE, words):
        count = _chinese_number(m[1])
        if count is None:
            return None
        return _days_ago(count * (1 if m[2] in "天日" else 7), words, today), None
    if m := re.match(_ZH_SHIFT_RE, words):
        shift, unit = _ZH_SHIFTS[m[1]], _ZH_UNITS.get(m[3], "month")
        if m[4] is None:
            return _shifted(unit, shift, today)
        if unit != "week":  # 上个月三 is not a day
            return None
        monday = week_of(today).start + timedelta(days=7 * shift)
        return monday + timedelta(days=_ZH_WEEKDAYS.find(m[4]) % 7), None  # 天 -> -1 -> 6
    return None


def _shifted(unit: str, shift: int, today: date) -> tuple[date, Horizon | None]:
    """The first day of the week / month / quarter / year `shift` of them from today's."""
    if unit == "week":
        return week_of(today).start + timedelta(days=7 * shift), Horizon.WEEK
    if unit == "year":
        return date(today.year + shift, 1, 1), Horizon.YEAR
    step = 3 if unit == "quarter" else 1
    months = today.year * 12 + (today.month - 1) // step * step + shift * step
    first = date(months // 12, months % 12 + 1, 1)
    return first, (Horizon.QUARTER if unit == "quarter" else None)


def _days_ago(days: int, words: str, today: date) -> date:
    if days > 365 * 200:
        raise UsageError(f"{words!r} is too far back", key="too_far_back", text=words)
    return today - timedelta(days=days)


def _chinese_number(text: str) -> int | None:
    """3, 三, 两, 十, 十二, 二十, 二十五 -> the number (up to 99); None if not one."""
    if text.isdecimal():
        return int(text)
    if text == "两":
        return 2
    tens, ten, ones = text.rpartition("十")
    if not ten:
        return _ZH_DIGITS.find(text) + 1 if len(text) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or "十" in tens + ones:
        return None
    high = _ZH_DIGITS.find(tens) + 1 if tens else 1
    low = _ZH_DIGITS.find(ones) + 1 if ones else 0
    return None if high == 0 or (low == 0 and ones) else 10 * high + low


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


def wall_clock(timezone: str | None) -> datetime:
    """The wall clock in `timezone` (else the system's); PUNCHIN_NOW pins it for scripts
    and tests."""
    import os

    pinned = os.environ.get("PUNCHIN_NOW")
    zone = None
    if timezone:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(timezone)
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            raise UsageError(
                f"PUNCHIN_NOW={pinned!r} is not an ISO date and time",
                key="now_bad",
                value=pinned,
            ) from None
        if not MIN_YEAR <= moment.year <= MAX_YEAR:  # 9999-12-31 has no next week
            raise UsageError(
                f"PUNCHIN_NOW={pinned!r} is outside the years punchin handles "
                f"({MIN_YEAR} to {MAX_YEAR})",
                key="now_out_of_range",
                value=pinned,
                first=MIN_YEAR,
                last=MAX_YEAR,
            )
        if moment.tzinfo is None:
            return moment.replace(tzinfo=zone) if zone else moment.astimezone()
        return moment.astimezone(zone) if zone else moment
    return datetime.now(zone) if zone else datetime.now().astimezone()
