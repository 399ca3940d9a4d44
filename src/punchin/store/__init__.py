"""The only package that speaks SQL: every read and write of the journal.

Writes made outside `transaction()` commit at once, which is how each answer is saved the
moment it is given. Connections use WAL and a busy timeout so a reminder and a check-in can
share the file; `transaction()` takes the write lock up front (BEGIN IMMEDIATE) so a
read-then-write never deadlocks.
"""

from punchin.store.base import Clock, new_id
from punchin.store.journal import KNOWN_MIGRATIONS, Journal, journal_error
from punchin.store.search import SearchHit

__all__ = ["KNOWN_MIGRATIONS", "Clock", "Journal", "SearchHit", "journal_error", "new_id"]
