"""Sync's part of the store: what changed here since the last sync, and changes from other
machines merged in, record by record, the newest version winning.

State-based: nothing is recorded while a person writes (no trigger, no change to a table).
At sync time every record is read in its canonical form (the export's columns, an entry
named by its kind and period, never by its local id) and compared with the last version
this journal knows of it (`sync_state`); what differs gets a hybrid logical clock stamp and
goes into a change body. A body from another machine is applied in one transaction, each
of its versions only where its stamp is newer than the one known here.

A version that points at something not here (an answer whose check-in was deleted here, or
whose check-in has not arrived yet; a goal whose parent has not arrived) waits in
`sync_parked` and is applied as soon as what it points at is here: nothing received is
lost because files arrived in another order, and what a machine ends with depends only on
the versions it has, not on the order they came in. What applying changes here on its own
(a reference to a deleted goal cleared) is the same on every machine, and is sent like any
other change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from punchin import testpoints
from punchin.errors import PunchinError, UsageError
from punchin.store.base import Tables, new_id
from punchin.store.portable import COLUMNS, DEFAULTS
from punchin.store.reviews import finite_seconds

# json, hashlib, re and store.values are imported when a sync runs: every other command
# opens the journal (this class is part of it) without paying for them.

CHANGES_FORMAT = "punchin-sync-changes"
SNAPSHOT_FORMAT = "punchin-sync-snapshot"
VERSION = 1
# Applied in this order: entries before what they hold, goals before what points at them.
TABLES = ("entries", "goals", "answers", "diagnoses", "commitments", "notes")
CHILDREN = ("answers", "diagnoses", "commitments")
META = "meta"  # the journal's created_at travels too: every machine keeps the earliest
META_KEY = "created_at"
_STAMP = r"^\d{13}-\d{4}-[\x21-\x7e]{1,64}$"
_MACHINE = r"^[0-9a-z]{1,64}$"  # as the sync folder names machines
_MOST_WALL = 10**13 - 1  # the stamp's 13 digits of milliseconds (the year 2286)
_MOST_COUNTER = 9999


class RefusedBody(PunchinError):
    """A change or snapshot body that cannot be applied: nothing of it was applied."""


# -- stamps -----------------------------------------------------------------------------------


def stamp(wall: int, counter: int, machine: str) -> str:
    """A hybrid logical clock stamp; compared as text, it orders by wall time, then counter,
    then machine."""
    if counter > _MOST_COUNTER:  # ten thousand changes of one record in a millisecond
        wall, counter = wall + 1, 0
    return f"{min(max(wall, 0), _MOST_WALL):013d}-{counter:04d}-{machine}"


def next_stamp(prev: str | None, wall: int, machine: str) -> str:
    """A stamp for a change made at `wall` (ms) to a record whose last known version is
    stamped `prev`: always after `prev`, so an edit made after seeing a version beats it
    whatever the clocks say."""
    if prev is None:
        return stamp(wall, 0, machine)
    prev_wall, prev_counter = int(prev[:13]), int(prev[14:18])
    if wall > prev_wall:
        return stamp(wall, 0, machine)
    return stamp(prev_wall, prev_counter + 1, machine)


def milliseconds(moment: Any) -> int | None:
    """An ISO time as milliseconds since the epoch; None for what is not one."""
    try:
        when = datetime.fromisoformat(str(moment))
    except ValueError:
        return None
    if when.tzinfo is None:  # punchin writes offsets; a bare time is read as UTC
        from datetime import UTC

        when = when.replace(tzinfo=UTC)
    return int(when.timestamp() * 1000)


# -- canonical records ------------------------------------------------------------------------


def record_hash(record: dict[str, Any] | None) -> str | None:
    """sha256 of the record's JSON, keys sorted: the same on every machine."""
    import hashlib

    if record is None:
        return None
    text = _encoder().encode(record)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_ENCODERS: list[Any] = []


def _encoder() -> Any:
    """One encoder for every record hashed (json.dumps with options makes one a call)."""
    if not _ENCODERS:
        import json

        _ENCODERS.append(json.JSONEncoder(sort_keys=True, ensure_ascii=False))
    return _ENCODERS[0]


def natural_key(table: str, record: dict[str, Any]) -> str:
    """The name a record has on every machine (its entry by kind and period)."""
    if table in ("goals", "notes"):
        return str(record["id"])
    if table == "entries":
        return f"{record['kind']}|{record['period']}"
    entry = str(record["entry_id"])
    if table == "answers":
        return f"{entry}|{record['key']}"
    if table == "diagnoses" or record.get("goal_id"):
        return f"{entry}|{record['goal_id']}"
    return f"{entry}|#{record['id']}"


def _number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def _integer(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    return value


def canonical(
    table: str, row: dict[str, Any], tags: dict[Any, str] | None = None
) -> dict[str, Any]:
    """A record as every machine writes and reads it: numbers of one type, tags as the
    export writes them (a REAL column gives back 1.0 for 1; JSON would tell them apart).
    `tags` remembers the tag lists read (notes share a few)."""
    record = dict(row)
    if table == "goals":
        record["progress"] = _number(record["progress"])
        record["private"] = _integer(record.get("private", 0))
    elif table == "entries":
        record["seconds_spent"] = finite_seconds(record["seconds_spent"])
    elif table == "notes":
        stored = record["tags"]
        known = tags if tags is not None else {}
        if stored not in known:
            import json

            from punchin.store.values import tags_of

            if len(known) > 4096:  # all different: keep the memory small
                known.clear()
            known[stored] = json.dumps(tags_of(stored), ensure_ascii=False)
        record["tags"] = known[stored]
        record["starred"] = _integer(record["starred"])
    return record


def _edit_time(table: str, record: dict[str, Any]) -> Any:
    return record["created_at"] if table == "notes" else record["updated_at"]


class SyncTables(Tables):
    """All of sync's SQL: collecting local changes, applying other machines' changes and
    snapshots, the machine's id and the files seen."""

    # -- who and what -------------------------------------------------------------------------

    def sync_machine(self) -> str:
        """This journal's machine id in the sync folder, made on first use."""
        machine = self.meta("sync_machine")
        if machine is None:
            machine = new_id()
            self.conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('sync_machine', ?)", (machine,)
            )
            machine = self.meta("sync_machine") or machine
        return machine

    def sync_sent(self) -> int:
        """The number of the last change body this machine made."""
        return _count(self.meta("sync_sent"))

    def sync_seen(self) -> dict[str, int]:
        """Per other machine, the last of its change files applied here."""
        rows = self.conn.execute("SELECT machine, upto FROM sync_seen").fetchall()
        return {str(machine): int(upto) for machine, upto in rows}

    def sync_renew_machine(self) -> str:
        """Take a new machine id: the folder holds files of this id that this journal did
        not make (it was restored from a backup, or copied to another computer). The old
        id's files become another machine's, applied from the first one not made here; the
        bodies still to be written are numbered again under the new id. Returns it."""
        import json

        with self.transaction():
            old = self.sync_machine()
            waiting = self.sync_outbox()
            made_here = waiting[0][0] - 1 if waiting else self.sync_sent()
            machine = new_id()
            self._set_meta("sync_machine", machine)
            self.conn.execute("DELETE FROM sync_outbox")
            for number, (_, text) in enumerate(waiting, start=1):
                body = json.loads(text)
                body.update(machine=machine, number=number)
                self.conn.execute(
                    "INSERT INTO sync_outbox (number, body) VALUES (?, ?)",
                    (number, json.dumps(body, ensure_ascii=False)),
                )
            self._set_meta("sync_sent", str(len(waiting)))
            self.conn.execute(
                "INSERT INTO sync_seen (machine, upto, at) VALUES (?, ?, ?) "
                "ON CONFLICT (machine) DO UPDATE SET upto = max(upto, excluded.upto)",
                (old, made_here, self._now()),
            )
        return machine

    def sync_identity(self) -> dict[str, str]:
        """The journal's identity, as the sync folder keeps it."""
        identity = {key: self.meta(key) or "" for key in ("journal_id", "created_at")}
        identity["start_year"] = str(self.start_year)
        return identity

    def sync_adopt_identity(self, identity: dict[str, Any]) -> None:
        """Become the folder's journal: a journal with nothing in it that never synced takes
        the folder's identity whole (when its empty file was made says nothing); any other
        keeps its windows (refused when they would start in another year) and takes the
        folder's id and the earlier start (an emptied journal never goes back to a later
        one: the earliest start known travels as a change, and stays)."""
        from punchin.store.values import year_of

        journal_id = str(identity.get("journal_id") or "")
        created = str(identity.get("created_at") or "")
        year = year_of(identity.get("start_year"))
        with self.transaction():
            empty = not any(
                self.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                for table in ("goals", "entries", "notes")
            )
            if not empty and year is not None and year != self.start_year:
                raise UsageError(
                    f"the sync folder holds a journal whose five-year windows start in {year}, "
                    f"and this one's start in {self.start_year}: they cannot be merged",
                    key="sync_other_start_year",
                    theirs=year,
                    ours=self.start_year,
                )
            fresh = empty and not self.conn.execute("SELECT 1 FROM sync_state LIMIT 1").fetchone()
            if year is not None:
                self._set_meta("start_year", str(year if empty else self.start_year))
            if journal_id:
                self._set_meta("journal_id", journal_id)
            ours = self.meta("created_at")
            if milliseconds(created) is not None and (
                fresh or ours is None or _earlier(created, ours)
            ):
                self._set_meta("created_at", created)

    # -- local changes --------------------------------------------------------------------------

    def sync_pending_count(self) -> int:
        """How many records changed here since the last sync (a scan: for `--status`)."""
        changes = self._local_changes(self.clock(), self.sync_machine(), write=False)
        return sum(change["t"] != META for change in changes)

    def sync_collect(self, now: datetime) -> int | None:
        """Every local change since the last collect, stamped, into one change body in the
        outbox, all in one transaction; returns its number, or None when nothing changed."""
        import json

        with self.transaction():
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            machine = self.sync_machine()
            changes = self._local_changes(now, machine, write=True)
            if not changes:
                return None
            number = self.sync_sent() + 1
            body = {
                "format": CHANGES_FORMAT,
                "version": VERSION,
                "machine": machine,
                "number": number,
                "made": now.isoformat(timespec="seconds"),
                "changes": changes,
            }
            self._set_meta("sync_sent", str(number))
            self.conn.execute(
                "INSERT INTO sync_outbox (number, body) VALUES (?, ?)",
                (number, json.dumps(body, ensure_ascii=False)),
            )
        return number

    def sync_outbox(self) -> list[tuple[int, str]]:
        """Change bodies made here and not yet in the folder, oldest first."""
        rows = self.conn.execute("SELECT number, body FROM sync_outbox ORDER BY number")
        return [(int(number), str(body)) for number, body in rows.fetchall()]

    def sync_outbox_done(self, number: int) -> None:
        self.conn.execute("DELETE FROM sync_outbox WHERE number = ?", (number,))

    def _local_changes(self, now: datetime, machine: str, write: bool) -> list[dict[str, Any]]:
        """What differs from the versions known; with `write`, each gets its stamp in
        `sync_state` (the caller holds the transaction)."""
        now_ms = int(now.timestamp() * 1000)
        known = {
            (str(t), str(k)): (h, str(s))
            for t, k, h, s in self.conn.execute("SELECT tbl, nk, hash, stamp FROM sync_state")
        }
        parked = self._parked()
        if write and parked:
            # a local edit to a record whose newer version waits here wins over it (it was
            # made later, here): the waiting version is let go
            for (table, nk), (_, _, base) in list(parked.items()):
                if record_hash(self._local_record(table, nk)) != base:
                    self._unpark(table, nk)
                    del parked[table, nk]
            self._settle()
            parked = self._parked()
        changes: list[dict[str, Any]] = []
        present: set[tuple[str, str]] = set()
        for table in TABLES:
            for nk, record in self._scan(table):
                present.add((table, nk))
                digest = record_hash(record)
                if (table, nk) in parked:
                    if digest == parked[table, nk][2]:
                        continue
                    prev: str | None = parked[table, nk][0]
                else:
                    prev = known[table, nk][1] if (table, nk) in known else None
                    if (table, nk) in known and known[table, nk][0] == digest:
                        continue
                wall = milliseconds(_edit_time(table, record))
                made = next_stamp(prev, now_ms if wall is None else wall, machine)
                changes.append({"t": table, "k": nk, "s": made, "r": record})
        clock = self._clock_stamp()
        for (table, nk), (digest, stamped) in known.items():
            if table == META or digest is None or (table, nk) in present:
                continue
            if (table, nk) in parked:
                continue
            clock = next_stamp(max(clock or "", stamped), now_ms, machine)
            changes.append({"t": table, "k": nk, "s": clock, "r": None})
        created = self.meta("created_at")
        if created is not None:
            record = {META_KEY: created}
            was = known.get((META, META_KEY))
            if was is None or was[0] != record_hash(record):
                clock = next_stamp(clock, now_ms, machine)
                changes.append({"t": META, "k": META_KEY, "s": clock, "r": record})
        if write:
            for change in changes:
                self._know(change["t"], change["k"], record_hash(change["r"]), change["s"])
                if (change["t"], change["k"]) in parked:
                    self._unpark(change["t"], change["k"])
        return changes

    # -- applying -------------------------------------------------------------------------------

    def sync_apply(self, body: dict[str, Any], *, advance: bool = True) -> int:
        """Apply another machine's change body in one transaction; returns how many of its
        versions were newer than the ones known here. A body already applied (its number
        seen) changes nothing. Without `advance` it is applied but not marked seen (an
        earlier file of that machine is missing: it will be read again, harmlessly)."""
        machine, number, changes = check_body(body, CHANGES_FORMAT)
        assert number is not None
        if machine == self.sync_machine():
            return 0
        with self._refusing(), self.transaction():
            if number <= self.sync_seen().get(machine, 0):
                return 0
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            applied = self._merge(changes)
            testpoints.reach("sync.applying")  # where a fault test kills a sync
            if advance:
                self._mark_seen(machine, number)
        return applied

    def sync_apply_snapshot(self, body: dict[str, Any]) -> int:
        """Apply a snapshot (every record's last version as its maker knew it) like a change
        body, then count as seen what it holds, never lowering what was seen."""
        import re

        _, _, changes = check_body(body, SNAPSHOT_FORMAT)
        seen = body.get("seen")
        if not isinstance(seen, dict) or not all(
            isinstance(m, str) and re.match(_MACHINE, m) and _is_count(n) for m, n in seen.items()
        ):
            raise RefusedBody("its seen list is not machine ids with numbers", key="sync_body")
        me = self.sync_machine()
        with self._refusing(), self.transaction():
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            applied = self._merge(changes)
            testpoints.reach("sync.applying")
            for machine, number in seen.items():
                if machine != me:
                    self._mark_seen(machine, int(number))
        return applied

    def sync_snapshot_body(self, now: datetime) -> dict[str, Any]:
        """Every record's last version known here (deleted ones as None), with what this
        journal has seen of every machine, its own included."""
        machine = self.sync_machine()
        parked = self._parked()
        changes: list[dict[str, Any]] = []
        for table in TABLES:
            local = dict(self._scan(table))
            rows = self.conn.execute(
                "SELECT nk, hash, stamp FROM sync_state WHERE tbl = ? ORDER BY nk", (table,)
            ).fetchall()
            for nk, digest, stamped in rows:
                record: dict[str, Any] | None = None
                if (table, nk) in parked:
                    record = parked[table, nk][1]
                elif digest is not None:
                    record = local.get(nk)
                changes.append({"t": table, "k": str(nk), "s": str(stamped), "r": record})
        row = self.conn.execute(
            "SELECT stamp FROM sync_state WHERE tbl = ? AND nk = ?", (META, META_KEY)
        ).fetchone()
        created = self.meta("created_at")
        if row is not None and created is not None:
            changes.append({"t": META, "k": META_KEY, "s": str(row[0]), "r": {META_KEY: created}})
        seen = self.sync_seen()
        seen[machine] = self.sync_sent()
        return {
            "format": SNAPSHOT_FORMAT,
            "version": VERSION,
            "machine": machine,
            "made": now.isoformat(timespec="seconds"),
            "seen": seen,
            "changes": changes,
        }

    def _mark_seen(self, machine: str, number: int) -> None:
        self.conn.execute(
            "INSERT INTO sync_seen (machine, upto, at) VALUES (?, ?, ?) "
            "ON CONFLICT (machine) DO UPDATE SET upto = max(upto, excluded.upto), at = excluded.at",
            (machine, number, self._now()),
        )

    @contextmanager
    def _refusing(self) -> Iterator[None]:
        """A record the journal's constraints refuse (checked as it is written, or at the
        commit) refuses the whole body: nothing of it stays."""
        import sqlite3

        try:
            yield
        except sqlite3.IntegrityError as exc:
            if self.conn.in_transaction:  # a failed COMMIT leaves the transaction open
                self.conn.execute("ROLLBACK")
            raise RefusedBody(f"it does not fit this journal ({exc})", key="sync_record") from None

    def _merge(self, changes: list[dict[str, Any]]) -> int:
        """Each version newer than the one known here replaces it: deletions first (what
        points at a record before the record), then entries and notes at once, goals and
        what a check-in holds through the waiting room, which applies every one whose
        references are here. The caller holds the transaction."""
        from punchin.store.values import record_problem

        anchor = self.start_year
        newest: dict[tuple[str, str], dict[str, Any]] = {}
        for change in changes:
            key = (change["t"], change["k"])
            record = change["r"]
            if record is not None and change["t"] != META:
                problem = record_problem(change["t"], record, anchor)
                if problem:
                    raise RefusedBody(
                        f"a record of {change['t']} ({change['k']:.60}): {problem}",
                        key="sync_record",
                    )
                record = {c: record.get(c, DEFAULTS.get(c)) for c in COLUMNS[change["t"]]}
                record = canonical(change["t"], record)
                if natural_key(change["t"], record) != change["k"]:
                    raise RefusedBody(
                        f"a record of {change['t']} is filed under another key ({change['k']:.60})",
                        key="sync_record",
                    )
                change = dict(change, r=record)
            if key not in newest or change["s"] > newest[key]["s"]:
                newest[key] = change
        winners = []
        for (table, nk), change in newest.items():
            if table == META:
                if nk == META_KEY:  # other keys: for a later punchin
                    self._merge_created(change)
                continue
            known = self._known_stamp(table, nk)
            if known is None or change["s"] > known:
                winners.append(change)
        order = {table: at for at, table in enumerate(TABLES)}
        deletions = [c for c in winners if c["r"] is None]
        deletions.sort(key=lambda c: -order[c["t"]])  # children first, entries last
        for change in deletions:
            self._know(change["t"], change["k"], None, change["s"])
            self._unpark(change["t"], change["k"])
            self._delete(change["t"], change["k"])
        for change in sorted(
            (c for c in winners if c["r"] is not None), key=lambda c: order[c["t"]]
        ):
            table, nk, record = change["t"], change["k"], change["r"]
            self._know(table, nk, record_hash(record), change["s"])
            self._unpark(table, nk)
            if table == "entries":
                self._put_entry(record)
            elif table == "notes":
                self._put_note(record)
            else:
                self._park(table, nk, change["s"], record)
        self._settle()
        return len(winners)

    def _merge_created(self, change: dict[str, Any]) -> None:
        """The journal began at the earliest time any machine says."""
        record = change["r"]
        value = record.get(META_KEY) if isinstance(record, dict) else None
        if milliseconds(value) is None:
            raise RefusedBody("its journal start is not a date and time", key="sync_record")
        ours = self.meta("created_at")
        if ours is None or _earlier(str(value), ours):
            self._set_meta("created_at", str(value))
            self._know(META, META_KEY, record_hash({META_KEY: str(value)}), change["s"])
        self._advance_clock(change["s"])

    # -- the waiting room -----------------------------------------------------------------------

    def _parked(self) -> dict[tuple[str, str], tuple[str, dict[str, Any], str | None]]:
        import json

        rows = self.conn.execute("SELECT tbl, nk, stamp, record, base FROM sync_parked")
        return {
            (str(t), str(k)): (str(s), json.loads(r), None if b is None else str(b))
            for t, k, s, r, b in rows.fetchall()
        }

    def _park(self, table: str, nk: str, stamped: str, record: dict[str, Any]) -> None:
        import json

        self.conn.execute(
            "INSERT OR REPLACE INTO sync_parked (tbl, nk, stamp, record, base) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                table,
                nk,
                stamped,
                json.dumps(record, ensure_ascii=False),
                record_hash(self._local_record(table, nk)),
            ),
        )

    def _unpark(self, table: str, nk: str) -> None:
        self.conn.execute("DELETE FROM sync_parked WHERE tbl = ? AND nk = ?", (table, nk))

    def _settle(self) -> None:
        """Apply every waiting version whose references are here now (goals that point at
        each other, together); then clear references to what was deleted. Each waiting
        version's base becomes what is here now, so that a later collect tells a person's
        edit from what this did."""
        parked = self._parked()
        if parked:
            goals = {nk: rec for (t, nk), (_, rec, _) in parked.items() if t == "goals"}
            ready = set(goals)
            changed = True
            while changed:  # the greatest set whose references are all here or in it
                changed = False
                for ident in sorted(ready):
                    refs = (goals[ident]["parent_id"], goals[ident]["carried_from"])
                    if any(r and r not in ready and self._goal_waits(r) for r in refs):
                        ready.discard(ident)
                        changed = True
            for ident in sorted(ready):
                self._put_goal(goals[ident], parked["goals", ident][0])
                self._unpark("goals", ident)
            for (table, nk), (_, record, _) in sorted(parked.items()):
                if table in CHILDREN and self._put_child(table, record):
                    self._unpark(table, nk)
        self._clear_dangling()
        for table, nk in self._parked():
            self.conn.execute(
                "UPDATE sync_parked SET base = ? WHERE tbl = ? AND nk = ?",
                (record_hash(self._local_record(table, nk)), table, nk),
            )

    def _goal_waits(self, ident: str) -> bool:
        """Whether a goal pointed at is yet to come: not here, and waiting here itself or
        never heard of (rather than known deleted)."""
        if not self._goal_missing(ident):
            return False
        if self.conn.execute(
            "SELECT 1 FROM sync_parked WHERE tbl = 'goals' AND nk = ?", (ident,)
        ).fetchone():
            return True
        return not self.conn.execute(
            "SELECT 1 FROM sync_state WHERE tbl = 'goals' AND nk = ?", (ident,)
        ).fetchone()

    def _entry_waits(self, nk: str) -> bool:
        """Whether a check-in pointed at (not here) is yet to come rather than deleted."""
        return not self.conn.execute(
            "SELECT 1 FROM sync_state WHERE tbl = 'entries' AND nk = ?", (nk,)
        ).fetchone()

    def _clear_dangling(self) -> None:
        """References to a goal or check-in deleted here are cleared: the same on every
        machine, and sent as a change like any other."""
        for column in ("parent_id", "carried_from"):
            self.conn.execute(
                f"UPDATE goals SET {column} = NULL WHERE {column} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM goals AS g WHERE g.id = goals.{column})"
            )
        self.conn.execute(
            "UPDATE commitments SET goal_id = NULL WHERE goal_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM goals WHERE goals.id = commitments.goal_id)"
        )
        self.conn.execute(
            "UPDATE commitments SET reviewed_entry_id = NULL WHERE reviewed_entry_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM entries WHERE entries.id = reviewed_entry_id)"
        )
        for (goal_id,) in self.conn.execute(
            "SELECT DISTINCT goal_id FROM diagnoses WHERE NOT EXISTS "
            "(SELECT 1 FROM goals WHERE goals.id = diagnoses.goal_id)"
        ).fetchall():
            self._set_aside("diagnoses", "goal_id = ?", (goal_id,))

    def _set_aside(self, table: str, where: str, params: tuple[Any, ...]) -> None:
        """Records whose check-in or goal was deleted here wait, as they were, in case it
        comes back (a newer version of it than its deletion)."""
        import json

        names = _entry_names(self.conn)
        rows = self.conn.execute(
            f"SELECT {', '.join(COLUMNS[table])} FROM {table} WHERE {where}", params
        ).fetchall()
        for row in rows:
            record = self._canonical_child(table, row, names)
            if record is not None:
                nk = natural_key(table, record)
                was = self._known_stamp(table, nk)
                if was is None:  # never sent: it waits under a stamp of its own
                    wall = milliseconds(record["updated_at"]) or 0
                    was = next_stamp(None, wall, self.sync_machine())
                self.conn.execute(
                    "INSERT OR REPLACE INTO sync_parked (tbl, nk, stamp, record, base) "
                    "VALUES (?, ?, ?, ?, NULL)",
                    (table, nk, was, json.dumps(record, ensure_ascii=False)),
                )
        self.conn.execute(f"DELETE FROM {table} WHERE {where}", params)

    # -- writing one record ---------------------------------------------------------------------

    def _delete(self, table: str, nk: str) -> None:
        if table == "entries":
            kind, _, period = nk.partition("|")
            row = self.conn.execute(
                "SELECT id FROM entries WHERE kind = ? AND period = ?", (kind, period)
            ).fetchone()
            if row is not None:
                for child in CHILDREN:
                    self._set_aside(child, "entry_id = ?", (row[0],))
                self.conn.execute("DELETE FROM entries WHERE id = ?", (row[0],))
        elif table == "goals":
            self._set_aside("diagnoses", "goal_id = ?", (nk,))
            self.conn.execute("DELETE FROM goals WHERE id = ?", (nk,))
        elif table == "notes":
            self.conn.execute("DELETE FROM notes WHERE id = ?", (nk,))
        else:
            found = self._child_row(table, nk)
            if found is not None:
                self.conn.execute(f"DELETE FROM {table} WHERE seq = ?", (found,))

    def _put_entry(self, record: dict[str, Any]) -> None:
        """Upserted by kind and period; when this journal knew the check-in under another
        id, the id received wins and everything pointing at the old one follows it."""
        columns = COLUMNS["entries"]
        row = self.conn.execute(
            "SELECT id FROM entries WHERE kind = ? AND period = ?",
            (record["kind"], record["period"]),
        ).fetchone()
        values = [record[c] for c in columns]
        if row is None:
            self.conn.execute(
                f"INSERT INTO entries ({', '.join(columns)}) VALUES ({_marks(columns)})", values
            )
            return
        old = str(row[0])
        self.conn.execute(
            f"UPDATE entries SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [*values, old],
        )
        if old != record["id"]:
            for table, column in (
                ("answers", "entry_id"),
                ("diagnoses", "entry_id"),
                ("commitments", "entry_id"),
                ("commitments", "reviewed_entry_id"),
            ):
                self.conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (record["id"], old)
                )

    def _put_note(self, record: dict[str, Any]) -> None:
        """Notes are never edited in place (their search index is fed on insert only): a
        different version replaces the old one."""
        if self._local_record("notes", record["id"]) == record:
            return
        self.conn.execute("DELETE FROM notes WHERE id = ?", (record["id"],))
        columns = COLUMNS["notes"]
        self.conn.execute(
            f"INSERT INTO notes ({', '.join(columns)}) VALUES ({_marks(columns)})",
            [record[c] for c in columns],
        )

    def _put_goal(self, record: dict[str, Any], stamped: str) -> None:
        """Upserted by id. Two goals made from the same answer on two machines cannot both
        name it as their origin: the newer version keeps it, on every machine alike."""
        record = dict(record)
        origin = record["origin"]
        if origin is not None:
            holder = self.conn.execute(
                "SELECT id FROM goals WHERE origin = ? AND id != ?", (origin, record["id"])
            ).fetchone()
            if holder is not None:
                theirs = self._known_stamp("goals", str(holder[0]))
                if theirs is None or stamped > theirs:
                    self.conn.execute("UPDATE goals SET origin = NULL WHERE id = ?", (holder[0],))
                else:
                    record["origin"] = None
        columns = COLUMNS["goals"]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
        self.conn.execute(
            f"INSERT INTO goals ({', '.join(columns)}) VALUES ({_marks(columns)}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            [record[c] for c in columns],
        )

    def _put_child(self, table: str, record: dict[str, Any]) -> bool:
        """Write an answer, diagnosis or commitment if what it points at is here (a goal
        known deleted is let go of, where it may be); False if it has to wait."""
        entry_id = self._entry_id(str(record["entry_id"]))
        if entry_id is None:
            return False
        row = dict(record, entry_id=entry_id)
        goal_id = record.get("goal_id")
        if goal_id and self._goal_missing(str(goal_id)):
            if table == "diagnoses" or self._goal_waits(str(goal_id)):
                return False
            row["goal_id"] = None
        reviewed = record.get("reviewed_entry_id")
        if reviewed:
            row["reviewed_entry_id"] = self._entry_id(str(reviewed))
            if row["reviewed_entry_id"] is None and self._entry_waits(str(reviewed)):
                return False
        columns = COLUMNS[table]
        if table == "answers":
            target, same = "(entry_id, key)", "entry_id = ? AND key = ?"
            params: tuple[Any, ...] = (entry_id, row["key"])
        elif row["goal_id"] is not None:
            target, same = "(entry_id, goal_id)", "entry_id = ? AND goal_id = ?"
            params = (entry_id, row["goal_id"])
        else:
            target, same = "(id)", "entry_id = ? AND goal_id IS NULL"
            params = (entry_id,)
        # the same record under another key here (a commitment whose goal was deleted on
        # one machine first) gives way: one record, one id
        self.conn.execute(
            f"DELETE FROM {table} WHERE id = ? AND NOT ({same})", (row["id"], *params)
        )
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in ("entry_id",))
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({_marks(columns)}) "
            f"ON CONFLICT {target} DO UPDATE SET {updates}",
            [row[c] for c in columns],
        )
        return True

    def _goal_missing(self, ident: str) -> bool:
        return self.conn.execute("SELECT 1 FROM goals WHERE id = ?", (ident,)).fetchone() is None

    def _entry_id(self, nk: str) -> str | None:
        kind, _, period = nk.partition("|")
        row = self.conn.execute(
            "SELECT id FROM entries WHERE kind = ? AND period = ?", (kind, period)
        ).fetchone()
        return None if row is None else str(row[0])

    # -- reading records ------------------------------------------------------------------------

    def _scan(self, table: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every record of a table as (natural key, canonical record)."""
        columns = COLUMNS[table]
        names = _entry_names(self.conn) if table in CHILDREN else {}
        tags: dict[Any, str] = {}
        for row in self.conn.execute(f"SELECT {', '.join(columns)} FROM {table}"):
            if table in CHILDREN:
                record = self._canonical_child(table, row, names)
                if record is None:
                    continue
            else:
                record = canonical(table, dict(zip(columns, row, strict=True)), tags)
            yield natural_key(table, record), record

    @staticmethod
    def _canonical_child(table: str, row: Any, names: dict[str, str]) -> dict[str, Any] | None:
        record = dict(zip(COLUMNS[table], row, strict=True))
        entry = names.get(str(record["entry_id"]))
        if entry is None:
            return None
        record["entry_id"] = entry
        if table == "commitments" and record["reviewed_entry_id"] is not None:
            record["reviewed_entry_id"] = names.get(str(record["reviewed_entry_id"]))
        return record

    def _child_row(self, table: str, nk: str) -> int | None:
        """The local row (seq) of an answer, diagnosis or commitment by its natural key."""
        kind, _, rest = nk.partition("|")
        period, _, tail = rest.partition("|")
        entry = self.conn.execute(
            "SELECT id FROM entries WHERE kind = ? AND period = ?", (kind, period)
        ).fetchone()
        if entry is None:
            return None
        if table == "answers":
            sql, params = "key = ?", (tail,)
        elif table == "commitments" and tail.startswith("#"):
            sql, params = "goal_id IS NULL AND id = ?", (tail[1:],)
        else:
            sql, params = "goal_id = ?", (tail,)
        row = self.conn.execute(
            f"SELECT seq FROM {table} WHERE entry_id = ? AND {sql}", (entry[0], *params)
        ).fetchone()
        return None if row is None else int(row[0])

    def _local_record(self, table: str, nk: str) -> dict[str, Any] | None:
        """One record as it is here, canonical, by its natural key."""
        columns = COLUMNS[table]
        if table in CHILDREN:
            seq = self._child_row(table, nk)
            if seq is None:
                return None
            row = self.conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE seq = ?", (seq,)
            ).fetchone()
            ids = [row[columns.index("entry_id")]]
            if table == "commitments":
                ids.append(row[columns.index("reviewed_entry_id")])
            return self._canonical_child(table, row, _entry_names(self.conn, ids))
        where, params = "id = ?", [nk]
        if table == "entries":
            where, params = "kind = ? AND period = ?", nk.split("|", 1)
        row = self.conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", params
        ).fetchone()
        return None if row is None else canonical(table, dict(zip(columns, row, strict=True)))

    # -- what is known --------------------------------------------------------------------------

    def _known_stamp(self, table: str, nk: str) -> str | None:
        """The stamp of the newest version known here (waiting or not)."""
        row = self.conn.execute(
            "SELECT max(stamp) FROM (SELECT stamp FROM sync_state WHERE tbl = ? AND nk = ? "
            "UNION ALL SELECT stamp FROM sync_parked WHERE tbl = ? AND nk = ?)",
            (table, nk, table, nk),
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def _know(self, table: str, nk: str, digest: str | None, stamped: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO sync_state (tbl, nk, hash, stamp) VALUES (?, ?, ?, ?)",
            (table, nk, digest, stamped),
        )
        self._advance_clock(stamped)

    def _clock_stamp(self) -> str | None:
        return self.meta("sync_clock")

    def _advance_clock(self, stamped: str) -> None:
        """The greatest stamp seen or made here: deletions are stamped after it."""
        clock = self._clock_stamp()
        if clock is None or stamped > clock:
            self._set_meta("sync_clock", stamped)

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def check_body(body: Any, kind: str) -> tuple[str, int | None, list[dict[str, Any]]]:
    """A body's machine, number and changes, or RefusedBody saying in one line what is
    wrong with it."""
    import re

    if not isinstance(body, dict) or body.get("format") != kind:
        raise RefusedBody(f"it is not a {kind} body", key="sync_body")
    version = body.get("version")
    if version != VERSION:
        raise RefusedBody(
            f"it is of version {version!r:.20}; this punchin reads version {VERSION}",
            key="sync_version",
        )
    machine = body.get("machine")
    if not isinstance(machine, str) or not re.match(_MACHINE, machine):
        raise RefusedBody("its machine is not an id", key="sync_body")
    number = body.get("number")
    if kind == CHANGES_FORMAT and not (isinstance(number, int) and _is_count(number) and number):
        raise RefusedBody("its number is not a count", key="sync_body")
    changes = body.get("changes")
    if not isinstance(changes, list):
        raise RefusedBody("it holds no list of changes", key="sync_body")
    for change in changes:
        if not (
            isinstance(change, dict)
            and change.get("t") in (*TABLES, META)
            and isinstance(change.get("k"), str)
            and isinstance(change.get("s"), str)
            and re.match(_STAMP, change["s"])
            and (change.get("r") is None or isinstance(change.get("r"), dict))
        ):
            raise RefusedBody(f"a change in it is malformed: {change!s:.60}", key="sync_body")
        if change["t"] == META and change.get("r") is None:
            raise RefusedBody("its journal start is missing", key="sync_body")
        if change["t"] in CHILDREN and change["k"].count("|") < 2:
            raise RefusedBody(f"a change's key is malformed: {change['k']:.60}", key="sync_body")
        if change["t"] == "entries" and "|" not in change["k"]:
            raise RefusedBody(f"a change's key is malformed: {change['k']:.60}", key="sync_body")
    return machine, number if isinstance(number, int) else None, changes


def _entry_names(conn: Any, ids: list[Any] | None = None) -> dict[str, str]:
    """Check-ins' local ids (every one's, or those of `ids`) -> their natural keys."""
    if ids is None:
        rows = conn.execute("SELECT id, kind, period FROM entries")
    else:
        wanted = [i for i in ids if i is not None]
        rows = conn.execute(
            f"SELECT id, kind, period FROM entries WHERE id IN ({', '.join('?' * len(wanted))})",
            wanted,
        )
    return {str(ident): f"{kind}|{period}" for ident, kind, period in rows.fetchall()}


def _marks(columns: tuple[str, ...]) -> str:
    return ", ".join("?" * len(columns))


def _count(value: str | None) -> int:
    return int(value) if value and value.isascii() and value.isdigit() else 0


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _earlier(one: str, other: str) -> bool:
    """Whether the time `one` comes before `other` (the text decides a tie, so that every
    machine keeps the same one)."""
    a, b = milliseconds(one), milliseconds(other)
    if a is None or b is None:
        return b is None and a is not None
    return (a, one) < (b, other)
