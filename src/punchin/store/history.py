"""What the weekly reviews of a span of days hold, read in a handful of indexed queries.

The quarterly review and the reports read a quarter or a year at a time; every query here is
bounded by the span's dates, so their cost follows the span, not the journal's age.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from punchin.models import Cause, Commitment, Diagnosis, Entry, Goal
from punchin.periods import Period
from punchin.store.base import Tables
from punchin.store.goals import _GOAL_COLUMNS, _goal
from punchin.store.reviews import _ENTRY_COLUMNS, _entry


class History(NamedTuple):
    """The raw facts of the weekly check-ins whose week starts within a span."""

    entries: list[Entry]
    goals: list[Goal]  # week goals of those weeks
    diagnoses: list[Diagnosis]  # made in those check-ins
    commitments: list[Commitment]  # made in those check-ins
    accomplished: dict[str, str]  # entry id -> "what got done"


class HistoryTables(Tables):
    def history(self, first: date, last: date, kind: str = "week") -> History:
        """Reviews of `kind` (and their goals) whose period starts between two dates."""
        span = (first.isoformat(), last.isoformat())
        in_span = "e.kind = ? AND e.period_start BETWEEN ? AND ?"
        params = (kind, *span)
        entries = [
            _entry(row)
            for row in self.conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE {in_span} ORDER BY period_start",
                params,
            )
        ]
        goals = [
            _goal(row)
            for row in self.conn.execute(
                f"SELECT {_GOAL_COLUMNS} FROM goals WHERE horizon = ? "
                "AND period_start BETWEEN ? AND ? ORDER BY period_start, seq",
                params,
            )
        ]
        diagnoses = [
            Diagnosis(r[0], r[1], Cause(r[2]), r[3], r[4])
            for r in self.conn.execute(
                "SELECT d.entry_id, d.goal_id, d.cause, d.detail, d.remedy FROM diagnoses d "
                f"JOIN entries e ON e.id = d.entry_id WHERE {in_span} ORDER BY d.seq",
                params,
            )
        ]
        commitments = [
            Commitment(r[0], r[1], r[2], r[3], Cause(r[4]), r[5], r[6], r[7])
            for r in self.conn.execute(
                "SELECT c.id, c.entry_id, c.goal_id, c.period, c.cause, c.remedy, c.text, c.kept "
                f"FROM commitments c JOIN entries e ON e.id = c.entry_id WHERE {in_span} "
                "ORDER BY c.seq",
                params,
            )
        ]
        accomplished = {
            str(entry_id): str(value)
            for entry_id, value in self.conn.execute(
                "SELECT a.entry_id, a.value FROM answers a JOIN entries e ON e.id = a.entry_id "
                f"WHERE a.key = 'accomplished' AND {in_span}",
                params,
            )
        }
        return History(entries, goals, diagnoses, commitments, accomplished)

    def has_content(self, span: Period) -> bool:
        """Whether a quarter (or any span) holds a weekly check-in or a goal of its own.

        A week belongs to the span holding its Thursday (as ISO weeks belong to years)."""
        thursday = timedelta(days=3)
        bounds = ((span.start - thursday).isoformat(), (span.end - thursday).isoformat())
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM entries WHERE kind = 'week' "
            "AND period_start BETWEEN ? AND ?) OR EXISTS (SELECT 1 FROM goals "
            "WHERE horizon = ? AND period = ?)",
            (*bounds, span.horizon.value, span.label),
        ).fetchone()
        return bool(row[0])

    def answers_by_period(self, kind: str, first: date, last: date) -> dict[str, dict[str, str]]:
        """The answers of every review of `kind` whose period starts between two dates."""
        found: dict[str, dict[str, str]] = {}
        for period, key, value in self.conn.execute(
            "SELECT e.period, a.key, a.value FROM answers a JOIN entries e ON e.id = a.entry_id "
            "WHERE e.kind = ? AND e.period_start BETWEEN ? AND ? ORDER BY e.period_start, a.seq",
            (kind, first.isoformat(), last.isoformat()),
        ):
            found.setdefault(str(period), {})[str(key)] = str(value)
        return found

    def periods_reviewed(self, kind: str, first: date, last: date) -> set[str]:
        """The periods with a review of `kind` begun (finished or not), starting between two
        dates."""
        return {
            str(row[0])
            for row in self.conn.execute(
                "SELECT period FROM entries WHERE kind = ? AND period_start BETWEEN ? AND ?",
                (kind, first.isoformat(), last.isoformat()),
            )
        }

    def week_starts(self, first: date, last: date) -> list[date]:
        """The weeks with a finished check-in between two dates, by their Monday."""
        return [
            date.fromisoformat(row[0])
            for row in self.conn.execute(
                "SELECT period_start FROM entries WHERE kind = 'week' AND status = 'done' "
                "AND period_start BETWEEN ? AND ? ORDER BY period_start",
                (first.isoformat(), last.isoformat()),
            )
        ]

    def carried_chain(self, goal_id: str) -> list[Goal]:
        """The goal and the goals it was carried over from, newest first."""
        chain: list[Goal] = []
        current: str | None = goal_id
        while current and len(chain) < 50:
            row = self.conn.execute(
                f"SELECT {_GOAL_COLUMNS} FROM goals WHERE id = ?", (current,)
            ).fetchone()
            if row is None:
                break
            goal = _goal(row)
            chain.append(goal)
            current = goal.carried_from
        return chain
