"""How a search is done: full-text search over answers, goals and notes, in any language
(Chinese too). Imported only by `punchin search` (`store.search` is the door).

What is found, and in which order, is fixed (tests compare it with the first way of
searching, kept in the tests):

- every word of three characters or more: each one inside one of a record's texts, in any
  case (SQLite's trigram tokenizer folds case); newest first, and of two records of the same
  day (or period) the one written first first;
- if any word is shorter: every word inside the record's texts joined by spaces, in any
  ASCII case (SQLite's LIKE); newest first, and on the same day in the order of the date
  index (later time, then later written; an entry's answers by their key).

How it is found cheaply (schema m010): the trigram indexes say which records hold each
three-character sequence, not where (`detail=none`), so a record holding every trigram of a
word is a candidate, checked against its text. Candidates are read newest-written first and
the search stops as soon as no record not yet read can be newer than the last one kept, so a
word in most records costs what a rare one does. A short word is looked up among the
trigrams it starts (every character starts one: each indexed text ends in two unit
separators), so a word in no record is known to be in none at once.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, NamedTuple

from punchin.errors import UsageError

Row = tuple[Any, ...]
Found = tuple[str, str, str, str, str]  # store.search.SearchHit's fields

STREAM_LIMIT = 1000  # above this many hits, records are read by date (below) at once
STREAM_BUDGET = 1000  # candidates read newest-written first before records are read by date
MAX_GRAMS = 200  # trigrams a short word may start before records are read for it instead
MAX_POSTINGS = 20_000  # records those trigrams may be in before records are read instead
COMMON = 20  # a trigram in one record in this many: records are read for the word instead


class _Source(NamedTuple):
    """One kind of record searched. Every row read starts with (seq, the date it is sorted
    by); `text` gives the positions of the indexed texts in a row."""

    table: str
    alias: str
    select: str
    rows: str  # FROM, without the index
    indexed: str  # FROM, from the index
    text: tuple[int, ...]
    like: str  # the text a LIKE reads
    phrase_order: str
    phrase_sort: tuple[tuple[int, bool], ...]  # the same order: (position, descending)
    like_order: str
    like_sort: tuple[tuple[int, bool], ...]
    newest_before: str  # the newest sort date among records written before a seq
    hit: Callable[[Row], Found]


def _joined(*parts: Any) -> str:
    return " — ".join(part for part in parts if part)


_SOURCES = (
    _Source(
        table="answers",
        alias="a",
        select="a.seq, e.period_start, e.seq, a.key, a.value, e.period, e.kind",
        rows="entries e CROSS JOIN answers a ON a.entry_id = e.id",  # entries by date first
        indexed=(
            "answers_fts f JOIN answers a ON a.seq = f.rowid JOIN entries e ON e.id = a.entry_id"
        ),
        text=(4,),
        like="a.value",
        phrase_order="e.period_start DESC, a.seq",
        phrase_sort=((1, True), (0, False)),
        like_order="e.period_start DESC, e.seq DESC, a.key",
        like_sort=((1, True), (2, True), (3, False)),
        newest_before=(
            "SELECT e.period_start FROM entries e WHERE EXISTS (SELECT 1 FROM answers a "
            "WHERE a.entry_id = e.id AND a.seq < ?) ORDER BY e.period_start DESC LIMIT 1"
        ),
        hit=lambda r: ("answer", r[5], r[6], r[3], r[4]),
    ),
    _Source(
        table="goals",
        alias="g",
        select="g.seq, g.period_start, g.title, g.id, g.period, g.horizon, g.why, g.measure",
        rows="goals g",
        indexed="goals_fts f JOIN goals g ON g.seq = f.rowid",
        text=(2, 6, 7),
        like=(
            "(coalesce(g.title, '') || ' ' || coalesce(g.why, '') || ' ' || "
            "coalesce(g.measure, ''))"
        ),
        phrase_order="g.period_start DESC, g.seq",
        phrase_sort=((1, True), (0, False)),
        like_order="g.period_start DESC, g.seq DESC",
        like_sort=((1, True), (0, True)),
        newest_before=(
            "SELECT period_start FROM goals WHERE +seq < ? ORDER BY period_start DESC LIMIT 1"
        ),
        hit=lambda r: ("goal", r[4], r[5], r[3], _joined(r[2], r[6], r[7])),
    ),
    _Source(
        table="notes",
        alias="n",
        select="n.seq, n.date, n.time, n.title, n.body, n.id",
        rows="notes n",
        indexed="notes_fts f JOIN notes n ON n.seq = f.rowid",
        text=(3, 4),
        like="(n.title || ' ' || n.body)",
        phrase_order="n.date DESC, n.seq",
        phrase_sort=((1, True), (0, False)),
        like_order="n.date DESC, n.time DESC, n.seq DESC",
        like_sort=((1, True), (2, True), (0, True)),
        newest_before="SELECT date FROM notes WHERE +seq < ? ORDER BY date DESC LIMIT 1",
        hit=lambda r: ("note", r[1], "note", r[5], _joined(r[3], r[4])),
    ),
)

# The characters whose case folding by the trigram tokenizer is known here exactly: ASCII and
# Latin-1 (folded below), and blocks without case (punctuation, symbols, CJK, kana, Hangul,
# emoji). A text with any other character is checked by SQLite itself. A test compares the
# folding below with SQLite's for every one of them.
_SURE = re.compile(
    "[\x00-\xff\u2000-\u206f\u2190-\u23ff\u2500-\u27bf\u3000-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uff20\uff3b-\uffef\U0001f000-\U0001faff]*"
)
_FOLD = {
    **{c: c + 32 for c in range(ord("A"), ord("Z") + 1)},
    **{c: c + 32 for c in range(0xC0, 0xDF) if c != 0xD7},  # À-Þ, but not ×
    0xB5: 0x3BC,  # micro sign: Greek mu
}
_CHECK_TABLE = "punchin_search_check"


def _fold(text: str) -> str | None:
    """`text` as the trigram tokenizer folds it, or None when that is not known here."""
    if text.isascii():
        return text.lower()
    if _SURE.fullmatch(text) is None:
        return None
    return text.translate(_FOLD)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _trigrams(terms: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(t[i : i + 3] for t in terms for i in range(len(t) - 2)))


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _order_key(value: Any) -> tuple[int, Any]:
    """A value as SQLite orders it: NULL, numbers, text (by its bytes: code points), blobs."""
    if value is None:
        return (0, 0)
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, bytes(value))


def _sorted(rows: list[Row], order: tuple[tuple[int, bool], ...]) -> list[Row]:
    for position, descending in reversed(order):  # stable sorts, the last key first
        rows.sort(key=lambda row: _order_key(row[position]), reverse=descending)
    return rows


class _Query(NamedTuple):
    terms: list[str]
    phrase: bool  # every word has three characters or more
    recheck: bool  # a candidate may lack a word (one has more than three characters)
    folded: list[str] | None  # the words folded, when that is known here
    exact: str  # the words as one full-text query that checks them exactly


class _Read(Enum):
    """A short word the index cannot narrow down: every record is read for it, newest
    first, until enough hold it (the first way of searching)."""

    ALL = "all"


class Search:
    """One search's reads, on the journal's connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def search(self, text: str, limit: int = 50) -> list[Found]:
        """Answers, goals and notes containing every word of `text` (any case, any language)."""
        terms = text.split()
        if not terms:
            raise UsageError("search needs some text", key="search_empty")
        phrase = all(len(term) >= 3 for term in terms)
        exact = " AND ".join(_quoted(term) for term in terms)
        if phrase and limit != 0 and any("\x00" in term for term in terms):
            # SQLite reads a full-text query up to a NUL, which leaves its phrase open: the
            # same error as ever (none when no row is asked for: the query is never read)
            self.conn.execute("SELECT 1 FROM answers_fts WHERE answers_fts MATCH ?", (exact,))
        folded = [_fold(term) for term in terms]
        query = _Query(
            terms=terms,
            phrase=phrase,
            recheck=phrase and any(len(term) > 3 for term in terms),
            folded=None if None in folded else [f for f in folded if f is not None],
            exact=exact,
        )
        hits: list[Found] = []
        for source in _SOURCES:
            hits += [source.hit(row) for row in self._found(source, query, limit)]
        return hits

    def _found(self, source: _Source, query: _Query, limit: int) -> list[Row]:
        if limit == 0:
            return []
        if query.phrase:
            match: str | _Read | None = " AND ".join(_quoted(t) for t in _trigrams(query.terms))
            likes: list[str] = []
            order, sort = source.phrase_order, source.phrase_sort
        else:
            match = self._short_match(source, query.terms)
            likes = [f"%{_escape_like(term)}%" for term in query.terms]
            order, sort = source.like_order, source.like_sort
            if match is _Read.ALL:
                return self._walked(source, likes, limit)
        if match is None:
            return []
        assert isinstance(match, str)
        also = "".join(f" AND {source.like} LIKE ? ESCAPE '\\'" for _ in likes)
        params = [match, *likes]
        if 0 < limit <= STREAM_LIMIT:
            where = f"{source.table}_fts MATCH ?{also}"
            newest = self._newest_first(source, query, where, params, sort, limit)
            if newest is not None:
                return newest
        where = (
            f"+{source.alias}.seq IN (SELECT rowid FROM {source.table}_fts "
            f"WHERE {source.table}_fts MATCH ?){also}"
        )
        return self._by_date(source, query, where, params, order, limit)

    def _short_match(self, source: _Source, terms: list[str]) -> str | _Read | None:
        """A full-text query that every record holding the words answers (None: no record
        can), or _Read.ALL when the index cannot narrow them down."""
        parts = []
        for term in sorted(terms, key=len):
            if "\x00" in term:  # LIKE reads a pattern up to a NUL
                return _Read.ALL
            if len(term) >= 3:
                parts.append(" AND ".join(_quoted(t) for t in _trigrams([term])))
                continue
            prefix = _fold(term)
            if prefix is None:
                return _Read.ALL
            grams = self._grams_starting(source, prefix)
            if grams is None:
                return _Read.ALL
            if not grams:
                return None
            parts.append("(" + " OR ".join(_quoted(gram) for gram in grams) + ")")
        return " AND ".join(parts)

    def _grams_starting(self, source: _Source, prefix: str) -> list[str] | None:
        """The trigrams of the index that start with `prefix`; None when they are many, or
        one is in many records: then reading records newest first finds the word soon."""
        (last,) = self.conn.execute(f"SELECT max(seq) FROM {source.table}").fetchone()
        grams: list[str] = []
        postings = 0
        cursor = self.conn.execute(
            f"SELECT term, doc FROM {source.table}_trigrams WHERE term >= ? AND term < ?",
            (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)),
        )
        try:
            for term, records in cursor:
                postings += records
                if records * COMMON >= (last or 0) or postings > MAX_POSTINGS:
                    return None
                if str(term).startswith(prefix):
                    grams.append(str(term))
                if len(grams) > MAX_GRAMS:
                    return None
        finally:
            cursor.close()
        return grams

    def _walked(self, source: _Source, likes: list[str], limit: int) -> list[Row]:
        """Every record read, newest first, until enough hold the words (the first way)."""
        where = " AND ".join(f"{source.like} LIKE ? ESCAPE '\\'" for _ in likes)
        return self.conn.execute(
            f"SELECT {source.select} FROM {source.rows} WHERE {where} "
            f"ORDER BY {source.like_order} LIMIT ?",
            [*likes, limit],
        ).fetchall()

    def _newest_first(
        self,
        source: _Source,
        query: _Query,
        where: str,
        params: list[Any],
        sort: tuple[tuple[int, bool], ...],
        limit: int,
    ) -> list[Row] | None:
        """The candidates read last-written first, until no record written before the last one
        read can be newer than the `limit`-th kept; None when that takes too long (dates far
        from the order of writing)."""
        cursor = self.conn.execute(
            f"SELECT {source.select} FROM {source.indexed} WHERE {where} ORDER BY f.rowid DESC",
            params,
        )
        try:
            kept: list[Row] = []
            read, size = 0, limit + 16
            while True:
                rows = cursor.fetchmany(size)
                if not rows:
                    return kept
                read += len(rows)
                kept = self._first(source, query, kept, rows, sort, limit)
                if len(kept) == limit:
                    newest = self.conn.execute(source.newest_before, (rows[-1][0],)).fetchone()
                    if newest is None or _order_key(kept[-1][1]) > _order_key(newest[0]):
                        return kept
                if read >= STREAM_BUDGET:
                    return None
                size = min(2 * size, 1024)
        finally:
            cursor.close()

    def _first(
        self,
        source: _Source,
        query: _Query,
        kept: list[Row],
        rows: list[Row],
        sort: tuple[tuple[int, bool], ...],
        limit: int,
    ) -> list[Row]:
        """The first `limit` of the records kept so far and the candidates `rows`, a candidate
        checked only when it would be among them."""
        ordered = _sorted(kept + rows, sort)
        if not query.recheck:
            return ordered[:limit]
        sure = {row[0] for row in kept}
        first: list[Row] = []
        at = 0
        while len(first) < limit and at < len(ordered):
            chunk = ordered[at : at + limit - len(first)]
            at += len(chunk)
            held = {
                row[0]
                for row in self._confirmed(source, query, [r for r in chunk if r[0] not in sure])
            }
            first += [row for row in chunk if row[0] in sure or row[0] in held]
        return first

    def _by_date(
        self,
        source: _Source,
        query: _Query,
        where: str,
        params: list[Any],
        order: str,
        limit: int,
    ) -> list[Row]:
        """The records read newest first, the candidates among them kept (once checked),
        until enough are found."""
        select = f"SELECT {source.select} FROM {source.rows} WHERE {where} ORDER BY {order}"
        if not query.recheck:
            return self.conn.execute(f"{select} LIMIT ?", [*params, limit]).fetchall()
        cursor = self.conn.execute(select, params)
        try:
            found: list[Row] = []
            while limit < 0 or len(found) < limit:
                rows = cursor.fetchmany(max(64, limit - len(found)))
                if not rows:
                    break
                found += self._confirmed(source, query, rows)
        finally:
            cursor.close()
        return found if limit < 0 else found[:limit]

    def _confirmed(self, source: _Source, query: _Query, rows: list[Row]) -> list[Row]:
        """The candidates that hold every word as a phrase, in their order."""
        verdicts = [_holds(query.folded, [row[i] for i in source.text]) for row in rows]
        unsure = [row for row, verdict in zip(rows, verdicts, strict=True) if verdict is None]
        checked = self._checked_by_sqlite(source, unsure, query.exact) if unsure else set()
        return [
            row
            for row, verdict in zip(rows, verdicts, strict=True)
            if verdict or (verdict is None and row[0] in checked)
        ]

    def _checked_by_sqlite(self, source: _Source, rows: list[Row], exact: str) -> set[int]:
        """The rows (by seq) that the trigram tokenizer itself finds every word in: for texts
        whose folding is not known here."""
        self.conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_CHECK_TABLE} USING fts5(a, b, c, "
            "tokenize='trigram', content='')"
        )
        self.conn.execute(f"INSERT INTO temp.{_CHECK_TABLE} ({_CHECK_TABLE}) VALUES ('delete-all')")
        padding = (None,) * (3 - len(source.text))
        self.conn.executemany(
            f"INSERT INTO temp.{_CHECK_TABLE} (rowid, a, b, c) VALUES (?, ?, ?, ?)",
            [(row[0], *(row[i] for i in source.text), *padding) for row in rows],
        )
        return {
            int(row[0])
            for row in self.conn.execute(
                f"SELECT rowid FROM temp.{_CHECK_TABLE} WHERE {_CHECK_TABLE} MATCH ?", (exact,)
            )
        }


def _holds(folded: list[str] | None, texts: list[Any]) -> bool | None:
    """Whether one of `texts` holds each folded word, as the tokenizer reads them (up to a
    NUL, case folded); None when that is not known here."""
    if folded is None:
        return None
    read = []
    for text in texts:
        if text is None:
            continue
        if not isinstance(text, str):
            return None
        found = _fold(text.partition("\x00")[0])
        if found is None:
            return None
        read.append(found)
    return all(any(word in text for text in read) for word in folded)
