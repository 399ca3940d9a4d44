"""Why a goal was missed: every combination of answers, the remedies and whose they are, and
the drafts, checked against the method (METHOD.md §1, §3)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from conftest import Run

from punchin import prompts
from punchin.method.diagnosis import (
    QUESTIONS,
    next_question,
    remedies_heading,
    remedy_choices,
    remedy_commitment,
    remedy_label,
    suggest_cause,
)
from punchin.models import Cause

LAZINESS, ABILITY, MOTIVATION, OTHER = Cause
LANGUAGES = ("en", "zh")

# Every answer each sub-question takes.
ANSWERS: dict[str, tuple[str, ...]] = {
    "planned_time": ("yes", "partly", "no"),
    "outside": ("no", "yes"),
    "time_impossible": ("yes", "no"),
    "still_want": ("yes", "unsure", "no"),
    "skill_wall": ("yes", "no"),
}
NOT_IN = ("partly", "no")  # the time did not (all) go in
_ = None  # not asked: it cannot change the answer

# planned_time, outside, time_impossible, still_want, skill_wall -> the cause suggested.
# A cell is one answer, a tuple of answers that read alike, or _ (the question is not asked).
TABLE: list[tuple[Any, Any, Any, Any, Any, Cause]] = [
    # §1 laziness: the time did not go in, nothing outside stood in the way, and the goal is
    # still wanted. Face it. (Some of the time is not the time: a wall met half-way was never
    # really met, so how hard the task was is not asked.)
    (NOT_IN, "no", _, "yes", _, LAZINESS),
    # "Not sure" is not "a goal you no longer want" (§1): doubt is for the yearly check (§3).
    # Be hard on yourself: the time still did not go in.
    (NOT_IN, "no", _, "unsure", _, LAZINESS),
    # §1: "a goal you no longer want — points at motivation".
    (NOT_IN, "no", _, "no", _, MOTIVATION),
    # §1 something else: an outside event (or bad timing) made the time impossible. Whether
    # the goal is still wanted cannot change that, so it is not asked.
    (NOT_IN, "yes", "yes", _, _, OTHER),
    # Strict first: something outside got in the way, but the hours could still have been
    # found. The excuse does not outrank the time not put in: laziness, as above.
    (NOT_IN, "yes", "no", ("yes", "unsure"), _, LAZINESS),
    # ...unless the goal is no longer wanted, which points at motivation (§1, §3).
    (NOT_IN, "yes", "no", "no", _, MOTIVATION),
    # §1 lack of ability: the time went in, and someone good at this would have done it in
    # that time. Slower, or stuck: the talk's two choices are another direction, or twice the
    # time others need. Outside events are not asked: they did not stop someone better.
    ("yes", _, _, _, "yes", ABILITY),
    # §1 something else: the time went in and nobody could have done it, the way things were:
    # timing, an outside event, or a plan that was never realistic, named next (other_kind).
    ("yes", _, _, _, "no", OTHER),
]


def combinations() -> Iterator[dict[str, str]]:
    """Every full set of answers, whether or not the diagnosis would ask for each."""
    for values in itertools.product(*ANSWERS.values()):
        yield dict(zip(ANSWERS, values, strict=True))


def walk(given: Mapping[str, str]) -> tuple[dict[str, str], Cause]:
    """Answer the questions the diagnosis asks, from `given`: what was asked, and the cause."""
    asked: dict[str, str] = {}
    while (name := next_question(asked)) is not None:
        assert name not in asked, f"{name} asked twice"
        asked[name] = given[name]
    return asked, suggest_cause(asked)


def matches(row: tuple[Any, ...], asked: Mapping[str, str]) -> bool:
    for name, cell in zip(QUESTIONS, row, strict=False):
        if cell is _:
            if name in asked:
                return False
        elif name not in asked or asked[name] not in (cell if isinstance(cell, tuple) else (cell,)):
            return False
    return True


def test_the_questions_and_their_answers_are_the_tables() -> None:
    assert tuple(ANSWERS) == QUESTIONS
    for language in LANGUAGES:
        diagnosis = prompts.load("diagnosis", language)
        for name, answers in ANSWERS.items():
            keys = tuple(key for key, _label in diagnosis.choices(f"questions.{name}.choices"))
            assert sorted(keys) == sorted(answers), (language, name)


def test_every_combination_of_answers_reads_as_exactly_one_row() -> None:
    used: set[int] = set()
    for given in combinations():
        asked, cause = walk(given)
        rows = [i for i, row in enumerate(TABLE) if matches(row, asked)]
        assert len(rows) == 1, (given, asked, rows)
        assert cause is TABLE[rows[0]][-1], (asked, cause)
        used.add(rows[0])
    assert used == set(range(len(TABLE))), "a row no answers reach"


def test_no_question_is_asked_that_cannot_change_the_answer() -> None:
    """Asked only when needed: given the answers before it, some answers to a question lead
    to different causes (with everything else the same)."""
    every = list(combinations())
    for given in every:
        asked, _cause = walk(given)
        for position, name in enumerate(asked):
            before = list(asked)[:position]
            alike = [c for c in every if all(c[b] == given[b] for b in before)]
            assert any(
                len({walk(c | {name: value})[1] for value in ANSWERS[name]}) > 1 for c in alike
            ), (given, name)


def test_the_issue_s_examples() -> None:
    # no time put in, something outside got in the way, but the hours were there: laziness
    excuse = {"planned_time": "no", "outside": "yes", "time_impossible": "no", "still_want": "yes"}
    assert walk(excuse)[1] is LAZINESS
    # the full time put in, no wall hit, still missed, someone good would have done it
    assert walk({"planned_time": "yes", "skill_wall": "yes"})[1] is ABILITY
    # a goal no longer wanted
    assert walk({"planned_time": "no", "outside": "no", "still_want": "no"})[1] is MOTIVATION


def test_a_half_answered_diagnosis_is_not_read() -> None:
    with pytest.raises(ValueError, match="outside"):
        suggest_cause({"planned_time": "no"})


def test_answers_saved_by_an_older_punchin_still_lead_somewhere() -> None:
    # before, every question was asked: a resumed review may hold them all
    old = {"planned_time": "no", "outside": "yes", "skill_wall": "no", "still_want": "yes"}
    assert next_question(old) == "time_impossible"
    assert suggest_cause({**old, "time_impossible": "no"}) is LAZINESS


# -- remedies -------------------------------------------------------------------------------

# The talk's own remedies (§1), and §3's for motivation; everything else is punchin's.
METHOD_REMEDIES = {
    "laziness": {"partner"},  # one remedy: a study partner, the library, every day, watching
    "ability": {"strength", "double"},  # another direction, or twice the time others need
    "motivation": {"reexamine"},  # §3: re-examine the motivation, change the direction
    "other": set(),  # the method only asks you to name it
}
MARKS = {
    "en": ("(the method)", "(punchin's suggestion)"),
    "zh": ("（这套方法）", "（punchin 的建议）"),
}
# Remedy keys that journals from earlier versions hold, under the cause they answered.
LEGACY = {
    "laziness": ("partner", "together", "schedule"),
    "ability": ("strength", "double"),
    "motivation": ("reexamine", "reconnect"),
    "other": ("replan", "shrink", "carry"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_remedy_says_whose_it_is(language: str) -> None:
    diagnosis = prompts.load("diagnosis", language)
    method, punchin = MARKS[language]
    for cause in Cause:
        choices = dict(remedy_choices(diagnosis, cause))
        own = choices.pop("own")
        assert method not in own and punchin not in own
        for key, label in choices.items():
            expected = method if key in METHOD_REMEDIES[cause.value] else punchin
            assert label.endswith(expected), (language, cause, key, label)
        assert METHOD_REMEDIES[cause.value] <= set(choices)


def test_the_two_languages_offer_the_same_remedies_from_the_same_sources() -> None:
    en, zh = (prompts.load("diagnosis", language) for language in LANGUAGES)
    assert en.get("remedies").keys() == zh.get("remedies").keys()
    for cause in Cause:
        sources = [
            {k: v.get("source") for k, v in p.get(f"remedies.{cause.value}").items()}
            for p in (en, zh)
        ]
        assert sources[0] == sources[1], cause


def test_the_heading_says_whose_remedies_follow() -> None:
    en = prompts.load("diagnosis", "en")
    assert remedies_heading(en, LAZINESS) == (
        "For laziness, what the method says, then what punchin adds:"
    )
    assert remedies_heading(en, ABILITY) == "For lack of ability, what the method says:"
    assert "punchin's own suggestions" in remedies_heading(en, OTHER)
    zh = prompts.load("diagnosis", "zh")
    assert remedies_heading(zh, ABILITY) == "笨怎么办？这套方法这样说："
    assert "下面的对策都是 punchin 的建议" in remedies_heading(zh, OTHER)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_draft_names_the_period_it_is_for(language: str) -> None:
    diagnosis = prompts.load("diagnosis", language)
    for cause in Cause:
        for remedy, _label in remedy_choices(diagnosis, cause):
            if remedy == "own":
                continue
            draft = remedy_commitment(
                diagnosis, cause, remedy, "GOAL", span="THIS-SPAN", next="NEXT-SPAN"
            )
            assert "NEXT-SPAN" in draft and "THIS-SPAN" not in draft, (language, remedy)
            quoted = "‘GOAL’" if language == "en" else "「GOAL」"  # shown inside “…” elsewhere
            assert quoted in draft, (language, remedy, draft)


@pytest.mark.parametrize("language", LANGUAGES)
def test_older_remedy_keys_still_read_back(language: str) -> None:
    diagnosis = prompts.load("diagnosis", language)
    own = diagnosis.text("remedies.own.label")
    for cause, keys in LEGACY.items():
        for key in keys:
            label = remedy_label(diagnosis, cause, key)
            assert label and own not in label and "{" not in label, (language, cause, key)
            assert label.endswith(MARKS[language]), (language, key, label)
    own_read = remedy_label(diagnosis, "laziness", "own")  # in words, naming what it answered
    assert own_read == diagnosis.text(
        "remedies.own.reads", cause=diagnosis.text("causes.laziness.label")
    )
    assert "write your own" not in own_read and "自己写" not in own_read
    assert remedy_label(diagnosis, None, None) == ""


def test_legacy_together_reads_as_part_of_the_method() -> None:
    en = prompts.load("diagnosis", "en")
    assert remedy_label(en, "laziness", "together") == (
        "Work beside someone at a fixed place and time (the library, every day) (the method)"
    )
    assert "together" not in dict(remedy_choices(en, LAZINESS))


def strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)


def test_the_chinese_uses_the_talk_s_blunt_terms_one_term_per_thing() -> None:
    zh = prompts.load("diagnosis", "zh")
    texts = list(strings(zh.data))
    assert zh.text("causes.laziness.label") == "懒"
    assert zh.text("causes.ability.label") == "笨"
    assert "对自己狠" in zh.text("text.diagnosis_intro")
    for text in texts:
        assert "懒惰" not in text and "能力不足" not in text and "能力不够" not in text, text
        assert "“" not in text and "”" not in text, text  # 「」 inside the “” around commitments


def test_the_english_quotes_a_goal_in_single_quotes() -> None:
    en = prompts.load("diagnosis", "en")
    assert not [t for t in strings(en.data) if "“" in t or "”" in t]
    assert "Be hard on yourself" in en.text("text.diagnosis_intro")


# -- through the CLI: the answers template and --answers -------------------------------------


def template_for_a_missed_goal(run: Run) -> tuple[dict[str, Any], dict[str, Any]]:
    run("goal", "add", "Submit the grant", "--on", "2026-W47")
    template = json.loads(run("week", "--answers-template").output)
    template.update(accomplished="Little", mentor="Be kind")
    (goal,) = template["goals"].values()
    goal["status"] = "missed"
    return template, goal


def test_the_answers_template_lists_every_question_and_when_it_is_needed(run: Run) -> None:
    template, goal = template_for_a_missed_goal(run)
    assert set(QUESTIONS) <= set(goal)
    notes = template["_help"]
    assert notes["planned_time"].startswith("yes | partly | no")
    assert notes["time_impossible"] == (
        "yes | no  (only when planned_time is partly or no, and outside is yes)"
    )
    assert notes["skill_wall"] == "yes | no  (only when planned_time is yes)"
    assert notes["remedy"]["laziness"] == "partner | schedule | own"
    assert template["_questions"]["skill_wall"].startswith("You put in the time")


def test_a_follow_up_that_is_not_needed_is_not_demanded(run: Run) -> None:
    template, goal = template_for_a_missed_goal(run)
    goal.update(planned_time="no", outside="yes", time_impossible="yes", other_kind="events")
    goal.update(remedy="replan")  # still_want and skill_wall left blank: not needed
    result = run("week", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 0, result.output
    shown = run("show", "2026-W47").output
    assert "cause: something else (an outside event)" in shown  # the kind in words, not its key
    assert "Re-plan: move it to a time that can work (punchin's suggestion)" in shown
    assert "Move ‘Submit the grant’ to a slot next week that nothing else can take." in shown


def test_a_follow_up_that_is_needed_is_demanded(run: Run) -> None:
    template, goal = template_for_a_missed_goal(run)
    goal.update(planned_time="partly", outside="yes", remedy="partner")
    result = run("week", "--answers", "-", input=json.dumps(template))
    assert result.exit_code == 1
    assert "missing 'goals." in result.stderr and ".time_impossible'" in result.stderr


def test_the_quarterly_template_takes_the_same_questions(run: Run) -> None:
    run("goal", "add", "Learn Rust", "--on", "2026-Q3")
    template = json.loads(run("quarter", "--on", "2026-Q3", "--answers-template").output)
    (goal,) = template["goals"].values()
    assert set(QUESTIONS) <= set(goal)
    assert template["_help"]["still_want"].startswith("yes | unsure | no  (only when")
