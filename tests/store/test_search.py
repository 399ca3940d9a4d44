"""Search finds exactly what it found before the leaner index (m010), in the same order.

A journal is written as punchin wrote it before m010 (its trigram indexes keeping every
position), with words planted in English and Chinese, ties of date and period, and awkward
characters; a copy is upgraded, and every search of the copy is compared with the first way
of searching (kept below as it was) on the journal not upgraded.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from punchin.store import Journal, SearchHit
from punchin.store import searching as search_module

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
LEAN = "m010_lean_search"

WORDS = [
    *("Library", "library", "LIBRARY", "partner", "wrote", "Wrote", "thesis", "about"),
    *("动机", "图书馆", "读书", "书", "动机不够强", "书馆", "第二章", "机"),
    *("ab", "a", "x", "100%", "50_50", "back\\slash", 'say "hi"', "it's", "*", "AND"),
    *("é", "École", "ÉCOLE", "µm", "μm", "naïve", "straße", "Þór", "×"),
    *("Привет", "ПРИВЕТ", "ΟΔΟΣ", "οδος", "\u212aelvin", "kelvin", "🙂", "—", "，", "。"),
]  # fmt: skip
QUERIES = [
    *("library", "LIBRARY", "Library partner", "partner library", "wrote", "about", "thesis"),
    *("动机", "动", "书", "图书馆", "动机不够", "读书 动机", "机", "第二", "二章", "第二章"),
    *("ab", "a", "x", "b a", "ab x", "%", "_", "\\", '"', "'", '"hi"', "100%", "50_50"),
    *("slash", "k\\s", "it's", "*", "AND", "NOT", "é", "É", "école", "ÉCOLE", "µm", "μm"),
    *("µ", "μ", "привет", "ПРИВЕТ", "при", "οδος", "ΟΔΟΣ", "δος", "kelvin", "KELVIN"),
    *("elvin", "🙂", "straße", "STRASSE", "—", "，", "absent", "鲸", "鲸鱼", "wrote 书"),
    *("a b", "naïve", "NAÏVE", "ïve", "þór", "ÞÓR", "wro", "rot", "ary", "x\x1fy"),
    *("b\x00", "abc\x00d", "書", "书馆 library", "é书", "ok", "o"),
]  # fmt: skip
LIMITS = (1, 3, 50, 5000, -1, 0)


def before_search(conn: sqlite3.Connection, text: str, limit: int) -> list[SearchHit]:
    """How punchin searched before m010, on a journal of before m010."""
    terms = text.split()
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
        note_sql = (
            "SELECT n.title, n.body, n.id, n.date FROM notes_fts f "
            "JOIN notes n ON n.seq = f.rowid WHERE notes_fts MATCH ? "
            "ORDER BY n.date DESC LIMIT ?"
        )
        answer_params: list[Any] = [query, limit]
        goal_params: list[Any] = [query, limit]
        note_params: list[Any] = [query, limit]
    else:
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
        note_where = " AND ".join("(n.title || ' ' || n.body) LIKE ? ESCAPE '\\'" for _ in terms)
        note_sql = (
            "SELECT n.title, n.body, n.id, n.date FROM notes n "
            f"WHERE {note_where} ORDER BY n.date DESC LIMIT ?"
        )
        answer_params = [*likes, limit]
        goal_params = [*likes, limit]
        note_params = [*likes, limit]
    for value, key, period, kind in conn.execute(answer_sql, answer_params):
        hits.append(SearchHit("answer", period, kind, key, value))
    for title, goal_id, period, horizon, why, measure in conn.execute(goal_sql, goal_params):
        body = " — ".join(part for part in (title, why, measure) if part)
        hits.append(SearchHit("goal", period, horizon, goal_id, body))
    for title, body, note_id, day in conn.execute(note_sql, note_params):
        text = " — ".join(part for part in (title, body) if part)
        hits.append(SearchHit("note", day, "note", note_id, text))
    return hits


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- a journal of before m010 --------------------------------------------------------------


def older_journal(path: Path, notes: int = 700, seed: int = 7) -> None:
    """A journal at m009, written record by record as punchin wrote it: the dates of notes,
    goals and check-ins repeat (ties) and come in no order."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from punchin.store import migrations

    names = migrations.names()
    older = Migrations(migrations.MIGRATION_SET)
    for name in names[: names.index(LEAN)]:
        older()(getattr(migrations, name))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    older.apply(Database(conn))
    chooser = random.Random(seed)
    stamp = "2026-01-05T09:00:00"
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("created_at", stamp), ("start_year", "2026"), ("journal_id", "older")],
    )
    days = [f"2026-{month:02d}-{day:02d}" for month in (1, 3, 7) for day in (1, 2, 15)]
    for n in range(notes):
        day = chooser.choice(days) if n % 3 else days[min(n * len(days) // notes, 8)]
        conn.execute(
            "INSERT INTO notes (id, date, time, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                f"note{n}",
                day,
                chooser.choice(["", "08:00", "21:30"]),
                text(chooser, 4),
                text(chooser, 14),
                stamp,
            ),
        )
    entries = [(kind, n) for kind in ("week", "quarter", "year") for n in range(12)]
    chooser.shuffle(entries)
    for kind, n in entries:
        conn.execute(
            "INSERT INTO entries (id, kind, period, period_start, period_end, status, language, "
            "started_at, updated_at) VALUES (?, ?, ?, ?, ?, 'done', 'en', ?, ?)",
            (f"{kind}{n}", kind, f"{kind}-{n}", days[n % 6], days[n % 6], stamp, stamp),
        )
    answers = [(f"{kind}{n}", key) for kind, n in entries for key in ("a", "mentor", "closing")]
    chooser.shuffle(answers)
    for number, (entry, key) in enumerate(answers):
        if chooser.random() < 0.8:
            conn.execute(
                "INSERT INTO answers (id, entry_id, key, value, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (f"answer{number}", entry, key, text(chooser, 8), stamp, stamp),
            )
    for n in range(150):
        conn.execute(
            "INSERT INTO goals (id, title, horizon, period, period_start, period_end, why, "
            "measure, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                f"goal{n}",
                "Goal " + text(chooser, 3),
                chooser.choice(["week", "quarter", "year"]),
                f"p{n % 9}",
                days[n % 5],
                days[n % 5],
                chooser.choice([None, text(chooser, 5)]),
                chooser.choice([None, "", text(chooser, 2)]),
                stamp,
                stamp,
            ),
        )
    conn.execute("COMMIT")
    conn.close()


def text(chooser: random.Random, most: int) -> str:
    """Words joined by spaces or run together, with now and then a NUL or a lone character."""
    if chooser.random() < 0.05:
        return chooser.choice(["", "书", "ab", "x", "é"])
    words = [chooser.choice(WORDS) for _ in range(chooser.randint(1, most))]
    joined = chooser.choice([" ", " ", "", "，", "\n"]).join(words)
    if chooser.random() < 0.03:
        at = chooser.randint(0, len(joined))
        joined = joined[:at] + "\x00" + joined[at:]
    return joined


def random_queries(journal: Path, count: int, seed: int) -> Iterator[str]:
    """Pieces of the journal's own texts, one to three of them, in changed case."""
    conn = sqlite3.connect(journal)
    texts = [row[0] for row in conn.execute("SELECT title || ' ' || body FROM notes")]
    texts += [row[0] for row in conn.execute("SELECT value FROM answers")]
    conn.close()
    chooser = random.Random(seed)
    for _ in range(count):
        words = []
        for _ in range(chooser.choice([1, 1, 2, 3])):
            found = chooser.choice(texts).replace("\x00", "").split()
            if not found:
                continue
            word = chooser.choice(found)
            start = chooser.randint(0, len(word) - 1)
            piece = word[start : start + chooser.randint(1, 6)]
            words.append(chooser.choice([piece, piece.upper(), piece.lower()]))
        if words:
            yield " ".join(words)


# -- the comparison ------------------------------------------------------------------------


def outcome(search: Callable[..., list[SearchHit]], *given: Any) -> Any:
    """The hits of a search, or the error it raised."""
    try:
        return [tuple(hit) for hit in search(*given)]
    except sqlite3.Error as exc:
        return ("error", type(exc).__name__, str(exc))


@pytest.fixture(scope="module")
def journals(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a journal of before m010, the same journal upgraded)"""
    folder = tmp_path_factory.mktemp("search")
    before = folder / "before" / "journal.db"
    older_journal(before)
    after = folder / "after" / "journal.db"
    after.parent.mkdir(mode=0o700)
    shutil.copyfile(before, after)
    Journal.open(after, lambda: NOW).close()
    return before, after


SETTINGS = {
    "as shipped": {},
    "small budgets": {"STREAM_LIMIT": 20, "STREAM_BUDGET": 8, "MAX_GRAMS": 3, "MAX_POSTINGS": 60},
    "no shortcut to reading": {"COMMON": 0, "MAX_GRAMS": 10**6, "MAX_POSTINGS": 10**9},
    "always reading": {"COMMON": 10**9},
}


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_search_finds_what_it_found_before(
    journals: tuple[Path, Path], setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SETTINGS[setting].items():
        monkeypatch.setattr(search_module, name, value)
    before, after = journals
    old = sqlite3.connect(before, isolation_level=None)
    queries = [*QUERIES, *random_queries(before, 100, seed=len(setting))]
    with Journal.open(after, lambda: NOW) as journal:
        for query in queries:
            for limit in LIMITS:
                expected = outcome(before_search, old, query, limit)
                assert outcome(journal.search, query, limit) == expected, (query, limit)
    old.close()


def test_texts_whose_folding_is_not_known_here_are_checked_by_sqlite(
    journals: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "_holds", lambda folded, texts: None)
    before, after = journals
    old = sqlite3.connect(before, isolation_level=None)
    with Journal.open(after, lambda: NOW) as journal:
        for query in ("library", "LIBRARY partner", "动机不够", "привет", "ΟΔΟΣ", "kelvin"):
            for limit in (2, 50):
                expected = outcome(before_search, old, query, limit)
                assert outcome(journal.search, query, limit) == expected, (query, limit)
    old.close()


def test_the_planted_words_are_found_and_the_absent_ones_are_not(
    journals: tuple[Path, Path],
) -> None:
    with Journal.open(journals[1], lambda: NOW) as journal:
        for word in ("library", "动机", "书", "图书馆", "ΟΔΟΣ", "100%"):
            assert journal.search(word, 5), word
        for word in ("鲸", "鲸鱼", "zyzzyva", "%%"):
            assert journal.search(word) == [], word


# -- the upgrade ---------------------------------------------------------------------------


def test_the_upgrade_keeps_a_copy_and_every_record(journals: tuple[Path, Path]) -> None:
    before, after = journals
    tables = ("notes", "answers", "goals", "entries", "meta")
    with sqlite3.connect(before) as old, sqlite3.connect(after) as new:
        for table in tables:
            assert list(old.execute(f"SELECT * FROM {table} ORDER BY 1")) == list(
                new.execute(f"SELECT * FROM {table} ORDER BY 1")
            ), table
        applied = [r[0] for r in new.execute("SELECT name FROM _sqlite_migrations")]
        assert LEAN in applied
        free = new.execute("PRAGMA freelist_count").fetchone()[0]
        assert 2 * free <= new.execute("PRAGMA page_count").fetchone()[0]  # given back
        for fts in ("answers_fts", "goals_fts", "notes_fts"):
            new.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
            sql = new.execute("SELECT sql FROM sqlite_master WHERE name = ?", (fts,)).fetchone()
            assert "detail=none" in sql[0]
    copies = list((after.parent / "backups").glob("*upgrade*.db"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as copy, sqlite3.connect(before) as old:
        assert list(copy.execute("SELECT * FROM notes")) == list(old.execute("SELECT * FROM notes"))
        assert LEAN not in [r[0] for r in copy.execute("SELECT name FROM _sqlite_migrations")]


@pytest.mark.fresh_journal
def test_an_upgrade_that_fails_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from punchin.errors import JournalError
    from punchin.store import migrations

    path = tmp_path / "home" / "journal.db"
    older_journal(path, notes=40)
    statements = migrations._m010_statements()
    failing = [*statements[:-1], "SELECT no_such_function()"]  # after the index is rebuilt
    monkeypatch.setattr(migrations, "_m010_statements", lambda: failing)
    with pytest.raises(JournalError, match="no_such_function"):
        Journal.open(path, lambda: NOW)
    with sqlite3.connect(path) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        assert LEAN not in applied
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'notes_fts'").fetchone()[0]
        assert "detail" not in sql  # the index as it was
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 40
    monkeypatch.undo()
    with Journal.open(path, lambda: NOW) as journal:  # and the next punchin upgrades it
        assert journal.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 40
        copies = list((path.parent / "backups").glob("*upgrade*.db"))
        assert len(copies) == 2  # one before each attempt, both of the journal as it was
        for copy in copies:
            with sqlite3.connect(copy) as conn:
                assert journal.search("library") == before_search(conn, "library", 50)


def test_the_index_follows_every_change_after_the_upgrade(journals: tuple[Path, Path]) -> None:
    after = journals[1]
    moved = after.parent.parent / "changed" / "journal.db"
    moved.parent.mkdir(mode=0o700)
    shutil.copyfile(after, moved)
    with Journal.open(moved, lambda: NOW) as journal:
        with journal.transaction():
            journal.add_note("Quokka", "鲸鱼 at the end 鲸", [], False)
        assert [h.text for h in journal.search("quokka")] == ["Quokka — 鲸鱼 at the end 鲸"]
        assert len(journal.search("鲸")) == 1 and len(journal.search("鲸鱼")) == 1
        entry_id, key = journal.conn.execute("SELECT entry_id, key FROM answers").fetchone()
        journal.conn.execute(
            "UPDATE answers SET value = 'wombat 袋熊' WHERE entry_id = ? AND key = ?",
            (entry_id, key),
        )
        journal.conn.execute("UPDATE goals SET why = 'platypus' WHERE id = 'goal3'")
        assert [h.key for h in journal.search("wombat")] == [key]
        assert [h.key for h in journal.search("熊")] == [key]
        assert [h.key for h in journal.search("platypus")] == ["goal3"]
        journal.conn.execute("DELETE FROM notes WHERE title = 'Quokka'")
        assert journal.search("quokka") == [] and journal.search("鲸") == []
        for fts in ("answers_fts", "goals_fts", "notes_fts"):
            journal.conn.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")


def test_a_bulk_import_indexes_as_the_upgrade_does(
    journals: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A jrnl journal moving in is indexed in one pass; its notes are then found exactly as
    the upgraded journal's are."""
    from punchin.store import portable
    from punchin.store.portable import NOTES_INSERT_TRIGGER

    monkeypatch.setattr(portable, "BULK", 100)
    before, after = journals
    with Journal.open(after, lambda: NOW) as journal:
        data = journal.dump()
    assert len(data["notes"]) >= portable.BULK
    fresh = tmp_path / "fresh" / "journal.db"
    with Journal.open(fresh, lambda: NOW) as journal:
        with journal.transaction():
            journal.merge(data)
        (trigger,) = journal.conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'notes_ai'"
        ).fetchone()
        assert " ".join(trigger.split()) == " ".join(NOTES_INSERT_TRIGGER.split())
        old = sqlite3.connect(before, isolation_level=None)
        for query in ("library", "动机", "书", "ab", "wrote 书", "ΟΔΟΣ", "é"):
            for limit in (3, 50):
                expected = [h for h in before_search(old, query, limit) if h.source == "note"]
                found = [h for h in journal.search(query, limit) if h.source == "note"]
                # an export lists records oldest first by their own time, then id (the same
                # order on every machine), so notes of the same day and time may come in
                # another order than they were first written: the same days, in order, and
                # when all are shown, the same notes
                assert [h.period for h in found] == [h.period for h in expected], (query, limit)
                if len(expected) < limit:
                    assert sorted(found) == sorted(expected), (query, limit)
        old.close()
        journal.conn.execute(
            "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)"
        )


# -- the folding -----------------------------------------------------------------------------


def test_the_folding_known_here_is_sqlites() -> None:
    """For every character search folds itself, SQLite's trigram tokenizer folds it alike."""
    sure = [
        chr(c)
        for c in range(1, 0x1FB00)
        if not 0xD800 <= c < 0xE000 and search_module._fold(chr(c)) is not None
    ]
    assert len(sure) > 40_000
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='trigram')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    conn.executemany(
        "INSERT INTO t (rowid, a) VALUES (?, ?)", [(ord(c), f"\x02{c}\x03") for c in sure]
    )
    folded = {chr(doc): term[1] for term, doc in conn.execute("SELECT term, doc FROM v")}
    wrong = [c for c in sure if folded.get(c) != search_module._fold(c)]
    assert not wrong, [f"U+{ord(c):04X}" for c in wrong[:20]]


def test_words_are_never_split_at_the_padding_of_the_index() -> None:
    """The index pads each text with unit separators; search splits words at them."""
    assert "\x1f".isspace()  # and str.split() splits at what isspace() says is a space
