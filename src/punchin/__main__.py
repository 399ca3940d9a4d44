"""The `punchin` console script and `python -m punchin`.

`punchin due` runs in every new shell (`punchin due --quiet` in ~/.bashrc), so it has a
path that never imports click: `due`, `due --quiet` or `due -q` (with `--lang` or `--db`
anywhere) on a plain, up-to-date journal is answered by the same code the full command
runs (`reminders.due.due_now`, `reminders.tick.due_lines`, `reminders.health.stall_line`),
printed as click would print it. The journal is read through `store.glance`, which opens it
only where `Journal.open_as_is` would and reads it without the `Journal` class; nothing on
this path imports `typing`, `pathlib` or `re` (tests/test_shell_prompt.py checks). Anything
else, and anything unusual on the way (no journal yet, an encrypted one, one to upgrade,
private to make, being converted, an error of any kind) is left to the full command in
`punchin.cli`, which says and does what is needed. PUNCHIN_NO_FAST=1 always takes the full
command (tests compare the two).
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from datetime import datetime
    from typing import NoReturn

# The words `punchin due` may be typed with on the shell-prompt path.
QUIET = ("-q", "--quiet")
RUN_OPTIONS = ("--lang", "--db")


def main() -> NoReturn:
    os.umask(0o077)  # as the full command: any file made along the way is private
    # A short command makes many objects while it imports and few after: collect garbage
    # every 20,000 new objects rather than 700, so the imports run without a collection
    # (`cli.main` freezes what they made).
    gc.set_threshold(20_000)
    if not os.environ.get("PUNCHIN_NO_FAST"):
        try:
            code = due_fast(sys.argv[1:])
        except KeyboardInterrupt:
            sys.stderr.write("\nInterrupted; everything answered so far is saved.\n")
            sys.exit(130)
        if code is not None:
            sys.exit(code)
    from punchin.cli import main as full

    full()


def due_arguments(args: list[str]) -> tuple[bool, str | None, str | None] | None:
    """(quiet, --lang, --db) of `due`, `due --quiet`, `due -q`, each run option at most
    once, before or after `due`; None for any other command line."""
    quiet = seen_due = False
    given: dict[str, str] = {}
    index = 0
    while index < len(args):
        token = args[index]
        name, equals, value = token.partition("=")
        if name in RUN_OPTIONS and name not in given:
            if not equals:
                if index + 1 >= len(args):
                    return None
                index += 1
                value = args[index]
            given[name] = value
        elif token == "due" and not seen_due:
            seen_due = True
        elif token in QUIET and seen_due and not quiet:
            quiet = True
        else:
            return None
        index += 1
    if not seen_due:
        return None
    return quiet, given.get("--lang"), given.get("--db")


def due_fast(args: list[str]) -> int | None:
    """`punchin due` without click: its exit code once printed, or None (nothing printed,
    nothing changed) when the full command should run instead."""
    parsed = due_arguments(args)
    if parsed is None:
        return None
    quiet, lang, db = parsed
    try:
        found = _due_lines(quiet, lang, db)
        if found is None:
            return None
        errors, lines = found
        streams = (sys.stdout, sys.stderr)
        if not all(_plain_utf8(stream) for stream in streams):
            return None  # click would wrap the stream: leave it to click
        if any("\x1b" in line for line in errors + lines):
            return None  # click strips colours off a pipe: leave it to click
    except Exception:
        return None
    try:
        for line in errors:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
        for line in lines:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
    except BrokenPipeError:  # `punchin due | head -0`: as click, exit 1 without a word
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (so that exiting flushes nothing)
        return 1
    return 0


def _due_lines(quiet: bool, lang: str | None, db: str | None) -> tuple[list[str], list[str]] | None:
    """What `punchin due` writes on stderr and on stdout, or None to take the full command."""
    from punchin.config import load_settings
    from punchin.periods import wall_clock
    from punchin.places import LANGUAGES, journal_file

    if lang is not None and lang not in LANGUAGES:
        return None
    settings = load_settings()
    language = lang or settings.language

    def now() -> datetime:
        return wall_clock(settings.timezone)

    from punchin.reminders.due import due_now
    from punchin.reminders.health import read_stall, stall_line
    from punchin.reminders.tick import due_lines
    from punchin.store.glance import glance

    moment = now()
    path = journal_file(db)  # paths as strings here: no pathlib
    stall = read_stall(path)
    errors = [] if stall is None else [stall_line(stall, language)]
    journal = glance(path, now)
    if journal is None:
        return None
    try:
        items = due_now(journal, moment, settings)
    finally:
        journal.close()
    return errors, due_lines(items, moment, settings, language, quiet=quiet)


def _plain_utf8(stream: object) -> bool:
    import codecs

    encoding = getattr(stream, "encoding", None)
    return bool(encoding) and codecs.lookup(str(encoding)).name == "utf-8"


if __name__ == "__main__":
    main()
