"""`punchin note`: a quick note between reviews, the way jrnl users write."""

from __future__ import annotations

import re

import click

from punchin.cli.app import App, echo_json, json_option, limit_option, pass_app
from punchin.cli.helptext import LocalizedGroup

_TAG = re.compile(r"(?<!\w)[@#]\w+")


@click.group(cls=LocalizedGroup)
def note() -> None:
    """Quick notes between reviews, found by `punchin search` and kept in exports.

    \b
    Example: punchin note add "Library with @partner. Wrote 2,000 words."
    """


@note.command("add")
@click.argument("text", nargs=-1, required=True)
@click.option("--star", is_flag=True, help="Mark the note as important.")
@pass_app
def note_add(app: App, text: tuple[str, ...], star: bool) -> None:
    """Write a note: its first sentence is the title; @tags and #tags are picked up.

    \b
    Example: punchin note add "Talked to my advisor. She wants chapter 3 by May. #thesis"
    """
    from punchin.errors import UsageError

    words = " ".join(text).strip()
    if not words:
        raise UsageError("a note needs some text", key="note_empty")
    title, body = _split(words)
    tags = list(dict.fromkeys(_TAG.findall(words)))
    added = app.journal().add_note(title, body, tags, star)
    click.echo(app.prompts("ui").text("ui.note_added", date=added.date, time=added.time))


@note.command("list")
@limit_option(10)
@json_option
@pass_app
def note_list(app: App, limit: int, as_json: bool) -> None:
    """The newest notes, newest first.

    \b
    Example: punchin note list -n 5
    """
    notes = app.journal().notes(limit)
    if as_json:
        echo_json([n._asdict() for n in notes])
        return
    for found in notes:
        star = " ★" if found.starred else ""
        click.echo(f"{found.date} {found.time} {found.title}{star}")
        if found.body:
            click.echo(f"    {' '.join(found.body.split())}")


def _split(text: str) -> tuple[str, str]:
    """Title and body like jrnl: the first sentence (or line) is the title."""
    match = re.search(r"(?<=[。！？])|(?<=[.!?])\s+|\n", text)
    if match is None or not text[match.end() :].strip():
        return text, ""
    return text[: match.start()].strip(), text[match.end() :].strip()
