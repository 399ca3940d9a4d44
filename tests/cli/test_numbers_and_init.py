"""One reading of numbers in every review, and an `init` that reads each answer as it is given.

Every score, progress and forecast is read the one way, typed or from an answers file:
0.7, .7 and 70% are the same; a bare number above 1 is refused with the readings it may have
had; a negative one too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import LAZY, WALL, Run

from punchin.cli.init_answers import read_time, read_timezone, read_weekday
from punchin.errors import UsageError
from punchin.reviews.asking import Refusal, read_share

# What is typed -> the share stored, or the one line that refuses it (English, Chinese).
TABLE: list[tuple[str, float | None, str, str]] = [
    (
        "3",
        None,
        "3: did you mean 3% or 0.3? write 0.03 or 30%",
        "3：是指 3% 还是 0.3？请写 0.03 或 30%",
    ),
    ("0.03", 0.03, "", ""),
    ("30%", 0.3, "", ""),
    (
        "1.5",
        None,
        "1.5: 150% is more than done; write 1.0 at most, or 15%",
        "1.5：150% 超过了全部完成；最多写 1.0，或者写 15%",
    ),
    (
        "-0.1",
        None,
        "-0.1: that is less than nothing; write 0 at least",
        "-0.1：这比什么都没做还少；最少写 0",
    ),
    (".7", 0.7, "", ""),
    ("70%", 0.7, "", ""),
    ("1", 1.0, "", ""),
    ("0", 0.0, "", ""),
]
ACCEPTED = [(typed, share) for typed, share, _, _ in TABLE if share is not None]
REFUSED = [(typed, en, zh) for typed, share, en, zh in TABLE if share is None]


# -- the reading itself ----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "share"), ACCEPTED)
def test_accepted_shares(typed: str, share: float) -> None:
    assert read_share(typed) == Decimal(str(share))


@pytest.mark.parametrize(("typed", "english", "chinese"), REFUSED)
def test_refused_shares_say_why_in_one_line(typed: str, english: str, chinese: str) -> None:
    refusal = read_share(typed)
    assert isinstance(refusal, Refusal)
    assert f"{typed}: {refusal.english()}" == english


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1.0", "1"),
        ("100%", "1"),
        ("0%", "0"),
        ("70 %", "0.7"),
        ("７０％", "0.7"),  # full-width, as a Chinese input method types it
        ("0.5%", "0.005"),
        ("-0", "0"),
        ("30", "did you mean 30%? write 0.3 or 30%"),
        ("10", "did you mean 10% or 1.0? write 0.1 or 100%"),
        ("100", "did you mean 100%? write 1 or 100%"),
        ("150%", "that is more than done; write 1.0 (or 100%) at most"),
        ("250", "that is more than done; write 1.0 (or 100%) at most"),
    ],
)
def test_more_forms(typed: str, read: str) -> None:
    found = read_share(typed)
    assert (found.english() if isinstance(found, Refusal) else str(found)) == read


def test_every_refusal_is_said_in_both_languages() -> None:
    from punchin import prompts
    from punchin.reviews.asking import REASONS

    english, chinese = prompts.load("ui", "en"), prompts.load("ui", "zh")
    errors = prompts.load("errors", "zh")
    for kind, reason in REASONS.items():
        assert english.get(f"ui.number_{kind}") == reason  # the code's English is the toml's
        assert chinese.has(f"ui.number_{kind}") and errors.has(f"errors.answers_number_{kind}")


@pytest.mark.parametrize("typed", ["", "seventy", "0.7.1", "1e-1", "%", "nan", "inf", "7/10"])
def test_what_is_not_a_number(typed: str) -> None:
    assert read_share(typed) is None


# -- in every review, at the terminal and from a file -----------------------------------------


@dataclass(frozen=True)
class Review:
    """Where a review asks its number, and how a run of it reaches that question."""

    command: tuple[str, ...]
    period: str
    before: tuple[str, ...]  # the answers typed before the number
    key: str  # the goal's answer holding the number
    stored: Callable[[float], str]  # the number's saved form
    fill: Callable[[dict[str, Any]], None]  # the rest of a complete answers file


def _fill_week(template: dict[str, Any]) -> None:
    template.update(accomplished="Some", mentor="Go on")
    for goal in template["goals"].values():
        goal.update(status="partly", **WALL, remedy="double")


def _fill_quarter(template: dict[str, Any]) -> None:
    template.update(lesson="Not yet", goal_known="no", direction_right="unsure")
    for goal in template["goals"].values():
        goal.update(status="missed", **LAZY, remedy="schedule")


def _fill_year(template: dict[str, Any]) -> None:
    template.update(happy="yes", progress="yes", action="Keep on", motivation="Curiosity")
    for goal in template["goals"].values():
        goal.update(status="partly")


REVIEWS = {
    "week progress": Review(
        ("week", "--on", "2026-W47"),
        "2026-W47",
        ("Little", "partly"),
        "progress",
        lambda share: f"{Decimal(str(share)) * 100:f}".rstrip("0").rstrip(".") + "%",
        _fill_week,
    ),
    "quarter score": Review(
        ("quarter", "--on", "2026-Q3"),
        "2026-Q3",
        ("missed",),
        "score",
        "{:g}".format,
        _fill_quarter,
    ),
    "year score": Review(
        ("year", "--on", "2026"), "2026", ("partly",), "score", "{:g}".format, _fill_year
    ),
}


@pytest.fixture(params=list(REVIEWS))
def review(request: pytest.FixtureRequest, run: Run, monkeypatch: pytest.MonkeyPatch) -> Review:
    """A journal begun in June 2026 with one goal for the review's period, on the evening the
    review is due."""
    chosen = REVIEWS[request.param]
    monkeypatch.setenv("PUNCHIN_NOW", "2026-06-29T09:00:00+00:00")
    run("goal", "add", "Finish the draft", "--on", chosen.period)
    now = {"2026-W47": "2026-11-23", "2026-Q3": "2026-10-05", "2026": "2027-01-04"}
    monkeypatch.setenv("PUNCHIN_NOW", f"{now[chosen.period]}T21:00:00+00:00")
    return chosen


def _share_of_goal(run: Run, period: str) -> float | None:
    goals = json.loads(run("goal", "list", "--on", period, "--json").output)
    progress: float | None = goals[0]["progress"]
    return progress


def _saved_answers(run: Run, period: str) -> dict[str, str]:
    entries = json.loads(run("log", "--json").output)
    found = [e["answers"] for e in entries if e["period"] == period]
    return found[0] if found else {}


@pytest.mark.parametrize(("typed", "share"), ACCEPTED)
def test_at_the_terminal_every_refusal_asks_again(
    run: Run, review: Review, typed: str, share: float
) -> None:
    refused = [t for t, _, _ in REFUSED]
    result = run(*review.command, input="\n".join([*review.before, *refused, typed]) + "\n")
    assert result.exit_code == 130  # stopped at the next question; all given so far is saved
    for _, english, _ in REFUSED:
        assert f"  {english}\n" in result.stderr
    assert _share_of_goal(run, review.period) == share
    saved = _saved_answers(run, review.period)
    assert [v for k, v in saved.items() if k.endswith("." + review.key)] == [review.stored(share)]


def test_at_the_terminal_in_chinese(run: Run, review: Review) -> None:
    refused = [t for t, _, _ in REFUSED]
    typed = [*review.before, *refused, "70%"]
    result = run("--lang", "zh", *review.command, input="\n".join(typed) + "\n")
    assert result.exit_code == 130
    for _, _, chinese in REFUSED:
        assert f"  {chinese}\n" in result.stderr
    assert _share_of_goal(run, review.period) == 0.7


def _answers_file(run: Run, review: Review, tmp_path: Path, value: object) -> Path:
    template = json.loads(run(*review.command, "--answers-template").output)
    review.fill(template)
    for goal in template["goals"].values():
        goal[review.key] = value
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(template, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("typed", "share"), ACCEPTED)
def test_from_a_file_the_same_forms_are_accepted(
    run: Run, review: Review, tmp_path: Path, typed: str, share: float
) -> None:
    result = run(*review.command, "--answers", str(_answers_file(run, review, tmp_path, typed)))
    assert result.exit_code == 0, result.output
    assert _share_of_goal(run, review.period) == share


@pytest.mark.parametrize(("typed", "english", "chinese"), REFUSED)
def test_from_a_file_a_refusal_refuses_the_whole_file(
    run: Run, review: Review, tmp_path: Path, typed: str, english: str, chinese: str
) -> None:
    path = _answers_file(run, review, tmp_path, typed)
    result = run(*review.command, "--answers", str(path))
    assert result.exit_code == 1
    reason = english.split(": ", 1)[1]
    assert result.stderr.startswith(f"Error: answers file {path}: 'goals.")
    assert f".{review.key}' is '{typed}': {reason}\n" in result.stderr
    assert result.stderr.count("\n") == 1
    assert _saved_answers(run, review.period) == {}  # nothing of the file was written
    chinese_run = run("--lang", "zh", *review.command, "--answers", str(path))
    assert chinese_run.stderr.startswith(f"错误：回答文件 {path}：'goals.")
    assert f".{review.key}' 的值是 '{typed}'：{chinese.split('：', 1)[1]}\n" in (chinese_run.stderr)


def test_a_json_number_reads_like_its_text(run: Run, review: Review, tmp_path: Path) -> None:
    refused = run(*review.command, "--answers", str(_answers_file(run, review, tmp_path, 30)))
    assert "is 30: did you mean 30%? write 0.3 or 30%" in refused.stderr
    taken = run(*review.command, "--answers", str(_answers_file(run, review, tmp_path, 0.25)))
    assert taken.exit_code == 0, taken.output
    assert _share_of_goal(run, review.period) == 0.25


def test_the_five_year_check_reads_numbers_the_same_way(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUNCHIN_NOW", "2026-06-29T09:00:00+00:00")
    run("goal", "add", "Change fields", "--on", "2026-2030")
    monkeypatch.setenv("PUNCHIN_NOW", "2031-01-06T21:00:00+00:00")
    result = run("five-year", "--on", "2026-2030", input="partly\n3\n30%\n")
    assert "  3: did you mean 3% or 0.3? write 0.03 or 30%\n" in result.stderr
    assert _share_of_goal(run, "2026-2030") == 0.3


def test_the_templates_say_which_forms_are_read(run: Run, review: Review) -> None:
    template = json.loads(run(*review.command, "--answers-template").output)
    if review.key in template.get("_help", {}):
        assert "like 0." in template["_help"][review.key] and "%" in template["_help"][review.key]
        assert "is refused" in template["_help"][review.key]


# -- the weekly progress: once 0 to 100, now read like every score ----------------------------


def test_a_progress_saved_as_0_to_100_still_reads_as_that_percentage(
    run: Run, journal_file: Path
) -> None:
    run("goal", "add", "Submit the grant", "--on", "2026-W47")
    review = REVIEWS["week progress"]
    template = json.loads(run(*review.command, "--answers-template").output)
    review.fill(template)
    for goal in template["goals"].values():
        goal["progress"] = "40%"
    assert run(*review.command, "--answers", "-", input=json.dumps(template)).exit_code == 0
    with sqlite3.connect(journal_file) as conn:  # as an earlier punchin saved it: a bare 60
        conn.execute("UPDATE answers SET value = '60' WHERE key LIKE '%.progress'")
    amended = run(*review.command, "--amend", input="\n\n\n")
    assert "> [60%]" in amended.output  # offered as the percentage it always meant
    assert _share_of_goal(run, "2026-W47") == 0.6
    saved = _saved_answers(run, "2026-W47")
    assert [v for k, v in saved.items() if k.endswith(".progress")] == ["60%"]


# -- init: each answer read as it is given ----------------------------------------------------


@pytest.fixture
def at_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """`punchin init` asks only a person at a terminal; CliRunner's input stands in for one."""
    monkeypatch.setattr("punchin.cli.setup._at_terminal", lambda: True)


def _settings(home: Path) -> str:
    return (home / "settings.toml").read_text(encoding="utf-8")


def test_init_keeps_every_answer_while_one_is_asked_again(
    run: Run, home: Path, at_terminal: None
) -> None:
    typed = ["en", "sunday", "9", "9pm", "45", "Shanghai", "Asia/Shanhai", "asia/shanghai"]
    result = run("init", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "  weekly time '9': morning or evening? write 09:00 or 21:00\n" in result.stderr
    assert "  unknown timezone 'Shanghai': did you mean Asia/Shanghai?\n" in result.stderr
    assert "  unknown timezone 'Asia/Shanhai': did you mean Asia/Shanghai?\n" in result.stderr
    assert "Timezone [Asia/Shanghai]: " in result.output  # Enter would take the suggestion
    assert (
        "Weekly review: Sunday 21:00, 45 minutes; language English; timezone Asia/Shanghai."
    ) in result.output
    settings = _settings(home)
    for line in (
        'weekly_day = "sunday"',
        'weekly_time = "21:00"',
        "weekly_minutes = 45",
        'timezone = "Asia/Shanghai"',
    ):
        assert line in settings


def test_init_takes_the_suggested_timezone_on_enter(
    run: Run, home: Path, at_terminal: None
) -> None:
    result = run("init", input="en\n\n21h\n\nEurope/Berln\n\n")
    assert result.exit_code == 0, result.output
    assert "did you mean Europe/Berlin?" in result.stderr
    assert 'timezone = "Europe/Berlin"' in _settings(home)
    assert 'weekly_time = "21:00"' in _settings(home)


def test_init_in_chinese(run: Run, home: Path, at_terminal: None) -> None:
    result = run("init", input="zh\n周日\n晚上9点半\n30分钟\nShanghai\n\n")
    assert result.exit_code == 0, result.output
    assert "  未知的时区 'Shanghai'：你是指 Asia/Shanghai 吗？\n" in result.stderr
    assert "星期日 21:30，30 分钟" in result.output
    assert 'timezone = "Asia/Shanghai"' in _settings(home)


def test_init_says_what_is_accepted_in_chinese(run: Run, at_terminal: None) -> None:
    result = run("init", input="zh\nmon\n25:00\n9点\n21:00\n2\n30\n\n")
    assert result.exit_code == 0, result.output
    assert "  每周复盘的时间 '25:00' 不是一个时刻：请写成 21:00、9pm 或 21h 这样\n" in result.stderr
    assert "  每周复盘的时间 '9点'：是上午还是晚上？请写 09:00 或 21:00\n" in result.stderr
    assert "  每周复盘的时限必须在 5 到 240 分钟之间\n" in result.stderr


@pytest.mark.parametrize(
    ("flag", "written"),
    [("9pm", "21:00"), ("9 pm", "21:00"), ("21h", "21:00"), ("2100", "21:00"), ("9:30", "09:30")],
)
def test_init_flags_are_read_the_same_way(run: Run, home: Path, flag: str, written: str) -> None:
    assert run("init", "--weekly-time", flag, "-y").exit_code == 0
    assert f'weekly_time = "{written}"' in _settings(home)


def test_init_flags_refused_with_suggestions(run: Run, home: Path) -> None:
    assert run("init", "--timezone", "asia/shanghai", "-y").exit_code == 0
    assert 'timezone = "Asia/Shanghai"' in _settings(home)
    wrong = run("init", "--timezone", "Shanghai", "-y")
    assert wrong.exit_code == 2
    assert wrong.stderr == "Error: unknown timezone 'Shanghai': did you mean Asia/Shanghai?\n"
    chinese = run("--lang", "zh", "init", "--weekly-time", "9", "-y")
    assert chinese.stderr == "错误：每周复盘的时间 '9'：是上午还是晚上？请写 09:00 或 21:00\n"


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("21:00", "21:00"),
        ("9pm", "21:00"),
        ("9 PM", "21:00"),
        ("9:30 p.m.", "21:30"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
        ("21h", "21:00"),
        ("21h30", "21:30"),
        ("2100", "21:00"),
        ("0930", "09:30"),
        ("21", "21:00"),
        ("21点", "21:00"),
        ("晚上9点", "21:00"),
        ("下午3点15分", "15:15"),
        ("２１：００", "21:00"),
    ],
)
def test_times_read(typed: str, time: str) -> None:
    assert read_time(typed) == time


@pytest.mark.parametrize("typed", ["9", "12", "9点", "25:00", "21:60", "930", "13pm", "soon"])
def test_times_refused(typed: str) -> None:
    with pytest.raises(UsageError):
        read_time(typed)


def test_timezones_and_weekdays() -> None:
    assert read_timezone("") == ""
    assert read_timezone("utc") == "UTC"
    assert read_timezone("america/new york") == "America/New_York"
    with pytest.raises(UsageError) as refused:
        read_timezone("Berln")
    assert refused.value.params["best"] == "Europe/Berlin"
    with pytest.raises(UsageError) as unknown:
        read_timezone("Mars/Base")
    assert unknown.value.key == "timezone_bad"
    assert [read_weekday(d) for d in ("Mon", "周一", "星期日", "礼拜天")] == [
        "monday",
        "monday",
        "sunday",
        "sunday",
    ]


# -- due: the next slot in the user's language -----------------------------------------------


def test_nothing_due_names_the_next_slot_in_the_users_language(run: Run) -> None:
    run("week", input="Work\nMentor\n\n\n")  # the first check-in, or the first week planned
    assert run("due").output == "Nothing is due. Next weekly check-in: Mon 2026-11-30 21:00.\n"
    assert run("--lang", "zh", "due").output == (
        "目前没有待办的复盘。下一次每周复盘：2026-11-30（周一）21:00。\n"
    )
