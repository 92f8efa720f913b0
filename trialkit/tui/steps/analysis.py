"""Step 6: the statistical analysis: the planned analysis of each endpoint, then the plan.

An endpoint's analysis (model, scale, adjusting covariates) is what the protocol's
primary-analysis paragraph states and what the sample size must be computed for; the line under
it names the procedure that sizes it (trialkit.design.analysis, the convention ``trialkit
check`` applies too).
"""

from __future__ import annotations

import re
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Select, Static

from trialkit.design import Trial
from trialkit.design.analysis import (
    MODEL_WORDS,
    SCALE_WORDS,
    describe,
    mismatch,
    propose,
    scale_of,
)
from trialkit.design.analysis_checks import sized_endpoint
from trialkit.design.model import InterimAnalysis
from trialkit.power import catalogue
from trialkit.tui.messages import TrialEdited
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, ModelForm, records_hint
from trialkit.tui.widgets.text import literal, literal_text

ANALYSIS_SPECS = [
    FieldSpec("analysis.model", "Model"),
    FieldSpec("analysis.scale", "Scale"),
    FieldSpec("analysis.covariates", "Adjusted for", placeholder="comma-separated, e.g. "
              "baseline value, age"),
    FieldSpec("analysis.details", "Further details", multiline=True),
]
PLAN_SPECS = [
    FieldSpec("statistics.analysis_populations", multiline=True,
              placeholder="e.g. intention to treat: everyone randomised, as randomised"),
    FieldSpec("statistics.primary_analysis", multiline=True,
              placeholder="e.g. the estimand's intercurrent events and how they are handled"),
    FieldSpec("statistics.secondary_analyses", multiline=True),
    FieldSpec("statistics.safety_analyses", multiline=True),
    FieldSpec("statistics.missing_data", multiline=True),
    FieldSpec("statistics.multiplicity", multiline=True),
    FieldSpec("statistics.subgroup_analyses", multiline=True),
    FieldSpec("statistics.sensitivity_analyses", multiline=True),
    FieldSpec("statistics.software", placeholder="e.g. R 4.4"),
    FieldSpec("interim_analyses", placeholder="none, or "
              + records_hint(InterimAnalysis).replace("one per line", "one look per line")),
]
_ENDPOINT_PATH = re.compile(r"^(objectives\.\d+\.endpoints\.\d+)\.analysis")


def endpoint_paths(trial: Any) -> list[tuple[str, Any]]:
    """Each endpoint with its path in the design ('objectives.0.endpoints.1')."""
    return [(f"objectives.{i}.endpoints.{j}", e) for i, o in enumerate(trial.objectives)
            for j, e in enumerate(o.endpoints)]


def sizing_line(analysis: Any, trial: Any = None, misfit: str | None = None) -> str:
    """The sample-size procedure proposed for the analysis, in words, and whether the design's
    current procedure fits it (given ``trial``): ``misfit`` is why it does not (None: it fits;
    empty: it does not, and the caller says why)."""
    proposal = propose(analysis) if analysis is not None else None
    if proposal is None:
        return "Choose a model: the sample-size step then proposes the procedure that sizes it."
    found = catalogue.procedure(proposal.procedure)
    name = found.label if found is not None else proposal.procedure
    needs = ""
    if found is not None and proposal.needs:
        needs = " Give: " + ", ".join(found.asked_as(n) for n in proposal.needs) + "."
    line = f"Proposed sample-size procedure: {name}; {proposal.reason}.{needs}"
    current = _current_procedure(trial)
    if not current:
        return line
    if misfit is None:
        return f"{line} The current procedure, {current}, fits this analysis."
    return f"{line} The current procedure, {current}, does not fit it" + (
        f": {misfit}." if misfit else ".")


def _current_procedure(trial: Any) -> str:
    """The sample size's procedure in words ('Two means (t-test) with baseline correlation
    0.7'), or empty when none is chosen."""
    spec = getattr(trial, "sample_size", None)
    if spec is None:
        return ""
    found = catalogue.procedure((spec.procedure or "").strip())
    if found is None:
        return ""
    correlation = spec.parameters.get("baseline_correlation")
    if isinstance(correlation, int | float) and correlation:
        return f"{found.label} with baseline correlation {correlation:g}"
    return found.label


def _scale(endpoint: Any) -> str | None:
    return getattr(endpoint.analysis, "scale", None)


class AnalysisStep(StepPane):
    """The analysis of each endpoint (model, scale, covariates) and the analysis plan."""

    STEP = "analysis"

    def compose(self) -> ComposeResult:
        yield Static("Statistical analysis", classes="step-title")
        yield Static("Planned analysis of each endpoint", classes="section-title")
        with Vertical(classes="field"):
            yield Label("Endpoint", classes="field-label")
            yield Select([], id="an-endpoint", prompt="(no endpoints yet)", compact=True)
        yield ModelForm(Trial, ANALYSIS_SPECS, base="objectives.0.endpoints.0", prefix="an",
                        id="an-form", classes="columns")
        yield Static("", id="an-sizing", classes="conversion", markup=False)
        yield Static("Analysis plan", classes="section-title")
        yield ModelForm(Trial, PLAN_SPECS, prefix="stats", id="stats-form")

    def on_mount(self) -> None:
        self._words("#an-analysis--model", MODEL_WORDS)
        self._words("#an-analysis--scale", SCALE_WORDS)
        self.reload()

    def _words(self, selector: str, words: dict[str, str]) -> None:
        """Choices in the protocol's words rather than the file's codes."""
        select = self.query_one(selector, Select)
        value = select.value
        with self.prevent(Select.Changed):
            select.set_options([(w[:1].upper() + w[1:], code) for code, w in words.items()])
            if value in words:
                select.value = value

    @property
    def form(self) -> ModelForm:
        """The form of the chosen endpoint's analysis."""
        return self.query_one("#an-form", ModelForm)

    def reload(self) -> None:
        """List the endpoints, keep the chosen one, and show the values in the model."""
        paths = endpoint_paths(self.trial)
        select = self.query_one("#an-endpoint", Select)
        with self.prevent(Select.Changed):
            select.set_options([(literal_text(f"{e.id}: {e.name or ''}"), p) for p, e in paths])
            known = [p for p, _ in paths]
            if known:
                select.value = self.form.base if self.form.base in known else known[0]
        self.form.display = bool(paths)
        if paths:
            self.form.base = str(select.value)
        super().reload()
        self._show_sizing()

    def _show_sizing(self) -> None:
        endpoint = self._endpoint()
        if endpoint is None:
            text = "Add endpoints in the objectives step first."
        elif endpoint.analysis is not None and endpoint == sized_endpoint(self.trial):
            text = sizing_line(endpoint.analysis, self.trial, self._misfit(endpoint.analysis))
        else:
            text = sizing_line(endpoint.analysis)
        if endpoint is not None and self.scale_proposed == (self.form.base, _scale(endpoint)):
            text = (f"Scale: {SCALE_WORDS[_scale(endpoint) or 'identity']}, as the endpoint's "
                    f"transformation ({endpoint.transformation}) says.\n{text}")
        self.query_one("#an-sizing", Static).update(literal(text))

    scale_proposed: tuple[str, str | None] | None = None
    """The endpoint whose scale this step took from its transformation, and that scale."""

    def _propose_scale(self) -> None:
        """Once a model is chosen for an endpoint whose scale is still unset: the scale its
        stated transformation names (log(AUC + 1) -> the log(x + 1) scale)."""
        endpoint = self._endpoint()
        analysis = getattr(endpoint, "analysis", None)
        if analysis is None or analysis.model is None or analysis.scale is not None:
            return
        scale = scale_of(endpoint.transformation)
        if scale is None:
            return
        analysis.scale = scale
        self.scale_proposed = (self.form.base, scale)
        self.form.load()
        self.post_message(TrialEdited(f"{self.form.base}.analysis.scale"))

    def _misfit(self, analysis: Any) -> str | None:
        """Why the design's sample-size procedure does not size ``analysis`` (None: it does)."""
        spec = self.trial.sample_size
        correlation = spec.parameters.get("baseline_correlation")
        return mismatch(analysis, (spec.procedure or "").strip(),
                        correlation if isinstance(correlation, int | float) else None)

    def _endpoint(self) -> Any:
        return dict(endpoint_paths(self.trial)).get(self.form.base)

    @on(Select.Changed, "#an-endpoint")
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.form.rebind(event.value)
            self._show_sizing()

    @on(TrialEdited)
    def _edited(self, event: TrialEdited) -> None:
        if event.path == self.form.base + ".analysis.model":
            self._propose_scale()
        if event.path.startswith(self.form.base + ".analysis"):
            self._show_sizing()

    def show_field(self, path: str) -> bool:
        """An endpoint's analysis field first shows that endpoint."""
        match = _ENDPOINT_PATH.match(path)
        if match and match.group(1) in dict(endpoint_paths(self.trial)):
            self.reload()  # the endpoints may have changed since the step was last shown
            with self.prevent(Select.Changed):
                self.query_one("#an-endpoint", Select).value = match.group(1)
            self.form.rebind(match.group(1))
            self._show_sizing()
        return False


ANALYSIS_FIELDS = ("sample_size.procedure", "sample_size.parameters.baseline_correlation")
"""Where the assessment puts a sample size computed for another analysis (its procedure, or its
baseline adjustment)."""


def fit_note(trial: Any, assessment: Any) -> str:
    """For the sample-size step: the planned analysis, the procedure proposed to size it, and
    the assessment's design problem when the sample size is computed for a different analysis."""
    from trialkit.design.analysis_checks import sized_analysis

    found = sized_analysis(trial)
    if found is None:
        return ("No analysis is planned for this endpoint yet (the step before, Statistical "
                "analysis): the sample size cannot be checked against it.")
    endpoint, analysis = found
    problems = [p.message for p in assessment.problems if p.field in ANALYSIS_FIELDS]
    line = sizing_line(analysis, trial, "" if problems else None)
    head = f"Planned analysis of {endpoint.id}: {describe(analysis)}. {line}"
    if problems:
        return head + "\nDesign problem: " + problems[0][:1].upper() + problems[0][1:] + "."
    return head
