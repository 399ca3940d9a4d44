"""The weekly forecast of each open quarter goal: asked once a check-in, read like a score,
and set against the score at the quarterly review."""

from __future__ import annotations

import json

import pytest
from conftest import LAZY, Run, forecast_week

AFTER_Q4 = "2027-01-04T21:00:00+00:00"  # the Monday after the last week of 2026-Q4 (W53)


def goal_ids(run: Run) -> dict[str, str]:
    return {g["title"]: g["id"] for g in json.loads(run("goal", "list", "--all", "--json").output)}


@pytest.fixture
def quarter_goals(run: Run) -> dict[str, str]:
    """Two open goals for 2026-Q4, one already done, and one of the quarter before."""
    run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4")
    run("goal", "add", "Run a half marathon", "--on", "2026-Q4")
    run("goal", "add", "Apply for the grant", "--on", "2026-Q4")
    run("goal", "add", "Learn to swim", "--on", "2026-Q3")
    ids = goal_ids(run)
    assert run("goal", "done", ids["Apply for the grant"]).exit_code == 0
    return ids


def test_each_open_quarter_goal_gets_one_forecast_read_like_a_score(
    run: Run, quarter_goals: dict[str, str]
) -> None:
    assert forecast_week(run, "2026-W46", {"Finish the thesis draft": "0.8"}).exit_code == 0
    answers = [
        "Chapter two",  # accomplished (no goals this week)
        "1.5",  # the thesis: refused, more than done
        "70",  # refused: 70% or 0.7?
        "soon",  # refused: not a number
        "0.6",  # taken
        "",  # the half marathon: left unsaid
        "Be stricter",  # mentor
        "",  # no goals for next week
        "",  # closing
    ]
    result = run("week", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Your goals for 2026-Q4, which ends 2026-12-31: how likely is each" in out
    assert "0.7 means on track for a stretch goal" in out
    # last time's forecast is said in the question, not offered as the answer
    assert "Finish the thesis draft (in 2026-W46 you said 0.8): how likely now?" in out
    assert "[0.8]" not in out
    assert "Run a half marathon: how likely by the end of the quarter?" in out
    assert "Apply for the grant" not in out and "Learn to swim" not in out
    # each refusal is one line, and the question is asked again
    assert "  1.5: 150% is more than done; write 1.0 at most, or 15%\n" in out
    assert "  70: did you mean 70%? write 0.7 or 70%\n" in out
    assert "  Please answer with a score from 0 to 1.0, like 0.7" in out
    assert out.index("how likely now?") < out.index("Now speak as your mentor")
    assert out.index("No goals were set for this week") < out.index("Your goals for 2026-Q4")

    shown = json.loads(run("show", "2026-W47", "--json").output)
    said = {k: v for k, v in shown["answers"].items() if k.startswith("forecast.")}
    assert said == {
        f"forecast.{quarter_goals['Finish the thesis draft']}": "0.6",
        f"forecast.{quarter_goals['Run a half marathon']}": "",
    }
    assert {"question": "Finish the thesis draft · forecast for the quarter", "answer": "0.6"} in (
        shown["read"]
    )


def test_a_week_with_no_open_quarter_goal_asks_none(run: Run) -> None:
    run("goal", "add", "Learn to swim", "--on", "2026-Q3")
    result = run("week", input="Little\nFine\n\n\n")
    assert result.exit_code == 0, result.output
    assert "how likely" not in result.output
    assert "forecast" not in json.loads(run("week", "--answers-template").output)


def test_the_week_belongs_to_the_quarter_holding_its_thursday(run: Run) -> None:
    """2026-W40 runs from Monday 28 September to 4 October: its Thursday is 1 October."""
    run("goal", "add", "Learn to swim", "--on", "2026-Q3")
    run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4")
    template = json.loads(run("week", "--on", "2026-W40", "--answers-template").output)
    ids = goal_ids(run)
    assert list(template["forecast"]) == [ids["Finish the thesis draft"]]


def test_the_answers_template_has_a_forecast_for_each_open_quarter_goal(
    run: Run, quarter_goals: dict[str, str]
) -> None:
    template = json.loads(run("week", "--answers-template").output)
    thesis, running = quarter_goals["Finish the thesis draft"], quarter_goals["Run a half marathon"]
    assert template["forecast"] == {thesis: "", running: ""}
    assert template["_forecast"][thesis] == (
        "Finish the thesis draft: how likely by the end of the quarter?"
    )
    assert "0 to 1.0" in template["_help"]["forecast"]
    assert "may be left empty" in template["_help"]["forecast"]
    template.update(accomplished="Scripted", mentor="Fine")
    template["forecast"].update({thesis: "70%", running: ""})
    result = run("week", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0, result.output
    answers = json.loads(run("show", "2026-W47", "--json").output)["answers"]
    assert answers[f"forecast.{thesis}"] == "0.7"  # stored as a score is
    assert answers[f"forecast.{running}"] == ""
    again = json.loads(run("week", "--answers-template").output)
    assert again["forecast"] == {thesis: "0.7", running: ""}  # an answer given stands


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1.2", "120% is more than done"),
        ("-0.3", "less than nothing"),
        ("likely", "expected a score from 0 to 1.0"),
        ("150%", "more than done"),
    ],
)
def test_a_forecast_out_of_range_refuses_the_answers_file_whole(
    run: Run, quarter_goals: dict[str, str], value: str, reason: str
) -> None:
    thesis = quarter_goals["Finish the thesis draft"]
    result = forecast_week(run, "2026-W47", {"Finish the thesis draft": value})
    assert result.exit_code == 1
    assert f"'forecast.{thesis}'" in result.stderr and reason in result.stderr
    assert result.stderr.strip().count("\n") == 0  # one line
    assert json.loads(run("log", "--json").output) == []  # nothing of the file was saved


def test_chinese_forecast_question(run: Run) -> None:
    run("goal", "add", "完成论文初稿", "--on", "2026-Q4")
    result = run("--lang", "zh", "week", input="写完了第二章\n2\n0.5\n还行\n\n\n")
    assert result.exit_code == 0, result.output
    assert "2026-Q4 的季度目标（2026-12-31 结束）" in result.output
    assert "完成论文初稿：到季度末完成的把握有多大？" in result.output
    assert "  2：是指 2% 还是 0.2？请写 0.02 或 20%\n" in result.output
    assert "0.5" in json.loads(run("show", "2026-W47", "--json").output)["answers"].values()


# -- the quarterly review: the forecasts against the scores ---------------------------------


def over_optimistic_quarter(run: Run) -> None:
    """Four weeks of high forecasts for two goals that end well below them."""
    run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4")
    run("goal", "add", "Run a half marathon", "--on", "2026-Q4")
    for week, thesis, running in (
        ("2026-W49", "0.9", "0.8"),
        ("2026-W50", "0.9", "0.8"),
        ("2026-W51", "0.8", "0.7"),
        ("2026-W52", "0.8", "0.7"),
    ):
        said = {"Finish the thesis draft": thesis, "Run a half marathon": running}
        assert forecast_week(run, week, said).exit_code == 0


QUARTER_ANSWERS = [
    "partly",  # the thesis
    "0.5",  # its score
    *LAZY.values(),  # the time did not go in: laziness
    "",  # the cause suggested
    "1",  # the study partner
    "",  # its commitment, as drafted
    "missed",  # the half marathon
    "0.3",
    *LAZY.values(),
    "",
    "1",
    "",
    "Forecast from what is done.",  # lesson
    "yes",  # the longer goal known
    "yes",  # the direction right
    "",  # the thesis: carried over
    "",  # the half marathon: carried over
    "",  # no new goals
    "",  # closing
]


def test_the_quarterly_review_sets_the_forecasts_against_the_scores(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    over_optimistic_quarter(run)
    monkeypatch.setenv("PUNCHIN_NOW", AFTER_Q4)
    result = run("quarter", input="\n".join(QUARTER_ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # as read, whatever the terminal's width
    weekly = "how likely you said it was to be done, week by week:"
    assert f"{weekly} W49 0.9 · W50 0.9 · W51 0.8 · W52 0.8 How did it end?" in out
    assert f"{weekly} W49 0.8 · W50 0.8 · W51 0.7 · W52 0.7 How did it end?" in out
    said = out.index("Your weekly forecasts, against the scores you just gave:")
    assert out.index("> 0.3") < said < out.index("What did this quarter teach you?")
    assert (
        "Your weekly forecasts were too hopeful: over the quarter's last month you gave your "
        "goals 0.80 on average, and they scored 0.40, 0.40 lower; 2 of the 2 goals ended below "
        "what you forecast." in out
    )
    assert out.count("too hopeful") == 1  # not said before the scores are given
