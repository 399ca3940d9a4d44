"""The only module that speaks SQL: the journal file, its schema check, and every read and write.

Writes made outside `transaction()` commit at once, which is how each answer is saved the
moment it is given. Connections use WAL and a busy timeout so a reminder and a check-in can
share the file; `transaction()` takes the write lock up front (BEGIN IMMEDIATE) so a
read-then-write never deadlocks.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from punchin.config import ensure_private_dir
from punchin.errors import JournalError, NotFoundError, UsageError
from punchin.models import (
    Cause,
    Commitment,
    Diagnosis,
    Entry,
    EntryStatus,
    Goal,
    GoalStatus,
    Horizon,
)
from punchin.periods import Period

# Kept here so that opening an up-to-date journal never imports sqlite_utils; a test checks
# it matches the migrations module.
KNOWN_MIGRATIONS = ("m001_initial",)
MIGRATION_SET = "punchin"
BUSY_TIMEOUT_MS = 15_000

Clock = Callable[[], datetime]


def new_id() -> str:
    """A random 128-bit id as hex: stable across export/import, short prefixes name it."""
    return os.urandom(16).hex()


@dataclass(frozen=True)
class SearchHit:
    source: str  # "answer" or "goal"
    period: str
    kind: str  # entry kind for answers, horizon for goals
    key: str  # answer key, or the goal's id
    text: str


class Journal:
    """An open journal. Create with `Journal.open`; close with `close()` or `with`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self._depth = 0

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, clock: Clock, *, create: bool = True) -> Journal:
        if path.is_dir():
            raise JournalError(
                f"{path} is a folder, not a journal file", key="journal_folder", path=path
            )
        if not path.exists():
            if not create:
                raise NotFoundError(
                    f"no journal at {path}: run `punchin init` or `punchin week`",
                    key="no_journal",
                    path=path,
                )
            _create_private_file(path)
        try:
            conn = sqlite3.connect(
                str(path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal {path}: {exc}") from None
        journal = cls(conn, path, clock)
        try:
            journal._configure()
            journal._check_schema()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise journal_error(path, exc) from None
        except BaseException:
            conn.close()
            raise
        return journal

    @classmethod
    def open_if_exists(cls, path: Path, clock: Clock) -> Journal | None:
        """For read-only commands (`due`): never create a journal just to look at it."""
        if not path.exists():
            return None
        return cls.open(path, clock, create=False)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise JournalError(f"{self.path}: cannot switch the journal to WAL mode ({mode})")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")

    def _applied_migrations(self) -> list[str] | None:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not exists:
            return None
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            (MIGRATION_SET,),
        ).fetchall()
        return [row[0] for row in rows]

    def _check_schema(self) -> None:
        applied = self._applied_migrations()
        if applied is not None and KNOWN_MIGRATIONS[-1] in applied:
            self._refuse_newer(applied)
            return
        if applied is None:
            tables = self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            if tables:
                raise JournalError(
                    f"{self.path} is an SQLite database but not a punchin journal",
                    key="other_database",
                    path=self.path,
                )
        self._migrate()

    def _refuse_newer(self, applied: Sequence[str]) -> None:
        unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
        if unknown:
            raise JournalError(
                f"{self.path} was written by a newer punchin (schema {unknown[-1]}); "
                "upgrade punchin to open it",
                key="newer_journal",
                path=self.path,
            )

    def _migrate(self) -> None:
        from sqlite_utils import Database

        from punchin import migrations

        os.chmod(self.path, 0o600)
        with self.transaction():
            applied = self._applied_migrations() or []
            self._refuse_newer(applied)
            migrations.apply(Database(self.conn))
            now = self.clock()
            for key, value in (
                ("created_at", now.isoformat(timespec="seconds")),
                ("start_year", str(now.year)),
                ("journal_id", new_id()),
            ):
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value)
                )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    # -- meta --------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def start_year(self) -> int:
        """The year five-year windows are anchored on."""
        value = self.meta("start_year")
        return int(value) if value else self.clock().year

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # -- goals -------------------------------------------------------------------------------

    def add_goal(
        self,
        title: str,
        period: Period,
        *,
        parent_id: str | None = None,
        why: str | None = None,
        measure: str | None = None,
        origin: str | None = None,
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
                    "status, parent_id, why, measure, origin, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)",
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
            "ORDER BY period_start, CASE horizon WHEN 'five-year' THEN 0 WHEN 'year' THEN 1 "
            "WHEN 'quarter' THEN 2 ELSE 3 END, seq",
            params,
        ).fetchall()
        return [_goal(row) for row in rows]

    def update_goal(self, goal_id: str, **fields: Any) -> Goal:
        """Change some of a goal's fields; `period` is given as a Period."""
        allowed = {"title", "status", "progress", "parent_id", "why", "measure", "period"}
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

    # -- entries -----------------------------------------------------------------------------

    def entry(self, kind: str, period: str) -> Entry | None:
        row = self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE kind = ? AND period = ?", (kind, period)
        ).fetchone()
        return None if row is None else _entry(row)

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
        self, *, kind: str | None = None, since: date | None = None, limit: int | None = None
    ) -> list[Entry]:
        """Newest first."""
        clauses: list[str] = []
        params: list[Any] = []
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        if since is not None:
            clauses.append("period_end >= ?")
            params.append(since.isoformat())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries {where} ORDER BY period_start DESC, kind"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_entry(row) for row in self.conn.execute(sql, params).fetchall()]

    def latest_done(self, kind: str) -> Entry | None:
        row = self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE kind = ? AND status = 'done' "
            "ORDER BY period_start DESC LIMIT 1",
            (kind,),
        ).fetchone()
        return None if row is None else _entry(row)

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

    # -- search ------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Answers and goals containing every word of `text` (any case, any language)."""
        terms = text.split()
        if not terms:
            raise UsageError("search needs some text", key="search_empty")
        hits: list[SearchHit] = []
        if all(len(term) >= 3 for term in terms):
            query = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
            answer_sql = (
                "SELECT a.value, a.key, e.period, e.kind FROM answers_fts f "
                "JOIN answers a ON a.seq = f.rowid JOIN entries e ON e.id = a.entry_id "
                "WHERE answers_fts MATCH ? ORDER BY e.period_start DESC LIMIT ?"
            )
            goal_sql = (
                "SELECT g.title, g.id, g.period, g.horizon, g.why, g.measure FROM goals_fts f "
                "JOIN goals g ON g.seq = f.rowid WHERE goals_fts MATCH ? "
                "ORDER BY g.period_start DESC LIMIT ?"
            )
            answer_params: list[Any] = [query, limit]
            goal_params: list[Any] = [query, limit]
        else:
            # Trigrams need three characters; shorter words (two-character Chinese words
            # are common) fall back to a scan, which is still fast at a journal's size.
            likes = [f"%{_escape_like(term)}%" for term in terms]
            answer_where = " AND ".join("a.value LIKE ? ESCAPE '\\'" for _ in terms)
            goal_where = " AND ".join(
                "(coalesce(g.title, '') || ' ' || coalesce(g.why, '') || ' ' || "
                "coalesce(g.measure, '')) LIKE ? ESCAPE '\\'"
                for _ in terms
            )
            answer_sql = (
                "SELECT a.value, a.key, e.period, e.kind FROM answers a "
                f"JOIN entries e ON e.id = a.entry_id WHERE {answer_where} "
                "ORDER BY e.period_start DESC LIMIT ?"
            )
            goal_sql = (
                "SELECT g.title, g.id, g.period, g.horizon, g.why, g.measure FROM goals g "
                f"WHERE {goal_where} ORDER BY g.period_start DESC LIMIT ?"
            )
            answer_params = [*likes, limit]
            goal_params = [*likes, limit]
        for value, key, period, kind in self.conn.execute(answer_sql, answer_params):
            hits.append(SearchHit("answer", period, kind, key, value))
        for title, goal_id, period, horizon, why, measure in self.conn.execute(
            goal_sql, goal_params
        ):
            body = " — ".join(part for part in (title, why, measure) if part)
            hits.append(SearchHit("goal", period, horizon, goal_id, body))
        return hits


_GOAL_COLUMNS = (
    "id, title, horizon, period, status, parent_id, why, measure, progress, created_at, updated_at"
)
_ENTRY_COLUMNS = "id, kind, period, status, started_at, finished_at, seconds_spent, language"


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
    )


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(
        id=row[0],
        kind=row[1],
        period=row[2],
        status=EntryStatus(row[3]),
        started_at=row[4],
        finished_at=row[5],
        seconds_spent=float(row[6]),
        language=row[7],
    )


def _clean_title(title: str) -> str:
    cleaned = " ".join(str(title).split())
    if not cleaned:
        raise UsageError("a goal needs a title", key="title_empty")
    if len(cleaned) > 500:
        raise UsageError(
            "a goal title must be at most 500 characters; put the rest in --why", key="title_long"
        )
    return cleaned


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _create_private_file(path: Path) -> None:
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise JournalError(
            f"cannot create the journal {path}: {exc.strerror or exc}",
            key="journal_create",
            path=path,
            reason=exc.strerror or exc,
        ) from None
    os.close(fd)


def journal_error(path: Path, exc: sqlite3.Error) -> JournalError:
    """An SQLite failure, said in the user's terms."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return JournalError(
            f"{path} is not a punchin journal (not a readable SQLite database)",
            key="not_a_journal",
            path=path,
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return JournalError(
            f"cannot write the journal {path}: the file or its folder is read-only",
            key="journal_readonly",
            path=path,
        )
    if "locked" in text or "busy" in text:
        return JournalError(
            f"the journal {path} is busy in another program; try again",
            key="journal_busy",
            path=path,
        )
    return JournalError(f"cannot use the journal {path}: {text}")
