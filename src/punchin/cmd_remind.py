"""`punchin remind`: reminders that arrive, by a daemon, an OS timer or a calendar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from punchin.app import App, pass_app
from punchin.config import write_private
from punchin.errors import PunchinError, UsageError
from punchin.helptext import LocalizedGroup

if TYPE_CHECKING:
    import subprocess

    from punchin.ticking import Sent

TIMERS = ("systemd", "cron", "launchd")


@click.group(cls=LocalizedGroup)
def remind() -> None:
    """Reminders for the weekly, quarterly, yearly and five-year reviews.

    `tick` sends what is due now, once; `run` keeps ticking in the foreground; `install`
    makes your system run `tick` on time (systemd, cron or launchd); `ics` writes the reviews
    into a calendar file.

    \b
    Example: punchin remind install systemd
    """


@remind.command("tick")
@pass_app
def remind_tick(app: App) -> None:
    """Send each review that is due now, once (safe to run from anywhere, any number of times).

    \b
    Example: punchin remind tick      (what the timers and the daemon run)
    """
    sent = _tick(app.db, app.language_override)
    ui = app.prompts("ui")
    for item in sent:
        click.echo(ui.text("ui.remind_sent", channel=item.channel, text=item.text))


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
    from punchin.scheduler import run_daemon

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

    from punchin.config import journal_path
    from punchin.notify import notify
    from punchin.reminder_health import clear_stall, record_stall
    from punchin.store.cipher import errors
    from punchin.ticking import tick

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
    from punchin.notify import notify

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
    from punchin import timers

    ui = app.prompts("ui")
    import os

    places = {k: v for k, v in os.environ.items() if k in ("PUNCHIN_HOME", "PUNCHIN_DB")}
    command = timers.tick_command(_executable(), app.db, places)
    home = Path.home()
    if timer == "cron":
        block = timers.cron_block(command, app.settings)
        if not yes:
            click.echo(block, nl=False)
            click.echo(ui.text("ui.cron_preview"), err=True)
            return
        _write_crontab(timers.with_cron_block(_read_crontab(), block))
        click.echo(ui.text("ui.cron_installed"))
        _warn_if_locked_out(app)
        return
    files = (
        timers.systemd_files(home, command, app.settings)
        if timer == "systemd"
        else [timers.launchd_file(home, command, app.settings)]
    )
    for file in files:
        write_private(file.path, file.text)
        click.echo(ui.text("ui.timer_written", path=file.path))
    click.echo(ui.text(f"ui.{timer}_enable", path=files[-1].path))
    _warn_if_locked_out(app)


@remind.command("uninstall")
@click.argument("timer", type=click.Choice(TIMERS))
@click.option("-y", "--yes", is_flag=True, help="For cron: change your crontab.")
@pass_app
def remind_uninstall(app: App, timer: str, yes: bool) -> None:
    """Remove what `punchin remind install` wrote.

    \b
    Example: punchin remind uninstall systemd
    """
    from punchin import timers

    ui = app.prompts("ui")
    home = Path.home()
    if timer == "cron":
        if not yes:
            raise UsageError(ui.text("ui.cron_needs_yes"), key="cron_needs_yes")
        _write_crontab(timers.without_cron_block(_read_crontab()))
        click.echo(ui.text("ui.cron_removed"))
        return
    paths = (
        [f.path for f in timers.systemd_files(home, [], app.settings)]
        if timer == "systemd"
        else [timers.launchd_file(home, [], app.settings).path]
    )
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

    from punchin.app import keyring_passphrase
    from punchin.config import journal_path
    from punchin.errors import JournalError
    from punchin.reminder_health import record_stall
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
    from punchin.config import journal_path
    from punchin.prompts import error_text
    from punchin.reminder_health import read_stall

    stall = read_stall(journal_path(app.db))
    if stall is None:
        return
    reason, _ = error_text(app.language, stall.key, stall.params, stall.message)
    line = app.prompts("due").text("ui.reminders_stalled", since=stall.since[:16], reason=reason)
    click.echo(f"{line} {advice}".rstrip(), err=True)


def _executable() -> str:
    """This punchin, as a timer should run it: the console script beside this Python."""
    import sys

    script = Path(sys.executable).with_name("punchin")
    return str(script) if script.exists() else "punchin"


def _read_crontab() -> str:
    done = _crontab(["-l"], None)
    return done.stdout if done.returncode == 0 else ""  # no crontab yet: an empty one


def _write_crontab(text: str) -> None:
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


@remind.command("ics")
@click.option("-o", "--output", metavar="FILE", help="Write the calendar to FILE (else stdout).")
@pass_app
def remind_ics(app: App, output: str | None) -> None:
    """Write the reviews as recurring calendar events (.ics) for any calendar app.

    \b
    Example: punchin remind ics -o punchin.ics
    """
    from punchin.calendar_file import calendar, system_zone

    journal = app.journal()
    zone = app.settings.timezone or system_zone()
    data = calendar(app.settings, app.prompts("ui"), app.today(), journal.start_year, zone)
    if output is None or output == "-":
        click.echo(data.decode("utf-8"), nl=False)
        return
    from punchin.outputs import to_standard_stream, write_bytes

    path = Path(output).expanduser()
    write_bytes(path, data)
    if to_standard_stream(output):
        return
    click.echo(app.prompts("ui").text("ui.report_written", path=path), err=True)
