"""The vocabulary of the method: horizons, statuses, causes, and the records built from them.

Records are NamedTuples rather than frozen dataclasses: just as immutable and typed, but
about six times cheaper to define, which `punchin due` in a shell start-up file notices.
The modules on its path take `NamedTuple` from here: the same classes as typing's, made
without importing `typing` (which brings `re` and more: a third of that start-up).
"""

from __future__ import annotations

from enum import StrEnum

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple  # noqa: PLC0414 - re-exported, for mypy
else:
    from collections import namedtuple

    class _NamedTupleMeta(type):
        """What typing.NamedTuple does with a class body, as it does it: the annotated names
        become the fields of a `collections.namedtuple` (the values given, their defaults)
        and everything else in the body is set on that class."""

        def __new__(cls, name, bases, namespace):
            if not bases:  # NamedTuple itself
                return super().__new__(cls, name, bases, namespace)
            annotations = namespace.get("__annotations__", {})
            fields = list(annotations)
            defaults = [namespace[field] for field in fields if field in namespace]
            if any(field in namespace for field in fields[: len(fields) - len(defaults)]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            record = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            record.__annotations__ = annotations
            for key, value in namespace.items():
                if key not in ("__module__", "__annotations__") and key not in fields:
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_NamedTupleMeta):
        """typing.NamedTuple without importing typing: `class Period(NamedTuple): ...`."""


class Horizon(StrEnum):
    """How far a goal looks ahead. Four have their own review; a span is a stretch the
    person names (the four years of a degree: 2024-09..2028-06), whose goals the yearly and
    quarterly goals can serve."""

    WEEK = "week"
    QUARTER = "quarter"
    YEAR = "year"
    FIVE_YEAR = "five-year"
    SPAN = "span"


def yearly_verdict(answers: dict[str, str]) -> str | None:
    """A yearly check's verdict: `timing`, `motivation` or `neither`. Older journals stored
    `weak` (not strong enough) and `mismatch` (does not fit reality): both said the
    motivation was not right."""
    verdict = answers.get("verdict") or None
    return "motivation" if verdict in ("weak", "mismatch") else verdict


# Which horizons may serve which: a goal serves one of a higher rank.
HORIZON_RANK = {"week": 0, "quarter": 1, "year": 2, "span": 3, "five-year": 4}


class GoalStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    PARTLY = "partly"
    MISSED = "missed"
    DROPPED = "dropped"


class Cause(StrEnum):
    """Why a goal was missed: the method's essential question."""

    LAZINESS = "laziness"
    ABILITY = "ability"
    MOTIVATION = "motivation"
    OTHER = "other"


class EntryStatus(StrEnum):
    IN_PROGRESS = "in-progress"
    DONE = "done"


class Goal(NamedTuple):
    id: str
    title: str
    horizon: Horizon
    period: str
    status: GoalStatus
    parent_id: str | None = None
    why: str | None = None
    measure: str | None = None
    progress: float | None = None
    created_at: str = ""
    updated_at: str = ""
    carried_from: str | None = None
    private: bool = False  # never in a shared report, nor anything under it

    @property
    def short_id(self) -> str:
        """Seven characters, like git: enough to name a goal on the command line."""
        return self.id[:7]


class Entry(NamedTuple):
    """One review session (a weekly check-in, later quarterly and yearly ones)."""

    id: str
    kind: str
    period: str
    status: EntryStatus
    started_at: str
    finished_at: str | None
    seconds_spent: float
    language: str


class Commitment(NamedTuple):
    """A remedy the user chose for a missed goal, to be checked the following week."""

    id: str
    entry_id: str
    goal_id: str | None
    period: str
    cause: Cause
    remedy: str
    text: str
    kept: str | None = None


class Diagnosis(NamedTuple):
    entry_id: str
    goal_id: str
    cause: Cause
    detail: str | None
    remedy: str | None
