"""The user's settings: what `punchin init` asks for, kept in settings.toml (`places`
says where), read with defaults that follow the method (Monday 21:00, 30 minutes)."""

from __future__ import annotations

import os

from punchin.errors import PunchinError, UsageError, shown
from punchin.models import NamedTuple
from punchin.places import LANGUAGES, settings_file, settings_path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path

CHANNELS = ("desktop", "terminal")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME_RE = r"^([01]?\d|2[0-3]):([0-5]\d)$"


def _is_time(text: str) -> bool:
    """Whether `text` is a time of day as _TIME_RE reads it; one written as punchin writes
    it (`21:00`) is read without importing `re` (`punchin due` in a shell prompt)."""
    if len(text) == 5 and text[2] == ":" and text.isascii() and (text[:2] + text[3:]).isdigit():
        return int(text[:2]) <= 23 and int(text[3:]) <= 59
    import re

    return re.match(_TIME_RE, text) is not None


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
    backups: bool = True  # a backup after every finished review (`false`: none)
    backup_dir: str = ""  # where they go; empty: `backups/` beside the journal
    sync_dir: str = ""  # the folder synced with other machines (`punchin sync --dir`)
    sync_plain: bool = False  # its change files unencrypted (chosen with `--plain`)

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
        if not _is_time(self.weekly_time):
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
        if self.share_name and _has_hidden_characters(self.share_name):
            raise UsageError(
                "share_name cannot hold control or invisible characters (line breaks, bells, "
                "zero-width or direction marks)",
                key="share_name_chars",
            )
        if len(self.share_name) > 100:
            raise UsageError("share_name must be at most 100 characters", key="share_name_long")
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
        if self.backup_dir:
            check_backup_dir(self.backup_dir)
        if self.sync_dir and not _absolute(self.sync_dir):
            raise UsageError(
                f"sync_dir must be an absolute path, not {self.sync_dir[:80]!r}",
                key="sync_dir_bad",
                value=self.sync_dir[:80],
            )
        return self._replace(weekly_day=matches[0], weekly_time=f"{int(hours):02d}:{minutes}")

    def backup_folder(self, journal: Path) -> Path:
        """Where the automatic backups of the journal at `journal` go."""
        from pathlib import Path

        if self.backup_dir:
            return Path(self.backup_dir).expanduser()
        return journal.parent / "backups"

    @property
    def channel_list(self) -> list[str]:
        return [c.strip() for c in self.channels.split(",") if c.strip()]

    @property
    def quiet_span(self) -> tuple[int, int] | None:
        """Quiet hours as minutes of the day (start, end); the span may cross midnight."""
        parts = [p.strip() for p in self.quiet_hours.split("-")]
        if len(parts) != 2 or not all(_is_time(p) for p in parts):
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


def _has_hidden_characters(text: str) -> bool:
    """Control characters (a newline, a bell) or invisible ones (zero-width, direction
    overrides, which can reorder the words around them on a page)."""
    import unicodedata

    return any(unicodedata.category(char) in ("Cc", "Cf") for char in text)


def check_backup_dir(value: str) -> None:
    """`backup_dir` must name one folder for good: an absolute path (or one from ~), since
    a relative one would change with the folder punchin is run from, on one line."""
    reason = ""
    if len(value) > 1024 or any(ord(c) < 32 or ord(c) == 127 for c in value):
        reason = "a path on one line, of at most 1,024 characters"
    elif not _absolute(value):
        reason = "an absolute path, like ~/backups/punchin or /mnt/disk/punchin"
    if reason:
        raise UsageError(
            f"backup_dir must be {reason}, not {value[:80]!r}",
            key="backup_dir_bad",
            value=value[:80],
        )


def _absolute(value: str) -> bool:
    from pathlib import Path

    try:
        return Path(value).expanduser().is_absolute()
    except RuntimeError:  # ~someone who is not a user here
        return False


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the file, or the defaults (language from the locale) when there is none."""
    from punchin import parsed_toml

    try:  # named by a string (`punchin due` in a shell prompt: no pathlib), by a Path when said
        data = parsed_toml.load(path or settings_file())
    except FileNotFoundError:
        return Settings(language=system_language())
    except OSError as exc:
        path = path or settings_path()
        reason = exc.strerror or str(exc)
        raise SettingsError(
            f"cannot read settings {path}: {reason}{REPAIR}",
            key="settings_unreadable",
            path=path,
            reason=reason,
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        path = path or settings_path()
        raise SettingsError(
            f"settings {path} is not valid TOML: {exc}{REPAIR}", key="settings_toml", path=path
        ) from None
    known = {k: v for k, v in data.items() if k in Settings._fields}
    defaults = Settings(language=system_language())
    merged = defaults._replace(**known)
    for name, value in merged._asdict().items():
        if type(value) is not type(getattr(defaults, name)):
            path = path or settings_path()
            problem = f"{name} has the wrong type ({shown(repr(value), 40)})"
            raise SettingsError(
                f"settings {path}: {problem}{REPAIR}",
                key="settings_value",
                path=path,
                problem=problem,
            )
    try:
        return merged.validated()
    except UsageError as exc:
        path = path or settings_path()
        raise SettingsError(
            f"settings {path}: {exc}{REPAIR}", key="settings_value", path=path, problem=str(exc)
        ) from None


class SettingsError(PunchinError):
    """The settings file cannot be read whole: `punchin init` offers to rewrite it."""


REPAIR = "; `punchin init` can rewrite it, keeping what it can read"


def salvage_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """What `punchin init` keeps of a settings file that cannot be read whole: every
    setting whose line still reads as TOML and whose value is valid (the rest back to the
    defaults); and what was lost, by name (`weekly_time`) or by line (`line 3`)."""
    import tomllib

    path = path or settings_path()
    kept = Settings(language=system_language())
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return kept, ["settings.toml"]
    lost: list[str] = []
    try:
        found = tomllib.loads(text)
    except tomllib.TOMLDecodeError:  # then line by line: `key = value` stands on its own
        found = {}
        for number, line in enumerate(text.splitlines(), 1):
            try:
                found.update(tomllib.loads(line))
            except tomllib.TOMLDecodeError:
                lost.append(f"line {number}")
    for name, value in found.items():
        if name not in Settings._fields:
            continue
        if type(value) is not type(getattr(kept, name)):
            lost.append(name)
            continue
        try:
            kept = kept._replace(**{name: value}).validated()
        except UsageError:
            lost.append(name)
    return kept, lost


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
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        said = shown(name, 40)
        raise UsageError(
            f"unknown timezone {said!r}: use a name like Europe/Berlin or Asia/Shanghai",
            key="timezone_bad",
            value=said,
        ) from None


# -- reading what `punchin init` is told, flag or answer, the same way ------------------------
