"""Every finding the quarterly review states is stated only when the data supports it: each
is checked on a history where it must speak and on one where it must stay silent."""

from __future__ import annotations

from punchin.method.digest import Digest, GoalLine, WeekSummary
from punchin.method.patterns import findings

CAUSES = ("laziness", "ability", "motivation", "other")


def week(
    label: str,
    state: str = "done",
    minutes: float = 30,
    kept: int = 0,
    reviewed: int = 0,
    misses: list[tuple[str, str, str | None]] | None = None,
) -> WeekSummary:
    misses = misses or []
    missed = sum(status == "missed" for _, status, _ in misses)
    partly = sum(status == "partly" for _, status, _ in misses)
    return WeekSummary(label, state, minutes, "", 1, partly, missed, 0, misses, kept, reviewed)


def digest(
    weeks: list[WeekSummary],
    causes: dict[str, int] | None = None,
    partly: dict[str, int] | None = None,
    lines: list[GoalLine] | None = None,
) -> Digest:
    return Digest(
        "2026-Q3",
        weeks,
        {c: (causes or {}).get(c, 0) for c in CAUSES},
        [],
        30,
        {c: (partly or {}).get(c, 0) for c in CAUSES},
        lines or [],
    )


def keys(
    current: Digest,
    earlier: list[Digest] | None = None,
    carried: list[tuple[str, int]] | None = None,
) -> set[str]:
    return {f.key for f in findings(current, earlier or [], carried or [])}


STEADY = [week(f"2026-W{n}") for n in range(27, 40)]


def test_a_steady_quarter_states_nothing() -> None:
    assert keys(digest(STEADY)) == set()


def test_a_cause_three_quarters_running_and_not_two() -> None:
    lazy = digest(STEADY, causes={"laziness": 3})
    assert "cause_repeat_laziness" in keys(lazy, [lazy, lazy])
    assert "cause_repeat_laziness" not in keys(lazy, [lazy])  # only two quarters
    ability = digest(STEADY, causes={"ability": 3})
    assert "cause_repeat_laziness" not in keys(lazy, [ability, lazy])


def test_a_goal_carried_twice_and_not_once() -> None:
    assert "carried" in keys(digest(STEADY), carried=[("Thesis", 2)])
    assert "carried" not in keys(digest(STEADY), carried=[("Thesis", 1)])


def test_a_weekly_goal_missed_three_times_and_not_when_partly_done() -> None:
    missed = [week(f"2026-W{n}", misses=[("Run", "missed", "laziness")]) for n in (27, 28, 29)]
    assert "repeat_miss_same" in keys(digest(missed + STEADY[3:]))
    mixed = [
        week("2026-W27", misses=[("Run", "missed", "laziness")]),
        week("2026-W28", misses=[("Run", "missed", "ability")]),
        week("2026-W29", misses=[("Run", "missed", "laziness")]),
    ]
    assert "repeat_miss" in keys(digest(mixed + STEADY[3:]))
    partly = [week(f"2026-W{n}", misses=[("Run", "partly", "ability")]) for n in (27, 28, 29)]
    assert not {"repeat_miss", "repeat_miss_same"} & keys(digest(partly + STEADY[3:]))


def test_few_check_ins_and_not_before_the_journal_began() -> None:
    sparse = [week(f"2026-W{n}", state="missing" if n % 2 else "done") for n in range(27, 40)]
    assert "low_checkins" in keys(digest(sparse))
    began_late = [week(f"2026-W{n}", state="before") for n in range(27, 36)]
    began_late += [week(f"2026-W{n}") for n in range(36, 40)]
    assert "low_checkins" not in keys(digest(began_late))  # 4 of 4 weeks kept


def test_over_the_time_box_and_not_within_it() -> None:
    long = [week(f"2026-W{n}", minutes=45) for n in range(27, 40)]
    assert "over_box" in keys(digest(long))
    assert "over_box" not in keys(digest([week(f"2026-W{n}", minutes=35) for n in range(27, 40)]))


def test_broken_commitments_and_not_kept_ones() -> None:
    broken = [week(f"2026-W{n}", kept=0, reviewed=1) for n in range(27, 31)] + STEADY[4:]
    assert "commitments_broken" in keys(digest(broken))
    kept = [week(f"2026-W{n}", kept=1, reviewed=1) for n in range(27, 31)] + STEADY[4:]
    assert "commitments_broken" not in keys(digest(kept))


def test_one_cause_for_everything_and_not_for_a_mix() -> None:
    assert "one_cause" in keys(digest(STEADY, causes={"laziness": 3}, partly={"laziness": 1}))
    assert "one_cause" not in keys(digest(STEADY, causes={"laziness": 3, "ability": 1}))
    assert "one_cause" not in keys(digest(STEADY, causes={"laziness": 3}))  # too few to say


def line(kept: int, after: int, causes: dict[str, int], missed: int = 4) -> GoalLine:
    full = {c: causes.get(c, 0) for c in CAUSES}
    return GoalLine("Run", missed, 0, full, kept, kept + 1, after)


def test_a_kept_remedy_that_fails_and_not_one_that_was_never_kept() -> None:
    failing = digest(STEADY, lines=[line(kept=3, after=3, causes={"laziness": 4})])
    assert "remedy_not_working" in keys(failing)
    never_kept = digest(STEADY, lines=[line(kept=0, after=0, causes={"laziness": 4})])
    assert "remedy_not_working" not in keys(never_kept)  # the remedy was not tried
    mixed = digest(STEADY, lines=[line(kept=3, after=3, causes={"laziness": 2, "other": 2})])
    assert "remedy_not_working" not in keys(mixed)
