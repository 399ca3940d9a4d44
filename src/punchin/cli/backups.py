"""Backups a person never has to think about: one after every finished review (kept in
rotation), the list of them with `punchin backup --list`, and the newest sound one, found for
`restore --latest` and named when the journal turns out damaged.

The automatic backup runs after the review's closing line is printed, and nothing about it
can undo or fail the review: whatever goes wrong is one line on stderr, and the exit stays 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from punchin.cli.app import App
    from punchin.store.backups import Backup

# Kept by punchin for itself, or beside the journal: never what `--latest` puts back.
NOT_FOR_LATEST = ("before-restore", "damaged", "salvaged")


def folders(app: App, journal: Path) -> list[Path]:
    """Where backups of the journal at `journal` are looked for: the configured folder, and
    `backups/` beside the journal (where the copies before an upgrade or a restore go)."""
    beside = journal.parent / "backups"
    try:
        configured = app.settings.backup_folder(journal)
    except RuntimeError:  # a ~user that no longer exists
        return [beside]
    return [configured] if configured == beside else [configured, beside]


def after_review(app: App) -> None:
    """The automatic backup after a finished review (unless `backups = false`)."""
    try:
        if not app.settings.backups:
            return
        from punchin.store import KNOWN_MIGRATIONS
        from punchin.store.backups import make_automatic

        journal = app.journal()
        folder = app.settings.backup_folder(journal.path)
        make_automatic(journal, folder, app.now(), KNOWN_MIGRATIONS)
    except KeyboardInterrupt:
        say(app, "ui.backup_auto_stopped", "punchin: the backup was stopped; the review is saved.")
    except Exception as exc:  # a failed backup must never fail the review it follows
        say(app, "ui.backup_auto_failed", f"punchin: no backup was made ({exc})", exc)


def say(app: App, key: str, english: str, exc: BaseException | None = None) -> None:
    """One line on stderr after a review, in the user's language when the texts can be read
    (an automatic backup or sync that could not be made)."""
    from punchin.errors import PunchinError

    line = english
    try:
        reason = str(exc) if exc is not None else ""
        if isinstance(exc, PunchinError) and app.language != "en":
            from punchin import prompts

            reason = prompts.error_text(app.language, exc.key, exc.params, reason)[0]
        line = app.prompts("ui").text(key, reason=reason)
    except Exception:  # the English line still says it
        pass
    click.echo(line, err=True)


def passphrase_at_hand(app: App) -> str | None:
    """The journal's passphrase if this run knows it without asking: typed already, in
    $PUNCHIN_PASSPHRASE or in the keyring."""
    from punchin.errors import PunchinError

    if app.open_journal is not None and app.open_journal.key is not None:
        return app.open_journal.key
    if app.typed_passphrase is not None:
        return app.typed_passphrase
    try:
        return app.passphrase(ask=False)
    except PunchinError:
        return None


def journal_key(app: App, journal: Path) -> str | None:
    """The passphrase of the journal at `journal` when it is encrypted (asked for at a
    terminal if nothing else knows it), None when it is plain."""
    from punchin.store.identify import FileKind, identify
    from punchin.store.journal import real_path

    if identify(real_path(journal)) is not FileKind.ENCRYPTED:
        return None
    return passphrase_at_hand(app) or app.passphrase()


def mine(app: App, journal: Path, key: str | None) -> list[Backup]:
    """The backups of this journal, newest first."""
    from punchin.store.backups import belongs, find, journal_id_of
    from punchin.store.journal import real_path

    ident = journal_id_of(real_path(journal), key)
    return [b for b in find(journal.stem, folders(app, journal)) if belongs(b, ident)]


def newest_sound(
    app: App, journal: Path, key: str | None, *, unchecked: bool = False
) -> Backup | None:
    """The newest backup of the journal that passes its check (with `unchecked`, one that
    cannot be checked without a passphrase not at hand counts too)."""
    from punchin.store import KNOWN_MIGRATIONS
    from punchin.store.backups import Soundness, check

    accepted = {Soundness.SOUND, Soundness.LOCKED} if unchecked else {Soundness.SOUND}
    for backup in mine(app, journal, key):
        if backup.label in NOT_FOR_LATEST:
            continue
        if check(backup.path, key, KNOWN_MIGRATIONS) in accepted:
            return backup
    return None


def list_backups(app: App) -> None:
    """`punchin backup --list`: each backup with its date, size and whether it is sound,
    newest first, printed as it is checked. The journal itself is not opened, so that the
    list is there when the journal is damaged."""
    from punchin.places import journal_path
    from punchin.store import KNOWN_MIGRATIONS
    from punchin.store.backups import check

    journal = journal_path(app.db)
    ui = app.prompts("ui")
    key = journal_key(app, journal)
    found = mine(app, journal, key)
    places = ", ".join(str(folder) for folder in folders(app, journal))
    if not found:
        click.echo(ui.text("ui.backup_list_none", path=journal, folders=places))
        return
    click.echo(ui.text("ui.backup_list_heading", path=journal, count=len(found), folders=places))
    for backup in found:
        state = check(backup.path, key, KNOWN_MIGRATIONS)
        click.echo(
            ui.text(
                "ui.backup_list_line",
                taken=backup.taken.strftime("%Y-%m-%d %H:%M"),
                size=_size(backup.size).rjust(8),
                path=backup.path,
                state=ui.text(f"ui.backup_state_{state.value}"),
            )
        )


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{max(1, round(count / 1024))} KB"
    return f"{count / (1024 * 1024):.1f} MB"
