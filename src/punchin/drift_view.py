"""The punch-in-life warning in words, or nothing at all."""

from __future__ import annotations

from punchin.drift import Signal
from punchin.prompts import PromptSet


def warning_lines(found: list[Signal], drift: PromptSet) -> list[str]:
    if not found:
        return []
    lines = [drift.text("drift.heading")]
    lines += [f"- {drift.text(f'drift.{signal.key}', **signal.params)}" for signal in found]
    lines.append(drift.text("drift.advice"))
    return lines
