"""`punchin year` and `punchin five-year`: the motivation checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from punchin.cli.review import ReviewKind, Session, review_command
from punchin.models import Horizon

if TYPE_CHECKING:
    from punchin.reviews.planning import Outcome


def _saved_year(session: Session, result: Outcome, scripted: bool) -> list[str]:
    from punchin.reviews.yearly import PUSH

    chosen = result.answers.get("decision", PUSH)
    decision = session.prompts.text(f"questions.decision.choices.{chosen}")
    return [session.saved_line("ui.year_saved", result, decision=decision)]


def _saved_five_year(session: Session, result: Outcome, scripted: bool) -> list[str]:
    return [session.saved_line("ui.five_year_saved", result)]


YEAR = ReviewKind(
    Horizon.YEAR,
    "The year to look back on: a date in it or 2025 (default: the one just ended).",
    _saved_year,
)
FIVE_YEAR = ReviewKind(
    Horizon.FIVE_YEAR,
    "The five-year window to look back on: a date in it or 2021-2025 (default: the one just "
    "ended).",
    _saved_five_year,
)


@review_command(YEAR)
def year() -> None:
    """The yearly motivation check: was the year happy, was there progress, and why not?

    Shows the year from your journal (check-ins, goals, causes of misses, quarter by quarter),
    closes the year's goals, and asks the method's question for a year that went wrong: was
    the timing not ripe (keep working at it), or was the motivation not right (re-examine it
    and change the direction of your effort)? Records the verdict, the decision and next
    year's goals.

    \b
    Examples:
      punchin year
      punchin year --on 2025
      punchin year --answers-template > y.json && punchin year --answers y.json
    """


@review_command(FIVE_YEAR)
def five_year() -> None:
    """The five-yearly motivation check: your deep desire and fear, turned positive.

    Shows what you wrote at the previous five-year check and at each yearly check since;
    then asks what you would least like to recall or share, the desire or fear behind it, the
    positive motivation it can become, the problem you want to solve and its value (academic,
    commercial or growth), what changed, and the next five years' goals.

    \b
    Examples:
      punchin five-year
      punchin five-year --on 2021-2025
      punchin five-year --answers-template > f.json && punchin five-year --answers f.json
    """
