"""Reading files into the journal: a punchin export, or a jrnl export turned into notes.

Every record is checked before anything is written, and the first bad one is named with
what is wrong, so an import goes in whole or not at all with one clear line.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from punchin.errors import PunchinError
from punchin.store import values as record_checks
from punchin.store.portable import COLUMNS, DEFAULTS, Dangling
from punchin.store.values import meta_problem, record_problem, year_of

FORMAT = "punchin"
VERSION = 1


class ImportFileError(PunchinError):
    """A file to import is unreadable, or one of its records is wrong."""


def read_json(path: str) -> Any:
    """The JSON document in the file `path`, read whole but never beyond the import limit
    (a device or a runaway file is refused before it is read)."""
    from punchin.files import IMPORT_LIMIT, read_limited

    try:
        text = read_limited(path, IMPORT_LIMIT).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"cannot read {path}: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            key="import_not_json",
            path=path,
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:  # [[[[… a hundred thousand deep: more than Python reads
        raise ImportFileError(
            f"{path} is nested too deeply to be an export", key="import_too_deep", path=path
        ) from None


def check_export(data: Any, source: str) -> dict[str, Any]:
    """A punchin export, every record checked; raises naming the first bad record."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(f"{source} is not a punchin export", key="not_export", path=source)
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ImportFileError(f"{source}: the export has no valid version")
    if version > VERSION:
        raise ImportFileError(
            f"{source} was written by a newer punchin (export version {version}); upgrade "
            "punchin to import it",
            key="newer_export",
            path=source,
        )
    meta = data.get("meta", {})
    problem = meta_problem(meta)
    if problem:
        raise ImportFileError(f"{source}: {problem}", key="bad_meta", path=source, problem=problem)
    anchor = year_of(meta.get("start_year"))
    for table in COLUMNS:
        records = data.get(table, [])
        if not isinstance(records, list):
            raise ImportFileError(f"{source}: {table} must be a list")
        seen: dict[str, tuple[int, dict[str, Any]]] = {}
        for number, record in enumerate(records):
            problem = record_problem(table, record, anchor) or _twice(seen, number, record, table)
            if problem:
                ident = record.get("id", "?") if isinstance(record, dict) else "?"
                raise ImportFileError(
                    f"{source}: {table}[{number}] (id {str(ident)[:12]}): {problem}",
                    key="bad_record",
                    path=source,
                    table=table,
                    number=number,
                    problem=problem,
                )
    return data


def _twice(
    seen: dict[str, tuple[int, dict[str, Any]]], number: int, record: dict[str, Any], table: str
) -> str | None:
    """A record whose id came earlier in the same table with other content: only one of
    the two could go in, and which one would be chance. The same record twice is harmless."""
    first, earlier = seen.setdefault(str(record["id"]), (number, record))
    if earlier is record:
        return None
    for column in COLUMNS[table]:
        default = DEFAULTS.get(column)
        if earlier.get(column, default) != record.get(column, default):
            return (
                f"the same id as {table}[{first}], with other content ({column}); keep one "
                "of the two"
            )
    return None


def dangling_error(source: str, found: Dangling) -> ImportFileError:
    """The record of the file that names an id nothing has, said as such."""
    return ImportFileError(
        f"{source}: {found.table} {found.ident[:12]} has {found.column} {found.missing[:12]}, "
        f"which is neither in the file nor in the journal (among its {found.parent}); "
        "nothing was imported",
        key="import_dangling",
        path=source,
        table=found.table,
        id=found.ident[:12],
        column=found.column,
        missing=found.missing[:12],
        parent=found.parent,
    )


def from_jrnl(data: Any, source: str, now: str) -> dict[str, Any]:
    """A jrnl JSON export (`jrnl --format json`) as punchin notes. Each note's id comes from
    its content, so importing the same export twice adds nothing."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportFileError(
            f'{source} is not a jrnl JSON export (no "entries" list)', key="not_jrnl", path=source
        )
    notes = []
    written: set[str] = set()
    for number, entry in enumerate(data["entries"]):
        if not isinstance(entry, dict):
            raise ImportFileError(f"{source}: entries[{number}] must be an object")
        day = entry.get("date")
        if record_checks.day(day):
            raise ImportFileError(
                f"{source}: entries[{number}]: date {day!r:.40} is missing or not a date",
                key="jrnl_bad_entry",
                path=source,
                number=number,
            )
        fields = {name: entry.get(name) or "" for name in ("time", "title", "body")}
        for name, value in fields.items():
            if not isinstance(value, str) or not record_checks.storable(value):
                raise ImportFileError(f"{source}: entries[{number}]: {name} must be text")
        tags = entry.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ImportFileError(f"{source}: entries[{number}]: tags must be a list of text")
        digest = hashlib.sha256(
            json.dumps([day, fields["time"], fields["title"], fields["body"]]).encode()
        ).hexdigest()[:32]
        if digest in written:  # the same entry twice (tags aside): it goes in once, as before
            continue
        written.add(digest)
        notes.append(
            {
                "id": digest,
                "date": day,
                "time": fields["time"],
                "title": fields["title"],
                "body": fields["body"],
                "tags": json.dumps(tags, ensure_ascii=False),
                "starred": 1 if entry.get("starred") else 0,
                "source": "jrnl",
                "created_at": now,
            }
        )
    return {"format": FORMAT, "version": VERSION, "notes": notes}
