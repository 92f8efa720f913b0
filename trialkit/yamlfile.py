"""The one YAML reader for design and evidence files: bounded work, errors naming file, line and field.

PyYAML on its own expands aliases without limit (a 360-byte file can take gigabytes), recurses
once per nesting level and reads files of any size. Here the events of the C parser (libyaml,
a state machine) are composed into nodes without recursion while the size, the nesting depth
and the nodes reached through aliases are counted against named limits; only then are Python
values constructed (with PyYAML's safe constructor). Callers validate the values with pydantic
and ask the document for the line of a field.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trialkit.errors import TrialkitError

MAX_FILE_BYTES = 1024 * 1024
"""Largest YAML file read (1 MiB; a full design is about 20 KB, an evidence file about 8 KB)."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings (a design nests about 6 levels)."""
MAX_VALUES = 50_000
"""Most values (scalars, lists, mappings) in a file, each repeat by an alias counted: an alias
bomb repeats billions; a full design holds about 1,500; the C parser alone reads 50,000 in ~1 s."""
MAX_NUMBER_CHARS = 100
"""Longest number written without quotes (a 5,000-digit integer is refused, not computed)."""

_KINDS = {"timestamp": "date", "int": "integer", "float": "number", "bool": "true/false value",
          "binary": "base64 text"}
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed
Loc = Sequence[str | int]
_NOT_AS_WRITTEN = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def needs_escapes(text: str) -> bool:
    """Whether this reader would not read ``text`` back as written in a plain, quoted or block scalar.

    To YAML 1.1, NEL (U+0085), LS and PS (U+2028, U+2029) and CR are line breaks, folded or
    normalised inside a scalar, and C0/C1 controls, DEL, a byte-order mark, U+FFFE/U+FFFF and lone
    surrogates are not allowed in a file at all. A writer must put such a text in double quotes,
    where YAML spells each of them as an escape (``\\N``, ``\\L``, ``\\x9b`` ...).
    """
    return _NOT_AS_WRITTEN.search(text) is not None


@dataclass(frozen=True)
class YamlDocument:
    """The values of a YAML file and its node tree (for the line of a field)."""

    data: Any
    root: Node | None
    source: str

    def line_of(self, loc: Loc) -> int:
        """The 1-based line of the field at ``loc``, or of its nearest ancestor in the file."""
        node = self.root
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, MappingNode):
                found = [(k, v) for k, v in node.value if k.value == str(part)]
                if not found:
                    break
                key, node = found[0]
                line = key.start_mark.line + 1
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


def read_yaml_file(
    path: str | os.PathLike[str], *, error: type[TrialkitError] = TrialkitError, what: str = "YAML file"
) -> YamlDocument:
    """Read and parse ``path`` within the limits above; ``error`` is raised naming the file."""
    p = Path(path)
    try:
        # Non-blocking open: a FIFO named like a design must not hang the reader.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{p}: no such {what}") from None
    except IsADirectoryError:
        raise error(f"{p}: is a folder, not a {what}") from None
    except OSError as exc:
        raise error(f"{p}: cannot read: {exc.strerror or exc}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "a device, FIFO or socket"
        raise error(f"{p}: is {kind}, not a {what}")
    with os.fdopen(fd, "rb") as handle:
        try:
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise error(f"{p}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise error(
            f"{p}: the file is larger than {MAX_FILE_BYTES // 1024:,} KiB "
            f"(the limit MAX_FILE_BYTES for a {what}); is it the right file?"
        )
    return parse_yaml_text(_decode_utf8(raw, str(p), error), source=str(p), error=error)


def _decode_utf8(raw: bytes, source: str, error: type[TrialkitError] = TrialkitError) -> str:
    """The text of a UTF-8 file (a leading byte-order mark dropped); ``error`` says where it is not."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(
            f"{source}:{line}: the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
            "save it as UTF-8"
        ) from None


def parse_yaml_text(
    text: str, *, source: str = "<yaml>", error: type[TrialkitError] = TrialkitError
) -> YamlDocument:
    """Parse one YAML document from ``text`` within the limits; ``error`` names ``source`` and line."""
    if len(text) > MAX_FILE_BYTES:
        raise error(f"{source}: the text is longer than the limit MAX_FILE_BYTES ({MAX_FILE_BYTES:,})")
    try:
        root = _Composer(text, source, error).compose()
        data = None if root is None else _Constructor(source, error).construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml's own guard, deeper than ours
            problem = f"nested more than {MAX_DEPTH} levels deep (the limit MAX_DEPTH)"
        if isinstance(exc, yaml.constructor.ConstructorError):
            tag = problem.partition("for the tag ")[2].strip("'").replace("tag:yaml.org,2002:", "!!")
            problem = (f"the tag {tag} is not allowed; trialkit files hold plain text, numbers, "
                       "lists and mappings") if tag else problem
            raise error(f"{where}: {_one_line(problem)}") from None
        raise error(f"{where}: YAML syntax error: {_one_line(problem)}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if exc.position is not None else 1
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise error(
            f"{source}:{line}: character {char!r} is not allowed in YAML; "
            "write control characters as escapes in double quotes (e.g. \"\\x07\")"
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: YAML error: {_one_line(str(exc))}") from None
    return YamlDocument(data, root, source)


class _Composer:
    """Build the node graph from parser events with an explicit stack, counting against the limits."""

    def __init__(self, text: str, source: str, error: type[TrialkitError]) -> None:
        self.parser = _Parser(text)
        self.resolver = yaml.resolver.Resolver()
        self.source = source
        self.error = error
        self.anchors: dict[str, Node] = {}
        self.sizes: dict[int, int] = {}
        self.values = 0

    def compose(self) -> Node | None:
        """The single document's root node (None for an empty file)."""
        self._expect(ev.StreamStartEvent)
        if self.parser.check_event(ev.StreamEndEvent):
            return None
        self._expect(ev.DocumentStartEvent)
        root = self._document()
        self._expect(ev.DocumentEndEvent)
        if not self.parser.check_event(ev.StreamEndEvent):
            line = self.parser.peek_event().start_mark.line + 1
            raise self.error(f"{self.source}:{line}: the file holds more than one YAML document")
        return root

    def _expect(self, kind: type[ev.Event]) -> ev.Event:
        event = self.parser.get_event()
        if not isinstance(event, kind):  # the parser guarantees the order; this guards the invariant
            raise self.error(f"{self.source}: unexpected YAML structure")
        return event

    def _document(self) -> Node:
        stack: list[tuple[Node, str | None, list[Any]]] = []
        while True:
            event = self.parser.get_event()
            if isinstance(event, ev.CollectionEndEvent):
                node, anchor, items = stack.pop()
                node.end_mark = event.end_mark
                if isinstance(node, MappingNode):
                    node.value = list(zip(items[::2], items[1::2], strict=True))
                    self._check_keys(node)
                else:
                    node.value = items
                self._finish(node, anchor)
            else:
                node = self._start(event, len(stack))
                if isinstance(node, MappingNode | SequenceNode) and node.value is None:
                    stack.append((node, getattr(event, "anchor", None), []))
                    continue
            if not stack:
                return node
            stack[-1][2].append(node)

    def _start(self, event: Any, depth: int) -> Node:
        """The node an event opens (collections get value None until their end event)."""
        mark, end = event.start_mark, event.end_mark
        if isinstance(event, ev.AliasEvent):
            return self._alias(event)
        anchor = getattr(event, "anchor", None)
        self._count(1, mark.line + 1)
        if isinstance(event, ev.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
            node: Node = ScalarNode(tag, event.value, mark, end, style=event.style)
            self._finish(node, anchor)
            return node
        if depth >= MAX_DEPTH:
            raise self.error(
                f"{self.source}:{mark.line + 1}: nested more than {MAX_DEPTH} levels deep "
                "(the limit MAX_DEPTH)"
            )
        tag = event.tag
        if isinstance(event, ev.SequenceStartEvent):
            if tag is None or tag == "!":
                tag = self.resolver.resolve(SequenceNode, None, event.implicit)
            return SequenceNode(tag, None, mark, None, flow_style=event.flow_style)
        if isinstance(event, ev.MappingStartEvent):
            if tag is None or tag == "!":
                tag = self.resolver.resolve(MappingNode, None, event.implicit)
            return MappingNode(tag, None, mark, None, flow_style=event.flow_style)
        raise self.error(f"{self.source}:{mark.line + 1}: unexpected YAML structure")

    def _alias(self, event: Any) -> Node:
        line = event.start_mark.line + 1
        node = self.anchors.get(str(event.anchor))
        if node is None:
            raise self.error(
                f"{self.source}:{line}: alias *{event.anchor} refers to no earlier complete "
                "anchor (an alias cannot point into the node that contains it)"
            )
        self._count(self._size(node), line)
        return node

    def _count(self, values: int, line: int) -> None:
        self.values += values
        if self.values > MAX_VALUES:
            raise self.error(
                f"{self.source}:{line}: more than {MAX_VALUES:,} values, counting each repeat "
                "by an alias (the limit MAX_VALUES; an alias bomb repeats billions)"
            )

    def _finish(self, node: Node, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = node

    def _size(self, node: Node) -> int:
        """How many nodes ``node`` stands for with its aliases expanded (memoised; depth is bounded)."""
        size = self.sizes.get(id(node))
        if size is None:
            size = 1
            if isinstance(node, SequenceNode):
                size += sum(self._size(item) for item in node.value)
            elif isinstance(node, MappingNode):
                size += sum(self._size(k) + self._size(v) for k, v in node.value)
            self.sizes[id(node)] = size
        return size

    def _check_keys(self, node: MappingNode) -> None:
        """Refuse a key written twice in one mapping (YAML forbids it; PyYAML keeps the last)."""
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen and key.value != "<<":
                    raise self.error(
                        f"{self.source}:{key.start_mark.line + 1}: the key {key.value!r} appears "
                        "twice in the same mapping; keep one"
                    )
                seen.add(key.value)


class _Constructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor, refusing numbers too long to be meant as numbers."""

    def __init__(self, source: str, error: type[TrialkitError]) -> None:
        super().__init__()
        self.source = source
        self.error = error

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        """PyYAML's construction, its stray Python errors (a 30 February, ``!!int abc``) in words."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError, IndexError) as exc:
            kind = _KINDS.get(str(node.tag).rsplit(":", 1)[-1], "value")
            value = node.value if isinstance(node, ScalarNode) else "this"
            raise self.error(
                f"{self.source}:{node.start_mark.line + 1}: {value!r} is not a valid {kind}"
                + (f" ({exc})" if kind == "date" and isinstance(exc, ValueError) else "")
            ) from None

    def _number_length(self, node: ScalarNode, kind: str) -> None:
        if len(node.value) > MAX_NUMBER_CHARS:
            raise self.error(
                f"{self.source}:{node.start_mark.line + 1}: {kind} with {len(node.value):,} characters "
                f"(the limit MAX_NUMBER_CHARS is {MAX_NUMBER_CHARS}); put text in quotes"
            )

    def construct_yaml_int(self, node: ScalarNode) -> int:
        self._number_length(node, "an integer")
        return int(super().construct_yaml_int(node))

    def construct_yaml_float(self, node: ScalarNode) -> float:
        self._number_length(node, "a number")
        return float(super().construct_yaml_float(node))


_Constructor.yaml_constructors = {
    **yaml.constructor.SafeConstructor.yaml_constructors,
    "tag:yaml.org,2002:int": _Constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _Constructor.construct_yaml_float,
}


def _one_line(text: str) -> str:
    return " ".join(text.split())
