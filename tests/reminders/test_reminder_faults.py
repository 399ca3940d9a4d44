"""Reminders that keep working or say why they stopped: the daemon across `encrypt` and
across a broken settings file, a tick killed between claiming and sending, and a timer that
cannot open an encrypted journal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from processes import Daemon, Points, fake_notifier, finish, kill, start

SLOT = "2026-11-30T21:00:00+00:00"  # the Monday slot after 2026-W48


@pytest.fixture
def notifier(tmp_path: Path) -> Path:
    """A fake notify-send recording each call as a JSON line."""
    return fake_notifier(tmp_path)


def sent(calls: Path) -> list[list[str]]:
    return [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []


@pytest.fixture
def env(home: Path, notifier: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{notifier.parent / 'bin'}{os.pathsep}{env['PATH']}"
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("PUNCHIN_PASSPHRASE", None)
    env["PUNCHIN_NOW"] = SLOT
    return env


def punchin(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    return finish(start(env, *args))


def test_the_daemon_stalls_across_encrypt_says_why_once_and_goes_on(
    env: dict[str, str], notifier: Path, tmp_path: Path
) -> None:
    points = Points(tmp_path / "points")
    assert punchin(env, "goal", "add", "Start")[0] == 0
    daemon = Daemon(points.env(env))  # started without the passphrase
    daemon.wait_for("tick: 1 reminder(s) sent")  # the weekly check-in of W48
    assert len(sent(notifier)) == 1

    locked = dict(env, PUNCHIN_PASSPHRASE="hunter2 is long enough")
    assert punchin(locked, "encrypt")[0] == 0
    daemon.wait_for("reminders stalled")
    ticks = points.visits("daemon.tick", daemon.process)
    points.wait_visits("daemon.tick", daemon.process, ticks + 5)  # five more heartbeats
    assert daemon.log.count("reminders stalled") == 1
    assert "is encrypted" in daemon.log and "Traceback" not in daemon.log

    code, out, err = punchin(env, "due", "--quiet")
    assert code == 0 and out == ""  # a shell prompt without the passphrase stays quiet...
    assert "reminders are stalled since" in err and "is encrypted" in err  # ...but not on this
    code, out, err = punchin(env, "remind", "test")
    assert "reminders are stalled since" in err

    assert punchin(locked, "decrypt")[0] == 0
    daemon.wait_for("reminders going again")
    assert daemon.stop() == 0
    assert "Traceback" not in daemon.log
    assert "reminders are stalled" not in punchin(env, "due")[2]  # a good tick cleared it


def test_the_daemon_survives_a_broken_settings_file(
    env: dict[str, str], home: Path, tmp_path: Path
) -> None:
    points = Points(tmp_path / "points")
    assert punchin(env, "init", "--yes")[0] == 0
    settings = home / "settings.toml"
    good = settings.read_text()
    daemon = Daemon(points.env(env))
    daemon.wait_for("tick: ")
    settings.write_text("weekly_time = [broken\n")
    daemon.wait_for("reminders stalled")
    ticks = points.visits("daemon.tick", daemon.process)
    points.wait_visits("daemon.tick", daemon.process, ticks + 5)
    assert daemon.log.count("reminders stalled") == 1 and "not valid TOML" in daemon.log
    assert "Traceback" not in daemon.log
    settings.write_text(good)
    daemon.wait_for("reminders going again")
    assert daemon.stop() == 0


def test_a_tick_killed_between_claim_and_send_is_sent_once_after_the_lease(
    env: dict[str, str], notifier: Path, tmp_path: Path
) -> None:
    points = Points(tmp_path / "points")
    assert punchin(env, "goal", "add", "Start")[0] == 0
    ticking = start(points.env(env, hold="tick.claimed"), "remind", "tick")
    points.wait("tick.claimed", ticking)
    kill(ticking)
    assert sent(notifier) == []
    code, out, _ = punchin(dict(env, PUNCHIN_NOW="2026-11-30T21:02:00+00:00"), "remind", "tick")
    assert code == 0 and out == ""  # still within the lease: it may be on its way
    later = dict(env, PUNCHIN_NOW="2026-11-30T21:06:00+00:00")
    code, out, _ = punchin(later, "remind", "tick")
    assert code == 0 and "sent through notify-send" in out
    assert punchin(later, "remind", "tick")[1] == ""
    assert len(sent(notifier)) == 1


def test_a_timer_that_cannot_open_the_encrypted_journal_is_told_at_install_and_in_due(
    env: dict[str, str], home: Path
) -> None:
    env = dict(env, HOME=str(home))
    locked = dict(env, PUNCHIN_PASSPHRASE="hunter2 is long enough")
    assert punchin(locked, "goal", "add", "Start")[0] == 0
    assert punchin(locked, "encrypt")[0] == 0
    code, _, err = punchin(env, "remind", "install", "systemd")
    assert code == 0
    assert "cannot open the encrypted journal" in err and "punchin encrypt --keyring" in err
    code, _, err = punchin(locked, "due")
    assert "reminders are stalled since" in err and "not in the system keyring" in err
    code, _, err = punchin(env, "remind", "tick")  # what the timer meets
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err


def test_sigterm_during_the_first_tick_stops_the_daemon(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A signal may land anywhere, even inside the catch-up tick before the scheduler runs:
    the daemon still stops at once, with exit code 0."""
    import signal

    points = Points(tmp_path / "points")
    daemon = Daemon(points.env(env, hold="daemon.tick"))
    points.wait("daemon.tick", daemon.process)  # inside the first tick
    daemon.process.send_signal(signal.SIGTERM)
    points.release("daemon.tick")
    assert daemon.process.wait(timeout=30) == 0
    daemon.reader.join(timeout=30)
    assert "stopping on SIGTERM" in daemon.log and "reminders stopped" in daemon.log
    assert "Traceback" not in daemon.log
