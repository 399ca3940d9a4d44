"""The installed console script, run as a user runs it: a real process, a real Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("punchin")


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    return dict(os.environ)


def punchin(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_console_script_and_python_m_work(env: dict[str, str]) -> None:
    assert SCRIPT.exists(), "install the package (pip install '.[test]') before testing"
    version = punchin(env, "--version")
    assert version.returncode == 0 and "punchin, version" in version.stdout
    module = subprocess.run(
        [sys.executable, "-m", "punchin", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert module.returncode == 0 and "week" in module.stdout


def test_a_whole_check_in_from_a_script_answers_file(env: dict[str, str], home: Path) -> None:
    template = punchin(env, "week", "--answers-template")
    assert template.returncode == 0, template.stderr  # the question sets were found
    answers = '{"accomplished": "Piped in", "mentor": "Fine"}'
    done = punchin(env, "week", "--answers", "-", stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "Piped in" in punchin(env, "show", "2026-W47").stdout
    journal = home / "journal.db"
    assert journal.stat().st_mode & 0o777 == 0o600
    assert home.stat().st_mode & 0o777 == 0o700


def test_ctrl_c_in_a_real_terminal_session_keeps_the_answers(env: dict[str, str]) -> None:
    punchin(env, "goal", "add", "Write chapter 2", "--on", "2026-W47")
    process = subprocess.Popen(
        [str(SCRIPT), "week"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    seen: list[str] = []
    reader = threading.Thread(
        target=lambda: seen.extend(iter(process.stdout.readline, "")), daemon=True
    )
    reader.start()
    process.stdin.write("Wrote the outline\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while not any("How did it end?" in line for line in seen):
        assert time.monotonic() < deadline, "the second question never came"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    reader.join(timeout=30)  # the reader owns stdout until the process has closed it
    assert process.stderr is not None
    stderr = process.stderr.read()
    assert process.returncode == 130
    assert "1 answer for 2026-W47 is saved" in stderr
    assert "Traceback" not in stderr
    assert "Wrote the outline" in punchin(env, "show", "2026-W47").stdout
