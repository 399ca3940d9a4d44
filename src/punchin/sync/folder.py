"""The sync folder: its layout, its files written safely, read without trust, and pruned.

```
punchin-sync.json                                  plain JSON: format, sealing, key check,
                                                   the journal's identity
machines/<machine>/<number:012d>.change            one change file, immutable
machines/<machine>/state.json                      that machine's name, last sync, applied
snapshots/<machine>-<number:012d>.snapshot         the whole journal, for a new machine
```

The folder is copied by a tool punchin does not control (Syncthing, Dropbox, a git
repository), so:
- every file is written to `.<name>.<random>.tmp` beside it, synced to disk, then renamed
  into place (a change file by a hard link, which never replaces a file already there), and
  the folder is synced; files are 0600 and the folders punchin makes 0700;
- only names of the layout are read: temporary files, half-copied files a syncer keeps
  under its own names, conflict copies (`x.sync-conflict-…`, `x (… conflicted copy …)`),
  `.git`, `.stfolder` and anything else are never read as changes;
- every file but punchin-sync.json is sealed (or plain, `--plain`, never mixed) with its
  path in the folder as associated data (`sealing`), so a file renamed, moved, damaged or
  cut short does not open; a file that does not open, decompress, parse, or whose body
  names another machine or number than its path, is a `Refusal` (one line), never an
  exception;
- pruning removes a change file only when every machine with a state.json has applied it,
  the snapshot a new machine would start from includes it, and it is not its machine's
  newest file; a snapshot only when two newer ones include all it includes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from punchin.errors import PunchinError, UsageError
from punchin.files import fsync_path
from punchin.sync import sealing
from punchin.sync.sealing import Sealer, Unreadable

FORMAT = "punchin-sync"
VERSION = 1
CHANGES_FORMAT = "punchin-sync-changes"
SNAPSHOT_FORMAT = "punchin-sync-snapshot"
STATE_FORMAT = "punchin-sync-state"
SETTINGS = "punchin-sync.json"
MACHINES = "machines"
SNAPSHOTS = "snapshots"
STATE = "state.json"
MACHINE = r"[0-9a-z]{1,64}"  # punchin makes 32 hex digits; lower case: one name per machine
MACHINE_NAME = re.compile(MACHINE)
CHANGE_NAME = re.compile(r"(\d{12})\.change")
SNAPSHOT_NAME = re.compile(rf"({MACHINE})-(\d{{12}})\.snapshot")
TEMPORARY_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")  # what `_write` leaves if killed
# What a folder may hold and still count as empty when sync is set up in it: a syncer's or
# a system's own files (.stfolder, .stignore, .git, .gitignore, .DS_Store …).
HIDDEN = (".",)
SYSTEM_FILES = {"desktop.ini", "thumbs.db", "icon\r"}
SNAPSHOT_EVERY = 50  # change files a machine writes between two of its snapshots
SETTINGS_LIMIT = 1024 * 1024  # bytes of punchin-sync.json
FILE_LIMIT = sealing.BODY_LIMIT  # bytes of any other file
STALE_TEMPORARY = 24 * 3600.0  # seconds: a temporary file this old was left by a kill
CONFLICT_COPIES = 4  # conflict copies of punchin-sync.json tried for another key


class Refusal(NamedTuple):
    """A file in the folder that is not applied: its path in the folder (with `/`), the
    reason in English words (one line), and the reason's key in the error catalog
    (errors.toml: the reason alone, without the path, for `punchin sync` to show in the
    user's language)."""

    path: str
    reason: str
    key: str = ""


class MachineState(NamedTuple):
    """What a machine's state.json says: its name (the host's), when it last synced, and the
    number of every machine's change file it has applied."""

    machine: str
    name: str
    at: str
    applied: dict[str, int]


class MachineStatus(NamedTuple):
    """One machine, for `punchin sync --status`."""

    machine: str
    name: str | None  # from its state.json; None when it has none (yet) or it does not open
    at: str | None  # when it last synced, by its state.json
    newest: int  # the number of its newest change file in the folder (0: none)
    waiting: int  # its change files above what this machine has applied (0 for itself)
    gap: int | None  # the first of those not (yet) in the folder, when later ones are


class FolderStatus(NamedTuple):
    sealed: bool
    machines: list[MachineStatus]  # every machine with a folder here, by id
    waiting: int  # change files, of all other machines, not yet applied here
    snapshots: int


class SyncClash(PunchinError):
    """This machine's change file already exists with other changes in it: two journals
    sync under one machine id (a journal copied to a second computer, or put back from a
    backup older than its last sync)."""


class _Snapshot(NamedTuple):
    place: str
    machine: str
    number: int
    seen: dict[str, int]
    made: str

    def rank(self) -> tuple[int, str, str]:
        """Newer first when sorted in reverse: the changes it includes, when it was made,
        its name (the same order on every machine, whatever their clocks)."""
        return (sum(self.seen.values()), self.made, self.place)

    def includes(self, other: _Snapshot) -> bool:
        return all(self.seen.get(m, 0) >= n for m, n in other.seen.items())


def change_place(machine: str, number: int) -> str:
    """A change file's path in the folder (also its associated data)."""
    return f"{MACHINES}/{machine}/{number:012d}.change"


def state_place(machine: str) -> str:
    return f"{MACHINES}/{machine}/{STATE}"


def snapshot_place(machine: str, number: int) -> str:
    return f"{SNAPSHOTS}/{machine}-{number:012d}.snapshot"


def is_new_folder(path: str | Path) -> bool:
    """Whether `Folder.open` would set the folder up (nothing there yet, or no
    punchin-sync.json in it): a new passphrase is asked twice. Only looks."""
    root = Path(path)
    return not _is_folder(root) or not os.path.lexists(root / SETTINGS)


class Folder:
    """An open sync folder: reads and writes its files with the folder's key (or plain)."""

    def __init__(
        self, root: Path, sealer: Sealer, identity: dict[str, str], *, created: bool
    ) -> None:
        self.root = root
        self.sealer = sealer
        self.identity = identity
        self.created = created  # set up by this call of `open`
        self._snapshot_cache: dict[str, tuple[tuple[int, int], _Snapshot | Refusal]] = {}

    @property
    def sealed(self) -> bool:
        return self.sealer.sealed

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path, passphrase: str | None, plain: bool, identity: dict[str, str]
    ) -> tuple[Folder, dict[str, str]]:
        """The folder at `path` and the journal identity it keeps. A missing or empty folder
        is set up for this journal (`identity`): sealed with `passphrase`, or plain when
        `plain`. An existing one is refused in one line when its punchin-sync.json is not
        punchin's or is newer, when it is sealed and `plain` is asked or no passphrase is
        given, when it is plain and `plain` is not asked, and when the passphrase does not
        open it; no other file is read before."""
        root = Path(path)
        settings = root / SETTINGS
        if not _is_folder(root):
            return cls._set_up(root, passphrase, plain, identity)
        if not os.path.lexists(settings):
            _check_empty(root)
            return cls._set_up(root, passphrase, plain, identity)
        return cls._read(root, passphrase, plain)

    @classmethod
    def _set_up(
        cls, root: Path, passphrase: str | None, plain: bool, identity: dict[str, str]
    ) -> tuple[Folder, dict[str, str]]:
        if not plain and not passphrase:
            raise UsageError(
                f"setting up the sync folder {root} needs a sync passphrase (or --plain, "
                "for a folder nobody else can read)",
                key="sync_needs_new_passphrase",
                path=root,
            )
        settings: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        key = None
        if plain:
            settings["sealing"] = sealing.PLAIN
        else:
            assert passphrase is not None
            parameters = sealing.new_parameters()
            key = sealing.derive_key(passphrase, parameters)
            settings |= {
                "sealing": sealing.SEALING,
                "kdf": parameters.as_json(),
                "key_check": sealing.key_check(key),
            }
        settings["journal"] = dict(identity)
        _private_dir(root)
        text = json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
        folder = cls(root, Sealer(key), dict(identity), created=True)
        if not folder._write(SETTINGS, text.encode("utf-8"), replace=False):
            # another machine's punchin-sync.json arrived (or another punchin made one)
            # meanwhile: that one is the folder's
            return cls._read(root, passphrase, plain)
        for part in (MACHINES, SNAPSHOTS):
            _private_dir(root / part)
        return folder, dict(identity)

    @classmethod
    def _read(
        cls, root: Path, passphrase: str | None, plain: bool
    ) -> tuple[Folder, dict[str, str]]:
        settings = _read_settings(root / SETTINGS, root)
        identity: dict[str, str] = settings["journal"]
        if settings["sealing"] == sealing.PLAIN:
            if not plain:
                raise PunchinError(
                    f"the sync folder {root} is not encrypted (it was set up with --plain): "
                    "sync it with --plain, or choose a new folder for an encrypted sync",
                    key="sync_folder_plain",
                    path=root,
                )
            return cls(root, Sealer(None), identity, created=False), dict(identity)
        if plain:
            raise PunchinError(
                f"the sync folder {root} is encrypted: sync it without --plain, with its "
                "sync passphrase",
                key="sync_folder_sealed",
                path=root,
            )
        if passphrase is None:
            raise PunchinError(
                f"the sync folder {root} is encrypted: it needs the sync passphrase",
                key="sync_folder_needs_passphrase",
                path=root,
            )
        key = sealing.derive_key(passphrase, settings["kdf"])
        if not sealing.opens_check(key, settings["key_check"]):
            raise PunchinError(
                f"the sync passphrase does not open {root}",
                key="sync_wrong_passphrase",
                path=root,
            )
        others = _conflict_copy_keys(root, passphrase, settings["kdf"])
        return cls(root, Sealer(key, others), identity, created=False), dict(identity)

    # -- writing -------------------------------------------------------------------------

    def write_change(self, machine: str, number: int, body: str) -> bool:
        """Put this machine's change file `number` in the folder: True when written, False
        when the same file was there already (written before a crash). A different one
        there is a `SyncClash`: two journals use this machine id; nothing is replaced. One
        that does not open is replaced (it is this machine's own)."""
        place = change_place(_machine(machine), _number(number, least=1))
        data = body.encode("utf-8")
        if self._write(place, self.sealer.seal(place, data), replace=False):
            return True
        try:
            there = self._open(place)
        except Unreadable:
            return self._write(place, self.sealer.seal(place, data), replace=True)
        except FileNotFoundError:  # pruned meanwhile: it was applied everywhere
            return False
        if there == data:
            return False
        raise SyncClash(
            f"{self.root / place} already holds other changes: another journal syncs under "
            "this journal's machine id (a copy of this journal, or this journal put back "
            "from a backup); nothing was changed",
            key="sync_clash",
            path=self.root / place,
        )

    def write_snapshot(self, machine: str, number: int, body: str) -> None:
        """Put a snapshot made by `machine` when its own last change file was `number` (it
        replaces a snapshot of the same name: one made again at the same number)."""
        place = snapshot_place(_machine(machine), _number(number, least=0))
        self._write(place, self.sealer.seal(place, body.encode("utf-8")), replace=True)

    def write_state(self, machine: str, name: str, at: str, applied: dict[str, int]) -> None:
        """Write `machine`'s state.json (only that machine writes it): its name, when it
        synced, and the number of the last change file of every machine it has applied
        (its own may be left out: a machine has all its own files)."""
        body = {
            "format": STATE_FORMAT,
            "version": VERSION,
            "machine": _machine(machine),
            "name": name,
            "at": at,
            "applied": {m: int(n) for m, n in sorted(applied.items())},
        }
        place = state_place(machine)
        text = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
        self._write(place, self.sealer.seal(place, text), replace=True)

    def _write(self, place: str, data: bytes, *, replace: bool) -> bool:
        """Write `data` at `place` through a temporary file beside it; without `replace`, a
        file already there is kept and False returned."""
        final = self.root / place
        for folder in reversed(final.relative_to(self.root).parents[:-1]):
            _private_dir(self.root / folder)
        try:
            handle, name = tempfile.mkstemp(
                prefix=f".{final.name}.", suffix=".tmp", dir=final.parent
            )
        except OSError as exc:
            raise _cannot_write(final, exc) from None
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            placed = _place_new(temporary, final) if not replace else _replace(temporary, final)
        except OSError as exc:
            raise _cannot_write(final, exc) from None
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
        if placed:
            fsync_path(final.parent)
        return placed

    # -- reading -------------------------------------------------------------------------

    def _open(self, place: str) -> bytes:
        """The body of the file at `place`; `Unreadable`, or FileNotFoundError when it is
        gone (pruned by another machine meanwhile)."""
        return self.sealer.open(place, _read_file(self.root / place))

    def _open_json(self, place: str) -> dict[str, Any]:
        body = self._open(place)
        try:
            found = json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise Unreadable("is not JSON inside", "sync_refused_json") from None
        if not isinstance(found, dict):
            raise Unreadable("is not a punchin sync file", "sync_refused_foreign")
        return found

    def changes_after(
        self, seen: dict[str, int], me: str
    ) -> Iterator[tuple[str, int, dict[str, Any] | Refusal]]:
        """Every other machine's change files numbered above what `seen` says for it, in
        number order per machine (machines by id), read one at a time: the body, or a
        `Refusal`. Numbers may skip one not (yet) copied here: see `gaps`."""
        for machine in self._machines():
            if machine == me:
                continue
            after = seen.get(machine, 0)
            for number in self._numbers(machine):
                if number <= after:
                    continue
                place = change_place(machine, number)
                try:
                    body = self._open_json(place)
                    _check(body, CHANGES_FORMAT, "change", machine, number)
                except Unreadable as refused:
                    yield machine, number, Refusal(place, refused.reason, refused.key)
                    continue
                except FileNotFoundError:  # pruned meanwhile by another machine
                    continue
                yield machine, number, body

    def gaps(self, seen: dict[str, int], me: str) -> dict[str, int]:
        """For each other machine whose change files above `seen` skip a number: the first
        number missing. Not copied here yet, usually; or removed by pruning while this
        journal did not count (its state.json gone, or the journal put back from an old
        backup), which the newest snapshot mends."""
        found = {}
        for machine in self._machines():
            if machine == me:
                continue
            expected = seen.get(machine, 0) + 1
            for number in self._numbers(machine):
                if number < expected:
                    continue
                if number != expected:
                    found[machine] = expected
                    break
                expected += 1
        return found

    def states(self) -> dict[str, MachineState | Refusal]:
        """Every machine's state.json by machine id: what it says, or why it is refused."""
        found: dict[str, MachineState | Refusal] = {}
        for machine in self._machines():
            place = state_place(machine)
            try:
                body = self._open_json(place)
                _check(body, STATE_FORMAT, "state", machine, None)
                found[machine] = _state(machine, body)
            except Unreadable as refused:
                found[machine] = Refusal(place, refused.reason, refused.key)
            except FileNotFoundError:
                continue
        return found

    def newest_snapshot(self) -> tuple[str, dict[str, Any]] | Refusal | None:
        """The snapshot a new machine starts from, as (its path, its body): of those that
        open, one that includes every change file no longer in the folder (complete), the
        one including the most changes; None when there is none; a `Refusal` when none
        opens."""
        snapshots = self._snapshots()
        refused = [s for s in snapshots if isinstance(s, Refusal)]
        for chosen in self._ranked([s for s in snapshots if isinstance(s, _Snapshot)]):
            try:
                body = self._open_json(chosen.place)
                _check(body, SNAPSHOT_FORMAT, "snapshot", chosen.machine, None)
                _snapshot(chosen.place, chosen.machine, chosen.number, body)
            except Unreadable as unread:  # changed since it was first read
                refused.insert(0, Refusal(chosen.place, unread.reason, unread.key))
                continue
            except FileNotFoundError:
                continue
            return chosen.place, body
        return refused[0] if refused else None

    def snapshot_due(self, machine: str, sent: int) -> bool:
        """Whether `machine`, whose last change file is `sent`, makes a snapshot now: it has
        written `SNAPSHOT_EVERY` change files since its last one, or change files exist and
        no snapshot a new machine could start from does (unless it made one at `sent`
        already)."""
        own = [n for m, n in self._snapshot_names() if m == machine]
        latest = max(own, default=0)
        if sent - latest >= SNAPSHOT_EVERY:
            return True
        if sent in own or not any(self._numbers(m) for m in self._machines()):
            return False
        readable = [s for s in self._snapshots() if isinstance(s, _Snapshot)]
        return not any(self._complete(s, self._lowest()) for s in readable)

    def prune(self) -> int:
        """Remove what no machine needs any more; returns how many files were removed.

        A change file M/n goes when every machine with a state.json (M's own aside) has
        applied n, the snapshot `newest_snapshot` gives includes it, and M has a newer file
        in the folder (the newest of each machine stays, so that a snapshot that misses
        removed files can be told); files of a machine go oldest first, never leaving a
        hole. Nothing goes while a state.json does not open. A snapshot goes when two that
        rank above it include everything it includes (so the newest two always stay).
        Files that do not open are never removed; temporary files left by a killed sync a
        day ago are."""
        removed = 0
        states = self.states()
        applied = {m: s.applied for m, s in states.items() if isinstance(s, MachineState)}
        numbers = {m: self._numbers(m) for m in self._machines()}

        def everyone_has(machine: str, number: int) -> bool:
            return all(
                seen.get(machine, 0) >= number for m, seen in applied.items() if m != machine
            )

        blocked = len(applied) < len(states)  # a state.json that does not open
        candidates = not blocked and any(
            found[:-1] and everyone_has(m, found[0]) for m, found in numbers.items()
        )
        if not candidates and len(self._snapshot_names()) <= 2:
            return removed + self._remove_stale_temporaries()  # no snapshot need be opened
        readable = [s for s in self._snapshots() if isinstance(s, _Snapshot)]
        ranked = self._ranked(readable)
        best = ranked[0] if ranked and self._complete(ranked[0], self._lowest()) else None
        if best is not None and candidates:
            for machine, found in numbers.items():
                for number in found[:-1]:
                    if not (everyone_has(machine, number) and best.seen.get(machine, 0) >= number):
                        break
                    removed += self._remove(change_place(machine, number))
        for snapshot in readable:
            above = [
                other
                for other in readable
                if other.place != snapshot.place
                and other.rank() > snapshot.rank()
                and other.includes(snapshot)
            ]
            if len(above) >= 2:
                removed += self._remove(snapshot.place)
        return removed + self._remove_stale_temporaries()

    def status(self, seen: dict[str, int], me: str) -> FolderStatus:
        """What `punchin sync --status` shows: every machine, its name and last sync by its
        state.json, its newest change file and how many of its files wait for this machine
        (`me`, which has applied `seen`). Reads only state.json files."""
        states = self.states()
        gaps = self.gaps(seen, me)
        machines = []
        for machine in self._machines():
            numbers = self._numbers(machine)
            state = states.get(machine)
            waiting = 0 if machine == me else sum(n > seen.get(machine, 0) for n in numbers)
            known = state if isinstance(state, MachineState) else None
            machines.append(
                MachineStatus(
                    machine,
                    known.name if known else None,
                    known.at if known else None,
                    max(numbers, default=0),
                    waiting,
                    gaps.get(machine),
                )
            )
        return FolderStatus(
            self.sealed,
            machines,
            sum(m.waiting for m in machines),
            len(self._snapshot_names()),
        )

    # -- the folder's names ---------------------------------------------------------------

    def _machines(self) -> list[str]:
        """The machine ids with a folder in machines/, sorted."""
        return sorted(
            entry.name
            for entry in _entries(self.root / MACHINES)
            if MACHINE_NAME.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
        )

    def _numbers(self, machine: str) -> list[int]:
        """The numbers of a machine's change files in the folder, sorted."""
        numbers = []
        for entry in _entries(self.root / MACHINES / machine):
            named = CHANGE_NAME.fullmatch(entry.name)
            if named and int(named[1]) > 0:
                numbers.append(int(named[1]))
        return sorted(numbers)

    def _lowest(self) -> dict[str, int]:
        """Each machine's oldest change file in the folder."""
        return {m: numbers[0] for m in self._machines() if (numbers := self._numbers(m))}

    def _snapshot_names(self) -> list[tuple[str, int]]:
        found = []
        for entry in _entries(self.root / SNAPSHOTS):
            named = SNAPSHOT_NAME.fullmatch(entry.name)
            if named:
                found.append((named[1], int(named[2])))
        return sorted(found)

    def _snapshots(self) -> list[_Snapshot | Refusal]:
        """Every snapshot's seen vector (or why it is refused); each file is opened once
        per `Folder` while it does not change."""
        found: list[_Snapshot | Refusal] = []
        for machine, number in self._snapshot_names():
            place = snapshot_place(machine, number)
            try:
                info = os.stat(self.root / place, follow_symlinks=False)
            except FileNotFoundError:
                continue
            except OSError:
                info = None
            version = (info.st_size, info.st_mtime_ns) if info else (-1, -1)
            cached = self._snapshot_cache.get(place)
            if cached is None or cached[0] != version or info is None:
                try:
                    body = self._open_json(place)
                    _check(body, SNAPSHOT_FORMAT, "snapshot", machine, None)
                    made: _Snapshot | Refusal = _snapshot(place, machine, number, body)
                except Unreadable as refused:
                    made = Refusal(place, refused.reason, refused.key)
                except FileNotFoundError:
                    continue
                cached = (version, made)
                self._snapshot_cache[place] = cached
            found.append(cached[1])
        return found

    def _complete(self, snapshot: _Snapshot, lowest: dict[str, int]) -> bool:
        """Whether `snapshot` includes every change file missing below each machine's
        oldest one in the folder (those pruned)."""
        return all(snapshot.seen.get(m, 0) >= low - 1 for m, low in lowest.items())

    def _ranked(self, snapshots: list[_Snapshot]) -> list[_Snapshot]:
        lowest = self._lowest()
        return sorted(snapshots, key=lambda s: (self._complete(s, lowest), s.rank()), reverse=True)

    def _remove(self, place: str) -> int:
        try:
            (self.root / place).unlink()
        except FileNotFoundError:
            return 0
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise PunchinError(
                f"cannot remove {self.root / place}: {reason}",
                key="sync_cannot_remove",
                path=self.root / place,
                reason=reason,
            ) from None
        return 1

    def _remove_stale_temporaries(self) -> int:
        """Remove temporary files a sync killed at least a day ago left; returns 0 (they
        are not counted)."""
        folders = [self.root, self.root / SNAPSHOTS, self.root / MACHINES]
        folders += [self.root / MACHINES / m for m in self._machines()]
        before = time.time() - STALE_TEMPORARY
        for folder in folders:
            for entry in _entries(folder):
                if not TEMPORARY_NAME.fullmatch(entry.name):
                    continue
                with contextlib.suppress(OSError):
                    if (
                        entry.is_file(follow_symlinks=False)
                        and entry.stat(follow_symlinks=False).st_mtime < before
                    ):
                        os.unlink(entry.path)
        return 0


# -- punchin-sync.json ------------------------------------------------------------------------


def _read_settings(path: Path, root: Path) -> dict[str, Any]:
    """punchin-sync.json, checked: "sealing" is "none", or "aes-256-gcm" with "kdf" (as
    `KdfParameters`) and "key_check"; "journal" is a dict of strings."""
    try:
        data = _read_file(path, SETTINGS_LIMIT)
    except FileNotFoundError:
        raise _foreign(root) from None
    except Unreadable as refused:
        raise PunchinError(
            f"cannot read {path}: {refused.reason}",
            key="sync_settings_unreadable",
            path=path,
            reason=refused.reason,
        ) from None
    if b"\n<<<<<<< " in b"\n" + data or b"\n>>>>>>> " in data:
        raise PunchinError(
            f"{path} has a merge conflict (two machines set up the folder at once): keep one "
            "of the two versions in it, whole, and sync again",
            key="sync_settings_conflict",
            path=path,
        )
    try:
        found = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise _foreign(root) from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise _foreign(root)
    version = found.get("version")
    if type(version) is not int or version < 1:
        raise _foreign(root)
    if version > VERSION or found.get("sealing") not in (sealing.SEALING, sealing.PLAIN):
        raise PunchinError(
            f"the sync folder {root} was set up by a newer punchin: upgrade punchin to sync "
            "with it",
            key="sync_folder_newer",
            path=root,
        )
    journal = found.get("journal")
    if not isinstance(journal, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in journal.items()
    ):
        raise _foreign(root)
    if found["sealing"] == sealing.SEALING:
        parameters = sealing.KdfParameters.from_json(found.get("kdf"))
        if parameters is None or not isinstance(found.get("key_check"), str):
            raise _foreign(root)
        found["kdf"] = parameters
    return found


def _foreign(root: Path) -> PunchinError:
    return PunchinError(
        f"{root / SETTINGS} is not a punchin sync folder's file (or it is damaged); "
        "nothing was changed",
        key="sync_folder_foreign",
        path=root / SETTINGS,
    )


def _conflict_copy_keys(
    root: Path, passphrase: str, parameters: sealing.KdfParameters
) -> tuple[bytes, ...]:
    """Keys of the conflict copies of punchin-sync.json the passphrase opens: when two
    machines set up the folder at once, a syncer keeps one punchin-sync.json and renames the
    other (`punchin-sync.sync-conflict-….json`, `punchin-sync (… conflicted copy ….json`),
    and the files sealed with the other's key still open."""
    keys = []
    names = sorted(
        entry.name
        for entry in _entries(root)
        if entry.name != SETTINGS
        and entry.name.startswith("punchin-sync")
        and entry.name.endswith(".json")
    )
    for name in names[:CONFLICT_COPIES]:
        try:
            other = _read_settings(root / name, root)
        except PunchinError:
            continue
        found = other.get("kdf")
        if not isinstance(found, sealing.KdfParameters) or found.salt == parameters.salt:
            continue
        key = sealing.derive_key(passphrase, found)
        if sealing.opens_check(key, other["key_check"]):
            keys.append(key)
    return tuple(keys)


def _check_empty(root: Path) -> None:
    """Refuse to set up sync in a folder that holds other things, or holds sync files whose
    punchin-sync.json has not arrived yet."""
    entries = _entries(root)
    if any(entry.name in (MACHINES, SNAPSHOTS) for entry in entries):
        raise PunchinError(
            f"the sync folder {root} holds punchin sync files but no {SETTINGS} yet: let "
            "your file syncer finish copying the folder, then sync again",
            key="sync_folder_incomplete",
            path=root,
        )
    others = [
        entry.name
        for entry in entries
        if not entry.name.startswith(HIDDEN) and entry.name.lower() not in SYSTEM_FILES
    ]
    if others:
        raise PunchinError(
            f"{root} is not empty and is not a punchin sync folder: give an empty folder "
            "(or a new one) for sync",
            key="sync_folder_not_empty",
            path=root,
        )


# -- bodies ---------------------------------------------------------------------------------


def _check(body: dict[str, Any], form: str, what: str, machine: str, number: int | None) -> None:
    """Refuse a body that is not of format `form`, is newer, or names another machine (or
    another number) than its path."""
    if body.get("format") != form:
        raise Unreadable(f"is not a punchin sync {what} file", "sync_refused_format")
    version = body.get("version")
    if type(version) is not int or version < 1:
        raise Unreadable(f"is not a punchin sync {what} file", "sync_refused_format")
    if version > VERSION:
        raise Unreadable("was made by a newer punchin: upgrade punchin", "sync_refused_newer")
    if body.get("machine") != machine or (number is not None and body.get("number") != number):
        raise Unreadable(
            "names another machine or number than its file name: moved or renamed",
            "sync_refused_misnamed",
        )
    if form != STATE_FORMAT and not isinstance(body.get("changes"), list):
        raise Unreadable(f"is not a punchin sync {what} file", "sync_refused_format")


def _counts(found: object) -> dict[str, int] | None:
    """A {machine: number} vector, or None when it is not one."""
    if not isinstance(found, dict):
        return None
    counts = {}
    for machine, number in found.items():
        if not (isinstance(machine, str) and MACHINE_NAME.fullmatch(machine)):
            return None
        if type(number) is not int or number < 0:
            return None
        counts[machine] = number
    return counts


def _state(machine: str, body: dict[str, Any]) -> MachineState:
    applied = _counts(body.get("applied"))
    name, at = body.get("name"), body.get("at")
    if applied is None or not isinstance(name, str) or not isinstance(at, str):
        raise Unreadable("is not a punchin sync state file", "sync_refused_format")
    return MachineState(machine, name, at, applied)


def _snapshot(place: str, machine: str, number: int, body: dict[str, Any]) -> _Snapshot:
    seen = _counts(body.get("seen"))
    made = body.get("made")
    if seen is None or not isinstance(made, str):
        raise Unreadable("is not a punchin sync snapshot file", "sync_refused_format")
    if seen.get(machine, number) != number:
        raise Unreadable(
            "names another number than its file name: moved or renamed",
            "sync_refused_misnamed",
        )
    return _Snapshot(place, machine, number, seen, made)


# -- files ----------------------------------------------------------------------------------


def _machine(machine: str) -> str:
    if not MACHINE_NAME.fullmatch(machine):
        raise ValueError(f"not a machine id: {machine!r}")
    return machine


def _number(number: int, *, least: int) -> int:
    if type(number) is not int or not least <= number < 10**12:
        raise ValueError(f"not a file number: {number!r}")
    return number


def _is_folder(root: Path) -> bool:
    """Whether `root` is a folder; False when nothing is there; one line when it is a
    file or cannot be looked at."""
    try:
        info = os.stat(root)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _unreadable(root, exc) from None
    if not stat.S_ISDIR(info.st_mode):
        raise PunchinError(
            f"the sync folder {root} is a file, not a folder", key="sync_not_folder", path=root
        )
    return True


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """What is in `folder` (nothing when it does not exist)."""
    try:
        with os.scandir(folder) as found:
            return list(found)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise _unreadable(folder, exc) from None


def _read_file(path: Path, limit: int = FILE_LIMIT) -> bytes:
    """A regular file's bytes, at most `limit`; a symlink, a device or a folder under a
    file's name, or a file too large, is `Unreadable`; FileNotFoundError when it is gone."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Unreadable(
            f"cannot be read: {exc.strerror or exc} (not a file?)", "sync_refused_unreadable"
        ) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("is not a file", "sync_refused_not_file")
        if info.st_size > limit:
            raise Unreadable(
                f"is larger than {limit // (1024 * 1024)} MB, more than punchin reads",
                "sync_refused_large",
            )
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(handle, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Unreadable(
            f"cannot be read: {exc.strerror or exc}", "sync_refused_unreadable"
        ) from None
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Unreadable(
            f"is larger than {limit // (1024 * 1024)} MB, more than punchin reads",
            "sync_refused_large",
        )
    return data


def _private_dir(folder: Path) -> None:
    """Make `folder` (0700) if it is missing; take the group's and others' access away
    from it when it is this user's."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        from punchin.places import cannot_create

        raise cannot_create(PunchinError, "folder", "folder_create", folder, exc) from None
    if os.name != "posix":
        return
    try:
        info = os.stat(folder, follow_symlinks=False)
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(folder, stat.S_IMODE(info.st_mode) & 0o700 | 0o700)
    except OSError:  # a folder it cannot change is used as it is
        pass


def _place_new(temporary: Path, final: Path) -> bool:
    """Put `temporary` at `final` unless a file is there (a hard link never replaces one);
    on a file system without hard links, by a rename after a look."""
    try:
        os.link(temporary, final)
    except FileExistsError:
        return False
    except OSError:
        if os.path.lexists(final):
            return False
        os.replace(temporary, final)
    return True


def _replace(temporary: Path, final: Path) -> bool:
    os.replace(temporary, final)
    return True


def _unreadable(path: Path, exc: OSError) -> PunchinError:
    reason = exc.strerror or str(exc)
    return PunchinError(
        f"cannot read {path}: {reason}", key="input_unreadable", path=path, reason=reason
    )


def _cannot_write(path: Path, exc: OSError) -> PunchinError:
    reason = exc.strerror or str(exc)
    return PunchinError(
        f"cannot write {path}: {reason}", key="write_failed", path=path, reason=reason
    )
