"""The review flows (week, quarter, year, five-year, the path assessment) on one base that
asks through an injected asker, resumes, and saves every answer as it is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from punchin.models import Horizon
    from punchin.reviews.planning import PlanningFlow


def flow_class(horizon: Horizon) -> type[PlanningFlow]:
    """The flow of the review of a period of `horizon` (WEEK to FIVE_YEAR), imported only
    when a review runs."""
    from punchin.models import Horizon

    if horizon is Horizon.WEEK:
        from punchin.reviews.weekly import WeeklyCheckIn

        return WeeklyCheckIn
    if horizon is Horizon.QUARTER:
        from punchin.reviews.quarterly import QuarterlyReview

        return QuarterlyReview
    if horizon is Horizon.YEAR:
        from punchin.reviews.yearly import YearlyCheck

        return YearlyCheck
    from punchin.reviews.fiveyear import FiveYearCheck

    return FiveYearCheck
