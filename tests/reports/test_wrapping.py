"""Questions wrap at words (English) or characters (Chinese), never past the terminal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from punchin.reports.wrapping import display_width, wrap

QUESTION = (
    "Did something outside your control get in the way: bad timing, an event, "
    "a plan that was never realistic?"
)


def test_english_breaks_between_words() -> None:
    assert wrap(QUESTION, 40).splitlines() == [
        "Did something outside your control get",
        "in the way: bad timing, an event, a plan",
        "that was never realistic?",
    ]


def test_chinese_counts_two_columns_and_keeps_punctuation_off_line_starts() -> None:
    text = "接下来的三十分钟，请站到自己之外。像一位好导师那样读这一周，他站在你这边。"
    lines = wrap(text, 20).splitlines()
    assert "".join(lines) == text
    assert all(display_width(line) <= 22 for line in lines)  # a comma may hang at the end
    assert not any(line[0] in "，。" for line in lines)


def test_indent_is_kept_on_continuation_lines() -> None:
    lines = wrap("  serves: a long quarter goal about finishing the thesis draft", 30)
    assert all(line.startswith("  ") for line in lines.splitlines())


@given(
    words=st.lists(st.text(alphabet="abcdefghij动机目标", min_size=1, max_size=8), max_size=30),
    width=st.integers(min_value=20, max_value=120),
)
def test_no_text_is_lost_and_lines_fit(words: list[str], width: int) -> None:
    text = " ".join(words)
    wrapped = wrap(text, width)
    assert wrapped.replace("\n", "").replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= width + 2 for line in wrapped.splitlines())
