"""click's own usage errors (a missing argument, a value not among the choices, an option
without its value, words left over) in the user's language.

click words these messages in English when it raises them, through `gettext`. punchin does
not install a gettext translation for them: the one gettext finds follows the locale of the
process, not `--lang` or the settings, and installing one would mean writing compiled
catalogues and changing the process's environment. So they are re-worded when shown, from
what the error keeps: the parameter, its kind and a Choice's choices are read from the
error's attributes; the rest of the message is matched against click's own English
templates, listed beside their translation in prompts/<lang>/click.toml, and the pieces
click filled in (the value typed, already quoted) are put into the translation. A message
no template matches keeps its English words inside the translated frame: never lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

import click

from punchin.prompts import PromptSet

# Fields that hold a list of quoted names ("'md', 'html', 'json'"), joined again in the
# language's own way.
LISTS = ("choice", "choices", "formats", "possibilities")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def reworded(error: click.UsageError, catalog: PromptSet) -> str:
    """The error's message (without its prefix and help pointer) in the catalogue's language."""
    if isinstance(error, click.MissingParameter):
        return _missing(error, catalog)
    if isinstance(error, click.BadParameter):
        message = translated(error.message, catalog)
        hint = _hint(error)
        if hint is None:
            return catalog.text("usage.invalid_value_bare", message=message)
        return catalog.text("usage.invalid_value", name=hint, message=message)
    return translated(error.message, catalog)


def translated(message: str, catalog: PromptSet) -> str:
    """One of click's messages in the catalogue's language, or as it is when none matches.
    The translation is filled in by the catalogue (`PromptSet.text`), so a broken one, in a
    person's own override, is a PromptError like any other question set's."""
    words = catalog.data.get("words", {})
    patterns = []
    for key, entry in catalog.data.get("message", {}).items():
        made = _pattern(str(entry.get("en", ""))) if isinstance(entry, dict) else None
        if made is not None:
            patterns.append((*made, key))
    # the most specific first: "{value!r} is not {choice}." would match any "… is not …"
    for _, pattern, key in sorted(patterns, key=lambda made: -made[0]):
        found = pattern.fullmatch(message)
        if found is None:
            continue
        values = {
            name: _relisted(value, catalog) if name in LISTS else words.get(value, value)
            for name, value in found.groupdict().items()
        }
        return catalog.text(f"message.{key}.zh", **values)
    return message


@lru_cache(maxsize=64)
def _pattern(template: str) -> tuple[int, re.Pattern[str]] | None:
    """click's template as a pattern that takes a message apart: "{value!r} is not one of
    {choices}." -> the value and the choices, as they were written into the message; with
    the length of its own words, which says how specific it is. None for a template that is
    not one (an override's mistake)."""
    parts = []
    seen = set()
    words = 0
    try:
        from string import Formatter  # only when an error is being worded

        for literal, field, _spec, _conversion in Formatter().parse(template):
            parts.append(re.escape(literal))
            words += len(literal)
            if field is None:
                continue
            parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
            seen.add(field)
        return (words, re.compile("".join(parts), re.S)) if template else None
    except (ValueError, re.error):
        return None


def _relisted(text: str, catalog: PromptSet) -> str:
    """A list of quoted names in the language's own way: 'md', 'html', 'json' becomes
    'md'、'html'、'json' in Chinese (anything else stays as it is)."""
    names = QUOTED.findall(text)
    if len(names) < 2 or ", ".join(names) != text:
        return text
    return catalog.text("usage.list_comma").join(names)


def _missing(error: click.MissingParameter, catalog: PromptSet) -> str:
    """The missing argument or option by its name, and for a Choice the values it takes."""
    param = error.param
    kind = error.param_type or (param.param_type_name if param is not None else "parameter")
    key = f"usage.missing_{kind}" if kind in ("argument", "option") else "usage.missing_parameter"
    line = catalog.text(key, name=_hint(error) or "")
    if error.message:
        line += translated(error.message, catalog)
    if param is not None and isinstance(param.type, click.Choice):
        choices = catalog.text("usage.list_comma").join(str(c) for c in param.type.choices)
        line += catalog.text("usage.choose_from", choices=choices)
    return line


def _hint(error: click.BadParameter) -> str | None:
    """The parameter as click names it in its messages: "'-f' / '--format'", "'TITLE'"."""
    hint = error.param_hint
    if hint is None and error.param is not None and error.ctx is not None:
        hint = error.param.get_error_hint(error.ctx)
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(name) for name in hint)
