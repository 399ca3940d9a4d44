"""What the automatic backup after every review costs, and `punchin backup --list`.

Builds journals of 1 and 30 years of weekly check-ins (each week with a long answer of
`--text-kb` KB, as a person writes), plain and (when SQLCipher is installed) encrypted, with
a backups folder already holding the rotation's steady state (30 years of weekly backups
trimmed to the newest 8, one a month for 24 months, one a year). Then:

- in process, the median of `make_automatic` (online backup, its quick_check, the rotation)
  and of its parts;
- as a person runs it, the median wall time of a scripted weekly check-in on the 30-year
  journal with `backups = true` and with `backups = false`: the difference is what the
  backup adds after the closing line;
- the wall time of `punchin backup --list` over the steady state (every copy checked).

The target: the backup adds under a second to a review of a 30-year journal.

    python bench/backup.py
    python bench/backup.py --runs 11 --years 1 30 --text-kb 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import NOW, build_history

from punchin.store import KNOWN_MIGRATIONS, Journal
from punchin.store.backups import Soundness, automatic_path, check, make_automatic, rotate
from punchin.store.swap import replace_journal

PASSPHRASE = "correct horse battery staple"
WORDS = "Wrote the chapter, then rewrote it after my advisor's notes; 写作和修改。 "


def add_text(path: Path, kilobytes: int) -> None:
    """A long answer for every week of the journal, as a person writes them."""
    text = (WORDS * (kilobytes * 1024 // len(WORDS.encode()) + 1))[: kilobytes * 1024]
    with Journal.open(path, lambda: NOW) as journal, journal.transaction():
        for entry in journal.entries(kind="week"):
            journal.save_answer(entry.id, "done_detail", f"{entry.period}: {text}")


def steady_state(folder: Path, stem: str, journal_id: str | None, years: int) -> None:
    """The backups folder as 30 years of weekly reviews leave it: tiny placeholder files
    under the automatic backups' names, trimmed by the rotation."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    moment = NOW.replace(tzinfo=None) - timedelta(weeks=52 * years)
    while moment < NOW.replace(tzinfo=None) - timedelta(days=7):
        automatic_path(folder, stem, moment, journal_id).write_bytes(b"")
        moment += timedelta(weeks=1)
    rotate(folder, stem, journal_id, NOW)


def time_backup(path: Path, key: str | None, runs: int) -> dict[str, float]:
    """Median seconds of the automatic backup and of its parts, in process."""
    folder = path.parent / f"backups-{path.stem}"
    samples: dict[str, list[float]] = {"backup": [], "check": [], "rotate": [], "total": []}
    with Journal.open(path, lambda: NOW, passphrase=lambda: PASSPHRASE) as journal:
        steady_state(folder, path.stem, journal.meta("journal_id"), 30)
        for run in range(runs):
            now = NOW + timedelta(weeks=run + 1)
            start = time.perf_counter()
            made, _ = make_automatic(journal, folder, now, KNOWN_MIGRATIONS)
            samples["total"].append(time.perf_counter() - start)
            made.unlink()
            target = automatic_path(folder, path.stem, now.replace(tzinfo=None), None)
            start = time.perf_counter()
            journal.backup_to(target)
            samples["backup"].append(time.perf_counter() - start)
            start = time.perf_counter()
            assert check(target, key, KNOWN_MIGRATIONS) is Soundness.SOUND
            samples["check"].append(time.perf_counter() - start)
            target.unlink()
            start = time.perf_counter()
            rotate(folder, path.stem, journal.meta("journal_id"), now)
            samples["rotate"].append(time.perf_counter() - start)
    return {part: statistics.median(values) for part, values in samples.items()}


def punchin(home: Path, *args: str, stdin: str | None = None) -> float:
    """Wall seconds of one punchin command, run as a person runs it."""
    env = {**os.environ, "PUNCHIN_HOME": str(home), "PUNCHIN_NOW": "2026-11-30T21:00:00+00:00"}
    env["PUNCHIN_PASSPHRASE"] = PASSPHRASE
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "punchin", *args],
        input=stdin,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start


def time_review(journal: Path, runs: int, backups: bool) -> float:
    """Median wall time of a scripted check-in (amended, so that it can run again)."""
    home = journal.parent / f"home-{journal.stem}-{backups}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(mode=0o700)
    shutil.copyfile(journal, home / "journal.db")
    os.chmod(home / "journal.db", 0o600)
    (home / "settings.toml").write_text(f"backups = {str(backups).lower()}\n", encoding="utf-8")
    env = {**os.environ, "PUNCHIN_HOME": str(home), "PUNCHIN_NOW": "2026-11-30T21:00:00+00:00"}
    env["PUNCHIN_PASSPHRASE"] = PASSPHRASE
    week = "2026-W47"
    template = subprocess.run(
        [sys.executable, "-m", "punchin", "week", "--on", week, "--amend", "--answers-template"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    answers = json.loads(template)
    answers.update(accomplished="Wrote and ran", mentor="Keep going")
    for goal in answers.get("goals", {}).values():
        goal["status"] = "done"
    for commitment in answers.get("commitments", {}).values():
        commitment["kept"] = "yes"
    document = json.dumps(answers)
    args = ("week", "--on", week, "--amend", "--answers", "-")
    return statistics.median(punchin(home, *args, stdin=document) for _ in range(runs))


def time_list(journal: Path, key: str | None) -> tuple[int, float]:
    """Wall time of `punchin backup --list` over the steady state, every copy a real one."""
    home = journal.parent / f"list-{journal.stem}"
    shutil.rmtree(home, ignore_errors=True)
    (home / "backups").mkdir(parents=True, mode=0o700)
    shutil.copyfile(journal, home / "journal.db")
    with Journal.open(home / "journal.db", lambda: NOW, passphrase=lambda: PASSPHRASE) as opened:
        ident = opened.meta("journal_id")
        first, _ = make_automatic(opened, home / "backups", NOW, KNOWN_MIGRATIONS)
    steady_state(home / "backups", "journal", ident, 30)
    count = 0
    for placeholder in sorted((home / "backups").iterdir()):
        if placeholder != first:
            placeholder.unlink()
            os.link(first, placeholder)  # a real copy to check, without the disk space
            count += 1
    return count + 1, punchin(home, "backup", "--list")


def encrypted_copy(path: Path) -> Path | None:
    """The same journal, encrypted; None when SQLCipher is not installed."""
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return None
    target = path.with_name(f"{path.stem}-encrypted.db")
    shutil.copyfile(path, target)
    replace_journal(target, target, None, PASSPHRASE)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, nargs="+", default=[1, 30])
    parser.add_argument("--text-kb", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print(f"automatic backup, in process, median of {args.runs} runs (ms)")
        print(
            f"{'history':>8} {'kind':>9} {'size MB':>8} {'backup':>7} {'check':>7} "
            f"{'rotate':>7} {'total':>7}"
        )
        longest: dict[str, Path] = {}
        for years in args.years:
            plain = folder / f"{years}y.db"
            build_history(plain, years)
            add_text(plain, args.text_kb)
            kinds = {"plain": (plain, None)}
            encrypted = encrypted_copy(plain)
            if encrypted is not None:
                kinds["encrypted"] = (encrypted, PASSPHRASE)
            for kind, (path, key) in kinds.items():
                parts = time_backup(path, key, args.runs)
                size = path.stat().st_size / (1024 * 1024)
                print(
                    f"{years:>7}y {kind:>9} {size:>8.1f} "
                    + " ".join(f"{parts[p] * 1000:>7.1f}" for p in ("backup", "check", "rotate"))
                    + f" {parts['total'] * 1000:>7.1f}"
                )
                longest[kind] = path
        print(f"\na scripted weekly check-in of the {max(args.years)}-year journal, wall time (ms)")
        print(f"{'kind':>9} {'no backup':>10} {'backup':>8} {'added':>7} {'list':>7} {'copies':>7}")
        worst = 0.0
        for kind, path in longest.items():
            without = time_review(path, args.runs, False)
            with_backup = time_review(path, args.runs, True)
            copies, listing = time_list(path, PASSPHRASE if kind == "encrypted" else None)
            worst = max(worst, with_backup - without)
            print(
                f"{kind:>9} {without * 1000:>10.0f} {with_backup * 1000:>8.0f} "
                f"{(with_backup - without) * 1000:>7.0f} {listing * 1000:>7.0f} {copies:>7}"
            )
        verdict = "meets" if worst < 1.0 else "misses"
        print(f"target: the backup adds under 1 s to a review: {verdict} ({worst * 1000:.0f} ms)")


if __name__ == "__main__":
    started = datetime.now()
    main()
    print(f"({(datetime.now() - started).total_seconds():.0f} s)")
