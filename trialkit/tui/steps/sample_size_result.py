"""The result side of the sample-size step: the sizing worker and what it shows.

Everything shown comes from the design's assessment (trialkit.design.assessment), the one
``trialkit check`` and the protocol read: first the sample size the trial states
(``state_size``: the result line and the justification, on every keystroke), then the rest of
the assessment from it (``assess_sizing``: the assurance, the sensitivity rows as the protocol
prints them, and the design problems of the planned-analysis note) with the power curve. Each
is posted back with the generation of inputs it belongs to (stale answers are dropped).

While the user types, only the stated size is computed and shown: the rest of the assessment
starts once typing pauses (a timer, reset by each input: no new input for ``EXTRAS_DELAY``),
so a keystroke never waits behind the curve and the sensitivity table of the value typed
before it.
"""

from __future__ import annotations

import time
from typing import Any

from textual import on, work
from textual.coordinate import Coordinate
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select
from textual.worker import get_current_worker

from trialkit.design.assessment import Assessment, StatedSize, assess_sizing, state_size
from trialkit.design.sizing import Sizing
from trialkit.power.catalogue import Procedure
from trialkit.power.curves import design_curve
from trialkit.render.sample_size import sensitivity_rows
from trialkit.tui.messages import TrialEdited
from trialkit.tui.procedures import (
    explain,
    form_named,
    short_hint,
    typed_fields,
)
from trialkit.tui.steps.analysis import fit_note
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets import evidence_picker as picker
from trialkit.tui.widgets.forms import show_error
from trialkit.tui.widgets.plot import PowerCurve
from trialkit.tui.widgets.text import literal_text, rewrite

EXTRAS_DELAY = 0.25
"""While the user types (inputs changing less than this many seconds apart), the seconds
without a new input after the stated size before the rest of the assessment is computed:
a pause in typing."""
PAINT_DELAY = 0.04
"""After a single change, the seconds that let the UI paint the stated size first."""


class SizingReady(Message):
    """The sample size the trial states, for one generation of inputs."""

    def __init__(self, generation: int, size: StatedSize, started: float) -> None:
        super().__init__()
        self.generation = generation
        self.size = size
        self.started = started


class AssessmentReady(Message):
    """The assessment (without SPIRIT coverage) and the power curve, for one generation."""

    def __init__(self, generation: int, assessment: Assessment, curve: Any) -> None:
        super().__init__()
        self.generation = generation
        self.assessment = assessment
        self.curve = curve


class SizingPanel(StepPane):
    """The state of the sample-size step, its sizing worker, and the result it shows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.generation = 0
        self.sizing: Sizing | None = None
        self.stated_size: StatedSize | None = None
        self.assessment: Assessment | None = None
        """The assessment of the inputs shown (None until it arrives, and while typing)."""
        self.library: Any = None
        self.last_latency: float | None = None
        self.result_count = 0
        self.sizing_generation = 0
        self.painted_count = 0
        self.parse_errors: set[str] = set()
        self.ranked: list[Any] = []
        self.show_all_evidence = False
        self.set_aside = picker.SetAside()
        self.computed_for = ""
        """The design (as JSON) the last calculation was started for."""
        self._last_input = 0.0
        """When the inputs last changed (time.perf_counter)."""
        self._pause = PAINT_DELAY
        """The seconds between showing the stated size and starting the rest (see recompute)."""
        self._computing: Any = None
        """The copy of the design the calculation in hand was started for."""
        self._extras_timer: Timer | None = None
        """Starts the rest of the assessment once the stated size is shown and typing pauses."""
        self._found: dict[str, Any] = {}
        self._fields: tuple[dict[str, Input], list[Select[Any]]] | None = None

    def one(self, selector: str) -> Any:
        """The step's widget matching ``selector``, looked up once: the result's widgets are
        composed once and rewritten on every keystroke (a query walks the whole step)."""
        found = self._found.get(selector)
        if found is None:
            found = self._found[selector] = self.query_one(selector)
        return found

    def fields(self) -> tuple[dict[str, Input], list[Select[Any]]]:
        """The procedure's inputs (by id) and choices, looked up once per ``build_inputs``."""
        if self._fields is None:
            box = self.one("#ss-inputs")
            self._fields = ({w.id or "": w for w in box.query(Input).results(Input)},
                            list(box.query(Select).results(Select)))
        return self._fields

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
        """Start a calculation of the current inputs (replacing any still running, and the
        rest of the assessment of the inputs before, started or waiting)."""
        now = time.perf_counter()
        self._pause = EXTRAS_DELAY if now - self._last_input < EXTRAS_DELAY else PAINT_DELAY
        self._last_input = now
        if self._extras_timer is not None:
            self._extras_timer.stop()  # typing goes on: the rest waits for the new inputs
        self.generation += 1
        self.computed_for = self.trial.model_dump_json()
        self._computing = self.trial.model_copy(deep=True)
        self.compute(self._computing, self.generation, now)

    @work(thread=True, exclusive=True, group="sizing", description="sample size")
    def compute(self, trial: Any, generation: int, started: float) -> None:
        """The sample size the trial states (in a thread)."""
        size = state_size(trial, self.app.evidence_link())  # type: ignore[attr-defined]
        if not get_current_worker().is_cancelled:
            self.post_message(SizingReady(generation, size, started))

    def _start_extras(self) -> None:
        """The timer's end: the rest of the assessment of the size shown (the timer is set
        when the current inputs' size is shown, and stopped when the inputs change)."""
        if self.stated_size is not None:
            self.compute_extras(self._computing, self.generation, self.stated_size)

    @work(thread=True, exclusive=True, group="sizing", description="sample size assessment")
    def compute_extras(self, trial: Any, generation: int, size: StatedSize) -> None:
        """The rest of the assessment of ``size`` and the power curve (in a thread)."""
        assessment = assess_sizing(trial, self.app.evidence_link(),  # type: ignore[attr-defined]
                                   size)
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        stated = assessment.stated
        curve = design_curve(stated) if stated is not None else None
        if not worker.is_cancelled:
            self.post_message(AssessmentReady(generation, assessment, curve))

    # -- results -> widgets ------------------------------------------------------------

    @on(SizingReady)
    def _show_sizing(self, event: SizingReady) -> None:
        event.stop()
        if event.generation != self.generation:
            return
        size, self.assessment = event.size, None
        sizing = self.sizing = size.sizing
        self.stated_size = size
        self.sizing_generation = event.generation
        result_box, message = self.one("#ss-result"), self.one("#ss-message")
        self._mark_engine_error(sizing)
        if size.stated is None:
            result_box.update("No sample size yet.", layout=False)
            show_error(message, self._explain_here(sizing))
            self._justify("")
            self.one("#ss-curve").clear()
            self.one("#ss-sensitivity").clear()
        else:
            result_box.update(self._headline(size), layout=False)
            show_error(message, "")
            self._justify(size.justification)
        self._show_conversion(sizing)
        self._show_supplied(sizing)
        self._show_sequential(sizing)
        self.last_latency = time.perf_counter() - event.started
        self.result_count += 1
        self.call_after_refresh(self._painted)
        self._extras_timer = self.set_timer(self._pause, self._start_extras)

    @on(AssessmentReady)
    def _show_assessment(self, event: AssessmentReady) -> None:
        """The assurance beside the power (when the effect came from an evidence record), the
        planned-analysis note with the assessment's problems, the curve and the sensitivity."""
        event.stop()
        if event.generation != self.generation:
            return
        assessment = self.assessment = event.assessment
        # Shown (its class hides it while empty), and redrawn only when it changes.
        show_error(self.one("#ss-analysis"), fit_note(self.trial, assessment))
        if assessment.stated is None:
            return
        if assessment.assurance is not None:
            self.one("#ss-result").update(
                f"{self._headline(assessment.size)}  |  assurance "
                f"{assessment.assurance.assurance:.1%} given the evidence", layout=False)
        self._show_curve(assessment, event.curve)
        self._show_sensitivity([
            (row.label, row.value, str(row.analysed), str(row.enrolled), row.power, row.change)
            for row in sensitivity_rows(assessment)])

    def _show_sensitivity(self, rows: list[tuple[str, ...]]) -> None:
        """The protocol's sensitivity rows; cells are rewritten in place while the rows keep
        their number (as they do while a value is typed), which spares the table a rebuild."""
        table: DataTable[Any] = self.one("#ss-sensitivity")
        if len(rows) != table.row_count:
            table.clear()
            for row in rows:
                table.add_row(*(literal_text(cell) for cell in row))
            return
        for i, row in enumerate(rows):
            shown = table.get_row_at(i)
            for j, cell in enumerate(row):
                if str(shown[j]) != cell:
                    table.update_cell_at(Coordinate(i, j), literal_text(cell))

    def _justify(self, text: str) -> None:
        """Show the paragraph (it cites evidence text: shown, never obeyed); a new layout only
        when its wrapped height may have changed, which keeps keystrokes fast."""
        rewrite(self.one("#ss-justification"), text)

    def _painted(self) -> None:
        self.painted_count += 1
    @staticmethod
    def _explain(sizing: Sizing) -> str:
        if sizing.status == "not_specified":
            return "Choose a procedure, then enter the effect and variability (or pick evidence)."
        if sizing.invalid is not None:
            return explain(sizing.procedure, sizing.invalid)
        return sizing.message  # in words already: the design layer says them once

    def _explain_here(self, sizing: Sizing) -> str:
        """As _explain; a record that cannot size the design is named with the reason."""
        record = next((r for r in self.ranked if r.id == self.spec.evidence), None)
        if sizing.status == "error" and record is not None and not record.fits:
            return picker.note(self.ranked, record.id)
        return self._explain(sizing)

    def _mark_engine_error(self, sizing: Sizing) -> None:
        """Mark the field the engine refused: its name comes as data, not from the message."""
        inputs, selects = self.fields()
        for field in inputs.values():
            if field.id and field.id[5:] not in self.parse_errors:
                field.remove_class("-invalid-field")
        for select in selects:
            select.remove_class("-invalid-field")
        form, invalid = self.form, sizing.invalid
        param = form.parameter(invalid.name) if form is not None and invalid else None
        if param is not None:
            found = inputs.get(f"ss-p-{param.name}") or next(
                (s for s in selects if s.id == f"ss-c-{param.name}"), None)
            if found is not None:
                found.add_class("-invalid-field")

    @staticmethod
    def _headline(size: StatedSize) -> str:
        """'34 + 34 = 68 analysed, 76 to enrol  |  power 81.2%': the sample size as check
        states it (``StatedSize.words``), the power of that calculation."""
        r = size.stated
        assert r is not None
        parts = []
        if r.extras.get("events") is not None:
            parts.append(f"events {r.extras.get('events')}")
        if r.n_per_arm:
            parts.append(size.words)
        parts.append(f"power {r.power:.1%}")
        if r.solved_for == "effect":
            parts.append(f"detectable effect {r.solution:.4g}")
        return "  |  ".join(parts)

    def _show_sequential(self, sizing: Sizing) -> None:
        design = sizing.sequential
        line = self.one("#ss-sequential")
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
        """The protocol's sensitivity table's columns, the numbers first to fit beside the
        curve: the sample size needed (analysed, then enrolled) and the planned trial's power."""
        for label, width in (("Planning value", 14), ("Value", 5), ("Needed", 6),
                             ("Enrol", 5), ("Power", 5), ("Change", 22)):
            table.add_column(label, width=width)

    def _show_supplied(self, sizing: Sizing) -> None:
        """Blank inputs show the value the evidence (or the engine's default) supplies."""
        form = self.form
        if form is None:
            return
        inputs = self.fields()[0]
        for f in typed_fields(form):
            field = inputs.get(f"ss-p-{f.name}")
            if field is None:
                continue
            value = sizing.kwargs.get(f.name)
            if f.name not in self.spec.parameters and isinstance(value, int | float):
                placeholder = f"from evidence: {value:.4g}"
            else:
                placeholder = short_hint(f.help)
            if field.placeholder != placeholder:
                field.placeholder = placeholder

    def _show_conversion(self, sizing: Sizing) -> None:
        box = self.one("#ss-conversion")
        if not self.spec.evidence or sizing.status == "error":
            show_error(box, "")
        elif sizing.evidence_sentences:
            show_error(box, "From the evidence: " + " ".join(sizing.evidence_sentences))
        else:
            show_error(box, "Evidence linked; every input is typed, so it is cited only.")

    def _show_curve(self, assessment: Assessment, curve: Any) -> None:
        """The power curve around the stated calculation (trialkit.power's one design curve)."""
        result = assessment.stated
        plot: PowerCurve = self.one("#ss-curve")
        form = form_named(result.procedure) if result is not None else None
        if curve is None or result is None or form is None:
            plot.clear()
            return
        label = form.size.label if form.size is not None else "n"
        unequal = len(result.n_per_arm) == 2 and result.n_per_arm[0] != result.n_per_arm[1]
        plot.set_curve(curve.sizes, curve.power, target=curve.target_power,
                       marker=curve.chosen_size,
                       x_label=label + (" (control)" if unequal and curve.per_arm else ""))
