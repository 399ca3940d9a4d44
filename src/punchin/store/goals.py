"""Goals on four horizons: add, find by id prefix, list, update."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from punchin.errors import NotFoundError, UsageError
from punchin.models import Goal, GoalStatus, Horizon
from punchin.periods import Period
from punchin.store.base import Tables, new_id


class GoalTables(Tables):
    def add_goal(
        self,
        title: str,
        period: Period,
        *,
        parent_id: str | None = None,
        why: str | None = None,
        measure: str | None = None,
        origin: str | None = None,
        carried_from: str | None = None,
    ) -> Goal:
        """Add a goal; with `origin` (the answer that created it) a second call updates it."""
        title = _clean_title(title)
        now = self._now()
        with self.transaction():
            if parent_id is not None:
                self.goal(parent_id)
            existing = None
            if origin is not None:
                existing = self.conn.execute(
                    "SELECT id FROM goals WHERE origin = ?", (origin,)
                ).fetchone()
            if existing:  # the answer was amended: only its title can have changed
                goal_id = str(existing[0])
                self.conn.execute(
                    "UPDATE goals SET title = ?, updated_at = ? WHERE id = ?",
                    (title, now, goal_id),
                )
            else:
                goal_id = new_id()
                self.conn.execute(
                    "INSERT INTO goals (id, title, horizon, period, period_start, period_end, "
                    "status, parent_id, why, measure, origin, carried_from, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)",
                    (
                        goal_id,
                        title,
                        period.horizon.value,
                        period.label,
                        period.start.isoformat(),
                        period.end.isoformat(),
                        parent_id,
                        why,
                        measure,
                        origin,
                        carried_from,
                        now,
                        now,
                    ),
                )
        return self.goal(goal_id)

    def goal(self, ref: str) -> Goal:
        """A goal by its id or a unique prefix of it (at least 4 characters), like git."""
        ref = ref.strip().lower()
        if len(ref) < 4 or any(c not in "0123456789abcdef" for c in ref):
            raise NotFoundError(
                f"no goal {ref!r}: give the id shown by `punchin goal list`", key="no_goal", ref=ref
            )
        rows = self.conn.execute(
            f"SELECT {_GOAL_COLUMNS} FROM goals WHERE id >= ? AND id < ? LIMIT 2",
            (ref, ref + "g"),
        ).fetchall()
        if not rows:
            raise NotFoundError(
                f"no goal {ref!r}: see `punchin goal list --all`", key="no_goal", ref=ref
            )
        if len(rows) > 1:
            raise NotFoundError(
                f"goal id {ref!r} is ambiguous: give more characters", key="ambiguous_goal", ref=ref
            )
        return _goal(rows[0])

    def goal_id_by_origin(self, origin: str) -> str | None:
        row = self.conn.execute("SELECT id FROM goals WHERE origin = ?", (origin,)).fetchone()
        return None if row is None else str(row[0])

    def goal_or_none(self, goal_id: str | None) -> Goal | None:
        if not goal_id:
            return None
        row = self.conn.execute(
            f"SELECT {_GOAL_COLUMNS} FROM goals WHERE id = ?", (goal_id,)
        ).fetchone()
        return None if row is None else _goal(row)

    def goals_between(self, horizon: Horizon, first: date, last: date) -> list[Goal]:
        """Goals of a horizon whose period starts between two dates."""
        rows = self.conn.execute(
            f"SELECT {_GOAL_COLUMNS} FROM goals WHERE horizon = ? "
            "AND period_start BETWEEN ? AND ? ORDER BY period_start, seq",
            (horizon.value, first.isoformat(), last.isoformat()),
        ).fetchall()
        return [_goal(row) for row in rows]

    def private_goal_ids(self) -> set[str]:
        """The goals marked private and every goal under them (serving one, or carried over
        from one), however deep: what a shared report must never show."""
        rows = self.conn.execute(
            "WITH RECURSIVE hidden(id) AS ("
            " SELECT id FROM goals WHERE private = 1"
            " UNION SELECT g.id FROM goals g JOIN hidden h"
            " ON g.parent_id = h.id OR g.carried_from = h.id"
            ") SELECT id FROM hidden"
        ).fetchall()
        return {str(row[0]) for row in rows}

    def children(self, goal_id: str) -> list[Goal]:
        """The goals that name this one as their parent, oldest first."""
        rows = self.conn.execute(
            f"SELECT {_GOAL_COLUMNS} FROM goals WHERE parent_id = ? ORDER BY period_start, seq",
            (goal_id,),
        ).fetchall()
        return [_goal(row) for row in rows]

    def goals(
        self,
        *,
        horizon: Horizon | None = None,
        periods: Sequence[str] | None = None,
        statuses: Sequence[GoalStatus] | None = None,
    ) -> list[Goal]:
        clauses: list[str] = []
        params: list[Any] = []
        if horizon is not None:
            clauses.append("horizon = ?")
            params.append(horizon.value)
        if periods is not None:
            clauses.append(f"period IN ({', '.join('?' * len(periods))})")
            params.extend(periods)
        if statuses is not None:
            clauses.append(f"status IN ({', '.join('?' * len(statuses))})")
            params.extend(s.value for s in statuses)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(
            f"SELECT {_GOAL_COLUMNS} FROM goals {where} "
            "ORDER BY period_start, CASE horizon WHEN 'five-year' THEN 0 WHEN 'span' THEN 1 "
            "WHEN 'year' THEN 2 WHEN 'quarter' THEN 3 ELSE 4 END, seq",
            params,
        ).fetchall()
        return [_goal(row) for row in rows]

    def period_goals(self, period: Period) -> list[Goal]:
        """A period's own goals (of its horizon), in the order they were set; dropped ones
        are left out: they are neither reviewed nor counted."""
        return [
            goal
            for goal in self.goals(horizon=period.horizon, periods=[period.label])
            if goal.status is not GoalStatus.DROPPED
        ]

    def spans_overlapping(self, first: date, last: date) -> list[str]:
        """The labels of the spans (stretches the person named, like a degree) that share
        at least one day with the days from `first` to `last`."""
        rows = self.conn.execute(
            "SELECT DISTINCT period FROM goals WHERE horizon = 'span' "
            "AND period_start <= ? AND period_end >= ? ORDER BY period_start",
            (last.isoformat(), first.isoformat()),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def update_goal(self, goal_id: str, **fields: Any) -> Goal:
        """Change some of a goal's fields; `period` is given as a Period."""
        allowed = {
            "title",
            "status",
            "progress",
            "parent_id",
            "why",
            "measure",
            "period",
            "private",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        values: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "title":
                values["title"] = _clean_title(value)
            elif name == "status":
                values["status"] = GoalStatus(value).value
            elif name == "period":
                period: Period = value
                values.update(
                    period=period.label,
                    period_start=period.start.isoformat(),
                    period_end=period.end.isoformat(),
                    horizon=period.horizon.value,
                )
            elif name == "private":
                values["private"] = int(bool(value))
            else:
                values[name] = value
        progress = values.get("progress")
        if progress is not None and not 0 <= float(progress) <= 1:
            raise UsageError("progress must be between 0 and 100%", key="progress_range")
        values["updated_at"] = self._now()
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self.transaction():
            if values.get("parent_id"):
                self._check_parent(goal_id, values["parent_id"])
            cursor = self.conn.execute(
                f"UPDATE goals SET {assignments} WHERE id = ?", [*values.values(), goal_id]
            )
            if cursor.rowcount != 1:
                raise NotFoundError(f"no goal {goal_id!r}")
        goal = self.goal_or_none(goal_id)
        assert goal is not None
        return goal

    def _check_parent(self, goal_id: str, parent_id: str) -> None:
        seen = {goal_id}
        current: str | None = parent_id
        while current:
            if current in seen:
                raise UsageError(
                    "a goal cannot serve itself, directly or through its parents",
                    key="parent_cycle",
                )
            seen.add(current)
            row = self.conn.execute(
                "SELECT parent_id FROM goals WHERE id = ?", (current,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no goal {current!r}")
            current = row[0]


_GOAL_COLUMNS = (
    "id, title, horizon, period, status, parent_id, why, measure, progress, created_at, "
    "updated_at, carried_from, private"
)


def _goal(row: Sequence[Any]) -> Goal:
    return Goal(
        id=row[0],
        title=row[1],
        horizon=Horizon(row[2]),
        period=row[3],
        status=GoalStatus(row[4]),
        parent_id=row[5],
        why=row[6],
        measure=row[7],
        progress=row[8],
        created_at=row[9],
        updated_at=row[10],
        carried_from=row[11],
        private=bool(row[12]),
    )


def _clean_title(title: str) -> str:
    """One line: inner runs of spaces folded; control characters (NUL, escapes) refused."""
    import unicodedata  # here: reading goals back never needs it

    cleaned = " ".join(str(title).split())
    if any(unicodedata.category(char) == "Cc" for char in cleaned):
        raise UsageError("a goal title cannot hold control characters", key="title_control")
    if not cleaned:
        raise UsageError("a goal needs a title", key="title_empty")
    if len(cleaned) > 500:
        raise UsageError(
            "a goal title must be at most 500 characters; put the rest in --why", key="title_long"
        )
    return cleaned
