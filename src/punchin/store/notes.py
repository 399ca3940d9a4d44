"""Free notes: written with `punchin note add`, or brought over from jrnl."""

from __future__ import annotations

from typing import NamedTuple

from punchin.store.base import Tables, new_id


class Note(NamedTuple):
    id: str
    date: str
    time: str
    title: str
    body: str
    tags: list[str]
    starred: bool


class NoteTables(Tables):
    def add_note(self, title: str, body: str, tags: list[str], starred: bool) -> Note:
        now = self.clock()
        note = Note(
            new_id(), now.date().isoformat(), now.strftime("%H:%M"), title, body, tags, starred
        )
        self.conn.execute(
            "INSERT INTO notes (id, date, time, title, body, tags, starred, source, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'punchin', ?)",
            (
                note.id,
                note.date,
                note.time,
                title,
                body,
                _json_list(tags),
                int(starred),
                now.isoformat(timespec="seconds"),
            ),
        )
        return note

    def notes(self, limit: int) -> list[Note]:
        """The newest notes first."""
        rows = self.conn.execute(
            "SELECT id, date, time, title, body, tags, starred FROM notes "
            "ORDER BY date DESC, time DESC, seq DESC LIMIT ?",
            (limit,),
        ).fetchall()
        from punchin.store.values import tags_of

        return [Note(r[0], r[1], r[2], r[3], r[4], tags_of(r[5]), bool(r[6])) for r in rows]


def _json_list(tags: list[str]) -> str:
    import json  # here: reading notes (and `punchin due`) never needs the encoder

    return json.dumps(tags, ensure_ascii=False)
