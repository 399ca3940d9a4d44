"""The punch-in-life warning on crafted histories: said with evidence when two signals
agree, and not at all for a steady life."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import Run

from punchin.method.drift import signals, warning
from punchin.models import EntryStatus, GoalStatus
from punchin.periods import parse_period_label, quarter_of, week_of, year_of
from punchin.store import Journal

TODAY = date(2026, 11, 23)
pytestmark = pytest.mark.fresh_journal  # each test writes its own history from 2023


@pytest.fixture
def journal(journal_file: Path) -> Iterator[Journal]:
    """A journal begun in 2023, written at this test's clock."""
    clock = [datetime(2023, 1, 2, tzinfo=UTC)]
    journal_file.parent.mkdir(mode=0o700, exist_ok=True)
    with Journal.open(journal_file, lambda: clock[0]) as opened:
        yield opened


def yearly_check(journal: Journal, year: int, **answers: str) -> None:
    entry = journal.start_entry("year", year_of(date(year, 1, 1)), "en")
    for key, value in answers.items():
        journal.save_answer(entry.id, key, value)
    journal.set_entry_status(entry.id, EntryStatus.DONE)


def weekly_check_ins(journal: Journal, every: int) -> None:
    week = week_of(TODAY - timedelta(days=364))
    while week.start < TODAY - timedelta(days=7):
        if (week.start.toordinal() // 7) % every == 0:
            entry = journal.start_entry("week", week, "en")
            journal.set_entry_status(entry.id, EntryStatus.DONE)
        week = week.next()


def quarter_goals(journal: Journal, dropped: int, kept: int) -> None:
    quarter = quarter_of(date(2025, 1, 1))
    for n in range(dropped + kept):
        goal = journal.add_goal(f"Goal {n}", quarter)
        if n < dropped:
            journal.update_goal(goal.id, status=GoalStatus.DROPPED)
        quarter = quarter.next()


def test_a_direction_changed_at_every_check_is_named_with_its_evidence(
    journal: Journal,
) -> None:
    yearly_check(journal, 2024, happy="no", progress="some", verdict="timing", decision="change")
    yearly_check(
        journal, 2025, happy="mixed", progress="no", verdict="motivation", decision="change"
    )
    quarter_goals(journal, dropped=3, kept=2)
    weekly_check_ins(journal, every=4)
    found = warning(signals(journal, TODAY))
    keys = {signal.key: signal.params for signal in found}
    assert set(keys) == {"changes", "unexplained_change", "abandoned", "no_direction", "unhappy"}
    assert keys["changes"] == {"count": 2, "years": ["2024", "2025"]}
    assert keys["unexplained_change"] == {"years": ["2024"]}  # 2025 came from its motivation
    assert keys["abandoned"] == {"count": 3, "total": 5}
    assert keys["no_direction"] == {"window": "2023-2027"}


def test_a_steady_history_gets_no_warning(journal: Journal) -> None:
    window = parse_period_label("2023-2027", 2023)
    assert window is not None
    journal.add_goal("Finish the PhD", window)
    yearly_check(journal, 2024, happy="yes", progress="yes", decision="push")
    yearly_check(journal, 2025, happy="mixed", progress="some", decision="push")
    quarter_goals(journal, dropped=1, kept=4)
    weekly_check_ins(journal, every=1)
    assert signals(journal, TODAY) == []
    assert warning(signals(journal, TODAY)) == []


def test_unhappy_years_and_gaps_without_a_moving_direction_are_not_a_punch_in_life(
    journal: Journal,
) -> None:
    """Hygiene is not touring: two hard years, no five-year goal written, and almost no
    weekly check-ins, but the direction never moved. The habit's own findings speak of the
    gaps; this warning stays silent."""
    yearly_check(journal, 2024, happy="no", progress="no", verdict="timing", decision="push")
    yearly_check(journal, 2025, happy="no", progress="some", verdict="timing", decision="push")
    found = signals(journal, TODAY)
    assert {signal.key for signal in found} == {"no_direction", "unhappy"}
    assert warning(found) == []


def test_a_single_change_of_direction_that_came_from_motivation_is_fine(
    journal: Journal,
) -> None:
    window = parse_period_label("2023-2027", 2023)
    assert window is not None
    journal.add_goal("Build the company", window)
    yearly_check(journal, 2025, happy="no", progress="no", verdict="motivation", decision="change")
    assert warning(signals(journal, TODAY)) == []


def test_the_best_fitting_path_flipping_is_a_sign(journal: Journal) -> None:
    for day, fits in (("2025-03-03", (2, 5, 1)), ("2026-03-02", (6, 1, 2))):
        entry = journal.start_entry("paths", _day_period(day), "en")
        journal.save_answer(entry.id, "align", "partly")  # the questions that weigh alike
        for path, fit in zip(("company", "phd", "startup"), fits, strict=True):
            journal.save_answer(entry.id, f"fit.{path}", str(fit))
        journal.set_entry_status(entry.id, EntryStatus.DONE)
    found = signals(journal, TODAY)
    flip = next(signal for signal in found if signal.key == "paths_flip")
    assert flip.params == {
        "before": "2025-03-03",
        "was": "phd",
        "after": "2026-03-02",
        "now": "company",
    }
    assert {signal.key for signal in warning(found)} == {"paths_flip", "no_direction"}


def _day_period(day: str) -> object:
    from punchin.models import Horizon
    from punchin.periods import Period

    moment = date.fromisoformat(day)
    return Period(moment, moment, Horizon.WEEK, day)


def test_the_warning_is_shown_kindly_in_the_yearly_check_and_points_at_its_questions(
    run: Run, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    yearly_check(journal, 2024, happy="no", progress="no", verdict="timing", decision="change")
    yearly_check(journal, 2025, happy="no", progress="no", verdict="timing", decision="change")
    journal.close()
    monkeypatch.setenv("PUNCHIN_NOW", "2026-12-28T21:00:00+00:00")
    out = " ".join(run("year", input="\n" * 3).output.split())  # as read, not as wrapped
    assert "A pattern worth a look: your direction has been moving" in out
    assert "- You changed the direction of your effort at 2 yearly checks (2024, 2025)." in out
    assert "each change of direction come from a real change of motivation" in out
    assert "let your answers below start from that" in out
    assert "punchin year`" not in out.split("A pattern worth a look")[1]  # not the command it is in
    zh = "".join(
        run("--lang", "zh", "five-year", "--on", "2018-2022", input="\n" * 3).output.split()
    )
    assert "「打卡式人生」" in zh and "下面的回答，就从这里开始" in zh
    assert "punchin five-year`" not in zh.split("值得停下来看一看")[1]
