"""The decades in a few counting queries, for the report of a life.

A life report covers every week since the journal began, so it never reads goals or answers
one by one: each query here is bounded by the span's dates and counts in SQLite, and returns
one row per week or per year, whatever the number of goals behind it.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from punchin.store.base import Tables


class WeekFacts(NamedTuple):
    """One week's check-in and goals, counted."""

    status: str | None  # the check-in's status, None when there was none
    done: int
    partly: int
    missed: int
    goals: int  # every week goal but the dropped ones (open ones included)


class LifeTables(Tables):
    def first_week_start(self) -> date | None:
        """The Monday of the earliest week with a check-in or a week goal (a journal can
        hold weeks from before the day it was made: back-filled, or imported)."""
        row = self.conn.execute(
            "SELECT min(s) FROM (SELECT min(period_start) AS s FROM entries WHERE kind = 'week' "
            "UNION ALL SELECT min(period_start) FROM goals WHERE horizon = 'week')"
        ).fetchone()
        try:
            return date.fromisoformat(str(row[0])[:10]) if row and row[0] else None
        except ValueError:
            return None

    def week_facts(self, first: date, last: date, hidden: frozenset[str]) -> dict[str, WeekFacts]:
        """Every week between two dates that has a check-in or a goal, by its label; goals in
        `hidden` (private ones, for a shared report) are not counted."""
        span = (first.isoformat(), last.isoformat())
        unless, params = _unless(hidden)
        counts = {
            str(period): (int(done), int(partly), int(missed), int(goals))
            for period, done, partly, missed, goals in self.conn.execute(
                "SELECT period, sum(status = 'done'), sum(status = 'partly'), "
                "sum(status = 'missed'), count(*) FROM goals WHERE horizon = 'week' "
                f"AND period_start BETWEEN ? AND ? AND status != 'dropped' {unless} "
                "GROUP BY period",
                (*span, *params),
            )
        }
        checkins = {
            str(period): str(status)
            for period, status in self.conn.execute(
                "SELECT period, status FROM entries WHERE kind = 'week' "
                "AND period_start BETWEEN ? AND ?",
                span,
            )
        }
        nothing = (0, 0, 0, 0)
        return {
            label: WeekFacts(checkins.get(label), *counts.get(label, nothing))
            for label in checkins.keys() | counts.keys()
        }

    def goal_counts(
        self, first: date, last: date, hidden: frozenset[str]
    ) -> dict[tuple[str, str], dict[str, int]]:
        """Quarter and year goals by (horizon, year) and status (week goals are counted by
        `week_facts`)."""
        found: dict[tuple[str, str], dict[str, int]] = {}
        unless, params = _unless(hidden)
        for horizon, year, status, count in self.conn.execute(
            "SELECT horizon, substr(period, 1, 4), status, count(*) FROM goals "
            "WHERE horizon IN ('quarter', 'year') AND period_start BETWEEN ? AND ? "
            f"AND status != 'dropped' {unless} GROUP BY 1, 2, 3",
            (first.isoformat(), last.isoformat(), *params),
        ):
            found.setdefault((str(horizon), str(year)), {})[str(status)] = int(count)
        return found

    def cause_counts(self, first: date, last: date) -> dict[str, dict[str, int]]:
        """The diagnosed causes of week goals missed or partly done, by ISO year (the year
        the goal's week names), read from the indexes alone."""
        found: dict[str, dict[str, int]] = {}
        for year, cause, count in self.conn.execute(
            "SELECT substr(g.period, 1, 4), d.cause, count(*) FROM goals g "
            "JOIN diagnoses d ON d.goal_id = g.id WHERE g.horizon = 'week' "
            "AND g.period_start BETWEEN ? AND ? AND g.status IN ('missed', 'partly') "
            "GROUP BY 1, 2",
            (first.isoformat(), last.isoformat()),
        ):
            found.setdefault(str(year), {})[str(cause)] = int(count)
        return found


def _unless(hidden: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """The condition that leaves hidden goals out, and its parameter (none when none are)."""
    if not hidden:
        return "", ()
    import json

    return "AND id NOT IN (SELECT value FROM json_each(?))", (json.dumps(sorted(hidden)),)
