"""The files that make the operating system run `punchin remind tick` on time: a systemd
user timer, a crontab block, or a launchd agent. Every review falls due at a weekly slot, so
each timer fires at the weekly slot; systemd and launchd also catch up after the machine was
off or asleep, and the crontab adds an hourly catch-up line (cron has none of its own).

A timer sees none of the variables of the shell that installed it, so each one is given
those that decide where punchin keeps its settings and journal. systemd keeps what the tick
prints in its journal; cron and launchd append it to `reminders.log` in the data folder,
which the tick keeps small (see `trim_log`).
"""

from __future__ import annotations

import os
import plistlib
import shlex
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from punchin.config import Settings
from punchin.errors import PunchinError
from punchin.places import real_absolute

if TYPE_CHECKING:
    import subprocess

UNIT = "punchin-remind"
LAUNCHD_LABEL = "org.punchin.remind"
CRON_BEGIN = "# >>> punchin reminders >>>"
CRON_END = "# <<< punchin reminders <<<"
# The variables that decide where punchin finds its settings, journal and question sets.
PLACES = ("PUNCHIN_HOME", "PUNCHIN_DB", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
LOG_NAME = "reminders.log"
# A tick writes a line or two when it sends or fails (an unexpected failure: a traceback of a
# few kB). Past LOG_LIMIT the log is cut to its last LOG_KEEP bytes: weeks of hourly failures,
# years of sent reminders, and never more than a few pages to read.
LOG_LIMIT = 64 * 1024
LOG_KEEP = 32 * 1024


class TimerFile(NamedTuple):
    path: Path
    text: str


class Job(NamedTuple):
    """What every timer runs: the tick command, the variables it needs, where its output
    goes (for cron and launchd)."""

    command: list[str]
    environment: dict[str, str]
    log: Path


def places(environ: Mapping[str, str]) -> dict[str, str]:
    """The place variables that are set, as absolute real paths (a timer has no working
    folder of the shell's to resolve them against: cron runs from `/` or home)."""
    return {name: str(real_absolute(value)) for name in PLACES if (value := environ.get(name))}


def tick_command(executable: str, db: str | None, language: str | None) -> list[str]:
    """The command a timer runs: this very punchin, on this very journal (its absolute real
    path), in the language chosen with --lang for the install (else the one in the
    settings, as any run)."""
    command = [executable]
    if db:
        command += ["--db", str(real_absolute(db))]
    if language:
        command += ["--lang", language]
    return [*command, "remind", "tick"]


def check_job(job: Job, timer: str) -> None:
    """Refuse a job no timer file can carry safely: a newline or another control character
    in a path would end a unit's line or a crontab's line early and start one of its own
    (and XML cannot hold most of them at all). Said with the character made visible."""
    for text in (*job.command, *job.environment.values(), str(job.log)):
        if any(_control(c) for c in text):
            shown = "".join(repr(c)[1:-1] if _control(c) else c for c in text)
            raise PunchinError(
                f"cannot install the {timer} timer: {shown} holds a newline or another control "
                "character, which would break the timer's file; use a path without one",
                key="timer_control_character",
                timer=timer,
                path=shown,
            )


def _control(c: str) -> bool:
    return ord(c) < 32 or 0x7F <= ord(c) <= 0x9F


def systemd_folder(home: Path, environ: Mapping[str, str]) -> Path:
    """Where systemd looks for a user's own units: $XDG_CONFIG_HOME/systemd/user."""
    base = environ.get("XDG_CONFIG_HOME")
    config = Path(base).expanduser().absolute() if base else home / ".config"
    return config / "systemd" / "user"


def systemd_files(folder: Path, job: Job, settings: Settings) -> list[TimerFile]:
    day = settings.weekly_day[:3].capitalize()
    zone = f" {settings.timezone}" if settings.timezone else ""
    environment = "".join(
        f"Environment={_systemd_quoted(f'{name}={value}')}\n"
        for name, value in sorted(job.environment.items())
    )
    program, *arguments = job.command
    if any(c in "\"'\\" or ord(c) < 32 for c in program):  # systemd refuses such a name
        program, arguments = "/usr/bin/env", job.command
    words = [_systemd_word(program), *(_systemd_word(w.replace("$", "$$")) for w in arguments)]
    service = (
        "[Unit]\n"
        "Description=punchin: send the reminders of reviews that are due\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"{environment}"
        f"ExecStart={' '.join(words)}\n"
    )
    timer = (
        "[Unit]\n"
        "Description=punchin: the weekly review slot\n\n"
        "[Timer]\n"
        f"OnCalendar={day} *-*-* {settings.weekly_time}:00{zone}\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return [
        TimerFile(folder / f"{UNIT}.service", service),
        TimerFile(folder / f"{UNIT}.timer", timer),
    ]


def _systemd_word(word: str) -> str:
    """A word of ExecStart=, quoted when needed. An argument's `$` is doubled by the caller
    (no variable expansion); the program's is left alone (systemd expands none there)."""
    plain = word and not any(c.isspace() or c in "\"'\\;%" for c in word)
    return word if plain else _systemd_quoted(word)


def _systemd_quoted(text: str) -> str:
    """A double-quoted word of a unit file: C escapes for backslash, quote and control
    characters, `%` doubled (no specifier expansion)."""
    escaped = "".join(
        "\\\\" if c == "\\" else '\\"' if c == '"' else f"\\x{ord(c):02x}" if ord(c) < 32 else c
        for c in text
    )
    return '"' + escaped.replace("%", "%%") + '"'


def cron_block(job: Job, settings: Settings) -> str:
    """Lines for a crontab: the weekly slot, and an hourly catch-up (a tick is idempotent).
    Cron reads the system's time zone; with another zone set, CRON_TZ says which. Each line
    sets the variables itself (an assignment line would change every later cron job too)
    and appends the output to the log, created private (umask 077)."""
    hour, minute = settings.slot_hour_minute
    weekday = (settings.weekday_index + 1) % 7  # cron counts Sunday as 0
    assignments = [f"{name}={_cron_word(value)}" for name, value in sorted(job.environment.items())]
    shell = " ".join(
        [
            "umask 077;",
            *assignments,
            *(_cron_word(word) for word in [*job.command, "--stamp"]),
            f">>{_cron_word(str(job.log))} 2>&1",
        ]
    )
    # Cron turns a bare % into a newline and hands `\%` on as `%`; no backslash of a path
    # stands right before a % (see _cron_word), so each % is escaped by exactly one.
    line = shell.replace("%", "\\%")
    lines = [CRON_BEGIN]
    if settings.timezone:
        lines.append(f"CRON_TZ={settings.timezone}")
    lines += [f"{minute} {hour} * * {weekday} {line}", f"17 * * * * {line}", CRON_END]
    return "\n".join(lines) + "\n"


def _cron_word(text: str) -> str:
    """A word for the shell cron runs, quoted as shlex does, except that each backslash is
    written as `"\\"` outside the single quotes: cron reads a backslash right before a % as
    its own escape, so none of the word's may stand there."""
    quoted = shlex.quote(text)  # a backslash is always quoted: '...'
    return quoted.replace("\\", "'\"\\\\\"'")


def with_cron_block(crontab: str, block: str) -> str:
    """The crontab with our block replaced (or added), and everything else untouched."""
    kept = without_cron_block(crontab)
    if kept and not kept.endswith("\n"):
        kept += "\n"
    return kept + block


def without_cron_block(crontab: str) -> str:
    lines, inside = [], False
    for line in crontab.splitlines(keepends=True):
        if line.strip() == CRON_BEGIN:
            inside = True
        elif line.strip() == CRON_END:
            inside = False
        elif not inside:
            lines.append(line)
    return "".join(lines)


def cron_block_in(crontab: str) -> str | None:
    """Our block as it stands in the crontab, or None when there is none."""
    lines: list[str] = []
    inside = False
    for line in crontab.splitlines():
        if line.strip() == CRON_BEGIN:
            inside, lines = True, []
        if inside:
            lines.append(line)
        if line.strip() == CRON_END and inside:
            return "\n".join(lines) + "\n"
    return None


def launchd_file(
    home: Path, job: Job, settings: Settings, start: datetime | None = None
) -> TimerFile:
    """A LaunchAgent: launchd runs a calendar job it missed while the Mac was asleep. Its
    calendar counts in the system's local time: see `launchd_slots`."""
    slots = launchd_slots(settings, start or datetime.now(UTC))
    plist: dict[str, object] = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": [*job.command, "--stamp"],
        "StartCalendarInterval": slots[0] if len(slots) == 1 else slots,
        "RunAtLoad": True,
        "StandardOutPath": str(job.log),
        "StandardErrorPath": str(job.log),
    }
    if job.environment:
        plist["EnvironmentVariables"] = dict(job.environment)
    return TimerFile(launchd_path(home), plistlib.dumps(plist).decode("utf-8"))


def launchd_slots(settings: Settings, start: datetime) -> list[dict[str, int]]:
    """The weekly slot as launchd's StartCalendarInterval entries, in the system's local
    time (the only time launchd knows; systemd and cron are told the zone instead).

    With a zone in the settings, the slot of each week of the coming year is converted from
    that zone to the system's; when the two change their clocks on different days, the slot
    falls at two local times in the year (Monday 21:00 in Berlin is 15:00 in New York, and
    16:00 for a few weeks each spring and autumn), and the agent fires at each. A firing
    before the slot finds nothing due; the one at the slot sends, once."""
    hour, minute = settings.slot_hour_minute
    found = [(settings.weekday_index, hour, minute)]
    if settings.timezone:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(settings.timezone)
        today = start.astimezone(zone).date()
        first = today + timedelta(days=(settings.weekday_index - today.weekday()) % 7)
        found = []
        for week in range(54):
            slot = datetime.combine(first + timedelta(weeks=week), time(hour, minute), zone)
            local = datetime.fromtimestamp(slot.timestamp())  # the system's local time
            if (moment := (local.weekday(), local.hour, local.minute)) not in found:
                found.append(moment)
    return [
        {"Weekday": (day + 1) % 7, "Hour": at_hour, "Minute": at_minute}  # launchd: Sunday 0
        for day, at_hour, at_minute in sorted(found)
    ]


def launchd_path(home: Path) -> Path:
    return home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def timer_files(timer: str, job: Job, settings: Settings, home: Path) -> list[TimerFile]:
    """The files `install` writes for systemd or launchd, where it writes them."""
    if timer == "systemd":
        return systemd_files(systemd_folder(home, os.environ), job, settings)
    return [launchd_file(home, job, settings)]


def timer_paths(timer: str, home: Path) -> list[Path]:
    """Where `install` writes the files of systemd or launchd (the timer's file last)."""
    if timer == "systemd":
        folder = systemd_folder(home, os.environ)
        return [folder / f"{UNIT}.service", folder / f"{UNIT}.timer"]
    return [launchd_path(home)]


def installed(timer: str, jobs: list[Job], settings: Settings, home: Path) -> tuple[str, str]:
    """Whether `timer` is installed, by looking where `install` writes: "current" (as
    `install` would write it now for one of `jobs`), "outdated" (for another slot, other
    places or another punchin), "absent", or "no_crontab"; and where it is."""
    if timer == "cron":
        try:
            block = cron_block_in(read_crontab())
        except PunchinError:
            return "no_crontab", ""
        if block is None:
            return "absent", "crontab -l"
        current = any(block == cron_block(job, settings) for job in jobs)
        return ("current" if current else "outdated"), "crontab -l"
    paths = timer_paths(timer, home)
    texts = [_read_text(path) for path in paths]
    if all(text is None for text in texts):
        return "absent", str(paths[-1])
    current = any(
        texts == [file.text for file in timer_files(timer, job, settings, home)]
        for job in jobs
        if not _unwritable(job)
    )
    return ("current" if current else "outdated"), str(paths[-1])


def _unwritable(job: Job) -> bool:
    """Whether `install` refuses this job (`check_job`): it cannot be the one installed."""
    try:
        check_job(job, "")
    except PunchinError:
        return True
    return False


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def read_crontab() -> str:
    done = _crontab(["-l"], None)
    return done.stdout if done.returncode == 0 else ""  # no crontab yet: an empty one


def write_crontab(text: str) -> None:
    done = _crontab(["-"], text)
    if done.returncode != 0:
        raise PunchinError(f"crontab refused the change: {done.stderr.strip()}")


def _crontab(args: list[str], text: str | None) -> subprocess.CompletedProcess[str]:
    import shutil
    import subprocess

    if shutil.which("crontab") is None:
        raise PunchinError("there is no crontab command here", key="no_crontab")
    return subprocess.run(
        ["crontab", *args], input=text, capture_output=True, text=True, timeout=30, check=False
    )


def prepare_log(path: Path) -> None:
    """Create the log (and its folder) private before a timer first writes to it."""
    from punchin.places import ensure_private_dir

    ensure_private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    os.chmod(path, 0o600)


def trim_log(path: Path, limit: int = LOG_LIMIT, keep: int = LOG_KEEP) -> None:
    """Cut the log to its last `keep` bytes (from a line's start) once it passes `limit`.
    Cut in place, not rotated: cron and launchd append to this very file (O_APPEND, so a
    line written meanwhile still lands at the end), and it keeps its private mode."""
    try:
        if path.stat().st_size <= limit:
            return
        with path.open("r+b") as handle:
            handle.seek(-keep, os.SEEK_END)
            tail = handle.read()
            start = tail.find(b"\n") + 1
            handle.seek(0)
            handle.write(tail[start:])
            handle.truncate()
    except OSError:  # a log that cannot be trimmed must never stop a reminder
        return


def last_lines(path: Path, count: int) -> list[str] | None:
    """The log's last `count` lines, or None when there is no log."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 16 * 1024))
            tail = handle.read()
    except OSError:
        return None
    lines = tail.decode("utf-8", errors="replace").splitlines()
    if size > len(tail):
        lines = lines[1:]  # the first may be cut
    return [line for line in lines if line.strip()][-count:]
