"""Real punchin processes for fault tests, and the test points that hold them at a known step
(`punchin.testpoints`), so that no verdict depends on how fast this machine is."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("punchin")
PATIENCE = 60.0  # seconds before a test gives up waiting for a process to reach a point


class Points:
    """The folder where processes mark the test points they reach."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def env(self, base: dict[str, str], hold: str = "") -> dict[str, str]:
        """An environment whose processes mark every point, and stop at `hold`."""
        return dict(base, PUNCHIN_TESTPOINTS=str(self.folder), PUNCHIN_TESTPOINT_WAIT=hold)

    def reached(self, name: str, pid: int | None = None) -> bool:
        pattern = f"{name}.{pid}.reached" if pid else f"{name}.*.reached"
        return any(self.folder.glob(pattern))

    def wait(self, name: str, process: subprocess.Popen[bytes] | None = None) -> None:
        """Until `process` (or any process) has reached `name`."""
        deadline = time.monotonic() + PATIENCE
        pid = process.pid if process else None
        while not self.reached(name, pid):
            if process is not None and process.poll() is not None:
                out, err = process.communicate()
                raise AssertionError(f"ended before {name}: {out!r} {err!r}")
            assert time.monotonic() < deadline, f"{name} never reached"
            time.sleep(0.005)

    def visits(self, name: str, process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> int:
        mark = self.folder / f"{name}.{process.pid}.reached"
        return mark.stat().st_size if mark.exists() else 0

    def wait_visits(
        self, name: str, process: subprocess.Popen[bytes] | subprocess.Popen[str], count: int
    ) -> None:
        """Until `process` has passed `name` at least `count` times in all."""
        deadline = time.monotonic() + PATIENCE
        while self.visits(name, process) < count:
            assert process.poll() is None, f"ended before {name} x{count}"
            assert time.monotonic() < deadline, f"{name} not reached {count} times"
            time.sleep(0.01)

    def release(self, name: str) -> None:
        (self.folder / f"{name}.go").touch()


def start(env: dict[str, str], *args: str, stdin: bytes | None = None) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(SCRIPT), *args],
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if stdin is not None:
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
    return process


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=PATIENCE)
    return process.returncode, out.decode(), err.decode()


def kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=PATIENCE)


class Session:
    """`punchin week` in a real process, answered one prompt at a time."""

    def __init__(self, env: dict[str, str], week: str) -> None:
        self.process = subprocess.Popen(
            [str(SCRIPT), "week", "--on", week],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.output = b""
        self.errors = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.error_reader = threading.Thread(target=self._read_errors, daemon=True)
        self.error_reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := os.read(self.process.stdout.fileno(), 4096):
            self.output += chunk

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        while chunk := os.read(self.process.stderr.fileno(), 4096):
            self.errors += chunk

    def prompts(self) -> int:
        return self.output.count(b"\n> ") + self.output.startswith(b"> ")

    def wait_for_prompt(self, count: int) -> None:
        deadline = time.monotonic() + PATIENCE
        while self.prompts() < count:
            assert self.process.poll() is None, (self.output + self.errors).decode()
            assert time.monotonic() < deadline, "no prompt came"
            time.sleep(0.005)

    def answer(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode() + b"\n")
        self.process.stdin.flush()

    def end(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.close()
        code = self.process.wait(timeout=PATIENCE)
        self.reader.join(timeout=PATIENCE)
        self.error_reader.join(timeout=PATIENCE)
        return code


class Daemon:
    """`punchin remind run` with its log read as it comes."""

    def __init__(self, env: dict[str, str], heartbeat: float = 0.2) -> None:
        self.process = subprocess.Popen(
            [str(SCRIPT), "remind", "run", "--heartbeat", str(heartbeat)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log += line

    def wait_for(self, text: str, count: int = 1) -> None:
        deadline = time.monotonic() + PATIENCE
        while self.log.count(text) < count:
            assert self.process.poll() is None, self.log
            assert time.monotonic() < deadline, f"never logged {text!r}:\n{self.log}"
            time.sleep(0.01)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=PATIENCE)
        self.reader.join(timeout=PATIENCE)
        return code


def integrity(journal: Path) -> str:
    with sqlite3.connect(journal) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def files_holding(folder: Path, secret: bytes) -> list[Path]:
    """Every file under `folder` whose bytes contain `secret`."""
    return [path for path in folder.rglob("*") if path.is_file() and secret in path.read_bytes()]


def fake_notifier(folder: Path) -> Path:
    """A fake notify-send in `folder/bin`, recording each call's arguments as a JSON line
    in `folder/calls.jsonl` (returned)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    calls = folder / "calls.jsonl"
    fake = bin_dir / "notify-send"
    fake.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(calls)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
    )
    fake.chmod(0o755)
    return calls
