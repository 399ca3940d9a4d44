"""Writing an answer at a real terminal: line editing, several lines, earlier answers on ↑,
choices picked with the arrow keys, and the time box ticking below what one writes.

The only module that imports prompt_toolkit (the library under IPython and pgcli), and it is
imported only when a review or `punchin init` asks a person at a terminal; every other
command starts without it. Keys: ←/→, Home/End, Alt-←/→ by word, Ctrl-W/Alt-D delete a word,
Ctrl-U/Ctrl-K to the start/end, ↑/↓ earlier answers to the same question; in a long answer
Alt-Enter (or Esc, then Enter) starts a new line and Enter saves; a paste keeps its lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from prompt_toolkit import PromptSession
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style
from prompt_toolkit.validation import ValidationError, Validator

if TYPE_CHECKING:
    from punchin.prompts import PromptSet

# (seconds spent so far, seconds in the box): the review's clock, read at every tick
TimeSpent = Callable[[], tuple[float, int]]
SOON = 5 * 60  # the time box turns to a gentle note with this much left

STYLE = Style.from_dict(
    {
        "bottom-toolbar": "noreverse",
        "timebox": "fg:ansicyan",
        "timebox.soon": "fg:ansiyellow",
        "timebox.over": "fg:ansimagenta",
        "keys": "fg:ansibrightblack",
        "choice": "",
        "choice.current": "reverse",
        "choice.default": "bold",
        "prompt": "bold",
        "continuation": "fg:ansibrightblack",
    }
)


class LineEditor:
    """One person writing answers: a fresh prompt for each question (its own history of
    earlier answers), all sharing the review's clock and the interface's words."""

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

    def keep_time(self, spent: TimeSpent) -> None:
        self.spent = spent

    # -- text ----------------------------------------------------------------------------------

    def text(
        self, key: str, *, long: bool, default: str, check: Callable[[str], str | None]
    ) -> str:
        """A written answer, pre-filled with `default` (an answer given before). `check`
        returns why an answer is refused (None: it is fine); a refused answer stays on the
        screen to be corrected, with the reason below it."""
        earlier = list(dict.fromkeys(text for text in self.earlier(key) if text.strip()))
        keys = "ui.keys_long" if long else "ui.keys_short"
        hints = [self.ui.text(keys)]
        if earlier:
            hints.append(self.ui.text("ui.keys_earlier", count=len(earlier)))
        session: PromptSession[str] = PromptSession(input=self.input, output=self.output)
        return session.prompt(
            [("class:prompt", "> ")],
            default=default,
            multiline=long,
            prompt_continuation=lambda width, line, soft: [("class:continuation", "  ")],
            key_bindings=_answer_keys(long, earlier),
            bottom_toolbar=lambda: self._toolbar(" · ".join(hints)),
            refresh_interval=1.0 if self.spent else None,
            validator=_Checked(check),
            validate_while_typing=False,
            style=STYLE,
            reserve_space_for_menu=0,  # nothing pops up below: the time box sits right there
        )

    # -- choices -------------------------------------------------------------------------------

    def choose(
        self,
        choices: tuple[tuple[str, str], ...],
        *,
        default: str | None,
        read: Callable[[str], str | None],
        check: Callable[[str], str | None],
    ) -> str:
        """One of `choices`, by ↑/↓ and Enter or by typing a number or the start of a word.
        The default (if any) is marked before anything is typed; what is typed moves the
        mark to the option it names."""
        keys = [key for key, _ in choices]
        picked: list[int | None] = [keys.index(default) if default in keys else None]
        session: PromptSession[str] = PromptSession(input=self.input, output=self.output)

        def current() -> int | None:
            typed = session.default_buffer.text
            found = read(typed) if typed.strip() else None
            return keys.index(found) if found in keys else picked[0]

        def options() -> StyleAndTextTuples:
            shown: StyleAndTextTuples = []
            now = current()
            for number, (key, label) in enumerate(choices, 1):
                style = "class:choice.current" if number - 1 == now else "class:choice"
                mark = "❯ " if number - 1 == now else "  "
                line = f"{mark}{number}) {label}"
                if key == default:
                    line += "  " + self.ui.text("ui.choice_default")
                shown += [("", "  "), (style, line), ("", "\n")]
            return [*shown, ("class:prompt", "> ")]

        bindings = KeyBindings()

        @bindings.add("up")
        def _up(event: KeyPressEvent) -> None:
            now = current()
            picked[0] = len(keys) - 1 if now is None else max(0, now - 1)
            event.current_buffer.text = ""

        @bindings.add("down")
        def _down(event: KeyPressEvent) -> None:
            now = current()
            picked[0] = 0 if now is None else min(len(keys) - 1, now + 1)
            event.current_buffer.text = ""

        @bindings.add("enter")
        @bindings.add("c-j")
        def _pick(event: KeyPressEvent) -> None:
            buffer = event.current_buffer
            if not buffer.text.strip() and picked[0] is not None:
                buffer.text = str(picked[0] + 1)  # what was picked stays on the screen
            buffer.validate_and_handle()

        return session.prompt(
            options,
            key_bindings=bindings,
            bottom_toolbar=lambda: self._toolbar(self.ui.text("ui.keys_choice")),
            refresh_interval=1.0 if self.spent else None,
            validator=_Checked(check),
            validate_while_typing=False,
            style=STYLE,
            reserve_space_for_menu=0,  # nothing pops up below: the time box sits right there
        )

    # -- the line below ------------------------------------------------------------------------

    def _toolbar(self, keys: str) -> StyleAndTextTuples:
        """The time box as it stands this second, then the keys that matter here."""
        line: StyleAndTextTuples = []
        if self.spent is not None:
            style, text = self.timebox()
            line += [(style, text), ("", "   ")]
        return [*line, ("class:keys", keys)]

    def timebox(self) -> tuple[str, str]:
        """The style and words of the time box now: time in and left; a gentle note with
        five minutes left; past the box, how far past, without nagging."""
        assert self.spent is not None
        seconds, box = self.spent()
        whole = max(0, int(seconds))
        if whole > box:
            over = self.ui.text(
                "ui.timebox_over",
                elapsed=_clock(whole),
                over=_clock(whole - box),
                minutes=box // 60,
            )
            return "class:timebox.over", over
        values = {"elapsed": _clock(whole), "left": _clock(box - whole)}
        if box - whole <= SOON:
            return "class:timebox.soon", self.ui.text("ui.timebox_soon", **values)
        return "class:timebox", self.ui.text("ui.timebox_live", **values)


class _Checked(Validator):
    """Refuse an answer in place: the reason shows below it, the text stays to be fixed."""

    def __init__(self, check: Callable[[str], str | None]) -> None:
        self.check = check

    def validate(self, document: Document) -> None:
        reason = self.check(document.text)
        if reason is not None:
            raise ValidationError(cursor_position=len(document.text), message=reason)


def _answer_keys(long: bool, earlier: list[str]) -> KeyBindings:
    """Enter saves; in a long answer Alt-Enter (Esc, then Enter) starts a new line; a paste
    keeps its lines in a long answer and becomes one line in a short one. ↑ on the first
    line brings the earlier answers to the question, newest first; ↓ on the last line goes
    back towards what was being written."""
    bindings = KeyBindings()
    browsing = _Browsing()

    @bindings.add("enter")
    @bindings.add("c-j")
    def _save(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    def _new_line(event: KeyPressEvent) -> None:
        if long:
            event.current_buffer.newline(copy_margin=False)

    @bindings.add(Keys.BracketedPaste)
    def _paste(event: KeyPressEvent) -> None:
        lines = event.data.replace("\r\n", "\n").replace("\r", "\n")
        event.current_buffer.insert_text(lines if long else " ".join(_words(lines)))

    def show(event: KeyPressEvent, at: int) -> None:
        buffer = event.current_buffer
        if browsing.at == -1:
            browsing.draft = buffer.text
        browsing.at = at
        text = browsing.draft if at == -1 else earlier[at]
        buffer.document = Document(text, len(text))

    @bindings.add("up")
    def _up(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.document.cursor_position_row > 0:
            buffer.cursor_up()
        elif browsing.at + 1 < len(earlier):
            show(event, browsing.at + 1)

    @bindings.add("down")
    def _down(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.document.cursor_position_row < buffer.document.line_count - 1:
            buffer.cursor_down()
        elif browsing.at >= 0:
            show(event, browsing.at - 1)

    return bindings


class _Browsing:
    """Where ↑/↓ stand among the earlier answers: -1 is what is being written (`draft`)."""

    def __init__(self) -> None:
        self.at = -1
        self.draft = ""


def _words(text: str) -> Iterable[str]:
    return (line.strip() for line in text.split("\n") if line.strip())


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
