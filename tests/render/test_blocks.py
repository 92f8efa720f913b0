"""The Markdown reader behind the Word writer: blocks, escapes, placeholders, list numbers."""

from __future__ import annotations

from trialkit.render.blocks import (
    Heading,
    ListItem,
    Paragraph,
    Span,
    Table,
    parse_blocks,
    parse_inline,
    plain_text,
    split_cells,
)
from trialkit.render.environment import md_escape


def test_headings_paragraphs_and_soft_line_breaks() -> None:
    blocks = parse_blocks("## 1 Summary\n\nfirst line\nsecond line\n\n### 1.1 Next\n")
    assert blocks == [
        Heading(2, "1 Summary"), Paragraph("first line second line"), Heading(3, "1.1 Next"),
    ]


def test_pipe_table_with_alignment_and_escaped_pipes() -> None:
    text = "| A | B |\n|---|:-:|\n| x \\| y | X |\n| short |\n"
    (table,) = parse_blocks(text)
    assert table == Table(("A", "B"), (("x \\| y", "X"), ("short", ""),), ("left", "center"))
    assert plain_text(table.rows[0][0]) == "x | y"


def test_split_cells_keeps_empty_cells() -> None:
    assert split_cells("| a |  | c |") == ["a", "", "c"]


def test_repeated_one_dot_items_are_numbered_in_sequence() -> None:
    blocks = parse_blocks("1. a\n1. b\n1. c\n")
    assert [(b.text, b.number) for b in blocks if isinstance(b, ListItem)] == [
        ("a", 1), ("b", 2), ("c", 3),
    ]


def test_explicit_numbers_and_nested_bullets() -> None:
    blocks = parse_blocks("3. three\n4. four\n- top\n  - nested\n    continued\n")
    assert blocks == [
        ListItem("three", True, 0, 3), ListItem("four", True, 0, 4),
        ListItem("top", False, 0), ListItem("nested continued", False, 1),
    ]


def test_bold_escapes_and_placeholders() -> None:
    spans = parse_inline("**Endpoint**: value \\*not italic\\* [Give the dose] see [3]")
    assert spans == [
        Span("Endpoint", bold=True),
        Span(": value *not italic* "),
        Span("[Give the dose]", italic=True, placeholder=True),
        Span(" see [3]"),
    ]


def test_escaped_user_text_round_trips_to_the_original() -> None:
    user = "**x** | y [z] # h <t> _u_ `c` 1. n\n- d"
    assert plain_text(md_escape(user)) == user
    assert not any(s.placeholder or s.bold or s.italic for s in parse_inline(md_escape(user)))


def test_unclosed_bracket_is_text() -> None:
    assert plain_text("a [b") == "a [b"


def test_reference_ranges_are_not_placeholders() -> None:
    spans = parse_inline("[1, 2] and [3-5]")
    assert spans == [Span("[1, 2] and [3-5]")]
