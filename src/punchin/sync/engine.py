"""One sync: send what changed here, apply what the other machines sent, say so.

The order keeps every step safe to interrupt: a change body is committed to the journal's
outbox before its file is written, and leaves the outbox only once the file is in place; a
change file is applied in one transaction, and counted as applied in the same one. A kill
anywhere leaves the journal as before a step or after it, and the next sync goes on.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from punchin.store.syncing import META, RefusedBody
from punchin.sync.folder import Refusal, SyncClash, change_place

if TYPE_CHECKING:
    from punchin.store import Journal
    from punchin.sync.folder import Folder


class Outcome(NamedTuple):
    """What a sync did: records sent and received, files written and read, and the files
    refused (each one line: its path and why)."""

    sent: int  # records in the change files written now
    received: int  # records of other machines' files newer than what was here
    refused: list[Refusal]
    written: int  # change files written
    read: int  # change files and snapshots read
    machines: int  # other machines in the folder
    waiting: dict[str, int]  # machine -> the first of its change files not (yet) here
    snapshot: bool  # whether this sync wrote a snapshot
    pruned: int  # files removed from the folder


def run(journal: Journal, folder: Folder, now: datetime, name: str) -> Outcome:
    """Sync `journal` through `folder` (this machine called `name`, the time `now`)."""
    journal.sync_adopt_identity(folder.identity)
    me = journal.sync_machine()
    if _taken(folder, journal, me):
        me = journal.sync_renew_machine()
    sent, written = _send(journal, folder, now)
    received, read, refused, waiting = _receive(journal, folder, me)
    if received:  # applying may clear references to what was deleted elsewhere: sent now
        more, files = _send(journal, folder, now)
        sent, written = sent + more, written + files
    me = journal.sync_machine()
    applied = journal.sync_seen()
    applied[me] = journal.sync_sent()
    folder.write_state(me, name, now.isoformat(timespec="seconds"), applied)
    pruned = folder.prune()
    made = False
    if folder.snapshot_due(me, journal.sync_sent()):
        body = journal.sync_snapshot_body(now)
        folder.write_snapshot(me, journal.sync_sent(), json.dumps(body, ensure_ascii=False))
        made = True
    machines = len([m for m in folder.states() if m != me])
    return Outcome(sent, received, refused, written, read, machines, waiting, made, pruned)


def _taken(folder: Folder, journal: Journal, me: str) -> bool:
    """Whether the folder holds change files of this machine id newer than any this journal
    made: another journal syncs under its id (a copy of it, or it was put back from a
    backup), and this one takes a new id rather than write files under the same names."""
    sent = journal.sync_sent()
    return any(m.machine == me and m.newest > sent for m in folder.status({}, me).machines)


def _send(journal: Journal, folder: Folder, now: datetime) -> tuple[int, int]:
    """Write the outbox (bodies left by a sync that stopped, then what changed since) to the
    folder; returns (records, files) written."""
    journal.sync_collect(now)
    records = files = 0
    for attempt in (1, 2):
        try:
            for number, body in journal.sync_outbox():
                if folder.write_change(journal.sync_machine(), number, body):
                    files += 1
                    changes = json.loads(body).get("changes", [])
                    records += sum(change.get("t") != META for change in changes)
                journal.sync_outbox_done(number)
            break
        except SyncClash:
            if attempt == 2:
                raise
            journal.sync_renew_machine()  # a copy writes under this id: this one moves
    return records, files


def _receive(
    journal: Journal, folder: Folder, me: str
) -> tuple[int, int, list[Refusal], dict[str, int]]:
    """Apply other machines' change files after those applied here. A journal that never
    applied any starts from the newest snapshot; a file refused or not (yet) in the folder
    holds its machine's count of files applied where it is (later files are applied all
    the same, and again next time), until the newest snapshot includes it."""
    received = read = 0
    refused: list[Refusal] = []
    snapshot_used = False

    def from_snapshot(found: tuple[str, dict[str, Any]] | Refusal | None) -> None:
        nonlocal received, read, snapshot_used
        snapshot_used = True
        if isinstance(found, Refusal):
            refused.append(found)
        elif found is not None and found[1].get("machine") != me:  # one's own: nothing new
            place, body = found
            read += 1
            try:
                received += journal.sync_apply_snapshot(body)
            except RefusedBody as exc:
                refused.append(Refusal(place, str(exc), exc.key or ""))

    if not journal.sync_seen():
        from_snapshot(folder.newest_snapshot())
    stuck: dict[str, int] = {}
    for _ in range(2):
        seen = journal.sync_seen()
        stuck = dict(folder.gaps(seen, me))
        passed: list[Refusal] = []
        for machine, number, body in folder.changes_after(seen, me):
            read += 1
            if isinstance(body, Refusal):
                passed.append(body)
                stuck[machine] = min(stuck.get(machine, number), number)
                continue
            advance = machine not in stuck or number < stuck[machine]
            try:
                received += journal.sync_apply(body, advance=advance)
            except RefusedBody as exc:
                passed.append(Refusal(change_place(machine, number), str(exc), exc.key or ""))
                stuck[machine] = min(stuck.get(machine, number), number)
        newest = None if snapshot_used or not stuck else folder.newest_snapshot()
        if newest is None or isinstance(newest, Refusal) or not _mends(newest[1], stuck):
            refused += passed
            break
        from_snapshot(newest)  # it includes what is stuck: then the files after it, again
    seen = journal.sync_seen()
    waiting = {m: n for m, n in stuck.items() if seen.get(m, 0) < n}
    return received, read, refused, waiting


def _mends(snapshot: dict[str, Any], stuck: dict[str, int]) -> bool:
    """Whether a snapshot includes a file stuck (missing or refused) here."""
    seen = snapshot.get("seen")
    return isinstance(seen, dict) and any(
        isinstance(seen.get(m), int) and seen[m] >= n for m, n in stuck.items()
    )
