"""Desktop notifications, with the terminal as the fallback that always works.

The text goes to the notifier as arguments, never through a shell; a missing notifier, a
missing desktop or a notifier that hangs falls through to the next channel, never to a crash.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from logging import Logger

TIMEOUT = 10  # seconds a notifier may take before we give up on it


def _log() -> Logger:
    """This module's logger: logging is loaded only when there is something to say, so a
    tick with nothing due never pays for it (nor for shutil and subprocess)."""
    import logging

    return logging.getLogger("punchin.reminders.notify")


def notify(title: str, body: str, channels: list[str], stream: TextIO | None = None) -> str:
    """Send through the first channel that works; returns its name. The terminal (stderr
    and a log line) is always the last resort."""
    for channel in channels:
        if channel == "desktop":
            used = _desktop(title, body)
            if used:
                _log().info("notified through %s: %s", used, body)
                return used
        elif channel == "terminal":
            break
    print(f"{title}: {body}", file=stream or sys.stderr)
    _log().info("notified in the terminal: %s", body)
    return "terminal"


def _desktop(title: str, body: str) -> str | None:
    import shutil
    import subprocess

    for name, command in _commands(title, body):
        if shutil.which(command[0]) is None:
            continue
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            _log().warning("%s failed: %s", name, exc)
            continue
        if done.returncode == 0:
            return name
        _log().warning("%s failed: %s", name, done.stderr.decode(errors="replace").strip())
    return None


def _commands(title: str, body: str) -> list[tuple[str, list[str]]]:
    if sys.platform == "darwin":
        script = [
            "-e",
            "on run argv",
            "-e",
            "display notification (item 2 of argv) with title (item 1 of argv)",
            "-e",
            "end run",
        ]
        return [("osascript", ["osascript", *script, title, body])]
    commands = [("notify-send", ["notify-send", "--app-name=punchin", title, body])]
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        commands.append(
            (
                "gdbus",
                [
                    "gdbus",
                    "call",
                    "--session",
                    "--dest=org.freedesktop.Notifications",
                    "--object-path=/org/freedesktop/Notifications",
                    "--method=org.freedesktop.Notifications.Notify",
                    "punchin",
                    "0",
                    "",
                    title,
                    body,
                    "[]",
                    "{}",
                    "10000",
                ],
            )
        )
    return commands
