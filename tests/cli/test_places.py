"""Where the journal lives: the platform folder, PUNCHIN_HOME, PUNCHIN_DB and --db."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run


def test_where_shows_every_place(run: Run, home: Path) -> None:
    places = json.loads(run("where", "--json").output)
    assert places == {
        "journal": str(home / "journal.db"),
        "settings": str(home / "settings.toml"),
        "prompts": str(home / "prompts"),
    }
    assert f"journal:   {home / 'journal.db'}" in run("where").output


def test_platform_folders_without_punchin_home(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PUNCHIN_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    run("goal", "add", "Lives in the data folder")
    assert (tmp_path / "data" / "punchin" / "journal.db").is_file()
    assert (tmp_path / "data" / "punchin").stat().st_mode & 0o777 == 0o700
    run("init", "--language", "en", "-y")
    assert (tmp_path / "config" / "punchin" / "settings.toml").is_file()


def test_db_option_and_env_var_choose_another_journal(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work" / "journal.db"
    run("--db", str(work), "goal", "add", "Work goal")
    assert work.is_file() and work.stat().st_mode & 0o777 == 0o600
    assert "Work goal" not in run("goal", "list").output  # the default journal is separate
    monkeypatch.setenv("PUNCHIN_DB", str(work))
    assert "Work goal" in run("goal", "list").output
    assert json.loads(run("where", "--json").output)["journal"] == str(work)
    other = tmp_path / "other.db"
    assert "Work goal" not in run("--db", str(other), "goal", "list").output  # --db wins


def test_settings_are_kept_private_and_read_back(run: Run, home: Path) -> None:
    result = run("init", "--weekly-day", "sun", "--weekly-time", "9:30", "--minutes", "45", "-y")
    assert result.exit_code == 0, result.output
    assert "Weekly review: Sunday 09:30, 45 minutes" in result.output
    settings = home / "settings.toml"
    assert settings.stat().st_mode & 0o777 == 0o600
    assert 'weekly_day = "sunday"' in settings.read_text(encoding="utf-8")
    again = run("init", "--timezone", "Asia/Shanghai", "-y")
    assert "Sunday 09:30, 45 minutes" in again.output  # what is not given is kept
    assert "timezone Asia/Shanghai" in again.output
    chinese = run("--lang", "zh", "init", "-y").output
    assert "星期日 09:30，45 分钟" in chinese and "sunday" not in chinese


@pytest.mark.fresh_journal
def test_a_journal_from_the_first_release_is_upgraded_in_place(
    run: Run, journal_file: Path
) -> None:
    import sqlite3

    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from punchin.store import migrations

    journal_file.parent.mkdir(mode=0o700)
    first = Migrations(migrations.MIGRATION_SET)
    first()(migrations.m001_initial)
    first.apply(Database(str(journal_file)))
    assert journal_file.read_bytes()[68:72] == bytes(4)  # no mark yet: known by its tables
    assert run("goal", "add", "Written after the upgrade").exit_code == 0
    assert journal_file.read_bytes()[68:72] == b"punc"  # marked by the upgrade, in the file
    with sqlite3.connect(journal_file) as conn:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(goals)")]
    assert applied == list(migrations.names())
    assert "carried_from" in columns
