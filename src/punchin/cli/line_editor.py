"""Writing an answer at a real terminal: line editing, several lines, earlier answers on ↑,
choices picked with the arrow keys, and the time box ticking at the foot of the terminal.

The only module that imports prompt_toolkit (the library under IPython and pgcli), and it is
imported only when a review or `punchin init` asks a person at a terminal; every other
command starts without it. Keys: ←/→, Home/End, Alt-←/→ by word, Ctrl-W/Alt-D delete a word,
Ctrl-U/Ctrl-K to the start/end, ↑/↓ earlier answers to the same question; in a long answer
Alt-Enter (or Esc, then Enter) starts a new line and Enter saves; a paste keeps its lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from punchin.reports.wrapping import display_width, wrap

if TYPE_CHECKING:
    from punchin.prompts import PromptSet

# (seconds spent so far, seconds in the box): the review's clock, read at every tick
TimeSpent = Callable[[], tuple[float, int]]
PROMPT = "> "

STYLE = Style.from_dict(
    {
        "bottom-toolbar": "noreverse",
        "timebox": "fg:ansicyan",
        "timebox.soon": "fg:ansiyellow",
        "timebox.over": "fg:ansimagenta",
        "keys": "fg:ansibrightblack",
        "refusal": "fg:ansiyellow",
        "choice": "",
        "choice.current": "reverse",
        "prompt": "bold",
        "continuation": "fg:ansibrightblack",
    }
)


class LineEditor:
    """One person writing answers: a fresh prompt for each question, all sharing the
    review's clock and the interface's words. `earlier(key)` gives the earlier answers to
    the question stored at `key`, newest first."""

    def __init__(
        self,
        ui: PromptSet,
        *,
        earlier: Callable[[str], list[str]] | None = None,
        input: Input | None = None,
        output: Output | None = None,
    ) -> None:
        self.ui = ui
        self.earlier = earlier or (lambda key: [])
        self.input = input
        self.output = output
        self.spent: TimeSpent | None = None
        self.pasted: list[str] = []  # lines pasted beyond the first into a list's answer
        self._refusal: str | None = None

    def keep_time(self, spent: TimeSpent) -> None:
        self.spent = spent

    # -- text ----------------------------------------------------------------------------------

    def text(
        self,
        key: str,
        *,
        long: bool,
        default: str,
        check: Callable[[str], str | None],
        listed: bool = False,
    ) -> str:
        """A written answer, pre-filled with `default`. `check` returns why an answer is
        refused (None: it is fine); a refused answer stays to be corrected, the reason just
        above it. In a list (`listed`: one item an answer), a paste of several lines gives
        its first line here and keeps the others in `pasted` for the next items."""
        earlier = [
            text for text in dict.fromkeys(self.earlier(key)) if text.strip() and text != default
        ]
        hints = [self.ui.text("ui.keys_long" if long else "ui.keys_short")]
        if earlier:
            hints.append(self.ui.text("ui.keys_earlier", count=len(earlier)))
        self.pasted = []
        session: PromptSession[str] = PromptSession(input=self.input, output=self.output)
        bindings = self._answer_keys(session.default_buffer, long, listed, earlier, check)
        keys = " · ".join(hints)
        return self._run(session, self._prompt, bindings, keys, long, default)

    # -- choices -------------------------------------------------------------------------------

    def choose(
        self,
        choices: tuple[tuple[str, str], ...],
        *,
        default: str | None,
        read: Callable[[str], str | None],
        check: Callable[[str], str | None],
        marked: str = "ui.choice_default",
    ) -> str:
        """One of `choices`, by ↑/↓ and Enter or by typing a number or the start of a word.
        The default (if any) is marked (`marked` says why: suggested, or your answer) and
        picked before anything is typed; what is typed moves the mark to the option it
        names, or takes it away while it names none."""
        keys = [key for key, _ in choices]
        picked: list[int | None] = [keys.index(default) if default in keys else None]
        session: PromptSession[str] = PromptSession(input=self.input, output=self.output)
        buffer = session.default_buffer

        def current() -> int | None:
            typed = buffer.text
            if not typed.strip():
                return picked[0]
            found = read(typed)
            return keys.index(found) if found in keys else None

        def options() -> StyleAndTextTuples:
            width = _columns()
            shown: StyleAndTextTuples = []
            now = current()
            for number, (key, label) in enumerate(choices, 1):
                here = number - 1 == now
                lead = f"  {'❯' if here else ' '} {number}) "
                text = label + ("  " + self.ui.text(marked) if key == default else "")
                lines = wrap(" " * display_width(lead) + text, width).split("\n")
                lines[0] = lead + lines[0][display_width(lead) :]
                style = "class:choice.current" if here else "class:choice"
                shown += [(style, "\n".join(lines)), ("", "\n")]
            return [*shown, *self._prompt()]

        bindings = KeyBindings()

        def move(event: KeyPressEvent, step: int) -> None:
            now = current()
            if now is None:
                picked[0] = 0 if step > 0 else len(keys) - 1
            else:
                picked[0] = min(len(keys) - 1, max(0, now + step))
            event.current_buffer.text = ""

        bindings.add("up")(lambda event: move(event, -1))
        bindings.add("down")(lambda event: move(event, +1))

        @bindings.add("enter")
        @bindings.add("c-j")
        def _pick(event: KeyPressEvent) -> None:
            if not buffer.text.strip() and picked[0] is not None:
                buffer.text = str(picked[0] + 1)  # what was picked stays on the screen
            self._save_or_refuse(buffer, check)

        self._clear_refusal_on_change(buffer)
        return self._run(session, options, bindings, self.ui.text("ui.keys_choice"), False, "")

    # -- what both share -----------------------------------------------------------------------

    def _run(
        self,
        session: PromptSession[str],
        message: StyleAndTextTuples | Callable[[], StyleAndTextTuples],
        bindings: KeyBindings,
        keys: str,
        long: bool,
        default: str,
    ) -> str:
        self._refusal = None
        return session.prompt(
            message,
            default=default,
            multiline=long,
            prompt_continuation=lambda width, line, soft: [("class:continuation", "  ")],
            key_bindings=bindings,
            bottom_toolbar=lambda: self._toolbar(keys),
            refresh_interval=1.0 if self.spent else None,
            style=STYLE,
            reserve_space_for_menu=0,  # nothing pops up below the answer
        )

    def _prompt(self) -> StyleAndTextTuples:
        """The input's own line, and just above it why the answer was refused, if it was."""
        refused: StyleAndTextTuples = []
        if self._refusal:
            refused = [("class:refusal", wrap(self._refusal, _columns())), ("", "\n")]
        return [*refused, ("class:prompt", PROMPT)]

    def _save_or_refuse(self, buffer: Buffer, check: Callable[[str], str | None]) -> None:
        """Enter: the answer goes if it reads; else the reason shows above, the text stays."""
        self._refusal = check(buffer.text)
        if self._refusal is None:
            buffer.validate_and_handle()

    def _clear_refusal_on_change(self, buffer: Buffer) -> None:
        def cleared(_: Buffer) -> None:
            self._refusal = None

        buffer.on_text_changed += cleared

    def _answer_keys(
        self,
        buffer: Buffer,
        long: bool,
        listed: bool,
        earlier: list[str],
        check: Callable[[str], str | None],
    ) -> KeyBindings:
        """Enter saves. In a long answer Alt-Enter, or Esc and then Enter however long after,
        starts a new line, and a paste keeps its lines; in a short one a paste becomes one
        line (in a list, its first line, the others kept for the next items). ↑ on the
        first screen row brings the earlier answers, newest first, ↓ on the last goes back;
        an earlier answer changed and left keeps its changes until the answer is saved."""
        bindings = KeyBindings()
        browsing = _Browsing(earlier)
        escaped = [False]  # Esc pressed alone: the next Enter starts a new line

        def cleared(_: Buffer) -> None:
            escaped[0] = False
            self._refusal = None

        buffer.on_text_changed += cleared

        @bindings.add("enter")
        @bindings.add("c-j")
        def _save(event: KeyPressEvent) -> None:
            if long and escaped[0]:
                escaped[0] = False
                event.current_buffer.newline(copy_margin=False)
                return
            self._save_or_refuse(event.current_buffer, check)

        @bindings.add("escape", "enter")
        def _new_line(event: KeyPressEvent) -> None:
            if long:
                event.current_buffer.newline(copy_margin=False)

        @bindings.add("escape", filter=Condition(lambda: long))
        def _escape(event: KeyPressEvent) -> None:
            escaped[0] = True

        @bindings.add(Keys.BracketedPaste)
        def _paste(event: KeyPressEvent) -> None:
            text = event.data.replace("\r\n", "\n").replace("\r", "\n")
            lines = [line.strip() for line in text.split("\n") if line.strip()]
            if long:
                event.current_buffer.insert_text(text)
            elif listed and len(lines) > 1:
                event.current_buffer.insert_text(lines[0])
                self.pasted = lines[1:]
            else:
                event.current_buffer.insert_text(" ".join(lines))

        @bindings.add("up")
        def _up(event: KeyPressEvent) -> None:
            document = event.current_buffer.document
            if _visual_row(document) > 0:
                _move_visually(event.current_buffer, -1)
            elif browsing.at + 1 < len(earlier):
                browsing.show(event.current_buffer, browsing.at + 1)

        @bindings.add("down")
        def _down(event: KeyPressEvent) -> None:
            document = event.current_buffer.document
            if _visual_row(document) < _visual_rows(document) - 1:
                _move_visually(event.current_buffer, +1)
            elif browsing.at >= 0:
                browsing.show(event.current_buffer, browsing.at - 1)

        return bindings

    # -- the lines below -----------------------------------------------------------------------

    def _toolbar(self, keys: str) -> StyleAndTextTuples:
        """The line at the foot of the terminal: the time box as it stands this second and
        the keys that matter here, on one line where they fit, each wrapped where not."""
        width = _columns()
        parts: StyleAndTextTuples = []
        if self.spent is None:
            return [*parts, ("class:keys", wrap(keys, width))]
        style, box = self.timebox()
        if display_width(box) + 3 + display_width(keys) <= width:
            return [*parts, (style, box), ("", "   "), ("class:keys", keys)]
        return [*parts, (style, wrap(box, width)), ("", "\n"), ("class:keys", wrap(keys, width))]

    def timebox(self) -> tuple[str, str]:
        """The style and words of the time box now: time in and left; a gentle note near
        the end (five minutes of a 30-minute box; a sixth of a shorter one); past the box,
        how far past, without nagging."""
        assert self.spent is not None
        seconds, box = self.spent()
        whole = max(0, int(seconds))
        if whole > box:
            past = {"over": _clock(whole - box), "minutes": box // 60}
            return "class:timebox.over", self.ui.text(
                "ui.timebox_over", elapsed=_clock(whole), **past
            )
        values = {"elapsed": _clock(whole), "left": _clock(box - whole)}
        if box - whole <= min(5 * 60, box // 6):
            return "class:timebox.soon", self.ui.text("ui.timebox_soon", **values)
        return "class:timebox", self.ui.text("ui.timebox_live", **values)


class _Browsing:
    """Where ↑/↓ stand among the earlier answers: -1 is what is being written. Each text
    shown keeps the changes made to it while it was shown."""

    def __init__(self, earlier: list[str]) -> None:
        self.at = -1
        self.texts = {-1: "", **dict(enumerate(earlier))}

    def show(self, buffer: Buffer, at: int) -> None:
        self.texts[self.at] = buffer.text
        self.at = at
        text = self.texts[at]
        buffer.document = Document(text, len(text))


def _columns() -> int:
    return max(20, get_app().output.get_size().columns)


def _room() -> int:
    """Columns for an answer's text: the terminal less the prompt (or its continuation)."""
    return max(1, _columns() - display_width(PROMPT))


def _visual_row(document: Document) -> int:
    """The screen row of the cursor within the answer, its lines wrapped to the terminal."""
    rows = 0
    for line in document.lines[: document.cursor_position_row]:
        rows += _rows_of(line)
    before = document.current_line_before_cursor
    return rows + display_width(before) // _room()


def _visual_rows(document: Document) -> int:
    return sum(_rows_of(line) for line in document.lines)


def _rows_of(line: str) -> int:
    return max(1, -(-display_width(line) // _room()))


def _move_visually(buffer: Buffer, step: int) -> None:
    """↑/↓ by one screen row inside a wrapped line; between lines as the editor does."""
    document = buffer.document
    room = _room()
    column = display_width(document.current_line_before_cursor)
    target = column + step * room
    line = document.current_line
    if 0 <= target <= display_width(line) and (column // room) != (target // room):
        buffer.cursor_position += _index_at(line, target) - len(document.current_line_before_cursor)
    elif step < 0:
        buffer.cursor_up()
    else:
        buffer.cursor_down()


def _index_at(line: str, columns: int) -> int:
    """The index in `line` of the character at display column `columns`."""
    width = 0
    for index, char in enumerate(line):
        if width >= columns:
            return index
        width += display_width(char)
    return len(line)


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
