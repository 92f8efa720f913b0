"""Checks that the design's numbers and words agree: planned enrolment and allocation, the
decision rule at the enrolled n, and background sentences that state findings without a source.

The assessment runs these once; ``trialkit check``, the protocol and the review step read the
problems and the result at the planned enrolment from it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from trialkit.design.model import Trial
from trialkit.design.sizing import Sizing, TrialTotals
from trialkit.design.validate import Problem
from trialkit.errors import TrialkitError

BACKGROUND_FIELDS = ("condition", "rationale", "comparator_rationale", "benefit_risk")

_CLAIM = re.compile(
    r"\d+(?:\.\d+)?\s?%|\b(?:found|showed|shown|reported|demonstrated|observed|improved|"
    r"reduced|increased|decreased|prevented|trials|studies|meta-analys[ie]s|no excess|"
    r"no adequately)\b",
    re.IGNORECASE,
)
_ASSERTION = re.compile(
    # a present-tense effect stated as fact: 'IL-2 reduces flares', 'it preserves C-peptide'
    r"\b(?:reduces|increases|decreases|improves|lowers|raises|prevents|causes|restores|"
    r"preserves|protects|induces|expands|delays|slows|worsens|halves|doubles|cures)\b"
    # a verdict on benefit or harm: 'is safe and effective', 'are well tolerated'
    r"|\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+){0,2}?(?:safe|effective|"
    r"efficacious|well[ -]tolerated|beneficial|harmful|toxic|superior|inferior|curative)\b"
    # knowledge claimed without a source: 'it is well established', 'is known to'
    r"|\b(?:well[ -](?:established|known|documented|recognised|recognized)|(?:is|are) known "
    r"to|it is known|proven|evidence (?:shows|suggests|indicates))\b",
    re.IGNORECASE,
)
"""An effect, a verdict or knowledge stated as fact (a finding needs no such words to be one)."""
_OPEN = re.compile(r"\b(?:whether|if|may|might|could|would|hypothes[ie]s[ie]?[sd]?|aims? to)\b",
                   re.IGNORECASE)
"""Words that make an assertion a question, a hope or a hypothesis rather than a stated fact."""
_CITATION = re.compile(r"\[\d+(?:[,\u2013-]\s*\d+)*\]|\bet al\b|\b(?:19|20)\d\d\b|\bdoi\b|\bPMID\b",
                       re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_OWN_VIEW = re.compile(
    r"\b(?:the investigators['\u2019]? (?:view|knowledge|judgement|opinion|statement)|the "
    r"investigators (?:know|consider|judge|believe|expect|think))\b",
    re.IGNORECASE,
)
"""Words that mark a sentence as the investigators' own statement, not a cited fact."""


def unsourced_sentences(text: str, evidence_ids: tuple[str, ...] = ()) -> list[str]:
    """Sentences of ``text`` that state a finding (a percentage, 'trials', 'found', 'improved';
    or, unless put as a question or hope with 'whether' or 'may', an effect in the present tense
    such as 'reduces', a verdict such as 'is safe and effective', or knowledge such as 'it is
    well established') but name no source (no reference number, 'et al.', year, DOI, PMID or
    evidence id) and are not marked as the investigators' own ("in the investigators' view")."""
    found = []
    for sentence in _SENTENCE.split(" ".join(text.split())):
        claim = _CLAIM.search(sentence) or (_ASSERTION.search(sentence)
                                            and not _OPEN.search(sentence))
        if not claim or _CITATION.search(sentence) or _OWN_VIEW.search(sentence):
            continue
        if any(e and e in sentence for e in evidence_ids):
            continue
        found.append(sentence)
    return found


def background_problems(trial: Trial) -> Iterator[Problem]:
    """A warning for each hand-entered background sentence that reads as cited fact."""
    evidence = tuple(trial.background.evidence)
    for name in BACKGROUND_FIELDS:
        text = getattr(trial.background, name, None)
        if not isinstance(text, str):
            continue
        for sentence in unsourced_sentences(text, evidence):
            quoted = sentence if len(sentence) <= 90 else sentence[:89].rstrip() + "\u2026"
            yield Problem(
                "warning", f"background.{name}",
                f'"{quoted}" states a finding but cites nothing; name the source (authors, '
                "year) or link its evidence record, or word it as the investigators' view",
            )


def enrolment_problems(trial: Trial, totals: TrialTotals | None) -> Iterator[Problem]:
    """Planned enrolment that the allocation cannot split into whole arms."""
    planned = trial.sample_size.target_enrolment
    parts = trial.allocation_parts()
    if planned is None or not parts or len(parts) != len(trial.arms):
        return
    whole = sum(parts)
    if all(float(p).is_integer() for p in parts) and planned % int(whole):
        ratio = trial.design.allocation_ratio or ":".join(f"{p:g}" for p in parts)
        yield Problem(
            "error", "sample_size.target_enrolment",
            f"planned enrolment {planned} cannot be split {ratio} into whole arms (it is not a "
            f"multiple of {int(whole)}); plan {int(whole) * math.ceil(planned / whole)} or "
            f"{int(whole) * (planned // int(whole))}",
        )


def at_planned_enrolment(
    trial: Trial, sizing: Sizing, totals: TrialTotals | None
) -> tuple[Any, list[Problem]]:
    """The calculation repeated at the planned enrolment, when more are enrolled than it needs.

    A single-group design analyses everyone it enrols (less the dropout allowance), so its
    decision rule and power are restated for that n. For other designs the difference is a
    named problem: their rule and boundaries are stated for the calculation's n.
    """
    result, planned = sizing.result, trial.sample_size.target_enrolment
    if result is None or totals is None or planned is None or planned <= totals.enrolled:
        return None, []
    if totals.multi_arm or len(result.n_per_arm) != 1 or sizing.procedure is None:
        return None, [Problem(
            "warning", "sample_size.target_enrolment",
            f"planned enrolment {planned} exceeds the {totals.enrolled} the calculation "
            f"requires; its power and decision rule are stated for {totals.analysed} analysed",
        )]
    analysed = math.floor(planned * (1.0 - result.dropout) + 1e-9)
    try:
        again = _one_group_at(sizing, analysed)
    except (TrialkitError, TypeError, ValueError) as exc:
        return None, [Problem(
            "warning", "sample_size.target_enrolment",
            f"the decision rule is stated for n = {totals.analysed} but {planned} are enrolled, "
            f"and it could not be restated for {analysed}: {exc}",
        )]
    lead = (f"The calculation's smallest sample size is {result.n_total}, but {again.n_total} "
            f"participants are enrolled and analysed, so the decision rule and power that apply "
            f"are those for {again.n_total}.")
    extra = [s for s in sizing.evidence_sentences if s not in again.justification]
    if trial.sample_size.rationale:
        extra.append(trial.sample_size.rationale)
    again = replace(again, justification=f"{lead} {again.justification}").with_sentences(*extra)
    target = result.inputs.get("power")
    if target is None or again.power >= target:
        return again, []
    return again, [Problem(
        "error", "sample_size.target_enrolment",
        f"planned enrolment {planned} gives {100 * again.power:.1f}% power, below the target "
        f"{100 * target:g}% (an exact test's power is not monotone in the sample size); "
        f"enrol {totals.enrolled}{_next_reaching(sizing, analysed, target)}",
    )]


def _one_group_at(sizing: Sizing, n: int) -> Any:
    """The single-group calculation repeated for ``n`` analysed (its power and decision rule)."""
    from trialkit import power

    assert sizing.procedure is not None
    kwargs = {k: v for k, v in sizing.kwargs.items() if k not in ("power", "n")}
    return getattr(power, sizing.procedure)(**kwargs, n=n)


def _next_reaching(sizing: Sizing, n: int, target: float, search: int = 200) -> str:
    """' or 33': the enrolment of the smallest n above ``n`` reaching ``target`` ('' if none)."""
    for m in range(n + 1, n + search + 1):
        try:
            at = _one_group_at(sizing, m)
            if at.power >= target:
                return f" or {at.n_total_enrolled}"
        except (TrialkitError, TypeError, ValueError):
            return ""
    return ""
