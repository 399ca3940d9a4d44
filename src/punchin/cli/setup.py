"""`punchin init`, `punchin where` and `punchin due`: setting up, and what needs doing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from punchin.cli.app import App, echo_json, json_option, pass_app
from punchin.cli.helptext import LocalizedCommand
from punchin.cli.init_answers import read_minutes, read_time, read_timezone, read_weekday
from punchin.config import Settings, SettingsError, save_settings
from punchin.errors import UsageError
from punchin.places import LANGUAGES, journal_path, prompts_override_dir, settings_path

if TYPE_CHECKING:
    from punchin.prompts import PromptSet

T = TypeVar("T")


@click.command(cls=LocalizedCommand)
@click.option("--language", type=click.Choice(LANGUAGES), help="Language of the questions.")
@click.option("--weekly-day", metavar="DAY", help="Day of the weekly review (default monday).")
@click.option(
    "--weekly-time",
    metavar="TIME",
    help="Time of the weekly review: 21:00, 9pm, 21h (default 21:00).",
)
@click.option("--minutes", type=int, help="Length of the weekly time box (default 30).")
@click.option("--timezone", metavar="ZONE", help="e.g. Asia/Shanghai (default: the system's).")
@click.option(
    "--quiet-hours", metavar="HH:MM-HH:MM", help="No reminders inside them ('' for none)."
)
@click.option("--channels", metavar="LIST", help="Reminder channels, in order: desktop,terminal.")
@click.option("--hints/--no-hints", default=None, help="A one-line hint when a review is due.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask; keep what is not given.")
@pass_app
def init(
    app: App,
    language: str | None,
    weekly_day: str | None,
    weekly_time: str | None,
    minutes: int | None,
    timezone: str | None,
    quiet_hours: str | None,
    channels: str | None,
    hints: bool | None,
    yes: bool,
) -> None:
    """Create the journal and choose your settings (run again to change them).

    `punchin week` creates the journal on first use too; `init` is for choosing the
    language, the weekly slot and the timezone explicitly.

    \b
    Example: punchin init --language zh --weekly-day monday --weekly-time 21:00
    """
    repaired = None  # what a settings file that could not be read whole lost
    try:
        current = app.settings
    except SettingsError as problem:  # rewritten, keeping what it can read, if so wished
        current, repaired = _repair_settings(app, problem, yes)
    given: dict[str, str | int | None] = {  # flags are read as the questions' answers are
        "language": language,
        "weekly_day": None if weekly_day is None else read_weekday(weekly_day),
        "weekly_time": None if weekly_time is None else read_time(weekly_time),
        "weekly_minutes": minutes,
        "timezone": None if timezone is None else read_timezone(timezone),
    }
    nothing_given = all(v is None for v in (*given.values(), quiet_hours, channels, hints))
    if not yes and _at_terminal() and nothing_given:
        given = _ask_settings(app, current)
    settings = current._replace(
        language=str(given["language"] or current.language),
        weekly_day=str(given["weekly_day"] or current.weekly_day),
        weekly_time=str(given["weekly_time"] or current.weekly_time),
        weekly_minutes=int(given["weekly_minutes"] or current.weekly_minutes),
        timezone=current.timezone if given["timezone"] is None else str(given["timezone"]),
        quiet_hours=current.quiet_hours if quiet_hours is None else quiet_hours,
        channels=current.channels if channels is None else channels,
        hints=current.hints if hints is None else hints,
    ).validated()
    path = save_settings(settings)
    app._settings = settings
    if repaired is not None:
        click.echo(app.prompts("ui").text("ui.settings_rewritten", path=path, lost=repaired))
    journal = app.journal()
    ui = app.prompts("ui")
    click.echo(ui.text("ui.init_journal", path=journal.path))
    click.echo(ui.text("ui.init_settings", path=path))
    click.echo(
        ui.text(
            "ui.init_summary",
            day=ui.text(f"ui.weekday_{settings.weekly_day}"),
            time=settings.weekly_time,
            minutes=settings.weekly_minutes,
            language=ui.text(f"ui.language_{settings.language}"),
            timezone=settings.timezone or ui.text("ui.timezone_system"),
        )
    )


def _at_terminal() -> bool:
    return sys.stdin.isatty()


def _repair_settings(app: App, problem: SettingsError, yes: bool) -> tuple[Settings, str]:
    """A settings file that cannot be read whole: what it holds that still reads is kept,
    the rest goes back to the defaults, and the file is rewritten by this `init` (at a
    terminal, when the person says so; with --yes, at once; otherwise it is said how)."""
    from punchin import prompts
    from punchin.config import salvage_settings

    path = settings_path()
    kept, lost = salvage_settings(path)
    app._settings = kept  # the language it had, if that much reads
    lost_text = ", ".join(lost) or "-"
    if not yes and not _at_terminal():
        raise SettingsError(
            f"settings {path} cannot be read whole ({lost_text}); run `punchin init --yes` "
            "to rewrite it, keeping what it can read",
            key="settings_repair",
            path=path,
            lost=lost_text,
        )
    if not yes:
        line, prefix = prompts.error_text(app.language, problem.key, problem.params, str(problem))
        click.echo(f"{prefix}{line}", err=True)
        asked = app.prompts("ui").text("ui.settings_rewrite", path=path, lost=lost_text)
        if not click.confirm(asked, default=True):
            raise click.Abort
    return kept, lost_text


def _ask_settings(app: App, current: Settings) -> dict[str, str | int | None]:
    """The interactive `punchin init`: the language first, then the rest asked in it, each
    answer read as it is given and asked again, with what is accepted, until it reads. At a
    real terminal each answer is written with line editing, the current value ready to
    keep or change."""
    from punchin import prompts
    from punchin.cli.review import stop_cleanly
    from punchin.cli.terminal import at_terminal

    ctx = click.get_current_context()
    editing = at_terminal()
    with stop_cleanly(ctx, prompts.load("ui", app.language)):  # Ctrl-C: one line, no trace
        if editing:
            language = _edited_language(app)
        else:
            language = click.prompt(
                "Language / 语言", default=app.language, type=click.Choice(LANGUAGES)
            )
    ui = prompts.load("ui", language)
    answer = _edited_answer(ui) if editing else _plain_answer

    def ask(key: str, default: str, read: Callable[[str], T], again: str = "") -> T:
        # at a real terminal a refused answer comes back to be corrected, not typed anew
        return _ask(ui.text(key), default, read, language, answer, again, keep=editing)

    with stop_cleanly(ctx, ui):
        return {
            "language": language,
            "weekly_day": ask("ui.init_ask_day", current.weekly_day, read_weekday),
            "weekly_time": ask("ui.init_ask_time", current.weekly_time, read_time),
            "weekly_minutes": ask("ui.init_ask_minutes", str(current.weekly_minutes), read_minutes),
            "timezone": ask(
                "ui.init_ask_timezone",
                current.timezone,
                read_timezone,
                again=ui.text("ui.init_ask_timezone_again"),
            ),
        }


Answer = Callable[[str, str], str]  # (the question, the answer offered) -> what was typed


def _plain_answer(text: str, default: str) -> str:
    answer: str = click.prompt(text, default=default, show_default=bool(default))
    return answer


def _edited_answer(ui: PromptSet) -> Answer:
    from punchin.cli.line_editor import LineEditor

    editor = LineEditor(ui)

    def answer(text: str, default: str) -> str:
        click.secho(text, bold=True)
        return editor.text("init", long=False, default=default, check=lambda raw: None)

    return answer


def _edited_language(app: App) -> str:
    from punchin import prompts
    from punchin.cli.line_editor import LineEditor

    editor = LineEditor(prompts.load("ui", app.language))
    names = {"en": "English", "zh": "中文"}
    choices = tuple((code, names.get(code, code)) for code in LANGUAGES)

    def read(typed: str) -> str | None:
        """A number, a code or a name, or the start of one: 1, zh, z, 中, english, e."""
        typed = typed.strip().lower()
        if typed.isdigit() and 1 <= int(typed) <= len(choices):
            return choices[int(typed) - 1][0]
        found = {
            code
            for code, name in choices
            if typed and (code.startswith(typed) or name.lower().startswith(typed))
        }
        return found.pop() if len(found) == 1 else None

    click.secho("Language / 语言", bold=True)
    typed = editor.choose(
        choices,
        default=app.language,
        read=read,
        check=lambda raw: None if read(raw) else "en | zh",
    )
    chosen = read(typed)
    assert chosen is not None
    return chosen


def _ask(
    text: str,
    default: str,
    read: Callable[[str], T],
    language: str,
    answer: Answer,
    again: str,
    *,
    keep: bool = False,
) -> T:
    """Ask until `read` takes the answer; a refusal is one line in `language`. When it
    suggests an answer (the nearest timezone), Enter takes it; else, with `keep`, the
    refused answer is offered again to be corrected."""
    from punchin.prompts import error_text

    while True:
        raw = answer(text, default)
        try:
            return read(raw)
        except UsageError as exc:
            said = (
                str(exc)
                if language == "en"
                else error_text(language, exc.key, exc.params, str(exc))[0]
            )
            click.secho("  " + said, fg="yellow", err=True)
            best = exc.params.get("best")
            if isinstance(best, str) and again:
                text, default = again, best
            elif keep:
                default = raw


@click.command(cls=LocalizedCommand)
@json_option
@pass_app
def where(app: App, as_json: bool) -> None:
    """Show where the journal, the settings and your own question sets live.

    \b
    Example: punchin where
    """
    places = {
        "journal": str(journal_path(app.db)),
        "settings": str(settings_path()),
        "prompts": str(prompts_override_dir()),
    }
    if as_json:
        echo_json(places)
        return
    for name, place in places.items():
        click.echo(f"{name + ':':<10} {place}")


@click.command(cls=LocalizedCommand)
@click.option("-q", "--quiet", is_flag=True, help="Only what is due, nothing when nothing is.")
@json_option
@pass_app
def due(app: App, quiet: bool, as_json: bool) -> None:
    """List the reviews that are due or overdue, one line each.

    Fast enough for a shell start-up file; it never creates a journal.

    \b
    Example: punchin due --quiet   (in ~/.bashrc or ~/.zshrc)
    """
    from functools import partial

    from punchin.cli.remind import tell_stall
    from punchin.errors import JournalError
    from punchin.reminders.due import due_now
    from punchin.reminders.tick import due_lines
    from punchin.store import Journal
    from punchin.store.journal import DEFAULT_WAIT

    now = app.now()
    tell_stall(app)  # on stderr, even in a shell prompt: reminders that fail must be known
    try:  # an encrypted journal is opened only with a passphrase at hand: never a prompt here
        journal = Journal.open_if_exists(
            journal_path(app.db),
            app.now,
            passphrase=partial(app.passphrase, ask=False),
            wait=0 if quiet else DEFAULT_WAIT,
        )
    except JournalError as exc:
        if quiet and exc.key in ("needs_passphrase", "journal_converting"):
            return  # a shell prompt stays silent (and never waits) rather than nag
        raise
    if journal is not None:
        app.tell_leftovers(journal)
    try:
        items = due_now(journal, now, app.settings)
    finally:
        if journal is not None:
            journal.close()
    if as_json:
        echo_json(
            [
                {
                    "kind": i.kind,
                    "period": i.period,
                    "state": i.state,
                    "since": i.since.isoformat(),
                    "days_overdue": i.days_overdue,
                    "missed_before": i.missed_before,
                    "command": i.command,
                }
                for i in items
            ]
        )
        return
    for line in due_lines(items, now, app.settings, app.language, quiet=quiet):
        click.echo(line)
