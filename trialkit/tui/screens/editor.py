"""The step editor: a step list with progress marks beside the current step."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from trialkit.tui.analysis import Analysis, analyse
from trialkit.tui.messages import JumpToStep, TrialEdited
from trialkit.tui.steps import STEP_IDS, STEPS
from trialkit.tui.steps.admin import AdminStep
from trialkit.tui.steps.analysis import AnalysisStep
from trialkit.tui.steps.base import StepPane
from trialkit.tui.steps.design import DesignStep
from trialkit.tui.steps.export import ExportStep
from trialkit.tui.steps.interventions import InterventionsStep
from trialkit.tui.steps.objectives import ObjectivesStep
from trialkit.tui.steps.population import PopulationStep
from trialkit.tui.steps.question import QuestionStep
from trialkit.tui.steps.review import ReviewStep
from trialkit.tui.steps.safety import SafetyStep
from trialkit.tui.steps.sample_size import SampleSizeStep
from trialkit.tui.steps.schedule import ScheduleStep
from trialkit.tui.threads import deliver
from trialkit.tui.widgets.key_bar import KeyBar

PANES: dict[str, type[StepPane]] = {
    "question": QuestionStep,
    "objectives": ObjectivesStep,
    "design": DesignStep,
    "population": PopulationStep,
    "interventions": InterventionsStep,
    "sample_size": SampleSizeStep,
    "analysis": AnalysisStep,
    "schedule": ScheduleStep,
    "safety": SafetyStep,
    "admin": AdminStep,
    "review": ReviewStep,
    "export": ExportStep,
}
ANALYSIS_DELAY = 0.3
"""Seconds of quiet after an edit before the progress marks are recomputed."""


def step_label(number: int, title: str, errors: int, gaps: int, known: bool,
               warnings: int = 0) -> str:
    """'✓ 3 Design', '! 6 Sample size', '2 4 Population' (two gaps), '? 8 Schedule' (only
    warnings: something to check)."""
    if not known:
        mark = " "
    elif errors:
        mark = "!"
    elif gaps:
        mark = str(min(gaps, 9))
    elif warnings:
        mark = "?"
    else:
        mark = "✓"
    return f"{mark} {number:>2} {title}"


class StepList(OptionList):
    """The steps in order, each marked complete (✓), with gaps (a count) or errors (!)."""

    def action_select(self) -> None:
        """Open the highlighted step and move the focus into it at once (Enter, a click), as
        Ctrl+N does: the keys typed next edit the step, not the step list. (OptionList posts
        a message instead, handled only after the keys typed behind Enter.)"""
        if self.highlighted is not None:
            step = self.get_option_at_index(self.highlighted).id
            if step and isinstance(self.screen, EditorScreen):
                self.screen.set_focus(None)  # keys before a new step is built move nothing
                self.screen.show_step(step, into=True)


class EditorScreen(Screen[None]):
    """Steps on the left, the current step on the right."""

    AUTO_FOCUS = ""
    """The shown step's first field takes the focus (show_step), not the step list: what a
    new investigator types first goes into the title."""
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: handled in key order, before the keys typed after them reach a field (a
        # plain binding runs only once the key has bubbled up from the field).
        Binding("f2", "focus_steps", "Steps", priority=True),
        Binding("f3", "previous_step", "Prev", priority=True),
        Binding("ctrl+n,f4", "next_step", "Next", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current = STEP_IDS[0]
        self.analysis: Analysis | None = None
        self._analysis_timer: Timer | None = None
        self._labels: dict[str, str] = {}
        self._panes: dict[str, StepPane] = {}
        self._analysed = ""
        """The design (as JSON) the last analysis was started for: unchanged, none is needed."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor"):
            with Vertical(id="sidebar"):
                yield StepList(*[Option(step_label(i, s.short, 0, 0, False), id=s.id)
                                 for i, s in enumerate(STEPS, start=1)], id="steps")
                yield Static("", id="progress-summary")
                yield Static("\u2713 complete\n3 items to fill\n! has an error\n"
                             "? to check",
                             id="progress-legend")
            yield ContentSwitcher(id="panes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_step(self.current)
        self.schedule_analysis(0.05)

    # -- steps -------------------------------------------------------------------------

    def pane(self, step: str) -> StepPane:
        """The pane of a step (mounted on first use)."""
        pane = self._panes.get(step)
        if pane is None:
            pane = self._panes[step] = PANES[step](id=f"pane-{step}")
            pane.can_focus = False  # a stop with nothing to edit or see (its fields scroll it)
            self.query_one(ContentSwitcher).mount(pane)
        return pane

    def show_step(self, step: str, focus: str | None = None, *, into: bool = False) -> None:
        """Show a step, reload it from the model, and optionally focus a field.

        The focus goes into the step unless the user is browsing the step list; ``into`` sends
        it there even then (Ctrl+N and F3 move to the next step's fields).
        """
        if step not in PANES:
            return
        pane = self.pane(step)
        previous = self.current
        self.current = step
        self.query_one(ContentSwitcher).current = pane.id
        steps = self.query_one(StepList)
        index = STEP_IDS.index(step)
        if steps.highlighted != index:
            steps.highlighted = index
        if pane.is_mounted and previous != step:
            pane.reload()
        if isinstance(pane, ReviewStep) and pane.is_mounted and self.analysis is not None:
            pane.show(self.analysis)
        if previous != step:
            self._leave(pane)
        if pane.is_mounted:  # else once it is (StepPane.on_mount)
            self.todo_of(pane)
        if pane.is_mounted:  # at once: keys typed right after Ctrl+N go to the new step
            self._focus_in(pane, focus, into)
        else:
            self.call_after_refresh(self._focus_in, pane, focus, into)

    def _leave(self, pane: StepPane) -> None:
        """Take the focus off the step just hidden: keys typed before the new step can take
        them must never edit fields the user no longer sees."""
        focused = self.focused
        if focused is not None and not isinstance(focused, StepList) \
                and pane not in focused.ancestors:
            self.set_focus(None)

    def _focus_in(self, pane: StepPane, focus: str | None, into: bool = False) -> None:
        if not pane.is_attached:  # the app closed before this refresh
            return
        focused = self.focused
        if focus:
            pane.focus_field(focus)
        elif focused is not None and pane in focused.ancestors:
            return  # already typing in this step: keys came before this ran
        elif into or not isinstance(focused, StepList):
            pane.focus_field("")

    def on_screen_resume(self) -> None:
        """After a dialog or the command palette, keep the focus inside the shown step."""
        pane = self.pane(self.current)
        focused = self.focused
        if focused is None or not (focused is pane or pane in focused.ancestors
                                   or isinstance(focused, StepList)):
            self.call_after_refresh(pane.focus_field, "")

    def action_next_step(self) -> None:
        """Go to the next step."""
        index = STEP_IDS.index(self.current)
        self.show_step(STEP_IDS[min(index + 1, len(STEP_IDS) - 1)], into=True)

    def action_previous_step(self) -> None:
        """Go to the previous step."""
        index = STEP_IDS.index(self.current)
        self.show_step(STEP_IDS[max(index - 1, 0)], into=True)

    def action_focus_steps(self) -> None:
        """Put the keyboard focus on the step list now (the arrows typed next move in it)."""
        self.set_focus(self.query_one(StepList))

    @on(JumpToStep)
    def _jump(self, event: JumpToStep) -> None:
        event.stop()
        self.show_step(event.step, event.focus)

    # -- edits and progress ------------------------------------------------------------

    @on(TrialEdited)
    def _edited(self, event: TrialEdited) -> None:
        event.stop()
        self.app.mark_dirty()  # type: ignore[attr-defined]
        self.schedule_analysis(ANALYSIS_DELAY)

    def schedule_analysis(self, delay: float) -> None:
        """Recompute the progress marks after ``delay`` seconds without further edits."""
        if self._analysis_timer is not None:
            self._analysis_timer.stop()
        self._analysis_timer = self.set_timer(delay, self._start_analysis)

    def _start_analysis(self) -> None:
        """Check the design unless this very design was the last one checked (an edit undone,
        a value retyped as it was)."""
        trial: Any = self.app.trial  # type: ignore[attr-defined]
        if trial is None:
            return
        design = trial.model_dump_json()
        if design != self._analysed:
            self._analysed = design
            self.run_analysis(trial.model_copy(deep=True))

    def todo_of(self, pane: StepPane, tries: int = 20) -> None:
        """A step shown (or built) says what its mark counts, once its forms are built."""
        if self.analysis is not None and not self._show_todo(pane, self.analysis) and tries:
            self.call_after_refresh(self.todo_of, pane, tries - 1)

    @staticmethod
    def _show_todo(pane: StepPane, analysis: Analysis) -> bool:
        """What the step's mark counts, on the step: its SPIRIT items and problems (errors
        first, then warnings), and "(to fill)" on its fields."""
        step = pane.STEP
        if step in ("review", "export"):
            return True
        lines = [g.message for g in analysis.gaps_on_step.get(step, ())]
        lines += [("Problem: " if p.kind == "error" else "To check: ") + p.message
                  for p in analysis.problems if p.step == step]
        return pane.show_todo(analysis.to_fill.get(step, ()), lines)

    @work(thread=True, exclusive=True, group="analysis", description="progress check")
    def run_analysis(self, trial: Any) -> None:
        """Check the design and its SPIRIT coverage off the UI thread."""
        analysis = analyse(trial, self.app.evidence_link())  # type: ignore[attr-defined]
        if not get_current_worker().is_cancelled:
            deliver(self, self._show_analysis, analysis)

    def _show_analysis(self, analysis: Analysis) -> None:
        try:
            steps = self.query_one(StepList)
            summary = self.query_one("#progress-summary", Static)
        except NoMatches:  # the screen is closing (another design was started): nothing to show
            return
        self.analysis = analysis
        review = self._panes.get("review")
        for i, step in enumerate(STEPS):
            label = step_label(i + 1, step.short, analysis.errors_by_step.get(step.id, 0),
                               analysis.gaps_by_step.get(step.id, 0),
                               step.id not in ("review", "export"),
                               analysis.warnings_by_step.get(step.id, 0))
            if self._labels.get(step.id) != label:  # a keystroke rarely changes a mark
                self._labels[step.id] = label
                steps.replace_option_prompt(step.id, label)
            pane = self._panes.get(step.id)
            if pane is not None and pane.is_mounted:
                self._show_todo(pane, analysis)
        errors = sum(p.kind == "error" for p in analysis.problems)
        text = f"SPIRIT {analysis.addressed}/{analysis.total}\n{errors} error(s)"
        if str(summary.content) != text:  # two lines once shown: no new layout needed
            summary.update(text, layout=not summary.content)
        if isinstance(review, ReviewStep) and review.is_mounted:
            review.show(analysis)
