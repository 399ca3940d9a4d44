"""The punch-in-life warning in words, or nothing at all."""

from __future__ import annotations

from punchin.method.drift import Signal
from punchin.prompts import PromptSet


def warning_lines(
    found: list[Signal], drift: PromptSet, *, inside_check: bool = False
) -> list[str]:
    """The heading, one line of evidence per signal, and the method's advice; inside a
    yearly or five-year check the advice points at the questions that follow, never at
    the command the person is already in."""
    if not found:
        return []
    lines = [drift.text("drift.heading")]
    for signal in found:
        params = dict(signal.params)
        for name in ("was", "now"):
            if name in params:
                params[name] = drift.text(f"names.{params[name]}")
        years = params.get("years")
        if isinstance(years, list):  # "2024, 2025" / "2024、2025"
            params["years"] = drift.text("drift.separator").join(str(year) for year in years)
        lines.append(f"- {drift.text(f'drift.{signal.key}', **params)}")
    lines.append(drift.text("drift.advice_here" if inside_check else "drift.advice"))
    return lines
