"""The Monday check-in, driven through the real CLI as a person (or a script) would."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import Run

# Answers, in the order `punchin week` asks them, for the fixture below: goal A done, goal B
# missed out of laziness, the study-partner remedy, one goal for next week serving the quarter goal.
ANSWERS = [
    "Drafted section 2.1 and sent it to my advisor",  # accomplished
    "done",  # goal A
    "missed",  # goal B
    "no",  # put in the planned time?
    "no",  # outside cause?
    "yes",  # still want it? (the time did not go in: whether someone good would have is moot)
    "",  # cause: accept the suggestion (laziness)
    "1",  # remedy: the study partner
    "",  # commitment: accept the draft
    "",  # forecast for the quarter goal: left unsaid
    "You avoided the run because nobody was waiting for you.",  # mentor
    "",  # the missed run: carried over to next week (the default)
    "Write chapter 3",  # next week's goal 1
    "1",  # it serves the quarter goal
    "",  # no more goals
    "Keep the mornings for writing.",  # closing
]


def goals_by_title(run: Run, *args: str) -> dict[str, dict[str, object]]:
    result = run("goal", "list", "--all", "--json", *args)
    return {goal["title"]: goal for goal in json.loads(result.output)}


def add_week_goals(run: Run) -> None:
    quarter = run("goal", "add", "Finish the thesis draft", "--on", "2026-Q4")
    quarter_id = quarter.output.split()[3]
    run("goal", "add", "Write chapter 2", "--on", "2026-W47", "--parent", quarter_id)
    run("goal", "add", "Run 3 times", "--on", "2026-W47", "--measure", "three runs logged")


@pytest.mark.fresh_journal
def test_first_run_creates_the_journal_with_no_set_up(run: Run, journal_file: Path) -> None:
    """On the first day there is no ended week to look back on: the first `punchin week`
    plans the current week and says when the first check-in is due."""
    assert not journal_file.exists()
    result = run("week", input="Read two papers\n\n")
    assert result.exit_code == 0, result.output
    assert journal_file.exists()
    out = " ".join(result.output.split())
    assert "Your journal begins this week." in out
    assert "your first one is Monday 2026-11-30 21:00, for this week (2026-W48)" in out
    assert "This week (2026-W48) has 1 goal." in out
    assert "Weekly check-in · 2026-W47" not in out  # a week before the journal: not reviewed
    assert [g["title"] for g in json.loads(run("goal", "list", "--json").output)] == [
        "Read two papers"
    ]
    assert oct(journal_file.stat().st_mode & 0o777) == "0o600"
    assert run("due", "--quiet").output == ""  # nothing is due before the first Monday


def test_missed_goal_gets_a_diagnosis_and_a_remedy_commitment(run: Run) -> None:
    add_week_goals(run)
    result = run("week", input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert "Goal: Write chapter 2" in result.output
    assert "serves: Finish the thesis draft (2026-Q4)" in result.output
    assert "done means: three runs logged" in result.output
    assert "it looks like laziness" in result.output
    assert "1 done, 0 partly, 1 missed; commitments for next week: 1;" in result.output

    goals = goals_by_title(run, "--on", "2026-W47")
    assert goals["Write chapter 2"]["status"] == "done"
    assert goals["Run 3 times"]["status"] == "missed"
    carried = goals_by_title(run, "--on", "2026-W48")["Run 3 times"]  # offered, and kept
    assert carried["status"] == "open" and carried["carried_from"] == goals["Run 3 times"]["id"]
    goals = goals_by_title(run)
    assert goals["Write chapter 3"]["period"] == "2026-W48"
    assert goals["Write chapter 3"]["parent_id"] == goals["Finish the thesis draft"]["id"]

    shown = run("show", "2026-W47").output
    assert "cause: laziness" in shown
    remedy = "Get a study partner: in the library together every day, watching each other"
    assert f"remedy: {remedy} (the method)" in shown
    assert "commitment: Every day next week, work on ‘Run 3 times’ in the library" in shown
    assert "You avoided the run because nobody was waiting for you." in shown
    assert "Goals set for 2026-W48" in shown and "Write chapter 3" in shown


def test_other_cause_records_what_happened(run: Run) -> None:
    run("goal", "add", "Submit the grant", "--on", "2026-W47")
    answers = [
        "Little",
        "partly",
        "60%",
        "no",  # the time did not go in
        "yes",  # something outside got in the way
        "yes",  # and made the time impossible: still wanting it cannot change that
        "",
        "events",
        "My father was in hospital",
        "3",
        "Carry it over",
        "Be kind",
        "",  # the unfinished goal: carried over (the default)
        "",
        "",
    ]
    result = run("week", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "it looks like something else" in result.output
    assert "Plainly: did it make the time impossible" in result.output
    assert "still want" not in result.output and "someone good at this" not in result.output
    assert "Re-plan: move it to a time that can work (punchin's suggestion)" in result.output
    shown = run("show", "2026-W47").output
    assert "[~] 60% Submit the grant" in shown
    assert "cause: something else (an outside event: My father was in hospital)" in shown
    assert "commitment: Carry it over" in shown


def test_ctrl_c_after_the_third_answer_then_resume_loses_nothing(run: Run) -> None:
    add_week_goals(run)
    stopped = run("week", input="\n".join(ANSWERS[:3]) + "\n")
    assert stopped.exit_code == 130
    assert "3 answers for 2026-W47 are saved" in stopped.stderr
    assert "punchin week --on 2026-W47" in stopped.stderr

    log = run("log").output
    assert "in progress" in log and "Drafted section 2.1" in log
    assert goals_by_title(run)["Run 3 times"]["status"] == "missed"  # saved with its answer

    resumed = run("week", input="y\n" + "\n".join(ANSWERS[3:]) + "\n")
    assert resumed.exit_code == 0, resumed.output
    assert "Resume where you stopped?" in resumed.output
    assert "What did you actually get done" not in resumed.output  # not asked again
    shown = run("show", "2026-W47").output
    assert "Drafted section 2.1 and sent it to my advisor" in shown
    assert "cause: laziness" in shown
    assert "· done ·" in shown.splitlines()[0]


def test_declining_resume_walks_through_again_with_saved_answers_as_defaults(run: Run) -> None:
    run("week", input="First words\n")
    again = run("week", input="n\n\nMentor says hi\n\n\n")
    assert again.exit_code == 0, again.output
    assert "[First words]" in again.output  # the saved answer offered as the default
    assert "First words" in run("show", "2026-W47").output


def test_a_finished_week_is_not_redone_but_can_be_amended(run: Run) -> None:
    run("week", input="Old answer\nMentor\n\n\n")
    again = run("week")
    assert again.exit_code == 2
    assert "already finished" in again.stderr and "--amend" in again.stderr
    amended = run("week", "--amend", input="New answer\n\n\n\n")
    assert amended.exit_code == 0, amended.output
    shown = run("show", "2026-W47").output
    assert "New answer" in shown and "Old answer" not in shown
    assert "Mentor" in shown  # kept by pressing Enter


def test_back_fill_a_missed_week_with_on(run: Run) -> None:
    result = run("week", "--on", "2026-11-11", input="Back-filled week\nOk\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Weekly check-in · 2026-W46 (2026-11-09 – 2026-11-15)" in result.output
    run("week", input="This week\nOk\n\n\n")
    lines = run("log").output.splitlines()
    assert lines[0].startswith("2026-W47") and lines[1].startswith("2026-W46")
    assert "Back-filled week" in run("show", "2026-W46").output


def test_last_weeks_commitments_are_reviewed_the_next_week(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_week_goals(run)
    run("week", input="\n".join(ANSWERS) + "\n")
    monkeypatch.setenv("PUNCHIN_NOW", "2026-11-30T21:00:00+00:00")  # W48 has ended
    next_week = run(
        "week",
        "--on",
        "2026-W48",
        # the commitment not kept; the carried run done; chapter 3 partly, for lack of ability
        input="Chapter 3 outline\nno\ndone\npartly\n40%\nyes\nyes\n\n2\n\n\nOk\n\n\n\n",
    )
    assert next_week.exit_code == 0, next_week.output
    assert "Last week you made these commitments" in next_week.output
    assert "“Every day next week, work on ‘Run 3 times’ in the library" in next_week.output
    shown = run("show", "2026-W48").output
    assert "not kept" in shown
    assert "cause: lack of ability" in shown


def test_answers_template_round_trip(run: Run, tmp_path: Path) -> None:
    add_week_goals(run)
    template = json.loads(run("week", "--answers-template").output)
    assert template["period"] == "2026-W47"
    goals = {g["_title"]: gid for gid, g in template["goals"].items()}
    assert set(goals) == {"Write chapter 2", "Run 3 times"}
    assert "partner" in template["_help"]["remedy"]["laziness"]

    template["accomplished"] = "Scripted week"
    template["goals"][goals["Write chapter 2"]]["status"] = "done"
    missed = template["goals"][goals["Run 3 times"]]
    assert {"planned_time", "outside", "time_impossible", "still_want", "skill_wall"} <= set(missed)
    help_text = template["_help"]
    assert help_text["time_impossible"].startswith("yes | no  (only when planned_time is partly")
    assert "time_impossible" in template["_questions"]
    # only what the reading needs: the time went in, someone good would have done it
    missed.update(status="missed", planned_time="yes", skill_wall="yes", remedy="double")
    template["mentor"] = "Ask for help sooner"
    parent = next(iter(template["_parents"]))
    template["next"] = [{"title": "Run twice with a coach", "parent": parent[:7]}]
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(template), encoding="utf-8")

    result = run("week", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert "1 done, 0 partly, 1 missed" in result.output
    shown = run("show", "2026-W47").output
    assert "Scripted week" in shown
    assert "cause: lack of ability" in shown
    assert "spend twice the time others need (the method)" in shown
    new_goal = goals_by_title(run)["Run twice with a coach"]
    assert new_goal["period"] == "2026-W48" and new_goal["parent_id"].startswith(parent[:7])


def test_answers_file_with_a_bad_choice_writes_nothing(run: Run, tmp_path: Path) -> None:
    add_week_goals(run)
    template = json.loads(run("week", "--answers-template").output)
    template["accomplished"] = "Something"
    for goal in template["goals"].values():
        goal["status"] = "maybe"
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(template), encoding="utf-8")
    result = run("week", "--answers", str(answers))
    assert result.exit_code == 1
    assert "'maybe'" in result.stderr and "done, partly, missed" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert json.loads(run("log", "--json").output) == []
    assert {g["status"] for g in goals_by_title(run).values()} == {"open"}


def test_answers_from_stdin_and_period_in_file(run: Run) -> None:
    answers = {"period": "2026-W45", "accomplished": "From a script", "mentor": "Fine"}
    result = run("week", "--answers", "-", input=json.dumps(answers))
    assert result.exit_code == 0, result.output
    assert "From a script" in run("show", "2026-W45").output
    clash = run("week", "--on", "2026-W44", "--answers", "-", input=json.dumps(answers))
    assert clash.exit_code == 2 and "disagree" in clash.stderr


def test_chinese_prompts(run: Run) -> None:
    run("goal", "add", "每天写作两小时", "--on", "2026-W47")
    answers = ["写完了第二章的初稿", "3", "3", "1", "1", "", "1", "", "太松懈了", "", "", ""]
    result = run("--lang", "zh", "week", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "每周复盘 · 2026-W47" in result.output
    assert "这一周你实际完成了什么" in result.output
    assert "对自己狠一点" in result.output
    assert "从你的回答看，原因是：懒。时间没投进去" in result.output
    assert "懒怎么办？先看这套方法怎么说，再看 punchin 的建议：" in result.output
    assert "找一个学习伙伴：每天一起去图书馆，互相盯着（这套方法）" in result.output
    assert "把时间排进日历，做完一段记一段（punchin 的建议）" in result.output
    assert "[下周每天和学习伙伴一起去图书馆做「每天写作两小时」" in result.output
    assert "2026-W47 的每周复盘已保存" in result.output
    shown = run("--lang", "zh", "show", "2026-W47").output
    assert "原因：懒\n" in shown
    assert "写完了第二章的初稿" in shown


def test_language_from_settings_is_honoured(run: Run) -> None:
    init = run("init", "--language", "zh", "--yes")
    assert init.exit_code == 0, init.output
    assert "每周复盘" in run("week", input="内容\n导师\n\n\n").output
    assert "目前没有待办的复盘" in run("due").output


def test_long_answers_in_the_editor(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'Written in my editor\\nover two lines\\n' > \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setenv("VISUAL", str(editor))
    result = run("week", "--editor", input="\n\n")
    assert result.exit_code == 0, result.output
    assert "Written in my editor\nover two lines" in run("show", "2026-W47").output


def test_prompt_override_in_the_settings_folder(run: Run, home: Path) -> None:
    override = home / "prompts" / "en" / "week.toml"
    override.parent.mkdir(parents=True)
    override.write_text('[questions.accomplished]\ntext = "What shipped?"\n', encoding="utf-8")
    result = run("week", input="A release\nOk\n\n\n")
    assert "What shipped?" in result.output
    assert "Now speak as your mentor" in result.output  # the rest is still the shipped set


def test_the_editor_shows_the_question_and_reads_back_only_the_answer(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like `git commit`: the question in comment lines, the earlier answer below them;
    the person's own lines starting with # are kept, ours are not."""
    seen = tmp_path / "seen"
    seen.mkdir()
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"seen = pathlib.Path({str(seen)!r})\n"
        "text = path.read_text()\n"
        "(seen / str(len(list(seen.iterdir())))).write_text(text)\n"
        "path.write_text(text + '#blocked on reviews\\nWrote the outline\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    run("week", "--editor", input="\n\n")
    first = (seen / "0").read_text()
    assert first.startswith("# What did you actually get done this week?")
    assert "# like these, starting with #, are not kept." in first
    shown = run("show", "2026-W47").output
    assert "#blocked on reviews\nWrote the outline" in shown and "# What did you" not in shown
    run("week", "--editor", "--amend", input="\n" * 8)
    again = sorted(seen.iterdir(), key=lambda p: int(p.name))[-2].read_text()
    assert again.rstrip().endswith("#blocked on reviews\nWrote the outline")  # so far
