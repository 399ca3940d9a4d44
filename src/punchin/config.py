"""The user's settings: what `punchin init` asks for, kept in settings.toml (`places`
says where), read with defaults that follow the method (Monday 21:00, 30 minutes)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from punchin.errors import PunchinError, UsageError
from punchin.places import LANGUAGES, settings_path

CHANNELS = ("desktop", "terminal")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME_RE = r"^([01]?\d|2[0-3]):([0-5]\d)$"


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
    share_name: str = ""  # the name printed on reports made to be handed on (`--share`)

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
        if len(self.share_name) > 100 or any(ord(c) < 32 or ord(c) == 127 for c in self.share_name):
            raise UsageError(
                "share_name must be one line of at most 100 characters", key="share_name_bad"
            )
        if self.timezone:
            check_timezone(self.timezone)
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
    from punchin.files import write_text

    write_text(path, "\n".join(lines) + "\n")
    return path


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def check_timezone(name: str) -> None:
    """Refuse a timezone name the system does not know."""
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
