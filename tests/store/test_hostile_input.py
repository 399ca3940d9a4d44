"""No file name and no file breaks a command: pipes, sockets and devices as the journal, JSON
nested past what Python reads, names too long or empty, `~user` of nobody, clocks and
numbers out of range, placeholders that would reach into a value, and exports whose records
would go in out of reach. Each is one line and a non-zero exit, never a traceback, and
nothing is made or changed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import Result
from conftest import Run
from processes import SCRIPT

LONG = "a" * 10_000


def one_line(result: Result, code: int | None = None) -> str:
    """The error line a command printed, after checking it is one line and no traceback."""
    assert result.exit_code != 0, result.output
    if code is not None:
        assert result.exit_code == code, result.output
    error = result.stderr
    assert error.count("\n") == 1 and "Traceback" not in error, error
    return error


# -- what the journal cannot be -----------------------------------------------------------------


def test_a_fifo_as_the_journal_is_refused_at_once(tmp_path: Path, home: Path) -> None:
    fifo = tmp_path / "journal.fifo"
    os.mkfifo(fifo)
    env = dict(os.environ)
    for command in (["goal", "list"], ["due"], ["check"], ["week"], ["backup"]):
        done = subprocess.run(  # a process of its own: a hang fails the test, not the suite
            [str(SCRIPT), "--db", str(fifo), *command],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=30,
            check=False,
        )
        assert done.returncode == 1, (command, done.stderr)
        assert done.stderr.count("\n") == 1, done.stderr
        assert "is not a regular file (a device, a pipe or a socket)" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["journal.fifo"]


def test_a_socket_as_the_journal_is_refused_and_nothing_is_made_beside_it(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        for command in (["goal", "add", "x"], ["note", "list"], ["export"]):
            error = one_line(run("--db", str(path), *command), 1)
            assert "a journal is a file" in error
    assert not Path(f"{path}.lock").exists()


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_as_the_journal_is_refused(run: Run, device: str) -> None:
    for command in (["goal", "list"], ["due"], ["init", "--yes"]):
        assert "is not a regular file" in one_line(run("--db", device, *command), 1)


# -- JSON nested past what can be read ----------------------------------------------------------


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    path = tmp_path / "nested.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


def test_json_nested_100000_deep_is_one_line_everywhere(run: Run, nested: Path) -> None:
    assert "nested too deeply" in one_line(run("import", str(nested)), 1)
    assert "nested too deeply" in one_line(run("import", "--from", "jrnl", str(nested)), 1)
    error = one_line(run("week", "--on", "2026-W47", "--answers", str(nested)), 1)
    assert "answers file" in error and "nested too deeply" in error
    error = one_line(run("week", "--on", "2026-W47", "--answers", "-", input=nested.read_text()))
    assert "nested too deeply" in error
    assert json.loads(run("export").output)["goals"] == []


def test_json_nested_too_deeply_in_chinese(run: Run, nested: Path) -> None:
    assert "嵌套太深" in one_line(run("--lang", "zh", "import", str(nested)), 1)
    assert "嵌套太深" in one_line(run("--lang", "zh", "week", "--answers", str(nested)), 1)


# -- names no file can have -------------------------------------------------------------------

NAMED_FILES = [
    ("--db", ("--db", "{}", "goal", "list")),
    ("backup PATH", ("backup", "{}")),
    ("restore PATH", ("restore", "{}", "--yes")),
    ("-o", ("export", "-o", "{}")),
    ("-o", ("report", "week", "-o", "{}")),
    ("-o", ("paths", "-o", "{}")),
    ("-o", ("remind", "ics", "-o", "{}")),
    ("import FILE", ("import", "{}")),
    ("--answers", ("week", "--answers", "{}")),
]


@pytest.mark.parametrize(("what", "args"), NAMED_FILES)
def test_a_name_of_10000_characters_is_one_short_line(
    run: Run, what: str, args: tuple[str, ...]
) -> None:
    error = one_line(run(*(LONG if arg == "{}" else arg for arg in args)), 2)
    assert error.startswith(f"Error: {what} aaaa") and "is too long (10,000 characters)" in error
    assert len(error) < 300  # the name is cut, not repeated


@pytest.mark.parametrize(("what", "args"), NAMED_FILES)
def test_an_empty_name_is_refused_not_read_as_another(
    run: Run, home: Path, what: str, args: tuple[str, ...]
) -> None:
    before = sorted(p.name for p in home.iterdir())
    error = one_line(run(*("" if arg == "{}" else arg for arg in args)), 2)
    assert error == f"Error: {what} is an empty file name: give a path\n"
    assert sorted(p.name for p in home.iterdir()) == before  # no backup, no export landed


def test_an_empty_punchin_db_is_unset_but_an_empty_db_option_is_refused(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_DB", "")
    assert run("goal", "list").exit_code == 0
    assert "--db is an empty file name" in one_line(run("--db=", "goal", "list"), 2)


@pytest.mark.parametrize(
    "args",
    [
        ("--db", "~nosuchuser-punchin/x.db", "goal", "list"),
        ("backup", "~nosuchuser-punchin/x.db"),
        ("restore", "~nosuchuser-punchin/x.db", "--yes"),
        ("export", "-o", "~nosuchuser-punchin/x.json"),
        ("report", "week", "-o", "~nosuchuser-punchin/x.md"),
    ],
)
def test_home_of_no_user_is_said(run: Run, args: tuple[str, ...]) -> None:
    error = one_line(run(*args), 2)
    assert "there is no user 'nosuchuser-punchin' whose home ~ could stand for" in error


def test_home_of_no_user_in_the_environment(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUNCHIN_DB", "~nosuchuser-punchin/j.db")
    assert "PUNCHIN_DB ~nosuchuser-punchin/j.db: there is no user" in one_line(run("due"), 2)


def test_bad_names_in_chinese(run: Run) -> None:
    assert "文件名为空" in one_line(run("--lang", "zh", "export", "-o", ""), 2)
    assert "太长（10,000 个字符）" in one_line(run("--lang", "zh", "backup", LONG), 2)
    assert "没有名为 'nosuchuser-punchin' 的用户" in one_line(
        run("--lang", "zh", "--db", "~nosuchuser-punchin/x", "due"), 2
    )


# -- values out of range ------------------------------------------------------------------------


def test_a_timezone_of_10000_characters(run: Run, home: Path) -> None:
    error = one_line(run("init", "--timezone", LONG, "--yes"), 2)
    assert error.startswith("Error: unknown timezone 'aaaa") and len(error) < 200
    assert not (home / "settings.toml").exists()


def test_a_limit_past_any_number_sqlite_takes(run: Run) -> None:
    error = one_line(run("search", "a", "-n", "99999999999999999999"), 2)
    assert "is not in the range 1<=x<=1000000000" in error
    assert run("search", "a", "-n", "1000000000").exit_code == 0


@pytest.mark.parametrize("moment", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_a_pinned_clock_outside_the_years_punchin_handles(
    run: Run, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", moment)
    error = one_line(run("due"), 2)
    assert f"PUNCHIN_NOW='{moment}' is outside the years punchin handles (1900 to 9990)" in error
    assert "超出了 punchin 支持的年份" in one_line(run("--lang", "zh", "due"), 2)


# -- a question set rephrased by the person -------------------------------------------------------


def override(home: Path, text: str) -> None:
    path = home / "prompts" / "en" / "ui.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "placeholder", ["{path.parent}", "{path.__class__.__init__}", "{path[0]}", "{path:{x.y}}"]
)
def test_a_placeholder_reaching_into_a_value_is_refused(
    run: Run, home: Path, tmp_path: Path, placeholder: str
) -> None:
    override(home, f'[ui]\nbackup_written = "Backed up to {placeholder}"\n')
    error = one_line(run("backup", str(tmp_path / "copy.db")), 1)
    assert "ui.backup_written has a bad placeholder" in error
    assert "only {name} is filled in" in error
    assert str(tmp_path) not in error  # the value was never reached into


def test_plain_placeholders_and_conversions_still_work(
    run: Run, home: Path, tmp_path: Path
) -> None:
    override(home, '[ui]\nbackup_written = "Copied: {path!r:>5}"\n')
    result = run("backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 0 and result.output.startswith("Copied: PosixPath(")


def test_a_calendar_name_with_a_line_break_stays_one_line(run: Run, home: Path) -> None:
    override(home, '[ui]\nics_name = "My\\nreviews\\r\\n"\nics_week = "Week\\nly"\n')
    result = run("remind", "ics")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "X-WR-CALNAME:My reviews" in lines
    assert "SUMMARY:Week\\nly" in lines  # an escaped text property, as the format wants


# -- an export whose records would go in half, or out of reach -----------------------------------


@pytest.fixture
def exported(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """An export of a journal with a goal, a note and a check-in with a commitment; the next
    import goes into a new, empty journal."""
    from conftest import LAZY, check_in

    run("goal", "add", "Write chapter 2", "--on", "2026-W46")
    run("note", "add", "A note #tag")
    missed = {"status": "missed", **LAZY, "remedy": "partner"}
    check_in(run, "2026-W46", {"Write chapter 2": missed})
    data: dict[str, object] = json.loads(run("export").output)
    monkeypatch.setenv("PUNCHIN_HOME", str(tmp_path / "elsewhere"))
    return data


def import_changed(run: Run, tmp_path: Path, data: object) -> Result:
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return run("import", str(path))


def test_the_same_id_twice_with_other_content_is_refused_naming_it(
    run: Run, tmp_path: Path, exported: dict[str, list[dict[str, object]]]
) -> None:
    goal = exported["goals"][0]
    exported["goals"].append(dict(goal, title="Something else"))
    error = one_line(import_changed(run, tmp_path, exported), 1)
    assert f"goals[1] (id {str(goal['id'])[:12]}): the same id as goals[0]" in error
    assert "with other content (title)" in error
    assert json.loads(run("export").output)["goals"] == []  # nothing went in


def test_the_same_record_twice_is_harmless(
    run: Run, tmp_path: Path, exported: dict[str, list[dict[str, object]]]
) -> None:
    exported["notes"].append(dict(exported["notes"][0]))
    assert import_changed(run, tmp_path, exported).exit_code == 0
    assert len(json.loads(run("export").output)["notes"]) == 1


@pytest.mark.parametrize(
    ("table", "period", "says"),
    [
        ("goals", "2026-W99", "2026 has no ISO week 99"),
        ("entries", "2026-W99", "2026 has no ISO week 99"),
        ("commitments", "2026-W99", "2026 has no ISO week 99"),
        ("goals", "2026-w46", "period is '2026-w46'; write it as 2026-W46"),
        ("entries", " 2026-W46", "period is ' 2026-W46'; write it as 2026-W46"),
        ("commitments", "2026-W46 ", "period is '2026-W46 '; write it as 2026-W46"),
    ],
)
def test_a_period_no_command_could_reach_is_refused(
    run: Run,
    tmp_path: Path,
    exported: dict[str, list[dict[str, object]]],
    table: str,
    period: str,
    says: str,
) -> None:
    exported[table][0]["period"] = period
    error = one_line(import_changed(run, tmp_path, exported), 1)
    assert f"{table}[0]" in error and says in error
    assert json.loads(run("export").output)["entries"] == []


def test_a_jrnl_entry_given_twice_goes_in_once(run: Run, tmp_path: Path) -> None:
    entry = {"date": "2026-11-20", "time": "09:00", "title": "Same", "body": "", "tags": []}
    jrnl = tmp_path / "jrnl.json"
    jrnl.write_text(json.dumps({"entries": [entry, dict(entry, tags=["@x"])]}), encoding="utf-8")
    assert run("import", "--from", "jrnl", str(jrnl)).exit_code == 0
    assert len(json.loads(run("note", "list", "--json").output)) == 1


def test_a_duplicate_id_in_chinese(
    run: Run, tmp_path: Path, exported: dict[str, list[dict[str, object]]]
) -> None:
    exported["goals"].append(dict(exported["goals"][0], title="Something else"))
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    error = one_line(run("--lang", "zh", "import", str(path)), 1)
    assert error.startswith("错误：") and "the same id as goals[0]" in error
