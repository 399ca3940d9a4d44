"""punchin against jrnl, side by side, on the same entries.

Writes N entries into a jrnl journal, exports them with `jrnl --format json`, imports that
into punchin with `punchin import --from jrnl` (timed: the bulk target), then times, in
interleaved runs, what a journal user does every day. Ratios are jrnl / punchin: above 1,
punchin is faster.

    python bench/peer.py                 # 10,000 and 100,000 entries
    python bench/peer.py --sizes 10000   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "week",
    "goal",
    "review",
    "mentor",
    "partner",
    "wrote",
    "thesis",
    "chapter",
    "run",
    "paper",
    "code",
    "reading",
    "plan",
    "quarter",
    "habit",
    "focus",
    "advisor",
    "draft",
    "lab",
    "gym",
    "sleep",
    "morning",
    "evening",
    "notes",
]
PRESENT, ABSENT = "library", "zyzzyva"
JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.2
"""


def write_jrnl(folder: Path, count: int) -> dict[str, str]:
    """A jrnl journal of `count` entries (1 in 20 mentions the library); its environment."""
    chooser = random.Random(count)
    home = folder / "jrnl-home"
    (home / ".config" / "jrnl").mkdir(parents=True)
    journal = home / "journal.txt"
    (home / ".config" / "jrnl" / "jrnl.yaml").write_text(JRNL_CONFIG.format(journal=journal))
    with journal.open("w", encoding="utf-8") as out:
        for n in range(count):
            year, day = 2000 + n // 8000, n % 8000
            month, mday = 1 + (day // 28) % 12, 1 + day % 28
            words = [chooser.choice(WORDS) for _ in range(30)]
            if n % 20 == 0:
                words[7] = PRESENT
            out.write(
                f"[{year}-{month:02d}-{mday:02d} 0{n % 10}:{n % 60:02d}:00 AM] "
                f"Entry {n} about {chooser.choice(WORDS)}. {' '.join(words)}\n\n"
            )
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def punchin() -> list[str]:
    script = Path(sys.executable).with_name("punchin")
    return [str(script)] if script.exists() else [sys.executable, "-m", "punchin"]


def run_size(count: int, runs: int) -> list[tuple[str, float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        jrnl_env = write_jrnl(base, count)
        jrnl = [sys.executable, "-m", "jrnl"]
        export = base / "jrnl.json"
        with export.open("wb") as out:
            subprocess.run(
                [*jrnl, "--format", "json"],
                env=jrnl_env,
                stdout=out,
                stderr=subprocess.DEVNULL,
                check=True,
            )
        home = base / "punchin-home"
        home.mkdir(mode=0o700)
        env = {**os.environ, "PUNCHIN_HOME": str(home), "PUNCHIN_NOW": "2026-11-24T08:00:00+00:00"}
        rows = [
            (
                "import from jrnl (bulk)",
                0.0,
                timed([*punchin(), "import", "--from", "jrnl", str(export)], env),
            )
        ]
        rows.append(
            (
                "export to JSON (bulk)",
                0.0,
                timed([*punchin(), "export", "-o", str(base / "out.json")], env),
            )
        )
        imported = json.loads((base / "out.json").read_text())["notes"]
        assert len(imported) == count, len(imported)
        operations = {
            "add one entry": (
                [*jrnl, "A new entry. Wrote more."],
                [*punchin(), "note", "add", "A new entry. Wrote more."],
            ),
            "list the last 5": ([*jrnl, "-n", "5"], [*punchin(), "note", "list", "-n", "5"]),
            f"search '{PRESENT}' (50 shown)": (
                [*jrnl, "-contains", PRESENT, "-n", "50"],
                [*punchin(), "search", PRESENT, "-n", "50"],
            ),
            f"search '{ABSENT}' (absent)": (
                [*jrnl, "-contains", ABSENT],
                [*punchin(), "search", ABSENT],
            ),
        }
        samples: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in operations}
        for _ in range(runs):
            for name, (theirs, ours) in operations.items():
                samples[name][0].append(timed(theirs, jrnl_env))
                samples[name][1].append(timed(ours, env))
        for name, (theirs, ours) in samples.items():
            rows.append((name, statistics.median(theirs), statistics.median(ours)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"punchin against jrnl: median of {args.runs} interleaved runs, in ms")
    print(f"{'entries':>8}  {'operation':<30} {'jrnl':>9} {'punchin':>9} {'jrnl/punchin':>13}")
    targets: list[str] = []
    for count in args.sizes:
        for name, theirs, ours in run_size(count, args.runs):
            ratio = f"{theirs / ours:13.1f}" if theirs else f"{'target':>13}"
            shown = f"{theirs * 1000:9.0f}" if theirs else f"{'-':>9}"
            print(f"{count:>8}  {name:<30} {shown} {ours * 1000:9.0f} {ratio}")
            targets.extend(peer_targets(count, name, theirs, ours))
    for target in targets:
        print(target)


def peer_targets(count: int, name: str, theirs: float, ours: float) -> list[str]:
    """The README's promises against jrnl, as `target:` lines for bench/all.py."""
    lines = []
    if theirs:
        least = 5.0 if count >= 100_000 and name.startswith("search") else 1.0
        verdict = "meets" if theirs / ours >= least else "misses"
        what = f"{name} at {count:,}: punchin at least {least:g}x faster than jrnl"
        lines.append(f"target: {what}: {verdict} ({theirs / ours:.1f}x)")
    elif count >= 100_000:
        limit = 10.0 if name.startswith("import") else 5.0
        verdict = "meets" if ours <= limit else "misses"
        lines.append(f"target: {name} of {count:,} under {limit:g} s: {verdict} ({ours:.1f} s)")
    return lines


if __name__ == "__main__":
    main()
