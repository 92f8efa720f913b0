"""Which bracketed prompts the protocol prints in each SPIRIT block, and the assessment that counts them.

A checklist item is addressed only when the document says it: the sections that address it
must print no bracketed prompt. The prompts are read from the rendered Markdown itself, so
the checklist counts exactly what the renderer prints (``trialkit.render.prompts``), not a
list of words. ``trialkit check``, the protocol's checklist appendix and the terminal UI's
review all take their assessment from ``printed_context`` (``assess_as_printed``), which
renders the document once and keeps that Markdown for the output.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialkit.design.assessment import Assessment, assess
from trialkit.design.checklist import PROMPT, VERSIONS, Block, coverage, load_checklist
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import Trial
from trialkit.render.prompts import PRINTED, PROMPTS
from trialkit.render.templates import template_blocks

if TYPE_CHECKING:
    from trialkit.render.context import ProtocolContext

_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*$", re.MULTILINE)
_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def assess_as_printed(
    trial: Trial, link: EvidenceLink, templates: str | Path | None = None
) -> Assessment:
    """The assessment of ``trial`` with its SPIRIT coverage counting the prompts it prints."""
    return printed_context(trial, link, templates).assessment


def printed_context(
    trial: Trial, link: EvidenceLink, templates: str | Path | None = None, *,
    today: dt.date | None = None,
) -> ProtocolContext:
    """The render context whose SPIRIT coverage counts the prompts its own document prints,
    keeping that document's Markdown (``ProtocolContext.printed``): it is rendered once.

    What the sections print does not depend on the checklist, which the templates print after
    them (the appendix); so the checklist is judged when the templates first ask for it
    (``spirit`` or ``assessment``), from the text printed up to there. If the whole document
    judges otherwise (an overriding template that prints the checklist before a section with
    prompts), it is rendered again from the whole document's assessment.
    """
    from trialkit.render.context import build_context, with_assessment
    from trialkit.render.markdown import finish_markdown, protocol_chunks

    blocks = template_blocks(templates)
    first = assess(trial, link, blocks)
    context = build_context(trial, evidence=link, templates=templates, today=today,
                            assessment=first)
    chunks: list[str] = []
    shown: list[tuple[dict[str, tuple[str, ...]], ProtocolContext]] = []

    def judged() -> ProtocolContext:
        if not shown:
            printed = _printed_items(finish_markdown("".join(chunks)), blocks)
            shown.append((printed, with_assessment(context, _judge(first, trial, blocks, printed))))
        return shown[0][1]

    namespace = {**context.namespace(), "assessment": _Judged(lambda: judged().assessment),
                 "spirit": _Judged(lambda: judged().spirit)}
    chunks.extend(protocol_chunks(namespace, templates))
    text = "".join(chunks)
    printed = _printed_items(finish_markdown(text), blocks)
    if shown and shown[0][0] == printed:
        final = shown[0][1]
    else:
        final = with_assessment(context, _judge(first, trial, blocks, printed))
        if shown and shown[0][1].spirit != final.spirit:
            text = "".join(protocol_chunks(final.namespace(), templates))
    final.keep_printed(templates, text)
    return final


class _Judged:
    """A template value judged when the templates first use it (see ``printed_context``)."""

    def __init__(self, value: Callable[[], Any]) -> None:
        self._value = value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._value(), name)

    def __str__(self) -> str:
        return str(self._value())


def _printed_items(markdown: str, blocks: Sequence[Block]) -> dict[str, tuple[str, ...]]:
    return item_prompts(printed_prompts(markdown, blocks), blocks)


def _judge(first: Assessment, trial: Trial, blocks: Sequence[Block],
           printed: dict[str, tuple[str, ...]]) -> Assessment:
    """``first`` with its SPIRIT coverage counting the ``printed`` prompts of each item."""
    return replace(first, spirit=tuple(
        (version, tuple(coverage(trial, blocks, version, printed))) for version in VERSIONS
    ))


def item_prompts(
    printed: dict[str, tuple[str, ...]], blocks: Sequence[Block]
) -> dict[str, tuple[str, ...]]:
    """The printed prompts that count against each SPIRIT 2025 item, as 'section: [prompt]'.

    A prompt for a field counts against the items that list that field, wherever it is
    printed (the SAE reporting route on the title page counts against item 17 only, not the
    title page's 1a, 2 and 7a); a prompt for no item's field (such as an intercurrent event's
    missing strategy, or a sample size that could not be computed) counts against every item
    the block declares.
    """
    own = {item.id: {f"[{_prompt(name)}]" for name in _field_names((*item.fields, *item.optional))}
           - {"[]"}
           for item in load_checklist("2025").items}
    counted: dict[str, list[str]] = {}
    for block in blocks:
        for prompt in printed.get(block.section, ()):
            owners = [i for i, prompts in own.items() if prompt in prompts]
            for item_id in owners or block.items:
                counted.setdefault(item_id, []).append(f"{block.section}: {prompt}")
    return {item_id: tuple(dict.fromkeys(p)) for item_id, p in counted.items()}


def prompt_field(trial: Trial, printed: str) -> str | None:
    """The design field whose empty value prints ``printed`` ('3 Trial objectives ...:
    [Choose a strategy]' or just the prompt), with the list positions of ``trial`` where the
    prompt stands for one of many (the first endpoint with an intercurrent event and no
    strategy); None for a prompt of no field. The inverse of the prompt tables, for a jump
    from a checklist gap to the field that fills it."""
    prompt = printed[printed.rfind("[") + 1:].rstrip("]")
    field = next((k for k, v in (*PRINTED.items(), *PROMPTS.items()) if v == prompt), None)
    if field == "objectives.endpoints.estimand.intercurrent_events.strategy":
        for i, objective in enumerate(trial.objectives):
            for j, endpoint in enumerate(objective.endpoints):
                events = endpoint.estimand.intercurrent_events if endpoint.estimand else []
                if any(event.strategy is None for event in events):
                    return f"objectives.{i}.endpoints.{j}.estimand.intercurrent_events"
        return None
    return field


def _field_names(fields: Sequence[str]) -> list[str]:
    return [alt.partition("=")[0].strip() for f in fields for alt in f.split("|")]


def _prompt(field: str) -> str:
    return PROMPTS.get(field) or PRINTED.get(field) or ""


def printed_prompts(markdown: str, blocks: Sequence[Block]) -> dict[str, tuple[str, ...]]:
    """The bracketed prompts printed under each block's section, by section.

    A heading belongs to the block of the same number, else to its nearest numbered
    ancestor's block (5.1 to block 5), else to the first block under it (the text between
    '4 Trial design' and '4.1' to block 4.1); a heading without a number stays with the
    block before it, and the text before the first numbered heading goes to the block
    without a number (the title page).
    """
    numbered = {_number(b.section): b.section for b in blocks if _number(b.section)}
    current = next((b.section for b in blocks if not _number(b.section)), "")
    found: dict[str, list[str]] = {}
    starts = [*_HEADING.finditer(markdown)]
    bounds = [0, *(m.start() for m in starts), len(markdown)]
    titles = ["", *(m["title"] for m in starts)]
    for title, start, end in zip(titles, bounds, bounds[1:], strict=False):
        number = _number(title)
        if number:
            current = _block_for(number, numbered) or current
        prompts = PROMPT.findall(markdown, start, end)
        if prompts and current:
            found.setdefault(current, []).extend(prompts)
    return {section: tuple(dict.fromkeys(p)) for section, p in found.items()}


def _number(title: str) -> str:
    match = _NUMBER.match(title)
    return match.group(0) if match and title[match.end():match.end() + 1] in ("", " ") else ""


def _block_for(number: str, numbered: dict[str, str]) -> str | None:
    parts = number.split(".")
    for depth in range(len(parts), 0, -1):
        section = numbered.get(".".join(parts[:depth]))
        if section is not None:
            return section
    return next((s for n, s in numbered.items() if n.startswith(number + ".")), None)
