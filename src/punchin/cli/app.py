"""What every command shares: the options, the settings, the clock and the open journal."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from punchin.config import Settings, load_settings
from punchin.errors import UsageError
from punchin.places import journal_path

if TYPE_CHECKING:
    from pathlib import Path

    from punchin.prompts import PromptSet
    from punchin.store import Journal

F = TypeVar("F", bound=Callable[..., Any])


class App:
    """The state of one invocation; commands receive it with `@pass_app`."""

    def __init__(self, db: str | None, language: str | None) -> None:
        self.db = db
        self._language = language
        self._settings: Settings | None = None
        self._journal: Journal | None = None
        self.ask_passphrase = True  # False where no one is there to answer (reminder ticks)
        self.typed_passphrase: str | None = None  # the journal's, once typed in this run
        self._prompt_sets: dict[tuple[str, str], PromptSet] = {}  # read once in a run

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    def remember_settings(self, settings: Settings) -> None:
        """Settings this run has just written (`punchin sync --dir`), in effect at once."""
        self._settings = settings

    @property
    def language_override(self) -> str | None:
        """The language given with --lang for this run, if any."""
        return self._language

    @property
    def language(self) -> str:
        return self._language or self.settings.language

    def now(self) -> datetime:
        """The wall clock in the user's timezone; PUNCHIN_NOW pins it for scripts and tests."""
        from punchin.periods import wall_clock

        return wall_clock(self.settings.timezone)

    def today(self) -> date:
        return self.now().date()

    def journal(self, *, create: bool = True) -> Journal:
        if self._journal is None:
            from punchin.store import Journal

            self._journal = Journal.open(
                journal_path(self.db),
                self.now,
                create=create,
                passphrase=self.passphrase,
                on_wait=self.tell_waiting,
            )
            self.tell_leftovers(self._journal)
        return self._journal

    def tell_waiting(self) -> None:
        """One line on a terminal while another punchin converts the journal."""
        import sys

        if sys.stderr.isatty():
            click.echo(self.prompts("ui").text("ui.waiting_for_conversion"), err=True)

    def tell_others(self) -> None:
        """One line on a terminal while this conversion waits for other punchin processes."""
        import sys

        if sys.stderr.isatty():
            click.echo(self.prompts("ui").text("ui.waiting_for_others"), err=True)

    def tell_leftovers(self, journal: Journal) -> None:
        """Say so when the leftover of a killed conversion was found and removed: a
        decrypt's is plaintext, and the person should know it existed."""
        if journal.leftovers_removed:
            path = journal.leftovers_removed[0]
            click.echo(self.prompts("ui").text("ui.leftover_removed", path=path), err=True)
            journal.leftovers_removed.clear()
        if journal.made_private:  # an old journal, or one copied in, that others could read
            path = journal.made_private[0]
            click.echo(self.prompts("ui").text("ui.made_private", path=path), err=True)
            journal.made_private.clear()

    def passphrase(self, *, ask: bool = True, prompt: str | None = None) -> str:
        """The encrypted journal's passphrase: $PUNCHIN_PASSPHRASE, then the system keyring,
        then (at a terminal) the person. Never written anywhere by punchin."""
        import sys

        from punchin.errors import JournalError

        path = journal_path(self.db)
        found = os.environ.get("PUNCHIN_PASSPHRASE") or keyring_passphrase(path)
        if found:
            return found
        if ask and self.ask_passphrase and sys.stdin.isatty():
            entered: str = click.prompt(
                prompt or self.prompts("ui").text("ui.passphrase_ask"), hide_input=True
            )
            if prompt is None:
                self.typed_passphrase = entered
            return entered
        raise JournalError(
            f"{path} is encrypted: set PUNCHIN_PASSPHRASE, keep it in the keyring "
            "(`punchin encrypt --keyring`), or run punchin in a terminal",
            key="needs_passphrase",
            path=path,
        )

    @property
    def open_journal(self) -> Journal | None:
        """The journal if this run has opened it already, without opening it."""
        return self._journal

    def prompts(self, name: str) -> PromptSet:
        """A question set in the run's language, read once in a run (`search` looks one up
        for each hit)."""
        language = self.language
        found = self._prompt_sets.get((name, language))
        if found is None:
            from punchin import prompts

            found = self._prompt_sets[name, language] = prompts.load(name, language)
        return found

    def write_out(self, document: str | bytes, output: str | Path) -> str:
        """Write a document a command made to `output` (created private; `-` or a standard
        stream prints it) and say where it went, on stderr so a pipe gets only the document.
        Returns where it went."""
        from pathlib import Path

        from punchin.files import to_standard_stream, write_bytes

        data = document.encode("utf-8") if isinstance(document, str) else document
        if str(output) == "-":
            click.echo(data.decode("utf-8"), nl=False)
            return "-"
        target = write_bytes(Path(output).expanduser() if isinstance(output, str) else output, data)
        if not to_standard_stream(target):
            click.echo(self.prompts("ui").text("ui.report_written", path=target), err=True)
        return target

    def write_stream(self, produce: Callable[[TextIO], None], output: str | Path) -> str:
        """Like `write_out`, for a document written piece by piece (`produce` writes it into
        an open text file): it is never held whole in memory."""
        from pathlib import Path

        from punchin.files import to_standard_stream, write_file

        def into(path: Path) -> None:
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                produce(handle)

        target = Path(output).expanduser() if isinstance(output, str) and output != "-" else output
        written = str(write_file(target, into))
        if not to_standard_stream(written):
            click.echo(self.prompts("ui").text("ui.report_written", path=written), err=True)
        return written

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


pass_app = click.make_pass_decorator(App)


def keyring_passphrase(path: str | Path) -> str | None:
    """The passphrase kept in the system keyring for this journal, if keyring is installed:
    under its absolute real path, else (kept by an older punchin) under the path as given."""
    try:
        import keyring
    except ImportError:
        return None
    for account in dict.fromkeys((keyring_account(path), str(path))):
        try:
            found = keyring.get_password(KEYRING_SERVICE, account)
        except Exception:  # no usable keyring backend: as if nothing were stored
            return None
        if found:
            return str(found)
    return None


def keyring_account(path: str | Path) -> str:
    """The name a journal's passphrase is kept under: its absolute real path, the same from
    any folder and for a timer."""
    from punchin.places import real_absolute

    return str(real_absolute(path))


KEYRING_SERVICE = "punchin"


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def limit_option(default: int, help: str | None = None) -> Callable[[F], F]:
    """`-n/--limit`: at most this many of what a listing command lists."""
    return click.option(
        "-n",
        "--limit",
        type=click.IntRange(1, LIMIT_MAX),
        default=default,
        show_default=True,
        help=help,
    )


LIMIT_MAX = 1_000_000_000  # "all of them" for any journal; SQLite takes no more than 2**63


def format_option(formats: tuple[str, ...], help: str) -> Callable[[F], F]:
    """`-f/--format`: one of `formats`, the first by default."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(formats),
        default=formats[0],
        show_default=True,
        help=help,
    )


def output_option(help: str) -> Callable[[F], F]:
    """`-o/--output FILE`: where a command writes the document it makes."""
    return click.option("-o", "--output", metavar="FILE", help=help, callback=file_name("-o"))


def when_given(ctx: click.Context, param: Any, value: Any) -> Any:
    """The callback of every option or argument taking a date or a period (`--on`,
    `--since`, `--until`, `show PERIOD`): an empty one is refused in one line, by every
    command alike, rather than read by some as "not given"."""
    values = value if isinstance(value, tuple) else (value,)
    if ctx.resilient_parsing or not any(isinstance(v, str) and not v.strip() for v in values):
        return value
    opts = getattr(param, "opts", None) or [""]
    name = max(opts, key=len) if opts[0].startswith("-") else param.human_readable_name
    raise UsageError(
        f"{name} is empty: give a date like 2026-11-16 or 'last monday', or a period like 2026-W47",
        key="when_empty",
        name=name,
    )


def file_name(what: str, *, expand: bool = True) -> Callable[[click.Context, Any, Any], Any]:
    """The callback of an option or argument naming a file (`what`: how the person typed
    it, like `-o` or `backup PATH`): an empty name, one too long for any file system, or
    `~user` of no user is refused in one line before anything is opened (`places.named_path`);
    with `expand`, `~` is expanded."""

    def check(ctx: click.Context, param: Any, value: Any) -> Any:
        if not isinstance(value, str) or ctx.resilient_parsing:
            return value
        from punchin.places import named_path

        return named_path(value, what, expand=expand)

    return check


def echo_json(data: object) -> None:
    """JSON as punchin prints it: indented, every language as itself, dates as text."""
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
