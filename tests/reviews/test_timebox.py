"""The 30-minute time box: shown at each question, a gentle note when over, real time recorded."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from punchin import prompts
from punchin.periods import parse_period_label
from punchin.reviews.asking import Question
from punchin.reviews.weekly import WeeklyCheckIn
from punchin.store import Journal


def english() -> tuple[prompts.PromptSet, prompts.PromptSet]:
    return prompts.load("week", "en"), prompts.load("diagnosis", "en")


class SlowPerson:
    """Answers from a list and takes five minutes over each answer."""

    def __init__(self, answers: list[str], clock: list[datetime]) -> None:
        self.answers = answers
        self.clock = clock
        self.shown: list[str] = []

    def show(self, text: str, *, quiet: bool = False) -> None:
        self.shown.append(text)

    def keep_time(self, spent: object) -> None:
        """Reads the time box from what is shown at each question."""

    def ask(self, question: Question) -> str:
        self.clock[0] += timedelta(minutes=5)
        answer = self.answers.pop(0)
        return question.default or "" if answer == "" else answer


def test_time_box_counts_down_then_notes_the_overrun(tmp_path: Path) -> None:
    now = [datetime(2026, 11, 23, 21, 0, tzinfo=UTC)]
    journal = Journal.open(tmp_path / "j.db", lambda: now[0])
    week = parse_period_label("2026-W47")
    assert week is not None
    for title in ("A", "B", "C"):
        journal.add_goal(title, week)
    person = SlowPerson(["Work", "done", "done", "done", "Mentor", "Next", "", ""], now)
    result = WeeklyCheckIn(journal, *english(), person, week).conclude()

    boxes = [line for line in person.shown if " in · " in line]
    assert boxes[0] == "0:00 in · 30:00 left"
    assert boxes[1] == "5:00 in · 25:00 left"
    assert boxes[6] == "30:00 in · 0:00 left"
    assert boxes[7].startswith("35:00 in · past your 30 minutes: finish the thought")
    assert result.seconds == 40 * 60
    entry = journal.entry("week", "2026-W47")
    assert entry is not None and entry.seconds_spent == 40 * 60


def test_time_spent_adds_up_across_an_interrupted_check_in(tmp_path: Path) -> None:
    now = [datetime(2026, 11, 23, 21, 0, tzinfo=UTC)]
    journal = Journal.open(tmp_path / "j.db", lambda: now[0])
    week = parse_period_label("2026-W47")
    assert week is not None
    first = SlowPerson(["Work"], now)
    with contextlib.suppress(IndexError):  # the person walks away after one answer
        WeeklyCheckIn(journal, *english(), first, week).conclude()
    now[0] += timedelta(hours=20)  # the next day: the gap is not counted
    second = SlowPerson(["Mentor", "", ""], now)
    result = WeeklyCheckIn(journal, *english(), second, week).conclude()
    assert result.seconds == 20 * 60
