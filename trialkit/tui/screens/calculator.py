"""The calculators screen (F5): every procedure the command line offers that does not size a
design, with its form generated from the power catalogue and the command line's table and
paragraph as the result.

Quick procedures are recomputed in a worker thread as the fields change; the simulated ANCOVA
on log(x + 1) runs only when asked (Simulate, or ctrl+r), in a cancellable worker thread that
shows its progress and its random seed. Opened from a design sized by the closed-form log(x + 1)
ANCOVA, it offers that design's inputs, to check the closed form by simulation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Label, Select, Static
from textual.worker import Worker, get_current_worker

from trialkit.errors import TrialkitError
from trialkit.tui.calculations import (
    CALCULATORS,
    SIMULATED_CHECK,
    Calculation,
    FromDesign,
    calculate,
    calculator,
    complaint,
    from_design,
    simulated,
    sized_by_closed_form,
)
from trialkit.tui.threads import deliver
from trialkit.tui.widgets.calculator_form import CalculatorForm, value_text
from trialkit.tui.widgets.forms import show_error
from trialkit.tui.widgets.key_bar import KeyBar
from trialkit.tui.widgets.text import literal_text


class Stopped(Exception):
    """The simulation was cancelled: raised from its progress report to end it early."""


def table_text(rows: list[tuple[str, str]]) -> str:
    """Two aligned columns, as the command line prints the table."""
    width = max((len(label) for label, _ in rows), default=0)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


class CalculatorScreen(Screen[None]):
    """Pick a calculator, fill its fields, read the table and the paragraph."""

    AUTO_FOCUS = "#calc-procedure"
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #calc { padding: 0 1; height: 1fr; scrollbar-gutter: stable; }
    #calc-form-box, #calc-form { height: auto; }
    #calc-fields { layout: grid; grid-size: 3; grid-gutter: 0 1; height: auto; margin-top: 1; }
    .narrow #calc-fields { grid-size: 2; }
    #calc-buttons { height: auto; margin-top: 1; }
    #calc-buttons Button { margin-right: 1; }
    #calc-rows { padding: 0 1; height: auto; margin-top: 1; background: $accent 10%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "run", "Simulate"),
    ]

    def __init__(self, start: str | None = None, *, prefill: FromDesign | None = None) -> None:
        super().__init__()
        self.prefill = prefill
        first = SIMULATED_CHECK if prefill is not None else start or CALCULATORS[0].name
        self.procedure = calculator(first)
        self.texts: dict[str, dict[str, Any]] = {}
        """What was typed in each calculator's fields, kept while switching between them."""
        if prefill is not None:
            self.texts[SIMULATED_CHECK] = dict(prefill.values)
        self.rows: list[tuple[str, str]] = []
        """The result's table, as the command line prints it (empty while there is none)."""
        self.running: Worker[Any] | None = None
        self.engine_marked = ""
        """The field the engine's last complaint marked (cleared when the form is computed again)."""

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="calc") as page:
            page.can_focus = False  # no invisible tab stop: its fields scroll it into view
            yield Static("Calculators", classes="step-title")
            with Vertical(classes="field"):
                yield Label("Calculator", classes="field-label")
                yield Select([(p.label, p.name) for p in CALCULATORS], id="calc-procedure",
                             value=self.procedure.name, allow_blank=False, compact=True)
            yield Static("", id="calc-about", classes="hint", markup=False)
            yield Static("", id="calc-design-note", classes="conversion", markup=False)
            yield Vertical(id="calc-form-box")
            with Horizontal(id="calc-buttons"):
                yield Button("Simulate (ctrl+r)", id="calc-run", compact=True)
                yield Button("Cancel (Esc)", id="calc-cancel", compact=True, disabled=True)
                yield Button("Fill from the design", id="calc-design", compact=True)
            yield Static("", id="calc-message", classes="field-error")
            yield Static("", id="calc-progress", classes="conversion", markup=False)
            yield Static("", id="calc-rows", markup=False)
            yield Label("Justification (as the command line prints it)",
                        classes="section-title")
            yield Static("", id="calc-text", classes="justification", markup=False)
        yield KeyBar()  # the editor's footer: rebuilt only when the keys it shows change

    async def on_mount(self) -> None:
        await self.show_procedure()

    async def show_procedure(self) -> None:
        """Build the chosen calculator's form and say what it does."""
        proc = self.procedure
        self.query_one("#calc-about", Static).update(
            literal_text(f"{proc.help[:1].upper()}{proc.help[1:]}. {proc.solves}".strip()))
        sim = simulated(proc)
        self.query_one("#calc-run", Button).display = sim
        self.query_one("#calc-cancel", Button).display = sim
        self.refresh_bindings()
        design = proc.name == SIMULATED_CHECK and sized_by_closed_form(self._trial())
        self.query_one("#calc-design", Button).display = design
        note = self.prefill.note if self.prefill is not None and design else ""
        show_error(self.query_one("#calc-design-note", Static), note)
        box = self.query_one("#calc-form-box", Vertical)
        await box.remove_children()
        await box.mount(CalculatorForm(proc, self.texts.get(proc.name, {}), id="calc-form"))
        self.call_after_refresh(self.recompute)

    def _trial(self) -> Any:
        return getattr(self.app, "trial", None)

    @property
    def form(self) -> CalculatorForm:
        """The form of the calculator shown."""
        return self.query_one("#calc-form", CalculatorForm)

    # -- events --------------------------------------------------------------------------

    @on(Select.Changed, "#calc-procedure")
    async def _pick(self, event: Select.Changed) -> None:
        event.stop()
        if event.value == self.procedure.name or event.value is Select.NULL:
            return
        self._cancel()
        self.texts[self.procedure.name] = dict(self.form.texts)
        self.procedure = calculator(str(event.value))
        await self.show_procedure()

    @on(CalculatorForm.Edited)
    def _edited(self, event: CalculatorForm.Edited) -> None:
        event.stop()
        self.recompute()

    @on(Button.Pressed, "#calc-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run()

    @on(Button.Pressed, "#calc-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._cancel()

    @on(Button.Pressed, "#calc-design")
    async def _design_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.fill_from_design()

    def action_back(self) -> None:
        """Cancel a running simulation; otherwise go back to where F5 was pressed."""
        if self._cancel():
            return
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+r (Simulate) is shown and runs only for a calculator that simulates."""
        return simulated(self.procedure) if action == "run" else True

    def action_run(self) -> None:
        """Run the simulation with the values in the form (the quick calculators run alone)."""
        if simulated(self.procedure) and self.running is None:
            self.recompute(run=True)

    async def fill_from_design(self) -> None:
        """Take the simulated check's inputs from the design sized by the closed form."""
        self.prefill = from_design(self._trial())
        if self.prefill is None:
            return
        self._cancel()
        self.texts[SIMULATED_CHECK] = dict(self.prefill.values)
        await self.show_procedure()

    # -- computing -----------------------------------------------------------------------

    def _message(self, text: str) -> None:
        show_error(self.query_one("#calc-message", Static), text)

    def _show(self, answer: Calculation | None) -> None:
        """Show the table and paragraph (None: none); an unchanged answer redraws nothing."""
        rows = answer.rows if answer is not None else []
        if rows == self.rows:
            return
        self.rows = rows
        self.query_one("#calc-rows", Static).update(literal_text(table_text(rows)))
        self.query_one("#calc-text", Static).update(literal_text(answer.text if answer else ""))

    def recompute(self, *, run: bool = False) -> None:
        """Check the form; compute the quick calculators (and, when ``run``, the simulation)."""
        if not self.is_mounted or not self.query("#calc-form"):
            return
        form, proc = self.form, self.procedure
        if form.procedure is not proc:
            return
        self._cancel()
        if self.engine_marked and self.engine_marked not in form.errors:
            form.mark(self.engine_marked, "")
        self.engine_marked = ""
        missing = form.missing()
        if form.errors or missing:
            self._show(None)
            self._message("Correct the marked fields." if form.errors else
                          "To compute, fill in: " + ", ".join(missing) + ".")
            return
        values = form.values()
        if simulated(proc) and not run:
            self._show(None)  # the inputs changed: a result shown is no longer theirs
            seed = value_text(values.get("seed", proc.parameter("seed").default))  # type: ignore[union-attr]
            sims = values.get("n_sims", proc.parameter("n_sims").default)  # type: ignore[union-attr]
            self._message("")
            show_error(self.query_one("#calc-progress", Static),
                       f"Press Simulate (ctrl+r) to run {sims:,} simulated trials with random "
                       f"seed {seed}.")
            return
        self._message("")
        if run:
            progress = self.query_one("#calc-progress", Static)
            show_error(progress, "Simulating: starting…")
            self.query_one("#calc-cancel", Button).disabled = False
            self.call_after_refresh(progress.scroll_visible, animate=False)
        self.running = self.run_worker(lambda: self._compute(proc, values, run), thread=True,
                                       exclusive=True, group="calculator",
                                       description=proc.name)

    def _compute(self, proc: Any, values: dict[str, Any], run: bool) -> None:
        """In the worker thread: the engine's answer, or its complaint, back to the screen."""
        from trialkit.power.parallel import reporting

        worker = get_current_worker()
        sizes = 0

        def progress(done: int, total: int) -> None:
            nonlocal sizes
            if worker.is_cancelled:
                raise Stopped
            sizes += done == total
            deliver(self, self._progress, done, total, sizes, values.get("seed", 1))

        try:
            with reporting(progress):
                answer: Calculation | TrialkitError = calculate(proc, values)
        except TrialkitError as exc:
            answer = exc
        except Stopped:
            return
        if not worker.is_cancelled:
            deliver(self, self._answer, proc, answer, worker)

    def _progress(self, done: int, total: int, sizes: int, seed: int) -> None:
        if self.running is None or not self.running.is_running:
            return
        searching = "power" in self.form.values()
        tried = f"; {sizes} sample sizes simulated so far" if searching else ""
        show_error(self.query_one("#calc-progress", Static),
                   f"Simulating (random seed {seed}): {done / total:.0%} of {total:,} trials"
                   f"{tried}… Esc cancels.")

    def _answer(self, proc: Any, answer: Calculation | TrialkitError, worker: Worker[Any]) -> None:
        if worker is not self.running:
            return
        self._finished()
        if proc is not self.procedure:
            return
        show_error(self.query_one("#calc-progress", Static), "")
        if isinstance(answer, TrialkitError):
            self._show(None)
            name, words = complaint(proc, answer)
            if name is None or not self.form.mark(name, words):
                self._message(words)
            else:
                self.engine_marked = name
                self._message("Correct the marked field.")
            return
        self._show(answer)
        if simulated(proc):  # asked for: brought into view, as the table's top
            self.call_after_refresh(self.query_one("#calc-rows").scroll_visible, top=True,
                                    animate=False)

    def _finished(self) -> None:
        self.running = None
        self.query_one("#calc-cancel", Button).disabled = True

    def _cancel(self) -> bool:
        """Cancel a running simulation (True if one was running)."""
        worker, self.running = self.running, None
        self.query_one("#calc-cancel", Button).disabled = True
        if worker is None or worker.is_finished:
            return False
        worker.cancel()
        if simulated(self.procedure):
            show_error(self.query_one("#calc-progress", Static),
                       "Simulation cancelled; press Simulate (ctrl+r) to run it again.")
            return True
        return False


def open_calculators(app: Any, start: str | None = None) -> None:
    """Show the calculators (F5); from a design sized by the closed-form log(x + 1) ANCOVA,
    the simulated check opens filled in from it (the calculators' natural use there)."""
    if isinstance(app.screen, CalculatorScreen):
        return
    prefill = from_design(getattr(app, "trial", None)) if start is None else None
    app.push_screen(CalculatorScreen(start, prefill=prefill))


def calculator_commands(app: Any) -> Iterator[SystemCommand]:
    """The command palette's entries: each calculator by name, and the simulated check of the
    design's sample size when the closed form sized it."""
    for proc in CALCULATORS:
        yield SystemCommand(f"Calculator: {proc.label}", f"{proc.help} (F5)",
                            lambda name=proc.name: open_calculators(app, name))
    if sized_by_closed_form(getattr(app, "trial", None)):
        yield SystemCommand("Check the sample size by simulation",
                            "Simulate the design's ANCOVA on log(x + 1) at the size the closed "
                            "form gives (F5)", lambda: open_calculators(app))
