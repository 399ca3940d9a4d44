"""What a record must hold to go into the journal: the checks an import applies to every
value (types, finite numbers, ranges, real periods that agree with their dates, ids, tags),
and the same rules `punchin check` applies to a journal that already holds such a value.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from punchin.errors import UsageError
from punchin.models import Cause, EntryStatus, GoalStatus, Horizon

KINDS = ("week", "quarter", "year", "five-year", "paths")
KEPT = (None, "yes", "partly", "no")
FIRST_YEAR, LAST_YEAR = 1900, 2200
_ID_RE = re.compile(r"^[\x21-\x7e]{1,64}$")  # printable ASCII, no spaces; ours are 32 hex

Check = Callable[[Any], str | None]


def record_problem(table: str, record: Any, anchor: int | None) -> str | None:
    """What is wrong with one record of `table`, or None; `anchor` is the first year of
    the five-year windows the record's periods belong to."""
    if not isinstance(record, dict):
        return "a record must be an object"
    for column, check in CHECKS[table].items():
        value = record.get(column)
        problem = check(value)
        if problem:
            return f"{column} {problem}"
        if isinstance(value, str) and not storable(value):
            return f"{column} holds text that cannot be stored (a lone surrogate)"
    whole = WHOLE_RECORD.get(table)
    return whole(record, anchor) if whole else None


def meta_problem(meta: Any) -> str | None:
    """The journal's identity: its id, when it began, and the year its windows start."""
    if not isinstance(meta, dict):
        return "meta must be an object"
    for key, check in (("journal_id", ID), ("created_at", moment(optional=True))):
        problem = check(meta.get(key))
        if meta.get(key) is not None and problem:
            return f"meta {key} {problem}"
    year = meta.get("start_year")
    if year is not None and year_of(year) is None:
        return f"meta start_year is {year!r:.40}, not a year from {FIRST_YEAR} to {LAST_YEAR}"
    return None


def year_of(value: Any) -> int | None:
    """A year given as a number or as digits, within the years punchin handles."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and FIRST_YEAR <= value <= LAST_YEAR:
        return value
    return None


def storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def tags_of(text: Any) -> list[str]:
    """A note's tags as stored (JSON text of a list); a damaged value reads as no tags."""
    try:
        tags = json.loads(text)
    except (TypeError, ValueError):
        return []
    if not isinstance(tags, list):
        return []
    return [tag for tag in tags if isinstance(tag, str)]


# -- one value ------------------------------------------------------------------------------


def text(optional: bool = False, empty: bool = True) -> Check:
    def check(value: Any) -> str | None:
        if value is None:
            return None if optional else "is missing"
        if not isinstance(value, str):
            return f"must be text, not {value!r:.40}"
        return None if empty or value.strip() else "is empty"

    return check


def ident(optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not _ID_RE.match(value):
            return f"is {value!r:.40}, not an id (up to 64 letters, digits or signs)"
        return None

    return check


def one_of(*allowed: Any) -> Check:
    return lambda value: None if value in allowed else f"is {value!r:.40}, not one of {allowed}"


def day(value: Any) -> str | None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return f"is {value!r:.40}, not a date like 2026-11-23"
    return None


def moment(optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return f"is {value!r:.40}, not a date and time"
        return None

    return check


def number(low: float, high: float | None, optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, not {value!r:.40}"
        if not math.isfinite(value):
            return f"is {value}, not a finite number"
        if value < low or (high is not None and value > high):
            return f"is {value}, outside {low} to {high}"
        return None

    return check


def tags(value: Any) -> str | None:
    problem = text()(value)
    if problem:
        return problem
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, list) or not all(isinstance(tag, str) for tag in parsed):
        return f'is {value!r:.40}, not a list of tags like ["work", "health"]'
    return None


# -- the whole record -----------------------------------------------------------------------


def period_problem(
    record: dict[str, Any], horizon: str | None, anchor: int | None, column: str = "period"
) -> str | None:
    """The period label names a real period (of `horizon`, if given) whose first and last
    days are the record's own (when it has them)."""
    from punchin.periods import parse_period_label

    label = record.get(column)
    try:
        period = parse_period_label(str(label), anchor)
    except UsageError as exc:
        return f"{column} {label!r:.40}: {exc}"
    if period is None:
        return f"{column} is {label!r:.40}, not a period like 2026-W47, 2026-Q4, 2026 or 2026-2030"
    if period.label != label:  # stored as written, "2026-w47 " would never be found again
        return f"{column} is {label!r:.40}; write it as {period.label}"
    if horizon is not None and period.horizon != horizon:
        return f"{column} {label} is a {period.horizon} period, not a {horizon} one"
    if "period_start" in record and (record["period_start"], record["period_end"]) != (
        period.start.isoformat(),
        period.end.isoformat(),
    ):
        return f"period_start and period_end are not the first and last days of {label}"
    return None


def _goal(record: dict[str, Any], anchor: int | None) -> str | None:
    return period_problem(record, str(record["horizon"]), anchor)


def _entry(record: dict[str, Any], anchor: int | None) -> str | None:
    if record["kind"] == "paths":  # an assessment is dated by its day
        problem = day(record["period"])
        return f"period {problem}" if problem else None
    return period_problem(record, str(record["kind"]), anchor)


def _commitment(record: dict[str, Any], anchor: int | None) -> str | None:
    return period_problem(record, None, anchor)


WHOLE_RECORD: dict[str, Callable[[dict[str, Any], int | None], str | None]] = {
    "goals": _goal,
    "entries": _entry,
    "commitments": _commitment,
}

ID = ident()
STAMPS = {"created_at": moment(), "updated_at": moment()}
CHECKS: dict[str, dict[str, Check]] = {
    "goals": {
        "id": ID,
        "title": text(empty=False),
        "horizon": one_of(*(h.value for h in Horizon)),
        "period": text(empty=False),
        "period_start": day,
        "period_end": day,
        "status": one_of(*(s.value for s in GoalStatus)),
        "progress": number(0, 1, optional=True),
        "parent_id": ident(optional=True),
        "why": text(optional=True),
        "measure": text(optional=True),
        "origin": text(optional=True),
        "carried_from": ident(optional=True),
        "private": one_of(None, 0, 1),  # absent in exports made before goals could be private
        **STAMPS,
    },
    "entries": {
        "id": ID,
        "kind": one_of(*KINDS),
        "period": text(empty=False),
        "period_start": day,
        "period_end": day,
        "status": one_of(*(s.value for s in EntryStatus)),
        "language": one_of("en", "zh"),
        "seconds_spent": number(0, None),
        "started_at": moment(),
        "finished_at": moment(optional=True),
        "updated_at": moment(),
    },
    "answers": {
        "id": ID,
        "entry_id": ID,
        "key": text(empty=False),
        "value": text(),
        **STAMPS,
    },
    "diagnoses": {
        "id": ID,
        "entry_id": ID,
        "goal_id": ID,
        "cause": one_of(*(c.value for c in Cause)),
        "detail": text(optional=True),
        "remedy": text(optional=True),
        **STAMPS,
    },
    "commitments": {
        "id": ID,
        "entry_id": ID,
        "goal_id": ident(optional=True),
        "period": text(empty=False),
        "cause": one_of(*(c.value for c in Cause)),
        "remedy": text(empty=False),
        "text": text(),
        "kept": one_of(*KEPT),
        "reviewed_entry_id": ident(optional=True),
        **STAMPS,
    },
    "notes": {
        "id": ID,
        "date": day,
        "time": text(),
        "title": text(),
        "body": text(),
        "tags": tags,
        "starred": one_of(0, 1),
        "source": text(empty=False),
        "created_at": moment(),
    },
}
