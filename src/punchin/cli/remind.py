"""`punchin remind`: reminders that arrive, by a daemon, an OS timer or a calendar."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from punchin.cli.app import App, output_option, pass_app
from punchin.cli.helptext import LocalizedGroup
from punchin.errors import PunchinError, UsageError

if TYPE_CHECKING:
    from datetime import datetime

    from punchin.reminders.tick import Sent
    from punchin.reminders.timers import Job

TIMERS = ("systemd", "cron", "launchd")


@click.group(cls=LocalizedGroup)
def remind() -> None:
    """Reminders for the weekly, quarterly, yearly and five-year reviews.

    `tick` sends what is due now, once; `run` keeps ticking in the foreground; `install`
    makes your system run `tick` on time (systemd, cron or launchd); `status` says what is
    installed and whether it works; `ics` writes the reviews into a calendar file.

    \b
    Example: punchin remind install systemd
    """


@remind.command("tick")
@click.option(
    "--stamp",
    is_flag=True,
    help="Begin each line with the date and time, and keep the reminders log small "
    "(what cron and launchd run).",
)
@pass_app
def remind_tick(app: App, stamp: bool) -> None:
    """Send each review that is due now, once (safe to run from anywhere, any number of times).

    \b
    Example: punchin remind tick      (what the timers and the daemon run)
    """
    prefix = ""
    if stamp:
        import logging

        from punchin.places import data_dir
        from punchin.reminders import timers

        timers.trim_log(data_dir() / timers.LOG_NAME)
        prefix = f"{_moment(app)} "
        logging.basicConfig(format=f"{prefix}punchin: %(message)s")  # a notifier's failure
    try:
        sent = _tick(app.db, app.language_override)
    except Exception:
        if stamp:  # the error's own line follows, from the command line's error handling
            click.echo(prefix, nl=False, err=True)
        raise
    ui = app.prompts("ui")
    for item in sent:
        click.echo(prefix + ui.text("ui.remind_sent", channel=item.channel, text=item.text))


def _moment(app: App) -> str:
    """Now, to the minute, for a log line (the system's clock when the settings are broken)."""
    from datetime import datetime

    try:
        now = app.now()
    except PunchinError:
        now = datetime.now().astimezone()
    return now.strftime("%Y-%m-%d %H:%M")


@remind.command("run")
@click.option(
    "--heartbeat",
    type=click.FloatRange(min=0.2),
    default=300,
    show_default=True,
    metavar="SECONDS",
    help="How often to tick besides the weekly slot (a suspended laptop wakes up late).",
)
@pass_app
def remind_run(app: App, heartbeat: float) -> None:
    """Run in the foreground and send reminders on time, until Ctrl-C or SIGTERM.

    \b
    Example: punchin remind run      (or let `punchin remind install` run `tick` for you)
    """
    import logging

    from punchin.config import load_settings
    from punchin.reminders.daemon import run_daemon

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s punchin: %(message)s", datefmt="%Y-%m-%d %H:%M"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # its per-job lines are noise
    run_daemon(lambda: len(_tick(app.db, app.language_override)), load_settings, heartbeat)


def _tick(db: str | None, language: str | None) -> list[Sent]:
    """One tick with everything fresh: the settings, the clock and its own journal
    connection (the daemon calls this from its worker threads). It never asks for a
    passphrase; when it cannot do its job it says why in `journal.db.stalled`, which `due`
    and `remind test` read, and raises."""
    from datetime import datetime

    from punchin.places import journal_path
    from punchin.reminders.health import clear_stall, record_stall
    from punchin.reminders.notify import notify
    from punchin.reminders.tick import tick
    from punchin.store.cipher import errors

    app = App(db, language)
    app.ask_passphrase = False
    path = journal_path(db)
    try:
        channels = app.settings.channel_list
        sent = tick(
            app.journal(),
            app.now(),
            app.settings,
            app.prompts("due"),
            lambda title, body: notify(title, body, channels),
        )
    except Exception as exc:
        failure: BaseException = exc
        if not isinstance(exc, PunchinError):
            if not isinstance(exc, errors()):  # looked up now: SQLCipher may be loaded now
                raise
            from punchin.store import journal_error

            failure = journal_error(path, exc)
        record_stall(path, failure, datetime.now().astimezone())
        raise failure from None
    finally:
        app.close()
    clear_stall(path)
    return sent


@remind.command("test")
@pass_app
def remind_test(app: App) -> None:
    """Send a test reminder now and say which channel carried it.

    \b
    Example: punchin remind test
    """
    from punchin.reminders.notify import notify

    ui = app.prompts("ui")
    channel = notify("punchin", ui.text("ui.remind_test_text"), app.settings.channel_list)
    click.echo(
        ui.text(
            f"ui.remind_test_{'terminal' if channel == 'terminal' else 'desktop'}", channel=channel
        )
    )
    tell_stall(app, ui.text("ui.remind_stalled_fix"))


@remind.command("install")
@click.argument("timer", type=click.Choice(TIMERS))
@click.option("-y", "--yes", is_flag=True, help="For cron: change your crontab (else: print).")
@pass_app
def remind_install(app: App, timer: str, yes: bool) -> None:
    """Make your system run `punchin remind tick` at the weekly slot, catching up after sleep.

    Writes a systemd user timer, a launchd agent, or (with --yes) a block in your crontab,
    then says how to switch it on. Run it again after changing the weekly slot.

    \b
    Examples:
      punchin remind install systemd
      punchin remind install cron --yes
    """
    from punchin.reminders import timers

    ui = app.prompts("ui")
    job = _job(app, app.language_override)
    timers.check_job(job, timer)
    if timer == "cron":
        block = timers.cron_block(job, app.settings)
        if not yes:
            click.echo(block, nl=False)
            click.echo(ui.text("ui.cron_preview"), err=True)
            return
        timers.prepare_log(job.log)
        timers.write_crontab(timers.with_cron_block(timers.read_crontab(), block))
        click.echo(ui.text("ui.cron_installed"))
        click.echo(ui.text("ui.remind_log_at", path=job.log))
        _warn_if_locked_out(app)
        return
    from punchin.files import write_text

    files = timers.timer_files(timer, job, app.settings, Path.home())
    for file in files:
        write_text(file.path, file.text)
        click.echo(ui.text("ui.timer_written", path=file.path))
    click.echo(ui.text(f"ui.{timer}_enable", path=files[-1].path))
    if timer == "launchd":
        timers.prepare_log(job.log)
        click.echo(ui.text("ui.remind_log_at", path=job.log))
    else:
        click.echo(ui.text("ui.remind_log_systemd"))
        if files[0].path.parent != Path.home() / ".config" / "systemd" / "user":
            click.echo(ui.text("ui.systemd_own_folder", folder=files[0].path.parent))
    _warn_if_locked_out(app)


def _job(app: App, language: str | None) -> Job:
    """What a timer runs, with the places of this run (the shell's variables, --db), every
    path absolute and real."""
    from punchin.places import data_dir, real_absolute
    from punchin.reminders import timers

    command = timers.tick_command(_executable(), app.db, language)
    log = real_absolute(data_dir() / timers.LOG_NAME)
    return timers.Job(command, timers.places(os.environ), log)


@remind.command("uninstall")
@click.argument("timer", type=click.Choice(TIMERS))
@click.option("-y", "--yes", is_flag=True, help="For cron: change your crontab.")
@pass_app
def remind_uninstall(app: App, timer: str, yes: bool) -> None:
    """Remove what `punchin remind install` wrote.

    \b
    Example: punchin remind uninstall systemd
    """
    from punchin.reminders import timers

    ui = app.prompts("ui")
    if timer == "cron":
        if not yes:
            raise UsageError(ui.text("ui.cron_needs_yes"), key="cron_needs_yes")
        timers.write_crontab(timers.without_cron_block(timers.read_crontab()))
        click.echo(ui.text("ui.cron_removed"))
        return
    paths = timers.timer_paths(timer, Path.home())
    if timer == "systemd":
        click.echo(ui.text("ui.systemd_disable"))
    for path in paths:
        if path.exists():
            path.unlink()
            click.echo(ui.text("ui.timer_removed", path=path))


def _warn_if_locked_out(app: App) -> None:
    """A timer runs with no terminal and none of the shell's variables: an encrypted
    journal whose passphrase is not in the keyring cannot be opened by it. Said now, and
    kept as a stall so that `punchin due` says it too until a tick succeeds."""
    from datetime import datetime

    from punchin.cli.app import keyring_passphrase
    from punchin.errors import JournalError
    from punchin.places import journal_path
    from punchin.reminders.health import record_stall
    from punchin.store.identify import FileKind, identify

    path = journal_path(app.db)
    if identify(path) is not FileKind.ENCRYPTED or keyring_passphrase(path):
        return
    problem = JournalError(
        f"the timer cannot open the encrypted journal {path}: its passphrase is not in the "
        "system keyring (keep it there with `punchin encrypt --keyring`)",
        key="timer_no_passphrase",
        path=path,
    )
    record_stall(path, problem, datetime.now().astimezone())
    tell_stall(app)


def tell_stall(app: App, advice: str = "") -> None:
    """One line on stderr when the last reminder tick failed: reminders are stalled."""
    from punchin.places import journal_path
    from punchin.reminders.health import read_stall, stall_line

    stall = read_stall(journal_path(app.db))
    if stall is None:
        return
    line = stall_line(stall, app.language)
    click.echo(f"{line} {advice}".rstrip(), err=True)


def _executable() -> str:
    """This punchin, as a timer should run it: the console script beside this Python (else
    the one on PATH), by its absolute path."""
    import shutil
    import sys

    script = Path(sys.executable).with_name("punchin")
    if script.exists():
        return str(script.absolute())
    found = shutil.which("punchin")
    return str(Path(found).absolute()) if found else "punchin"


@remind.command("ics")
@output_option("Write the calendar to FILE (else stdout).")
@pass_app
def remind_ics(app: App, output: str | None) -> None:
    """Write the reviews as recurring calendar events (.ics) for any calendar app.

    \b
    Example: punchin remind ics -o punchin.ics
    """
    from punchin.reminders.ics import calendar, system_zone

    journal = app.journal()
    zone = app.settings.timezone or system_zone()
    data = calendar(app.settings, app.prompts("ui"), app.now(), journal.start_year, zone)
    app.write_out(data, output or "-")


@remind.command("status")
@pass_app
def remind_status(app: App) -> None:
    """Say which timers are installed, when the next reminder comes, whether reminders are
    stalled, and what the timers wrote last.

    \b
    Example: punchin remind status
    """
    from punchin.config import WEEKDAYS
    from punchin.places import journal_path
    from punchin.prompts import error_text
    from punchin.reminders import timers
    from punchin.reminders.health import read_stall

    ui = app.prompts("ui")
    settings = app.settings
    upcoming, zone = _next_reminder(app)
    click.echo(
        ui.text(
            "ui.remind_status_slot",
            day=ui.text(f"ui.weekday_{settings.weekly_day}"),
            time=settings.weekly_time,
            zone=zone or ui.text("ui.timezone_system"),
            minutes=settings.weekly_minutes,
        )
    )
    click.echo(
        ui.text(
            "ui.remind_status_next",
            day=ui.text(f"ui.weekday_{WEEKDAYS[upcoming.weekday()]}"),
            when=upcoming.strftime("%Y-%m-%d %H:%M"),
        )
    )
    click.echo(ui.text("ui.remind_status_timers"))
    found = _installed(app)
    for timer, (state, where) in found.items():
        click.echo(ui.text(f"ui.remind_status_{state}", timer=timer, path=where))
    installed = {timer for timer, (state, _) in found.items() if state in ("current", "outdated")}
    if not installed:
        click.echo(ui.text("ui.remind_status_none"))
    stall = read_stall(journal_path(app.db))
    if stall is None:
        click.echo(ui.text("ui.remind_status_working"))
    else:
        reason, _ = error_text(app.language, stall.key, stall.params, stall.message)
        click.echo(ui.text("ui.remind_status_stalled", since=stall.since[:16], reason=reason))
    if "systemd" in installed:
        click.echo(ui.text("ui.remind_log_systemd"))
    log = _job(app, None).log
    lines = timers.last_lines(log, 5)
    if installed - {"systemd"} or lines is not None:
        click.echo(ui.text("ui.remind_status_log", path=log))
        for line in lines or [ui.text("ui.remind_status_log_empty")]:
            click.echo(f"  {line}")


def _next_reminder(app: App) -> tuple[datetime, str]:
    """When the next weekly slot is (held until the quiet hours end), in the user's zone,
    and the zone's name ("" when the system's cannot be told)."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from punchin.reminders.ics import next_slot, system_zone

    settings = app.settings
    zone = settings.timezone or system_zone()
    now = app.now()
    slot = next_slot(now.astimezone(ZoneInfo(zone)) if zone else now, settings)
    quiet = settings.quiet_span
    if quiet is None or not settings.is_quiet(slot.hour, slot.minute):
        return slot, zone
    end = slot.replace(hour=quiet[1] // 60, minute=quiet[1] % 60)
    return (end if end > slot else end + timedelta(days=1)), zone


def _installed(app: App) -> dict[str, tuple[str, str]]:
    """Each timer's state (see `timers.installed`) and where it is."""
    from punchin.places import LANGUAGES
    from punchin.reminders import timers

    # Written with or without --lang: either is this install (--lang is not a place).
    jobs = [_job(app, language) for language in dict.fromkeys((None, *LANGUAGES))]
    return {timer: timers.installed(timer, jobs, app.settings, Path.home()) for timer in TIMERS}
