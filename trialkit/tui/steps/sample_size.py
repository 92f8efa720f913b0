"""Step 7: the sample size, recomputed in a worker thread on every keystroke.

This module is the procedure form: the endpoint, the procedure and one field per input of
it (from the power catalogue), and the interim looks. The evidence picker and the result
panel are its base classes (sample_size_evidence, sample_size_result).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select, Static

from trialkit.design import Trial
from trialkit.design.analysis import propose
from trialkit.design.analysis_checks import sized_analysis
from trialkit.design.model import GroupSequentialPlan
from trialkit.power.catalogue import choices
from trialkit.tui.calculations import simulation_hint
from trialkit.tui.messages import TrialEdited
from trialkit.tui.paths import error_text
from trialkit.tui.procedures import (
    available_forms,
    form_named,
    in_current_names,
    parse,
    picked_fields,
    short_hint,
    switched_parameters,
    typed_fields,
)
from trialkit.tui.steps.sample_size_evidence import EvidencePanel
from trialkit.tui.widgets.calculator_form import value_text
from trialkit.tui.widgets.forms import FieldInput, FieldSpec, ModelForm, show_error
from trialkit.tui.widgets.plot import PowerCurve
from trialkit.tui.widgets.text import literal_text

SPENDING = tuple((c.label, c.value) for c in choices("group_sequential", "spending"))
"""The efficacy boundaries, in the catalogue's words."""
FUTILITY = (("none", "none"),
            *((c.label, c.value) for c in choices("group_sequential", "futility")))
"""Stopping for futility: none, or a beta-spending bound in the catalogue's words."""
BINDING = tuple((c.label, "binding" if c.value else "non-binding")
                for c in choices("group_sequential", "binding_futility"))
"""Whether the futility bound is binding, in the catalogue's words."""


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


LOOKS_HELP = "blank: no interim analysis; e.g. 3 = two interim analyses and the final one"
"""What the number of analyses means (its field shows only "blank: none")."""


class SampleSizeStep(EvidencePanel):
    """Procedure, evidence, inputs; result, power curve, sensitivity table and paragraph."""

    STEP = "sample_size"
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        "sample_size.endpoint": "#ss-endpoint", "sample_size.procedure": "#ss-procedure",
        "sample_size.evidence": "#ss-evidence", "sample_size.group_sequential": "#ss-gs-k",
        "sample_size.group_sequential.futility": "#ss-gs-futility",
        "sample_size.group_sequential.binding_futility": "#ss-gs-binding",
    }

    def widget_for(self, path: str) -> str | None:
        """A parameter's own input (``sample_size.parameters.sd`` -> its field), else as listed."""
        name = path.removeprefix("sample_size.parameters.")
        if name != path and self.query(f"#ss-p-{name}, #ss-c-{name}, #ss-x-{name}"):
            return f"#ss-p-{name}, #ss-c-{name}, #ss-x-{name}"
        return super().widget_for(path)

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Sample size", classes="step-title")
        with Horizontal(classes="row"):
            with Vertical(classes="field"):
                yield Label("Primary endpoint", classes="field-label")
                yield Select([], id="ss-endpoint", prompt="(choose)", compact=True)
            with Vertical(classes="field"):
                yield Label("Procedure", classes="field-label")
                yield Select([(f.label, f.name) for f in available_forms()],
                             id="ss-procedure", prompt="(choose)", compact=True)
        yield Static("", id="ss-proposed", classes="conversion", markup=False)
        yield Static("", id="ss-analysis", classes="conversion", markup=False)
        with Vertical(classes="field"):
            yield Label("Effect from evidence", classes="field-label")
            yield Select([], id="ss-evidence", prompt="(none: type the effect)", compact=True)
            yield Static("", id="ss-evidence-note", classes="conversion", markup=False)
        yield from self.compose_supply()
        yield Static("", id="ss-result", classes="result", markup=False)
        yield Static("", id="ss-message", classes="field-error")
        yield Static("", id="ss-conversion", classes="conversion", markup=False)
        yield Vertical(id="ss-inputs", classes="columns")
        yield Static("", id="ss-help", classes="conversion", markup=False)
        with Vertical(classes="columns", id="ss-interim"):  # one column at 80: nothing cut
            with Vertical(classes="field"):
                yield Label("Analyses incl. final", classes="field-label")
                yield FieldInput(id="ss-gs-k", compact=True, placeholder="blank: none",
                                 tooltip=LOOKS_HELP)
                yield Static("", id="ss-gs-k-error", classes="field-error")
            with Vertical(classes="field"):
                yield Label("Boundary", classes="field-label")
                yield Select(SPENDING, id="ss-gs-spending", compact=True, allow_blank=False,
                             value="obf")
            with Vertical(classes="field"):
                yield Label("Stop for futility", classes="field-label")
                yield Select(FUTILITY, id="ss-gs-futility", compact=True, allow_blank=False,
                             value="none")
            with Vertical(classes="field"):
                yield Label("Futility bound", classes="field-label")
                yield Select(BINDING, id="ss-gs-binding", compact=True, allow_blank=False,
                             value="non-binding")
        yield Static("", id="ss-sequential", classes="conversion", markup=False)
        with Horizontal(id="ss-figures"):
            with Vertical(id="ss-curve-box"):
                yield Label("Power curve", classes="section-title")
                yield PowerCurve(id="ss-curve")
            with Vertical(id="ss-sensitivity-box"):
                yield Label("Sensitivity (as in the protocol)", classes="section-title")
                yield DataTable(id="ss-sensitivity", show_cursor=False)
        yield Label("Justification (as printed in the protocol)", classes="section-title")
        yield Static("", id="ss-justification", classes="justification", markup=False)
        yield ModelForm(Trial, [
            FieldSpec("sample_size.rationale", "Why these assumptions", multiline=True,
                      placeholder="printed after the paragraph"),
            FieldSpec("sample_size.target_enrolment", "Planned enrolment",
                      placeholder="blank: as calculated"),
        ], prefix="ss-why", id="ss-rationale-form")

    def on_mount(self) -> None:
        self._sensitivity_columns(self.query_one("#ss-sensitivity", DataTable))
        self.load_library()
        self.reload()

    # -- model -> widgets --------------------------------------------------------------

    proposed: tuple[str, str] | None = None
    """The endpoint and procedure this step chose from the planned analysis (once per step)."""

    def _propose(self) -> None:
        """A sample size with neither endpoint nor procedure chosen takes the primary endpoint
        and the procedure its planned analysis proposes (the Statistical analysis step's).

        Once per step: a choice the user makes, or clears, is never replaced.
        """
        spec = self.spec
        if self.proposed is not None or spec.endpoint or spec.procedure:
            return
        found = sized_analysis(self.trial)
        proposal = propose(found[1]) if found is not None else None
        if found is None or proposal is None or form_named(proposal.procedure) is None:
            return
        self.proposed = (found[0].id, proposal.procedure)
        spec.parameters = switched_parameters(None, proposal.procedure, spec.parameters)
        self._set_spec("endpoint", found[0].id)
        self._set_spec("procedure", proposal.procedure)

    def _say_proposed(self) -> None:
        """Under the endpoint and procedure: that trialkit chose them, while they stand (and
        that F5 checks the closed-form log(x + 1) ANCOVA by simulation)."""
        spec, text = self.spec, ""
        if self.proposed is not None and self.proposed == (spec.endpoint, spec.procedure):
            form = form_named(spec.procedure)
            text = (f"Chosen from the planned analysis: {spec.endpoint} sized by "
                    f"{form.label if form is not None else spec.procedure}. "
                    "Choose another endpoint or procedure here if you mean another.")
        text = " ".join(t for t in (text, simulation_hint(spec.procedure)) if t)
        show_error(self.query_one("#ss-proposed", Static), text)

    def reload(self) -> None:
        """Fill every widget from the model (proposing the procedure on a design that has
        none yet) and recompute."""
        self._propose()
        self._say_proposed()
        trial = self.trial
        # A design written before the agreed names is read in today's (saved only on save).
        self.spec.parameters = in_current_names(self.spec.procedure, self.spec.parameters)
        with self.prevent(Select.Changed, Input.Changed):
            endpoints = self.query_one("#ss-endpoint", Select)
            primary = trial.primary_endpoints()
            options = [(literal_text(_short(f"{e.id}: {e.name or ''}")), e.id) for e in primary]
            options += [(literal_text(_short(f"{e.id} (not primary): {e.name or ''}")), e.id)
                        for e in trial.endpoints() if e not in primary]
            endpoints.set_options(options)
            if self.spec.endpoint in {v for _, v in options}:
                endpoints.value = self.spec.endpoint
            procedure = self.query_one("#ss-procedure", Select)
            if self.form is not None:
                procedure.value = self.spec.procedure
            else:
                procedure.clear()
            self._fill_evidence()
            plan = self.spec.group_sequential
            self.query_one("#ss-gs-k", Input).value = str(plan.k) if plan else ""
            self.query_one("#ss-gs-spending", Select).value = plan.spending if plan else "obf"
            self.query_one("#ss-gs-futility", Select).value = (
                plan.futility if plan and plan.futility else "none")
            self.query_one("#ss-gs-binding", Select).value = (
                "binding" if plan and plan.binding_futility else "non-binding")
        self.fill_inputs()
        if self.trial.model_dump_json() != self.computed_for:  # else its result is shown
            self.recompute()

    def fill_inputs(self) -> None:
        """Show the model's parameters in the procedure's inputs: rewritten in place when the
        inputs shown are this procedure's (showing the step again), else built anew."""
        form = self.form
        if form is None or self._built_for != form.name:
            self.build_inputs()
            return
        inputs, selects = self.fields()
        params = self.spec.parameters
        with self.prevent(Select.Changed, Input.Changed):
            for f in typed_fields(form):
                field, text = inputs[f"ss-p-{f.name}"], value_text(params.get(f.name))
                if field.value != text:  # as a new input would show it: no error left
                    field.value = text
                    self.parse_errors.discard(f.name)
                    field.remove_class("-invalid-field")
                    if field.parent is not None:
                        show_error(field.parent.query_one(f"#ss-p-{f.name}-error", Static), "")
            for select, f in zip(selects, picked_fields(form), strict=True):
                current = params.get(f.name)
                value = current if current in [c.value for c in f.choices] else Select.NULL
                if select.value != value:
                    select.value = value

    _built_for: str | None = None
    """The procedure whose inputs ``build_inputs`` made last."""

    def build_inputs(self) -> None:
        """One input per parameter of the chosen procedure, filled from the model.

        The fields, their labels, help lines and choices come from the power catalogue.
        """
        box = self.query_one("#ss-inputs", Vertical)
        box.remove_children()
        inputs: dict[str, Input] = {}
        selects: list[Select[Any]] = []
        self._fields = (inputs, selects)  # the old ones leave the step only on the next idle
        form = self.form
        self._built_for = form.name if form is not None else None
        if form is None:
            box.mount(Static("Choose a procedure to enter its inputs.", classes="hint"))
            return
        params = self.spec.parameters
        widgets = []
        for f in typed_fields(form):
            value = params.get(f.name)
            field = inputs[f"ss-p-{f.name}"] = FieldInput(
                value_text(value), id=f"ss-p-{f.name}", placeholder=short_hint(f.help),
                compact=True, tooltip=f.help)
            widgets.append(Vertical(
                Label(f.label, classes="field-label"),
                field,
                Static("", id=f"ss-p-{f.name}-error", classes="field-error"),
                classes="field",
            ))
        for f in picked_fields(form):
            current = params.get(f.name)
            values = [c.value for c in f.choices]
            default = f.choice_label(f.default) if f.default is not None else "none"
            select: Select[Any] = Select(
                [(c.label, c.value) for c in f.choices], id=f"ss-c-{f.name}",
                compact=True, value=current if current in values else Select.NULL,
                prompt=f"default: {default}", tooltip=f.help)
            selects.append(select)
            widgets.append(Vertical(Label(f.label, classes="field-label"), select,
                                    classes="field"))
        box.mount_all(widgets)

    # -- widgets -> model --------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Under the inputs: the whole help line of the input or choice being filled in (its
        field shows only the start of it)."""
        form = self.form
        wid = event.widget.id or ""
        name = wid.removeprefix("ss-p-").removeprefix("ss-c-")
        param = form.parameter(name) if form is not None and name != wid else None
        text = f"{param.label}: {param.help}" if param is not None and param.help else ""
        show_error(self.query_one("#ss-help", Static),
                   f"Analyses incl. final: {LOOKS_HELP}" if wid == "ss-gs-k" else text)

    @on(Select.Changed, "#ss-endpoint")
    def _endpoint(self, event: Select.Changed) -> None:
        event.stop()
        self._set_spec("endpoint", None if event.value is Select.NULL else event.value)
        self._say_proposed()
        self._refill_evidence()

    @on(Select.Changed, "#ss-procedure")
    def _procedure(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        old = self.spec.procedure
        if value == old:
            return
        # Only values with the same meaning in the new procedure carry over (the catalogue
        # says which): a ratio of means never becomes an allocation ratio.
        self.spec.parameters = switched_parameters(old, value, self.spec.parameters)
        self.parse_errors.clear()
        self.set_aside.forget()
        self._set_spec("procedure", value)
        self._say_proposed()
        self._refill_evidence()
        self.build_inputs()
        self.recompute()

    def _set_plan(self) -> None:
        """The interim looks from the four fields of the interim row (blank analyses: none)."""
        error = self.query_one("#ss-gs-k-error", Static)
        field = self.query_one("#ss-gs-k", Input)
        k_text = field.value
        futility = str(self.query_one("#ss-gs-futility", Select).value)
        plan: GroupSequentialPlan | None = None
        if k_text.strip():
            old = self.spec.group_sequential
            data = {**(old.model_dump() if old else {}),
                    "spending": str(self.query_one("#ss-gs-spending", Select).value),
                    "futility": None if futility == "none" else futility,
                    "binding_futility": self.query_one("#ss-gs-binding", Select).value
                    == "binding"}
            try:
                data["k"] = int(k_text.strip())
                plan = GroupSequentialPlan.model_validate(data)
            except ValueError as exc:
                message = (error_text(exc) if isinstance(exc, ValidationError)
                           else f"'{k_text.strip()}' is not a whole number")
                show_error(error, message)
                field.add_class("-invalid-field")
                return
        show_error(error, "")
        field.remove_class("-invalid-field")
        if plan != self.spec.group_sequential:
            self.spec.group_sequential = plan
            self.post_message(TrialEdited("sample_size.group_sequential"))
            self.recompute()

    @on(Input.Changed, "#ss-gs-k")
    def _looks(self, event: Input.Changed) -> None:
        event.stop()
        self._set_plan()

    @on(Select.Changed, "#ss-gs-spending, #ss-gs-futility, #ss-gs-binding")
    def _boundaries(self, event: Select.Changed) -> None:
        event.stop()
        self._set_plan()

    @on(Select.Changed)
    def _choice(self, event: Select.Changed) -> None:
        wid = event.select.id or ""
        if wid.startswith("ss-c-"):
            event.stop()
            self._set_parameter(wid[5:], None if event.value is Select.NULL else event.value)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        wid = event.input.id or ""
        if not wid.startswith("ss-p-"):
            return
        event.stop()
        name = wid[5:]
        form = self.form
        param = form.parameter(name) if form is not None else None
        if param is None:
            return
        error = (event.input.parent or self).query_one(f"#{wid}-error", Static)  # beside it
        text = event.value.strip()
        self.parse_errors.discard(name)
        if not text:
            show_error(error, "")
            event.input.remove_class("-invalid-field")
            self._set_parameter(name, None)
            return
        try:
            value = parse(param, text)
        except ValueError as exc:
            self.parse_errors.add(name)
            show_error(error, str(exc))
            event.input.add_class("-invalid-field")
            return
        show_error(error, "")
        event.input.remove_class("-invalid-field")
        self._set_parameter(name, value)
