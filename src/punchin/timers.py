"""The files that make the operating system run `punchin remind tick` on time: a systemd
user timer, a crontab block, or a launchd agent. Every review falls due at a weekly slot, so
each timer fires at the weekly slot; systemd and launchd also catch up after the machine was
off or asleep, and the crontab adds an hourly catch-up line (cron has none of its own)."""

from __future__ import annotations

import plistlib
import shlex
from pathlib import Path
from typing import NamedTuple

from punchin.config import Settings

UNIT = "punchin-remind"
LAUNCHD_LABEL = "org.punchin.remind"
CRON_BEGIN = "# >>> punchin reminders >>>"
CRON_END = "# <<< punchin reminders <<<"


class TimerFile(NamedTuple):
    path: Path
    text: str


def tick_command(executable: str, db: str | None, environment: dict[str, str]) -> list[str]:
    """The command a timer runs: this very punchin, on this very journal and settings (a
    timer does not see the variables of the shell that installed it)."""
    command = [executable]
    if db:
        command += ["--db", db]
    command += ["remind", "tick"]
    if environment:
        command = ["/usr/bin/env", *(f"{k}={v}" for k, v in sorted(environment.items())), *command]
    return command


def systemd_files(home: Path, command: list[str], settings: Settings) -> list[TimerFile]:
    folder = home / ".config" / "systemd" / "user"
    day = settings.weekly_day[:3].capitalize()
    zone = f" {settings.timezone}" if settings.timezone else ""
    service = (
        "[Unit]\n"
        "Description=punchin: send the reminders of reviews that are due\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={shlex.join(command)}\n"
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


def cron_block(command: list[str], settings: Settings) -> str:
    """Lines for a crontab: the weekly slot, and an hourly catch-up (a tick is idempotent).
    Cron reads the system's time zone; with another zone set, CRON_TZ says which."""
    hour, minute = settings.slot_hour_minute
    weekday = (settings.weekday_index + 1) % 7  # cron counts Sunday as 0
    line = shlex.join(command) + " >/dev/null 2>&1"
    lines = [CRON_BEGIN]
    if settings.timezone:
        lines.append(f"CRON_TZ={settings.timezone}")
    lines += [f"{minute} {hour} * * {weekday} {line}", f"17 * * * * {line}", CRON_END]
    return "\n".join(lines) + "\n"


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


def launchd_file(home: Path, command: list[str], settings: Settings) -> TimerFile:
    """A LaunchAgent: launchd runs a calendar job it missed while the Mac was asleep."""
    hour, minute = settings.slot_hour_minute
    plist = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": command,
        "StartCalendarInterval": {
            "Weekday": (settings.weekday_index + 1) % 7,
            "Hour": hour,
            "Minute": minute,
        },
        "RunAtLoad": True,
        "StandardErrorPath": str(home / "Library" / "Logs" / "punchin-remind.log"),
    }
    path = home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"
    return TimerFile(path, plistlib.dumps(plist).decode("utf-8"))
