"""Full-text search over answers and goals (trigram FTS5, so Chinese is found too)."""

from __future__ import annotations

from typing import Any, NamedTuple

from punchin.errors import UsageError
from punchin.store.base import Tables


class SearchHit(NamedTuple):
    source: str  # "answer", "goal" or "note"
    period: str
    kind: str  # entry kind for answers, horizon for goals
    key: str  # answer key, or the goal's id
    text: str


class SearchTables(Tables):
    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Answers, goals and notes containing every word of `text` (any case, any language)."""
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
            note_sql = (
                "SELECT n.title, n.body, n.id, n.date FROM notes_fts f "
                "JOIN notes n ON n.seq = f.rowid WHERE notes_fts MATCH ? "
                "ORDER BY n.date DESC LIMIT ?"
            )
            answer_params: list[Any] = [query, limit]
            goal_params: list[Any] = [query, limit]
            note_params: list[Any] = [query, limit]
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
            note_where = " AND ".join(
                "(n.title || ' ' || n.body) LIKE ? ESCAPE '\\'" for _ in terms
            )
            note_sql = (
                "SELECT n.title, n.body, n.id, n.date FROM notes n "
                f"WHERE {note_where} ORDER BY n.date DESC LIMIT ?"
            )
            answer_params = [*likes, limit]
            goal_params = [*likes, limit]
            note_params = [*likes, limit]
        for value, key, period, kind in self.conn.execute(answer_sql, answer_params):
            hits.append(SearchHit("answer", period, kind, key, value))
        for title, goal_id, period, horizon, why, measure in self.conn.execute(
            goal_sql, goal_params
        ):
            body = " — ".join(part for part in (title, why, measure) if part)
            hits.append(SearchHit("goal", period, horizon, goal_id, body))
        for title, body, note_id, day in self.conn.execute(note_sql, note_params):
            text = " — ".join(part for part in (title, body) if part)
            hits.append(SearchHit("note", day, "note", note_id, text))
        return hits


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
