"""The bounded YAML reader: hostile files fail fast with a named limit, file and line."""

from __future__ import annotations

import os
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialkit.errors import DesignError, TrialkitError
from trialkit.yamlfile import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    parse_yaml_text,
    read_yaml_file,
)

# The "billion laughs" of YAML: 9 levels of 9 aliases each, 342 bytes, 9**9 values expanded.
ALIAS_BOMB = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def error_of(text: str) -> str:
    with pytest.raises(TrialkitError) as info:
        parse_yaml_text(text, source="f.yaml")
    return str(info.value)


def test_an_alias_bomb_fails_at_once_naming_the_limit():
    assert len(ALIAS_BOMB.encode()) < 400
    start = time.perf_counter()
    message = error_of(ALIAS_BOMB)
    assert time.perf_counter() - start < 1.0
    assert "MAX_VALUES" in message and message.startswith("f.yaml:")


def test_a_few_aliases_still_work():
    doc = parse_yaml_text("base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n")
    assert doc.data == {"base": {"x": 1}, "use": {"x": 1}, "merged": {"x": 1, "y": 2}}


def test_an_alias_into_its_own_node_is_refused():
    assert "alias *a" in error_of("&a [1, *a]")


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000,
                                  "".join("  " * i + "- \n" for i in range(MAX_DEPTH + 5))])
def test_deep_nesting_is_refused_without_recursion_error(text):
    message = error_of(text)
    assert "MAX_DEPTH" in message


def test_nesting_up_to_the_limit_reads():
    doc = parse_yaml_text("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert doc.data is not None


def test_a_5000_digit_integer_is_a_clear_error():
    message = error_of("n_per_arm: " + "9" * 5000 + "\n")
    assert "f.yaml:1:" in message and "MAX_NUMBER_CHARS" in message and "5,000" in message


def test_a_huge_hexadecimal_or_float_is_refused_too():
    assert "MAX_NUMBER_CHARS" in error_of("x: 0x" + "f" * 500)
    assert "MAX_NUMBER_CHARS" in error_of("x: 1." + "5" * 500)


def test_a_repeated_key_is_refused_with_its_line():
    assert error_of("a: 1\nb: 2\na: 3\n").startswith("f.yaml:3: the key 'a' appears twice")


def test_python_tags_are_refused():
    assert "python/object" in error_of("a: !!python/object/apply:os.system [ls]\n")


def test_more_than_one_document_is_refused():
    assert "more than one YAML document" in error_of("a: 1\n---\nb: 2\n")


def test_line_of_a_field_and_of_its_nearest_ancestor():
    doc = parse_yaml_text("a:\n  b:\n    - x\n    - y: 3\n")
    assert doc.line_of(("a", "b", 1, "y")) == 4
    assert doc.line_of(("a", "missing", 0)) == 1
    assert doc.line_of(("a", "b", 7)) == 2


def test_a_file_above_the_size_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:  # 50 MB, written sparse-fast
        handle.write(b"x: " + b"y" * 1000 + b"\n")
        handle.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(DesignError) as info:
        read_yaml_file(path, error=DesignError, what="design file")
    assert time.perf_counter() - start < 1.0
    assert str(path) in str(info.value) and "MAX_FILE_BYTES" in str(info.value)


def test_a_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("x: " + "y" * (MAX_FILE_BYTES - 10) + "\n", encoding="utf-8")
    assert len(read_yaml_file(path).data["x"]) == MAX_FILE_BYTES - 10


def test_a_non_utf8_file_names_the_file_and_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nname: Gr\u00fcn\n".encode("latin-1"))
    with pytest.raises(TrialkitError) as info:
        read_yaml_file(path)
    assert f"{path}:2: the file is not UTF-8 text (byte 0xfc)" in str(info.value)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_yaml_file(path).data == {"a": 1}


def test_a_folder_or_missing_file_is_named(tmp_path):
    with pytest.raises(TrialkitError, match="is a folder"):
        read_yaml_file(tmp_path)
    with pytest.raises(TrialkitError, match="no such YAML file"):
        read_yaml_file(tmp_path / "absent.yaml")


# -- fuzz: random YAML structures give values or a clean trialkit error, quickly ----------------

FUZZ_EXAMPLES = int(os.environ.get("TRIALKIT_FUZZ_EXAMPLES", "60"))

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20))
trees = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=5), st.dictionaries(st.text(max_size=8), kids, max_size=5)),
    max_leaves=30)
fragments = st.sampled_from(["&a ", "*a", "[", "]", "{", "}", ": ", "- ", "\n", "  ", "!!python/name:os ",
                             "<<: ", "---\n", "? ", "'", '"', "#", "\t", "0x", "9" * 120, "\x07"])


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_fuzz_any_dumped_structure_reads_as_pyyaml_reads_it(value):
    """Differential: the bounded composer agrees with PyYAML's own (same libyaml parser)."""
    text = yaml.safe_dump(value, allow_unicode=True)
    start = time.perf_counter()
    try:
        doc = parse_yaml_text(text, source="fuzz.yaml")
    except TrialkitError as exc:  # a too-long number (st.integers can draw 100+ digits) or depth
        assert str(exc).startswith("fuzz.yaml")
    else:
        assert doc.data == yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert time.perf_counter() - start < 2.0


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(fragments, st.text(max_size=6)), max_size=40))
def test_fuzz_random_text_gives_values_or_a_clean_error(parts):
    start = time.perf_counter()
    try:
        parse_yaml_text("".join(parts), source="fuzz.yaml")
    except TrialkitError as exc:
        assert str(exc).startswith("fuzz.yaml") and "\n" not in str(exc)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("text, words", [
    ("d: 2026-02-30\n", "'2026-02-30' is not a valid date (day is out of range for month)"),
    ("x: !!int abc\n", "'abc' is not a valid integer"),
    ("x: !!float abc\n", "'abc' is not a valid number"),
    ("x: !!bool maybe\n", "'maybe' is not a valid true/false value"),
    ("x: !!timestamp nope\n", "'nope' is not a valid date"),
])
def test_impossible_dates_and_wrongly_tagged_values_are_errors_not_crashes(text, words):
    assert error_of(text) == f"f.yaml:1: {words}"


def test_a_fifo_named_like_a_yaml_file_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "design.yaml"
    os.mkfifo(fifo)
    with pytest.raises(TrialkitError, match="is a device, FIFO or socket"):
        read_yaml_file(fifo)
