"""Reminders as installed: the timers find the journal and settings the user set up, say what
they did where the user can read it, and `remind status` tells whether all of that works."""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import shutil
import stat
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Run
from processes import fake_notifier

SCRIPT = Path(sys.executable).with_name("punchin")
DUE = "weekly check-in for 2026-W47 is due: run `punchin week`"  # at the pinned Monday 21:00


@pytest.fixture
def user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    """A user with a home of their own, XDG folders of their own choosing (with a space),
    a fake crontab (kept in `user/crontab.txt`) and no desktop notifier."""
    folder = tmp_path / "user"
    (folder / "bin").mkdir(parents=True)
    crontab = folder / "crontab.txt"
    fake = folder / "bin" / "crontab"
    fake.write_text(
        f'#!/bin/sh\nif [ "$1" = -l ]; then cat {shlex.quote(str(crontab))} 2>/dev/null'
        f"; else cat > {shlex.quote(str(crontab))}; fi\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "my config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "my data"))
    monkeypatch.setenv("PATH", f"{folder / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    return folder


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


# -- systemd ---------------------------------------------------------------------------------


def test_systemd_units_live_in_xdg_config_home_and_carry_the_places(
    run: Run, user: Path, home: Path
) -> None:
    result = run("--lang", "zh", "remind", "install", "systemd")
    assert result.exit_code == 0, result.output
    folder = user / "my config" / "systemd" / "user"
    assert not (user / ".config").exists()
    assert f"已写入 {folder / 'punchin-remind.timer'}" in result.output
    assert "journalctl --user -u punchin-remind" in result.output
    service = (folder / "punchin-remind.service").read_text()
    environment = [line for line in service.splitlines() if line.startswith("Environment=")]
    assert environment == [
        f'Environment="PUNCHIN_HOME={home}"',
        f'Environment="XDG_CONFIG_HOME={user}/my config"',
        f'Environment="XDG_DATA_HOME={user}/my data"',
    ]
    assert f"\nExecStart={SCRIPT} --lang zh remind tick\n" in service
    if shutil.which("systemd-analyze") is not None:
        verify = subprocess.run(
            ["systemd-analyze", "verify", str(folder / "punchin-remind.timer")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert verify.returncode == 0 and verify.stderr == "", verify.stderr
    removed = run("remind", "uninstall", "systemd")
    assert f"Removed {folder / 'punchin-remind.service'}" in removed.output
    assert not any(folder.iterdir())


def test_systemd_quotes_what_it_would_read_otherwise(
    run: Run, user: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PUNCHIN_DB", 'odd "50%" $HOME\\journal.db')  # relative, and odd
    assert run("remind", "install", "systemd").exit_code == 0
    service = (user / "my config" / "systemd" / "user" / "punchin-remind.service").read_text()
    assert f'Environment="PUNCHIN_DB={tmp_path}/odd \\"50%%\\" $HOME\\\\journal.db"\n' in service
    if shutil.which("systemd-analyze") is not None:
        verify = subprocess.run(
            [
                "systemd-analyze",
                "verify",
                str(user / "my config/systemd/user/punchin-remind.timer"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert verify.returncode == 0 and verify.stderr == "", verify.stderr


def unit_environment(service: str) -> dict[str, str]:
    """The Environment= lines of a unit written by punchin (quoted, no odd characters)."""
    found = re.findall(r'^Environment="([A-Z_]+)=([^"\\%]*)"$', service, re.M)
    return dict(found)


def test_the_systemd_service_ticks_the_users_journal_with_nothing_else_set(
    run: Run, user: Path, tmp_path: Path
) -> None:
    run("init", "--timezone", "UTC", "--yes")
    run("remind", "install", "systemd")
    service = (user / "my config" / "systemd" / "user" / "punchin-remind.service").read_text()
    command = shlex.split(re.search(r"^ExecStart=(.*)$", service, re.M)[1])  # type: ignore[index]
    calls = fake_notifier(tmp_path)
    bare = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "PUNCHIN_NOW": "2026-11-23T21:00:00+00:00"}
    done = subprocess.run(
        command,
        env=bare | unit_environment(service),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"sent through notify-send: {DUE}\n"
    assert DUE in calls.read_text()


# -- launchd ---------------------------------------------------------------------------------


def test_launchd_agent_holds_the_places_and_logs_to_the_data_folder(
    run: Run, user: Path, home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--db", "journal.db", "remind", "install", "launchd")
    assert result.exit_code == 0, result.output
    log = home / "reminders.log"  # PUNCHIN_HOME is the data folder
    assert f"Its output is appended to {log}" in result.output
    path = user / "Library" / "LaunchAgents" / "org.punchin.remind.plist"
    plist = plistlib.loads(path.read_bytes())
    assert plist["EnvironmentVariables"] == {
        "PUNCHIN_HOME": str(home),
        "XDG_CONFIG_HOME": f"{user}/my config",
        "XDG_DATA_HOME": f"{user}/my data",
    }
    assert plist["ProgramArguments"] == [
        str(SCRIPT),
        "--db",
        str(tmp_path / "journal.db"),
        "remind",
        "tick",
        "--stamp",
    ]
    assert plist["StandardOutPath"] == plist["StandardErrorPath"] == str(log)
    assert log.exists() and private(log)
    assert run("remind", "uninstall", "launchd").exit_code == 0
    assert not path.exists()


# -- cron ------------------------------------------------------------------------------------


def cron_command(line: str) -> str:
    """What cron hands to /bin/sh for a crontab line: after the five time fields, with `\\%`
    turned back into `%`."""
    return line.split(None, 5)[5].replace("\\%", "%")


def test_cron_lines_set_the_places_and_append_to_the_log(run: Run, user: Path, home: Path) -> None:
    run("remind", "install", "cron", "--yes")
    log = home / "reminders.log"
    assert private(log)
    block = (user / "crontab.txt").read_text()
    lines = [line for line in block.splitlines() if not line.startswith("#")]
    assert len(lines) == 2
    for line in lines:
        assert cron_command(line) == (
            f"umask 077; PUNCHIN_HOME={home} XDG_CONFIG_HOME='{user}/my config' "
            f"XDG_DATA_HOME='{user}/my data' {SCRIPT} remind tick --stamp >>{log} 2>&1"
        )


def run_cron_line(user: Path, line: str, now: str) -> None:
    """Run a crontab line as cron does: /bin/sh, a bare environment, no terminal."""
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(user), "PUNCHIN_NOW": now, "SHELL": "/bin/sh"}
    done = subprocess.run(
        ["/bin/sh", "-c", cron_command(line)],
        env=bare,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.stdout == done.stderr == ""  # everything went to the log


def test_what_a_cron_tick_says_and_how_it_fails_is_in_the_log(
    run: Run, user: Path, home: Path
) -> None:
    run("remind", "install", "cron", "--yes")
    weekly = (user / "crontab.txt").read_text().splitlines()[1]
    log = home / "reminders.log"
    log.unlink()  # made again, private, by the line itself
    run_cron_line(user, weekly, "2026-11-23T21:00:00+00:00")
    assert log.read_text().splitlines()[-1] == f"2026-11-23 21:00 sent through terminal: {DUE}"
    assert private(log)
    settings = home / "settings.toml"
    settings.write_text("weekly_day = \n")
    run_cron_line(user, weekly, "2026-11-23T22:17:00+00:00")
    last = log.read_text().splitlines()[-1]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d Error: settings \S+ is not valid TOML.*", last)
    assert (home / "journal.db.stalled").exists()


# -- the log stays small ---------------------------------------------------------------------


def test_a_stamped_tick_trims_a_long_log_to_its_recent_lines(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from punchin.reminders import timers

    log = home / "reminders.log"
    timers.prepare_log(log)
    with log.open("a") as handle:
        for number in range(2000):  # ~90 kB
            handle.write(f"2026-01-01 21:00 line {number:05d}: an old reminder, long sent\n")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    result = run("remind", "tick", "--stamp")
    assert result.stdout == f"2026-11-23 21:00 sent through terminal: {DUE}\n"
    kept = log.read_text()
    assert len(kept.encode()) <= timers.LOG_KEEP
    assert kept.startswith("2026-01-01 21:00 line ")  # cut at the start of a line
    assert kept.endswith("line 01999: an old reminder, long sent\n")
    assert private(log)


# -- the calendar file -----------------------------------------------------------------------


def first_events(run: Run, now: str) -> dict[str, datetime]:
    from icalendar import Calendar

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUNCHIN_NOW", now)
        calendar = Calendar.from_ical(run("remind", "ics").output)
    return {
        str(e["UID"]).split("-review")[0]: e.decoded("DTSTART") for e in calendar.walk("VEVENT")
    }


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.mark.parametrize("weekday", range(7), ids=WEEKDAYS)
def test_the_first_weekly_event_is_the_next_slot_from_now(run: Run, weekday: int) -> None:
    from dateutil.rrule import rrulestr
    from icalendar import Calendar

    zone = ZoneInfo("Asia/Shanghai")
    run("init", "--weekly-day", WEEKDAYS[weekday], "--timezone", "Asia/Shanghai", "--yes")
    slot_day = date(2026, 11, 16) + timedelta(days=weekday)
    slot = datetime(slot_day.year, slot_day.month, slot_day.day, 21, 0, tzinfo=zone)
    cases = {  # now, in Shanghai -> the first weekly event
        slot - timedelta(hours=22): slot,  # the day before
        slot - timedelta(minutes=1): slot,  # the slot day, before the slot
        slot: slot,  # at the slot: still this one
        slot + timedelta(minutes=1): slot + timedelta(days=7),  # just after
        slot + timedelta(hours=12): slot + timedelta(days=7),  # the next morning
    }
    for now, expected in cases.items():
        as_utc = now.astimezone(UTC).isoformat()  # the day in UTC is not always Shanghai's
        first = first_events(run, as_utc)["week"]
        assert first == expected, f"now {now}"
        assert first.weekday() == weekday and str(first.tzinfo) == "Asia/Shanghai"
    data = run("remind", "ics").output
    event = next(e for e in Calendar.from_ical(data).walk("VEVENT") if "week" in str(e["UID"]))
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.decoded("DTSTART"))
    assert rule[0] == event.decoded("DTSTART")  # the start is an occurrence of the rule


@pytest.mark.parametrize(
    ("zone", "now", "first"),
    [
        # Sunday 2026-03-29, Berlin moved to summer time at 02:00: 21:00 CEST is 19:00 UTC
        ("Europe/Berlin", "2026-03-29T18:30:00+00:00", "2026-03-29T19:00:00+00:00"),
        ("Europe/Berlin", "2026-03-29T19:30:00+00:00", "2026-04-05T19:00:00+00:00"),
        # Sunday 2026-10-25, back to winter time: 21:00 CET is 20:00 UTC
        ("Europe/Berlin", "2026-10-25T19:30:00+00:00", "2026-10-25T20:00:00+00:00"),
        ("Europe/Berlin", "2026-10-18T19:30:00+00:00", "2026-10-25T20:00:00+00:00"),
        # Sunday 2026-03-08 in New York: already Monday in UTC, and the slot still to come
        ("America/New_York", "2026-03-09T00:30:00+00:00", "2026-03-09T01:00:00+00:00"),
        ("America/New_York", "2026-03-01T12:00:00+00:00", "2026-03-02T02:00:00+00:00"),
    ],
)
def test_the_first_weekly_event_across_daylight_saving(
    run: Run, zone: str, now: str, first: str
) -> None:
    run("init", "--weekly-day", "sunday", "--timezone", zone, "--yes")
    start = first_events(run, now)["week"]
    assert start == datetime.fromisoformat(first)
    assert str(start.tzinfo) == zone and (start.weekday(), start.hour) == (6, 21)


def test_quarter_year_and_window_events_start_at_their_next_slot(run: Run) -> None:
    run("init", "--weekly-day", "sunday", "--timezone", "Europe/Berlin", "--yes")
    before = first_events(run, "2027-01-03T19:00:00+00:00")  # Sunday 20:00, the year's first
    assert {kind: start.date().isoformat() for kind, start in before.items()} == {
        "week": "2027-01-03",
        "quarter": "2027-01-03",
        "year": "2027-01-03",
        "five-year": "2031-01-05",  # the journal's windows: 2026-2030, 2031-2035
    }
    after = first_events(run, "2027-01-03T20:30:00+00:00")  # 21:30: those have begun
    assert {kind: start.date().isoformat() for kind, start in after.items()} == {
        "week": "2027-01-10",
        "quarter": "2027-04-04",
        "year": "2028-01-02",
        "five-year": "2031-01-05",
    }
    window = first_events(run, "2031-01-02T12:00:00+00:00")["five-year"]
    assert window.date().isoformat() == "2031-01-05"


# -- remind status ---------------------------------------------------------------------------


NOTHING_INSTALLED = """\
Weekly slot: Monday 21:00 (Europe/Berlin), 30 minutes.
Next reminder: Monday 2026-11-30 21:00.
Timers:
  systemd  not installed
  cron     not installed
  launchd  not installed
No timer is installed: reminders come only while `punchin remind run` runs, and as a hint \
after other commands. Set one up with `punchin remind install systemd` (or cron, launchd).
Reminders are not stalled: no tick has failed since the last one that worked.
"""

NOTHING_INSTALLED_ZH = """\
每周复盘时间：星期一 21:00（Europe/Berlin），30 分钟。
下一次提醒：星期一 2026-11-30 21:00。
定时器：
  systemd  未安装
  cron     未安装
  launchd  未安装
没有安装任何定时器：只有 `punchin remind run` 运行期间才会按时提醒，其他命令结束时也会提示\
一行。用 `punchin remind install systemd`（或 cron、launchd）装一个。
提醒一切正常：自上一次成功以来，没有哪一次发送失败。
"""


def test_status_with_nothing_installed_in_both_languages(run: Run, user: Path) -> None:
    run("init", "--timezone", "Europe/Berlin", "--yes")  # now: Monday 22:00 there
    english = run("remind", "status")
    assert english.exit_code == 0 and english.output == NOTHING_INSTALLED
    assert run("--lang", "zh", "remind", "status").output == NOTHING_INSTALLED_ZH


def test_status_with_timers_a_stall_and_a_log(run: Run, user: Path, home: Path) -> None:
    run("init", "--timezone", "Europe/Berlin", "--yes")
    run("remind", "install", "systemd")
    run("remind", "install", "cron", "--yes")
    log = home / "reminders.log"
    with log.open("a") as handle:
        handle.write(
            "".join(f"2026-11-{day:02d} 21:00 sent through terminal: x{day}\n" for day in (9, 16))
        )
        handle.write(f"2026-11-23 21:00 sent through notify-send: {DUE}\n")
    (home / "journal.db.stalled").write_text(
        '{"since": "2026-11-23T22:17:00+01:00", "message": "settings x is not valid TOML: y",'
        ' "key": "settings_toml", "params": {"path": "x"}}'
    )
    status = run("remind", "status").output
    units = user / "my config" / "systemd" / "user"
    assert status.splitlines()[2:] == [
        "Timers:",
        f"  systemd  installed: {units / 'punchin-remind.timer'}",
        "  cron     installed: crontab -l",
        "  launchd  not installed",
        "Reminders are stalled since 2026-11-23T22:17: settings x is not valid TOML: y. "
        "Fix that, and the reminders go on by themselves.",
        "systemd keeps what the timer prints in its journal: journalctl --user -u punchin-remind",
        f"What cron and launchd wrote ({log}), last lines:",
        "  2026-11-09 21:00 sent through terminal: x9",
        "  2026-11-16 21:00 sent through terminal: x16",
        f"  2026-11-23 21:00 sent through notify-send: {DUE}",
    ]
    chinese = run("--lang", "zh", "remind", "status").output.splitlines()
    assert chinese[3:5] == [
        f"  systemd  已安装：{units / 'punchin-remind.timer'}",
        "  cron     已安装：crontab -l",
    ]
    assert chinese[6] == "提醒从 2026-11-23T22:17 起就发不出去了：设置文件 x 不是有效的 TOML；" + (
        "`punchin init` 可以重写它，保留能读出的部分。把这个问题解决后，提醒会自动恢复。"
    )
    assert chinese[7].startswith("systemd 把定时器的输出") and chinese[-1].endswith(DUE)


def test_status_says_when_a_timer_no_longer_matches_the_settings(run: Run, user: Path) -> None:
    run("remind", "install", "launchd")
    run("remind", "install", "cron", "--yes")
    status = run("--lang", "zh", "remind", "status").output  # --lang is not a reinstall
    assert "launchd  已安装：" in status and "cron     已安装：" in status
    run("init", "--weekly-time", "20:15", "--yes")
    status = run("remind", "status").output
    for timer in ("cron", "launchd"):
        assert re.search(
            rf"^  {timer} +installed for another slot, .*: run `punchin remind install {timer}`"
            " again$",
            status,
            re.M,
        )
    run("remind", "install", "launchd")
    assert "launchd  installed: " in run("remind", "status").output


def test_status_holds_the_next_reminder_until_quiet_hours_end(run: Run, user: Path) -> None:
    run("init", "--timezone", "UTC", "--quiet-hours", "20:30-07:30", "--yes")
    assert "Next reminder: Tuesday 2026-11-24 07:30." in run("remind", "status").output


def test_status_without_a_crontab_command(
    run: Run, user: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert "  cron     no crontab command here" in run("remind", "status").output
