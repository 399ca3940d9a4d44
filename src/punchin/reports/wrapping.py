"""Wrap text to the terminal by display width, so Chinese (two columns a character) and
English both break at a sensible place instead of wherever the terminal cuts them."""

from __future__ import annotations

import unicodedata

# Closing punctuation that must not start a line (，。：；！？、）」』 and friends).
_NO_LINE_START = set("，。：；！？、）」』》〉”’,.:;!?)")
# Opening punctuation that must not end a line.
_NO_LINE_END = set("（「『《〈“‘")


def is_wide(char: str) -> bool:
    """Two columns on a terminal: CJK characters, Hangul, fullwidth forms."""
    return unicodedata.east_asian_width(char) in "WF"


def has_wide(text: str) -> bool:
    return not text.isascii() and any(is_wide(char) for char in text)  # ASCII never is


def display_width(text: str) -> int:
    if text.isascii():  # one column a character, found without looking each one up
        return len(text)
    return sum(2 if is_wide(char) else 1 for char in text)


def _tokens(text: str) -> list[str]:
    """Runs of spaces, runs of other narrow characters (words), and single wide characters,
    each of which may start a new line."""
    tokens: list[str] = []
    for char in text:
        previous = tokens[-1][-1] if tokens else ""
        joins = previous and not is_wide(char) and not is_wide(previous)
        if joins and char.isspace() == previous.isspace():
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def wrap(text: str, width: int) -> str:
    """Each line of `text` wrapped to `width` columns, continuation lines keeping its indent."""
    return "\n".join(_wrap_line(line, max(20, width)) for line in text.split("\n"))


def _wrap_line(line: str, width: int) -> str:
    if display_width(line) <= width:
        return line
    body = line.lstrip()
    first = line[: len(line) - len(body)]
    if body.startswith("- "):  # a list item: later lines hang under its text
        first, body = first + "- ", body[2:]
    indent = " " * len(first)
    lines: list[str] = []
    current = ""
    for token in _tokens(body):
        prefix = indent if lines else first
        candidate = current + token
        fits = display_width(prefix + candidate.rstrip()) <= width
        if fits or not current.strip() or (token[0] in _NO_LINE_START and len(token) == 1):
            current = candidate
            continue
        carried = ""
        text = current.rstrip()
        if len(text) > 1 and text[-1] in _NO_LINE_END:  # an opening bracket goes with its text
            text, carried = text[:-1], text[-1]
        lines.append(prefix + text)
        current = carried + ("" if token.isspace() else token)
    if current.strip():
        lines.append((indent if lines else first) + current.rstrip())
    return "\n".join(lines)


def one_line(text: str, width: int = 60) -> str:
    """A long answer on one line, its spaces and line breaks run together, cut to `width`
    columns with an ellipsis (a Chinese character takes two)."""
    flat = " ".join(text.split())
    if display_width(flat) <= width:
        return flat
    kept, used = [], 0
    for char in flat:
        used += 2 if is_wide(char) else 1
        if used > width - 1:
            break
        kept.append(char)
    text = "".join(kept)
    cut_inside_a_word = flat[len(text)].isalnum() and not is_wide(flat[len(text)])
    space = text.rfind(" ")
    if cut_inside_a_word and space > len(text) * 2 // 3:  # end on a whole word
        text = text[:space]
    return text.rstrip() + "…"


def fit_line(line: str, width: int = 76) -> str:
    """A line to show that holds an answer: on one line, cut to `width` columns with an
    ellipsis, its indent kept, so that it never runs over a narrow terminal's edge."""
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    return indent + one_line(body, width - len(indent))
