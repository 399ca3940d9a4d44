"""Journals on several machines syncing through one folder, for the sync tests: each journal
with its own clock (the machines' clocks disagree), the real folder (plain)."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from punchin.store import Journal
from punchin.sync.engine import Outcome, run
from punchin.sync.folder import Folder

BEGAN = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # mid-year: no skew crosses a year


class Machines:
    """`count` journals in `home`, syncing through `home/folder`."""

    def __init__(self, home: Path, offsets: list[int]) -> None:
        self.home = home
        self.folder = home / "folder"
        self.elapsed = timedelta(0)
        self.offsets = [timedelta(seconds=s) for s in offsets]
        self.journals = [self.open(n) for n in range(len(offsets))]
        self.replaced = 0  # machines replaced by a new one

    def clock(self, number: int) -> datetime:
        return BEGAN + self.elapsed + self.offsets[number]

    def open(self, number: int, name: str | None = None) -> Journal:
        path = self.home / (name or f"machine{number}.db")
        return Journal.open(path, lambda: self.clock(number))

    def wait(self, seconds: float) -> None:
        self.elapsed += timedelta(seconds=seconds)

    def sync(self, number: int, journal: Journal | None = None) -> Outcome:
        journal = journal or self.journals[number]
        folder, _ = Folder.open(self.folder, None, True, journal.sync_identity())
        return run(journal, folder, journal.clock(), f"machine{number}")

    def close(self) -> None:
        for journal in self.journals:
            journal.close()


def dumps_differ(dumps: list[dict[str, Any]]) -> str:
    """What differs between the exports (empty when they are all alike)."""
    lines = []
    for table in dumps[0]:
        versions = [d[table] for d in dumps]
        if all(v == versions[0] for v in versions):
            continue
        lines.append(f"-- {table}")
        if isinstance(versions[0], dict):
            lines += [f"   {n}: {v}" for n, v in enumerate(versions)]
            continue
        ids = {r["id"] for v in versions for r in v}
        for ident in sorted(ids):
            found = [next((r for r in v if r["id"] == ident), None) for v in versions]
            if any(f != found[0] for f in found):
                lines += [f"   {n}: {f}" for n, f in enumerate(found)]
        if not any(line.startswith("   ") for line in lines[-1:]):
            lines.append("   (the same records in another order)")
    return "\n".join(lines)


MAKERS_OF_IDS = (  # the modules that make ids (of records, and of machines)
    "punchin.store.base",
    "punchin.store.goals",
    "punchin.store.notes",
    "punchin.store.reviews",
    "punchin.store.syncing",
)


@contextmanager
def ids_from(seed: int) -> Iterator[Callable[[], str]]:
    """Ids made from `seed` rather than at random, so that a run can be replayed exactly
    (which machine's files are read first follows the machines' ids)."""
    counter = itertools.count()

    def made() -> str:
        return hashlib.sha256(f"{seed}/{next(counter)}".encode()).hexdigest()[:32]

    with ExitStack() as stack:
        for module in MAKERS_OF_IDS:
            stack.enter_context(mock.patch(f"{module}.new_id", made))
        yield made
