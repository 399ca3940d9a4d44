"""`punchin quarter`: the quarterly review, at a terminal or from an answers file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from punchin.cli.review import ReviewKind, Session, review_command
from punchin.models import Horizon

if TYPE_CHECKING:
    from punchin.reviews.planning import Outcome


def _saved(session: Session, result: Outcome, scripted: bool) -> list[str]:
    score = "—" if result.average_score is None else f"{result.average_score:.2f}"
    return [session.saved_line("ui.quarter_saved", result, score=score)]


QUARTER = ReviewKind(
    Horizon.QUARTER,
    "The quarter to review: a date in it or 2026-Q3 (default: the one just ended).",
    _saved,
)


@review_command(QUARTER)
def quarter() -> None:
    """The quarterly review: re-read the quarter's weeks, close its goals, plan the next.

    First shows every weekly check-in of the quarter and the patterns across them (causes of
    misses, remedies and whether they worked, the check-in streak); then closes each quarter
    goal with a score from 0 to 1.0, diagnoses each miss, and plans the next quarter: carry
    over, rewrite or drop what is unfinished, and add new goals.

    \b
    Examples:
      punchin quarter
      punchin quarter --on 2026-Q3
      punchin quarter --answers-template > q.json && punchin quarter --answers q.json
    """
