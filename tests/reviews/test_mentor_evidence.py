"""The mentor remembers: a goal's own record shown before it is judged, the same cause named
when it comes back, and the remedies reordered by what was already tried."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Run

READING = "Read 20 pages a day"


def flat(text: str) -> str:
    """The screen's words, whatever the terminal's width wrapped."""
    return " ".join(text.split())


def template(run: Run, week: str) -> dict[str, Any]:
    result = run("week", "--on", week, "--answers-template")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def by_title(data: dict[str, Any], title: str) -> dict[str, Any]:
    found: dict[str, Any] = next(g for g in data["goals"].values() if g["_title"] == title)
    return found


def check_in(run: Run, week: str, data: dict[str, Any]) -> None:
    data["mentor"] = data["mentor"] or "Stop explaining, start"
    result = run("week", "--on", week, "--answers", "-", input=json.dumps(data))
    assert result.exit_code == 0, result.output


def lazy_week(
    run: Run, week: str, remedy: str = "schedule", kept: str = "no", **extra: str
) -> dict[str, Any]:
    """A week in which the reading goal was missed for laziness, the remedy chosen, and the
    goal carried over; last week's commitment marked `kept`."""
    data = template(run, week)
    data["accomplished"] = "Other things"
    for commitment in data.get("commitments", {}).values():
        commitment["kept"] = kept
    goal = by_title(data, READING)
    goal.update(status="missed", planned_time="no", outside="no", still_want="yes", remedy=remedy)
    goal.update(extra)
    data["plan"] = {gid: {**plan, "action": "carry"} for gid, plan in data["plan"].items()}
    check_in(run, week, data)
    return data


@pytest.fixture
def three_lazy_weeks(run: Run) -> None:
    """Reading missed in W44, W45 and W46, each time laziness; the calendar remedy chosen
    each time and never kept."""
    assert run("goal", "add", READING, "--on", "2026-W44").exit_code == 0
    for week in ("2026-W44", "2026-W45", "2026-W46"):
        lazy_week(run, week)


def test_a_goal_with_no_history_shows_no_evidence(run: Run) -> None:
    run("goal", "add", "Write chapter 2", "--on", "2026-W47")
    data = template(run, "2026-W47")
    assert by_title(data, "Write chapter 2")["_evidence"] == []
    shown = flat(run("week", input="Chapter 1\n").output)  # stops at the end of the input
    assert "before:" not in shown and "last commitment" not in shown


def test_the_record_is_shown_before_the_goal_is_judged(run: Run, three_lazy_weeks: None) -> None:
    evidence = by_title(template(run, "2026-W47"), READING)["_evidence"]
    assert evidence == [
        "  - before: fell short 3 times: 2026-W46 missed (laziness); "
        "2026-W45 missed (laziness); 2026-W44 missed (laziness)",
        "  - last commitment (2026-W47): “Block the hours for ‘Read 20 pages a day’ next week "
        "in my calendar now, and log each one I keep.”, not yet reviewed",
    ]
    # at the terminal, the same lines, after the commitment was marked: before "How did it end?"
    shown = flat(run("week", input="Some results\nno\n").output)
    record = shown.index("before: fell short 3 times: 2026-W46 missed (laziness)")
    assert shown.index("Goal: Read 20 pages a day") < record < shown.index("How did it end?")
    assert "last commitment (2026-W47): “Block the hours" in shown
    assert "”, not kept" in shown


def test_laziness_again_names_the_run_and_puts_the_tried_remedy_last(
    run: Run, three_lazy_weeks: None
) -> None:
    # kept: no; missed; planned_time no; outside no; still want yes; cause: Enter accepts
    shown = flat(run("week", input="Some results\nno\nmissed\nno\nno\nyes\n\n").output)
    again = "The same cause again, laziness: 4 times running for this line of work (2026-W44, "
    assert again + "2026-W45, 2026-W46, and now)" in shown
    assert "from blocking hours alone, to a partner" in shown
    remedies = " ".join(shown[shown.index("Which will you do?") :].split())
    assert "1) Get a study partner" in remedies  # the next step up, first
    assert "2) Block the hours in your calendar and log each one you keep (punchin's " in remedies
    assert "suggestion) · tried for 2026-W47: not kept" in remedies


def test_a_partner_tried_and_not_kept_brings_the_method_at_full_strength_first(
    run: Run,
) -> None:
    assert run("goal", "add", READING, "--on", "2026-W45").exit_code == 0
    for week in ("2026-W45", "2026-W46"):
        lazy_week(run, week, remedy="partner", kept="partly")
    shown = flat(run("week", input="Some results\npartly\nmissed\nno\nno\nyes\n\n1\n\n").output)
    assert "The method's remedy at full strength comes first" in shown
    remedies = shown[
        shown.index("For laziness, the next step first and what you have tried last:") :
    ]
    assert "1) Work beside someone at a fixed place and time (the library, every day)" in remedies
    assert "2) Block the hours" in remedies
    assert "3) Get a study partner" in remedies
    assert "· tried for 2026-W47: partly kept" in remedies
    # chosen, the full-strength remedy is drafted as next week's commitment and reads back
    assert "Every day next week, at the same time and place, work on ‘Read 20 pages a day’" in (
        shown
    )
    assert "(the method)" in flat(run("show", "2026-W47").output)


def test_remedies_keep_their_order_when_the_cause_is_new(run: Run) -> None:
    assert run("goal", "add", READING, "--on", "2026-W46").exit_code == 0
    lazy_week(run, "2026-W46")
    # this week the time went in and someone good would have done it: lack of ability
    shown = flat(run("week", input="Some results\nno\nmissed\nyes\nyes\n\n").output)
    assert "The same cause again" not in shown
    assert "tried for" not in shown
    assert "1) Change direction" in shown


def test_lack_of_ability_twice_asks_the_hard_choice_plainly(run: Run) -> None:
    assert run("goal", "add", READING, "--on", "2026-W46").exit_code == 0
    data = template(run, "2026-W46")
    data["accomplished"] = "x"
    by_title(data, READING).update(
        status="missed", planned_time="yes", skill_wall="yes", remedy="double"
    )
    data["plan"] = {gid: {**plan, "action": "carry"} for gid, plan in data["plan"].items()}
    check_in(run, "2026-W46", data)
    shown = flat(run("week", input="Some results\nyes\nmissed\nyes\nyes\n\n").output)
    again = "The same cause again, lack of ability: 2 times running for this line of work"
    assert again + " (2026-W46, and now)" in shown
    assert "let this go and put the hours into something you are good at" in shown
    assert "plan twice the time others need" in shown


def test_motivation_again_points_to_the_why_and_the_yearly_check(run: Run) -> None:
    assert (
        run("goal", "add", READING, "--on", "2026-W46", "--why", "to write better").exit_code == 0
    )
    lazy_week(run, "2026-W46", still_want="no", remedy="reexamine")
    shown = flat(run("week", input="Some results\nno\nmissed\nno\nno\nno\n\n").output)
    assert "The same cause again, a motivation mismatch" in shown
    assert "you wrote why: ‘to write better’" in shown
    assert "punchin year" in shown


def test_a_sibling_under_the_same_quarter_goal_counts_and_is_named(run: Run) -> None:
    parent = run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4").output
    quarter_id = json.loads(run("goal", "list", "--json").output)[0]["id"]
    assert parent
    run("goal", "add", "Outline chapter 3", "--on", "2026-W46", "--parent", quarter_id[:7])
    run("goal", "add", "Draft chapter 3", "--on", "2026-W47", "--parent", quarter_id[:7])
    data = template(run, "2026-W46")
    data["accomplished"] = "x"
    by_title(data, "Outline chapter 3").update(
        status="partly", progress="40%", planned_time="yes", skill_wall="no"
    )
    by_title(data, "Outline chapter 3").update(cause="other", other_kind="events", remedy="shrink")
    data["plan"] = {gid: {**plan, "action": "drop"} for gid, plan in data["plan"].items()}
    check_in(run, "2026-W46", data)
    evidence = by_title(template(run, "2026-W47"), "Draft chapter 3")["_evidence"]
    assert evidence[0] == (
        "  - before: fell short once: 2026-W46 partly done: ‘Outline chapter 3’ (something else)"
    )


def test_the_record_speaks_chinese(run: Run, three_lazy_weeks: None) -> None:
    shown = flat(run("--lang", "zh", "week", input="一些结果\nno\nmissed\nno\nno\nyes\n\n").output)
    assert "之前：有 3 次没做成：2026-W46 没做成（懒）" in shown
    assert "这件事又是「懒」：已经连续 4 次" in shown
    assert "· 2026-W47 试过：没做到" in shown


def test_the_check_in_ends_with_lines_from_the_data_kept_for_show(
    run: Run, three_lazy_weeks: None
) -> None:
    # W47: the commitment not kept, reading missed for laziness again, the partner chosen
    done = flat(
        run(
            "week", input="Some results\nno\nmissed\nno\nno\nyes\n\n1\n\nStrict\n\n\n\nOnward\n"
        ).output
    )
    assert "Check-in for 2026-W47 saved" in done
    closing = done[done.index("Check-in for 2026-W47 saved") :]
    assert "Commitments kept: 0 of 1." in closing
    assert "Recurring: laziness for ‘Read 20 pages a day’, 4 times running." in closing
    assert "4 weeks in a row with a finished check-in." in closing
    assert "Watch next week: “Every day next week, work on ‘Read 20 pages a day’" in closing
    shown = flat(run("show", "2026-W47").output)
    assert "## The week in figures - Commitments kept: 0 of 1." in shown
    # read later in Chinese, the same facts in Chinese words
    chinese = flat(run("--lang", "zh", "show", "2026-W47").output)
    assert "## 这一周的数字 - 承诺做到了 0 条，共 1 条。" in chinese
    assert "反复出现：「Read 20 pages a day」又是懒，已经连续 4 次。" in chinese
    assert "已经连续 4 周完成每周复盘。" in chinese


def test_the_streak_counts_back_over_a_gap_only_to_the_gap(run: Run) -> None:
    assert run("goal", "add", READING, "--on", "2026-W44").exit_code == 0
    lazy_week(run, "2026-W44")
    data = template(run, "2026-W46")  # W45 skipped
    data["accomplished"] = "x"
    check_in(run, "2026-W46", data)
    assert "1 week in a row with a finished check-in." in flat(run("show", "2026-W46").output)


def test_a_skipped_week_is_said_but_not_asked_through_a_pipe(run: Run) -> None:
    check_in(run, "2026-W45", {**template(run, "2026-W45"), "accomplished": "x"})
    shown = flat(run("week", input="Through a pipe\n").output)
    assert shown.startswith(
        "You skipped last week's check-in (2026-W46). Missing once is an accident; "
        "don't miss twice. Weekly check-in · 2026-W47"
    )
    assert "Back-fill" not in shown
    assert json.loads(run("show", "2026-W47", "--json").output)["answers"] == {
        "accomplished": "Through a pipe"
    }


def test_after_last_weeks_check_in_nothing_is_said(run: Run) -> None:
    check_in(run, "2026-W46", {**template(run, "2026-W46"), "accomplished": "x"})
    shown = run("week", input="Fine\n").output
    assert shown.startswith("Weekly check-in · 2026-W47")


def test_many_skipped_weeks_are_named_as_such(run: Run) -> None:
    shown = flat(run("week", input="Back\n").output)
    assert shown.startswith(
        "You have skipped 45 check-ins in a row, the last one 2026-W46. Start again now"
    )


def test_a_half_done_last_week_is_called_half_done(run: Run) -> None:
    run("week", "--on", "2026-W46", input="Started\n")
    shown = flat(run("week", input="Now\n").output)
    assert shown.startswith("Last week's check-in (2026-W46) was left half done.")
    due = run("due").output
    assert "missed last week" not in due and "left half done (2026-W46)" in due


def test_a_sibling_with_another_cause_neither_breaks_nor_makes_the_run(run: Run) -> None:
    run("goal", "add", "Ship the paper", "--on", "2026-Q4")
    paper = json.loads(run("goal", "list", "--json").output)[0]["id"][:7]
    run("goal", "add", READING, "--on", "2026-W44", "--parent", paper)
    run("goal", "add", "Outline", "--on", "2026-W45", "--parent", paper)
    for week in ("2026-W44", "2026-W45", "2026-W46"):
        data = template(run, week)
        data["accomplished"] = "x"
        for commitment in data.get("commitments", {}).values():
            commitment["kept"] = "no"
        for goal in data["goals"].values():
            if goal["_title"] == READING:
                goal.update(
                    status="missed", planned_time="no", outside="no", still_want="yes",
                    remedy="schedule",
                )  # fmt: skip
            else:  # the sibling: an outside event
                goal.update(
                    status="missed", planned_time="no", outside="yes", time_impossible="yes",
                    other_kind="events", remedy="replan",
                )  # fmt: skip
        data["plan"] = {
            gid: {**plan, "action": "carry" if plan["_title"] == READING else "drop"}
            for gid, plan in data["plan"].items()
        }
        check_in(run, week, data)
    shown = flat(run("week", input="Some results\nno\nmissed\nno\nno\nyes\n\n").output)
    assert "The same cause again, laziness: 4 times running" in shown
    assert "2026-W45 missed: ‘Outline’ (something else)" in shown  # still shown as evidence


def test_letting_a_goal_go_for_a_strength_is_not_carried_over_by_default(run: Run) -> None:
    run("goal", "add", READING, "--on", "2026-W47")
    # missed; the time went in; someone good would have done it; ability; change direction
    shown = flat(run("week", input="Some results\nmissed\nyes\nyes\n\n1\n\nStrict\n").output)
    assert shown.endswith("> [drop it]")  # the suggested answer, offered at its question


def test_a_back_fill_that_closes_a_gap_counts_the_whole_streak(run: Run) -> None:
    for week in ("2026-W44", "2026-W45", "2026-W47"):
        check_in(run, week, {**template(run, week), "accomplished": "x"})
    check_in(run, "2026-W46", {**template(run, "2026-W46"), "accomplished": "late"})
    assert "4 weeks in a row with a finished check-in." in flat(run("show", "2026-W46").output)


def test_partly_kept_commitments_are_counted(run: Run) -> None:
    assert run("goal", "add", READING, "--on", "2026-W46").exit_code == 0
    lazy_week(run, "2026-W46")
    data = template(run, "2026-W47")
    data["accomplished"] = "x"
    for commitment in data["commitments"].values():
        commitment["kept"] = "partly"
    by_title(data, READING)["status"] = "done"
    check_in(run, "2026-W47", data)
    assert "Commitments kept: 0 of 1, and 1 partly." in flat(run("show", "2026-W47").output)
