"""Reminders: due on time across boundaries and zones, sent exactly once, by every route."""

from __future__ import annotations

import json
import os
import plistlib
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Run
from processes import Daemon, fake_notifier

SCRIPT = Path(sys.executable).with_name("punchin")


@pytest.fixture
def notifier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake notify-send first on PATH, recording each call's arguments as a JSON line."""
    calls = fake_notifier(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    return calls


def calls(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def tick_at(run: Run, monkeypatch: pytest.MonkeyPatch, moment: str) -> list[str]:
    monkeypatch.setenv("PUNCHIN_NOW", moment)
    result = run("remind", "tick")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_the_weekly_reminder_comes_at_the_slot_once(
    run: Run, notifier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("week", "--answers", "-", input='{"accomplished": "x", "mentor": "y"}')  # W47 done
    assert tick_at(run, monkeypatch, "2026-11-30T20:59:00+00:00") == []
    sent = tick_at(run, monkeypatch, "2026-11-30T21:00:00+00:00")
    assert sent == [
        "sent through notify-send: weekly check-in for 2026-W48 is due: run `punchin week`"
    ]
    assert tick_at(run, monkeypatch, "2026-11-30T21:30:00+00:00") == []  # once
    assert calls(notifier) == [
        ["--app-name=punchin", "punchin", "weekly check-in for 2026-W48 is due: run `punchin week`"]
    ]


@pytest.mark.parametrize(
    ("zone", "before", "at"),
    [
        # Monday 2026-03-30, the day after Europe moved its clocks: 21:00 CEST is 19:00 UTC
        ("Europe/Berlin", "2026-03-30T18:59:00+00:00", "2026-03-30T19:00:00+00:00"),
        # Monday 2026-10-26, the day after they moved back: 21:00 CET is 20:00 UTC
        ("Europe/Berlin", "2026-10-26T19:59:00+00:00", "2026-10-26T20:00:00+00:00"),
        # Monday 2026-03-09 in New York, the day after its change: 21:00 EDT is 01:00 UTC
        ("America/New_York", "2026-03-10T00:59:00+00:00", "2026-03-10T01:00:00+00:00"),
        ("Asia/Shanghai", "2026-11-30T12:59:00+00:00", "2026-11-30T13:00:00+00:00"),
    ],
)
def test_the_slot_is_local_time_in_the_users_zone_across_dst(
    run: Run, notifier: Path, monkeypatch: pytest.MonkeyPatch, zone: str, before: str, at: str
) -> None:
    local = datetime.fromisoformat(at).astimezone(ZoneInfo(zone))
    assert (local.weekday(), local.hour, local.minute) == (0, 21, 0)
    monkeypatch.setenv("PUNCHIN_NOW", before)
    run("init", "--timezone", zone, "--yes")
    previous = (local - timedelta(days=8)).date().isoformat()  # the week before, done
    answers = json.dumps({"accomplished": "x", "mentor": "y"})
    assert run("week", "--on", previous, "--answers", "-", input=answers).exit_code == 0
    assert tick_at(run, monkeypatch, before) == []
    assert len(tick_at(run, monkeypatch, at)) == 1


def test_after_a_week_asleep_one_reminder_per_review_catches_up(
    run: Run, notifier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2026-09-21T21:00:00+00:00")
    run("week", "--on", "2026-W38", "--answers", "-", input='{"accomplished": "x", "mentor": "y"}')
    sent = tick_at(run, monkeypatch, "2026-10-14T10:00:00+00:00")  # asleep since W39
    assert [line.split(": ", 1)[1] for line in sent] == [
        "quarterly review of 2026-Q3 is 8 days overdue: run `punchin quarter`",
        "weekly check-in for 2026-W41 is 1 day overdue: run `punchin week`",
    ]  # W39 and W40 went by unreminded: one reminder per kind of review, the latest
    assert tick_at(run, monkeypatch, "2026-10-14T11:00:00+00:00") == []


def test_quiet_hours_hold_a_reminder_until_they_end(
    run: Run, notifier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("goal", "add", "Start")
    bad = run("init", "--quiet-hours", "late", "--yes")
    assert bad.exit_code == 2 and "quiet hours must look like 22:30-07:30" in bad.stderr
    assert run("init", "--quiet-hours", "20:30-07:30", "--yes").exit_code == 0
    assert tick_at(run, monkeypatch, "2026-11-30T21:00:00+00:00") == []
    assert tick_at(run, monkeypatch, "2026-12-01T07:29:00+00:00") == []
    assert len(tick_at(run, monkeypatch, "2026-12-01T07:30:00+00:00")) == 1


def test_without_a_desktop_the_terminal_carries_it(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no notifier at all
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    run("goal", "add", "Start")
    monkeypatch.setenv("PUNCHIN_NOW", "2026-11-30T21:00:00+00:00")
    result = run("remind", "tick")
    assert result.exit_code == 0
    assert result.stderr == "punchin: weekly check-in for 2026-W48 is due: run `punchin week`\n"
    assert result.output.startswith("sent through terminal:")
    test = run("remind", "test")
    assert "No desktop notifier worked here" in test.output


def test_the_text_reaches_the_notifier_as_one_argument(
    run: Run, notifier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("remind", "test")
    assert result.output == "Sent a test reminder through notify-send.\n"
    assert calls(notifier)[-1][-1] == "This is how a review reminder will look."


@pytest.fixture
def env(home: Path, notifier: Path) -> dict[str, str]:
    return dict(os.environ)


def test_concurrent_ticks_send_each_reminder_once(
    env: dict[str, str], notifier: Path, run: Run
) -> None:
    run("goal", "add", "Start")
    env["PUNCHIN_NOW"] = "2026-11-30T21:00:00+00:00"
    ticks = [
        subprocess.Popen([str(SCRIPT), "remind", "tick"], env=env, stdout=subprocess.PIPE)
        for _ in range(6)
    ]
    outputs = [tick.communicate(timeout=60)[0].decode() for tick in ticks]
    assert all(tick.returncode == 0 for tick in ticks)
    assert len(calls(notifier)) == 1
    assert sum(out.count("sent through") for out in outputs) == 1


def test_the_daemon_ticks_and_stops_cleanly_on_sigterm(
    env: dict[str, str], notifier: Path, run: Run
) -> None:
    run("goal", "add", "Start")
    env["PUNCHIN_NOW"] = "2026-11-30T21:00:00+00:00"
    daemon = Daemon(env, heartbeat=0.5)
    daemon.wait_for("tick: 1 reminder(s) sent")
    assert len(calls(notifier)) == 1
    assert run("init", "--weekly-time", "20:15", "--yes").exit_code == 0
    daemon.wait_for("settings changed: weekly slot monday 20:15")
    quiet_ticks = daemon.log.count("tick: 0 reminder(s) sent")
    daemon.wait_for("tick: 0 reminder(s) sent", quiet_ticks + 1)  # one more, on the new slot
    assert daemon.stop() == 0, daemon.log
    assert len(calls(notifier)) == 1
    log = daemon.log
    assert "reminders running: weekly slot monday 21:00" in log
    assert "stopping on SIGTERM" in log and "reminders stopped" in log
    assert "Traceback" not in log


def test_systemd_units_pass_systemd_analyze(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    run("init", "--weekly-day", "sunday", "--weekly-time", "19:30", "--yes")
    result = run("remind", "install", "systemd")
    assert result.exit_code == 0, result.output
    folder = tmp_path / ".config" / "systemd" / "user"
    timer = (folder / "punchin-remind.timer").read_text()
    assert "OnCalendar=Sun *-*-* 19:30:00\n" in timer and "Persistent=true" in timer
    service = (folder / "punchin-remind.service").read_text()
    assert re.search(r"^Environment=\"PUNCHIN_HOME=\S+\"$", service, re.M)
    assert re.search(r"^ExecStart=\S+punchin remind tick$", service, re.M)
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here")
    calendar = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=2", "Sun *-*-* 19:30:00"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Sun" in calendar.stdout and "19:30:00" in calendar.stdout
    verify = subprocess.run(
        ["systemd-analyze", "verify", str(folder / "punchin-remind.timer")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert "Removed" in run("remind", "uninstall", "systemd").output
    assert not any(folder.iterdir())


def test_cron_lines_are_shown_then_added_only_with_yes(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from croniter import croniter

    crontab = tmp_path / "crontab.txt"
    crontab.write_text("MAILTO=me\n5 4 * * * backup\n")
    bin_dir = tmp_path / "cronbin"
    bin_dir.mkdir()
    fake = bin_dir / "crontab"
    fake.write_text(f'#!/bin/sh\nif [ "$1" = -l ]; then cat {crontab}; else cat > {crontab}; fi\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    preview = run("remind", "install", "cron")
    assert "Nothing was changed" in preview.stderr
    assert crontab.read_text() == "MAILTO=me\n5 4 * * * backup\n"
    lines = [line for line in preview.output.splitlines() if not line.startswith("#")]
    weekly = " ".join(lines[0].split()[:5])
    start = datetime(2026, 11, 24, 12, 0)
    assert croniter(weekly, start).get_next(datetime) == datetime(2026, 11, 30, 21, 0)
    assert croniter(" ".join(lines[1].split()[:5]), start).get_next(datetime).minute == 17
    run("remind", "install", "cron", "--yes")
    run("remind", "install", "cron", "--yes")  # again: replaced, not doubled
    installed = crontab.read_text()
    assert installed.startswith("MAILTO=me\n5 4 * * * backup\n")
    assert installed.count("# >>> punchin reminders >>>") == 1
    refused = run("remind", "uninstall", "cron")
    assert refused.exit_code == 2 and "add --yes" in refused.stderr
    run("remind", "uninstall", "cron", "--yes")
    assert crontab.read_text() == "MAILTO=me\n5 4 * * * backup\n"


def test_launchd_agent_is_a_valid_plist(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    run("remind", "install", "launchd")
    path = tmp_path / "Library" / "LaunchAgents" / "org.punchin.remind.plist"
    plist = plistlib.loads(path.read_bytes())
    assert plist["StartCalendarInterval"] == {"Weekday": 1, "Hour": 21, "Minute": 0}
    assert plist["ProgramArguments"][-3:] == ["remind", "tick", "--stamp"]
    assert plist["RunAtLoad"] is True


def test_the_calendar_file_recurs_at_the_slot(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateutil.rrule import rrulestr
    from icalendar import Calendar

    run("init", "--timezone", "Europe/Berlin", "--yes")
    data = run("remind", "ics").output
    calendar = Calendar.from_ical(data)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "week-review@punchin",
        "quarter-review@punchin",
        "year-review@punchin",
        "five-year-review@punchin",
    }

    def next_three(uid: str) -> list[datetime]:
        event = events[uid]
        start = event.decoded("DTSTART")
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        return list(rule)[:3]

    weeks = next_three("week-review@punchin")
    assert [(d.weekday(), d.hour, str(d.tzinfo)) for d in weeks] == [(0, 21, "Europe/Berlin")] * 3
    assert events["week-review@punchin"].decoded("DURATION").total_seconds() == 30 * 60
    quarters = next_three("quarter-review@punchin")
    assert [(d.year, d.month, d.day) for d in quarters] == [
        (2027, 1, 4),
        (2027, 4, 5),
        (2027, 7, 5),
    ]
    years = next_three("year-review@punchin")
    assert [(d.year, d.month, d.day) for d in years] == [(2027, 1, 4), (2028, 1, 3), (2029, 1, 1)]
    windows = next_three("five-year-review@punchin")
    assert [d.year for d in windows] == [2031, 2036, 2041]


def test_a_one_line_hint_after_other_commands(
    run: Run, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    import punchin.cli

    monkeypatch.setattr(punchin.cli, "_stderr_is_terminal", lambda: True)
    listed = run("goal", "list")
    assert listed.stderr == "punchin: weekly check-in for 2026-W47 is due: run `punchin week`\n"
    assert run("due").stderr == ""  # due itself says it already
    run("init", "--no-hints", "--yes")
    assert "hints = false" in (home / "settings.toml").read_text(encoding="utf-8")
    assert run("goal", "list").stderr == ""


def test_at_the_turn_of_the_year_every_review_due_is_reminded(
    run: Run, notifier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2026-12-21T21:00:00+00:00")
    answers = '{"accomplished": "x", "mentor": "y"}'
    for week in ("2026-W51", "2026-W52"):
        run("week", "--on", week, "--answers", "-", input=answers)
    sent = tick_at(run, monkeypatch, "2027-01-04T21:00:00+00:00")
    assert [line.split(": ", 1)[1] for line in sent] == [
        "yearly check of 2026 is due: run `punchin year`",
        "quarterly review of 2026-Q4 is due: run `punchin quarter`",
        "weekly check-in for 2026-W53 is due: run `punchin week`",
    ]
