"""Whatever a person (or a script) types: stored and returned as documented, or one clear
line and a non-zero exit; never a traceback, never half a record."""

from __future__ import annotations

import itertools
import json
import unicodedata

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from punchin.cli import cli

# Every kind of text: control characters, NUL, lone surrogates, right-to-left marks, CJK.
ANY_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=80
) | st.sampled_from(["", " ", "\x00", "\ud800", "\u202eevil", "动机不够强", "a" * 600, "\n\n"])
WEEKS = itertools.count()
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, prog_name="punchin")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output, result.stderr


def one_line(stderr: str) -> bool:
    return stderr.startswith("Error: ") and stderr.count("\n") == 1


def storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@FUZZ
@given(title=ANY_TEXT)
def test_goal_titles(title: str) -> None:
    code, _, stderr = invoke("goal", "add", "--on", "2026-W48", "--", title)
    cleaned = " ".join(title.split())
    control = any(unicodedata.category(c) == "Cc" for c in cleaned)
    if cleaned and len(cleaned) <= 500 and storable(title) and not control:
        assert code == 0, stderr
        listed = json.loads(invoke("goal", "list", "--on", "2026-W48", "--json")[1])
        assert listed[-1]["title"] == cleaned  # one line, its inner spaces folded
    else:
        assert code == 2 and one_line(stderr), stderr


@FUZZ
@given(ref=ANY_TEXT)
def test_goal_ids(ref: str) -> None:
    code, _, stderr = invoke("goal", "done", "--", ref)
    assert code in (1, 2) and one_line(stderr), stderr


@FUZZ
@given(when=ANY_TEXT)
def test_dates_and_periods(when: str) -> None:
    code, _, stderr = invoke("show", "--", when)
    assert code == 0 or (code == 2 and one_line(stderr)), (when, stderr)


@FUZZ
@given(text=ANY_TEXT, mentor=ANY_TEXT)
def test_answers_from_a_file(text: str, mentor: str) -> None:
    week = next(WEEKS)
    period = f"{2000 + week // 50}-W{week % 50 + 1:02d}"  # a fresh week for every example
    answers = {"period": period, "accomplished": text, "mentor": mentor}
    code, _, stderr = invoke("week", "--answers", "-", input=json.dumps(answers))
    if code != 0:
        assert code in (1, 2) and one_line(stderr), stderr
        return
    shown = json.loads(invoke("show", period, "--json")[1])["answers"]
    assert shown["accomplished"] == text.strip("\n")  # long answers keep their inner lines
    assert shown["mentor"] == mentor.strip("\n")


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_as_an_answers_file(raw: bytes, tmp_path_factory: object) -> None:
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "answers.json"
    path.write_bytes(raw)
    code, _, stderr = invoke("week", "--on", "2026-W31", "--answers", str(path), "--amend")
    assert code == 0 or (code in (1, 2) and one_line(stderr)), stderr


def test_a_wrong_command_line_is_one_line_too() -> None:
    code, _, stderr = invoke("goal", "add", "-0")
    assert code == 2
    assert stderr == "Error: No such option '-0'. (see `punchin goal add --help`)\n"
    code, _, stderr = invoke("--bogus")
    assert code == 2 and one_line(stderr)
