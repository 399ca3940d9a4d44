"""The punch-in-life warning on crafted histories: said with evidence when two signals
agree, and not at all for a steady life."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import Run

from punchin.drift import signals, warning
from punchin.models import EntryStatus, GoalStatus
from punchin.periods import parse_period_label, quarter_of, week_of, year_of
from punchin.store import Journal

TODAY = date(2026, 11, 23)


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


def test_a_drifting_history_is_named_with_its_evidence(journal: Journal) -> None:
    yearly_check(journal, 2024, happy="no", progress="some", decision="change")
    yearly_check(journal, 2025, happy="mixed", progress="no", decision="change")
    quarter_goals(journal, dropped=3, kept=2)
    weekly_check_ins(journal, every=4)
    found = warning(signals(journal, TODAY))
    keys = {signal.key: signal.params for signal in found}
    assert set(keys) == {"changes", "abandoned", "no_direction", "unhappy", "gaps"}
    assert keys["changes"] == {"count": 2, "years": "2024, 2025"}
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


def test_one_signal_alone_is_not_enough(journal: Journal) -> None:
    window = parse_period_label("2023-2027", 2023)
    assert window is not None
    journal.add_goal("Finish the PhD", window)
    weekly_check_ins(journal, every=4)  # long gaps, but a direction and no other sign
    found = signals(journal, TODAY)
    assert [signal.key for signal in found] == ["gaps"]
    assert warning(found) == []


def test_the_warning_is_shown_kindly_in_the_yearly_check(
    run: Run, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    yearly_check(journal, 2024, happy="no", progress="no", decision="change")
    yearly_check(journal, 2025, happy="no", progress="no", decision="change")
    journal.close()
    monkeypatch.setenv("PUNCHIN_NOW", "2026-12-28T21:00:00+00:00")
    out = run("year", input="\n" * 3).output
    assert "A pattern worth a look: your journal shows signs of a “punch-in life”" in out
    assert "- You changed the direction of your effort at 2 yearly checks (2024, 2025)." in out
    assert "This is not a judgement: not knowing your goal early is fine." in out
