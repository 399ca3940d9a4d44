"""The only package that speaks SQL: every read and write of the journal.

Writes made outside `transaction()` commit at once, which is how each answer is saved the
moment it is given. Connections use WAL and a busy timeout so a reminder and a check-in can
share the file; `transaction()` takes the write lock up front (BEGIN IMMEDIATE) so a
read-then-write never deadlocks.

The names below are imported when first used: `punchin due` in a shell prompt reads the
journal through `store.glance` alone, without the `Journal` class and all its tables.
"""

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from punchin.store.base import Clock, new_id
    from punchin.store.identify import KNOWN_MIGRATIONS
    from punchin.store.journal import Journal, journal_error
    from punchin.store.search import SearchHit

__all__ = ["KNOWN_MIGRATIONS", "Clock", "Journal", "SearchHit", "journal_error", "new_id"]

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """One of the names above, from the module that defines it."""
        if name in ("Clock", "new_id"):
            from punchin.store import base as home
        elif name == "KNOWN_MIGRATIONS":
            from punchin.store import identify as home
        elif name in ("Journal", "journal_error"):
            from punchin.store import journal as home
        elif name == "SearchHit":
            from punchin.store import search as home
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(home, name)
        globals()[name] = value
        return value
