"""Questions, and the two ways of answering them: a person at a terminal or an --answers file.

Flows only ever call `Asker.ask` and `Asker.show`, so one flow serves both, and tests can
answer with either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

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
    percent: bool = False
    score: bool = False  # OKR-style: 0 to 1.0 ("0.7"), or a percentage ("70%")

    def normalise(self, raw: str) -> str | None:
        """The answer in stored form, or None if it is not a valid answer to this question."""
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes from the terminal: ask again
            return None
        value = raw.strip()
        if self.choices:
            return _match_choice(value, self.choices)
        if self.percent:
            number = value.rstrip("%").strip()
            try:
                amount = float(number)
            except ValueError:
                return None
            return f"{amount:g}" if 0 <= amount <= 100 else None
        if self.score:
            return _score(value)
        if not value and not self.optional:
            return None
        return raw.strip("\n") if self.long else value

    def expected(self) -> str:
        """What a valid answer looks like, for error messages."""
        if self.choices:
            return "one of " + ", ".join(key for key, _ in self.choices)
        if self.percent:
            return "a number from 0 to 100"
        if self.score:
            return "a score from 0 to 1.0, like 0.7 (or a percentage, like 70%)"
        return "some text"


class Asker(Protocol):
    def show(self, text: str, *, quiet: bool = False) -> None:
        """Context for the next question; `quiet` for asides like the time box."""

    def ask(self, question: Question) -> str: ...


def _score(value: str) -> str | None:
    """0.7 -> "0.7"; 70% or 70 -> "0.7". A whole number above 1 reads as a percentage;
    anything else above 1 (1.7) is refused rather than guessed at."""
    percent = value.endswith("%")
    try:
        amount = float(value.rstrip("%").strip())
    except ValueError:
        return None
    if percent or (amount > 1 and amount.is_integer()):
        amount /= 100
    return f"{amount:g}" if 0 <= amount <= 1 else None


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
        from punchin.inputs import ANSWERS_LIMIT, read_limited

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
        if not isinstance(data, dict):
            raise AnswersFileError(
                f"answers file {path} must hold a JSON object", key="answers_not_object", path=path
            )
        return cls(data, path)

    def show(self, text: str, *, quiet: bool = False) -> None:
        """Nothing to show: there is no one at a terminal."""

    def ask(self, question: Question) -> str:
        raw = self._lookup(question.key)
        if raw is None or raw == "":  # a template's blank means "not answered"
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
