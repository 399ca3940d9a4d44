"""Reminders sent: claimed before sending, so two ticks at once never send the same one."""

from __future__ import annotations

from punchin.store.base import Tables


class NotificationTables(Tables):
    def claim(self, schedule: str, occurrence: str) -> bool:
        """Take the right to send this reminder; False when it was sent (or is being sent)."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO notifications (schedule, occurrence, channel, sent_at) "
            "VALUES (?, ?, '', ?)",
            (schedule, occurrence, self._now()),
        )
        return cursor.rowcount == 1

    def sent_by(self, schedule: str, occurrence: str, channel: str) -> None:
        self.conn.execute(
            "UPDATE notifications SET channel = ? WHERE schedule = ? AND occurrence = ?",
            (channel, schedule, occurrence),
        )
