"""Load question sets (TOML, one per language) and the user's overrides of them.

The shipped sets live in the wheel at punchin/prompts (the repository's top-level prompts/
folder); a file of the same name under the settings folder's prompts/ overrides any of its
keys, so a user can rephrase one question without copying the rest.

Question sets are found and read by paths as strings, without pathlib, `re` or `typing`:
`punchin due` in a shell prompt loads one.
"""

from __future__ import annotations

import os
from stat import S_ISDIR, S_ISREG

from punchin.errors import PromptError
from punchin.models import NamedTuple
from punchin.places import LANGUAGES, file_status, prompts_override_folder

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

# Every question set must keep these keys, whatever an override does to their texts.
REQUIRED: dict[str, tuple[str, ...]] = {
    "week": (
        "text.title",
        "text.intro",
        "text.timebox",
        "text.timebox_over",
        "text.span",
        "text.next_span",
        "questions.accomplished.text",
        "questions.goal_status.choices",
        "questions.mentor.text",
        "questions.next_goal.text",
        "questions.commitment_kept.choices",
    ),
    "diagnosis": (
        "questions.planned_time.choices",
        "questions.outside.choices",
        "questions.skill_wall.choices",
        "questions.still_want.choices",
        "questions.cause.choices",
        "questions.other_kind.choices",
        "questions.remedy.text",
        "questions.commitment.text",
        "causes.laziness.label",
        "causes.ability.label",
        "causes.motivation.label",
        "causes.other.label",
        "remedies.own.label",
    ),
    "ui": ("ui.week_saved", "ui.stopped"),
    "due": ("ui.due_week", "ui.due_quarter", "ui.nothing_due"),
}


def shipped_dir() -> Path:
    """The prompts inside the installed package, or the source tree's in a checkout."""
    from pathlib import Path

    return Path(shipped_folder())


def shipped_folder() -> str:
    here = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(here, "prompts")
    status = file_status(packaged)
    if status is not None and S_ISDIR(status.st_mode):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "prompts")


class PromptSet(NamedTuple):
    name: str
    language: str
    data: dict[str, Any]

    def get(self, dotted: str) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                raise PromptError(f"question set {self.language}/{self.name} has no {dotted!r}")
            node = node[part]
        return node

    def has(self, dotted: str) -> bool:
        try:
            self.get(dotted)
        except PromptError:
            return False
        return True

    def text(self, dotted: str, **values: object) -> str:
        """The text with its placeholders filled.

        A text that depends on a number is a table `{ one = "...", other = "..." }`; the
        `count` value picks the form (languages without plurals give only `other`).
        """
        template = self.get(dotted)
        if isinstance(template, dict):
            form = "one" if values.get("count") == 1 and "one" in template else "other"
            template = template.get(form)
        if not isinstance(template, str):
            raise PromptError(f"question set {self.language}/{self.name}: {dotted} is not text")
        try:
            _plain_placeholders(template)
            return template.strip("\n").format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            raise PromptError(
                f"question set {self.language}/{self.name}: {dotted} has a bad placeholder {exc}",
                key="prompt_placeholder",
                set=f"{self.language}/{self.name}",
                text=dotted,
                problem=str(exc),
            ) from None

    def choices(self, dotted: str) -> tuple[tuple[str, str], ...]:
        raw = self.get(dotted)
        if not isinstance(raw, dict) or not raw:
            raise PromptError(f"question set {self.language}/{self.name}: {dotted} is not a table")
        return tuple((str(key), str(label)) for key, label in raw.items())


_PLAIN: set[str] = set()  # texts whose placeholders are known to be plain names


def _might_reach(template: str) -> bool:
    """Whether a placeholder might reach into a value: a "." or "[" after a "{", before the
    next brace (what the pattern `\\{[^{}]*[.\\[]` finds)."""
    for after in template.split("{")[1:]:
        inside = after.split("}", 1)[0]
        if "." in inside or "[" in inside:
            return True
    return False


def _plain_placeholders(template: str) -> None:
    """Refuse a placeholder that would reach into a value (`{path.parent}`, `{x[0]}`, also
    inside a format spec): a question set, which a person may override, fills in names,
    never runs attribute or index lookups on what it is given. ValueError names it."""
    if template in _PLAIN:
        return
    if not _might_reach(template):  # no "." or "[" inside braces: nothing to parse
        _PLAIN.add(template)
        return
    from string import Formatter  # its parse is what str.format itself reads them with

    texts = [template]
    while texts:
        for _, field, spec, _ in Formatter().parse(texts.pop()):
            if field is not None and ("." in field or "[" in field):
                raise ValueError(f"{{{field}}}: only {{name}} is filled in")
            if spec and "{" in spec:
                texts.append(spec)
    _PLAIN.add(template)


def load(name: str, language: str) -> PromptSet:
    if language not in LANGUAGES:
        raise PromptError(f"no question sets in {language!r}; choose one of {', '.join(LANGUAGES)}")
    data = _read(os.path.join(shipped_folder(), language, f"{name}.toml"))
    override = os.path.join(prompts_override_folder(), language, f"{name}.toml")
    status = file_status(override)
    if status is not None and S_ISREG(status.st_mode):
        data = _merge(data, _read(override))
    prompts = PromptSet(name, language, data)
    for key in REQUIRED.get(name, ()):
        prompts.get(key)
    return prompts


def error_text(
    language: str, key: str | None, params: dict[str, Any], english: str
) -> tuple[str, str]:
    """An error's line and its prefix in `language`; English is the code's own text."""
    if language == "en":
        return english, "Error: "
    catalog = load("errors", language)
    prefix = catalog.text("errors.prefix")
    dotted = f"errors.{key}"
    message = catalog.text(dotted, **params) if key and catalog.has(dotted) else english
    return message, prefix


def _read(file: str) -> dict[str, Any]:
    from punchin import parsed_toml

    try:
        return parsed_toml.load(file)
    except FileNotFoundError:
        from pathlib import Path

        path = Path(file)  # named in the message as it always was
        raise PromptError(f"question set {path} is missing; reinstall punchin") from None
    except (ValueError, UnicodeDecodeError) as exc:
        from pathlib import Path

        path = Path(file)
        raise PromptError(f"question set {path} is not valid TOML: {exc}") from None
    except OSError as exc:
        from pathlib import Path

        path = Path(file)
        raise PromptError(f"cannot read question set {path}: {exc.strerror}") from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
