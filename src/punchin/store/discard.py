"""Letting go of a review left half done: it is removed with everything it did, so the
journal reads as if it had never been started."""

from __future__ import annotations

from punchin.store.base import Tables


class DiscardTables(Tables):
    def discard_entry(self, entry_id: str) -> None:
        """Remove a review and undo its effects, in one transaction: goals it created (unless
        something else already points at them), the statuses it gave goals, the
        commitments it reviewed, and its own answers, diagnoses and commitments."""
        with self.transaction():
            created = [
                str(row[0])
                for row in self.conn.execute(
                    "SELECT id FROM goals WHERE origin LIKE ? ESCAPE '\\'",
                    (_like_prefix(entry_id) + ":%",),
                )
            ]
            closed = [
                str(row[0]).split(".")[1]
                for row in self.conn.execute(
                    "SELECT key FROM answers WHERE entry_id = ? AND key LIKE 'goals.%.status'",
                    (entry_id,),
                )
            ]
            for goal_id in closed:
                self.conn.execute(
                    "UPDATE goals SET status = 'open', progress = NULL, updated_at = ? "
                    "WHERE id = ?",
                    (self._now(), goal_id),
                )
            self.conn.execute(
                "UPDATE commitments SET kept = NULL, reviewed_entry_id = NULL, updated_at = ? "
                "WHERE reviewed_entry_id = ?",
                (self._now(), entry_id),
            )
            for table in ("diagnoses", "commitments", "answers"):
                self.conn.execute(f"DELETE FROM {table} WHERE entry_id = ?", (entry_id,))
            for goal_id in created:
                if not self._pointed_at(goal_id):
                    self.conn.execute("DELETE FROM goals WHERE id = ?", (goal_id,))
            self.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))

    def _pointed_at(self, goal_id: str) -> bool:
        checks = (
            "SELECT 1 FROM goals WHERE parent_id = ? OR carried_from = ?",
            "SELECT 1 FROM diagnoses WHERE goal_id = ?",
            "SELECT 1 FROM commitments WHERE goal_id = ?",
        )
        for sql in checks:
            params = (goal_id,) * sql.count("?")
            if self.conn.execute(sql + " LIMIT 1", params).fetchone():
                return True
        return False


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
