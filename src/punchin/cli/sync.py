"""`punchin sync`: one journal on every machine, through a folder the person already syncs.

punchin writes and reads change files in that folder (Syncthing, Dropbox, iCloud Drive, a git
repository they push and pull...) and merges them; it never talks to a network itself. The
journal file never goes into the folder. After every finished review, and before a review
starts, the journal syncs by itself when `sync_dir` is set; that never fails the review.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from punchin.cli.app import App, pass_app, when_given
from punchin.cli.helptext import LocalizedCommand
from punchin.errors import UsageError

if TYPE_CHECKING:
    from punchin.store import Journal

KEYRING_SERVICE = "punchin-sync"
ENVIRONMENT = "PUNCHIN_SYNC_PASSPHRASE"


@click.command(cls=LocalizedCommand)
@click.option(
    "--dir",
    "folder",
    metavar="PATH",
    callback=when_given,
    help="The folder to sync through (remembered as sync_dir in settings.toml).",
)
@click.option(
    "--plain",
    is_flag=True,
    help="Write the change files unencrypted (only for a folder no one else can read).",
)
@click.option("--status", is_flag=True, help="The machines known, their last sync, what waits.")
@click.option(
    "--keyring", "use_keyring", is_flag=True, help="Keep the sync passphrase in the keyring."
)
@pass_app
def sync(app: App, folder: str | None, plain: bool, status: bool, use_keyring: bool) -> None:
    """Sync the journal with your other machines, through a folder you already sync.

    The first time on each machine, name the folder with --dir (it is remembered); then
    `punchin sync` alone, or nothing at all: a review syncs before it starts and after it
    ends. What goes into the folder is change files, encrypted with a sync passphrase
    ($PUNCHIN_SYNC_PASSPHRASE, the keyring, or asked for), never the journal itself. Every
    machine ends with the same journal: each goal, answer, diagnosis, commitment and note
    keeps its newest version, and the same week checked in on two machines becomes one
    check-in, answer by answer.

    \b
    Examples:
      punchin sync --dir ~/Sync/punchin      the first time on each machine
      punchin sync                           send and receive now
      punchin sync --status                  the machines, and what is waiting
    """
    settings = app.settings
    if folder is not None:
        chosen = _chosen_folder(app, folder)
        _refuse_folder_holding(app.journal(), chosen)  # before it is remembered
        if chosen != settings.sync_dir or plain != settings.sync_plain:
            from punchin.config import save_settings

            settings = settings._replace(sync_dir=chosen, sync_plain=plain)
            save_settings(settings)
            app.remember_settings(settings)
    elif not settings.sync_dir:
        raise UsageError(
            "no sync folder yet: name one with `punchin sync --dir PATH`", key="sync_no_dir"
        )
    elif plain and not settings.sync_plain:
        raise UsageError(
            "--plain is chosen with the folder: `punchin sync --dir PATH --plain`",
            key="sync_plain_with_dir",
        )
    journal = app.journal()
    _refuse_folder_holding(journal, settings.sync_dir)
    opened = _open_folder(app, journal, settings.sync_dir, settings.sync_plain, use_keyring)
    ui = app.prompts("ui")
    if status:
        for line in _status_lines(app, journal, opened):
            click.echo(line)
        return
    outcome = _run(app, journal, opened)
    for line in _outcome_lines(ui, outcome, settings.sync_dir):
        click.echo(line)
    for refusal in outcome.refused:
        click.echo(refusal_line(app, refusal), err=True)


def around_review(app: App) -> None:
    """Sync before a review starts and after it ends, when `sync_dir` is set: one line when
    something moved, one line when it could not; never an error, never a question."""
    settings = app.settings
    if not settings.sync_dir:
        return
    from punchin.cli.backups import say

    try:
        ui = app.prompts("ui")
        journal = app.journal()
        _refuse_folder_holding(journal, settings.sync_dir)
        passphrase = None if settings.sync_plain else _passphrase_at_hand(settings.sync_dir)
        if not settings.sync_plain and passphrase is None:
            click.echo(ui.text("sync.auto_no_passphrase", variable=ENVIRONMENT), err=True)
            return
        from punchin.sync.folder import Folder

        opened, identity = Folder.open(
            settings.sync_dir, passphrase, settings.sync_plain, journal.sync_identity()
        )
        journal.sync_adopt_identity(identity)
        outcome = _run(app, journal, opened)
        if outcome.sent or outcome.received:
            for line in _outcome_lines(ui, outcome, settings.sync_dir):
                click.echo(line, err=True)
        for refusal in outcome.refused:
            click.echo(refusal_line(app, refusal), err=True)
    except KeyboardInterrupt:
        say(app, "sync.auto_stopped", "punchin: the sync was stopped; the review is saved.")
    except Exception as exc:  # a sync that fails must never fail the review around it
        say(app, "sync.auto_failed", f"punchin: not synced ({exc})", exc)


# -- the folder and its passphrase -------------------------------------------------------------


def _chosen_folder(app: App, given: str) -> str:
    """The folder as an absolute path (the setting must mean the same from any folder)."""
    path = Path(given).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    return os.path.normpath(str(path))


def _refuse_folder_holding(journal: Journal, folder: str) -> None:
    """The journal must never be inside the folder a file syncer copies: it could be copied
    in the middle of a write."""
    from punchin.places import real_absolute

    home = real_absolute(folder)
    where = real_absolute(journal.path)
    if where == home or home in where.parents:
        raise UsageError(
            f"the sync folder {folder} holds the journal {journal.path}: a file syncer could "
            "copy it in the middle of a write; choose a folder outside the journal's",
            key="sync_holds_journal",
            folder=folder,
            journal=str(journal.path),
        )


def _open_folder(app: App, journal: Journal, folder: str, plain: bool, keep: bool) -> Any:
    from punchin.sync.folder import Folder

    passphrase = None
    if not plain:
        passphrase = _passphrase_at_hand(folder) or _ask_passphrase(app, folder)
    opened, identity = Folder.open(folder, passphrase, plain, journal.sync_identity())
    journal.sync_adopt_identity(identity)
    if keep and passphrase is not None:
        _keep_in_keyring(folder, passphrase)
    return opened


def _passphrase_at_hand(folder: str) -> str | None:
    """$PUNCHIN_SYNC_PASSPHRASE, else the keyring's, kept under the folder's real path."""
    found = os.environ.get(ENVIRONMENT)
    if found:
        return found
    try:
        import keyring
    except ImportError:
        return None
    try:
        kept = keyring.get_password(KEYRING_SERVICE, _account(folder))
    except Exception:  # no usable keyring backend: as if nothing were kept
        return None
    return str(kept) if kept else None


def _ask_passphrase(app: App, folder: str) -> str:
    import sys

    from punchin.sync.folder import is_new_folder

    if not sys.stdin.isatty():
        raise UsageError(
            f"the sync folder is encrypted: set {ENVIRONMENT}, keep the passphrase in the "
            "keyring (`punchin sync --keyring`), or run punchin sync in a terminal",
            key="sync_needs_passphrase",
            variable=ENVIRONMENT,
        )
    ui = app.prompts("ui")
    new = is_new_folder(folder)
    entered: str = click.prompt(
        ui.text("sync.passphrase_new" if new else "sync.passphrase_ask"),
        hide_input=True,
        confirmation_prompt=ui.text("sync.passphrase_again") if new else False,
    )
    return entered


def _account(folder: str) -> str:
    from punchin.places import real_absolute

    return str(real_absolute(folder))


def _keep_in_keyring(folder: str, passphrase: str) -> None:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _account(folder), passphrase)
    except Exception as exc:
        raise UsageError(
            f"the keyring could not keep the passphrase ({exc})", key="sync_keyring_failed"
        ) from None


# -- a sync and what it says -------------------------------------------------------------------


def _run(app: App, journal: Journal, opened: Any) -> Any:
    import socket

    from punchin.sync.engine import run

    return run(journal, opened, app.now(), socket.gethostname())


def _outcome_lines(ui: Any, outcome: Any, folder: str) -> list[str]:
    return [
        ui.text(
            "sync.done",
            folder=folder,
            sent=outcome.sent,
            received=outcome.received,
            machines=outcome.machines,
        )
    ]


def _status_lines(app: App, journal: Journal, opened: Any) -> list[str]:
    """The machines the folder knows, each one's last sync, and what is waiting."""
    ui = app.prompts("ui")
    me = journal.sync_machine()
    found = opened.status(journal.sync_seen(), me)
    lines = [ui.text("sync.status_heading", folder=app.settings.sync_dir)]
    for machine in found.machines:
        lines.append(
            ui.text(
                "sync.status_machine_me" if machine.machine == me else "sync.status_machine",
                name=machine.name or "?",
                machine=machine.machine[:7],
                at=machine.at or "—",
                waiting=machine.waiting,
            )
        )
    lines.append(ui.text("sync.status_unsent", count=journal.sync_pending_count()))
    return lines


def refusal_line(app: App, refusal: Any) -> str:
    """A file refused, in the person's language (the reason by its key when it has one)."""
    reason = refusal.reason
    if refusal.key and app.language != "en":
        from punchin import prompts

        reason = prompts.error_text(app.language, refusal.key, {}, reason)[0]
    return str(app.prompts("ui").text("sync.refused", path=refusal.path, reason=reason))
