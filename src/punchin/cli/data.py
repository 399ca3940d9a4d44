"""`punchin export/import/backup/restore/check`: own your data, and keep it safe."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from punchin.cli.app import App, file_name, format_option, output_option, pass_app, when_given
from punchin.cli.helptext import LocalizedCommand
from punchin.cli.outputs import check_overwrite, force_option, marked, to_a_file

if TYPE_CHECKING:
    from punchin.store import Journal


@click.command(cls=LocalizedCommand)
@format_option(("json", "md"), "json to import again or into other tools; md to read or print.")
@output_option("Write to FILE (created private; - for stdout).")
@force_option
@click.option(
    "--since",
    metavar="DATE|PERIOD",
    callback=when_given,
    help="Only what starts on or after this.",
)
@click.option(
    "--until",
    metavar="DATE|PERIOD",
    callback=when_given,
    help="Only what starts on or before this.",
)
@pass_app
def export(
    app: App, fmt: str, output: str | None, since: str | None, until: str | None, force: bool
) -> None:
    """Export the whole journal (or a span of it) as JSON or Markdown.

    The JSON keeps every goal, review, answer, diagnosis, commitment and note with its id,
    so `punchin import` reads it back exactly.

    \b
    Examples:
      punchin export -o punchin.json
      punchin export --format md --since 2026-Q1 -o 2026.md
    """
    from punchin.periods import parse_date, parse_period_label, parse_period_word
    from punchin.store import exporting

    if output is not None:
        check_overwrite(app, output, "export", force=force)
    journal = app.journal()
    today = app.today()

    def day(text: str | None, end: bool) -> date | None:
        if text is None:
            return None
        label = parse_period_label(text, journal.start_year) or parse_period_word(text, today)
        if label is not None:
            return label.end if end else label.start
        return parse_date(text, today)

    if fmt == "json" and since is None and until is None:  # the whole journal, streamed
        from punchin.store.portable import COLUMNS

        meta = journal.portable_meta()
        tables = [(table, journal.records(table)) for table in COLUMNS]
        app.write_stream(lambda out: exporting.write_json(meta, tables, out), output or "-")
        return
    data = exporting.select(journal.dump(), day(since, False), day(until, True))
    json_text = fmt == "json"
    document = exporting.to_json(data) + "\n" if json_text else _markdown(app, journal, data)
    if not json_text and output is not None and to_a_file(output):
        document = marked(document, fmt, "export")  # an export's JSON is known by its format
    app.write_out(document, output or "-")


def _markdown(app: App, journal: Journal, data: dict[str, Any]) -> str:
    """Weeks and quarters as their reports; other reviews as questions and answers."""
    from punchin.periods import parse_period_label
    from punchin.reports import data as reports
    from punchin.reports import readback, render
    from punchin.reports.words import Words
    from punchin.store import exporting

    ui = app.prompts("ui")
    kinds = ("week", "quarter", "year", "five-year", "paths")
    words = {
        "goals": ui.text("ui.show_goals"),
        "notes": ui.text("ui.export_notes"),
        **{f"kind_{kind}": ui.text(f"ui.kind_{kind}") for kind in kinds},
    }
    report_words = Words(
        app.prompts("report"), app.prompts("diagnosis"), app.prompts("quarter"), app.prompts("year")
    )
    sets = {kind: app.prompts(kind) for kind in ("year", "five-year", "paths")}
    today, box = app.today(), app.settings.weekly_minutes

    def review(entry: dict[str, Any]) -> str | None:
        if entry["kind"] not in ("week", "quarter"):
            return None
        period = parse_period_label(entry["period"], journal.start_year)
        if period is None:
            return None
        return render.to_markdown(reports.build(journal, period, today, box), report_words)

    titles = {goal["id"]: goal["title"] for goal in data["goals"]}
    diagnosis = app.prompts("diagnosis")

    def read(kind: str, answers: dict[str, str]) -> list[tuple[str, str]]:
        prompts = sets.get(kind) or app.prompts(kind)
        found = readback.answered(answers, prompts, diagnosis, titles.get)
        return [(item.heading, item.text) for item in found]

    return exporting.to_markdown(data, words, review, read)


@click.command("import", cls=LocalizedCommand)
@click.argument("file", callback=file_name("import FILE", expand=False))
@click.option(
    "--from",
    "source",
    type=click.Choice(("punchin", "jrnl")),
    default="punchin",
    show_default=True,
    help="What wrote the file: a punchin export, or `jrnl --format json`.",
)
@pass_app
def import_(app: App, file: str, source: str) -> None:
    """Import a punchin JSON export, or a jrnl JSON export as notes; all or nothing.

    Importing the same file twice changes nothing; records already in the journal are kept.

    \b
    Examples:
      punchin import punchin.json
      jrnl --format json > jrnl.json && punchin import --from jrnl jrnl.json
    """
    from punchin.store import importing

    data = importing.read_json(file)
    now = app.now().isoformat(timespec="seconds")
    data = importing.from_jrnl(data, file, now) if source == "jrnl" else data
    checked = importing.check_export(data, file)
    journal = app.journal()
    with journal.transaction():
        added = journal.merge(checked)
        dangling = journal.dangling()
        if dangling:  # raised inside the transaction: nothing of the file goes in
            raise importing.dangling_error(file, dangling[0])
    ui = app.prompts("ui")
    click.echo(ui.text("ui.imported", path=file, **added))


@click.command(cls=LocalizedCommand)
@click.argument("path", required=False, callback=file_name("backup PATH"))
@force_option
@click.option(
    "--list", "listing", is_flag=True, help="List the backups: date, size, and whether sound."
)
@pass_app
def backup(app: App, path: str | None, force: bool, listing: bool) -> None:
    """Write a consistent copy of the journal, even while it is in use.

    PATH may be a file, a folder (a dated file goes in it), or - for standard output. A
    backup is also made after every finished review (`backups = false` in settings.toml
    turns that off), kept in rotation: the newest 8, one a month for 24 months, one a year.

    \b
    Examples:
      punchin backup                       into the backups folder (backup_dir in settings)
      punchin backup ~/safe/journal.db
      punchin backup - | ssh host 'cat > journal.db'
      punchin backup --list
    """
    from punchin.files import to_standard_stream
    from punchin.store.copies import safety_copy

    if listing:
        from punchin.cli.backups import list_backups

        list_backups(app)
        return
    journal = app.journal()
    stamp = app.now().strftime("%Y%m%d-%H%M%S")
    if path is None:
        target = safety_copy(
            journal.path, app.now(), "", folder=app.settings.backup_folder(journal.path)
        )
    elif to_standard_stream(path):
        target = Path(path)
    else:
        target = Path(path).expanduser()
        if target.is_dir():
            target = target / f"{journal.path.stem}-{stamp}.db"
        check_overwrite(app, target, "backup", force=force, key=journal.key)
    journal.backup_to(target)
    if not to_standard_stream(str(target)):
        click.echo(app.prompts("ui").text("ui.backup_written", path=target))


@click.command(cls=LocalizedCommand)
@click.argument("path", required=False, callback=file_name("restore PATH"))
@click.option("--latest", is_flag=True, help="Put back the newest backup that passes its check.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def restore(app: App, path: str | None, latest: bool, yes: bool) -> None:
    """Replace the journal with a backup, after checking it (the current one is backed up).

    The restored journal keeps the current one's encryption: a plain backup restored onto an
    encrypted journal is encrypted with its passphrase, and the other way round. Other
    punchin processes wait while the journal is replaced. A damaged journal is not copied
    but kept aside whole, beside it, under a dated name.

    \b
    Examples:
      punchin restore ~/safe/journal.db
      punchin restore --latest             the newest sound backup
    """
    from punchin.cli.damage import current_journal, latest_backup
    from punchin.errors import UsageError
    from punchin.store import KNOWN_MIGRATIONS
    from punchin.store.backups import set_aside_path
    from punchin.store.copies import inspect_copy, safety_copy
    from punchin.store.swap import replace_journal

    if (path is None) != latest:
        raise UsageError(
            "give the backup to restore, or --latest for the newest sound one (not both)",
            key="restore_which",
        )
    current = current_journal(app)
    key, real = current.key, current.real
    source = latest_backup(app, current).path if path is None else Path(path).expanduser()
    ui = app.prompts("ui")

    def ask() -> str:
        return app.passphrase(prompt=ui.text("ui.passphrase_backup"))

    source_key = inspect_copy(source, key, KNOWN_MIGRATIONS, ask)
    if current.unreadable:  # nothing to match: the backup goes back in its own encryption
        key = source_key
    if current.missing:
        from punchin.places import ensure_private_dir

        ensure_private_dir(real.parent)
        app.close()
        if not yes and not click.confirm(
            ui.text("ui.restore_confirm_missing", path=source, journal=current.path),
            default=False,
        ):
            raise click.Abort
        replace_journal(real, source, source_key, key, on_wait=app.tell_others, unreadable=True)
        click.echo(ui.text("ui.restored_missing", path=source, journal=current.path))
        return
    if current.damaged:
        kept = set_aside_path(real, app.now().replace(tzinfo=None), "damaged")
        confirm, done = "ui.restore_confirm_damaged", "ui.restored_damaged"
    else:
        kept = safety_copy(current.path, app.now(), "before-restore")
        confirm, done = "ui.restore_confirm", "ui.restored"
    app.close()
    if not yes and not click.confirm(ui.text(confirm, path=source, kept=kept), default=False):
        raise click.Abort
    replace_journal(
        real,
        source,
        source_key,
        key,
        keep_first=None if current.damaged else kept,
        set_aside=kept if current.damaged else None,
        on_wait=app.tell_others,
        unreadable=current.unreadable,
    )
    from shlex import quote

    salvage = f"punchin --db {quote(str(kept))} check --salvage"
    click.echo(ui.text(done, path=source, kept=kept, salvage=salvage))


@click.command(cls=LocalizedCommand)
@click.option(
    "--salvage",
    is_flag=True,
    help="Copy what is still readable of a damaged journal into a new journal beside it.",
)
@pass_app
def check(app: App, salvage: bool) -> None:
    """Check the journal's integrity and say what is wrong, if anything.

    A damaged journal (its pages corrupt) is said in one line, with its newest sound backup
    and the command to restore it. --salvage copies what can still be read into a new
    journal beside it and says how much; the damaged file itself is never changed.

    \b
    Examples:
      punchin check
      punchin check --salvage
    """
    if salvage:
        from punchin.cli.damage import salvage_journal

        salvage_journal(app)
        return
    journal = app.journal(create=False)  # a mistyped --db is said, never made and called sound
    damage = journal.damage()
    if damage:
        from punchin.store.journal import damaged_error

        raise damaged_error(journal.path, " ".join(damage[0].split())[:160])
    problems = journal.problems(pages=False)
    ui = app.prompts("ui")
    if not problems:
        click.echo(ui.text("ui.check_ok", path=journal.path))
        return
    for problem in problems:
        click.echo(problem, err=True)
    raise SystemExit(1)


@click.command(cls=LocalizedCommand)
@click.option(
    "--keyring", "use_keyring", is_flag=True, help="Keep the passphrase in the system keyring."
)
@pass_app
def encrypt(app: App, use_keyring: bool) -> None:
    """Encrypt the journal with a passphrase (SQLCipher, AES-256); search keeps working.

    The passphrase is read from $PUNCHIN_PASSPHRASE or asked for twice; it is never written
    anywhere, except in your system keyring with --keyring (which, on a journal encrypted
    already, only stores its passphrase there, for reminder timers). Other punchin processes
    (the reminder daemon, a check-in in another terminal) wait or carry on after it.

    \b
    Example: punchin encrypt --keyring
    """
    import os

    from punchin.errors import UsageError
    from punchin.store import cipher
    from punchin.store.swap import replace_journal

    cipher.module()  # say at once if SQLCipher is missing
    journal = app.journal()
    path, real = journal.path, journal.real_path
    ui = app.prompts("ui")
    if journal.key is not None:
        if use_keyring:
            _keep_in_keyring(path, journal.key)
            click.echo(ui.text("ui.keyring_saved"))
            return
        raise UsageError(f"{path} is encrypted already", key="already_encrypted", path=path)
    key = os.environ.get("PUNCHIN_PASSPHRASE") or click.prompt(
        ui.text("ui.passphrase_new"),
        hide_input=True,
        confirmation_prompt=ui.text("ui.passphrase_again"),
    )
    app.close()
    replace_journal(real, real, None, key, on_wait=app.tell_others)
    click.echo(ui.text("ui.encrypted", path=path, backups=path.parent / "backups"))
    if use_keyring:
        _keep_in_keyring(path, key)
        click.echo(ui.text("ui.keyring_saved"))


@click.command(cls=LocalizedCommand)
@pass_app
def decrypt(app: App) -> None:
    """Decrypt the journal back into a plain SQLite file.

    \b
    Example: punchin decrypt
    """
    from punchin.errors import UsageError
    from punchin.store.swap import replace_journal

    journal = app.journal()
    path, real, key = journal.path, journal.real_path, journal.key
    if key is None:
        raise UsageError(f"{path} is not encrypted", key="not_encrypted", path=path)
    app.close()
    replace_journal(real, real, key, None, on_wait=app.tell_others)
    click.echo(app.prompts("ui").text("ui.decrypted", path=path))


def _keep_in_keyring(path: Path, key: str) -> None:
    from punchin.cli.app import KEYRING_SERVICE, keyring_account
    from punchin.errors import PunchinError

    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, keyring_account(path), key)
    except Exception as exc:  # no keyring package or no backend: say so, the journal is fine
        raise PunchinError(
            f"the journal is encrypted, but the keyring could not keep the passphrase: {exc}",
            key="keyring_failed",
        ) from None
