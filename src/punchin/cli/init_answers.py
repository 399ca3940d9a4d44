"""What a person types at `punchin init`, read generously: a weekday in English or Chinese,
a time as 21:00, 9pm or 晚上9点, minutes, a timezone by its name or a near one. Each reader
returns the settings' own form or raises one clear line."""

from __future__ import annotations

import re
import unicodedata

from punchin.config import WEEKDAYS, check_timezone
from punchin.errors import UsageError

_ZH_DAYS = "一二三四五六日"


def read_weekday(text: str) -> str:
    """A weekday: monday, Mon, mo, 周一, 星期日, 礼拜天 -> its English name."""
    day = unicodedata.normalize("NFKC", text).strip().lower()
    for prefix in ("星期", "礼拜", "禮拜", "周", "週"):
        if day.startswith(prefix) and len(day) == len(prefix) + 1:
            index = (_ZH_DAYS + "天").find(day[-1])
            if index >= 0:
                return WEEKDAYS[min(index, 6)]
    matches = [d for d in WEEKDAYS if len(day) >= 2 and d.startswith(day)]
    if len(matches) != 1:
        raise UsageError(
            f"weekly day must be a weekday like monday or mon, not {text!r}",
            key="weekday_bad",
            value=text,
        )
    return matches[0]


_AM = ("凌晨", "早上", "早晨", "上午")
_PM = ("中午", "下午", "傍晚", "晚上")
_CLOCK_FORMS = (  # (pattern, how its hour reads): "24" as on a 24-hour clock, "12" with am/pm
    (r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<half>[ap])\.?\s*m?\.?", "12"),  # 9pm 9:30 p.m.
    (r"(?P<h>\d{1,2})\s*h\s*(?P<m>\d{2})?", "24"),  # 21h, 21h30
    (r"(?P<h>\d{1,2})[:.](?P<m>\d{2})", "24"),  # 21:00, 9:30, 21.00
    (r"(?P<h>\d{2})(?P<m>\d{2})", "24"),  # 2100, 0930
    (
        r"(?P<half>" + "|".join(_AM + _PM) + r")?\s*(?P<h>\d{1,2})\s*[点點时時]"
        r"\s*(?:(?P<m>\d{1,2})\s*分?|(?P<thirty>半))?",
        "zh",
    ),  # 21点, 晚上9点半
    (r"(?P<h>\d{1,2})", "zh"),  # 21; but 9 alone may be morning or evening
)


def read_time(text: str) -> str:
    """A time of day as HH:MM: 21:00, 9:30 (24-hour), 9pm, 9 pm, 9:30pm, 21h, 21h30, 2100,
    21点, 晚上9点半. An hour from 1 to 12 with nothing to say morning or evening (9, 9点) is
    refused with both readings rather than guessed at."""
    said = unicodedata.normalize("NFKC", text).strip().lower()
    read = ((re.fullmatch(pattern, said), clock) for pattern, clock in _CLOCK_FORMS)
    found, clock = next(((m, clock) for m, clock in read if m), (None, ""))
    if found is None:
        raise _time_unread(text)
    groups = found.groupdict()
    hour, minute = int(groups["h"]), int(groups.get("m") or (30 if groups.get("thirty") else 0))
    half = groups.get("half") or ""
    if clock == "12" or half:
        if not (1 <= hour <= 12 or (half in _PM and hour <= 23)):
            raise _time_unread(text)
        if half in ("a", *_AM):
            hour %= 12
        elif half == "中午":  # 中午12点 is noon, 中午1点 one after it
            hour += 12 if hour < 11 else 0
        elif hour <= 12:
            hour = hour % 12 + (12 if half == "p" or hour < 12 else 0)  # 晚上12点: midnight
    elif clock == "zh" and 1 <= hour <= 12:
        morning, evening = f"{hour % 12:02d}:{minute:02d}", f"{hour % 12 + 12:02d}:{minute:02d}"
        raise UsageError(
            f"weekly time {text!r}: morning or evening? write {morning} or {evening}",
            key="time_ambiguous",
            value=text,
            morning=morning,
            evening=evening,
        )
    if hour > 23 or minute > 59:
        raise _time_unread(text)
    return f"{hour:02d}:{minute:02d}"


def _time_unread(text: str) -> UsageError:
    return UsageError(
        f"weekly time {text!r} is not a time of day: write it like 21:00, 9pm or 21h",
        key="time_unread",
        value=text,
    )


def read_minutes(text: str) -> int:
    """The weekly time box: 30, 30 min, 45m, 1h, 30分钟; from 5 to 240 minutes."""
    said = unicodedata.normalize("NFKC", text).strip().lower()
    found = re.fullmatch(r"(\d{1,4})\s*(m|mins?|minutes?|分钟|分|h|hours?|小时)?", said)
    if found is None:
        raise UsageError(
            f"the weekly time box must be a number of minutes, like 30, not {text!r}",
            key="minutes_unread",
            value=text,
        )
    minutes = int(found[1]) * (60 if (found[2] or "")[:1] in ("h", "小") else 1)
    if not 5 <= minutes <= 240:
        raise UsageError("the weekly time box must be between 5 and 240 minutes", key="minutes_bad")
    return minutes


# Names people give their zone by that are not zone names: a suggestion, never taken as given.
_ZONE_ALIASES = {
    name: "Asia/Shanghai" for name in ("beijing", "china", "北京", "上海", "中国", "北京时间")
}


def read_timezone(text: str) -> str:
    """A timezone's exact name; "" (empty) for the system's. A name that differs only in
    case (asia/shanghai) is taken as the zone it names; an unknown one is refused with the
    nearest names (Shanghai, Europe/Berln), the first in the error's `best`."""
    name = text.strip()
    if not name:
        return ""
    zones = _zone_names()
    if name in zones:
        return name
    by_case = {zone.casefold(): zone for zone in zones}
    folded = name.casefold().replace(" ", "_")
    if folded in by_case:
        return by_case[folded]
    near = timezone_suggestions(name, zones)
    if not near or _loads(name):  # a zone missing from the list may still load
        check_timezone(name)
        return name
    raise UsageError(
        f"unknown timezone {name!r}: did you mean {' or '.join(near)}?",
        key="timezone_suggest",
        value=name,
        suggestions=", ".join(near),
        best=near[0],
    )


def timezone_suggestions(name: str, zones: set[str] | None = None, most: int = 3) -> list[str]:
    """The zone names nearest to `name` by edit distance, ignoring case, to the whole name
    or to its city (Shanghai -> Asia/Shanghai), nearest first."""
    zones = _zone_names() if zones is None else zones
    wanted = unicodedata.normalize("NFKC", name).strip().casefold().replace(" ", "_")
    if wanted in _ZONE_ALIASES:
        return [_ZONE_ALIASES[wanted]]
    if not wanted:
        return []
    limit = max(1, min(3, len(wanted) // 4))
    scored = []
    for zone in zones:
        folded = zone.casefold()
        whole = _distance(wanted, folded, limit)
        city = _distance(wanted, folded.rsplit("/", 1)[-1], limit) if "/" not in wanted else 99
        if min(whole, city) <= limit:
            scored.append((min(whole, city), zone))
    return [zone for _, zone in sorted(scored)[:most]]


def _loads(name: str) -> bool:
    try:
        check_timezone(name)
    except UsageError:
        return False
    return True


def _zone_names() -> set[str]:
    from zoneinfo import available_timezones

    return {z for z in available_timezones() if not z.startswith(("posix/", "right/"))}


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it is known to be more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
