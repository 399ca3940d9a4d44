"""The command line: the `punchin` group, its error handling, and the console-script entry.

Each command lives in a module of this package; heavy modules (sqlite_utils, dateutil, the
flows) are imported inside the commands that need them, so `punchin due` and
`punchin --help` start about as fast as click itself.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import IO, Any, ClassVar, NoReturn

import click

from punchin import __version__
from punchin.cli.app import App
from punchin.cli.helptext import LocalizedGroup
from punchin.errors import PunchinError
from punchin.places import LANGUAGES, journal_path


class Failure(click.ClickException):
    """A PunchinError on its way out: one line on stderr, exit code 1."""

    def __init__(self, message: str, prefix: str = "Error: ") -> None:
        super().__init__(message)
        self.prefix = prefix

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"{self.prefix}{self.message}", file=file, err=True)


class UsageFailure(Failure):
    """A usage error on its way out: one line, without click's usage banner, exit code 2."""

    exit_code = 2


LISTING = "punchin.listing"  # set in ctx.meta while `punchin --help` lists the commands


class PunchinGroup(LocalizedGroup):
    """Loads each command's module only when it runs, and turns every expected failure into
    one line and an exit code, never a traceback."""

    # command -> module defining it; `punchin due` then imports one small module, not all.
    lazy_commands: ClassVar[dict[str, str]] = {
        "init": "punchin.cli.setup",
        "where": "punchin.cli.setup",
        "due": "punchin.cli.setup",
        "goal": "punchin.cli.goal",
        "week": "punchin.cli.week",
        "quarter": "punchin.cli.quarter",
        "report": "punchin.cli.report",
        "year": "punchin.cli.motivation",
        "five-year": "punchin.cli.motivation",
        "paths": "punchin.cli.paths",
        "remind": "punchin.cli.remind",
        "export": "punchin.cli.data",
        "import": "punchin.cli.data",
        "backup": "punchin.cli.data",
        "restore": "punchin.cli.data",
        "check": "punchin.cli.data",
        "encrypt": "punchin.cli.data",
        "note": "punchin.cli.note",
        "decrypt": "punchin.cli.data",
        "show": "punchin.cli.read",
        "log": "punchin.cli.read",
        "search": "punchin.cli.read",
        "completion": "punchin.cli.completion",
        "sync": "punchin.cli.sync",
    }

    # command -> the first paragraph of its help, all that `punchin --help` shows of it:
    # listing the commands then imports none of their modules. A test keeps the two equal.
    summaries: ClassVar[dict[str, str]] = {
        "backup": "Write a consistent copy of the journal, even while it is in use.",
        "check": "Check the journal's integrity and say what is wrong, if anything.",
        "completion": "Print the script that lets your shell complete punchin: commands, "
        "options, goal ids with their titles, and period labels.",
        "decrypt": "Decrypt the journal back into a plain SQLite file.",
        "due": "List the reviews that are due or overdue, one line each.",
        "encrypt": "Encrypt the journal with a passphrase (SQLCipher, AES-256); search keeps "
        "working.",
        "export": "Export the whole journal (or a span of it) as JSON or Markdown.",
        "five-year": "The five-yearly motivation check: your deep desire and fear, turned "
        "positive.",
        "goal": "Goals on four horizons (week, quarter, year, five-year) and on spans you name.",
        "import": "Import a punchin JSON export, or a jrnl JSON export as notes; all or nothing.",
        "init": "Create the journal and choose your settings (run again to change them).",
        "log": "List check-ins, newest first, one line each.",
        "note": "Quick notes between reviews, found by `punchin search` and kept in exports.",
        "paths": "Big company, PhD or startup: the three paths compared, and fitted to your "
        "answers.",
        "quarter": "The quarterly review: re-read the quarter's weeks, close its goals, plan "
        "the next.",
        "remind": "Reminders for the weekly, quarterly, yearly and five-year reviews.",
        "report": "A review report of a week, a quarter, a year, or your whole life in the "
        "journal.",
        "restore": "Replace the journal with a backup, after checking it (the current one is "
        "backed up).",
        "search": "Find answers and goals containing every word given, in any language.",
        "sync": "Sync the journal with your other machines, through a folder you already sync.",
        "show": "Show one period: a week's check-in; a quarter, year or five-year window with "
        "its own review and its goals and weeks; a span's goals; or a path assessment "
        "(`paths [DATE]`).",
        "week": "The Monday check-in: review the week as your mentor would, in about 30 minutes.",
        "where": "Show where the journal, the settings and your own question sets live.",
        "year": "The yearly motivation check: was the year happy, was there progress, and why not?",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.lazy_commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands, each with the start of its help, from `summaries`."""
        ctx.meta[LISTING] = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            del ctx.meta[LISTING]

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The run's options (`--db`, `--lang`) may also follow the command, as in
        `punchin due --lang zh`: they are moved in front of it before click reads them."""
        run_options, rest = _run_options_first(self, ctx, args)
        language = _language_in(run_options)
        if language in LANGUAGES:  # so that an error before --lang is read still uses it
            ctx.meta["punchin.lang"] = language
        return super().parse_args(ctx, run_options + rest)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = self.lazy_commands.get(cmd_name)
        if module is None:
            return None
        if ctx.meta.get(LISTING):  # what the list of commands shows of it, without its module
            return click.Command(cmd_name, help=self.summaries[cmd_name])
        name = cmd_name.replace("-", "_")
        found = importlib.import_module(module)
        command = getattr(found, name, None) or getattr(found, f"{name}_")  # import -> import_
        assert isinstance(command, click.Command)
        return command

    # Commands after which no "review due" hint is shown: they are about what is due.
    no_hint: ClassVar[set[str]] = {"due", "remind", "init", "where"}

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            _hint(ctx, self.no_hint)
            return result
        except PunchinError as exc:
            failure = UsageFailure if exc.exit_code == 2 else Failure
            raise failure(*_in_users_language(ctx, exc)) from None
        except database_errors() as exc:
            from punchin.store import journal_error

            app = ctx.find_object(App)
            failed = journal_error(journal_path(app.db if app else None), exc)
            raise Failure(*_in_users_language(ctx, failed)) from None
        except PermissionError as exc:
            raise Failure(f"permission denied: {exc.filename or exc}") from None
        except UnicodeEncodeError:  # text with a lone surrogate, from undecodable input bytes
            unstorable = PunchinError(
                "some text given cannot be stored (it holds bytes that are not UTF-8); retype it",
                key="unstorable_text",
            )
            raise UsageFailure(*_in_users_language(ctx, unstorable)) from None


def _run_options_first(
    group: click.Group, ctx: click.Context, args: list[str]
) -> tuple[list[str], list[str]]:
    """`due --lang zh` -> `--lang zh` + `due`; `goal list --db X -n 5` -> `--db X` + `goal list
    -n 5`: the run's options, and the rest of the command line.

    The run's options found anywhere before a `--` go first, in the order typed (the last
    wins, and `week --help --lang zh` reads --lang before --help, so the help is Chinese). A
    command's own options are skipped with their values (`--why --lang` is a why), and an
    option a command defines itself is the command's. The rest keeps its order."""
    run_options = _value_options(group)  # --db, --lang: the group's options taking a value
    values, own = run_options, set[str]()  # the options of the command being read, its own names
    moved: list[str] = []
    kept: list[str] = []
    command: click.Command | None = group
    index = 0
    while index < len(args):
        token = args[index]
        name = token.partition("=")[0]
        if token == "--":
            kept += args[index:]
            break
        if name in run_options and name not in own:
            if "=" in token:
                moved.append(token)
            elif index + 1 < len(args):
                moved += args[index : index + 2]
                index += 1
            elif not ctx.resilient_parsing:
                raise click.BadOptionUsage(name, f"Option {name!r} requires an argument.", ctx)
            index += 1
            continue
        kept.append(token)
        index += 1
        if token.startswith("-") and token != "-":
            taken = _values_taken(token, values)
            kept += args[index : index + taken]
            index += taken
        elif isinstance(command, click.Group):  # the word naming a (sub)command
            command = command.get_command(ctx, token)
            values = _value_options(command) if command else {}
            own = _option_names(command) if command else own
            if not isinstance(command, click.Group):
                command = None  # its words are arguments, not commands
    return moved, kept


def _value_options(command: click.Command) -> dict[str, int]:
    """A command's options that take values -> how many (`--on` -> 1; flags are left out)."""
    return {
        name: param.nargs
        for param in command.params
        if isinstance(param, click.Option) and not param.is_flag and not param.count
        for name in param.opts
    }


def _option_names(command: click.Command) -> set[str]:
    return {
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in param.opts + param.secondary_opts
    }


def _values_taken(token: str, values: dict[str, int]) -> int:
    """How many of the next tokens are values of the option(s) in `token`: `--on` 1,
    `--on=X` 0, `-n` 1, `-n5` 0, `-xn` 1 when -x is a flag."""
    if token.startswith("--"):
        return 0 if "=" in token else values.get(token, 0)
    for at, letter in enumerate(token[1:], start=2):
        if f"-{letter}" in values:
            return 0 if token[at:] else values[f"-{letter}"]
    return 0


def _language_in(options: list[str]) -> str | None:
    """The last `--lang` among the run's options (`--lang zh` or `--lang=zh`)."""
    found = None
    for at, token in enumerate(options):
        if token == "--lang" and at + 1 < len(options):
            found = options[at + 1]
        elif token.startswith("--lang="):
            found = token.partition("=")[2]
    return found


def database_errors() -> tuple[type[BaseException], ...]:
    """SQLite's errors (and SQLCipher's): looked up only when something has gone wrong, so
    that `punchin --help` never loads the store."""
    from punchin.store.cipher import errors

    return errors()


def _show_usage_error(self: click.UsageError, file: IO[Any] | None = None) -> None:
    """click's usage errors, as one line like every other error of punchin's; a mistyped
    command or option names the ones meant, in the user's language."""
    from punchin.cli.helptext import usage_line

    line, prefix = usage_line(self)
    click.echo(f"{prefix}{line}", file=file, err=True)


click.UsageError.show = _show_usage_error  # type: ignore[method-assign]


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _hint(ctx: click.Context, skip: set[str]) -> None:
    """After a command that read the journal anyway, one line on stderr when a review is
    due, so a user with no timer or daemon is still reminded (`hints = false` turns it off)."""
    app = ctx.find_object(App)
    if app is None or app.open_journal is None or ctx.invoked_subcommand in skip:
        return
    if not _stderr_is_terminal():
        return
    try:
        if not app.settings.hints:
            return
        from punchin.reminders.due import due_now
        from punchin.reminders.tick import describe

        items = due_now(app.open_journal, app.now(), app.settings)
        if items:
            click.echo(f"punchin: {describe(items[0], app.prompts('due'))}", err=True)
    except Exception as exc:  # a hint must never turn success into failure
        if not isinstance(exc, (PunchinError, *database_errors())):
            raise


def _in_users_language(ctx: click.Context, exc: PunchinError) -> tuple[str, str]:
    """The error's message and prefix in the user's language; English is the code's text."""
    app = ctx.find_object(App)
    if exc.key in ("journal_damaged", "needs_passphrase", "wrong_passphrase"):  # a way out
        from punchin.cli.damage import explain

        exc = explain(app, exc)
    english = (str(exc), "Error: ")
    if app is None:
        return english
    try:
        language = app.language
        if language == "en":
            return english
        from punchin import prompts

        return prompts.error_text(language, exc.key, exc.params, str(exc))
    except PunchinError:  # broken settings or catalog: the English text still helps
        return english


@click.group(cls=PunchinGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="PATH",
    help="Journal file to use (default: $PUNCHIN_DB, then the data folder; see `punchin where`).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    is_eager=True,  # so that `punchin --lang zh --help` is already in Chinese
    help="Language for this run (default: the one in your settings). Like --db, it may also "
    "follow the command: punchin due --lang zh.",
)
@click.version_option(__version__, prog_name="punchin")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None) -> None:
    """A private journal for the Monday review of your week, and of your motivation over years.

    Every Monday evening, spend 30 minutes with `punchin week`: look at the week as your
    mentor would; for each missed goal ask whether it was laziness, lack of ability or a
    motivation mismatch, and commit to the matching remedy.

    \b
    Start:      punchin week
    Goals:      punchin goal add "Draft chapter 2" --on 2026-W48
    What's due: punchin due
    Read back:  punchin show 2026-W47 · punchin log · punchin search TEXT
    """
    app = App(db, lang)
    ctx.obj = app
    from punchin.files import protect

    protect(journal_path(db))  # no -o of any command may land on the journal itself
    ctx.call_on_close(app.close)


def main() -> NoReturn:
    """The console script: private files, and a clean exit on Ctrl-C outside any prompt."""
    os.umask(0o077)
    # What is loaded by now (click, this module and those it needs) lives until the command
    # ends: frozen, no collection of garbage looks through it again, the one at exit
    # included (several milliseconds of a short command). New objects are collected every
    # 20,000 rather than 700, so a short command needs no collection at all.
    gc.freeze()
    gc.set_threshold(20_000)
    try:
        cli.main(prog_name="punchin")
    except KeyboardInterrupt:
        click.echo("\nInterrupted; everything answered so far is saved.", err=True)
        sys.exit(130)
    sys.exit(0)
