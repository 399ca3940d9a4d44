"""The journal's schema, as sqlite-utils migrations. Never edit one that has shipped: add m002_...

Imported only when a journal is created or needs upgrading, so everyday commands never pay
for importing sqlite_utils.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "punchin"
migrations = Migrations(MIGRATION_SET)

_M001 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # seq is the stable rowid the full-text indexes point at (VACUUM may renumber a bare rowid);
    # id is the stable, globally unique name used everywhere else (export, import, the CLI).
    """CREATE TABLE goals (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        horizon TEXT NOT NULL CHECK (horizon IN ('week', 'quarter', 'year', 'five-year')),
        period TEXT NOT NULL,
        period_start TEXT NOT NULL,
        period_end TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'done', 'partly', 'missed', 'dropped')),
        progress REAL CHECK (progress IS NULL OR (progress >= 0 AND progress <= 1)),
        parent_id TEXT REFERENCES goals(id),
        why TEXT,
        measure TEXT,
        origin TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX goals_by_period ON goals (horizon, period)",
    "CREATE INDEX goals_by_parent ON goals (parent_id)",
    "CREATE INDEX goals_by_start ON goals (period_start)",
    """CREATE TABLE entries (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        period TEXT NOT NULL,
        period_start TEXT NOT NULL,
        period_end TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('in-progress', 'done')),
        language TEXT NOT NULL,
        seconds_spent REAL NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (kind, period)
    )""",
    "CREATE INDEX entries_by_start ON entries (period_start)",
    """CREATE TABLE answers (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        entry_id TEXT NOT NULL REFERENCES entries(id),
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (entry_id, key)
    )""",
    """CREATE TABLE diagnoses (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        entry_id TEXT NOT NULL REFERENCES entries(id),
        goal_id TEXT NOT NULL REFERENCES goals(id),
        cause TEXT NOT NULL CHECK (cause IN ('laziness', 'ability', 'motivation', 'other')),
        detail TEXT,
        remedy TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (entry_id, goal_id)
    )""",
    "CREATE INDEX diagnoses_by_goal ON diagnoses (goal_id)",
    """CREATE TABLE commitments (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        entry_id TEXT NOT NULL REFERENCES entries(id),
        goal_id TEXT REFERENCES goals(id),
        period TEXT NOT NULL,
        cause TEXT NOT NULL,
        remedy TEXT NOT NULL,
        text TEXT NOT NULL,
        kept TEXT CHECK (kept IS NULL OR kept IN ('yes', 'partly', 'no')),
        reviewed_entry_id TEXT REFERENCES entries(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (entry_id, goal_id)
    )""",
    "CREATE INDEX commitments_by_period ON commitments (period)",
    # Trigram full-text indexes find any substring of three or more characters, which is
    # what makes Chinese (written without spaces) searchable.
    """CREATE VIRTUAL TABLE answers_fts USING fts5(
        value, content='answers', content_rowid='seq', tokenize='trigram')""",
    """CREATE TRIGGER answers_ai AFTER INSERT ON answers BEGIN
        INSERT INTO answers_fts (rowid, value) VALUES (new.seq, new.value); END""",
    """CREATE TRIGGER answers_ad AFTER DELETE ON answers BEGIN
        INSERT INTO answers_fts (answers_fts, rowid, value)
        VALUES ('delete', old.seq, old.value); END""",
    """CREATE TRIGGER answers_au AFTER UPDATE OF value ON answers BEGIN
        INSERT INTO answers_fts (answers_fts, rowid, value)
        VALUES ('delete', old.seq, old.value);
        INSERT INTO answers_fts (rowid, value) VALUES (new.seq, new.value); END""",
    """CREATE VIRTUAL TABLE goals_fts USING fts5(
        title, why, measure, content='goals', content_rowid='seq', tokenize='trigram')""",
    """CREATE TRIGGER goals_ai AFTER INSERT ON goals BEGIN
        INSERT INTO goals_fts (rowid, title, why, measure)
        VALUES (new.seq, new.title, new.why, new.measure); END""",
    """CREATE TRIGGER goals_ad AFTER DELETE ON goals BEGIN
        INSERT INTO goals_fts (goals_fts, rowid, title, why, measure)
        VALUES ('delete', old.seq, old.title, old.why, old.measure); END""",
    """CREATE TRIGGER goals_au AFTER UPDATE OF title, why, measure ON goals BEGIN
        INSERT INTO goals_fts (goals_fts, rowid, title, why, measure)
        VALUES ('delete', old.seq, old.title, old.why, old.measure);
        INSERT INTO goals_fts (rowid, title, why, measure)
        VALUES (new.seq, new.title, new.why, new.measure); END""",
]


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _M001:
        db.execute(statement)


@migrations()
def m002_carried_from(db: Database) -> None:
    """A goal carried over from an earlier period names it, so that a goal carried over and
    over can be seen for what it is."""
    db.execute("ALTER TABLE goals ADD COLUMN carried_from TEXT REFERENCES goals(id)")
    db.execute("CREATE INDEX goals_by_carried_from ON goals (carried_from)")


@migrations()
def m003_span_indexes(db: Database) -> None:
    """Reading a quarter or a year costs the same in a journal of one year or of fifty:
    the range column follows the equality column, so a span is a range scan."""
    db.execute("CREATE INDEX entries_by_kind_start ON entries (kind, period_start)")
    db.execute("CREATE INDEX goals_by_horizon_start ON goals (horizon, period_start)")
    db.execute(
        "CREATE INDEX entries_unfinished ON entries (kind, period_start) "
        "WHERE status = 'in-progress'"
    )


@migrations()
def m004_notifications(db: Database) -> None:
    """One row per reminder sent: unique per review kind and period, so a reminder is sent
    once however many ticks, daemons and timers run."""
    db.execute(
        """CREATE TABLE notifications (
            seq INTEGER PRIMARY KEY,
            schedule TEXT NOT NULL,
            occurrence TEXT NOT NULL,
            channel TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            UNIQUE (schedule, occurrence)
        )"""
    )


@migrations()
def m005_notes(db: Database) -> None:
    """Free journal notes, the form entries take when they come from another journal (jrnl):
    a date, a title, a body, tags and a star, searchable like everything else."""
    db.execute(
        """CREATE TABLE notes (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            date TEXT NOT NULL,
            time TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
            source TEXT NOT NULL DEFAULT 'punchin',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX notes_by_date ON notes (date, time)")
    db.execute(
        "CREATE VIRTUAL TABLE notes_fts USING fts5(title, body, content='notes', "
        "content_rowid='seq', tokenize='trigram')"
    )
    db.execute(
        "CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN INSERT INTO notes_fts "
        "(rowid, title, body) VALUES (new.seq, new.title, new.body); END"
    )
    db.execute(
        "CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN INSERT INTO notes_fts "
        "(notes_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body); END"
    )


@migrations()
def m006_period_indexes(db: Database) -> None:
    """A period's goals by an index that also gives their order, with or without a horizon:
    without it the planner walked every goal of a horizon to sort them."""
    db.execute("DROP INDEX goals_by_period")
    db.execute("CREATE INDEX goals_by_horizon_period ON goals (horizon, period, period_start)")
    db.execute("CREATE INDEX goals_by_period ON goals (period, period_start)")


@migrations()
def m007_application_id(db: Database) -> None:
    """punchin's mark in the file's header: a journal is known as one before it is opened,
    and any other program's database is refused untouched."""
    db.execute(f"PRAGMA application_id = {int.from_bytes(b'punc', 'big')}")


@migrations()
def m008_span_horizon(db: Database) -> None:
    """Goals may belong to a span the person names (a degree: 2024-09..2028-06). Widening a
    CHECK changes nothing stored, so SQLite's documented schema edit is used rather than
    rebuilding the goals table that others point at."""
    old = "horizon IN ('week', 'quarter', 'year', 'five-year')"
    new = "horizon IN ('week', 'quarter', 'year', 'five-year', 'span')"
    conn = db.conn
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) "
            "WHERE type = 'table' AND name = 'goals'",
            (old, new),
        )
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'goals'").fetchone()[0]
    if new not in sql:
        raise RuntimeError("the goals table does not have the expected horizon check")


@migrations()
def m009_private_goals(db: Database) -> None:
    """A goal may be marked private: it, and everything under it, never appears in a report
    made to be handed on. Existing goals stay as they were: not private."""
    db.execute(
        "ALTER TABLE goals ADD COLUMN private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1))"
    )


def _indexed(column: str) -> str:
    """What the full-text index holds of `column`: its text up to any NUL (where SQLite's
    LIKE and the tokenizer stop reading), then two unit separators, so that every character
    starts a trigram. Searches never contain a unit separator (it is whitespace)."""
    return f"substr({column}, 1, instr({column} || char(0), char(0)) - 1) || char(31, 31)"


# (table, its indexed columns, the columns whose update re-indexes a row: notes are never
# updated)
_M010_TABLES = (
    ("answers", ("value",), "value"),
    ("goals", ("title", "why", "measure"), "title, why, measure"),
    ("notes", ("title", "body"), ""),
)


def _m010_statements() -> list[str]:
    """The index reads each row through a view of what it holds of it; its triggers do too,
    the old text read before it changes (BEFORE), the new one after."""
    statements = []
    for table, columns, updated in _M010_TABLES:
        fts, names, view = f"{table}_fts", ", ".join(columns), f"{table}_indexed"
        add = f"INSERT INTO {fts} (rowid, {names}) SELECT seq, {names} FROM {view} "
        add += "WHERE seq = new.seq; END"
        remove = f"INSERT INTO {fts} ({fts}, rowid, {names}) SELECT 'delete', seq, {names} "
        remove += f"FROM {view} WHERE seq = old.seq; END"
        statements += [
            f"DROP TRIGGER {table}_ai",
            f"DROP TRIGGER {table}_ad",
            *([f"DROP TRIGGER {table}_au"] if updated else []),
            f"DROP TABLE {fts}",
            f"CREATE VIEW {view} AS SELECT seq, "
            + ", ".join(f"{_indexed(c)} AS {c}" for c in columns)
            + f" FROM {table}",
            f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{view}', "
            "content_rowid='seq', tokenize='trigram', detail=none, columnsize=0)",
            f"CREATE VIRTUAL TABLE {table}_trigrams USING fts5vocab({fts}, 'row')",
            f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {add}",
            f"CREATE TRIGGER {table}_ad BEFORE DELETE ON {table} BEGIN {remove}",
        ]
        if updated:
            statements += [
                f"CREATE TRIGGER {table}_bu BEFORE UPDATE OF {updated} ON {table} BEGIN {remove}",
                f"CREATE TRIGGER {table}_au AFTER UPDATE OF {updated} ON {table} BEGIN {add}",
            ]
        statements += [
            f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",
            f"INSERT INTO {fts} ({fts}) VALUES ('optimize')",
        ]
    return statements


@migrations()
def m010_lean_search(db: Database) -> None:
    """The full-text indexes keep which rows hold each trigram, not where in them
    (detail=none): a third of the size, the text still read in full for a phrase. Search
    takes candidates from the index and checks them against the text; a one- or
    two-character word is looked up among the trigrams it starts (every character starts
    one, since each indexed column ends in two unit separators), not scanned for."""
    for statement in _m010_statements():
        db.execute(statement)


@migrations()
def m011_sync(db: Database) -> None:
    """What sync keeps beside the journal's own tables (`store.syncing`): the last version
    known of every record, the change files applied from each other machine, the change
    files made here and not yet in the folder, and the versions received that wait for what
    they point at. No trigger and no change to a table: a journal that never syncs keeps
    them empty and pays nothing."""
    for statement in (
        """CREATE TABLE sync_state (
            tbl TEXT NOT NULL,
            nk TEXT NOT NULL,
            hash TEXT,
            stamp TEXT NOT NULL,
            PRIMARY KEY (tbl, nk)
        ) WITHOUT ROWID""",
        """CREATE TABLE sync_seen (
            machine TEXT PRIMARY KEY,
            upto INTEGER NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE TABLE sync_outbox (number INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        # a version received whose entry (or goal) is not here (yet): applied when it is
        """CREATE TABLE sync_parked (
            tbl TEXT NOT NULL,
            nk TEXT NOT NULL,
            stamp TEXT NOT NULL,
            record TEXT NOT NULL,
            base TEXT,
            PRIMARY KEY (tbl, nk)
        ) WITHOUT ROWID""",
    ):
        db.execute(statement)


def apply(db: Database) -> None:
    migrations.apply(db)


def names() -> list[str]:
    return [m.name for m in migrations._migrations]


@migrations()
def m012_counting_indexes(db: Database) -> None:
    """Indexes the report of a life counts through without reading a row: a goal's period
    and status beside its horizon and start (the same index, longer), a diagnosis's cause
    beside its goal. About 4% of a journal of 100 years; the report reads its decades from
    the indexes alone."""
    db.execute("DROP INDEX IF EXISTS goals_by_horizon_start")
    db.execute(
        "CREATE INDEX goals_by_horizon_start ON goals (horizon, period_start, period, status, id)"
    )
    db.execute("DROP INDEX IF EXISTS diagnoses_by_goal")
    db.execute("CREATE INDEX diagnoses_by_goal ON diagnoses (goal_id, cause)")
