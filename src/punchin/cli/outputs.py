"""A file already at the path a command writes to is replaced only when it is that command's
own kind of output, or when the person says so (`--force`, or yes at a terminal).

Its own kind: for `export -o`, a punchin export (JSON whose "format" is "punchin", or its
Markdown, ending with the export's MARKER); for `report -o`, a report punchin wrote
(Markdown or HTML ending with the report's MARKER, JSON whose "format" is REPORT_FORMAT);
for `backup PATH`, a punchin journal or backup. An empty file, a new path, a pipe or
standard output is written at once.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click

from punchin.errors import UsageError

if TYPE_CHECKING:
    from punchin.cli.app import App

Kind = Literal["export", "report", "backup"]

# The last line of every Markdown or HTML document punchin writes into a file (`kind`: report
# or export): a comment, which no reader shows.
MARKER = "<!-- written by punchin {kind} -->"
REPORT_FORMAT = "punchin-report"  # the first key of a JSON report written into a file
EXPORT_FORMAT = "punchin"  # the first key of every export (store.exporting.FORMAT)
PEEK = 4096  # bytes read at each end of an existing file to tell what it is

force_option = click.option(
    "--force", is_flag=True, help="Replace a file that is there even when punchin did not write it."
)


def marked(document: str, fmt: str, kind: Kind) -> str:
    """The document as written into a file, with the mark that makes it known as punchin's
    the next time (`fmt`: json, md or html; an export's JSON carries its mark already)."""
    if fmt == "json":
        import json  # here: `punchin --help` loads this module, and never needs it

        data = json.loads(document)
        if not isinstance(data, dict) or "format" in data:
            return document
        text = json.dumps({"format": REPORT_FORMAT, **data}, indent=2, ensure_ascii=False)
        return text + "\n" if document.endswith("\n") else text
    return f"{document.rstrip(chr(10))}\n{MARKER.format(kind=kind)}\n"


def to_a_file(output: str | Path) -> bool:
    """Whether `output` names a file (not `-`, standard output or an open descriptor)."""
    text = str(output)
    return text != "-" and not re.match(
        r"^/(?:dev/(?:stdout|stderr|fd/\d+)|proc/self/fd/\d+)$", text
    )


def check_overwrite(
    app: App, output: str | Path, kind: Kind, *, force: bool, key: str | None = None
) -> None:
    """Go on when `output` may be written; else ask at a terminal, or refuse in one line.
    `key`: the passphrase of the journal in use (an encrypted backup is known by it)."""
    from punchin.files import is_protected

    if force or not to_a_file(output) or is_protected(output):
        return  # the journal itself is refused by the writing, in its own words
    path = Path(output)
    try:
        info = os.stat(path)
    except OSError:  # a new path (or one writing will say what is wrong with)
        return
    if not stat.S_ISREG(info.st_mode) or info.st_size == 0 or _ours(path, kind, key):
        return
    if sys.stdin.isatty():
        question = app.prompts("ui").text(f"ui.overwrite_ask_{kind}", path=path)
        if click.confirm(question, default=False, err=True):
            return
        raise click.Abort
    raise _refused(path, kind)


def _ours(path: Path, kind: Kind, key: str | None) -> bool:
    if kind == "backup":
        from punchin.store.ownership import is_journal_copy

        return is_journal_copy(path, key)
    try:
        with path.open("rb") as handle:
            head = handle.read(PEEK)
            handle.seek(max(0, handle.seek(0, os.SEEK_END) - PEEK))
            tail = handle.read()
    except OSError:
        return False
    wanted = EXPORT_FORMAT if kind == "export" else REPORT_FORMAT
    first = re.match(rb'\s*\{\s*"format"\s*:\s*"([^"\\]*)"', head)
    if first is not None and first[1].decode("utf-8", "replace") == wanted:
        return True
    return tail.rstrip().endswith(MARKER.format(kind=kind).encode())


def _refused(path: Path, kind: Kind) -> UsageError:
    ending = "nothing was written; add --force to replace it"
    if kind == "export":
        return UsageError(
            f"{path} is there already and is not a punchin export; {ending}",
            key="overwrite_not_export",
            path=path,
        )
    if kind == "report":
        return UsageError(
            f"{path} is there already and is not a report punchin wrote; {ending}",
            key="overwrite_not_report",
            path=path,
        )
    return UsageError(
        f"{path} is there already and is not a punchin journal or backup; {ending}",
        key="overwrite_not_backup",
        path=path,
    )
