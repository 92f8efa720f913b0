"""Step 1: the question, its background, and the evidence records cited for it."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, SelectionList, Static

from trialkit.design import Trial
from trialkit.tui.messages import TrialEdited
from trialkit.tui.steps.base import StepPane
from trialkit.tui.threads import deliver
from trialkit.tui.widgets.forms import FieldSpec, ModelForm
from trialkit.tui.widgets.text import literal
from trialkit.tui.widgets.ticks import TickList


def describe_source(source: Any) -> str:
    """A source's full citation, design, and every estimate with its numbers (the study type
    and estimate kind in the protocol's words)."""
    from trialkit.evidence.models import KIND_LABEL
    from trialkit.render.sources import STUDY_TYPES  # imports the engine: only when shown

    design = source.design
    lines = [source.citation.full(), ""]
    facts = [STUDY_TYPES[design.type]]
    if design.population:
        facts.append(design.population)
    if design.n_randomised:
        facts.append(f"{design.n_randomised} randomised")
    lines.append("; ".join(facts))
    for estimate in source.estimates:
        context = ", ".join(x for x in (estimate.timepoint, estimate.comparison) if x)
        lines.append(
            f"- {estimate.outcome}{f' ({context})' if context else ''}: "
            f"{KIND_LABEL[estimate.kind]} {estimate.summary()}  [{estimate.full_id}]"
        )
    for event in source.adverse_events:
        lines.append(f"- adverse event: {_event_words(event)}")
    return "\n".join(lines)


def _event_words(event: Any) -> str:
    """A source's adverse event in its words, never its record id: "Bell's palsy (less
    common, dose-related)"."""
    facts = [] if event.occurrence == "reported" else [event.occurrence.replace("_", " ")]
    if event.frequency != "unspecified":
        facts.append(event.frequency.replace("_", " "))
    if event.dose_related:
        facts.append("dose-related")
    return event.event + (f" ({', '.join(facts)})" if facts else "")


class QuestionStep(StepPane):
    """Title and question, rationale, and an evidence picker with citations and numbers."""

    STEP = "question"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.library: Any = None

    FIELD_WIDGETS: ClassVar[dict[str, str]] = {"background.evidence": "#evidence-list"}

    def compose(self) -> ComposeResult:
        yield Static("Question and background", classes="step-title")
        yield ModelForm(Trial, [
            FieldSpec("title_page.full_title",
                      placeholder="design, population, interventions"),
            FieldSpec("title_page.short_title"),
            FieldSpec("title_page.acronym"),
            FieldSpec("title_page.phase", placeholder="e.g. 2"),
            FieldSpec("title_page.indication"),
        ], prefix="title", id="title-form", classes="columns")
        yield ModelForm(Trial, [
            FieldSpec("background.condition", multiline=True),
            FieldSpec("background.rationale", multiline=True),
            FieldSpec("background.comparator_rationale", multiline=True),
            FieldSpec("background.benefit_risk", multiline=True),
            FieldSpec("synopsis", multiline=True,
                      placeholder="a few sentences; blank: written from the design"),
        ], prefix="bg", id="background-form")
        yield Label("Evidence cited (Space ticks; details at right)",
                    classes="section-title")
        with Horizontal(id="evidence-box"):
            yield TickList[str](id="evidence-list")
            with Vertical(id="evidence-detail-box"):
                yield Static("Loading the evidence library...", id="evidence-detail")

    def on_mount(self) -> None:
        self.load_library()

    @work(thread=True, exclusive=True, group="evidence")
    def load_library(self) -> None:
        """Read the evidence library off the UI thread."""
        library = self.app.evidence_library()  # type: ignore[attr-defined]
        if library is None:
            deliver(self, self._unavailable)
            return
        deliver(self, self._loaded, library)

    def _unavailable(self) -> None:
        self.query_one("#evidence-detail", Static).update("The evidence library is unavailable.")

    def _loaded(self, library: Any) -> None:
        self.library = library
        self._fill()

    def _fill(self) -> None:
        if self.library is None:
            return
        chosen = {e.split(".", 1)[0] for e in self.trial.background.evidence}
        picker = self.query_one("#evidence-list", SelectionList)
        with self.prevent(SelectionList.SelectedChanged):
            picker.clear_options()
            for source_id, source in self.library.sources.items():
                picker.add_option((literal(source.citation.short()), source_id,
                                   source_id in chosen))
        if self.library.sources:
            picker.highlighted = 0
            self._detail(next(iter(self.library.sources)))

    def reload(self) -> None:
        """Reload forms and the evidence choices."""
        super().reload()
        self._fill()

    def _detail(self, source_id: str) -> None:
        source = self.library.sources.get(source_id) if self.library else None
        self.query_one("#evidence-detail", Static).update(
            literal(describe_source(source) if source else "")
        )

    @on(SelectionList.SelectionHighlighted, "#evidence-list")
    def _highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        event.stop()
        self._detail(str(event.selection.value))

    @on(SelectionList.SelectedChanged, "#evidence-list")
    def _chosen(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        selected = list(event.selection_list.selected)
        background = self.trial.background
        keep = [e for e in background.evidence if e.split(".", 1)[0] in selected]
        kept_sources = {e.split(".", 1)[0] for e in keep}
        new = keep + [s for s in selected if s not in kept_sources]
        if new != background.evidence:
            background.evidence = new
            self.post_message(TrialEdited("background.evidence"))
