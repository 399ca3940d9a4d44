"""The closing lines of a check-in in words: from the facts saved with it (`summary`), in
the language of whoever reads them, at the end of `punchin week` and in `punchin show`."""

from __future__ import annotations

import json
from contextlib import suppress

from punchin.prompts import PromptSet


def closing_lines(saved: str, p: PromptSet, d: PromptSet | None) -> list[str]:
    """Two to four lines from the saved facts: commitments kept (when any were due), the
    recurring cause (when one recurs), the streak, the one commitment to watch (when one
    was made). Saved text that is not facts (or facts of a later punchin) reads as it is."""
    try:
        facts = json.loads(saved)
    except ValueError:
        facts = None
    if not isinstance(facts, dict):
        return [line for line in saved.splitlines() if line.strip()]

    def cause(name: object) -> str:
        key = f"causes.{name}.label"
        return d.text(key) if d is not None and d.has(key) else str(name)

    lines: list[str] = []
    with suppress(TypeError, ValueError, KeyError):
        if "kept" in facts:
            kept, count, *rest = facts["kept"]
            partly = rest[0] if rest else 0
            key = "summary.kept_partly" if partly else "summary.kept"
            lines.append(p.text(key, kept=kept, count=count, partly=partly))
        if "recurring" in facts:
            found = facts["recurring"]
            runs = found if isinstance(found, list) else [found]
            lines.append(
                p.text(
                    "summary.recurring",
                    items=p.text("summary.separator").join(
                        p.text(
                            "summary.recurring_item",
                            cause=cause(run["cause"]),
                            title=run["title"],
                            count=run["count"],
                        )
                        for run in runs
                    ),
                )
            )
        if "one_cause" in facts:
            found = facts["one_cause"]
            lines.append(
                p.text(
                    "summary.one_cause",
                    cause=cause(found["cause"]),
                    count=found["count"],
                    total=found["total"],
                )
            )
        if "streak" in facts:
            lines.append(p.text("summary.streak", count=int(facts["streak"])))
        if facts.get("watch"):
            lines.append(p.text("summary.watch", text=facts["watch"]))
    return lines
