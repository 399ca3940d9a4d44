"""The quarter report sets each goal's weekly forecasts against its score: a list in JSON, a
row in Markdown, dots and a dashed line in the HTML chart, and a finding when they ran high."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import LAZY, Run, forecast_week

AFTER_Q4 = "2027-01-04T21:00:00+00:00"
THESIS, RUNNING = "Finish the thesis draft", "Run a half marathon"


def quarter(run: Run, monkeypatch: pytest.MonkeyPatch, said: dict[str, list[str]]) -> None:
    """2026-Q4's two goals, forecast in W49 to W52 (`said`: a goal's forecasts, in week order;
    an empty one left unsaid), then closed at the quarterly review: the thesis partly done,
    scored 0.5; the half marathon missed, scored 0.3."""
    run("goal", "add", THESIS, "--on", "2026-Q4")
    run("goal", "add", RUNNING, "--on", "2026-Q4")
    for number, week in enumerate(("2026-W49", "2026-W50", "2026-W51", "2026-W52")):
        result = forecast_week(run, week, {title: values[number] for title, values in said.items()})
        assert result.exit_code == 0, result.output
    monkeypatch.setenv("PUNCHIN_NOW", AFTER_Q4)
    template = json.loads(run("quarter", "--answers-template").output)
    for goal in template["goals"].values():
        score = "0.5" if goal["_title"] == THESIS else "0.3"
        goal.update(status="partly" if score == "0.5" else "missed", score=score, **LAZY)
        goal["remedy"] = "partner"
    template.update(lesson="Forecast from what is done", goal_known="yes", direction_right="yes")
    result = run("quarter", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0, result.output


HOPEFUL = {THESIS: ["0.9", "0.9", "0.8", "0.8"], RUNNING: ["0.8", "", "0.7", "0.7"]}
CALIBRATED = {THESIS: ["0.7", "0.6", "0.5", "0.5"], RUNNING: ["0.6", "0.4", "0.3", "0.3"]}


def test_the_json_lists_each_goals_forecasts_in_week_order(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    quarter(run, monkeypatch, HOPEFUL)
    data = json.loads(run("report", "quarter", "2026-Q4", "-f", "json").output)
    goals = {goal["title"]: goal for goal in data["goals"]}
    assert goals[THESIS]["forecasts"] == [
        {"week": "2026-W49", "value": 0.9},
        {"week": "2026-W50", "value": 0.9},
        {"week": "2026-W51", "value": 0.8},
        {"week": "2026-W52", "value": 0.8},
    ]
    assert goals[RUNNING]["forecasts"] == [  # the week it was left unsaid is not a forecast
        {"week": "2026-W49", "value": 0.8},
        {"week": "2026-W51", "value": 0.7},
        {"week": "2026-W52", "value": 0.7},
    ]
    assert goals[THESIS]["score"] == 0.5 and goals[RUNNING]["score"] == 0.3
    found = {f["key"]: f["params"] for f in data["findings"]}
    assert found["over_optimistic"] == {
        "count": 2,
        "over": 2,
        "said": 0.79,  # (0.85 + 0.733) / 2
        "score": 0.4,
        "gap": 0.39,
    }


def test_a_goal_never_forecast_has_an_empty_list(run: Run) -> None:
    run("goal", "add", THESIS, "--on", "2026-Q4")
    data = json.loads(run("report", "quarter", "2026-Q4", "-f", "json").output)
    assert data["goals"][0]["forecasts"] == []
    assert "Forecasts against the score" not in run("report", "quarter", "2026-Q4").output


def test_markdown_has_a_row_per_goal_and_the_finding(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    quarter(run, monkeypatch, HOPEFUL)
    out = run("report", "quarter", "2026-Q4").output
    assert "## Forecasts against the score" in out
    assert "| Finish the thesis draft | W49 0.9 · W50 0.9 · W51 0.8 · W52 0.8 |  0.50 |" in out
    assert "| Run a half marathon     | W49 0.8 · W51 0.7 · W52 0.7           |  0.30 |" in out
    assert (
        "- Your weekly forecasts were too hopeful: over the quarter's last month you gave your "
        "goals 0.79 on average, and they scored 0.40, 0.39 lower; 2 of the 2 goals ended below "
        "what you forecast." in out
    )


def test_a_calibrated_quarter_has_no_such_finding(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    quarter(run, monkeypatch, CALIBRATED)
    data = json.loads(run("report", "quarter", "2026-Q4", "-f", "json").output)
    assert "over_optimistic" not in {f["key"] for f in data["findings"]}
    out = run("report", "quarter", "2026-Q4").output
    assert "| Finish the thesis draft | W49 0.7 · W50 0.6 · W51 0.5 · W52 0.5 |  0.50 |" in out
    assert "too hopeful" not in out


@pytest.mark.parametrize(
    ("lang", "title", "legend"),
    [
        ("en", "Weekly forecasts (dots) against the final score (dashes)", "final score"),
        ("zh", "每周的把握（圆点）与最终得分（虚线）", "最终得分"),
    ],
)
def test_html_draws_the_forecasts_as_dots_against_the_score(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str, title: str, legend: str
) -> None:
    quarter(run, monkeypatch, HOPEFUL)
    target = tmp_path / "report.html"
    result = run("--lang", lang, "report", "quarter", "2026-Q4", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    chart = next(c for c in re.findall(r"<svg .*?</svg>", page, flags=re.S) if title in c)
    svg = ET.fromstring(chart)
    ns = "{http://www.w3.org/2000/svg}"
    dots = [c.get("aria-label") for c in svg.iter(f"{ns}circle") if c.get("role") == "img"]
    colon = ": " if lang == "en" else "："
    assert len(dots) == 7  # four forecasts of the thesis, three of the half marathon
    assert f"2026-W49 · {THESIS}{colon}0.9" in dots
    assert f"2026-W52 · {RUNNING}{colon}0.7" in dots
    scores = [line.get("aria-label") for line in svg.iter(f"{ns}line") if line.get("role")]
    assert scores == [f"{THESIS} · {legend}{colon}0.50", f"{RUNNING} · {legend}{colon}0.30"]
    assert legend in chart and THESIS in chart
