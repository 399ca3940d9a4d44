"""`punchin sync` as a person runs it on two machines (two homes, one folder): the first
sync on each, a goal and a check-in crossing over, the same week written on both, the
automatic sync around a review, and the refusals, each one line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import Run

PASSPHRASE = "correct horse battery"


@pytest.fixture
def machines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """Two homes (machines) and the folder they sync through, a passphrase in the
    environment."""
    monkeypatch.setenv("PUNCHIN_SYNC_PASSPHRASE", PASSPHRASE)
    return tmp_path / "work", tmp_path / "laptop", tmp_path / "Sync" / "punchin"


def on(home: Path) -> None:
    os.environ["PUNCHIN_HOME"] = str(home)


def test_a_goal_crosses_over_and_comes_back_edited(
    run: Run, machines: tuple[Path, Path, Path]
) -> None:
    work, laptop, folder = machines
    on(work)
    assert run("goal", "add", "Write chapter 3", "--on", "2026-W48").exit_code == 0
    first = run("sync", "--dir", str(folder))
    assert first.exit_code == 0, first.output
    assert "Changes sent: 1" in first.output
    on(laptop)
    joined = run("sync", "--dir", str(folder))
    assert joined.exit_code == 0, joined.output
    assert "received: 1" in joined.output
    goals = json.loads(run("goal", "list", "--all", "--json").output)
    (goal,) = goals
    assert goal["title"] == "Write chapter 3"
    assert run("goal", "edit", goal["id"][:7], "--title", "Write chapter 4").exit_code == 0
    assert run("sync").exit_code == 0  # remembered: no --dir the second time
    on(work)
    assert run("sync").exit_code == 0
    (back,) = json.loads(run("goal", "list", "--all", "--json").output)
    assert back["title"] == "Write chapter 4"
    status = run("sync", "--status").output
    assert "this machine" in status and status.count("last synced") == 2
    names = [p.name for p in folder.rglob("*") if p.is_file()]
    assert "journal.db" not in names
    for path in folder.rglob("*.change"):
        assert b"chapter" not in path.read_bytes()  # sealed
        assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_same_week_on_two_machines_is_one_check_in(
    run: Run, machines: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both machines check the week in before either hears of the other (no passphrase at
    hand: the automatic sync says so and the review goes on); then they sync."""
    work, laptop, folder = machines
    for home in (work, laptop):
        on(home)
        assert run("sync", "--dir", str(folder)).exit_code == 0
    monkeypatch.delenv("PUNCHIN_SYNC_PASSPHRASE")
    for home, at, said in (
        (work, "2026-11-23T21:00:00+00:00", ("Drafted the intro", "Start earlier")),
        (laptop, "2026-11-23T22:30:00+00:00", ("Drafted intro and outline", "Start Monday")),
    ):
        on(home)
        os.environ["PUNCHIN_NOW"] = at
        template = json.loads(run("week", "--on", "2026-W47", "--answers-template").output)
        template.update(accomplished=said[0], mentor=said[1])
        result = run("week", "--on", "2026-W47", "--answers", "-", input=json.dumps(template))
        assert result.exit_code == 0, result.output
    on(work)  # later still, the work machine changes one answer
    os.environ["PUNCHIN_NOW"] = "2026-11-23T23:00:00+00:00"
    template = json.loads(run("week", "--on", "2026-W47", "--answers-template").output)
    template.update(accomplished="Drafted the intro", mentor="Start at 8 every morning")
    amended = run(
        "week", "--on", "2026-W47", "--amend", "--answers", "-", input=json.dumps(template)
    )
    assert amended.exit_code == 0, amended.output
    monkeypatch.setenv("PUNCHIN_SYNC_PASSPHRASE", PASSPHRASE)
    for home in (work, laptop, work, laptop):  # everyone twice: settled
        on(home)
        assert run("sync").exit_code == 0
    shown = []
    for home in (work, laptop):
        on(home)
        shown.append(json.loads(run("show", "2026-W47", "--json").output))
    assert shown[0] == shown[1]
    answers_shown = shown[0]["answers"]
    # answer by answer, the later one wins: the amended mentor's view from work, and
    # (the amendment kept work's first words) work's "accomplished", written at 23:00 too
    assert answers_shown["mentor"] == "Start at 8 every morning"
    # the amendment left "accomplished" as work first wrote it (21:00): the laptop's, written
    # at 22:30, is the later
    assert answers_shown["accomplished"] == "Drafted intro and outline"
    exports = []
    for home in (work, laptop):
        on(home)
        data = json.loads(run("export").output)
        data.pop("exported_at", None)
        exports.append(data)
    assert exports[0] == exports[1]


def test_a_review_syncs_by_itself_and_never_fails_for_it(
    run: Run, machines: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    work, laptop, folder = machines
    for home in (work, laptop):
        on(home)
        assert run("sync", "--dir", str(folder)).exit_code == 0
    on(work)
    assert run("goal", "add", "Run twice", "--on", "2026-W47").exit_code == 0
    template = json.loads(run("week", "--on", "2026-W47", "--answers-template").output)
    template.update(accomplished="Ran twice", mentor="Keep it up")
    for goal in template["goals"].values():
        goal.update(status="done")
    result = run("week", "--on", "2026-W47", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0, result.output
    on(laptop)
    received = run("sync")
    assert "received: 0" not in received.output  # the review sent its check-in
    assert json.loads(run("show", "2026-W47", "--json").output)["entry"]["status"] == "done"
    monkeypatch.delenv("PUNCHIN_SYNC_PASSPHRASE")
    on(work)
    template = json.loads(run("week", "--on", "2026-W46", "--answers-template").output)
    template.update(accomplished="Read", mentor="Fine")
    result = run("week", "--on", "2026-W46", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0
    assert "not synced: the sync passphrase is not in $PUNCHIN_SYNC_PASSPHRASE" in result.stderr


def test_refusals_are_one_line_and_change_nothing(
    run: Run, machines: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    work, laptop, folder = machines
    on(work)
    inside = run("sync", "--dir", str(work))
    assert inside.exit_code == 2
    assert "holds the journal" in inside.stderr and "Traceback" not in inside.output
    assert not (work / "settings.toml").exists()  # nothing remembered
    assert run("sync").exit_code == 2  # no folder yet: one line
    assert run("sync", "--dir", str(folder)).exit_code == 0
    monkeypatch.setenv("PUNCHIN_SYNC_PASSPHRASE", "wrong")
    on(laptop)
    wrong = run("sync", "--dir", str(folder))
    assert wrong.exit_code == 1
    assert wrong.stderr.strip().count("\n") == 0 and "does not open" in wrong.stderr
    zh = run("--lang", "zh", "sync")
    assert zh.exit_code == 1 and "Traceback" not in zh.output
    monkeypatch.setenv("PUNCHIN_SYNC_PASSPHRASE", PASSPHRASE)
    plain = run("sync", "--dir", str(folder), "--plain")
    assert plain.exit_code != 0 and "Traceback" not in plain.output
    on(work)
    assert run("goal", "add", "Seen from afar", "--on", "2026-W48").exit_code == 0
    assert run("sync").exit_code == 0
    (change,) = [p for p in folder.rglob("*.change") if p.read_bytes()]
    damaged = bytearray(change.read_bytes())
    damaged[-5] ^= 0xFF
    change.write_bytes(bytes(damaged))
    on(laptop)
    got = run("sync", "--dir", str(folder))
    assert got.exit_code == 0
    assert "skipped" in got.stderr and "nothing was taken from it" in got.stderr
    assert json.loads(run("goal", "list", "--all", "--json").output) == []
