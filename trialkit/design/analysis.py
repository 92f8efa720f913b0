"""An endpoint's planned analysis, and the sample-size procedures that size that analysis.

The analysis (model, scale, adjusting covariates) is what the protocol's primary-analysis
paragraph states and what the sample size must be computed for. The convention tying the two
together lives here once; ``trialkit check``, the renderer and the terminal UI ask it.

Convention for analyses of a transformed outcome (log or log(x + 1)):

- An ANCOVA adjusted for the baseline value is sized by ``two_means`` with the difference and
  the SD on the analysis scale and ``baseline_correlation`` the correlation of baseline and
  outcome on that scale: the residual SD is SD * sqrt(1 - r^2) (Borm, Fransen & Lemmens, J Clin
  Epidemiol 2007).
- An ANCOVA on log(x + 1) adjusted for the baseline is proposed as ``ancova_log``: the same
  closed form with its inputs on the original scale (control mean, CV, ratio of means and the
  correlation on the log scale; Lachin et al., PLoS ONE 2011, for the C-peptide AUC).
  ``two_means`` with the log(x + 1) difference, SD and correlation sizes it too; the engine's
  simulated ``ancova_log_power`` checks both, and is not a design procedure.
- ``ratio_of_means`` is an unadjusted t-test of log(x) for log-normal outcomes (Julious, Stat Med
  2004): it sizes a t-test on the log scale only. It carries no baseline correlation and no
  "+ 1", so it does not size an ANCOVA or a log(x + 1) analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trialkit.design.model import Endpoint, EndpointAnalysis, Trial
from trialkit.power import catalogue

MODEL_WORDS: dict[str, str] = {
    "t_test": "a two-sample t-test",
    "ancova": "analysis of covariance (ANCOVA)",
    "mmrm": "a mixed model for repeated measures (MMRM)",
    "proportions": "a comparison of proportions",
    "logistic": "logistic regression",
    "exact_test": "an exact test of proportions",
    "count_regression": "Poisson or negative binomial regression of counts",
    "logrank": "the log-rank test",
    "cox": "a Cox proportional-hazards model",
    "crossover": "a 2x2 crossover analysis (period and treatment effects)",
    "one_sample": "a one-sample (single-arm or paired) test",
}
"""How each model is named in the protocol and in messages."""

SCALE_WORDS: dict[str, str] = {
    "identity": "the original scale", "log": "the log scale", "log1p": "the log(x + 1) scale",
}

_MATCHES: dict[str, tuple[str, ...]] = {
    "t_test": ("two_means", "equivalence_means", "ratio_of_means", "cluster_two_means"),
    "ancova": ("two_means", "ancova_log", "cluster_two_means"),
    "mmrm": ("repeated_measures", "two_means"),
    "proportions": ("two_proportions", "exact_two_proportions", "one_proportion",
                    "simon_two_stage", "cluster_two_proportions"),
    "logistic": ("two_proportions", "cluster_two_proportions"),
    "exact_test": ("exact_two_proportions", "one_proportion", "simon_two_stage"),
    "count_regression": ("two_rates",),
    "logrank": ("logrank",),
    "cox": ("logrank",),
    "crossover": ("crossover",),
    "one_sample": ("one_mean", "one_proportion", "simon_two_stage"),
}
"""The procedures that size each model (before the scale and the covariates are looked at)."""


UNADJUSTED = "the analysis adjusts for the baseline value but the sample size does not"
ADJUSTED = "the sample size assumes a baseline adjustment the analysis does not make"
BASELINE_REASONS = (UNADJUSTED, ADJUSTED)
"""The mismatches a procedure with an optional baseline correlation mends at that input."""


@dataclass(frozen=True)
class Proposal:
    """The procedure that sizes an analysis, the inputs it needs, and why."""

    procedure: str
    needs: tuple[str, ...]
    reason: str


def describe(analysis: EndpointAnalysis) -> str:
    """The analysis in words: 'analysis of covariance (ANCOVA) on the log(x + 1) scale, ...'."""
    words = MODEL_WORDS.get(analysis.model or "", "an analysis still to be chosen")
    if analysis.scale and analysis.scale != "identity":
        words += f" on {SCALE_WORDS[analysis.scale]}"
    if analysis.covariates:
        words += " adjusted for " + _join(analysis.covariates)
    return words


def propose(analysis: EndpointAnalysis) -> Proposal | None:
    """The design procedure that sizes this analysis (None when no model is chosen)."""
    model, scale = analysis.model, analysis.scale or "identity"
    if model is None:
        return None
    on_scale = "" if scale == "identity" else f" on {SCALE_WORDS[scale]}"
    if model == "ancova" and scale == "log1p" and analysis.adjusts_for_baseline:
        return Proposal("ancova_log", needs("ancova_log"),
                        "the ANCOVA of log(x + 1) adjusted for the baseline is sized from the "
                        "control mean, the spread on the original scale and the ratio of "
                        "means, with the correlation of baseline and outcome")
    if model == "ancova":
        adjust = (" with the correlation of baseline and outcome (Borm, Fransen & Lemmens 2007)"
                  if analysis.adjusts_for_baseline else "")
        extra = ("baseline_correlation",) if analysis.adjusts_for_baseline else ()
        return Proposal("two_means", needs("two_means", *extra),
                        f"the ANCOVA is sized as two means{on_scale}{adjust}")
    if model == "t_test" and scale == "log":
        return Proposal("ratio_of_means", needs("ratio_of_means"),
                        "a t-test of log(x) compares geometric means")
    if model == "t_test":
        return Proposal("two_means", needs("two_means"), f"a t-test{on_scale}")
    first = _MATCHES[model][0]
    return Proposal(first, needs(first), f"{MODEL_WORDS[model]} is sized by this procedure")


def needs(procedure: str, *optional: str) -> tuple[str, ...]:
    """What the procedure needs, as the power catalogue lists it, and ``optional`` inputs
    the analysis makes necessary (a baseline correlation for an adjusted analysis)."""
    listed = catalogue.procedure(procedure)
    assert listed is not None, procedure  # every proposed procedure is in the catalogue
    return listed.needs() + tuple(n for n in optional if n not in listed.needs())


def mismatch(analysis: EndpointAnalysis, procedure: str,
             baseline_correlation: float | None) -> str | None:
    """Why a sample size from ``procedure`` does not size ``analysis``, or None if it does."""
    model, scale = analysis.model, analysis.scale or "identity"
    if model is None or not procedure:
        return None
    if procedure not in _MATCHES[model]:
        return "it sizes a different analysis"
    if procedure == "ratio_of_means" and scale != "log":
        return ("a ratio of means is a t-test of log(x) without covariates"
                if scale == "log1p" else "a ratio of means is analysed on the log scale")
    if procedure == "ancova_log":
        if scale != "log1p":
            return "the log(x + 1) ANCOVA sizes an analysis on the log(x + 1) scale"
        if not analysis.adjusts_for_baseline:
            return ADJUSTED
        return None
    if procedure != "two_means" or model not in ("ancova", "t_test"):
        return None
    # A correlation stated as 0 sizes the ANCOVA conservatively (residual SD = SD * sqrt(1 - r^2)
    # is at most the SD): the choice when no source gives it. Left out, the size is unadjusted.
    if analysis.adjusts_for_baseline and model == "ancova" and baseline_correlation is None:
        return UNADJUSTED
    if baseline_correlation and not analysis.adjusts_for_baseline:
        return ADJUSTED
    return None


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def analysed_endpoint(trial: Trial) -> Endpoint | None:
    """The endpoint the sample size is for: the named one, else the first primary endpoint."""
    chosen = trial.sample_size.endpoint
    endpoint = trial.endpoint(chosen) if chosen else None
    if endpoint is None:
        primaries = trial.primary_endpoints()
        endpoint = primaries[0] if primaries else None
    return endpoint


def primary_analysis(trial: Trial) -> str | None:
    """The protocol's sentence on the primary endpoint's planned analysis (None if not chosen).

    When the sample size is computed for this analysis, the sentence says so and names the
    procedure, so the analysis and the sample-size sections can be read against each other.
    """
    endpoint = analysed_endpoint(trial)
    analysis = endpoint.analysis if endpoint is not None else None
    if endpoint is None or analysis is None or analysis.model is None:
        return None
    name = endpoint.name or endpoint.id
    text = f"The primary endpoint, {name}, is analysed by {describe(analysis)}."
    procedure = (trial.sample_size.procedure or "").strip()
    correlation = trial.sample_size.parameters.get("baseline_correlation")
    if procedure and mismatch(analysis, procedure, correlation) is None:
        text += " The sample size (section 10.7) is computed for this analysis"
        if procedure in ("two_means", "ancova_log") and correlation:
            text += f", with a correlation of {correlation:g} between baseline and outcome"
        elif procedure == "two_means" and correlation == 0 and analysis.adjusts_for_baseline:
            text += (", assuming no correlation between baseline and outcome (the unadjusted "
                     "size, conservative for the adjusted analysis)")
        text += "."
    if analysis.details:
        text += f" {analysis.details}"
    return text


_LOG = re.compile(r"\b(?:log(?:10|2|_?e)?|ln)\s*\(")
_PLUS_ONE = re.compile(r"\+\s*1(?:\.0*)?\s*\)")


def scale_of(transformation: str | None) -> str | None:
    """The analysis scale an endpoint's stated transformation names: 'log(AUC + 1)' and
    'log1p' -> log1p; 'log(AUC)', 'ln(x)' or 'log-transformed' -> log; None when it names
    neither (the scale stays the user's to choose)."""
    text = (transformation or "").lower()
    if "log1p" in text or "log(x+1)" in text.replace(" ", ""):
        return "log1p"
    found = _LOG.search(text)
    if found is None:
        return "log" if re.search(r"\blog[- ]?transform|\blogarithm", text) else None
    return "log1p" if _PLUS_ONE.search(text, found.end()) else "log"
