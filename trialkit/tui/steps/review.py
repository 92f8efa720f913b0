"""Step 11: what is missing or contradictory, each with a jump to the step that fixes it."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trialkit.design.words import where
from trialkit.tui.analysis import Analysis
from trialkit.tui.messages import JumpToStep
from trialkit.tui.steps import step_info
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.text import literal


class ReviewStep(StepPane):
    """Design errors and warnings, then SPIRIT 2025 items to complete; Enter jumps to the fix."""

    STEP = "review"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets: dict[str, tuple[str, str]] = {}

    def compose(self) -> ComposeResult:
        yield Static("Review", classes="step-title")
        yield Static("Checking the design...", id="review-summary")
        yield OptionList(id="review-list")

    def on_mount(self) -> None:
        analysis = getattr(self.screen, "analysis", None)
        if analysis is not None:
            self.show(analysis)

    def show(self, analysis: Analysis) -> None:
        """List the analysis: problems first, then checklist gaps."""
        errors = sum(p.kind == "error" for p in analysis.problems)
        warnings = len(analysis.problems) - errors
        self.query_one("#review-summary", Static).update(
            f"{errors} error(s), {warnings} warning(s); SPIRIT 2025: {analysis.addressed} of "
            f"{analysis.total} items addressed, {len(analysis.gaps)} to fill. "
            "Press Enter on a line to go to the step that fixes it."
        )
        listing = self.query_one("#review-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        self.targets = {}
        options: list[Option | None] = []
        if analysis.problems:
            options.append(Option("Design problems", disabled=True))
            for i, p in enumerate(analysis.problems):
                key = f"p{i}"
                self.targets[key] = (p.step, p.field)
                mark = "ERROR" if p.kind == "error" else "warning"
                options.append(Option(literal(
                    f"{mark}: {where(p.field)}: {p.message}  -> {step_info(p.step).short}"),
                    id=key
                ))
        if analysis.gaps:
            options.append(Option("SPIRIT 2025 items to complete", disabled=True))
            for i, g in enumerate(analysis.gaps):
                key = f"g{i}"
                self.targets[key] = (g.step, g.field)
                options.append(Option(literal(f"{g.message}  -> {step_info(g.step).short}"),
                                      id=key))
        if not options:
            options.append(Option("Nothing to fix: the design passes every check.",
                                  disabled=True))
        listing.add_options([o for o in options if o is not None])
        if highlighted is not None and highlighted < listing.option_count:
            listing.highlighted = highlighted

    @on(OptionList.OptionSelected, "#review-list")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self.targets.get(event.option.id or "")
        if target:
            self.post_message(JumpToStep(*target))
