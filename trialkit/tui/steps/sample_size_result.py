"""The result side of the sample-size step: the sizing worker and what it shows.

The numbers and the paragraph come from trialkit.design.sizing.size_trial, the function the
protocol renderer calls, so the justification shown is the one the protocol will print. The
worker sizes the design, then its assurance, power curve and sensitivity rows, each posted
back with the generation of inputs it belongs to (stale answers are dropped).
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import get_current_worker

from trialkit.design.assessment import assurance_of
from trialkit.design.sizing import Sizing, size_trial
from trialkit.errors import TrialkitError
from trialkit.evidence.inputs import power_inputs
from trialkit.power.catalogue import Procedure
from trialkit.power.curves import design_curve
from trialkit.tui.messages import TrialEdited
from trialkit.tui.procedures import (
    SensitivityRow,
    evaluate_effect,
    explain,
    form_named,
    in_form_words,
    typed_fields,
)
from trialkit.tui.steps.analysis import fit_note
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets import evidence_picker as picker
from trialkit.tui.widgets.forms import show_error
from trialkit.tui.widgets.plot import PowerCurve
from trialkit.tui.widgets.text import literal, literal_text

EXTRAS_DELAY = 0.04
"""Seconds between showing the result and computing the curve and sensitivity table."""
SUPPLIED_TO_EVIDENCE = ("sd", "cv", "control_rate", "null_rate")
"""Parameters the evidence conversion may use (an SD for a CI-derived difference, say)."""


class SizingReady(Message):
    """The worker's main result for one generation of inputs."""

    def __init__(self, generation: int, sizing: Sizing, started: float) -> None:
        super().__init__()
        self.generation = generation
        self.sizing = sizing
        self.started = started


class AssuranceReady(Message):
    """The probability of success given the evidence, for one generation of inputs."""

    def __init__(self, generation: int, assurance: Any) -> None:
        super().__init__()
        self.generation = generation
        self.assurance = assurance


class ExtrasReady(Message):
    """The power curve and sensitivity rows for one generation of inputs."""

    def __init__(self, generation: int, curve: Any, rows: list[SensitivityRow]) -> None:
        super().__init__()
        self.generation = generation
        self.curve = curve
        self.rows = rows



class SizingPanel(StepPane):
    """The state of the sample-size step, its sizing worker, and the result it shows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.generation = 0
        self.sizing: Sizing | None = None
        self.library: Any = None
        self.last_latency: float | None = None
        self.result_count = 0
        self.sizing_generation = 0
        self.painted_count = 0
        self.parse_errors: set[str] = set()
        self.ranked: list[Any] = []
        self.show_all_evidence = False
        self.set_aside = picker.SetAside()

    @property
    def spec(self) -> Any:
        """The trial's sample-size section."""
        return self.trial.sample_size

    @property
    def form(self) -> Procedure | None:
        """The form of the chosen procedure."""
        return form_named(self.spec.procedure)

    def _set_spec(self, field: str, value: Any) -> None:
        if getattr(self.spec, field) == value:
            return
        setattr(self.spec, field, value)
        self.post_message(TrialEdited(f"sample_size.{field}"))

    # -- computing ---------------------------------------------------------------------

    def _set_parameter(self, name: str, value: Any) -> None:
        params = dict(self.spec.parameters)
        if value is None:
            if name not in params:
                return
            del params[name]
        elif params.get(name) == value:
            return
        else:
            params[name] = value
        self.spec.parameters = params
        self.post_message(TrialEdited(f"sample_size.parameters.{name}"))
        self.recompute()

    def recompute(self) -> None:
        """Start a calculation of the current inputs (replacing any still running)."""
        self.generation += 1
        self.compute(self.trial.model_copy(deep=True), self.generation, time.perf_counter())

    @work(thread=True, exclusive=True, group="sizing")
    def compute(self, trial: Any, generation: int, started: float) -> None:
        """Size the design, then its power curve and sensitivity rows (in a thread)."""
        link = self.app.evidence_link()  # type: ignore[attr-defined]
        sizing = size_trial(trial, link)
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        self.post_message(SizingReady(generation, sizing, started))
        if sizing.result is None or sizing.procedure is None:
            return
        success, _ = assurance_of(trial, sizing, link)  # the assessment's own rule
        if success is not None and not worker.is_cancelled:
            self.post_message(AssuranceReady(generation, success))
        time.sleep(EXTRAS_DELAY)  # let the UI paint the numbers first; skip if typing goes on
        if worker.is_cancelled:
            return
        points = design_curve(sizing.result)
        if worker.is_cancelled:
            return
        rows = self._sensitivity(trial, sizing)
        if not worker.is_cancelled:
            self.post_message(ExtrasReady(generation, points, rows))

    def _sensitivity(self, trial: Any, sizing: Sizing) -> list[SensitivityRow]:
        spec = trial.sample_size
        assert sizing.result is not None and sizing.procedure is not None
        form = form_named(sizing.procedure)
        if form is None:
            return []
        if form.effect is None:
            return []
        effect_name = form.effect.name
        current = sizing.kwargs.get(effect_name, sizing.result.inputs.get(effect_name))
        rows = [evaluate_effect(sizing.procedure, sizing.kwargs, sizing.result, "as designed",
                                current)]
        estimate = self._estimate(spec.evidence)
        if estimate is None or estimate.ci is None:
            return rows
        supplied = {k: v for k, v in spec.parameters.items() if k in SUPPLIED_TO_EVIDENCE}
        ci = estimate.ci
        limits = ((f"CI {ci.lower:g}", ci.lower), (f"estimate {estimate.value:g}", estimate.value),
                  (f"CI {ci.upper:g}", ci.upper))
        for label, value in limits:
            try:
                shifted = estimate.model_copy(update={"value": value})
                effect = power_inputs(shifted, sizing.procedure, **supplied).get(effect_name)
            except (TrialkitError, ValueError) as exc:
                rows.append(SensitivityRow(label, None, None, None,
                                           in_form_words(str(exc), form)))
                continue
            rows.append(evaluate_effect(sizing.procedure, sizing.kwargs, sizing.result, label,
                                        effect))
        return rows

    def _estimate(self, evidence_id: str | None) -> Any:
        if not evidence_id or self.library is None:
            return None
        try:
            return self.library.estimate(evidence_id)
        except (TrialkitError, LookupError):
            return None

    # -- results -> widgets ------------------------------------------------------------

    @on(SizingReady)
    def _show_sizing(self, event: SizingReady) -> None:
        event.stop()
        if event.generation != self.generation:
            return
        sizing = self.sizing = event.sizing
        self.sizing_generation = event.generation
        result_box = self.query_one("#ss-result", Static)
        message = self.query_one("#ss-message", Static)
        self._mark_engine_error(sizing)
        if sizing.result is None:
            result_box.update("No sample size yet.", layout=False)
            show_error(message, self._explain_here(sizing))
            self._justify("")
            self.query_one(PowerCurve).clear()
            self.query_one("#ss-sensitivity", DataTable).clear()
        else:
            result_box.update(self._headline(sizing), layout=False)
            show_error(message, "")
            self._justify(sizing.justification)
        # Shown (its class hides it while empty), and redrawn only when it changes.
        show_error(self.query_one("#ss-analysis", Static), fit_note(self.trial, sizing))
        self._show_conversion(sizing)
        self._show_supplied(sizing)
        self._show_sequential(sizing)
        self.last_latency = time.perf_counter() - event.started
        self.result_count += 1
        self.call_after_refresh(self._painted)

    @on(AssuranceReady)
    def _show_assurance(self, event: AssuranceReady) -> None:
        """Beside the power: the assurance, when the effect came from an evidence record."""
        event.stop()
        if event.generation != self.generation or self.sizing is None \
                or self.sizing.result is None:
            return
        self.query_one("#ss-result", Static).update(
            f"{self._headline(self.sizing)}  |  assurance {event.assurance.assurance:.1%} "
            "given the evidence", layout=False)

    def _justify(self, text: str) -> None:
        """Show the paragraph; a new layout only when its wrapped height may have changed.

        Skipping the layout keeps keystrokes fast; the wrap is measured at the box's
        current width, and a box not laid out yet (width 0) always gets a layout.
        """
        box = self.query_one("#ss-justification", Static)
        width = box.content_size.width
        lines = len(Text(text).wrap(self.app.console, width)) if text and width else 0
        shape = (width, lines)
        relayout = not width or shape != getattr(box, "_shape", None)
        box._shape = shape  # type: ignore[attr-defined]
        box.update(literal(text), layout=relayout)  # cites evidence text: shown, never obeyed

    def _painted(self) -> None:
        self.painted_count += 1
    @staticmethod
    def _explain(sizing: Sizing) -> str:
        if sizing.status == "not_specified":
            return "Choose a procedure, then enter the effect and variability (or pick evidence)."
        if sizing.invalid is not None:
            return explain(sizing.procedure, sizing.invalid)
        return in_form_words(sizing.message, form_named(sizing.procedure))

    def _explain_here(self, sizing: Sizing) -> str:
        """As _explain; a record that cannot size the design is named with the reason."""
        record = next((r for r in self.ranked if r.id == self.spec.evidence), None)
        if sizing.status == "error" and record is not None and not record.fits:
            return picker.note(self.ranked, record.id)
        return self._explain(sizing)

    def _mark_engine_error(self, sizing: Sizing) -> None:
        """Mark the field the engine refused: its name comes as data, not from the message."""
        for field in self.query("#ss-inputs Input").results(Input):
            if field.id and field.id[5:] not in self.parse_errors:
                field.remove_class("-invalid-field")
        for select in self.query("#ss-inputs Select").results(Select):
            select.remove_class("-invalid-field")
        form, invalid = self.form, sizing.invalid
        param = form.parameter(invalid.name) if form is not None and invalid else None
        if param is not None:
            found = self.query(f"#ss-p-{param.name}, #ss-c-{param.name}")
            if found:
                found.first().add_class("-invalid-field")

    @staticmethod
    def _headline(sizing: Sizing) -> str:
        r = sizing.result
        assert r is not None
        parts = []
        if r.extras.get("events") is not None:
            parts.append(f"events {r.extras.get('events')}")
        if r.n_per_arm:
            arms = " + ".join(str(n) for n in r.n_per_arm)
            label = "n per arm" if len(r.n_per_arm) == 2 else "n"
            parts.append(f"{label} {arms}" + (f" = {r.n_total} in total" if len(r.n_per_arm) > 1
                                              else ""))
            if r.dropout:
                parts.append(f"enrol {r.n_total_enrolled} for {r.dropout:.0%} dropout")
        parts.append(f"power {r.power:.1%}")
        if r.solved_for == "effect":
            parts.append(f"detectable effect {r.solution:.4g}")
        return "  |  ".join(parts)

    def _show_sequential(self, sizing: Sizing) -> None:
        design = sizing.sequential
        line = self.query_one("#ss-sequential", Static)
        if design is None:
            show_error(line, "")
            return
        bounds = ", ".join(f"{z:.3f}" for z in design.critical_z)
        timing = ", ".join(f"{t:.2f}" for t in design.timing)
        futility = ""
        if design.futility_z is not None:
            kind = "binding" if design.binding_futility else "non-binding"
            futility = (f"; {kind} futility boundaries (z): "
                        + ", ".join(f"{z:.3f}" for z in design.futility_z))
        show_error(line, f"Efficacy boundaries (z) at information {timing}: {bounds}"
                         f"{futility}; sample size inflated by {design.inflation_factor:.3f}.")

    @staticmethod
    def _sensitivity_columns(table: DataTable[Any]) -> None:
        for label, width in (("Assumption", 13), ("Effect", 6), ("n needed", 10),
                             ("Power at n", 10)):
            table.add_column(label, width=width)

    def _show_supplied(self, sizing: Sizing) -> None:
        """Blank inputs show the value the evidence (or the engine's default) supplies."""
        form = self.form
        if form is None:
            return
        inputs = {w.id: w for w in self.query("#ss-inputs Input").results(Input)}  # one walk
        for f in typed_fields(form):
            field = inputs.get(f"ss-p-{f.name}")
            if field is None:
                continue
            value = sizing.kwargs.get(f.name)
            if f.name not in self.spec.parameters and isinstance(value, int | float):
                placeholder = f"from evidence: {value:.4g}"
            else:
                placeholder = f.help
            if field.placeholder != placeholder:
                field.placeholder = placeholder

    def _show_conversion(self, sizing: Sizing) -> None:
        box = self.query_one("#ss-conversion", Static)
        if not self.spec.evidence or sizing.status == "error":
            show_error(box, "")
        elif sizing.evidence_sentences:
            show_error(box, "From the evidence: " + " ".join(sizing.evidence_sentences))
        else:
            show_error(box, "Evidence linked; every input is typed, so it is cited only.")

    @on(ExtrasReady)
    def _show_extras(self, event: ExtrasReady) -> None:
        event.stop()
        if event.generation != self.generation or self.sizing is None:
            return
        result = self.sizing.result
        plot = self.query_one(PowerCurve)
        form = form_named(result.procedure) if result is not None else None
        if event.curve is not None and result is not None and form is not None:
            points = event.curve
            label = form.size.label if form.size is not None else "n"
            unequal = len(result.n_per_arm) == 2 and result.n_per_arm[0] != result.n_per_arm[1]
            plot.set_curve(points.sizes, points.power, target=points.target_power,
                           marker=points.chosen_size,
                           x_label=label + (" (control)" if unequal and points.per_arm else ""))
        else:
            plot.clear()
        table = self.query_one("#ss-sensitivity", DataTable)
        table.clear()
        for row in event.rows:
            table.add_row(
                literal_text(row.label),
                "" if row.effect is None else f"{row.effect:.4g}",
                " + ".join(str(n) for n in row.needed) if row.needed
                else literal_text(row.note[:40] or "-"),
                "-" if row.power_at_design is None else f"{row.power_at_design:.1%}",
            )

