"""Where the protocol templates are, and the SPIRIT blocks they declare.

Each section template states what it covers in a comment at the start of each block::

    {# block 6.3 | spirit 21a 21b 22 23 #}
    ### 6.3 Assignment to intervention (randomisation)

The block's section is its number and the title of the heading with that number that
follows the comment, so the checklist cites the document's own headings (the title is
written once, in the heading). A block without a number ('Title page') is named by its
comment; so is a numbered block whose heading is not found (an older template's
'{# block 6.3 Randomisation | spirit ... #}').

Only the render layer reads templates: it scans them here and hands the blocks to
``trialkit.design.assess``, which computes the SPIRIT coverage from them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from trialkit.design.checklist import Block

_BLOCK = re.compile(
    r"\{#-?\s*block\s+(?P<section>[^|#]+?)\s*\|\s*spirit\s+(?P<items>[^#]*?)\s*-?#\}"
)


def template_folders(user_folder: str | Path | None = None) -> list[Path]:
    """Folders searched for templates: the user's (if any) first, then the packaged ones."""
    from trialkit.resources import data_dir

    folders = [Path(user_folder)] if user_folder else []
    return [*folders, data_dir("templates")]


def declared_blocks(text: str, template: str) -> list[Block]:
    """The blocks declared in one template's text, each named by its heading."""
    return [
        Block(
            section=_heading(text, m["section"].strip(), m.end()),
            items=tuple(i for i in m["items"].split() if i != "-"),
            template=template,
        )
        for m in _BLOCK.finditer(text)
    ]


def _heading(text: str, declared: str, start: int) -> str:
    """'number title' of the first heading after ``start`` with the declared section's number."""
    number = declared.split(" ", 1)[0]
    if not all(p.isdigit() for p in number.split(".")):
        return declared
    found = re.compile(rf"^#+[ \t]+{re.escape(number)}[ \t]+(?P<title>[^\n{{]+?)[ \t]*$",
                       re.MULTILINE).search(text, start)
    return f"{number} {found['title']}" if found else declared


@cache
def headings() -> dict[str, str]:
    """The packaged templates' numbered headings, by number: {'10.7': '10.7 Sample size
    determination'} (headings built from the design, like an objective's, are left out)."""
    pattern = re.compile(r"^#+[ \t]+(?P<number>\d+(?:\.\d+)*)[ \t]+(?P<title>[^\n{]+?)[ \t]*$",
                         re.MULTILINE)
    found: dict[str, str] = {}
    for path in sorted(template_folders(None)[0].rglob("*.j2")):
        for m in pattern.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(m["number"], f"{m['number']} {m['title']}")
    return found


def template_blocks(user_folder: str | Path | None = None) -> tuple[Block, ...]:
    """Blocks of every ``*.j2`` template, in section order.

    A file in the user's folder hides the packaged file of the same name. The packaged set
    is scanned once per process (the terminal UI asks on every edit).
    """
    if not user_folder:
        return _packaged_blocks()
    return _scan(template_folders(user_folder))


@cache
def _packaged_blocks() -> tuple[Block, ...]:
    return _scan(template_folders(None))


def _scan(folders: list[Path]) -> tuple[Block, ...]:
    chosen: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.j2")):
            chosen.setdefault(path.relative_to(folder).as_posix(), path)
    blocks: list[Block] = []
    for name in sorted(chosen):
        blocks.extend(declared_blocks(chosen[name].read_text(encoding="utf-8"), name))
    return tuple(sorted(blocks, key=lambda b: _section_key(b.section)))


def _section_key(section: str) -> tuple[Any, ...]:
    number = section.split(" ", 1)[0]
    parts = number.split(".")
    if all(p.isdigit() for p in parts):
        return (1, *(int(p) for p in parts))
    return (0, section)
