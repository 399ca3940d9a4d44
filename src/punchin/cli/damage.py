"""A damaged journal, met by any command: said in one line with the way out (the newest sound
backup and the command that puts it back, or the salvage), the journal's state for `restore`,
and `punchin check --salvage`.

A damaged journal is one that still carries punchin's mark in its header while SQLite finds
its pages corrupt ("database disk image is malformed"); a file without the mark is someone
else's and is said so elsewhere (`store.journal.journal_error`).
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from punchin.errors import JournalError, PunchinError

if TYPE_CHECKING:
    from punchin.cli.app import App
    from punchin.store.backups import Backup

DAMAGED = "journal_damaged"  # the key of the error `store.journal` raises for one


def command(app: App, words: str) -> str:
    """A punchin command line for this journal (with its --db when one was given)."""
    chosen = f"--db {shlex.quote(app.db)} " if app.db else ""
    return f"punchin {chosen}{words}"


def explain(app: App | None, exc: PunchinError) -> PunchinError:
    """The damaged journal's one line, naming its newest sound backup and the commands to
    restore it or to salvage what is readable; the error as it was if anything fails here."""
    if app is not None and exc.key in LOCKED:
        return _maybe_damaged_start(app, exc)
    if app is None or exc.key != DAMAGED:
        return exc
    try:
        from punchin.cli.backups import newest_sound, passphrase_at_hand
        from punchin.places import journal_path

        journal = journal_path(app.db)
        found = newest_sound(app, journal, passphrase_at_hand(app), unchecked=True)
    except Exception:  # the plain line still says what is wrong
        return exc
    reason = str(exc.params.get("reason", ""))
    salvage = command(app, "check --salvage")
    if found is None:
        return JournalError(
            f"{journal} is a punchin journal, but it is damaged ({reason}); no sound backup of "
            f"it was found; `{salvage}` copies what is still readable into a new journal beside "
            "it",
            key="journal_damaged_alone",
            path=journal,
            reason=reason,
            salvage=salvage,
        )
    restore = command(app, "restore --latest")
    taken = found.taken.strftime("%Y-%m-%d %H:%M")
    return JournalError(
        f"{journal} is a punchin journal, but it is damaged ({reason}); its newest sound backup "
        f"is {found.path} ({taken}): `{restore}` puts it back and keeps the damaged file aside; "
        f"`{salvage}` copies what is still readable into a new journal",
        key="journal_damaged_backup",
        path=journal,
        reason=reason,
        backup=found.path,
        taken=taken,
        restore=restore,
        salvage=salvage,
    )


def _maybe_damaged_start(app: App, exc: PunchinError) -> PunchinError:
    """ "Encrypted" said of a journal that has plain backups: it may be a plain journal whose
    first page is damaged; the line says so, and how to put the backup back."""
    from punchin.places import journal_path

    try:
        found = _plain_backup(app, journal_path(app.db))
    except Exception:  # the plain line still says what is wrong
        return exc
    if found is None:
        return exc
    restore = command(app, "restore --latest")
    return JournalError(
        f"{exc}; if this journal was never encrypted, its first page is damaged: `{restore}` "
        f"puts back its newest sound backup, {found.path} "
        f"({found.taken.strftime('%Y-%m-%d %H:%M')}), and keeps this file aside",
        key="journal_start_damaged",
        reason=str(exc),
        restore=restore,
        backup=found.path,
        taken=found.taken.strftime("%Y-%m-%d %H:%M"),
    )


class Current(NamedTuple):
    """The journal a restore replaces: its path as given, its real path, its passphrase,
    whether it is damaged (then it is set aside whole, not copied through SQLite), and
    whether it cannot be read at all (emptied, its first page damaged so that it no longer
    looks like a journal, or a passphrase that does not open it): then the backup goes back
    as it is, in its own encryption, and the file is kept aside whole."""

    path: Path
    real: Path
    key: str | None
    damaged: bool
    unreadable: bool = False
    missing: bool = False


# Why a file where the journal should be cannot be opened, when a restore may still put a
# backup in its place (the file itself is kept aside, never deleted).
UNREADABLE = ("journal_emptied", "other_database", "not_a_journal", "wrong_passphrase")


# A file that looks encrypted: a journal whose passphrase is not at hand, or a plain journal
# whose first page was overwritten (random bytes look like encryption). With a plain sound
# backup of it at hand, the second is the likely one.
LOCKED = ("needs_passphrase", "wrong_passphrase")


def _plain_backup(app: App, path: Path) -> Backup | None:
    """The newest sound backup of the journal that opens without a passphrase, when the
    journal itself is plain past its first page (so not encrypted, but damaged at its
    start)."""
    from punchin.cli.backups import newest_sound
    from punchin.store.identify import plain_beyond_start
    from punchin.store.journal import real_path

    try:
        if not plain_beyond_start(real_path(path)):
            return None
        return newest_sound(app, path, None)
    except PunchinError:
        return None


def current_journal(app: App) -> Current:
    """Open the journal to see what a restore replaces; a damaged, emptied or unreadable one
    is not an error here, nor is a journal that is not there any more."""
    from punchin.cli.backups import journal_key
    from punchin.places import journal_path
    from punchin.store.cipher import errors
    from punchin.store.identify import FileKind, identify
    from punchin.store.journal import real_path

    path = journal_path(app.db)
    real = real_path(path)
    kind = identify(real)
    if kind is FileKind.MISSING:
        return Current(path, real, None, False, unreadable=True, missing=True)
    if kind is FileKind.EMPTY:
        return Current(path, real, None, True, unreadable=True)
    try:
        journal = app.journal(create=False)
    except JournalError as exc:
        if exc.key == DAMAGED:
            return Current(path, real_path(path), journal_key(app, path), True)
        if exc.key in UNREADABLE or (exc.key in LOCKED and _plain_backup(app, path)):
            return Current(path, real, None, True, unreadable=True)
        raise
    try:
        damaged = bool(journal.damage())
    except errors():
        damaged = True
    return Current(journal.path, journal.real_path, journal.key, damaged)


def latest_backup(app: App, current: Current) -> Backup:
    """The newest sound backup of the journal, for `restore --latest`."""
    from punchin.cli.backups import folders, newest_sound
    from punchin.errors import NotFoundError

    found = newest_sound(app, current.path, current.key)
    if found is None:
        places = ", ".join(str(folder) for folder in folders(app, current.path))
        raise NotFoundError(
            f"no sound backup of {current.path} was found in {places}; nothing was changed",
            key="no_sound_backup",
            path=current.path,
            folders=places,
        )
    return found


def salvage_journal(app: App) -> None:
    """`punchin check --salvage`: what is readable of the journal, into a new journal
    beside it; the journal itself is only read (from a private copy of it)."""
    from punchin.cli.backups import journal_key
    from punchin.errors import NotFoundError
    from punchin.places import journal_path
    from punchin.store.backups import set_aside_path
    from punchin.store.identify import FileKind, identify
    from punchin.store.journal import DEFAULT_WAIT, real_path
    from punchin.store.lock import JournalLock
    from punchin.store.salvage import salvage

    path = journal_path(app.db)
    real = real_path(path)
    kind = identify(real)
    if kind in (FileKind.MISSING, FileKind.EMPTY):
        raise NotFoundError(
            f"no journal at {path}: run `punchin init` or `punchin week`",
            key="no_journal",
            path=path,
        )
    if kind is FileKind.FOREIGN:
        raise JournalError(
            f"{path} is not a punchin journal (another program's file); it was left unchanged",
            key="other_database",
            path=path,
        )
    key = journal_key(app, path)
    target = set_aside_path(real, app.now().replace(tzinfo=None), "salvaged")
    lock = JournalLock(real)  # no encrypt, decrypt or restore replaces it while it is read
    if not lock.acquire(exclusive=False, wait=DEFAULT_WAIT, on_wait=app.tell_waiting):
        raise JournalError(
            f"the journal {path} is being encrypted, decrypted or restored by another "
            "punchin; nothing was written; try again when it has finished",
            key="journal_converting",
            path=path,
        )
    try:
        saved = salvage(real, key, target)
    finally:
        lock.release()
    ui = app.prompts("ui")
    rows = {table: saved.rows.get(table, 0) for table in _TABLES}
    how = ui.text(f"ui.salvage_how_{saved.method}")
    click.echo(ui.text("ui.salvaged", path=path, target=target, how=how))
    click.echo("  " + ui.text("ui.salvaged_rows", **rows))
    if saved.rows.get("lost_and_found"):
        click.echo("  " + ui.text("ui.salvaged_lost", count=saved.rows["lost_and_found"]))
    if saved.skipped:
        tables = ", ".join(f"{table} {count}" for table, count in sorted(saved.skipped.items()))
        click.echo("  " + ui.text("ui.salvaged_skipped", tables=tables))
    if saved.rebuilt:
        click.echo("  " + ui.text("ui.salvaged_rebuilt", name=saved.rebuilt))
    if saved.lost:
        click.echo("  " + ui.text("ui.salvaged_unreadable", tables=", ".join(sorted(saved.lost))))
    show = f"punchin --db {shlex.quote(str(target))} show"
    restore = command(app, f"restore {shlex.quote(str(target))}")
    click.echo(ui.text("ui.salvaged_next", path=path, show=show, restore=restore))


_TABLES = ("goals", "entries", "answers", "diagnoses", "commitments", "notes")
