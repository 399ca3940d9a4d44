"""`punchin paths`: the comparison, and the fit to contrasting people, with its reasons."""

from __future__ import annotations

import json
import re

import pytest
from conftest import Run

RESEARCHER = {
    "value": "academic",
    "feedback": "five",
    "stability": "little",
    "alone": "bear",
    "research": "yes",
    "venture": "no",
    "hours": "yes",
}
NEEDS_STABILITY = {
    "value": "growth",
    "feedback": "weeks",
    "stability": "much",
    "alone": "drains",
    "research": "no",
    "venture": "no",
    "hours": "no",
}


def assess(run: Run, answers: dict[str, str]) -> str:
    result = run("paths", "--assess", "--answers", "-", input=json.dumps(answers))
    assert result.exit_code == 0, result.output
    return result.output


def fits(output: str) -> dict[str, tuple[str, int]]:
    return {
        name: (fit, int(score))
        for name, fit, score in re.findall(
            r"^(Big company|PhD|Startup): (.+) \(([+-]\d+)\)$", output, re.M
        )
    }


def test_the_comparison_side_by_side(run: Run) -> None:
    text = run("paths").output
    for aspect in ("Basic goal", "Motivation needed", "Why that much", "What it costs you"):
        assert aspect in text
    assert "- Startup: Positive feedback may take about five years." in text
    table = run("paths", "--format", "md").output
    assert "| Aspect " in table and " Big company " in table and " PhD " in table
    data = json.loads(run("paths", "--format", "json").output)
    assert set(data) == {"company", "phd", "startup"}
    assert data["phd"]["why"].startswith("A research result takes one to two years")
    page = run("paths", "--format", "html").output
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page and "http" not in page
    assert "创业" in run("--lang", "zh", "paths").output


def test_a_researcher_who_can_wait_fits_the_phd(run: Run) -> None:
    out = assess(run, RESEARCHER)
    found = fits(out)
    assert found["PhD"] == ("fits well", 8)
    assert found["Startup"][0] == "fits poorly"
    assert "+3 your problem has academic value: the PhD path is made for it" in out
    assert "+2 you love research" in out
    assert "-4 you must love what your company does to survive a startup" in out
    assert out.index("PhD:") < out.index("Big company:")  # best fit first


def test_someone_who_needs_stable_time_and_income_fits_a_company(run: Run) -> None:
    out = assess(run, NEEDS_STABILITY)
    found = fits(out)
    assert found["Big company"] == ("fits well", 6)
    assert found["PhD"][0] == "fits poorly" and found["Startup"][0] == "fits poorly"
    assert "+2 you need steady income and free time: a company gives both" in out
    assert "-2 a startup gives neither steady income nor free time" in out
    assert "advice from your answers, not a decision" in out


def test_every_fit_names_what_moved_it(run: Run) -> None:
    out = assess(run, NEEDS_STABILITY)
    blocks = re.split(r"^(?=Big company:|PhD:|Startup:)", out, flags=re.M)[1:]
    for block in blocks:
        score = int(re.search(r"\(([+-]\d+)\)", block)[1])  # type: ignore[index]
        moves = [int(m) for m in re.findall(r"^  ([+-]\d+) ", block, re.M)]
        assert sum(moves) == score, block


def test_assessments_are_compared_with_earlier_ones(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = assess(run, RESEARCHER)
    assert "This is your first assessment" in first
    monkeypatch.setenv("PUNCHIN_NOW", "2026-12-07T21:00:00+00:00")
    second = assess(run, NEEDS_STABILITY)
    assert "Earlier assessments:\n  2026-W48: Big company -1 · PhD +8 · Startup +0" in second


def test_the_journal_moves_the_fit(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    template = json.loads(run("year", "--on", "2025", "--answers-template").output)
    template.update(
        happy="no", progress="no", verdict="weak", decision="push", action="a", motivation="m"
    )
    assert run("year", "--on", "2025", "--answers", "-", input=json.dumps(template)).exit_code == 0
    out = assess(run, RESEARCHER)
    assert "-2 your last yearly check found your motivation not strong enough (2025)" in out
    assert fits(out)["PhD"] == ("fits well", 7)


def test_the_assessment_template(run: Run) -> None:
    template = json.loads(run("paths", "--assess", "--answers-template").output)
    assert set(RESEARCHER) <= set(template)
    assert template["_choices"]["feedback"] == "weeks | years | five"
