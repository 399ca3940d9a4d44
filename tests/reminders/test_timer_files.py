"""What punchin writes for the system, read back as the system reads it: hostile paths
(a newline, %, spaces, quotes, backslashes, a relative path) in systemd units, crontab lines
and launchd agents; the launchd calendar in the user's zone; the keyring's name for a
journal."""

from __future__ import annotations

import json
import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result
from conftest import Run

from punchin.config import Settings
from punchin.reminders import timers

SCRIPT = Path(sys.executable).with_name("punchin")
DUE = "weekly check-in for 2026-W47 is due: run `punchin week`"  # at the pinned Monday 21:00

# Folder names a person may well have, and some that only an attacker would choose: each must
# reach the program exactly as it is.
HOSTILE = [
    "50% done",
    "%h %u %% and %",
    'it\'s "quoted"',
    "back\\slash \\%n \\\\%",
    "$HOME `id` ; & $(id) ${X}",
    "日志 with space",
]


@pytest.fixture
def user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own, XDG_CONFIG_HOME in it, and a fake crontab (`user/crontab.txt`)."""
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
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("PATH", f"{folder / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    return folder


def one_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    error = result.stderr
    assert error.count("\n") == 1 and "Traceback" not in error, error
    return error


# -- a control character is refused -----------------------------------------------------------


@pytest.mark.parametrize("timer", ["systemd", "cron", "launchd"])
@pytest.mark.parametrize("where", ["PUNCHIN_HOME", "--db"])
@pytest.mark.parametrize("char", ["\n", "\x1b"])
def test_a_newline_or_control_character_in_a_path_is_refused_and_nothing_is_written(
    run: Run,
    user: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    timer: str,
    where: str,
    char: str,
) -> None:
    crontab = user / "crontab.txt"
    crontab.write_text("5 4 * * * backup\n")
    value = str(tmp_path / f"journal{char}17 * * * * touch pwned")
    args = ["--db", value] if where == "--db" else []
    if where == "PUNCHIN_HOME":
        monkeypatch.setenv("PUNCHIN_HOME", value)
    error = one_line(run(*args, "remind", "install", timer, "--yes"))
    shown = os.path.realpath(value).replace("\n", "\\n").replace("\x1b", "\\x1b")
    assert error == (
        f"Error: cannot install the {timer} timer: {shown} holds a newline or another control "
        "character, which would break the timer's file; use a path without one\n"
    )
    assert crontab.read_text() == "5 4 * * * backup\n"
    assert not (user / "config" / "systemd").exists()
    assert not (user / "Library").exists()


def test_the_refusal_speaks_chinese(run: Run, user: Path) -> None:
    error = one_line(run("--lang", "zh", "--db", "a\nb.db", "remind", "install", "systemd"))
    assert error.startswith("错误：无法安装 systemd 定时器：") and "a\\nb.db" in error
    assert "换行符或其他控制字符" in error


# -- cron --------------------------------------------------------------------------------------


def as_cron_runs(line: str) -> tuple[str, str]:
    """What cron hands to the shell for a crontab line, and what it feeds its standard input,
    the way cron does it (cronie's and Vixie cron's do_command.c): after the five time
    fields, `\\%` is `%`, any other backslash stays, and a bare % ends the command (what
    follows is input)."""
    command = line.split(None, 5)[5]
    out, escaped = [], False
    for index, char in enumerate(command):
        if escaped:
            if char == "%":
                out[-1] = "%"
            else:
                out.append(char)
            escaped = False
            continue
        if char == "%":
            return "".join(out), command[index + 1 :]
        out.append(char)
        escaped = char == "\\"
    return "".join(out), ""


def printer(folder: Path) -> Path:
    """A program (in `folder`, whose name is hostile too) that appends what it was given to
    `folder/given.json`: its arguments, the places and its working folder."""
    program = folder / "print me"
    program.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "names = ('PUNCHIN_HOME', 'XDG_CONFIG_HOME')\n"
        "given = {'argv': sys.argv[1:], 'env': {n: os.environ.get(n) for n in names},"
        " 'cwd': os.getcwd()}\n"
        "print(json.dumps(given))\n"
    )
    program.chmod(0o755)
    return program


def run_as_cron(command: str, home: Path) -> None:
    """/bin/sh -c from the root folder, with cron's bare environment and no terminal."""
    done = subprocess.run(
        ["/bin/sh", "-c", command],
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "SHELL": "/bin/sh"},
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.stdout == done.stderr == ""  # everything went to the log


@pytest.mark.parametrize("name", HOSTILE)
def test_each_crontab_line_hands_the_shell_every_path_exactly(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    program = printer(folder)
    job = timers.Job(
        [str(program), "--db", str(folder / f"{name}.db"), "remind", "tick"],
        {"PUNCHIN_HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config")},
        folder / "reminders.log",
    )
    block = timers.cron_block(job, Settings())
    lines = block.splitlines()
    assert lines[0] == timers.CRON_BEGIN and lines[-1] == timers.CRON_END
    assert len(lines) == 4  # the weekly line and the hourly one, neither split
    for line in lines[1:3]:
        command, given_input = as_cron_runs(line)
        assert given_input == ""  # no bare % cut the line short
        run_as_cron(command, tmp_path)
    given = [json.loads(line) for line in (folder / "reminders.log").read_text().splitlines()]
    assert given == 2 * [
        {
            "argv": ["--db", str(folder / f"{name}.db"), "remind", "tick", "--stamp"],
            "env": {"PUNCHIN_HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config")},
            "cwd": "/",
        }
    ]


def test_cron_running_from_the_root_folder_ticks_the_journal_named_by_relative_paths(
    run: Run, user: Path, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = tmp_path / "work 50%"
    place.mkdir()
    monkeypatch.chdir(place)
    name = "it's 50% \\%h.db"
    (home / "journal.db").rename(place / name)  # the journal kept since January, moved here
    monkeypatch.setenv("PUNCHIN_HOME", "my %h home")  # relative, as typed in a shell
    assert run("--db", name, "remind", "install", "cron", "--yes").exit_code == 0
    weekly = (user / "crontab.txt").read_text().splitlines()[1]
    assert shlex.quote(f"{place}/my %h home").replace("%", "\\%") in weekly  # absolute
    command, given_input = as_cron_runs(weekly)
    assert given_input == ""
    done = subprocess.run(
        ["/bin/sh", "-c", command],
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(user),
            "PUNCHIN_NOW": "2026-11-23T21:00:00+00:00",
        },
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.stdout == done.stderr == ""
    log = place / "my %h home" / "reminders.log"
    assert log.read_text().splitlines()[-1] == f"2026-11-23 21:00 sent through terminal: {DUE}"
    assert not Path("/", name).exists() and not Path("/my %h home").exists()


# -- systemd -----------------------------------------------------------------------------------


def verify_units(folder: Path) -> None:
    """systemd's own reading of the units: no error and no warning."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here: the units were checked as text only")
    verify = subprocess.run(
        ["systemd-analyze", "verify", str(folder / "punchin-remind.timer")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert verify.returncode == 0 and verify.stderr == "", verify.stderr


def systemd_words(text: str) -> list[str]:
    """The words of an ExecStart= or Environment= value as systemd reads them: double quotes
    with C escapes, `%%` for %, `$$` for $ (a plain word has none of these)."""
    words = []
    for quoted, plain in re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', text):
        if not quoted:
            assert "%" not in plain.replace("%%", "") and "\\" not in plain, plain
            words.append(plain.replace("%%", "%"))
            continue
        assert "%" not in quoted.replace("%%", ""), quoted  # no specifier is left to expand
        unescaped = re.sub(
            r"\\(x[0-9a-f]{2}|.)",
            lambda m: chr(int(m[1][1:], 16)) if m[1].startswith("x") else m[1],
            quoted,
        )
        words.append(unescaped.replace("%%", "%"))
    return words


@pytest.mark.parametrize("name", HOSTILE)
def test_systemd_units_for_hostile_relative_paths_pass_systemd_analyze(
    run: Run, user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    place = tmp_path / name
    (place / "bin").mkdir(parents=True)
    program = place / "bin" / "punchin"
    program.symlink_to(SCRIPT)  # this punchin, installed in an odd place
    monkeypatch.setattr("punchin.cli.remind._executable", lambda: str(program))
    monkeypatch.chdir(place)
    monkeypatch.setenv("PUNCHIN_HOME", "data")
    result = run("--db", f"{name}.db", "remind", "install", "systemd")
    assert result.exit_code == 0, result.output
    folder = user / "config" / "systemd" / "user"
    service = (folder / "punchin-remind.service").read_text()
    environment = dict(
        systemd_words(value)[0].split("=", 1)
        for value in re.findall(r"^Environment=(.*)$", service, re.M)
    )
    assert environment == {
        "PUNCHIN_HOME": str(place / "data"),
        "XDG_CONFIG_HOME": str(user / "config"),
    }
    command = systemd_words(re.findall(r"^ExecStart=(.*)$", service, re.M)[0].replace("$$", "$"))
    if command[0] == "/usr/bin/env":  # systemd takes no quote or backslash in a program's name
        command = command[1:]
    assert command == [str(program), "--db", str(place / f"{name}.db"), "remind", "tick"]
    verify_units(folder)


def test_a_systemd_unit_never_carries_a_control_character_even_when_written_directly(
    tmp_path: Path,
) -> None:
    """The unit writer escapes what `install` refuses: a newline stays inside its quotes."""
    job = timers.Job(
        [str(SCRIPT), "--db", str(tmp_path / "a\nb.db"), "remind", "tick"],
        {"PUNCHIN_HOME": str(tmp_path / "x\ny")},
        tmp_path / "log",
    )
    folder = tmp_path / "units"
    files = timers.systemd_files(folder, job, Settings(timezone="Asia/Shanghai"))
    service = files[0].text
    assert [line.split("=", 1)[0] for line in service.splitlines() if "=" in line] == [
        "Description",
        "Type",
        "Environment",
        "ExecStart",
    ]
    assert systemd_words(re.findall(r"^ExecStart=(.*)$", service, re.M)[0])[2] == str(
        tmp_path / "a\nb.db"
    )
    folder.mkdir()
    for file in files:
        file.path.write_text(file.text)
    verify_units(folder)


# -- launchd -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", HOSTILE)
def test_the_launchd_agent_holds_hostile_relative_paths_as_absolute_ones(
    run: Run, user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    place = tmp_path / name
    place.mkdir()
    monkeypatch.chdir(place)
    monkeypatch.setenv("PUNCHIN_HOME", "data")
    assert run("--db", f"{name}.db", "remind", "install", "launchd").exit_code == 0
    plist = plistlib.loads((user / "Library/LaunchAgents/org.punchin.remind.plist").read_bytes())
    assert plist["EnvironmentVariables"]["PUNCHIN_HOME"] == str(place / "data")
    assert plist["ProgramArguments"][1:3] == ["--db", str(place / f"{name}.db")]
    assert plist["StandardOutPath"] == str(place / "data" / "reminders.log")


@pytest.fixture
def system_zone() -> Iterator[None]:
    """The system's zone, set for this process as launchd's is for the Mac (TZ)."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def in_system_zone(zone: str) -> None:
    os.environ["TZ"] = zone
    time.tzset()


@pytest.mark.parametrize(
    ("system", "zone", "day", "at", "expected"),
    [
        # Berlin changes its clocks on other days than New York: Monday 21:00 in Berlin is
        # 15:00 in New York, and 16:00 for two or three weeks each spring and autumn.
        ("America/New_York", "Europe/Berlin", "monday", "21:00", [(1, 15, 0), (1, 16, 0)]),
        # Tokyo keeps no summer time: Monday 07:00 there is Sunday evening in New York.
        ("America/New_York", "Asia/Tokyo", "monday", "07:00", [(0, 17, 0), (0, 18, 0)]),
        ("Asia/Shanghai", "Europe/London", "sunday", "20:30", [(1, 3, 30), (1, 4, 30)]),
        ("Europe/Berlin", "Europe/Berlin", "friday", "18:45", [(5, 18, 45)]),
        ("Asia/Kolkata", "", "monday", "21:00", [(1, 21, 0)]),  # no zone set: the system's
    ],
)
def test_the_launchd_agent_fires_at_the_users_slot_in_the_zone_of_the_settings(
    run: Run,
    user: Path,
    system_zone: None,
    system: str,
    zone: str,
    day: str,
    at: str,
    expected: list[tuple[int, int, int]],
) -> None:
    args = ["--timezone", zone] if zone else []
    run("init", "--weekly-day", day, "--weekly-time", at, *args, "--yes")
    in_system_zone(system)
    assert run("remind", "install", "launchd").exit_code == 0
    plist = plistlib.loads((user / "Library/LaunchAgents/org.punchin.remind.plist").read_bytes())
    entries = plist["StartCalendarInterval"]
    entries = entries if isinstance(entries, list) else [entries]
    assert [(e["Weekday"], e["Hour"], e["Minute"]) for e in entries] == expected
    # Every slot of the coming year, in the settings' zone, falls on one of those local times.
    settings = Settings(weekly_day=day, weekly_time=at, timezone=zone)
    hour, minute = settings.slot_hour_minute
    first = datetime(2027, 1, 4, tzinfo=ZoneInfo(zone or system))
    for week in range(53):
        slot = (first + timedelta(days=settings.weekday_index, weeks=week)).replace(
            hour=hour, minute=minute
        )
        local = slot.astimezone(ZoneInfo(system))
        assert ((local.weekday() + 1) % 7, local.hour, local.minute) in expected
    assert "launchd  installed:" in run("remind", "status").output  # and it stays current


def test_the_launchd_calendar_is_the_same_from_any_day_of_the_year(system_zone: None) -> None:
    in_system_zone("America/New_York")
    settings = Settings(timezone="Europe/Berlin")
    starts = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=d) for d in range(0, 365, 29)]
    found = {json.dumps(timers.launchd_slots(settings, start)) for start in starts}
    assert len(found) == 1


# -- the keyring -------------------------------------------------------------------------------


@pytest.fixture
def keyring(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """A keyring of this test's own, where the keyring package would be."""
    stored: dict[tuple[str, str], str] = {}
    fake = types.ModuleType("keyring")
    fake.set_password = lambda service, account, secret: stored.__setitem__(  # type: ignore[attr-defined]
        (service, account), secret
    )
    fake.get_password = lambda service, account: stored.get((service, account))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    return stored


def test_a_passphrase_is_kept_under_the_journals_absolute_real_path(
    keyring: dict[tuple[str, str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from punchin.cli.app import keyring_passphrase
    from punchin.cli.data import _keep_in_keyring

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    real = Path(os.path.realpath(tmp_path / "a" / "j.db"))
    monkeypatch.chdir(tmp_path / "a")
    _keep_in_keyring(Path("j.db"), "secret")
    assert keyring == {("punchin", str(real)): "secret"}
    monkeypatch.chdir(tmp_path / "b")
    for name in (str(real), "../a/j.db", str(tmp_path / "link" / "j.db"), "../link/j.db"):
        assert keyring_passphrase(name) == "secret", name
    assert keyring_passphrase("j.db") is None  # another journal, of this folder
    keyring[("punchin", "old.db")] = "kept by an older punchin"
    assert keyring_passphrase("old.db") == "kept by an older punchin"


def test_a_journal_encrypted_with_a_relative_path_opens_from_another_folder(
    run: Run, keyring: dict[tuple[str, str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3", reason="install the encryption extra")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    assert run("--db", "j.db", "goal", "add", "Kept secret").exit_code == 0
    monkeypatch.setenv("PUNCHIN_PASSPHRASE", "correct horse")
    assert run("--db", "j.db", "encrypt", "--keyring").exit_code == 0
    monkeypatch.delenv("PUNCHIN_PASSPHRASE")
    monkeypatch.chdir(tmp_path / "b")
    listed = run("--db", "../a/j.db", "goal", "list")
    assert listed.exit_code == 0, listed.output
    assert "Kept secret" in listed.output
