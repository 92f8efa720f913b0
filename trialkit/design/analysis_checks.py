"""Design check: the sample size is computed for the analysis the protocol plans.

A sample size computed for a different analysis (an unadjusted t-test for an endpoint analysed
by a baseline-adjusted ANCOVA, say) is a design problem: ``trialkit check``, the review and the
sample-size step all show it, because all read ``check_design`` through one assessment.
"""

from __future__ import annotations

from collections.abc import Iterator

from trialkit.design.analysis import BASELINE_REASONS, describe, mismatch, propose
from trialkit.design.model import Endpoint, EndpointAnalysis, Trial
from trialkit.design.sizing import Sizing
from trialkit.design.validate import Problem
from trialkit.power import catalogue


def sized_endpoint(trial: Trial) -> Endpoint | None:
    """The endpoint the sample size is for: the named one, else the only primary endpoint."""
    if trial.sample_size.endpoint:
        return trial.endpoint(trial.sample_size.endpoint)
    primaries = trial.primary_endpoints()
    return primaries[0] if len(primaries) == 1 else None


def sized_analysis(trial: Trial) -> tuple[Endpoint, EndpointAnalysis] | None:
    """The sized endpoint and its planned analysis, when a model is chosen for it."""
    endpoint = sized_endpoint(trial)
    analysis = getattr(endpoint, "analysis", None)
    if endpoint is None or analysis is None or analysis.model is None:
        return None
    return endpoint, analysis


def analysis_problems(trial: Trial, sizing: Sizing) -> Iterator[Problem]:
    """A sample size whose procedure (or baseline adjustment) is not the planned analysis's,
    or that cannot be checked because the sized endpoint's analysis is not stated."""
    found = sized_analysis(trial)
    name = (trial.sample_size.procedure or "").strip()
    if not name or catalogue.procedure(name) is None:
        return
    if found is None:
        yield from _unstated(trial)
        return
    endpoint, analysis = found
    params = {**sizing.kwargs, **trial.sample_size.parameters}
    correlation = params.get("baseline_correlation")
    reason = mismatch(analysis, name, correlation if isinstance(correlation, int | float)
                      else None)
    if reason is None:
        return
    proposal = propose(analysis)
    advice = ""
    if proposal is not None:
        advice = f"; size it with {procedure_words(proposal.procedure)}"
        if "baseline_correlation" in proposal.needs:
            advice += " and give the baseline correlation"
    # A procedure whose baseline correlation is optional mends the adjustment at that input.
    proc = catalogue.procedure(name)
    optional = proc.parameter("baseline_correlation") if proc is not None else None
    at_input = reason in BASELINE_REASONS and optional is not None and not optional.required
    if at_input:
        advice = ("; give the baseline correlation" if reason == BASELINE_REASONS[0]
                  else "; leave the baseline correlation out")
    field = ("sample_size.parameters.baseline_correlation" if at_input
             else "sample_size.procedure")
    yield Problem(
        "error", field,
        f"the sample size ({procedure_words(name)}) is not computed for the primary analysis "
        f"of {endpoint.id}, {describe(analysis)}: {reason}{advice}",
    )


def _unstated(trial: Trial) -> Iterator[Problem]:
    """The sized endpoint has no model: its analysis text may name one the sample size does not
    size (an ANCOVA sized as a t-test), and nothing can tell. A fact, never a guess at the text."""
    endpoint = sized_endpoint(trial)
    if endpoint is None or trial.endpoint_level(endpoint) != "primary":
        return
    field = next(f"objectives.{o}.endpoints.{e}.analysis.model"
                 for o, objective in enumerate(trial.objectives)
                 for e, one in enumerate(objective.endpoints) if one is endpoint)
    yield Problem(
        "warning", field,
        f"say how the primary endpoint {endpoint.id} is analysed (Statistical analysis step: "
        "model, scale, covariates) so the sample size can be checked against it",
    )


def procedure_words(name: str) -> str:
    """A procedure as the forms name it: 'Two means (t-test)'."""
    found = catalogue.procedure(name)
    return found.label if found is not None else name
