"""Review sessions and what they hold: entries, answers, diagnoses, commitments."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from punchin.models import Cause, Commitment, Diagnosis, Entry, EntryStatus
from punchin.periods import Period
from punchin.store.base import Tables, new_id


class ReviewTables(Tables):
    # -- entries -----------------------------------------------------------------------------

    def entry(self, kind: str, period: str) -> Entry | None:
        row = self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE kind = ? AND period = ?", (kind, period)
        ).fetchone()
        return None if row is None else _entry(row)

    def status(self, kind: str, period: str) -> EntryStatus | None:
        """How far the review of a period got: None if it was never started."""
        row = self.conn.execute(
            "SELECT status FROM entries WHERE kind = ? AND period = ?", (kind, period)
        ).fetchone()
        return None if row is None else EntryStatus(row[0])

    def start_entry(self, kind: str, period: Period, language: str) -> Entry:
        now = self._now()
        with self.transaction():
            existing = self.entry(kind, period.label)
            if existing is not None:
                return existing
            self.conn.execute(
                "INSERT INTO entries (id, kind, period, period_start, period_end, status, "
                "language, seconds_spent, started_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'in-progress', ?, 0, ?, ?)",
                (
                    new_id(),
                    kind,
                    period.label,
                    period.start.isoformat(),
                    period.end.isoformat(),
                    language,
                    now,
                    now,
                ),
            )
        entry = self.entry(kind, period.label)
        assert entry is not None
        return entry

    def set_entry_time(self, entry_id: str, seconds: float) -> None:
        self.conn.execute(
            "UPDATE entries SET seconds_spent = ?, updated_at = ? WHERE id = ?",
            (round(seconds, 1), self._now(), entry_id),
        )

    def set_entry_status(self, entry_id: str, status: EntryStatus) -> None:
        finished = self._now() if status is EntryStatus.DONE else None
        self.conn.execute(
            "UPDATE entries SET status = ?, finished_at = coalesce(?, finished_at), "
            "updated_at = ? WHERE id = ?",
            (status.value, finished, self._now(), entry_id),
        )

    def entries(
        self,
        *,
        kind: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Newest first; `since` keeps periods ending on or after it, `until` periods
        starting on or before it."""
        clauses: list[str] = []
        params: list[Any] = []
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        if since is not None:
            clauses.append("period_end >= ?")
            params.append(since.isoformat())
        if until is not None:
            clauses.append("period_start <= ?")
            params.append(until.isoformat())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries {where} ORDER BY period_start DESC, kind"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_entry(row) for row in self.conn.execute(sql, params).fetchall()]

    def latest_done(self, kind: str, before: date | None = None) -> Entry | None:
        """The finished review of `kind` with the latest period (starting before `before`,
        if given): one step down the (kind, period_start) index."""
        row = self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE kind = ? AND status = 'done' "
            "AND period_start < ? ORDER BY period_start DESC LIMIT 1",
            (kind, (before or date.max).isoformat()),
        ).fetchone()
        return None if row is None else _entry(row)

    def unfinished(self, kind: str) -> list[str]:
        """Periods whose review was started and not finished, oldest first."""
        rows = self.conn.execute(
            "SELECT period FROM entries WHERE kind = ? AND status = 'in-progress' "
            "ORDER BY period_start",
            (kind,),
        ).fetchall()
        return [str(row[0]) for row in rows]

    # -- answers -----------------------------------------------------------------------------

    def save_answer(self, entry_id: str, key: str, value: str) -> None:
        now = self._now()
        self.conn.execute(
            "INSERT INTO answers (id, entry_id, key, value, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id, key) DO UPDATE SET "
            "value = excluded.value, updated_at = excluded.updated_at "
            "WHERE value IS NOT excluded.value",
            (new_id(), entry_id, key, value, now, now),
        )

    def answers_of_kind(self, kind: str) -> list[tuple[str, str]]:
        """Every written answer in reviews of `kind` as (key, answer), newest period
        first: what a person may take up again with ↑."""
        rows = self.conn.execute(
            "SELECT a.key, a.value FROM entries e JOIN answers a ON a.entry_id = e.id "
            "WHERE e.kind = ? AND a.value != '' ORDER BY e.period_start DESC, a.seq DESC",
            (kind,),
        ).fetchall()
        return [(str(key), str(value)) for key, value in rows]

    def answer_of(self, kind: str, period: str, key: str) -> str | None:
        """One answer of the review of `kind` for `period`, or None: a single look-up, by
        the entry's (kind, period) and the answer's (entry, key), however long the journal."""
        row = self.conn.execute(
            "SELECT a.value FROM entries e JOIN answers a ON a.entry_id = e.id "
            "WHERE e.kind = ? AND e.period = ? AND a.key = ?",
            (kind, period, key),
        ).fetchone()
        return None if row is None else str(row[0])

    def commitment_of(self, kind: str, period: str) -> str | None:
        """The first commitment written at the review of `kind` for `period`, or None."""
        row = self.conn.execute(
            "SELECT c.text FROM entries e JOIN commitments c ON c.entry_id = e.id "
            "WHERE e.kind = ? AND e.period = ? AND trim(c.text) != '' ORDER BY c.seq LIMIT 1",
            (kind, period),
        ).fetchone()
        return None if row is None else str(row[0])

    def answers(self, entry_id: str) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT key, value FROM answers WHERE entry_id = ? ORDER BY seq", (entry_id,)
        ).fetchall()
        return {str(key): str(value) for key, value in rows}

    # -- diagnoses and commitments -----------------------------------------------------------

    def save_diagnosis(
        self, entry_id: str, goal_id: str, cause: Cause, detail: str | None, remedy: str | None
    ) -> None:
        now = self._now()
        self.conn.execute(
            "INSERT INTO diagnoses (id, entry_id, goal_id, cause, detail, remedy, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id, goal_id) DO "
            "UPDATE SET cause = excluded.cause, detail = excluded.detail, "
            "remedy = excluded.remedy, updated_at = excluded.updated_at",
            (new_id(), entry_id, goal_id, cause.value, detail, remedy, now, now),
        )

    def clear_diagnosis(self, entry_id: str, goal_id: str) -> None:
        """An amended answer says the goal was done after all: forget its diagnosis."""
        self.conn.execute(
            "DELETE FROM diagnoses WHERE entry_id = ? AND goal_id = ?", (entry_id, goal_id)
        )
        self.conn.execute(
            "DELETE FROM commitments WHERE entry_id = ? AND goal_id = ?", (entry_id, goal_id)
        )

    def diagnoses(self, entry_id: str) -> list[Diagnosis]:
        rows = self.conn.execute(
            "SELECT entry_id, goal_id, cause, detail, remedy FROM diagnoses WHERE entry_id = ? "
            "ORDER BY seq",
            (entry_id,),
        ).fetchall()
        return [Diagnosis(r[0], r[1], Cause(r[2]), r[3], r[4]) for r in rows]

    def save_commitment(
        self, entry_id: str, goal_id: str, period: str, cause: Cause, remedy: str, text: str
    ) -> None:
        now = self._now()
        self.conn.execute(
            "INSERT INTO commitments (id, entry_id, goal_id, period, cause, remedy, text, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (entry_id, goal_id) DO UPDATE SET period = excluded.period, "
            "cause = excluded.cause, remedy = excluded.remedy, text = excluded.text, "
            "updated_at = excluded.updated_at",
            (new_id(), entry_id, goal_id, period, cause.value, remedy, text, now, now),
        )

    def commitments(
        self, *, period: str | None = None, entry_id: str | None = None
    ) -> list[Commitment]:
        """Commitments due in a week (`period`) or made in a check-in (`entry_id`)."""
        if period is not None:
            where, param = "period = ?", period
        elif entry_id is not None:
            where, param = "entry_id = ?", entry_id
        else:
            raise ValueError("give period or entry_id")
        rows = self.conn.execute(
            "SELECT id, entry_id, goal_id, period, cause, remedy, text, kept FROM commitments "
            f"WHERE {where} ORDER BY seq",
            (param,),
        ).fetchall()
        return [Commitment(r[0], r[1], r[2], r[3], Cause(r[4]), r[5], r[6], r[7]) for r in rows]

    def mark_commitment(self, commitment_id: str, kept: str, reviewed_entry_id: str) -> None:
        self.conn.execute(
            "UPDATE commitments SET kept = ?, reviewed_entry_id = ?, updated_at = ? WHERE id = ?",
            (kept, reviewed_entry_id, self._now(), commitment_id),
        )


_ENTRY_COLUMNS = "id, kind, period, status, started_at, finished_at, seconds_spent, language"


def finite_seconds(value: Any) -> float:
    """Time spent as stored; a damaged value (infinite, negative, not a number) reads as 0."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return 0.0
    return seconds if math.isfinite(seconds) and seconds >= 0 else 0.0


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(
        id=row[0],
        kind=row[1],
        period=row[2],
        status=EntryStatus(row[3]),
        started_at=row[4],
        finished_at=row[5],
        seconds_spent=finite_seconds(row[6]),
        language=row[7],
    )
