"""A Markdown document built block by block, with tables padded to be read as plain text
and, for the HTML page, SVG figures between the blocks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from punchin.wrapping import display_width

Chart = Callable[[], str]


class Doc:
    def __init__(self, html: bool) -> None:
        self.html = html
        self.blocks: list[str] = []

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"

    def user(self, text: str) -> str:
        """The user's words, kept as words: in HTML, markup they typed is shown, not run."""
        return escape(text, quote=False) if self.html else text

    def heading(self, level: int, text: str) -> None:
        self.blocks.append("#" * level + " " + text)

    def para(self, text: str) -> None:
        self.blocks.append(text)

    def section(self, heading: str, body: str) -> None:
        if body and body.strip():
            self.heading(2, heading)
            self.para(self.user(body.strip()))

    def bullets(self, items: Any) -> None:
        lines = [f"- {' '.join(str(item).split())}" for item in items]
        if lines:
            self.blocks.append("\n".join(lines))

    def chart(self, make: Chart) -> None:
        if self.html:
            self.blocks.append(f'<figure class="chart">{make()}</figure>')

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
    ) -> None:
        """A Markdown table padded by display width, so it reads well as plain text too."""
        cells = [[_cell(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
        widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
        widths = [max(w, 3) for w in widths]

        def line(row: Sequence[str]) -> str:
            padded = []
            for i, cell in enumerate(row):
                gap = " " * (widths[i] - display_width(cell))
                padded.append(gap + cell if i in right else cell + gap)
            return "| " + " | ".join(padded) + " |"

        rule = (
            "| "
            + " | ".join(
                "-" * (w - 1) + ":" if i in right else "-" * w for i, w in enumerate(widths)
            )
            + " |"
        )
        self.blocks.append("\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])]))


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
