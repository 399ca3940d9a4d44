"""The sync folder: files sealed (or plain) and read back, every file a syncer can leave
behind refused or ignored without stopping the rest, immutable change files, pruning that
never removes what a machine still needs, and private files."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from punchin.errors import PunchinError, UsageError
from punchin.sync import folder as folder_module
from punchin.sync import sealing
from punchin.sync.folder import (
    Folder,
    MachineState,
    Refusal,
    SyncClash,
    change_place,
    is_new_folder,
    snapshot_place,
    state_place,
)

PASSPHRASE = "correct horse battery staple"
IDENTITY = {
    "journal_id": "0123456789abcdef0123456789abcdef",
    "created_at": "2026-01-05T09:00:00+00:00",
    "start_year": "2026",
}
A, B, C = "a" * 32, "b" * 32, "c" * 32
SECRET = "I am afraid the thesis is the wrong direction"


def change(machine: str, number: int, text: str = SECRET) -> str:
    record = {"id": f"n{number}", "body": text}
    body = {
        "format": "punchin-sync-changes",
        "version": 1,
        "machine": machine,
        "number": number,
        "made": "2026-11-23T21:00:00+00:00",
        "changes": [{"t": "notes", "k": f"n{number}", "s": f"{number:013d}-0000-{machine}",
                     "r": record}],
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False)


def snapshot(machine: str, seen: dict[str, int], made: str = "2026-11-23T21:00:00") -> str:
    body = {
        "format": "punchin-sync-snapshot",
        "version": 1,
        "machine": machine,
        "made": made,
        "seen": seen,
        "changes": [],
    }
    return json.dumps(body)


def open_folder(root: Path, *, plain: bool = False, identity: dict[str, str] | None = None
                ) -> Folder:  # fmt: skip
    opened, _ = Folder.open(
        root, None if plain else PASSPHRASE, plain, IDENTITY if identity is None else identity
    )
    return opened


@pytest.fixture(params=["sealed", "plain"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "Sync" / "punchin"


def read_all(opened: Folder, me: str = C, seen: dict[str, int] | None = None
             ) -> list[tuple[str, int, dict[str, Any] | Refusal]]:  # fmt: skip
    return list(opened.changes_after(seen or {}, me))


# -- round trips -------------------------------------------------------------------------------


def test_a_sealed_folder_round_trip(root: Path) -> None:
    opened, identity = Folder.open(root, PASSPHRASE, False, IDENTITY)
    assert opened.created and opened.sealed and identity == IDENTITY
    assert opened.write_change(A, 1, change(A, 1))
    assert opened.write_change(A, 2, change(A, 2, "second"))
    assert opened.write_change(B, 1, change(B, 1, "from b"))

    elsewhere, identity = Folder.open(root, PASSPHRASE, False, {"journal_id": "other"})
    assert not elsewhere.created and identity == IDENTITY  # the folder's, not the caller's
    found = read_all(elsewhere)
    assert [(m, n) for m, n, _ in found] == [(A, 1), (A, 2), (B, 1)]
    assert [body for _, _, body in found] == [
        json.loads(change(A, 1)),
        json.loads(change(A, 2, "second")),
        json.loads(change(B, 1, "from b")),
    ]
    # what this machine has applied, and its own files, are not read again
    assert [(m, n) for m, n, _ in elsewhere.changes_after({A: 1}, B)] == [(A, 2)]

    raw = (root / change_place(A, 1)).read_bytes()
    assert raw.startswith(sealing.SEALED_MAGIC)
    for secret in (SECRET, "thesis", "notes", A):
        assert secret.encode() not in raw
    settings = (root / "punchin-sync.json").read_text(encoding="utf-8")
    assert PASSPHRASE not in settings and json.loads(settings)["sealing"] == "aes-256-gcm"


def test_a_plain_folder_round_trip(root: Path) -> None:
    opened, identity = Folder.open(root, None, True, IDENTITY)
    assert opened.created and not opened.sealed and identity == IDENTITY
    assert opened.write_change(A, 1, change(A, 1))
    raw = (root / change_place(A, 1)).read_bytes()
    assert raw.startswith(b"PUNCHPLAIN1\n")
    assert gzip.decompress(raw[len(b"PUNCHPLAIN1\n") :]).decode() == change(A, 1)
    again = open_folder(root, plain=True)
    assert read_all(again) == [(A, 1, json.loads(change(A, 1)))]
    assert json.loads((root / "punchin-sync.json").read_text())["sealing"] == "none"


def test_a_snapshot_and_states_round_trip(root: Path, mode: str) -> None:
    opened = open_folder(root, plain=mode == "plain")
    assert opened.newest_snapshot() is None
    opened.write_snapshot(A, 3, snapshot(A, {A: 3, B: 1}))
    opened.write_state(A, "work-laptop", "2026-11-23T21:00:00+00:00", {B: 1})
    again = open_folder(root, plain=mode == "plain")
    assert again.newest_snapshot() == (snapshot_place(A, 3), json.loads(snapshot(A, {A: 3, B: 1})))
    assert again.states() == {
        A: MachineState(A, "work-laptop", "2026-11-23T21:00:00+00:00", {B: 1})
    }
    if mode == "sealed":
        assert b"work-laptop" not in (root / state_place(A)).read_bytes()


def test_cryptography_is_loaded_only_to_seal(tmp_path: Path) -> None:
    code = (
        "import sys\nimport punchin.sync.folder, punchin.sync.sealing\n"
        "from punchin.sync.folder import Folder\n"
        "Folder.open(sys.argv[1], None, True, {})\n"
        "print('cryptography' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "plain")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "False"


# -- opening: the passphrase, --plain, folders that are not ours ------------------------------


def test_a_wrong_passphrase_is_one_line_before_any_file_is_read(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_folder(root)
    opened.write_change(A, 1, change(A, 1))
    opened.write_state(A, "work", "2026-11-23", {})
    read: list[str] = []
    real = folder_module._read_file

    def watched(path: Path, limit: int = folder_module.FILE_LIMIT) -> bytes:
        read.append(path.name)
        return real(path, limit)

    monkeypatch.setattr(folder_module, "_read_file", watched)
    with pytest.raises(PunchinError) as raised:
        Folder.open(root, "Correct horse battery staple", False, IDENTITY)
    assert str(raised.value) == f"the sync passphrase does not open {root}"
    assert raised.value.key == "sync_wrong_passphrase" and "\n" not in str(raised.value)
    assert read == ["punchin-sync.json"]


def test_the_passphrase_is_taken_composed(root: Path) -> None:
    Folder.open(root, "caf\u00e9", False, IDENTITY)
    assert Folder.open(root, "cafe\u0301", False, IDENTITY)[0].sealed


def test_plain_and_sealed_are_never_mixed(tmp_path: Path) -> None:
    plain, sealed = tmp_path / "plain", tmp_path / "sealed"
    open_folder(plain, plain=True)
    open_folder(sealed)
    cases = [
        (lambda: Folder.open(plain, PASSPHRASE, False, IDENTITY), "sync_folder_plain"),
        (lambda: Folder.open(sealed, PASSPHRASE, True, IDENTITY), "sync_folder_sealed"),
        (lambda: Folder.open(sealed, None, True, IDENTITY), "sync_folder_sealed"),
        (lambda: Folder.open(sealed, None, False, IDENTITY), "sync_folder_needs_passphrase"),
    ]
    for attempt, key in cases:
        with pytest.raises(PunchinError) as raised:
            attempt()
        assert raised.value.key == key and "\n" not in str(raised.value)
    with pytest.raises(UsageError) as raised:
        Folder.open(tmp_path / "new", None, False, IDENTITY)
    assert raised.value.key == "sync_needs_new_passphrase"
    assert not (tmp_path / "new").exists()


def test_a_file_of_the_other_kind_is_refused(tmp_path: Path) -> None:
    """A plain file put in a sealed folder (by someone without the key) is never read as a
    change, nor a sealed one in a plain folder."""
    plain, sealed = open_folder(tmp_path / "plain", plain=True), open_folder(tmp_path / "sealed")
    plain.write_change(A, 1, change(A, 1))
    sealed.write_change(A, 1, change(A, 1))
    plain_bytes = (plain.root / change_place(A, 1)).read_bytes()
    sealed_bytes = (sealed.root / change_place(A, 1)).read_bytes()
    (plain.root / change_place(A, 1)).write_bytes(sealed_bytes)
    (sealed.root / change_place(A, 1)).write_bytes(plain_bytes)
    [(_, _, in_sealed)] = read_all(sealed)
    [(_, _, in_plain)] = read_all(plain)
    assert isinstance(in_sealed, Refusal) and in_sealed.key == "sync_refused_unsealed"
    assert isinstance(in_plain, Refusal) and in_plain.key == "sync_refused_sealed"


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('{"format": "something-else", "version": 1}', "sync_folder_foreign"),
        ("not json at all", "sync_folder_foreign"),
        ("[1, 2]", "sync_folder_foreign"),
        ('{"format": "punchin-sync", "version": 2, "sealing": "none", "journal": {}}',
         "sync_folder_newer"),
        ('{"format": "punchin-sync", "version": 1, "sealing": "rot13", "journal": {}}',
         "sync_folder_newer"),
        ('{"format": "punchin-sync", "version": 1, "sealing": "none", "journal": [1]}',
         "sync_folder_foreign"),
        ('{"format": "punchin-sync", "version": 1, "sealing": "aes-256-gcm", "journal": {}, '
         '"kdf": {"name": "scrypt", "salt": "AAAAAAAAAAAAAAAAAAAAAA==", "n": 1073741824, '
         '"r": 8, "p": 1, "length": 32}, "key_check": "x"}', "sync_folder_foreign"),
        ('<<<<<<< HEAD\n{"format": "punchin-sync"}\n=======\n{}\n>>>>>>> other\n',
         "sync_settings_conflict"),
    ],
)  # fmt: skip
def test_a_settings_file_not_ours_is_refused(root: Path, content: str, key: str) -> None:
    root.mkdir(parents=True)
    (root / "punchin-sync.json").write_text(content, encoding="utf-8")
    with pytest.raises(PunchinError) as raised:
        Folder.open(root, PASSPHRASE, False, IDENTITY)
    assert raised.value.key == key and "\n" not in str(raised.value)
    assert (root / "punchin-sync.json").read_text(encoding="utf-8") == content
    assert sorted(p.name for p in root.iterdir()) == ["punchin-sync.json"]


def test_only_an_empty_folder_is_set_up(tmp_path: Path) -> None:
    busy = tmp_path / "Dropbox"
    busy.mkdir()
    (busy / "taxes.pdf").write_bytes(b"%PDF")
    with pytest.raises(PunchinError) as raised:
        Folder.open(busy, PASSPHRASE, False, IDENTITY)
    assert raised.value.key == "sync_folder_not_empty"
    assert sorted(p.name for p in busy.iterdir()) == ["taxes.pdf"]

    arriving = tmp_path / "arriving"  # the syncer copied change files, not yet the settings
    (arriving / "machines" / A).mkdir(parents=True)
    with pytest.raises(PunchinError) as raised:
        Folder.open(arriving, PASSPHRASE, False, IDENTITY)
    assert raised.value.key == "sync_folder_incomplete"
    assert not (arriving / "punchin-sync.json").exists()

    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(PunchinError) as raised:
        Folder.open(a_file, PASSPHRASE, False, IDENTITY)
    assert raised.value.key == "sync_not_folder"

    syncers = tmp_path / "syncers"  # what a syncer or git keeps in it does not count
    for name in (".stfolder", ".git"):
        (syncers / name).mkdir(parents=True)
    (syncers / ".stignore").write_text("")
    assert is_new_folder(syncers)
    assert open_folder(syncers).created
    assert not is_new_folder(syncers) and is_new_folder(tmp_path / "nothing")


def test_a_settings_file_that_arrives_first_is_kept(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two machines setting up at once: the punchin-sync.json already there is never
    replaced; the late one reads it."""
    first = open_folder(root)
    kept = (root / "punchin-sync.json").read_bytes()
    monkeypatch.setattr(folder_module, "_check_empty", lambda root: None)
    monkeypatch.setattr(os.path, "lexists", lambda path: False)  # as if it were not there yet
    late, identity = Folder.open(root, PASSPHRASE, False, {"journal_id": "late"})
    monkeypatch.undo()
    assert (root / "punchin-sync.json").read_bytes() == kept
    assert not late.created and identity == IDENTITY
    late.write_change(B, 1, change(B, 1))
    assert [n for _, n, _ in first.changes_after({}, A)] == [1]


def test_files_sealed_under_a_conflict_copy_of_the_settings_still_open(tmp_path: Path) -> None:
    """Two machines set up the folder at once; the syncer kept one punchin-sync.json and
    renamed the other: the files of the machine whose copy lost still open."""
    here, there = tmp_path / "here", tmp_path / "there"
    open_folder(here).write_change(A, 1, change(A, 1))
    open_folder(there).write_change(B, 1, change(B, 1))
    shutil.copy(
        there / "punchin-sync.json",
        here / "punchin-sync.sync-conflict-20261123-210000-ABCDEFG.json",
    )
    (here / "machines" / B).mkdir()
    shutil.copy(there / change_place(B, 1), here / change_place(B, 1))
    found = read_all(open_folder(here))
    assert [(m, n) for m, n, body in found if isinstance(body, dict)] == [(A, 1), (B, 1)]
    opened = open_folder(here)
    opened.write_change(A, 2, change(A, 2))  # sealed with the kept key
    assert Folder.open(here, PASSPHRASE, False, IDENTITY)[0].sealer.open(
        change_place(A, 2), (here / change_place(A, 2)).read_bytes()
    )


# -- what a syncer leaves behind -----------------------------------------------------------------


def test_damaged_renamed_and_foreign_files_are_refused_the_rest_read(root: Path, mode: str) -> None:
    opened = open_folder(root, plain=mode == "plain")
    for number in range(1, 7):
        opened.write_change(A, number, change(A, number))
    opened.write_change(B, 1, change(B, 1))
    folder = root / "machines" / A
    place = root / change_place(A, 1)  # a byte flipped in the middle
    data = bytearray(place.read_bytes())
    data[len(data) // 2] ^= 0x40
    place.write_bytes(bytes(data))
    place = root / change_place(A, 2)  # cut short, as a half-copied file
    place.write_bytes(place.read_bytes()[: len(place.read_bytes()) // 2])
    # B's first file copied over A's third: another machine's name and number
    shutil.copy(root / change_place(B, 1), root / change_place(A, 3))
    (root / change_place(A, 4)).write_text(  # a JSON file of someone else's
        json.dumps({"format": "punchin-sync-changes", "machine": A, "number": 4}))  # fmt: skip
    # names that are never read: a syncer's conflict copies and temporary files, git's
    # folder, a file of another name
    (folder / "000000000005.sync-conflict-20261123-210000-ABCDEFG.change").write_bytes(
        (root / change_place(A, 2)).read_bytes()
    )
    (folder / "000000000007 (work-laptop's conflicted copy 2026-11-23).change").write_text("x")
    (folder / ".000000000007.change.k2j4h5g6.tmp").write_bytes(b"PUNCHSYNC1\n half")
    (folder / ".syncthing.000000000008.change.tmp").write_text("half")
    (folder / "~000000000009.change").write_text("x")
    (folder / "00000000010.change").write_text("x")  # eleven digits
    (root / ".git" / "objects").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (root / "machines" / "NotAMachine").mkdir()
    (root / "machines" / "NotAMachine" / "000000000001.change").write_text("x")
    (root / "machines" / f"{B}.sync-conflict-20261123").mkdir()

    found = read_all(open_folder(root, plain=mode == "plain"))
    assert [(m, n) for m, n, _ in found] == [(A, n) for n in range(1, 7)] + [(B, 1)]
    bodies = {(m, n): body for m, n, body in found}
    assert bodies[(A, 5)] == json.loads(change(A, 5))
    assert bodies[(A, 6)] == json.loads(change(A, 6))
    assert bodies[(B, 1)] == json.loads(change(B, 1))
    refused = {n: body for (m, n), body in bodies.items() if isinstance(body, Refusal)}
    assert sorted(refused) == [1, 2, 3, 4]
    for number, refusal in refused.items():
        assert refusal.path == change_place(A, number)
        assert refusal.reason and "\n" not in refusal.reason and refusal.key
    if mode == "sealed":
        assert {refused[n].key for n in (1, 2, 3)} == {"sync_refused_seal"}
        assert refused[4].key == "sync_refused_foreign"
    else:
        assert refused[1].key == "sync_refused_damaged"
        assert refused[2].key == "sync_refused_short"
        assert refused[3].key == "sync_refused_misnamed"
        assert refused[4].key == "sync_refused_foreign"


def test_a_body_that_names_another_file_or_a_newer_version_is_refused(root: Path) -> None:
    opened = open_folder(root)

    def put(place: str, text: str) -> None:
        (root / place).parent.mkdir(parents=True, exist_ok=True)
        (root / place).write_bytes(opened.sealer.seal(place, text.encode()))

    put(change_place(A, 1), change(A, 2))  # sealed for its path, but says number 2
    put(change_place(A, 2), change(B, 2))  # says machine B
    newer = json.loads(change(A, 3))
    newer["version"] = 2
    put(change_place(A, 3), json.dumps(newer))
    put(change_place(A, 4), "[not, json")
    put(change_place(A, 5), json.dumps({"format": "punchin-sync-changes", "version": 1,
                                        "machine": A, "number": 5}))  # fmt: skip
    put(change_place(A, 6), '"just a string"')
    put(change_place(A, 7), "[" * 100_000 + "]" * 100_000)
    found = {n: body for _, n, body in read_all(opened)}
    keys = {n: body.key for n, body in found.items() if isinstance(body, Refusal)}
    assert keys == {
        1: "sync_refused_misnamed",
        2: "sync_refused_misnamed",
        3: "sync_refused_newer",
        4: "sync_refused_json",
        5: "sync_refused_format",
        6: "sync_refused_foreign",
        7: "sync_refused_json",
    }


def test_a_symlink_or_a_folder_under_a_change_file_name_is_refused(root: Path) -> None:
    opened = open_folder(root, plain=True)
    opened.write_change(A, 1, change(A, 1))
    (root / change_place(A, 2)).mkdir()
    secret = root.parent / "secret.txt"
    secret.write_text("not for the folder")
    (root / change_place(A, 3)).symlink_to(secret)
    opened.write_change(A, 4, change(A, 4))
    found = {n: body for _, n, body in read_all(opened)}
    assert isinstance(found[1], dict) and isinstance(found[4], dict)
    assert isinstance(found[2], Refusal) and isinstance(found[3], Refusal)


def test_a_gap_is_told(root: Path) -> None:
    opened = open_folder(root, plain=True)
    for number in (1, 2, 4, 5):
        opened.write_change(A, number, change(A, number))
    opened.write_change(B, 1, change(B, 1))
    assert [n for m, n, _ in read_all(opened) if m == A] == [1, 2, 4, 5]
    assert opened.gaps({}, C) == {A: 3}
    assert opened.gaps({A: 2}, C) == {A: 3}
    assert opened.gaps({A: 5, B: 1}, C) == {}
    assert opened.gaps({}, A) == {}


# -- immutability ------------------------------------------------------------------------------


def test_change_files_are_immutable(root: Path) -> None:
    opened = open_folder(root)
    assert opened.write_change(A, 1, change(A, 1)) is True
    written = (root / change_place(A, 1)).read_bytes()
    assert opened.write_change(A, 1, change(A, 1)) is False  # again, after a crash
    assert (root / change_place(A, 1)).read_bytes() == written
    with pytest.raises(SyncClash) as raised:  # two journals under one machine id
        opened.write_change(A, 1, change(A, 1, "other changes"))
    assert raised.value.key == "sync_clash" and "\n" not in str(raised.value)
    assert (root / change_place(A, 1)).read_bytes() == written
    (root / change_place(A, 1)).write_bytes(written[:20])  # its own file, damaged
    assert opened.write_change(A, 1, change(A, 1)) is True
    assert read_all(opened) == [(A, 1, json.loads(change(A, 1)))]
    assert not [p for p in (root / "machines" / A).iterdir() if p.name.endswith(".tmp")]


def test_a_snapshot_made_again_at_the_same_number_replaces_it(root: Path) -> None:
    opened = open_folder(root)
    opened.write_snapshot(A, 0, snapshot(A, {A: 0}))
    opened.write_snapshot(A, 0, snapshot(A, {A: 0, B: 4}))
    found = opened.newest_snapshot()
    assert isinstance(found, tuple) and found[1]["seen"] == {A: 0, B: 4}


# -- pruning -----------------------------------------------------------------------------------


def names(root: Path, machine: str) -> list[int]:
    return sorted(int(p.name[:12]) for p in (root / "machines" / machine).glob("*.change"))


def test_pruning_keeps_what_is_not_applied_everywhere_or_in_a_snapshot(root: Path) -> None:
    opened = open_folder(root, plain=True)
    for number in range(1, 6):
        opened.write_change(A, number, change(A, number))
    for number in range(1, 4):
        opened.write_change(B, number, change(B, number))
    opened.write_state(A, "work", "2026-11-23", {B: 3})
    opened.write_state(B, "home", "2026-11-23", {A: 3})
    assert opened.prune() == 0  # no snapshot includes anything yet
    assert names(root, A) == [1, 2, 3, 4, 5] and names(root, B) == [1, 2, 3]

    opened.write_snapshot(A, 5, snapshot(A, {A: 5, B: 2}))
    assert opened.prune() == 5
    assert names(root, A) == [4, 5]  # B has applied up to 3
    assert names(root, B) == [3]  # the snapshot includes up to 2 (and 3 is B's newest)

    opened.write_state(C, "new", "2026-11-23", {})  # a third machine, nothing applied yet
    opened.write_state(B, "home", "2026-11-24", {A: 5})
    opened.write_change(B, 4, change(B, 4))
    opened.write_snapshot(B, 4, snapshot(B, {A: 5, B: 4}))
    assert opened.prune() == 0
    assert names(root, A) == [4, 5] and names(root, B) == [3, 4]
    opened.write_state(C, "new", "2026-11-24", {A: 5, B: 4})
    opened.write_state(A, "work", "2026-11-24", {B: 4})
    assert opened.prune() == 2
    assert names(root, A) == [5] and names(root, B) == [4]  # each machine's newest stays


def test_a_state_file_that_does_not_open_stops_pruning(root: Path) -> None:
    opened = open_folder(root, plain=True)
    for number in range(1, 4):
        opened.write_change(A, number, change(A, number))
    opened.write_snapshot(A, 3, snapshot(A, {A: 3}))
    opened.write_state(B, "home", "2026-11-23", {A: 3})
    (root / "machines" / C).mkdir()
    (root / state_place(C)).write_bytes(b"PUNCHPLAIN1\n damaged")
    assert isinstance(opened.states()[C], Refusal)
    assert opened.prune() == 0 and names(root, A) == [1, 2, 3]
    (root / state_place(C)).unlink()
    assert opened.prune() == 2 and names(root, A) == [3]


def test_snapshots_keep_the_newest_two_and_a_new_machine_gets_a_complete_one(
    root: Path,
) -> None:
    opened = open_folder(root)
    for number in range(1, 8):
        opened.write_change(A, number, change(A, number))
    opened.write_state(A, "work", "2026-11-23", {})
    opened.write_snapshot(A, 2, snapshot(A, {A: 2}, "2026-01-01"))
    opened.write_snapshot(A, 4, snapshot(A, {A: 4}, "2026-02-01"))
    opened.write_snapshot(A, 6, snapshot(A, {A: 6}, "2026-03-01"))
    assert opened.prune() == 1 + 6  # the oldest of the three, and A's files 1 to 6
    left = sorted(p.name for p in (root / "snapshots").iterdir())
    assert left == [Path(snapshot_place(A, n)).name for n in (4, 6)]
    assert names(root, A) == [7]  # A's newest stays
    # a snapshot made long ago arrives late: it includes the most changes, but not A's
    # files 2 to 6, which are gone; a new machine starts from A's newest, which does
    opened.write_snapshot(B, 0, snapshot(B, {A: 1, B: 0, C: 9}, "2025-12-01"))
    found = opened.newest_snapshot()
    assert isinstance(found, tuple) and found[0] == snapshot_place(A, 6)
    assert opened.prune() == 0  # not included by two others: it stays


def test_a_snapshot_that_does_not_open_is_refused_and_never_removed(root: Path) -> None:
    opened = open_folder(root)
    opened.write_change(A, 1, change(A, 1))
    opened.write_snapshot(A, 1, snapshot(A, {A: 1}))
    place = root / snapshot_place(A, 1)
    place.write_bytes(place.read_bytes()[:-5])
    again = open_folder(root)
    found = again.newest_snapshot()
    assert isinstance(found, Refusal) and found.path == snapshot_place(A, 1)
    for number in (2, 3, 4):
        again.write_snapshot(A, number, snapshot(A, {A: number}))
    again.prune()
    assert place.exists()
    assert again.snapshot_due(A, 4) is False


def test_a_snapshot_is_due_every_50_change_files_or_when_none_serves(root: Path) -> None:
    opened = open_folder(root, plain=True)
    assert not opened.snapshot_due(A, 0)  # nothing in the folder yet
    opened.write_change(A, 1, change(A, 1))
    assert opened.snapshot_due(A, 1) and opened.snapshot_due(B, 0)
    opened.write_snapshot(A, 1, snapshot(A, {A: 1}))
    assert not opened.snapshot_due(A, 1) and not opened.snapshot_due(B, 0)
    assert not opened.snapshot_due(A, 50)
    assert opened.snapshot_due(A, 51)
    assert opened.snapshot_due(B, 50)  # B made none: 50 since its start
    # A's files 1 and 2 pruned while a snapshot that misses them is the only one
    opened.write_change(A, 3, change(A, 3))
    (root / snapshot_place(A, 1)).unlink()
    opened.write_snapshot(B, 0, snapshot(B, {B: 0}))
    (root / change_place(A, 1)).unlink()
    assert opened.snapshot_due(A, 3) and opened.snapshot_due(C, 0)
    assert not opened.snapshot_due(B, 0)  # it made one at this number already


def test_temporary_files_left_by_a_kill_go_a_day_later(root: Path) -> None:
    opened = open_folder(root, plain=True)
    opened.write_change(A, 1, change(A, 1))
    old = root / "machines" / A / ".000000000002.change.ab12cd34.tmp"
    new = root / "snapshots" / f".{A}-000000000001.snapshot.zz99yy88.tmp"
    old.write_bytes(b"half")
    new.write_bytes(b"half")
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    assert opened.prune() == 0
    assert not old.exists() and new.exists()


# -- status ------------------------------------------------------------------------------------


def test_status_names_the_machines_and_what_waits(root: Path) -> None:
    opened = open_folder(root)
    for number in (1, 2, 4):
        opened.write_change(A, number, change(A, number))
    opened.write_change(B, 1, change(B, 1))
    opened.write_state(A, "work-laptop", "2026-11-23T21:00:00+00:00", {B: 1})
    opened.write_snapshot(A, 4, snapshot(A, {A: 4, B: 1}))
    status = opened.status({A: 1}, B)
    assert status.sealed and status.snapshots == 1 and status.waiting == 2
    work, home = status.machines
    assert (work.machine, work.name, work.at) == (A, "work-laptop", "2026-11-23T21:00:00+00:00")
    assert (work.newest, work.waiting, work.gap) == (4, 2, 3)
    assert (home.machine, home.name, home.at, home.newest, home.waiting) == (B, None, None, 1, 0)


# -- privacy -----------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_files_are_0600_and_folders_0700(tmp_path: Path, mode: str) -> None:
    root = tmp_path / "shared-disk" / "punchin"
    root.mkdir(parents=True, mode=0o755)
    root.chmod(0o755)  # made by the person, readable by everyone
    (root / "machines").mkdir()
    (root / "machines").chmod(0o777)  # as a syncer might have made it
    # … but with no punchin-sync.json yet it is a folder being copied, not one to set up
    with pytest.raises(PunchinError):
        open_folder(root, plain=mode == "plain")
    (root / "machines").rmdir()
    old = os.umask(0o022)
    try:
        opened = open_folder(root, plain=mode == "plain")
        (root / "machines").chmod(0o777)
        opened.write_change(A, 1, change(A, 1))
        opened.write_snapshot(A, 1, snapshot(A, {A: 1}))
        opened.write_state(A, "work", "2026-11-23", {})
    finally:
        os.umask(old)
    for path in [root, *root.rglob("*")]:
        permissions = stat.S_IMODE(path.stat().st_mode)
        assert permissions == (0o700 if path.is_dir() else 0o600), path
