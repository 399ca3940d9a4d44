"""Wrap text to the terminal by display width, so Chinese (two columns a character) and
English both break at a sensible place instead of wherever the terminal cuts them."""

from __future__ import annotations

import re
import unicodedata

# Wide (two-column) scripts: CJK, Hangul, fullwidth forms. Each of their characters may
# start a new line; other text breaks only at spaces.
_WIDE = (
    "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
_TOKEN = re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+|\\s+")
# Closing punctuation that must not start a line (，。：；！？、）」』 and friends).
_NO_LINE_START = set("，。：；！？、）」』》〉”’,.:;!?)")
# Opening punctuation that must not end a line.
_NO_LINE_END = set("（「『《〈“‘")


_WIDE_CHAR = re.compile(f"[{_WIDE}]")


def has_wide(text: str) -> bool:
    return _WIDE_CHAR.search(text) is not None


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> str:
    """Each line of `text` wrapped to `width` columns, continuation lines keeping its indent."""
    return "\n".join(_wrap_line(line, max(20, width)) for line in text.split("\n"))


def _wrap_line(line: str, width: int) -> str:
    if display_width(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    lines: list[str] = []
    current = ""
    for token in _TOKEN.findall(line[len(indent) :]):
        candidate = current + token
        fits = display_width(indent + candidate.rstrip()) <= width
        if fits or not current.strip() or (token[0] in _NO_LINE_START and len(token) == 1):
            current = candidate
            continue
        carried = ""
        body = current.rstrip()
        if len(body) > 1 and body[-1] in _NO_LINE_END:  # an opening bracket goes with its text
            body, carried = body[:-1], body[-1]
        lines.append(indent + body)
        current = carried + ("" if token.isspace() else token)
    if current.strip():
        lines.append(indent + current.rstrip())
    return "\n".join(lines)
