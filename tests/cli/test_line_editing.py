"""Writing at a real terminal: keys typed into the line editor (prompt_toolkit's own pipe
input, the screen thrown away) land in the journal exactly as a person corrected them; and
`punchin week` in a real pseudo-terminal, and through a pipe, as a person and a script run it.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import threading
import time
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyte
import pytest
from processes import PATIENCE, SCRIPT
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from punchin import prompts
from punchin.cli.line_editor import LineEditor
from punchin.cli.terminal import TerminalAsker, at_terminal
from punchin.models import GoalStatus
from punchin.periods import Period, parse_period_label
from punchin.reviews.asking import Question, question_family
from punchin.reviews.weekly import WeeklyCheckIn
from punchin.store import Journal

LEFT, RIGHT, UP, DOWN, END = "\x1b[D", "\x1b[C", "\x1b[A", "\x1b[B", "\x1b[F"
BACKSPACE, ENTER, NEW_LINE, CTRL_C = "\x7f", "\r", "\x1b\r", "\x03"
NOW = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    opened = Journal.open(tmp_path / "journal.db", lambda: NOW)
    yield opened
    opened.close()


def week(label: str = "2026-W47") -> Period:
    found = parse_period_label(label)
    assert found is not None
    return found


def check_in(journal: Journal, keys: PipeInput, typed: str, *, resume: bool = True) -> None:
    """The weekly check-in of 2026-W47, typed key by key into the line editor."""
    ui = prompts.load("ui", "en")
    earlier = _earlier(journal)
    editor = LineEditor(ui, earlier=earlier, input=keys, output=DummyOutput())
    keys.send_text(typed)
    asker = TerminalAsker(ui, line_editor=editor)
    week_set, diagnosis = prompts.load("week", "en"), prompts.load("diagnosis", "en")
    WeeklyCheckIn(journal, week_set, diagnosis, asker, week(), resume=resume).conclude()


def _earlier(journal: Journal) -> object:
    def earlier(key: str) -> list[str]:
        family = question_family(key)
        found = [v for k, v in journal.answers_of_kind("week") if question_family(k) == family]
        return list(dict.fromkeys(found))

    return earlier


def answers(journal: Journal, label: str = "2026-W47") -> dict[str, str]:
    entry = journal.entry("week", label)
    assert entry is not None
    return journal.answers(entry.id)


def test_answers_are_stored_exactly_as_corrected(journal: Journal, keys: PipeInput) -> None:
    goal = journal.add_goal("Write the design doc", week())
    check_in(
        journal,
        keys,
        # "the the": ten steps back, four deletions, then to the end and a second line
        "Shipped the the spike" + LEFT * 10 + BACKSPACE * 4 + END
        + NEW_LINE + "Also wrote notes" + ENTER
        + DOWN + ENTER  # the goal: done, picked with the arrow keys
        + "这周很好" + LEFT * 2 + "过得" + ENTER  # Chinese, edited in the middle
        + ENTER  # no goal for next week
        + "ok" + ENTER,
    )  # fmt: skip
    saved = answers(journal)
    assert saved["accomplished"] == "Shipped the spike\nAlso wrote notes"
    assert saved[f"goals.{goal.id}.status"] == "done"
    assert saved["mentor"] == "这周过得很好"
    assert saved["closing"] == "ok"
    entry = journal.entry("week", "2026-W47")
    assert entry is not None and entry.status.value == "done"


def test_a_choice_by_arrows_a_refused_score_fixed_in_place(
    journal: Journal, keys: PipeInput
) -> None:
    goal = journal.add_goal("Run three times", week())
    with pytest.raises(KeyboardInterrupt):  # stopped once the diagnosis has begun
        check_in(
            journal,
            keys,
            "Ran once" + ENTER
            + DOWN + DOWN + ENTER  # partly done
            + "3" + ENTER + BACKSPACE + "30%" + ENTER  # 3 is refused, then fixed where it stood
            + DOWN + ENTER  # the time went in: yes, all of it
            + CTRL_C,
        )  # fmt: skip
    saved = answers(journal)
    assert saved[f"goals.{goal.id}.status"] == "partly"
    assert saved[f"goals.{goal.id}.progress"] == "30%"
    assert saved[f"goals.{goal.id}.planned_time"] == "yes"


def test_ctrl_c_mid_answer_keeps_what_was_saved_and_not_the_half_answer(
    journal: Journal, keys: PipeInput
) -> None:
    journal.add_goal("Write the design doc", week())
    with pytest.raises(KeyboardInterrupt):
        check_in(journal, keys, "Shipped it" + ENTER + "1" + ENTER + "half a tho" + CTRL_C)
    assert answers(journal) == {
        "accomplished": "Shipped it",
        **{k: v for k, v in answers(journal).items() if k.endswith(".status")},
    }
    assert "mentor" not in answers(journal)
    # the next run picks up at the mentor's view
    check_in(journal, keys, "Strict but fair" + ENTER + ENTER + ENTER)
    saved = answers(journal)
    assert saved["accomplished"] == "Shipped it" and saved["mentor"] == "Strict but fair"


def test_ctrl_d_on_an_empty_answer_stops_like_ctrl_c(journal: Journal, keys: PipeInput) -> None:
    with pytest.raises(EOFError):
        check_in(journal, keys, "\x04")
    assert answers(journal) == {}


def test_up_brings_back_last_weeks_answer_to_the_same_question(
    journal: Journal, keys: PipeInput
) -> None:
    earlier = journal.start_entry("week", week("2026-W46"), "en")
    journal.save_answer(earlier.id, "mentor", "Stop polishing; ship on Thursday")
    journal.save_answer(earlier.id, "next.0.title", "Run three times")
    check_in(
        journal,
        keys,
        "Shipped" + ENTER
        + UP + ENTER  # the mentor's view: last week's, taken again
        + UP + ENTER + ENTER  # a goal for next week: last week's title again, then none
        + ENTER,
    )  # fmt: skip
    saved = answers(journal)
    assert saved["mentor"] == "Stop polishing; ship on Thursday"
    assert [g.title for g in journal.period_goals(week("2026-W48"))] == ["Run three times"]


def test_a_paste_keeps_its_lines_in_a_long_answer_and_not_in_a_short_one(
    keys: PipeInput,
) -> None:
    editor = LineEditor(prompts.load("ui", "en"), input=keys, output=DummyOutput())
    paste = "\x1b[200~first line\r\nsecond line\x1b[201~"
    keys.send_text(paste + ENTER + paste + ENTER)
    fine = lambda raw: None  # noqa: E731
    assert editor.text("mentor", long=True, default="", check=fine) == "first line\nsecond line"
    assert editor.text("next.0.title", long=False, default="", check=fine) == (
        "first line second line"
    )


@pytest.mark.parametrize(
    ("spent", "style", "words"),
    [
        (0, "class:timebox", "0:00 in · 30:00 left"),
        (12 * 60 + 4, "class:timebox", "12:04 in · 17:56 left"),
        (25 * 60, "class:timebox.soon", "25:00 in · 5:00 left: a good moment to start wrapping up"),
        (35 * 60 + 30, "class:timebox.over", "35:30 in · 5:30 past your 30 minutes"),
    ],
)
def test_the_time_box_below_the_answer(spent: int, style: str, words: str) -> None:
    editor = LineEditor(prompts.load("ui", "en"))
    editor.keep_time(lambda: (float(spent), 30 * 60))
    assert editor.timebox() == (style, words)
    toolbar = "".join(text for _, text in editor._toolbar("Enter saves"))
    assert toolbar == f"{words}   Enter saves"


def test_the_time_box_and_keys_speak_chinese() -> None:
    editor = LineEditor(prompts.load("ui", "zh"))
    editor.keep_time(lambda: (26 * 60.0, 30 * 60))
    assert editor.timebox()[1] == "已用 26:00 · 还剩 4:00：可以开始收尾了"
    assert prompts.load("ui", "zh").text("ui.keys_long") == "回车保存 · Alt-回车：换行"


def test_plain_lines_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not at_terminal()  # pytest's standard input is not a terminal
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "dumb")
    assert not at_terminal()


# -- the installed command, in a real pseudo-terminal and through a pipe -----------------------


class Terminal:
    """`punchin ARGS` in a pseudo-terminal, its screen kept by a terminal emulator (pyte), so
    that a test reads what a person would see; it answers the cursor-position questions a
    terminal answers."""

    def __init__(self, env: dict[str, str], *args: str, columns: int = 100) -> None:
        self.leader, follower = pty.openpty()
        size = struct.pack("HHHH", 30, columns, 0, 0)  # rows, columns: what the program sees
        fcntl.ioctl(follower, termios.TIOCSWINSZ, size)
        env = dict(env, COLUMNS=str(columns))
        self.process = subprocess.Popen(
            [str(SCRIPT), *args],
            env=env,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            start_new_session=True,
        )
        os.close(follower)
        self.bytes = b""
        self.screen = pyte.Screen(columns, 30)
        self.stream = pyte.ByteStream(self.screen)

    def shown(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def read_until(self, wanted: str, times: int = 1) -> None:
        """Read the screen until `wanted` is on it (`times` times over)."""
        deadline = time.monotonic() + PATIENCE
        while self.shown().count(wanted) < times:
            assert time.monotonic() < deadline, f"never saw {wanted!r}:\n{self.shown()}"
            ready, _, _ = select.select([self.leader], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:  # the process ended and closed the terminal
                break
            self._take(chunk)
        assert self.shown().count(wanted) >= times, f"never saw {wanted!r}:\n{self.shown()}"

    def asked(self, question_end: str, times: int = 1) -> None:
        """Wait until the line editor has drawn its "> " under a question (`times` times on
        the screen): keys typed before that go to the terminal's own line discipline, as
        they would for a person."""
        self.read_until(question_end + "\n>", times)

    def mark(self) -> int:
        """Where the output stands now, for `drawn_since`."""
        return len(self.bytes)

    def drawn_since(self, mark: int, wanted: str) -> None:
        """Read until `wanted` is written after `mark`: drawn anew, not left on the screen."""
        deadline = time.monotonic() + PATIENCE
        while wanted.encode() not in self.bytes[mark:]:
            assert time.monotonic() < deadline, f"never drew {wanted!r}:\n{self.shown()}"
            ready, _, _ = select.select([self.leader], [], [], 0.1)
            if ready:
                try:
                    self._take(os.read(self.leader, 65536))
                except OSError:
                    break

    def _take(self, chunk: bytes) -> None:
        self.bytes += chunk
        self.stream.feed(chunk)
        if b"\x1b[6n" in chunk:  # where is the cursor? a real terminal answers
            cursor = self.screen.cursor
            os.write(self.leader, f"\x1b[{cursor.y + 1};{cursor.x + 1}R".encode())

    def type(self, text: str) -> None:
        for key in _keys(text):
            os.write(self.leader, key.encode())
            time.sleep(0.01)

    def close(self) -> int:
        """Wait for the end, reading the screen meanwhile (a full terminal would block it)."""
        deadline = time.monotonic() + PATIENCE
        try:
            while self.process.poll() is None and time.monotonic() < deadline:
                ready, _, _ = select.select([self.leader], [], [], 0.1)
                if ready:
                    try:
                        self._take(os.read(self.leader, 65536))
                    except OSError:
                        break
            code = self.process.wait(1)
        finally:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGKILL)
            os.close(self.leader)
        return code


def _keys(text: str) -> list[str]:
    """Split typed text into keys, an escape sequence being one key."""
    found, index = [], 0
    while index < len(text):
        size = 3 if text.startswith("\x1b[", index) else 1
        found.append(text[index : index + size])
        index += size
    return found


def _environment(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PUNCHIN_HOME": str(home),
        "PUNCHIN_NOW": "2026-11-23T21:00:00+00:00",
        "TERM": "xterm-256color",
        "LANG": "en_US.UTF-8",
        "COLUMNS": "100",
        "LINES": "30",
    }


def test_the_installed_check_in_edits_lines_in_a_real_terminal(home: Path) -> None:
    env = _environment(home)
    terminal = Terminal(env, "week")
    terminal.read_until("go on with 2026-W47")  # W46 was skipped: back-fill first, or go on
    terminal.type(DOWN + ENTER)
    terminal.read_until("Name results, not activity.")
    terminal.read_until("0:00 in · 30:00 left")  # the time box, below while one writes
    terminal.type("helo world" + LEFT * 7 + "l")
    terminal.read_until("> hello world")
    assert "^[[D" not in terminal.shown() and "[D" not in terminal.shown()
    terminal.type(ENTER)
    terminal.read_until("Now speak as your mentor")
    terminal.type("half a tho" + CTRL_C)
    terminal.read_until("Stopped. 1 answer for 2026-W47 is saved")
    assert terminal.close() == 130
    shown = subprocess.run(
        [str(SCRIPT), "show", "2026-W47", "--json"], env=env, capture_output=True, check=True
    )
    assert json.loads(shown.stdout)["answers"] == {"accomplished": "hello world"}


def test_a_skipped_week_is_offered_first_and_back_filled_with_one_key(home: Path) -> None:
    env = _environment(home)
    terminal = Terminal(env, "week")
    terminal.read_until("You have skipped 45 check-ins in a row, the last one 2026-W46.")
    terminal.read_until("❯ 1) back-fill 2026-W46 first")
    terminal.type(ENTER)  # the suggested answer: back-fill it
    terminal.read_until("Weekly check-in · 2026-W46")
    terminal.asked("Name results, not activity.")
    terminal.type("caught up" + ENTER)
    terminal.asked("Be as strict as they would be.")
    terminal.type("Do not skip" + ENTER)
    terminal.asked("Goal 1")
    terminal.type(ENTER)  # no goals for W47
    terminal.asked("One sentence to yourself for next Monday (optional):")
    terminal.type(ENTER)
    terminal.read_until("Check-in for 2026-W46 saved")
    terminal.read_until("1 week in a row with a finished check-in.")
    mark = terminal.mark()
    terminal.read_until("Weekly check-in · 2026-W47")  # then this week's, at once
    terminal.drawn_since(mark, "30:00 left")  # its line editor ready, the time box drawn
    terminal.type(CTRL_C)
    terminal.read_until("Stopped.")
    assert terminal.close() == 130
    shown = subprocess.run(
        [str(SCRIPT), "show", "2026-W46", "--json"], env=env, capture_output=True, check=True
    )
    assert json.loads(shown.stdout)["answers"]["accomplished"] == "caught up"


def test_the_same_check_in_through_a_pipe_reads_plain_lines(home: Path) -> None:
    env = _environment(home)
    done = subprocess.run(
        [str(SCRIPT), "week"],
        env=env,
        check=False,
        input=b"hello world\nStrict but fair\n\n\n",
        capture_output=True,
        timeout=PATIENCE,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert b"\x1b[" not in done.stdout  # no terminal codes where no terminal is
    shown = subprocess.run(
        [str(SCRIPT), "show", "2026-W47", "--json"], env=env, capture_output=True, check=True
    )
    saved = json.loads(shown.stdout)["answers"]
    assert saved["accomplished"] == "hello world" and saved["mentor"] == "Strict but fair"


# -- shell completion ---------------------------------------------------------------------------


def complete(env: dict[str, str], shell: str, *words: str) -> str:
    """What the shell is told when it asks punchin to complete `words` (the last one being
    typed), as click's completion script asks it."""
    asked = dict(
        env,
        _PUNCHIN_COMPLETE=f"{shell}_complete",
        COMP_WORDS=" ".join(["punchin", *words]),
        COMP_CWORD=str(len(words)),
    )
    done = subprocess.run([str(SCRIPT)], env=asked, capture_output=True, check=True, text=True)
    return done.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(home: Path, shell: str) -> None:
    done = subprocess.run(
        [str(SCRIPT), "completion", shell], env=_environment(home), capture_output=True, check=True
    )
    assert f"_PUNCHIN_COMPLETE={shell}_complete".encode() in done.stdout.replace(b'"', b"")


def test_completion_of_commands_goal_ids_and_periods(home: Path) -> None:
    env = _environment(home)
    with Journal.open(home / "journal.db", lambda: NOW) as journal:
        wanted = journal.add_goal("Write the design doc", week())
        finished = journal.add_goal("Already done", week())
        journal.update_goal(finished.id, status=GoalStatus.DONE)
    assert complete(env, "bash", "qu").split() == ["plain,quarter"]
    offered = complete(env, "zsh", "goal", "done", "").splitlines()
    assert offered == ["plain", wanted.short_id, "Write the design doc"]  # open goals, titled
    assert complete(env, "bash", "goal", "done", wanted.id[:3]).split() == [
        f"plain,{wanted.short_id}"
    ]
    weeks = [line.split(",")[1] for line in complete(env, "bash", "week", "--on", "").split()]
    assert weeks[:3] == ["2026-W48", "2026-W47", "2026-W46"]
    assert complete(env, "bash", "report", "quarter", "2026-q").split()[:2] == [
        "plain,2026-Q4",
        "plain,2026-Q3",
    ]


def test_completion_stays_quiet_when_the_journal_cannot_be_read(home: Path) -> None:
    env = dict(_environment(home), PUNCHIN_DB=str(home / "missing" / "journal.db"))
    assert complete(env, "bash", "goal", "done", "").strip() == ""
    assert not (home / "missing").exists()  # nothing created just to complete a word


def test_completion_never_asks_for_a_passphrase(home: Path) -> None:
    pytest.importorskip("sqlcipher3", reason="install the encryption extra")
    env = _environment(home)
    secret = dict(env, PUNCHIN_PASSPHRASE="correct horse battery staple")
    subprocess.run([str(SCRIPT), "goal", "add", "Hidden"], env=secret, check=True)
    subprocess.run([str(SCRIPT), "encrypt"], env=secret, check=True, capture_output=True)
    started = time.monotonic()
    assert complete(env, "bash", "goal", "done", "").strip() == ""  # no prompt, no wait
    assert time.monotonic() - started < PATIENCE
    assert "Hidden" in complete(secret, "zsh", "goal", "done", "")


# -- what the screen shows ----------------------------------------------------------------------


def painted(columns: int) -> tuple[io.StringIO, object]:
    """An output that paints into a string, `columns` wide, to be read with pyte."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    written = io.StringIO()
    output = Vt100_Output(written, lambda: Size(rows=24, columns=columns), term="xterm")
    return written, output


def screen_of(written: io.StringIO, columns: int) -> str:
    screen = pyte.Screen(columns, 24)
    pyte.Stream(screen).feed(written.getvalue())
    return "\n".join(line.rstrip() for line in screen.display)


def test_a_refused_answer_stays_with_its_reason_and_an_unclear_one_marks_nothing(
    keys: PipeInput,
) -> None:
    written, output = painted(60)
    editor = LineEditor(prompts.load("ui", "en"), input=keys, output=output)  # type: ignore[arg-type]
    choices = (("laziness", "laziness"), ("ability", "lack of ability"), ("other", "other"))
    keys.send_text("l" + ENTER + CTRL_C)  # "l" names two of them: Enter refuses it
    with pytest.raises(KeyboardInterrupt):
        editor.choose(
            choices,
            default="laziness",
            read={"la": "laziness", "lack": "ability"}.get,
            check=lambda typed: "write more of it: la or lack",
        )
    shown = screen_of(written, 60)
    assert "write more of it: la or lack\n> l" in shown  # the reason just above the answer
    assert "❯" not in shown  # nothing is marked while what is typed names none
    assert "laziness  (suggested)" in shown


def test_long_choices_wrap_under_their_own_text(keys: PipeInput) -> None:
    written, output = painted(40)
    editor = LineEditor(prompts.load("ui", "en"), input=keys, output=output)  # type: ignore[arg-type]
    label = "Get a study partner: in the library together every day, watching each other"
    keys.send_text(ENTER)
    editor.choose(
        (("partner", label), ("own", "Something else")),
        default="partner",
        read=lambda typed: {"1": "partner", "2": "own"}.get(typed.strip()),
        check=lambda typed: None,
    )
    lines = screen_of(written, 40).splitlines()
    start = next(i for i, line in enumerate(lines) if "1) Get a study" in line)
    assert lines[start] == "  ❯ 1) Get a study partner: in the"
    assert lines[start + 1].startswith("       library together")  # under the label
    joined = " ".join(" ".join(lines[start : start + 4]).split())
    assert label + " (suggested)" in joined  # every word of it on the screen


def test_amending_marks_your_own_answer_and_offers_no_empty_up(
    journal: Journal, keys: PipeInput
) -> None:
    written, output = painted(80)
    ui = prompts.load("ui", "en")
    editor = LineEditor(ui, earlier=lambda key: ["Keep going"], input=keys, output=output)  # type: ignore[arg-type]
    asker = TerminalAsker(ui, line_editor=editor)
    keys.send_text(ENTER + ENTER)
    status = asker.ask(
        Question(
            "goals.x.status",
            "How did it end?",
            choices=(("done", "done"), ("partly", "partly")),
            default="partly",
            answered=True,
        )
    )
    mentor = asker.ask(
        Question("mentor", "The mentor's view", long=True, default="Keep going", answered=True)
    )
    assert (status, mentor) == ("partly", "Keep going")
    shown = screen_of(written, 80)
    assert "partly  (your answer)" in shown and "(suggested)" not in shown
    assert "earlier answers" not in shown  # the only earlier answer is the one shown


def test_esc_then_enter_after_a_pause_starts_a_new_line(keys: PipeInput) -> None:
    editor = LineEditor(prompts.load("ui", "en"), input=keys, output=DummyOutput())
    keys.send_text("first\x1b")
    later = threading.Timer(1.5, lambda: keys.send_text(ENTER + "second" + ENTER))
    later.start()
    answer = editor.text("lesson", long=True, default="", check=lambda raw: None)
    later.join()
    assert answer == "first\nsecond"


def test_up_inside_a_wrapped_line_moves_the_cursor_not_to_last_week(keys: PipeInput) -> None:
    editor = LineEditor(
        prompts.load("ui", "en"),
        earlier=lambda key: ["last week's"],
        input=keys,
        output=DummyOutput(),
    )
    sentence = "word " * 30  # 150 columns: two rows of an 80-column terminal
    keys.send_text(sentence + UP + "X" + ENTER)
    answer = editor.text("mentor", long=True, default="", check=lambda raw: None)
    assert "last week's" not in answer
    assert answer.index("X") == len(sentence) - (80 - 2)  # one screen row up, same column


def test_a_pasted_list_of_goals_becomes_one_goal_a_line(journal: Journal, keys: PipeInput) -> None:
    paste = "\x1b[200~Draft chapter 2\nRun 3 times\nCall mom\x1b[201~"
    check_in(
        journal,
        keys,
        "Shipped" + ENTER + "Strict" + ENTER
        + paste + ENTER  # goal 1, and the next two lines wait in goals 2 and 3
        + ENTER + ENTER  # each taken with Enter
        + ENTER  # then the list ends
        + ENTER,
    )  # fmt: skip
    titles = [g.title for g in journal.period_goals(week("2026-W48"))]
    assert titles == ["Draft chapter 2", "Run 3 times", "Call mom"]


def test_a_narrow_terminal_shows_every_word_of_a_choice_and_the_keys(home: Path) -> None:
    terminal = Terminal(_environment(home), "paths", "--assess", columns=40)
    paths = tomllib.loads((prompts.shipped_dir() / "en" / "paths.toml").read_text("utf-8"))
    labels = [label for label in paths["questions"]["value"]["choices"].values()]
    terminal.read_until("3)")
    terminal.read_until("↑↓ then Enter")
    time.sleep(0.3)
    terminal.read_until("↑↓ then Enter")
    joined = " ".join(terminal.shown().split())
    for label in labels:
        assert " ".join(label.split()) in joined
    assert "or type its number" in joined  # the keys wrap too, never cut
    terminal.type(CTRL_C)
    terminal.read_until("Stopped")
    terminal.close()


def test_init_at_a_real_terminal(home: Path) -> None:
    terminal = Terminal(_environment(home), "init")
    terminal.read_until("1) English")
    terminal.type("z" + ENTER)  # the start of a name is enough
    terminal.read_until("> monday")  # the default, ready to be edited
    terminal.type("\x15" + "xyz" + ENTER)  # Ctrl-U, then a day that is none
    terminal.read_until("> xyz", times=2)  # refused, then offered again to be corrected
    terminal.type(CTRL_C)
    terminal.read_until("已停下；已经给出的内容都保存了。")  # in the language just chosen
    assert terminal.close() == 130
    assert "Aborted" not in terminal.shown()
