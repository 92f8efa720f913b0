"""Step 8: the schedule of activities: visits x assessments, toggled cell by cell."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tabs

from trialkit.design import Trial
from trialkit.design.model import Assessment, Visit
from trialkit.tui.messages import TrialEdited
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec
from trialkit.tui.widgets.lists import RecordListEditor, next_id
from trialkit.tui.widgets.text import literal_text

MARK = "X"


def _visit_label(v: Any) -> str:
    day = f" (day {v.day})" if v.day is not None else ""
    return f"{v.id}: {v.name or '(unnamed)'}{day}"


def _assessment_label(a: Any) -> str:
    return f"{a.id}: {a.name or '(unnamed)'}"


NAME_WIDTH = 24
"""The most the fixed assessment column takes: at 80 columns two or three visits show beside it
(a 45-wide column left one, and moving right scrolled the visit off screen)."""
VISIT_WIDTH = 16
"""The most a visit's heading takes (its full name is in the Visits tab)."""


def _cut(text: Text, width: int) -> Text:
    """``text`` cut to ``width`` cells with an ellipsis when longer."""
    if text.cell_len <= width:
        return text
    text = text.copy()
    text.truncate(width, overflow="ellipsis")
    return text


class ScheduleGrid(DataTable[str | Text]):
    """Rows are assessments, columns are visits; space or enter toggles a cell."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "toggle_cell", "Toggle", show=True)]

    def action_toggle_cell(self) -> None:
        """Toggle the assessment under the cursor at the visit under the cursor."""
        step = next(a for a in self.ancestors if isinstance(a, ScheduleStep))
        step.toggle(self.cursor_row, self.cursor_column)


class ScheduleStep(StepPane):
    """The grid, and the lists of visits and assessments it is made of."""

    STEP = "schedule"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f6", "next_tab", "Next tab", show=True)]
    TABS = ("tab-grid", "tab-visits", "tab-assessments")

    def widget_for(self, path: str) -> str | None:
        """Which visits an assessment is made at is edited in the grid."""
        if re.fullmatch(r"visits\.\d+\.assessments(\.\d+)?", path):
            return "#schedule-grid"
        return super().widget_for(path)

    def show_field(self, path: str) -> bool:
        """Open the tab that holds the field's editor (the grid, the visits or assessments)."""
        tab = "tab-grid" if self.widget_for(path) == "#schedule-grid" else (
            "tab-visits" if path.startswith("visits") else
            "tab-assessments" if path.startswith("assessments") else None)
        tabs = self.query_one("#schedule-tabs", TabbedContent)
        if tab is None or tabs.active == tab:
            return False
        tabs.active = tab
        return True

    def action_next_tab(self) -> None:
        """Show the next tab (after Assessments, the grid again), the focus on the tab bar."""
        tabs = self.query_one("#schedule-tabs", TabbedContent)
        tabs.active = self.TABS[(self.TABS.index(tabs.active) + 1) % len(self.TABS)]
        self._focus(tabs.query_one(Tabs))

    def _focus_field(self, path: str) -> bool:
        """With no field named (the step just opened), the tab bar: Left/Right then choose the
        grid, the visits or the assessments, and Tab goes into the tab shown."""
        if not path:
            return self._focus(self.query_one("#schedule-tabs Tabs", Tabs))
        return super()._focus_field(path)

    def compose(self) -> ComposeResult:
        yield Static("Schedule of activities", classes="step-title")
        with TabbedContent(id="schedule-tabs"):
            with TabPane("Grid", id="tab-grid"):
                yield Static(
                    "Space or Enter toggles an assessment at a visit. Add visits and "
                    "assessments in the other tabs (F6, or Left/Right on the tab bar).",
                    classes="hint",
                )
                yield ScheduleGrid(id="schedule-grid", cursor_type="cell", zebra_stripes=True,
                                   fixed_columns=1, header_height=2)
            with TabPane("Visits", id="tab-visits"):
                yield RecordListEditor(
                    Trial, "visits", Visit, [
                        FieldSpec("id", "Visit id"),
                        FieldSpec("name", "Name"),
                        FieldSpec("day", "Day", placeholder="days from randomisation"),
                        FieldSpec("window_days", "Window (+/- days)"),
                    ],
                    title="Visits", id="visits",
                    new_item=lambda items: {"id": next_id("V", items)},
                    label=_visit_label,
                )
            with TabPane("Assessments", id="tab-assessments"):
                yield RecordListEditor(
                    Trial, "assessments", Assessment, [
                        FieldSpec("id", "Assessment id"),
                        FieldSpec("name", "Name"),
                        FieldSpec("category", "Category"),
                        FieldSpec("description", "Description", multiline=True),
                    ],
                    title="Assessments", id="assessments",
                    new_item=lambda items: {"id": next_id("A", items)},
                    label=_assessment_label,
                )

    def on_mount(self) -> None:
        self.build_grid()

    def reload(self) -> None:
        """Reload lists and grid."""
        super().reload()
        self.build_grid()

    def build_grid(self) -> None:
        """Redraw the grid from the model, keeping the cursor where it was."""
        grid = self.query_one(ScheduleGrid)
        cursor = grid.cursor_coordinate
        grid.clear(columns=True)
        trial = self.trial
        if trial is None:
            return
        names = [_cut(literal_text(a.name or a.id), NAME_WIDTH) for a in trial.assessments]
        grid.add_column("Assessment", key="__name__")
        for visit in trial.visits:
            lines = [_cut(literal_text(visit.name or visit.id), VISIT_WIDTH)]
            if visit.day is not None:
                lines.append(Text(f"day {visit.day}"))
            grid.add_column(Text("\n").join(lines), key=visit.id)
        for assessment, name in zip(trial.assessments, names, strict=True):
            cells = [MARK if assessment.id in v.assessments else "" for v in trial.visits]
            grid.add_row(name, *cells, key=assessment.id)
        if trial.visits and trial.assessments:
            grid.cursor_coordinate = cursor

    def toggle(self, row: int, column: int) -> None:
        """Add or remove assessment ``row`` at visit ``column - 1`` (column 0 holds names)."""
        trial = self.trial
        if column < 1 or row >= len(trial.assessments) or column - 1 >= len(trial.visits):
            return
        visit = trial.visits[column - 1]
        assessment = trial.assessments[row].id
        if assessment in visit.assessments:
            visit.assessments = [a for a in visit.assessments if a != assessment]
        else:
            order = [a.id for a in trial.assessments]
            wanted = {*visit.assessments, assessment}
            visit.assessments = [a for a in order if a in wanted] + [
                a for a in visit.assessments if a not in order
            ]
        grid = self.query_one(ScheduleGrid)
        grid.update_cell_at(Coordinate(row, column), MARK if assessment in visit.assessments else "")
        self.post_message(TrialEdited(f"visits.{column - 1}.assessments"))

    @on(DataTable.CellSelected, "#schedule-grid")
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.toggle(event.coordinate.row, event.coordinate.column)

    @on(TrialEdited)
    def _edited(self, event: TrialEdited) -> None:
        if event.path.startswith(("visits", "assessments")) and ".assessments" not in event.path:
            self.build_grid()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-grid":
            self.build_grid()
