"""The vocabulary of the method: horizons, statuses, causes, and the records built from them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Horizon(StrEnum):
    """How far a goal looks ahead; each horizon has its own review."""

    WEEK = "week"
    QUARTER = "quarter"
    YEAR = "year"
    FIVE_YEAR = "five-year"


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


@dataclass(frozen=True)
class Goal:
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

    @property
    def short_id(self) -> str:
        """Seven characters, like git: enough to name a goal on the command line."""
        return self.id[:7]


@dataclass(frozen=True)
class Entry:
    """One review session (a weekly check-in, later quarterly and yearly ones)."""

    id: str
    kind: str
    period: str
    status: EntryStatus
    started_at: str
    finished_at: str | None
    seconds_spent: float
    language: str


@dataclass(frozen=True)
class Commitment:
    """A remedy the user chose for a missed goal, to be checked the following week."""

    id: str
    entry_id: str
    goal_id: str | None
    period: str
    cause: Cause
    remedy: str
    text: str
    kept: str | None = None


@dataclass(frozen=True)
class Diagnosis:
    entry_id: str
    goal_id: str
    cause: Cause
    detail: str | None
    remedy: str | None
