"""The whole journal as plain records, and records merged back in: export and import.

Records keep their ids, so importing a file twice changes nothing and importing into a
journal that holds some of them merges. An import is one transaction: every record goes in,
or (the first bad one named) none does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from punchin import testpoints
from punchin.store.base import Tables
from punchin.store.reviews import finite_seconds


class Dangling(NamedTuple):
    """A record (of `table`, with id `ident`) whose `column` names an id (`missing`) that
    no record of `parent` has."""

    table: str
    ident: str
    column: str
    missing: str
    parent: str


# table -> the columns a record carries, in order (seq is local, never exported)
COLUMNS: dict[str, tuple[str, ...]] = {
    "goals": (
        "id", "title", "horizon", "period", "period_start", "period_end", "status", "progress",
        "parent_id", "why", "measure", "origin", "carried_from", "created_at", "updated_at",
        "private",
    ),
    "entries": (
        "id", "kind", "period", "period_start", "period_end", "status", "language",
        "seconds_spent", "started_at", "finished_at", "updated_at",
    ),
    "answers": ("id", "entry_id", "key", "value", "created_at", "updated_at"),
    "diagnoses": (
        "id", "entry_id", "goal_id", "cause", "detail", "remedy", "created_at", "updated_at",
    ),
    "commitments": (
        "id", "entry_id", "goal_id", "period", "cause", "remedy", "text", "kept",
        "reviewed_entry_id", "created_at", "updated_at",
    ),
    "notes": (
        "id", "date", "time", "title", "body", "tags", "starred", "source", "created_at",
    ),
}  # fmt: skip
META_KEYS = ("journal_id", "created_at", "start_year")
DEFAULTS = {"private": 0}  # what an export from before a column was added stands for
BULK = 1000  # notes at once from which the full-text index is rebuilt rather than fed
NOTES_INSERT_TRIGGER = (  # as migration m010 made it (a test checks)
    "CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN INSERT INTO notes_fts (rowid, title, "
    "body) SELECT seq, title, body FROM notes_indexed WHERE seq = new.seq; END"
)


class PortableTables(Tables):
    def dump(self) -> dict[str, Any]:
        """Every record of every table, oldest first, and the journal's identity."""
        data: dict[str, Any] = {"meta": self.portable_meta()}
        for table in COLUMNS:
            data[table] = list(self.records(table))
        return data

    def portable_meta(self) -> dict[str, str]:
        """The journal's identity, as an export carries it."""
        meta = {key: self.meta(key) for key in META_KEYS if self.meta(key) is not None}
        meta["start_year"] = str(self.start_year)  # damaged values go out as they are read
        created = self.created_on()
        if created is None:
            meta.pop("created_at", None)
        return {key: str(value) for key, value in meta.items()}

    def records(self, table: str) -> Iterator[dict[str, Any]]:
        """A table's records one at a time, oldest first, as an export carries them: read
        from the cursor as they are written out, so a journal of any size is exported in
        little memory."""
        import json

        from punchin.store.values import tags_of

        columns = COLUMNS[table]
        # oldest first by the record's own time, then its id: the same order on every
        # machine a synced journal lives on (the local insertion order is not)
        first = "started_at" if table == "entries" else "created_at"
        rows = self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {first}, id")
        tags: dict[object, str] = {}  # notes share a few tag lists: each is read once
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            if table == "entries":
                record["seconds_spent"] = finite_seconds(record["seconds_spent"])
            elif table == "notes":
                stored = record["tags"]
                if stored not in tags:
                    if len(tags) > 4096:  # all different: keep the memory small
                        tags.clear()
                    tags[stored] = json.dumps(tags_of(stored), ensure_ascii=False)
                record["tags"] = tags[stored]
            yield record

    def is_empty(self) -> bool:
        return not any(
            self.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            for table in ("goals", "entries", "notes")
        )

    def merge(self, data: dict[str, Any]) -> dict[str, int]:
        """Add every record not yet here; returns how many of each were added. The caller
        holds the transaction; foreign keys are checked when it commits."""
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        if self.is_empty():  # a journal moving house keeps its identity and its windows
            for key, value in data.get("meta", {}).items():
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, str(value))
                )
        added = {table: 0 for table in COLUMNS}
        entry_ids: dict[str, str] = {}
        for record in data.get("entries", []):
            same = self.conn.execute(
                "SELECT id FROM entries WHERE id = ? OR (kind = ? AND period = ?)",
                (record["id"], record["kind"], record["period"]),
            ).fetchone()
            if same is None:
                added["entries"] += self._insert("entries", record)
            entry_ids[record["id"]] = str(same[0]) if same else record["id"]
        for record in data.get("goals", []):
            added["goals"] += self._insert("goals", record)
        added["notes"] = self._insert_notes(data.get("notes", []))
        for table in ("answers", "diagnoses", "commitments"):
            for record in data.get(table, []):
                moved = dict(record, entry_id=entry_ids.get(record["entry_id"], record["entry_id"]))
                if moved.get("reviewed_entry_id"):
                    moved["reviewed_entry_id"] = entry_ids.get(
                        moved["reviewed_entry_id"], moved["reviewed_entry_id"]
                    )
                added[table] += self._insert(table, moved)
        return added

    def dangling(self) -> list[Dangling]:
        """Every record whose reference leads nowhere: checked inside an import's
        transaction, before it commits, so that the file is blamed, naming the record and
        the id it names, never the journal."""
        found = []
        for table, rowid, parent, key in self.conn.execute("PRAGMA foreign_key_check").fetchall():
            columns = {
                row[0]: str(row[3])
                for row in self.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            }
            column = columns.get(key, "id")
            row = self.conn.execute(
                f"SELECT id, {column} FROM {table} WHERE rowid = ?", (rowid,)
            ).fetchone()
            ident, missing = (str(row[0]), str(row[1])) if row else ("?", "?")
            found.append(Dangling(str(table), ident, column, missing, str(parent)))
        return found

    def _insert_notes(self, notes: list[dict[str, Any]]) -> int:
        """Many notes (a jrnl journal moving in) are indexed in one pass after they are all
        in, four times faster than note by note; a few are indexed as they come."""
        if len(notes) < BULK:
            return sum(self._insert("notes", note) for note in notes)
        self.conn.execute("DROP TRIGGER notes_ai")
        added = sum(self._insert("notes", note) for note in notes)
        testpoints.reach("import.inserted")  # where a fault test kills an import
        self.conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")
        self.conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('optimize')")  # one segment
        self.conn.execute(NOTES_INSERT_TRIGGER)
        return added

    def _insert(self, table: str, record: dict[str, Any]) -> int:
        """Insert unless a record with its id (or its natural key) is here already."""
        columns = COLUMNS[table]
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            [record.get(column, DEFAULTS.get(column)) for column in columns],
        )
        return cursor.rowcount
