"""Writing the journal out: JSON that imports back exactly, and Markdown to read or print."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TextIO

from punchin.store.importing import FORMAT, VERSION
from punchin.store.values import tags_of


def select(data: dict[str, Any], since: date | None, until: date | None) -> dict[str, Any]:
    """The records of a span of days, with every goal they point to, so the part imports on
    its own."""
    if since is None and until is None:
        return data
    low = (since or date.min).isoformat()
    high = (until or date.max).isoformat()

    def inside(day: str) -> bool:
        return low <= day[:10] <= high

    entries = [e for e in data["entries"] if inside(e["period_start"])]
    kept = {e["id"] for e in entries}
    part: dict[str, Any] = {"meta": data["meta"], "entries": entries}
    for table in ("answers", "diagnoses", "commitments"):
        part[table] = [r for r in data[table] if r["entry_id"] in kept]
    goals = {g["id"]: g for g in data["goals"]}
    wanted = {g["id"] for g in data["goals"] if inside(g["period_start"])}
    wanted |= {r["goal_id"] for t in ("diagnoses", "commitments") for r in part[t] if r["goal_id"]}
    frontier = list(wanted)
    while frontier:  # parents and the goals they were carried from, all the way up
        goal = goals.get(frontier.pop())
        for ref in (goal or {}).get("parent_id"), (goal or {}).get("carried_from"):
            if ref and ref not in wanted:
                wanted.add(ref)
                frontier.append(ref)
    part["goals"] = [g for g in data["goals"] if g["id"] in wanted]
    part["notes"] = [n for n in data["notes"] if inside(n["date"])]
    return part


def to_json(data: dict[str, Any]) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, **data}, indent=2, ensure_ascii=False)


def write_json(
    meta: dict[str, str], tables: Iterable[tuple[str, Iterable[dict[str, Any]]]], out: TextIO
) -> None:
    """The same export as `to_json`, written record by record as the records are read: one
    record a line, through the fast encoder (an indented document goes through Python's
    slow one and is held whole in memory). `json.load` reads it like any other export."""
    out.write(f'{{"format": {json.dumps(FORMAT)}, "version": {VERSION},\n')
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every record
    out.write(f'"meta": {encode(meta)}')
    for table, records in tables:
        out.write(f',\n"{table}": [')
        first = True
        for record in records:
            out.write("\n" if first else ",\n")
            out.write(encode(record))
            first = False
        out.write("\n]" if not first else "]")
    out.write("}\n")


def to_markdown(
    data: dict[str, Any],
    words: dict[str, str],
    review: Callable[[dict[str, Any]], str | None],
    read: Callable[[str, dict[str, str]], list[tuple[str, str]]],
) -> str:
    """One document per review, in time order: `review` renders a week or a quarter as its
    report; other reviews list each answer under its question (`read(kind, answers)` gives
    the questions and the answers in words); then the goals by period and the notes."""
    answers: dict[str, dict[str, str]] = {}
    for answer in data["answers"]:
        answers.setdefault(answer["entry_id"], {})[answer["key"]] = answer["value"]
    blocks = []
    for entry in sorted(data["entries"], key=lambda e: (e["period_start"], e["kind"])):
        rendered = review(entry)
        if rendered is not None:
            blocks.append(rendered.strip())
            continue
        blocks.append(f"# {words['kind_' + entry['kind']]} · {entry['period']}")
        for heading, value in read(entry["kind"], answers.get(entry["id"], {})):
            blocks.append(f"## {heading}\n\n{value}")
    if data["goals"]:
        blocks.append(f"# {words['goals']}")
        lines = [
            f"- {g['period']} · {g['title']} · {g['status']}"
            + (f" · {g['progress']:.2f}" if g["progress"] is not None else "")
            for g in sorted(data["goals"], key=lambda g: (g["period_start"], g["horizon"]))
        ]
        blocks.append("\n".join(lines))
    if data["notes"]:
        blocks.append(f"# {words['notes']}")
        for note in sorted(data["notes"], key=lambda n: (n["date"], n["time"])):
            star = " ★" if note["starred"] else ""
            heading = " ".join(p for p in (note["date"], note["time"], note["title"]) if p)
            tags = ", ".join(tags_of(note["tags"]))
            parts = [f"## {heading}{star}", note["body"].strip(), f"_{tags}_" if tags else ""]
            blocks.append("\n\n".join(part for part in parts if part))
    return "\n\n".join(blocks) + "\n"
