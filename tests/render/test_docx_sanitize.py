"""The sanitiser that guards the Word boundary against XML-invalid characters."""

from __future__ import annotations

import docx
from hypothesis import given
from hypothesis import strategies as st

from trialkit.render.sanitize import clean_text, one_line


def test_control_characters_are_removed() -> None:
    assert clean_text("a\x00b\x01c\x08d\x0ee\x1ff") == "abcdef"


def test_soft_breaks_are_dropped_and_carriage_returns_become_newlines() -> None:
    assert clean_text("line\x0bnext\x0cpage\r\nwin\rmac") == "linenextpage\nwin\nmac"


def test_tab_newline_and_non_latin_scripts_are_kept() -> None:
    text = "tab\there\n中文 العربية 😀 é"
    assert clean_text(text) == text


def test_none_becomes_empty_and_numbers_become_text() -> None:
    assert clean_text(None) == ""
    assert clean_text(12.5) == "12.5"


def test_one_line_drops_separators_before_collapsing_whitespace() -> None:
    # Python's str.split() counts U+001C-U+001F as whitespace: "0\x1f0" became "0 0".
    assert one_line("[/]\t0\x1f0") == "[/] 00"
    assert one_line(" a\x1c\x1d\x1eb \n\u2028 c\x7f ") == "ab c"
    assert one_line(None) == ""


def test_lone_surrogates_are_dropped() -> None:
    assert clean_text("a\ud800b") == "ab"


_DOCUMENT = docx.Document()


@given(st.text())
def test_any_cleaned_text_is_accepted_by_python_docx(text: str) -> None:
    run = _DOCUMENT.add_paragraph().add_run(clean_text(text))
    assert run.text == clean_text(text)
