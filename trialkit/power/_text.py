"""Sentences shared by the justification paragraphs of every procedure."""

from __future__ import annotations

import re

from trialkit.power.result import PowerResult


def num(x: float, digits: int = 4) -> str:
    """A number without trailing noise: 0.05, 1.25, 0.8123."""
    return f"{x:.{digits}g}"


def pct(x: float) -> str:
    """A proportion as a percentage with one decimal where it matters: 80%, 80.1%."""
    text = f"{100 * x:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def level(alpha: float, sides: int) -> str:
    """'a two-sided significance level of 0.05'."""
    return f"a {'two' if sides == 2 else 'one'}-sided significance level of {num(alpha)}"


def convention_sentence(r: PowerResult, sides: int | None = None) -> str:
    """How a two-sided test's power was counted: ' Power counts both rejection regions ...'."""
    if (r.inputs.get("sides") if sides is None else sides) != 2:
        return ""
    if r.inputs.get("power_convention", "two_tailed") == "directional":
        return (" Power counts only rejections in the direction of the effect (the directional "
                "convention of rpact and nQuery).")
    return " Power counts rejections in either direction (both rejection regions)."


def sourced(text: str, source: str) -> str:
    """'a standard deviation of 12 (from: Smith 2020, derived from the 95% CI)' when sourced."""
    return f"{text} (from: {source})" if source else text


def allocation(ratio: float) -> str:
    """'1:1' or '2:1 (treatment:control)'."""
    if ratio == 1:
        return "1:1"
    return f"{num(ratio)}:1 (treatment:control)"


def paragraph(
    r: PowerResult,
    *,
    test: str,
    effect: str = "",
    variability: str = "",
    sides: int,
    unit: str = "participants",
    alpha: float | None = None,
    goal: str = "",
    at: str = "",
    verb: str = "has",
    limit: str = "the smallest effect the study can detect",
    note: str = "",
    per: str = "per arm",
    allocated: bool | None = None,
    sizes: str = "",
) -> str:
    """The sample-size paragraph, for every procedure: test, sidedness, alpha, power, what is
    to be shown, its assumptions, the numbers, in three forms (solved for n, power or effect).

    A procedure passes only its phrases: ``test`` (what is tested), ``goal`` (what the power is
    for; by default 'detect {effect}'), ``variability`` (the assumptions), ``at`` (the level, by
    default ' at a two-sided significance level of 0.05'; ``alpha`` overrides the level stated,
    as a non-inferiority test states its one-sided level), ``verb`` ('have' for plural tests),
    ``limit`` (what a solved-for effect is) and ``note`` (sentences after the numbers);
    ``sizes`` names the numbers when they are not participants (events), ``allocated`` says
    whether to state the allocation (by default: with two arms).
    """
    alpha = r.inputs["alpha"] if alpha is None else alpha
    tested = f"{test}{at or ' at ' + level(alpha, sides)}"
    goal = goal or f"detect {effect}"
    var = f", {variability}" if variability else ""
    alloc = ""
    if allocated or (allocated is None and len(r.n_per_arm) == 2):
        alloc = f" and {allocation(r.inputs.get('ratio', 1.0))} allocation"
    sizes = sizes or sizes_text(r, unit, per)
    if r.solved_for == "n":
        text = (
            f"The sample size was calculated for {tested} to {goal}{var}, with "
            f"{pct(r.inputs['power'])} power{alloc}.{requirement(sizes, r.power)}"
        )
    elif r.solved_for == "power":
        text = f"With {sizes}{alloc}, {tested} {verb} {pct(r.power)} power to {goal}{var}."
    else:
        text = (
            f"With {sizes}{alloc}, {tested} {verb} {pct(r.inputs['power'])} power to "
            f"{goal}{var}; this is {limit} with that power."
        )
    return (f"{text}{note}{convention_sentence(r, sides)}{dropout_sentence(r, unit)} "
            f"Method: {r.method}.")


def requirement(sizes: str, power: float, these: str = "these numbers") -> str:
    """' This requires 64 participants per arm (128 in total); with these numbers the power
    is 80.1%.'"""
    return f" This requires {sizes}; with {these} the power is {pct(power)}."


def sizes_text(r: PowerResult, unit: str = "participants", per: str = "per arm") -> str:
    """'64 participants per arm (128 in total)', naming the arms (r.arms) when they differ."""
    if len(r.n_per_arm) == 1:
        return f"{r.n_total} {unit}"
    first, second = r.n_per_arm
    if first == second:
        return f"{first} {unit} {per} ({r.n_total} in total)"
    return (f"{first} {unit} in the {r.arms[0]} group and {second} in the {r.arms[1]} group "
            f"({r.n_total} in total)")


def dropout_sentence(r: PowerResult, unit: str = "participants") -> str:
    """' Allowing for 10% dropout, 50 participants per arm (100 in total) will be enrolled.'"""
    enrolled = r.n_per_arm_enrolled
    if not r.dropout or not enrolled:  # events alone: the loss is in the events' count
        return ""
    if len(enrolled) == 1:
        numbers = f"{enrolled[0]} {unit}"
    elif enrolled[0] == enrolled[1]:
        numbers = f"{enrolled[0]} {unit} per arm ({r.n_total_enrolled} in total)"
    else:
        numbers = f"{enrolled[0]} and {enrolled[1]} {unit} ({r.n_total_enrolled} in total)"
    return f" Allowing for {pct(r.dropout)} dropout, {numbers} will be enrolled."

FORMULAS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bsqrt\("), "\u221a("),
    (re.compile(r"(?<=\d) x (?=\d)"), " \u00d7 "),
    (re.compile(r"\bH0\b"), "the null hypothesis"),
    (re.compile(r"\bH1\b"), "the alternative hypothesis"),
    (re.compile(r"(?:^|(?<=[.!?] ))the (?=(?:null|alternative) hypothesis)"), "The "),
)
"""Formula notation in the engine's sentences, and how a reader sees it (protocol and CLI)."""

PLAIN_METHOD: tuple[tuple[str, str], ...] = (
    ("ANCOVA on a baseline covariate: t-test with residual SD sd*sqrt(1 - r^2)",
     "analysis of covariance on the baseline value: a t-test with the residual standard "
     "deviation SD \u00d7 \u221a(1 \u2212 r\u00b2)"),
    ("sd*sqrt(1 - r^2)", "SD \u00d7 \u221a(1 \u2212 r\u00b2)"),
    ("exact noncentral t", "exact power from the noncentral t distribution"),
    ("sqrt(ln(1 + CV^2))", "\u221a(ln(1 + CV\u00b2))"),
    ("1 + ((cv^2 + 1) m - 1) ICC", "1 + ((CV\u00b2 + 1)m \u2212 1) \u00d7 ICC"),
    ("(df = n1 + n2 - 2)", "(n\u2081 + n\u2082 \u2212 2 degrees of freedom)"),
    ("with z_{beta/2}", "with the normal quantile of half the type II error"),
    ("one df fewer", "one degree of freedom fewer"),
    ("2x2", "2 \u00d7 2"),
)
"""Formula notation in the engine's method names, and how a reader sees it."""


def plain_method(name: str) -> str:
    """A power method's name with its formula notation typeset for a reader."""
    for code, words in PLAIN_METHOD:
        name = name.replace(code, words)
    return name


def typeset(text: str) -> str:
    """An engine sentence as a reader sees it: method notation and formulas typeset (\u221a,
    \u00d7), hypotheses in words. The protocol applies the same two tables."""
    text = plain_method(text)
    for pattern, words in FORMULAS:
        text = pattern.sub(words, text)
    return text

