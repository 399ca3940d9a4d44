"""`punchin paths`: the comparison, faithful to the talk, and the fit, which weighs the three
paths alike: a neutral person gets a neutral result, contrasting people separate clearly,
every path can come out on top, and every score names the answers behind it."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import Run

from punchin import prompts
from punchin.method.paths import PATHS, QUESTIONS, RETIRED, RULES, fit
from punchin.models import Cause, EntryStatus, Horizon
from punchin.periods import Period, quarter_of, week_of, year_of
from punchin.store import Journal

NEUTRAL = {
    "value": "unsure",
    "feedback": "years",
    "align": "partly",
    "research": "unsure",
    "venture": "unsure",
    "hours": "while",
    "gain": "unsure",
    "cost": "none",
}
RESEARCHER = {
    "value": "academic",
    "feedback": "years",
    "align": "partly",
    "research": "yes",
    "venture": "no",
    "hours": "yes",
    "gain": "depth",
    "cost": "machine",
}
FOUNDER = {
    "value": "commercial",
    "feedback": "five",
    "align": "no",
    "research": "unsure",
    "venture": "yes",
    "hours": "yes",
    "gain": "pirate",
    "cost": "advisor",
}
STEADY = {  # wants quick feedback and fixed hours, and shares a company's direction
    "value": "growth",
    "feedback": "weeks",
    "align": "yes",
    "research": "no",
    "venture": "no",
    "hours": "no",
    "gain": "industry",
    "cost": "alone",
}
NAMES = {"Big company": "company", "PhD": "phd", "Startup": "startup"}


def assess(run: Run, answers: dict[str, str], *options: str, lang: str = "en") -> str:
    command = ("--lang", lang, "paths", "--assess", *options, "--answers", "-")
    result = run(*command, input=json.dumps(answers))
    assert result.exit_code == 0, result.output
    return result.output


def fits(output: str) -> dict[str, tuple[str, int]]:
    return {
        NAMES[name]: (level, int(score))
        for name, level, score in re.findall(
            r"^(Big company|PhD|Startup): (.+) \(([+-]\d+)\)$", output, re.M
        )
    }


def blocks(output: str) -> dict[str, str]:
    """Each path's block of the result: its line and its reasons."""
    found = re.split(r"^(?=Big company:|PhD:|Startup:)", output.split("\n\n", 2)[1], flags=re.M)
    return {NAMES[block.split(":")[0]]: block for block in found[1:]}


def moves(block: str) -> list[int]:
    return [0 if m == "±0" else int(m) for m in re.findall(r"^  ([+-]\d+|±0) ", block, re.M)]


def scores(answers: dict[str, str]) -> dict[str, int]:
    return {found.path: found.score for found in fit(answers)}


# -- the comparison --------------------------------------------------------------------------


def test_the_comparison_side_by_side(run: Run) -> None:
    text = run("paths").output
    for aspect in ("Basic goal", "Motivation needed", "Why that much", "What it costs you"):
        assert aspect in text
    assert "- Startup: Positive feedback may take about five years." in text
    assert "- Big company: Fixed: even at 996 you keep fixed rest." in text
    assert "- PhD: 7×24." in text and "waking every three hours" in text
    assert "If it has academic value, you can consider a PhD" in " ".join(text.split())
    table = run("paths", "--format", "md").output
    assert "| Aspect " in table and " Big company " in table and " PhD " in table
    assert "you can consider a startup" in table
    data = json.loads(run("paths", "--format", "json").output)
    assert set(data) == {"company", "phd", "startup"}
    assert data["phd"]["why"].startswith("A research result takes one to two years")
    assert data["company"]["problem"].endswith("must align with the company's direction.")
    page = run("paths", "--format", "html").output
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page and "://" not in page


def test_the_chinese_comparison_speaks_in_the_talks_images(run: Run) -> None:
    text = "".join(run("--lang", "zh", "paths").output.split())
    assert "-创业：正反馈可能要等五年左右。" in text  # a Chinese colon after the name
    for image in ("三小时醒一次", "哪怕是996，至少还有固定的休息", "海盗", "打工人", "7×24"):
        assert image in text, image
    assert "有学术价值，可以考虑读博" in text and "去公司工作就是不错的选择" in text
    data = json.loads(run("--lang", "zh", "paths", "--format", "json").output)
    assert data["startup"]["hours"] == "7×24。"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_texts_claim_no_more_than_the_talk(lang: str) -> None:
    """No path "fits best" or is "made for" a person, no PhD "pays little", no startup is "the
    hardest school"; one kind of quotation mark at a time."""
    data = prompts.load("paths", lang).data
    texts = "\n".join(_strings(data))
    for claim in (
        "fits it best",
        "made for",
        "pays little",
        "hardest school",
        "the only",
        "收入低",
        "最苦的学校",
        "正是为它准备的",
        "只有公司",
    ):
        assert claim not in texts, claim
    for line in _strings(data):
        assert line.count("“") <= 1 and line.count("「") <= 1, line


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


# -- the fit ---------------------------------------------------------------------------------


def test_a_neutral_person_gets_a_neutral_result_with_a_reason_for_every_path(run: Run) -> None:
    out = assess(run, NEUTRAL)
    found = fits(out)
    assert {level for level, _ in found.values()} == {"open"}
    values = [score for _, score in found.values()]
    assert max(values) - min(values) <= 2
    for path, block in blocks(out).items():
        assert moves(block), f"no reason shown for {path}"
    assert "±0 what you want to do only partly matches what a company pursues" in out
    assert "Your answers lean toward no path yet." in out
    assert "the points and\nthe levels are punchin's own weighting" in out


def test_a_researcher_who_can_wait_can_consider_the_phd(run: Run) -> None:
    out = assess(run, RESEARCHER)
    found = fits(out)
    assert found["phd"] == ("worth considering", 10)
    assert found["company"] == ("fits poorly", -2) and found["startup"] == ("fits poorly", -3)
    assert "+3 your problem has academic value: the talk says you can consider a PhD" in out
    assert "+3 you truly love research" in out
    assert "-3 there is nothing you love enough to build a company around" in out
    assert out.index("PhD:") < out.index("Big company:")  # the best first


def test_a_founder_with_a_commercial_problem_can_consider_a_startup(run: Run) -> None:
    out = assess(run, FOUNDER)
    found = fits(out)
    assert found["startup"] == ("worth considering", 10)
    assert found["phd"] == ("open", -1) and found["company"] == ("fits poorly", -3)
    assert "+1 your motivation can go five years without positive feedback" in out
    assert "-3 you want to set the direction yourself; at a company, the talk says" in out


def test_someone_aligned_with_a_company_who_wants_quick_feedback_and_fixed_hours(
    run: Run,
) -> None:
    out = assess(run, STEADY)
    found = fits(out)
    assert found["company"] == ("worth considering", 10)
    assert found["phd"] == ("fits poorly", -5) and found["startup"] == ("fits poorly", -8)
    assert "+3 what you want to do matches what a company pursues" in out
    assert "+1 you need fixed hours: a company's are fixed, and even 996 leaves fixed" in out
    assert "advice from your answers, not a decision" in out


def test_every_fit_names_what_moved_it(run: Run) -> None:
    for answers in (NEUTRAL, RESEARCHER, FOUNDER, STEADY):  # --amend: the same week again
        for block in blocks(assess(run, answers, "--amend")).values():
            score = int(re.search(r"\(([+-]\d+)\)", block)[1])  # type: ignore[index]
            assert sum(moves(block)) == score, block


def test_the_paths_are_weighed_alike() -> None:
    """Over every possible set of answers: each path can gain and lose about as much, each
    can come out alone on top, and each always has a reason shown."""
    choices = [
        list(prompts.load("paths", "en").choices(f"questions.{q}.choices")) for q in QUESTIONS
    ]
    highest = dict.fromkeys(PATHS, -99)
    lowest = dict.fromkeys(PATHS, 99)
    alone_on_top = dict.fromkeys(PATHS, 0)
    for combination in itertools.product(*choices):
        found = fit(dict(zip(QUESTIONS, (key for key, _ in combination), strict=True)))
        for one in found:
            highest[one.path] = max(highest[one.path], one.score)
            lowest[one.path] = min(lowest[one.path], one.score)
            assert one.reasons
        if found[0].score > found[1].score:
            alone_on_top[found[0].path] += 1
    assert set(highest.values()) == {10}
    assert max(lowest.values()) - min(lowest.values()) <= 1
    assert all(alone_on_top.values())
    assert scores(RESEARCHER)["phd"] == scores(FOUNDER)["startup"] == scores(STEADY)["company"]


def test_every_question_choice_and_reason_reads_in_both_languages() -> None:
    english, chinese = prompts.load("paths", "en"), prompts.load("paths", "zh")
    for question in (*QUESTIONS, *RETIRED):
        keys = [key for key, _ in english.choices(f"questions.{question}.choices")]
        assert keys == [key for key, _ in chinese.choices(f"questions.{question}.choices")]
        if question in RULES:
            assert set(RULES[question]) <= set(keys), question
    used = {key for rules in RULES.values() for rule in rules.values() for _, _, key in rule}
    notes = {"journal_timing", "journal_motivation", "journal_habit"}
    notes |= {"journal_cause_laziness", "journal_cause_motivation"}
    assert set(english.get("reasons")) == set(chinese.get("reasons")) == used | notes
    for level in ("strong", "possible", "open", "weak"):
        assert english.has(f"assess.fit_{level}") and chinese.has(f"assess.fit_{level}")


def test_chinese_assessment_from_a_file(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(FOUNDER), encoding="utf-8")
    result = run("--lang", "zh", "paths", "--assess", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    out = "".join(result.output.split())
    assert "创业：值得考虑（+10）" in out and "大公司：不太合适（-3）" in out
    assert "+3你的问题有商业价值：演讲里说，这时可以考虑创业" in out
    assert "这是你的第一次评估" in out


# -- earlier assessments ---------------------------------------------------------------------


def test_assessments_are_compared_with_earlier_ones(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = assess(run, RESEARCHER)
    assert "This is your first assessment" in first
    monkeypatch.setenv("PUNCHIN_NOW", "2026-12-07T21:00:00+00:00")
    second = assess(run, STEADY)
    assert "Earlier assessments:\n  2026-W48: Big company -2 · PhD +10 · Startup -3" in second


def test_an_assessment_of_the_earlier_questions_still_reads_back(
    run: Run, journal: Journal
) -> None:
    """Before the questions were balanced an assessment stored `stability` and `alone` and
    no `align`, `gain` or `cost`: it is listed with the scores it gave, marked, and its
    answers keep their questions in an export."""
    entry = journal.start_entry("paths", _day(date(2026, 3, 2)), "en")
    old = {"value": "academic", "feedback": "years", "stability": "much", "alone": "drains"}
    for key, value in {**old, "fit.company": "-1", "fit.phd": "+8", "fit.startup": "0"}.items():
        journal.save_answer(entry.id, key, value)
    journal.set_entry_status(entry.id, EntryStatus.DONE)
    journal.close()
    out = assess(run, NEUTRAL)
    assert "  2026-03-02: Big company -1 · PhD +8 · Startup +0 (the earlier questions)" in out
    export = run("export", "-f", "md").output
    assert "## How much do you need a steady income and fixed free time" in export


def test_the_assessment_template(run: Run) -> None:
    template = json.loads(run("paths", "--assess", "--answers-template").output)
    assert set(QUESTIONS) <= set(template) and not set(RETIRED) & set(template)
    assert template["_choices"]["feedback"] == "wage | weeks | years | five"
    assert template["_choices"]["align"] == "yes | partly | no"


# -- what the journal says -------------------------------------------------------------------


@pytest.fixture
def journal(journal_file: Path) -> Iterator[Journal]:
    clock = [datetime(2023, 1, 2, tzinfo=UTC)]
    journal_file.parent.mkdir(mode=0o700, exist_ok=True)
    with Journal.open(journal_file, lambda: clock[0]) as opened:
        yield opened


def _day(day: date) -> Period:
    return Period(day, day, Horizon.WEEK, day.isoformat())


def yearly_check(journal: Journal, year: int, **answers: str) -> None:
    entry = journal.start_entry("year", year_of(date(year, 1, 1)), "en")
    for key, value in answers.items():
        journal.save_answer(entry.id, key, value)
    journal.set_entry_status(entry.id, EntryStatus.DONE)


@pytest.mark.parametrize(
    ("verdict", "says"),
    [
        ("timing", "found that the timing was not yet ripe. The method's answer is to keep"),
        ("motivation", "found that your motivation was not right. The method's answer is to"),
        ("weak", "found that your motivation was not right."),  # older journals' words
        ("mismatch", "found that your motivation was not right."),
    ],
)
def test_the_last_yearly_verdict_is_a_note_for_every_path(
    run: Run, journal: Journal, verdict: str, says: str
) -> None:
    yearly_check(journal, 2024, happy="no", progress="no", verdict="timing")
    yearly_check(journal, 2025, happy="no", progress="no", verdict=verdict)
    journal.close()
    out = assess(run, RESEARCHER)
    heading = "From your journal (the same for every path; it moves no score):"
    notes = " ".join(out.split(heading)[1].split())
    assert f"· Your last yearly check (2025) {says}" in notes
    assert {path: score for path, (_, score) in fits(out).items()} == scores(RESEARCHER)
    if verdict != "timing":
        assert "choose a path after re-examining your motivation" in notes


def test_a_yearly_check_without_a_verdict_adds_nothing(run: Run, journal: Journal) -> None:
    yearly_check(journal, 2025, happy="yes", progress="yes")
    journal.close()
    assert "From your journal" not in assess(run, NEUTRAL)


def test_the_weekly_habit_and_last_quarters_main_cause_are_notes_too(
    run: Run, journal: Journal
) -> None:
    today = date(2026, 11, 23)
    week = week_of(today - timedelta(weeks=12))
    while week.start < today:
        entry = journal.start_entry("week", week, "en")
        journal.set_entry_status(entry.id, EntryStatus.DONE)
        week = week.next()
    last = quarter_of(date(2026, 8, 1))
    goal = journal.add_goal("Write the thesis chapter", last)
    for start in (date(2026, 7, 6), date(2026, 7, 13), date(2026, 7, 20), date(2026, 7, 27)):
        entry = journal.start_entry("week", week_of(start), "en")
        cause = Cause.OTHER if start.day == 27 else Cause.LAZINESS
        journal.save_diagnosis(entry.id, goal.id, cause, None, None)
    journal.close()
    out = " ".join(assess(run, STEADY).split())
    assert "· You kept 12 of the last 13 weekly check-ins. punchin's view:" in out
    assert "· Laziness was the main cause of last quarter's misses (3 of 4)." in out
    assert "whichever path you take" in out
    zh = "".join(assess(run, NEUTRAL, "--amend", lang="zh").split())
    assert "日志里的记录（对三条路都一样，不计分）：" in zh and "主要原因是懒（4次里有3次）" in zh
