"""Words people type: dates in Chinese as in English, the run's options after the command, and
the names a mistyped command or option most likely meant."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from conftest import Run

from punchin.models import Horizon
from punchin.periods import parse_date, parse_period_word, resolve

TUESDAY = date(2026, 11, 24)  # in 2026-W48 (Nov 23-29), of 2026-Q4
SUNDAY = date(2026, 11, 29)  # the last day of 2026-W48
QUARTER_START = date(2026, 10, 1)  # a Thursday in 2026-W40 (Sep 28 - Oct 4), first of Q4
DAYS = (TUESDAY, SUNDAY, QUARTER_START)


def pin(monkeypatch: pytest.MonkeyPatch, today: date) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", f"{today.isoformat()}T21:00:00+00:00")


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# word -> the day it stands for on TUESDAY, SUNDAY and QUARTER_START (month-day, year 2026
# unless given). The words naming a week, quarter or year stand for its first day.
DAY_WORDS = {
    # a day
    "today": ("11-24", "11-29", "10-01"),
    "now": ("11-24", "11-29", "10-01"),
    "今天": ("11-24", "11-29", "10-01"),
    "今日": ("11-24", "11-29", "10-01"),
    "yesterday": ("11-23", "11-28", "09-30"),
    "昨天": ("11-23", "11-28", "09-30"),
    "昨日": ("11-23", "11-28", "09-30"),
    "tomorrow": ("11-25", "11-30", "10-02"),
    "明天": ("11-25", "11-30", "10-02"),
    "明日": ("11-25", "11-30", "10-02"),
    "前天": ("11-22", "11-27", "09-29"),
    "后天": ("11-26", "12-01", "10-03"),
    # counted back
    "3 days ago": ("11-21", "11-26", "09-28"),
    "3天前": ("11-21", "11-26", "09-28"),
    "3 天前": ("11-21", "11-26", "09-28"),
    "三天前": ("11-21", "11-26", "09-28"),
    "3日前": ("11-21", "11-26", "09-28"),
    "十二天以前": ("11-12", "11-17", "09-19"),
    "2 weeks ago": ("11-10", "11-15", "09-17"),
    "1 week ago": ("11-17", "11-22", "09-24"),
    "2周前": ("11-10", "11-15", "09-17"),
    "两周前": ("11-10", "11-15", "09-17"),
    "2星期前": ("11-10", "11-15", "09-17"),
    "三个星期前": ("11-03", "11-08", "09-10"),
    "2个礼拜之前": ("11-10", "11-15", "09-17"),
    # a weekday: in English the nearest one, in Chinese the one of the named week
    "last monday": ("11-23", "11-23", "09-28"),
    "this monday": ("11-23", "11-23", "09-28"),
    "next monday": ("11-30", "11-30", "10-05"),
    "last sunday": ("11-22", "11-22", "09-27"),
    "this wednesday": ("11-25", "11-25", "09-30"),
    "next friday": ("11-27", "12-04", "10-02"),
    "上周一": ("11-16", "11-16", "09-21"),
    "上周二": ("11-17", "11-17", "09-22"),
    "上周三": ("11-18", "11-18", "09-23"),
    "上周四": ("11-19", "11-19", "09-24"),
    "上周五": ("11-20", "11-20", "09-25"),
    "上周六": ("11-21", "11-21", "09-26"),
    "上周日": ("11-22", "11-22", "09-27"),
    "上周天": ("11-22", "11-22", "09-27"),
    "上星期一": ("11-16", "11-16", "09-21"),
    "上个星期天": ("11-22", "11-22", "09-27"),
    "上礼拜六": ("11-21", "11-21", "09-26"),
    "本周三": ("11-25", "11-25", "09-30"),
    "这周日": ("11-29", "11-29", "10-04"),
    "这个星期一": ("11-23", "11-23", "09-28"),
    "下周五": ("12-04", "12-04", "10-09"),
    "下星期一": ("11-30", "11-30", "10-05"),
    # a month is no period of the method: its first day
    "last month": ("10-01", "10-01", "09-01"),
    "上个月": ("10-01", "10-01", "09-01"),
    "上月": ("10-01", "10-01", "09-01"),
    "this month": ("11-01", "11-01", "10-01"),
    "本月": ("11-01", "11-01", "10-01"),
    "这个月": ("11-01", "11-01", "10-01"),
    "next month": ("12-01", "12-01", "11-01"),
    "下个月": ("12-01", "12-01", "11-01"),
    "下月": ("12-01", "12-01", "11-01"),
}

# word -> (its horizon, the period it names on TUESDAY, SUNDAY and QUARTER_START)
PERIOD_WORDS = {
    "this week": (Horizon.WEEK, ("2026-W48", "2026-W48", "2026-W40")),
    "本周": (Horizon.WEEK, ("2026-W48", "2026-W48", "2026-W40")),
    "这周": (Horizon.WEEK, ("2026-W48", "2026-W48", "2026-W40")),
    "这个星期": (Horizon.WEEK, ("2026-W48", "2026-W48", "2026-W40")),
    "本星期": (Horizon.WEEK, ("2026-W48", "2026-W48", "2026-W40")),
    "这礼拜": (Horizon.WEEK, ("2026-W48", "2026-W48", "2026-W40")),
    "last week": (Horizon.WEEK, ("2026-W47", "2026-W47", "2026-W39")),
    "上周": (Horizon.WEEK, ("2026-W47", "2026-W47", "2026-W39")),
    "上一周": (Horizon.WEEK, ("2026-W47", "2026-W47", "2026-W39")),
    "上星期": (Horizon.WEEK, ("2026-W47", "2026-W47", "2026-W39")),
    "上个星期": (Horizon.WEEK, ("2026-W47", "2026-W47", "2026-W39")),
    "上个礼拜": (Horizon.WEEK, ("2026-W47", "2026-W47", "2026-W39")),
    "next week": (Horizon.WEEK, ("2026-W49", "2026-W49", "2026-W41")),
    "下周": (Horizon.WEEK, ("2026-W49", "2026-W49", "2026-W41")),
    "下星期": (Horizon.WEEK, ("2026-W49", "2026-W49", "2026-W41")),
    "下个星期": (Horizon.WEEK, ("2026-W49", "2026-W49", "2026-W41")),
    "this quarter": (Horizon.QUARTER, ("2026-Q4",) * 3),
    "本季度": (Horizon.QUARTER, ("2026-Q4",) * 3),
    "这个季度": (Horizon.QUARTER, ("2026-Q4",) * 3),
    "本季": (Horizon.QUARTER, ("2026-Q4",) * 3),
    "last quarter": (Horizon.QUARTER, ("2026-Q3",) * 3),
    "上季度": (Horizon.QUARTER, ("2026-Q3",) * 3),
    "上个季度": (Horizon.QUARTER, ("2026-Q3",) * 3),
    "上一季度": (Horizon.QUARTER, ("2026-Q3",) * 3),
    "next quarter": (Horizon.QUARTER, ("2027-Q1",) * 3),
    "下季度": (Horizon.QUARTER, ("2027-Q1",) * 3),
    "下个季度": (Horizon.QUARTER, ("2027-Q1",) * 3),
    "this year": (Horizon.YEAR, ("2026",) * 3),
    "今年": (Horizon.YEAR, ("2026",) * 3),
    "本年": (Horizon.YEAR, ("2026",) * 3),
    "last year": (Horizon.YEAR, ("2025",) * 3),
    "去年": (Horizon.YEAR, ("2025",) * 3),
    "next year": (Horizon.YEAR, ("2027",) * 3),
    "明年": (Horizon.YEAR, ("2027",) * 3),
}


def first_day(label: str) -> date:
    """2026-W47 -> its Monday, 2026-Q4 -> Oct 1, 2026 -> Jan 1 (computed without punchin)."""
    if "-W" in label:
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    if "-Q" in label:
        year, quarter = label.split("-Q")
        return date(int(year), 3 * int(quarter) - 2, 1)
    return date(int(label), 1, 1)


@pytest.mark.parametrize("word", DAY_WORDS)
@pytest.mark.parametrize("at", range(3))
def test_every_word_for_a_day_reads_as_that_day(word: str, at: int) -> None:
    today = DAYS[at]
    expected = date.fromisoformat(f"2026-{DAY_WORDS[word][at]}")
    assert parse_date(word, today) == expected
    assert parse_date(word.upper(), today) == expected  # `Last Monday`, `TODAY`
    assert parse_period_word(word, today) is None  # a day (or a month) is no period
    assert resolve(word, today, Horizon.WEEK).label == iso_week(expected)
    assert resolve(word, today).label == iso_week(expected)  # a date alone: its week
    assert resolve(word, today, Horizon.QUARTER).label == f"2026-Q{(expected.month + 2) // 3}"


@pytest.mark.parametrize("word", PERIOD_WORDS)
@pytest.mark.parametrize("at", range(3))
def test_every_word_for_a_period_names_that_period(word: str, at: int) -> None:
    today = DAYS[at]
    horizon, labels = PERIOD_WORDS[word]
    named = parse_period_word(word, today)
    assert named is not None and named.horizon is horizon and named.label == labels[at]
    assert resolve(word, today).label == labels[at]  # any period: the one it names
    assert resolve(word, today, horizon, 2026).label == labels[at]
    assert parse_date(word, today) == first_day(labels[at])  # `log --since 上季度`: Jul 1
    # a longer period asked for: the one holding it, as `last week` always gave
    window = "2021-2025" if labels[at] == "2025" else "2026-2030"
    assert resolve(word, today, Horizon.FIVE_YEAR, 2026).label == window


@pytest.mark.parametrize(("word", "horizon"), [("本季度", Horizon.WEEK), ("去年", Horizon.QUARTER)])
def test_a_word_for_a_longer_period_than_asked_is_refused_like_its_label(
    word: str, horizon: Horizon
) -> None:
    from punchin.errors import UsageError

    with pytest.raises(UsageError, match="period is needed here"):
        resolve(word, TUESDAY, horizon, 2026)


NOT_WORDS = ["上个月三", "上上周", "周一", "十十天前", "两十天前", "这周八", "本季度一"]


@pytest.mark.parametrize("word", [*NOT_WORDS, "last decade", "this weekend"])
def test_words_that_are_not_dates_are_refused(word: str) -> None:
    from punchin.errors import UsageError

    with pytest.raises(UsageError):
        resolve(word, TUESDAY, Horizon.WEEK, 2026)


def test_a_word_past_the_supported_years_is_refused_not_a_traceback() -> None:
    from punchin.errors import UsageError

    with pytest.raises(UsageError, match="years from 1900 to 9990"):
        parse_date("next year", date(9990, 6, 1))
    with pytest.raises(UsageError, match="too far back"):
        parse_date("99999周前", TUESDAY)


# From the user's side: the goal a date word files, the review a period word opens.


def added_to(result: Result) -> str:
    """The period an added goal was filed under, in either language."""
    assert result.exit_code == 0, result.output
    if result.output.startswith("Added"):
        return result.output.split(" for ")[1].split(":")[0]
    return result.output.split("（")[1].split("）")[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("at", range(3))
def test_every_word_files_a_goal_in_its_period(
    run: Run, monkeypatch: pytest.MonkeyPatch, at: int, lang: str
) -> None:
    today = DAYS[at]
    pin(monkeypatch, today)
    for word, days in DAY_WORDS.items():
        expected = iso_week(date.fromisoformat(f"2026-{days[at]}"))
        assert added_to(run("--lang", lang, "goal", "add", "t", "--on", word)) == expected, word
    for word, (horizon, labels) in PERIOD_WORDS.items():
        added = run("--lang", lang, "goal", "add", "t", "--on", word, "-H", horizon.value)
        assert added_to(added) == labels[at], word


@pytest.mark.parametrize(
    ("command", "word", "period"),
    [
        ("week", "上周", "2026-W47"),
        ("week", "last week", "2026-W47"),
        ("week", "上周三", "2026-W47"),
        ("week", "2周前", "2026-W46"),
        ("week", "上个月", "2026-W40"),  # the week holding Oct 1
        ("quarter", "上季度", "2026-Q3"),
        ("quarter", "last quarter", "2026-Q3"),
        ("quarter", "上周", "2026-Q4"),  # the quarter holding last week
        ("year", "去年", "2025"),
        ("year", "last year", "2025"),
        ("five-year", "今年", "2026-2030"),
    ],
)
@pytest.mark.parametrize("at", [0, 1])
def test_a_review_opens_on_the_period_a_word_names(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: str, word: str, period: str, at: int
) -> None:
    pin(monkeypatch, DAYS[at])
    template = run(command, "--on", word, "--answers-template")
    assert template.exit_code == 0, template.output
    assert json.loads(template.output)["period"] == period


def test_reading_back_with_words(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    pin(monkeypatch, TUESDAY)
    assert json.loads(run("show", "上周", "--json").output)["period"] == "2026-W47"
    assert json.loads(run("show", "上周一", "--json").output)["period"] == "2026-W47"
    assert json.loads(run("show", "this week", "--json").output)["period"] == "2026-W48"
    report = run("report", "quarter", "本季度", "--format", "json")
    assert json.loads(report.output)["period"] == "2026-Q4"
    assert json.loads(run("report", "year", "去年", "--format", "json").output)["period"] == "2025"
    for since in ("上个月", "本季度", "去年", "3天前", "last month"):
        assert run("log", "--since", since).exit_code == 0, since
    listed = run("goal", "list", "--on", "上周")
    assert listed.exit_code == 0, listed.output


@pytest.mark.parametrize(
    ("args", "period"),
    [
        (("show", "本季度", "--json"), "2026-Q4"),
        (("show", "去年", "--json"), "2025"),
        (("goal", "add", "t", "--on", "下季度"), "2027-Q1"),
    ],
)
def test_a_period_word_alone_names_its_period(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], period: str
) -> None:
    pin(monkeypatch, TUESDAY)
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert period in result.output


def test_a_word_for_a_longer_period_than_the_review_is_one_line(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin(monkeypatch, TUESDAY)
    english = run("week", "--on", "本季度")
    assert english.exit_code == 2
    assert english.stderr == (
        "Error: '本季度' is a quarter period; a week period is needed here "
        "(like 2026-W48) or a date\n"
    )
    chinese = run("--lang", "zh", "week", "--on", "下一年")
    assert chinese.exit_code == 2
    assert chinese.stderr == (
        "错误：无法把 '下一年' 读成日期：请使用 2026-11-16、上周一、3天前 或 2026-W47 这样的写法\n"
    )


# The run's options (--db, --lang) after the command.


@pytest.mark.parametrize(
    "command",
    [
        ["due"],
        ["goal", "list"],
        ["goal", "list", "--all"],
        ["week", "--on", "2026-W47", "--answers-template"],
        ["log", "-n", "5"],
        ["search", "第二章"],
        ["report", "week", "2026-W47", "--format", "md"],
        ["where"],
    ],
)
def test_the_run_options_may_follow_the_command(run: Run, command: list[str]) -> None:
    first = run("--lang", "zh", *command)
    assert first.exit_code in (0, 1), first.output
    after = run(*command, "--lang", "zh")
    middle = run(*command[:1], "--lang", "zh", *command[1:])
    equals = run(*command, "--lang=zh")
    for other in (after, middle, equals):
        assert (other.exit_code, other.output, other.stderr) == (
            first.exit_code,
            first.output,
            first.stderr,
        )


def test_db_after_the_command_picks_the_journal(run: Run, tmp_path: Path, home: Path) -> None:
    other = tmp_path / "other.db"
    assert run("goal", "add", "Elsewhere", "--db", str(other)).exit_code == 0
    assert run("goal", "list", f"--db={other}").output.count("Elsewhere") == 1
    assert "Elsewhere" in run("--db", str(other), "goal", "list").output
    assert "Elsewhere" not in run("goal", "list").output  # the default journal has no such goal


def test_help_in_chinese_whichever_order(run: Run) -> None:
    for args in (
        ["week", "--help", "--lang", "zh"],
        ["week", "--lang", "zh", "--help"],
        ["--help", "--lang", "zh"],
        ["goal", "add", "-h", "--lang", "zh"],
    ):
        assert run(*args).output.startswith("用法：punchin"), args


def test_the_commands_own_values_and_what_follows_double_dash_stay(run: Run) -> None:
    added = run("goal", "add", "Read", "--why", "--lang", "--lang", "zh")
    assert added.output.startswith("已添加周目标")  # the second --lang is the run's
    assert "why: --lang" in run("goal", "list").output
    assert run("search", "--", "--lang").exit_code == 0  # searched for, not the option
    assert run("--lang", "en", "due", "--lang", "zh").output == run("--lang", "zh", "due").output


def test_a_run_option_without_its_value_is_one_line(run: Run) -> None:
    result = run("due", "--lang")
    assert result.exit_code == 2
    assert result.stderr == "Error: Option '--lang' requires an argument. (see `punchin --help`)\n"
    wrong = run("due", "--lang", "fr")
    assert wrong.exit_code == 2 and wrong.stderr.count("\n") == 1 and "'fr'" in wrong.stderr


# A mistyped command or option: the names meant, in the user's language.


def top_level_commands() -> list[str]:
    import click

    from punchin.cli import cli

    return cli.list_commands(click.Context(cli))


def typos(name: str) -> list[str]:
    """Two slips of the hand: the last letter dropped, and two neighbours swapped."""
    swapped = next(
        name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        for i in range(1, len(name) - 1)
        if name[i] != name[i + 1]
    )
    return [name[:-1], swapped]


def one_line_usage(result: Result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
    return result.stderr


@pytest.mark.parametrize("name", top_level_commands())
def test_a_typo_of_every_command_names_it(run: Run, name: str) -> None:
    for typo in typos(name):
        assert typo not in top_level_commands()
        english = one_line_usage(run(typo))
        assert english.startswith(f"Error: No such command '{typo}'. Did you mean "), english
        assert f"'{name}'" in english and english.endswith(" (see `punchin --help`)\n")
        chinese = one_line_usage(run(typo, "--lang", "zh"))
        assert chinese.startswith(f"错误：没有命令 '{typo}'。你是不是想用 "), chinese
        assert f"'{name}'" in chinese and chinese.endswith("？（见 `punchin --help`）\n")


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (
            ["wek"],
            "Error: No such command 'wek'. Did you mean 'week'? (see `punchin --help`)\n",
            "错误：没有命令 'wek'。你是不是想用 'week'？（见 `punchin --help`）\n",
        ),
        (
            ["reprot"],
            "Error: No such command 'reprot'. Did you mean 'report'? (see `punchin --help`)\n",
            "错误：没有命令 'reprot'。你是不是想用 'report'？（见 `punchin --help`）\n",
        ),
        (
            ["re"],
            "Error: No such command 're'. Did you mean 'remind', 'report' or 'restore'? "
            "(see `punchin --help`)\n",
            "错误：没有命令 're'。你是不是想用 'remind'、'report' 或 'restore'？"
            "（见 `punchin --help`）\n",
        ),
        (
            ["goal", "ad"],
            "Error: No such command 'ad'. Did you mean 'add'? (see `punchin goal --help`)\n",
            "错误：没有命令 'ad'。你是不是想用 'add'？（见 `punchin goal --help`）\n",
        ),
        (
            ["goal", "lsit"],
            "Error: No such command 'lsit'. Did you mean 'list'? (see `punchin goal --help`)\n",
            "错误：没有命令 'lsit'。你是不是想用 'list'？（见 `punchin goal --help`）\n",
        ),
        (
            ["remind", "tikc"],
            "Error: No such command 'tikc'. Did you mean 'tick'? (see `punchin remind --help`)\n",
            "错误：没有命令 'tikc'。你是不是想用 'tick'？（见 `punchin remind --help`）\n",
        ),
        (
            ["week", "--amned"],
            "Error: No such option '--amned'. Did you mean '--amend'? "
            "(see `punchin week --help`)\n",
            "错误：没有选项 '--amned'。你是不是想用 '--amend'？（见 `punchin week --help`）\n",
        ),
        (
            ["goal", "add", "t", "--hwy", "x"],
            "Error: No such option '--hwy'. Did you mean '--why'? "
            "(see `punchin goal add --help`)\n",
            "错误：没有选项 '--hwy'。你是不是想用 '--why'？（见 `punchin goal add --help`）\n",
        ),
        (
            ["log", "--snice", "上周"],
            "Error: No such option '--snice'. Did you mean '--since'? (see `punchin log --help`)\n",
            "错误：没有选项 '--snice'。你是不是想用 '--since'？（见 `punchin log --help`）\n",
        ),
        (
            ["due", "--lnag", "en"],  # the run's options count after a command
            "Error: No such option '--lnag'. Did you mean '--lang'? (see `punchin due --help`)\n",
            "错误：没有选项 '--lnag'。你是不是想用 '--lang'？（见 `punchin due --help`）\n",
        ),
        (
            ["--dv", "x", "due"],
            "Error: No such option '--dv'. Did you mean '--db'? (see `punchin --help`)\n",
            "错误：没有选项 '--dv'。你是不是想用 '--db'？（见 `punchin --help`）\n",
        ),
        (
            ["xyzzy"],
            "Error: No such command 'xyzzy'. (see `punchin --help`)\n",
            "错误：没有命令 'xyzzy'。（见 `punchin --help`）\n",
        ),
    ],
)
def test_typos_of_commands_and_options(
    run: Run, args: list[str], english: str, chinese: str
) -> None:
    assert one_line_usage(run(*args)) == english
    assert one_line_usage(run("--lang", "zh", *args)) == chinese
    assert one_line_usage(run(*args, "--lang", "zh")) == chinese


def test_a_typo_speaks_the_language_of_the_settings(run: Run) -> None:
    run("init", "--language", "zh", "--yes")
    assert one_line_usage(run("wek")) == (
        "错误：没有命令 'wek'。你是不是想用 'week'？（见 `punchin --help`）\n"
    )
    assert one_line_usage(run("--lang", "en", "wek")).startswith("Error: No such command 'wek'.")


def test_suggesting_costs_nothing_until_a_typo() -> None:
    import subprocess
    import sys

    code = "import sys, punchin.cli; print('difflib' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    assert loaded.stdout.strip() == b"False"
