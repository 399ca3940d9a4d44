"""Full-text search over answers, goals and notes, in any language (Chinese too): the door.

What is found and how is in `store.searching`, imported only when a search runs, so that the
journal's other commands do not pay for its query plans at start-up.
"""

from __future__ import annotations

from typing import NamedTuple

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
        from punchin.store.searching import Search

        return [SearchHit(*found) for found in Search(self.conn).search(text, limit)]
