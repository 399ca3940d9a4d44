"""Reminders sent: claimed before sending, so two ticks at once never send the same one.

A claim is a row with no channel yet; the channel is written once the reminder went out. A
claim left unsent for longer than a lease (its tick crashed or was killed between the two)
may be taken again, so a reminder is sent once even across a crash.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from punchin.store.base import Tables

LEASE = timedelta(minutes=5)


class NotificationTables(Tables):
    def claim(self, schedule: str, occurrence: str) -> bool:
        """Take the right to send this reminder; False when it was sent, or is being sent
        by a tick that claimed it less than a lease ago. Call inside a transaction."""
        now = self.clock()
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO notifications (schedule, occurrence, channel, sent_at) "
            "VALUES (?, ?, '', ?)",
            (schedule, occurrence, now.isoformat(timespec="seconds")),
        )
        if cursor.rowcount == 1:
            return True
        row = self.conn.execute(
            "SELECT channel, sent_at FROM notifications WHERE schedule = ? AND occurrence = ?",
            (schedule, occurrence),
        ).fetchone()
        if row is None or row[0]:
            return False
        try:
            claimed = datetime.fromisoformat(str(row[1]))
            expired = now - claimed >= LEASE if claimed.tzinfo and now.tzinfo else True
        except ValueError:  # a damaged stamp: better one reminder too many than none
            expired = True
        if not expired:
            return False
        self.conn.execute(
            "UPDATE notifications SET sent_at = ? WHERE schedule = ? AND occurrence = ?",
            (now.isoformat(timespec="seconds"), schedule, occurrence),
        )
        return True

    def sent_by(self, schedule: str, occurrence: str, channel: str) -> None:
        self.conn.execute(
            "UPDATE notifications SET channel = ? WHERE schedule = ? AND occurrence = ?",
            (channel, schedule, occurrence),
        )
