"""One self-contained HTML page from a report's Markdown: the style inline, nothing fetched,
nothing run. The only module that imports `markdown`."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def page(title: str, markdown_text: str, language: str, footer: str) -> str:
    """One self-contained HTML page: the Markdown rendered, the style inline, nothing fetched,
    nothing run (`inert`: links and images disarmed, a policy that forbids the rest)."""
    from punchin.reports.inert import POLICY

    # The charts and tables are set aside while Markdown runs and put back after: they are
    # our own HTML (every word of the person's in them escaped already), and Markdown would
    # only parse them again, slowly (a life report's grid is thousands of squares).
    blocks: list[str] = []

    def set_aside(found: re.Match[str]) -> str:
        blocks.append(found.group(0))
        return f'<figure class="chart" data-chart="{len(blocks) - 1}"></figure>'

    text = OUR_BLOCK.sub(set_aside, markdown_text)
    body = _keep_together(_inert_html(text))

    def put_back(found: re.Match[str]) -> str:
        block = blocks[int(found.group(1))]
        return block if block.startswith("<figure") else _keep_together(block)

    body = PLACED.sub(put_back, body)
    lang = "zh-CN" if language == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_css()}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n<footer>{escape(footer)}</footer>\n</body>\n</html>\n"
    )


def _inert_html(markdown_text: str) -> str:
    """The Markdown as HTML, its links and images disarmed on Markdown's element tree, after
    the inline patterns and the unescaping have made them (`inert.disarm`)."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    from punchin.reports.inert import disarm

    class Disarm(Treeprocessor):
        def run(self, root: Element) -> None:
            disarm(root, markdown.util.AMP_SUBSTITUTE)

    from markdown.extensions.tables import TableExtension

    # the extension itself, not its name: a name makes Markdown read every installed
    # package's entry points to find it, about 30 ms on each report
    converter = markdown.Markdown(extensions=[TableExtension()])
    converter.treeprocessors.register(Disarm(converter), "inert", -10)
    return converter.convert(markdown_text)


OUR_BLOCK = re.compile(
    r'<figure class="chart">.*?</figure>|<div class="table"><table role="table">.*?</div>', re.S
)
PLACED = re.compile(r'<figure class="chart" data-chart="(\d+)"></figure>')

# A period's or a date's name, which a browser must not break at its hyphen (2026-W27, 2026-Q3,
# 2026-10-01, 2026-2030).
PERIOD = re.compile(r"(?<![\w-])\d{4}-(?:W\d{2}|Q[1-4]|\d{2}-\d{2}|\d{4})(?![\w-])")


def _keep_together(body: str) -> str:
    """Period names in the page's text wrapped in a no-break span (not inside tags or SVG)."""
    parts = re.split(r"(<svg\b.*?</svg>|<[^>]*>)", body, flags=re.S)
    return "".join(
        part if part.startswith("<") else PERIOD.sub(r'<span class="period">\g<0></span>', part)
        for part in parts
    )


def _css() -> str:
    from pathlib import Path

    return (Path(__file__).with_name("report.css")).read_text(encoding="utf-8")
