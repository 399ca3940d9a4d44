"""The HTML page is inert: opened in a browser it runs nothing and fetches nothing, whatever
was typed into the journal or imported into it.

Two locks, each enough for what it covers:

- Markdown's own link and image syntax in the user's words (`[x](javascript:…)`,
  `![t](https://tracker.example/p.png)`) is disarmed on the element tree Markdown builds,
  by `disarm`, which render.py registers as a Markdown treeprocessor after the inline
  patterns and the unescaping have run: a link keeps only an http, https or mailto target,
  an image only an inline `data:image/` one; any other becomes its words, as plain text.
  Working on the tree, not on the HTML text, there is nothing to parse and no markup to be
  fooled by. Raw HTML never reaches the tree: the user's words are escaped before Markdown
  reads them (`Doc.user`), so `<script>` is shown, not run; the raw blocks punchin writes
  itself (tables, SVG charts) carry those escaped words and no link or image.
- `POLICY`, the page's Content-Security-Policy, forbids what the page never needs: scripts,
  frames, fonts, and every load from the network; only the inline style and inline (`data:`)
  images are allowed, and the charts are inline SVG, which needs neither.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

LINK_TARGET = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
IMAGE_SOURCE = re.compile(r"data:image/", re.IGNORECASE)


def disarm(root: Element, amp: str = "&") -> None:
    """Links to anything but http, https and mailto, and images that are not inline data,
    become plain text (a link its words, an image its alt text). `amp` is how Markdown
    writes "&" inside the tree until its last step (e-mail addresses are kept as entities)."""
    for element in root.iter():
        if element.tag == "a" and not _allowed(element.get("href"), LINK_TARGET, amp):
            element.tag = "span"
            element.attrib.clear()
        elif element.tag == "img" and not _allowed(element.get("src"), IMAGE_SOURCE, amp):
            alt = element.get("alt") or ""
            element.tag = "span"
            element.attrib.clear()
            element.text = alt


def _allowed(target: str | None, allowed: re.Pattern[str], amp: str) -> bool:
    """Whether a link's or image's target begins with an allowed scheme, read as a browser
    reads it: entities decoded first. Anything else (no scheme, `javascript:`, a scheme hidden
    behind spaces or control characters) is refused."""
    if not target:
        return False
    decoded = html.unescape(target.replace(amp, "&"))
    return allowed.match(decoded) is not None
