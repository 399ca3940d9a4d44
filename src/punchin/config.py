"""Where punchin keeps its files, and the user's settings.

Lookup order, most specific first: `--db` / `PUNCHIN_DB` for the journal, `PUNCHIN_HOME`
for everything, then the platform's own folders (XDG on Linux, Application Support on macOS,
AppData on Windows).
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple

from punchin.errors import PunchinError, UsageError

APP = "punchin"
ENV_HOME = "PUNCHIN_HOME"
ENV_DB = "PUNCHIN_DB"
LANGUAGES = ("en", "zh")
CHANNELS = ("desktop", "terminal")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME_RE = r"^([01]?\d|2[0-3]):([0-5]\d)$"


def data_dir() -> Path:
    """The folder holding the journal."""
    if home := os.environ.get(ENV_HOME):
        return Path(home).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP


def config_dir() -> Path:
    """The folder holding settings.toml and the user's own question sets (prompts/)."""
    if home := os.environ.get(ENV_HOME):
        return Path(home).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / APP


def journal_path(override: str | None = None) -> Path:
    chosen = override or os.environ.get(ENV_DB)
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "journal.db"


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def prompts_override_dir() -> Path:
    return config_dir() / "prompts"


def system_language() -> str:
    """Chinese when the locale says so, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class Settings(NamedTuple):
    """What `punchin init` asks for; the weekly slot defaults to the method's Monday 21:00."""

    language: str = "en"
    weekly_day: str = "monday"
    weekly_time: str = "21:00"
    weekly_minutes: int = 30
    timezone: str = ""  # empty: the system's
    # Reminders: the quarterly, yearly and five-year ones fall on the first weekly slot
    # after their period ends, so the weekly slot schedules them all.
    quiet_hours: str = ""  # "22:30-07:30": no notification inside it (it waits until after)
    channels: str = "desktop,terminal"  # tried in this order; "terminal" is stderr and a log
    hints: bool = True  # a one-line "review due" hint on stderr after other commands

    def validated(self) -> Settings:
        if self.language not in LANGUAGES:
            raise UsageError(
                f"language must be one of {', '.join(LANGUAGES)}, not {self.language!r}",
                key="language_bad",
                value=self.language,
            )
        day = self.weekly_day.lower()
        matches = [d for d in WEEKDAYS if len(day) >= 2 and d.startswith(day)]
        if len(matches) != 1:
            raise UsageError(
                f"weekly day must be a weekday like monday or mon, not {self.weekly_day!r}",
                key="weekday_bad",
                value=self.weekly_day,
            )
        if not re.match(_TIME_RE, self.weekly_time):
            raise UsageError(
                f"weekly time must be HH:MM (24-hour), not {self.weekly_time!r}",
                key="time_bad",
                value=self.weekly_time,
            )
        hours, minutes = self.weekly_time.split(":")
        if not 5 <= self.weekly_minutes <= 240:
            raise UsageError(
                "the weekly time box must be between 5 and 240 minutes", key="minutes_bad"
            )
        if self.timezone:
            _check_timezone(self.timezone)
        if self.quiet_hours and self.quiet_span is None:
            raise UsageError(
                f"quiet hours must look like 22:30-07:30, not {self.quiet_hours!r}",
                key="quiet_hours_bad",
                value=self.quiet_hours,
            )
        unknown = set(self.channel_list) - set(CHANNELS)
        if unknown or not self.channel_list:
            raise UsageError(
                f"channels must be some of {', '.join(CHANNELS)}, not {self.channels!r}",
                key="channels_bad",
                value=self.channels,
            )
        return self._replace(weekly_day=matches[0], weekly_time=f"{int(hours):02d}:{minutes}")

    @property
    def channel_list(self) -> list[str]:
        return [c.strip() for c in self.channels.split(",") if c.strip()]

    @property
    def quiet_span(self) -> tuple[int, int] | None:
        """Quiet hours as minutes of the day (start, end); the span may cross midnight."""
        parts = [p.strip() for p in self.quiet_hours.split("-")]
        if len(parts) != 2 or not all(re.match(_TIME_RE, p) for p in parts):
            return None
        start, end = ((int(p[:-3]) * 60 + int(p[-2:])) for p in parts)
        return start, end

    def is_quiet(self, hour: int, minute: int) -> bool:
        span = self.quiet_span
        if span is None:
            return False
        start, end = span
        now = hour * 60 + minute
        return start <= now < end if start <= end else now >= start or now < end

    @property
    def weekday_index(self) -> int:
        return WEEKDAYS.index(self.weekly_day)

    @property
    def slot_hour_minute(self) -> tuple[int, int]:
        hours, minutes = self.weekly_time.split(":")
        return int(hours), int(minutes)


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the file, or the defaults (language from the locale) when there is none."""
    from punchin import parsed_toml

    path = path or settings_path()
    try:
        data = parsed_toml.load(path)
    except FileNotFoundError:
        return Settings(language=system_language())
    except OSError as exc:
        raise PunchinError(f"cannot read settings {path}: {exc.strerror}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise PunchinError(
            f"settings {path} is not valid TOML: {exc}", key="settings_toml", path=path
        ) from None
    known = {k: v for k, v in data.items() if k in Settings._fields}
    defaults = Settings(language=system_language())
    try:
        merged = defaults._replace(**known)
    except TypeError as exc:
        raise PunchinError(f"settings {path}: {exc}") from None
    for name, value in merged._asdict().items():
        if type(value) is not type(getattr(defaults, name)):
            raise PunchinError(f"settings {path}: {name} has the wrong type ({value!r})")
    try:
        return merged.validated()
    except UsageError as exc:
        raise PunchinError(f"settings {path}: {exc}") from None


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write settings atomically (temp file + rename) and privately (0600)."""
    path = path or settings_path()
    lines = ["# punchin settings; `punchin init` rewrites this file.", ""]
    for name, value in settings.validated()._asdict().items():
        if isinstance(value, bool):
            rendered = "true" if value else "false"
        elif isinstance(value, int):
            rendered = str(value)
        else:
            rendered = '"' + _escape(str(value)) + '"'
        lines.append(f"{name} = {rendered}")
    write_private(path, "\n".join(lines) + "\n")
    return path


def write_private(path: Path, text: str) -> None:
    """Create or replace a file readable by its owner only, never leaving half a file (a
    symlink is written at its target; see `outputs`)."""
    from punchin.outputs import write_text

    write_text(path, text)


def ensure_private_dir(folder: Path) -> None:
    """Create the folder (0700) if needed; a clear error when that is not allowed."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise PunchinError(
            f"cannot create folder {folder}: {exc.strerror or exc}",
            key="folder_create",
            path=folder,
            reason=exc.strerror or exc,
        ) from None


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"unknown timezone {name!r}: use a name like Europe/Berlin or Asia/Shanghai",
            key="timezone_bad",
            value=name,
        ) from None


# -- reading what `punchin init` is told, flag or answer, the same way ------------------------

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
        _check_timezone(name)
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
        _check_timezone(name)
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
