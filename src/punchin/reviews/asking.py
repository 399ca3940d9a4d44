"""Questions, and the two ways of answering them: a person at a terminal or an --answers file.

Flows only ever call `Asker.ask` and `Asker.show`, so one flow serves both, and tests can
answer with either.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from punchin.errors import AnswersFileError


@dataclass(frozen=True)
class Question:
    """One question; `key` is where its answer is stored ("goals.<id>.status")."""

    key: str
    text: str
    choices: tuple[tuple[str, str], ...] = ()
    default: str | None = None
    optional: bool = False
    long: bool = False
    # A share of a goal done, read one way everywhere (`read_share`): 0.7, .7 and 70% alike.
    score: bool = False  # stored as a fraction: "0.7"
    percent: bool = False  # stored as a percentage: "70%" (the weekly progress; see weekly.py)
    # What an answers file that says nothing answers, when that should differ from the
    # `default` a person at a terminal is offered (None: the same).
    unsaid: str | None = None
    answered: bool = False  # the default is the person's own earlier answer (--amend)
    listed: bool = False  # one item of a list asked for an item at a time (goals to set)

    def normalise(self, raw: str) -> str | None:
        """The answer in stored form, or None if it is not a valid answer to this question."""
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes from the terminal: ask again
            return None
        value = raw.strip()
        if self.choices:
            return _match_choice(value, self.choices)
        if self.score or self.percent:
            if not value and self.optional:  # a forecast may be left unsaid
                return ""
            share = read_share(value)
            if not isinstance(share, Decimal):
                return None
            return _plain(share * 100) + "%" if self.percent else _plain(share)
        if not value and not self.optional:
            return None
        return raw.strip("\n") if self.long else value

    def expected(self) -> str:
        """What a valid answer looks like, for error messages."""
        if self.choices:
            return "one of " + ", ".join(key for key, _ in self.choices)
        if self.score or self.percent:
            return "a score from 0 to 1.0, like 0.7 (or a percentage, like 70%)"
        return "some text"

    def refusal(self, raw: str) -> Refusal | None:
        """Why a number was refused, when it reads as a number that is out of range."""
        if not (self.score or self.percent):
            return None
        found = read_share(raw)
        return found if isinstance(found, Refusal) else None


def question_family(key: str) -> str:
    """The question a key stands for, whichever goal or place in a list it is about:
    `goals.<id>.other_note` and `next.3.title` become `goals.*.other_note` and
    `next.*.title`, so that last week's answers to the same question can be offered."""
    return ".".join("*" if _ID_OR_INDEX.fullmatch(part) else part for part in key.split("."))


_ID_OR_INDEX = re.compile(r"[0-9a-f]{32}|\d+")


class Asker(Protocol):
    def show(self, text: str, *, quiet: bool = False) -> None:
        """Context for the next question; `quiet` for asides like the time box."""

    def ask(self, question: Question) -> str: ...

    def keep_time(self, spent: Callable[[], tuple[float, int]]) -> None:
        """The review's clock, (seconds spent, seconds in its box), for an asker that can
        show the time box while the person writes."""


# -- numbers: one reading for every score, progress and forecast --------------------------------

_NUMBER = re.compile(r"(?P<minus>-?)(?P<digits>\d+(?:\.\d*)?|\.\d+)\s*(?P<percent>%?)")


class Refusal(NamedTuple):
    """A number that reads as no share of a goal. `kind` names the reason (`ui.number_<kind>`
    at a terminal, `errors.answers_number_<kind>` for a file); `values` fill its text."""

    kind: str
    values: dict[str, str]

    def english(self) -> str:
        return REASONS[self.kind].format(**self.values)


# The English reasons; prompts/*/ui.toml (number_*) and prompts/zh/errors.toml say the same.
REASONS = {
    "tenths": "did you mean {number}% or {tenth}? write {hundredth} or {tenth_percent}%",
    "percent": "did you mean {number}%? write {hundredth} or {number}%",
    "over": "{over_percent}% is more than done; write 1.0 at most, or {tenth_percent}%",
    "too_big": "that is more than done; write 1.0 (or 100%) at most",
    "negative": "that is less than nothing; write 0 at least",
}


def read_share(text: str) -> Decimal | Refusal | None:
    """How much of a goal got done, from 0 to 1: the one reading of every score, progress
    and forecast, typed or in a file.

    `0.7`, `.7` and `70%` are the same; `0`, `1`, `1.0` and `100%` are fine. A bare number
    above 1 is refused, never guessed at: `3` may be 3% or 0.3 and `30` may be 30%, so the
    refusal offers the readings with the way to write each. Negative numbers and more than
    100% are refused too. None: not a number at all."""
    value = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    found = _NUMBER.fullmatch(value) if len(value) <= 40 else None
    if found is None:
        return None
    number = Decimal(found["digits"])
    shown = _plain(number)
    if found["minus"] and number:
        return Refusal("negative", {"number": "-" + shown})
    if found["percent"]:
        share = number / 100
        return share if share <= 1 else Refusal("too_big", {"number": shown + "%"})
    if number <= 1:
        return number.normalize() if number else Decimal(0)
    readings = {
        "number": shown,
        "hundredth": _plain(number / 100),
        "tenth": _shown_share(number / 10),
        "tenth_percent": _plain(number * 10),
        "over_percent": _plain(number * 100),
    }
    if number <= 10:  # 3: three percent, or three tenths with the point forgotten
        return Refusal("tenths" if number == number.to_integral_value() else "over", readings)
    if number <= 100:
        return Refusal("percent", readings)
    return Refusal("too_big", readings)


def share_of(stored: str) -> float:
    """A stored share ("0.7" or "70%") as a fraction of 1."""
    value = stored.strip()
    if value.endswith("%"):
        return float(value[:-1]) / 100
    return float(value)


def _plain(number: Decimal) -> str:
    """A number as written by hand: 0.03, 30, 1.5; never 3E+1."""
    return format(number.normalize(), "f")


def _shown_share(number: Decimal) -> str:
    return "1.0" if number == 1 else _plain(number)


def _match_choice(value: str, choices: tuple[tuple[str, str], ...]) -> str | None:
    """Accept the number shown, the key, the label, or an unambiguous start of either."""
    lowered = value.lower()
    if not lowered:
        return None
    if lowered.isdigit() and 1 <= int(lowered) <= len(choices):
        return choices[int(lowered) - 1][0]
    for key, label in choices:
        if lowered in (key.lower(), label.lower()):
            return key
    starts = {
        key
        for key, label in choices
        if key.lower().startswith(lowered) or label.lower().startswith(lowered)
    }
    return starts.pop() if len(starts) == 1 else None


class FileAsker:
    """Answers from a JSON document whose nesting follows the question keys.

    `goals.<id>.status` is read from {"goals": {"<id>": {"status": ...}}}; an id may be
    shortened to a unique prefix; `next.0.title` reads the first item of the "next" list.
    A missing answer falls back to the question's default; a missing required one is an error.
    """

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data = data
        self.source = source

    @classmethod
    def from_path(cls, path: str) -> FileAsker:
        from punchin.files import ANSWERS_LIMIT, read_limited

        try:
            text = read_limited(path, ANSWERS_LIMIT, "answers file ").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AnswersFileError(f"cannot read answers file {path}: {exc}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise AnswersFileError(
                f"answers file {path} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                f"{exc.msg})",
                key="answers_not_json",
                path=path,
                line=exc.lineno,
                column=exc.colno,
            ) from None
        except RecursionError:  # [[[[… a hundred thousand deep: more than Python reads
            raise AnswersFileError(
                f"answers file {path} is nested too deeply to be answers",
                key="answers_too_deep",
                path=path,
            ) from None
        if not isinstance(data, dict):
            raise AnswersFileError(
                f"answers file {path} must hold a JSON object", key="answers_not_object", path=path
            )
        return cls(data, path)

    def show(self, text: str, *, quiet: bool = False) -> None:
        """Nothing to show: there is no one at a terminal."""

    def keep_time(self, spent: Callable[[], tuple[float, int]]) -> None:
        """No one to show the time to."""

    def ask(self, question: Question) -> str:
        raw = self._lookup(question.key)
        if raw is None or raw == "":  # a template's blank means "not answered"
            if question.unsaid is not None:
                return question.unsaid
            if question.default is not None:
                return question.default
            if question.optional:
                return ""
            raise AnswersFileError(
                f"answers file {self.source}: missing {question.key!r} ({question.text})",
                key="answers_missing_key",
                path=self.source,
                answer=question.key,
                question=question.text,
            )
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise AnswersFileError(
                f"answers file {self.source}: {question.key!r} must be text, not {raw!r}",
                key="answers_not_text",
                path=self.source,
                answer=question.key,
                value=raw,
            )
        value = question.normalise(str(raw))
        refusal = question.refusal(str(raw)) if value is None else None
        if refusal is not None:
            raise AnswersFileError(
                f"answers file {self.source}: {question.key!r} is {raw!r}: {refusal.english()}",
                key=f"answers_number_{refusal.kind}",
                path=self.source,
                answer=question.key,
                value=raw,
                **refusal.values,
            )
        if value is None:
            raise AnswersFileError(
                f"answers file {self.source}: {question.key!r} is {raw!r}; "
                f"expected {question.expected()}",
                key="answers_bad_value",
                path=self.source,
                answer=question.key,
                value=raw,
                expected=question.expected(),
            )
        return value

    def _lookup(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if isinstance(node, list):
                if not part.isdigit() or int(part) >= len(node):
                    return None
                node = node[int(part)]
                if isinstance(node, str):  # a list of titles is a list of {"title": ...}
                    node = {"title": node}
                continue
            if not isinstance(node, dict):
                return None
            if part in node:
                node = node[part]
                continue
            matches = [k for k in node if len(k) >= 4 and part.startswith(k)]
            if len(matches) != 1:
                return None
            node = node[matches[0]]
        return node
