"""click's own usage errors (a mistyped command, a missing argument, an unknown option, a value
not among the choices) speak the user's language: under `--lang zh`, and under a Chinese
locale with no settings; in English they stay click's words. Always one line, exit code 2."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from conftest import Run

SCRIPT = Path(sys.executable).with_name("punchin")

CASES = [
    pytest.param(
        ["wek"],
        "Error: No such command 'wek'. Did you mean 'week'? (see `punchin --help`)",
        "错误：没有命令 'wek'。你是不是想用 'week'？（见 `punchin --help`）",
        id="unknown-command",
    ),
    pytest.param(
        ["goal", "add"],
        "Error: Missing argument 'TITLE'. (see `punchin goal add --help`)",
        "错误：缺少参数 'TITLE'。（见 `punchin goal add --help`）",
        id="missing-argument",
    ),
    pytest.param(
        ["due", "--nope"],
        "Error: No such option '--nope'. (see `punchin due --help`)",
        "错误：没有选项 '--nope'。（见 `punchin due --help`）",
        id="no-such-option",
    ),
    pytest.param(
        ["report", "quarter", "-f", "pdf"],
        "Error: Invalid value for '-f' / '--format': 'pdf' is not one of 'md', 'html', 'json'."
        " (see `punchin report --help`)",
        "错误：'-f' / '--format' 的值无效：'pdf' 不是可选的值：只能是 'md'、'html'、'json' 之一。"
        "（见 `punchin report --help`）",
        id="invalid-choice",
    ),
    pytest.param(
        ["report", "quartr"],
        "Error: Invalid value for '{week|quarter|year|life}': 'quartr' is not one of 'week', "
        "'quarter', 'year', 'life'. (see `punchin report --help`)",
        "错误：'{week|quarter|year|life}' 的值无效：'quartr' 不是可选的值：只能是 'week'、"
        "'quarter'、'year'、'life' 之一。（见 `punchin report --help`）",
        id="invalid-choice-argument",
    ),
    pytest.param(
        ["goal", "add", "Draft", "--on"],
        "Error: Option '--on' requires an argument. (see `punchin goal add --help`)",
        "错误：选项 '--on' 后面要跟一个值。（见 `punchin goal add --help`）",
        id="option-without-value",
    ),
    pytest.param(
        ["week", "--amend=yes"],
        "Error: Option '--amend' does not take a value. (see `punchin week --help`)",
        "错误：选项 '--amend' 不接受值。（见 `punchin week --help`）",
        id="flag-given-a-value",
    ),
    pytest.param(
        ["due", "extra", "words"],
        "Error: Got unexpected extra arguments (extra words) (see `punchin due --help`)",
        "错误：多出了参数：extra words。（见 `punchin due --help`）",
        id="extra-arguments",
    ),
    pytest.param(
        ["search", "a", "-n", "many"],
        "Error: Invalid value for '-n' / '--limit': 'many' is not a valid integer range. "
        "(see `punchin search --help`)",
        "错误：'-n' / '--limit' 的值无效：'many' 不是有效的整数。（见 `punchin search --help`）",
        id="not-a-number",
    ),
]


def one_line(result: Result) -> str:
    """The error line of a usage error: exit code 2, one line on stderr, nothing else."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.rstrip("\n")


@pytest.mark.parametrize(("args", "english", "chinese"), CASES)
def test_clicks_errors_under_lang_zh(run: Run, args: list[str], english: str, chinese: str) -> None:
    assert one_line(run(*args)) == english
    assert one_line(run("--lang", "zh", *args)) == chinese
    if not args[-1].startswith("-"):  # after `--on`, `--lang` would be the value of --on
        assert one_line(run(*args, "--lang", "zh")) == chinese
    assert one_line(run("--lang", "en", *args)) == english


@pytest.mark.parametrize(("args", "english", "chinese"), CASES)
def test_clicks_errors_under_a_chinese_locale(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: list[str], english: str, chinese: str
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # no settings file: the locale decides
    assert one_line(run(*args)) == chinese
    assert one_line(run("--lang", "en", *args)) == english


def test_a_number_out_of_range_names_the_range(run: Run) -> None:
    english = one_line(run("search", "a", "-n", "0"))
    range_ = re.fullmatch(
        r"Error: Invalid value for '-n' / '--limit': 0 is not in the range (\S+)\. "
        r"\(see `punchin search --help`\)",
        english,
    )
    assert range_ is not None, english
    assert one_line(run("--lang", "zh", "search", "a", "-n", "0")) == (
        f"错误：'-n' / '--limit' 的值无效：0 不在 {range_[1]} 的范围内。"
        "（见 `punchin search --help`）"
    )


def test_a_missing_choice_lists_the_choices_on_one_line(run: Run) -> None:
    assert one_line(run("--lang", "zh", "report")) == (
        "错误：缺少参数 '{week|quarter|year|life}'。可选：week、quarter、year、life。"
        "（见 `punchin report --help`）"
    )
    english = run("report").stderr  # click's own words, its list of choices included
    assert english.startswith("Error: Missing argument '{week|quarter|year|life}'. Choose from:")


def test_the_installed_command_speaks_chinese_under_a_chinese_locale(tmp_path: Path) -> None:
    """The console script, as a shell runs it: LANG=zh_CN.UTF-8 and no settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="zh_CN.UTF-8", PUNCHIN_HOME=str(tmp_path / "home"))
    for args, line in (
        (["reprot", "week"], "错误：没有命令 'reprot'。你是不是想用 'report'？"),
        (["goal", "add"], "错误：缺少参数 'TITLE'。"),
        (["goal", "list", "--horizn", "week"], "错误：没有选项 '--horizn'。你是不是想用"),
        (["goal", "list", "-H", "decade"], "错误：'-H' / '--horizon' 的值无效：'decade'"),
    ):
        done = subprocess.run(
            [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(line) and done.stderr.count("\n") == 1, done.stderr
        assert "Try " not in done.stderr and "Error" not in done.stderr


def test_chinese_help_headings_end_in_a_full_width_colon(run: Run) -> None:
    chinese = run("--lang", "zh", "goal", "--help").output
    assert "\n选项：\n" in chinese and "\n命令：\n" in chinese
    english = run("goal", "--help").output
    assert "\nOptions:\n" in english and "\nCommands:\n" in english


def test_every_translated_message_is_one_click_still_writes() -> None:
    """Each English template in zh/click.toml is a message of the installed click, word for
    word: a click that rewords one fails here, not silently in English at a user's terminal."""
    import ast

    import click

    from punchin import prompts

    messages = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext"):
                messages |= {a.value for a in node.args if isinstance(a, ast.Constant)}
    catalog = prompts.load("click", "zh")
    english = [entry["en"] for entry in catalog.data["message"].values()]
    stale = [message for message in english if message not in messages]
    assert not stale, f"click no longer writes {stale}"


def test_a_broken_override_leaves_clicks_english_line(run: Run, home: Path) -> None:
    """A person's own click.toml with a placeholder the message does not give: the English
    line, not a traceback."""
    own = home / "prompts" / "zh"
    own.mkdir(parents=True)
    (own / "click.toml").write_text(
        '[message.not_one_of]\nzh = "{nothing} 不行"\n[message.broken]\nen = "{"\nzh = "x"\n',
        encoding="utf-8",
    )
    assert one_line(run("--lang", "zh", "report", "quarter", "-f", "pdf")).startswith(
        "Error: Invalid value for '-f' / '--format': 'pdf' is not one of"
    )
    assert one_line(run("--lang", "zh", "goal", "add")) == (
        "错误：缺少参数 'TITLE'。（见 `punchin goal add --help`）"
    )


def test_a_message_no_template_matches_keeps_its_words() -> None:
    from punchin import prompts
    from punchin.cli.click_words import translated

    catalog = prompts.load("click", "zh")
    assert translated("Something click says one day.", catalog) == "Something click says one day."
    assert translated("'x' is not 'y'.", catalog) == "'x' 不是可选的值：只能是 'y'。"
