"""Reading files into the journal: a punchin export, or a jrnl export turned into notes.

Every record is checked before anything is written, and the first bad one is named with
what is wrong, so an import goes in whole or not at all with one clear line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from punchin.errors import PunchinError
from punchin.models import Cause, EntryStatus, GoalStatus, Horizon
from punchin.store.portable import COLUMNS

FORMAT = "punchin"
VERSION = 1
KINDS = ("week", "quarter", "year", "five-year", "paths")
KEPT = (None, "yes", "partly", "no")


class ImportFileError(PunchinError):
    """A file to import is unreadable, or one of its records is wrong."""


def read_json(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist", key="import_missing", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
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
    for table in COLUMNS:
        records = data.get(table, [])
        if not isinstance(records, list):
            raise ImportFileError(f"{source}: {table} must be a list")
        for number, record in enumerate(records):
            problem = _problem(table, record)
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


def _problem(table: str, record: Any) -> str | None:
    if not isinstance(record, dict):
        return "a record must be an object"
    for column, check in _CHECKS[table].items():
        value = record.get(column)
        problem = check(value)
        if problem:
            return f"{column} {problem}"
        if isinstance(value, str) and not _storable(value):
            return f"{column} holds text that cannot be stored (a lone surrogate)"
    return None


def _storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


Check = Callable[[Any], str | None]


def _text(optional: bool = False, empty: bool = True) -> Check:
    def check(value: Any) -> str | None:
        if value is None:
            return None if optional else "is missing"
        if not isinstance(value, str):
            return f"must be text, not {value!r:.40}"
        return None if empty or value.strip() else "is empty"

    return check


def _one_of(*allowed: Any) -> Check:
    return lambda value: None if value in allowed else f"is {value!r:.40}, not one of {allowed}"


def _day(value: Any) -> str | None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return f"is {value!r:.40}, not a date like 2026-11-23"
    return None


def _moment(optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return f"is {value!r:.40}, not a date and time"
        return None

    return check


def _number(low: float, high: float | None, optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, not {value!r:.40}"
        if value < low or (high is not None and value > high):
            return f"is {value}, outside {low} to {high}"
        return None

    return check


_ID = _text(empty=False)
_STAMPS = {"created_at": _moment(), "updated_at": _moment()}
_CHECKS: dict[str, dict[str, Check]] = {
    "goals": {
        "id": _ID,
        "title": _text(empty=False),
        "horizon": _one_of(*(h.value for h in Horizon)),
        "period": _text(empty=False),
        "period_start": _day,
        "period_end": _day,
        "status": _one_of(*(s.value for s in GoalStatus)),
        "progress": _number(0, 1, optional=True),
        "parent_id": _text(optional=True),
        "why": _text(optional=True),
        "measure": _text(optional=True),
        "origin": _text(optional=True),
        "carried_from": _text(optional=True),
        **_STAMPS,
    },
    "entries": {
        "id": _ID,
        "kind": _one_of(*KINDS),
        "period": _text(empty=False),
        "period_start": _day,
        "period_end": _day,
        "status": _one_of(*(s.value for s in EntryStatus)),
        "language": _text(empty=False),
        "seconds_spent": _number(0, None),
        "started_at": _moment(),
        "finished_at": _moment(optional=True),
        "updated_at": _moment(),
    },
    "answers": {
        "id": _ID,
        "entry_id": _ID,
        "key": _text(empty=False),
        "value": _text(),
        **_STAMPS,
    },
    "diagnoses": {
        "id": _ID,
        "entry_id": _ID,
        "goal_id": _ID,
        "cause": _one_of(*(c.value for c in Cause)),
        "detail": _text(optional=True),
        "remedy": _text(optional=True),
        **_STAMPS,
    },
    "commitments": {
        "id": _ID,
        "entry_id": _ID,
        "goal_id": _text(optional=True),
        "period": _text(empty=False),
        "cause": _one_of(*(c.value for c in Cause)),
        "remedy": _text(empty=False),
        "text": _text(),
        "kept": _one_of(*KEPT),
        "reviewed_entry_id": _text(optional=True),
        **_STAMPS,
    },
    "notes": {
        "id": _ID,
        "date": _day,
        "time": _text(),
        "title": _text(),
        "body": _text(),
        "tags": _text(),
        "starred": _one_of(0, 1),
        "source": _text(empty=False),
        "created_at": _moment(),
    },
}


def from_jrnl(data: Any, source: str, now: str) -> dict[str, Any]:
    """A jrnl JSON export (`jrnl --format json`) as punchin notes. Each note's id comes from
    its content, so importing the same export twice adds nothing."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportFileError(
            f'{source} is not a jrnl JSON export (no "entries" list)', key="not_jrnl", path=source
        )
    notes = []
    for number, entry in enumerate(data["entries"]):
        if not isinstance(entry, dict):
            raise ImportFileError(f"{source}: entries[{number}] must be an object")
        day = entry.get("date")
        if _day(day):
            raise ImportFileError(
                f"{source}: entries[{number}]: date {day!r:.40} is missing or not a date",
                key="jrnl_bad_entry",
                path=source,
                number=number,
            )
        fields = {name: entry.get(name) or "" for name in ("time", "title", "body")}
        for name, value in fields.items():
            if not isinstance(value, str) or not _storable(value):
                raise ImportFileError(f"{source}: entries[{number}]: {name} must be text")
        tags = entry.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ImportFileError(f"{source}: entries[{number}]: tags must be a list of text")
        digest = hashlib.sha256(
            json.dumps([day, fields["time"], fields["title"], fields["body"]]).encode()
        ).hexdigest()[:32]
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
