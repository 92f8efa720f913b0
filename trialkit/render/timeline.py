"""The SPIRIT participant timeline, arranged from the schedule of activities.

The timeline is built from the render context's ``Schedule`` (the same visits and assessment
marks as the schedule of activities), so the two never disagree; the Word and HTML writers
draw it as an editable table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from trialkit.render.parts import Schedule, Visit
from trialkit.render.sanitize import one_line

ENROLMENT, ALLOCATION, POST, CLOSE_OUT = "Enrolment", "Allocation", "Post-allocation", "Close-out"


@dataclass(frozen=True)
class TimelineColumn:
    """One timepoint of the participant timeline: its period, label and visit id (if any)."""

    period: str
    label: str
    visit_id: str | None = None
    day: int | None = None


@dataclass(frozen=True)
class TimelineRow:
    """One row of the timeline: a group (enrolment, interventions, assessments) and its marks."""

    group: str
    label: str
    marks: tuple[int, ...] = ()
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Timeline:
    """The SPIRIT figure's content: timepoints across, activities down."""

    columns: tuple[TimelineColumn, ...]
    rows: tuple[TimelineRow, ...] = field(default_factory=tuple)

    def periods(self) -> list[tuple[str, int, int]]:
        """Each period with the first and last column it spans, left to right."""
        spans: list[tuple[str, int, int]] = []
        for index, column in enumerate(self.columns):
            if spans and spans[-1][0] == column.period:
                spans[-1] = (column.period, spans[-1][1], index)
            else:
                spans.append((column.period, index, index))
        return spans


def day_label(day: int | None) -> str:
    """A visit day in words: "Day -14", "Day 0", "Week 12"."""
    if day is None:
        return ""
    if day == 0:
        return "Day 0"
    if abs(day) >= 14 and day % 7 == 0:
        return f"Week {day // 7}"
    return f"Day {day}"


def timeline(schedule: Schedule, arms: Sequence[str],
             treatment_weeks: float | None) -> Timeline:
    """Arrange the schedule's visits into SPIRIT periods and mark enrolment, treatment and
    assessments.

    Visits before day 0 are enrolment; the first visit on day 0 or 1 is allocation (a column
    is added when there is none); the last later visit is close-out. The schedule's consent
    and eligibility assessments are the enrolment steps (a screening-visit row is added for
    either one it lacks); interventions (one row per arm name) span from allocation to the
    last visit within the treatment period.
    """
    visits = schedule.visits
    dated = sorted((v for v in visits if v.day is not None), key=lambda v: v.day or 0)
    ordered = dated + [v for v in visits if v.day is None]
    before = [v for v in ordered if v.day is not None and v.day < 0]
    rest = [v for v in ordered if v not in before]
    allocation = next((v for v in rest if v.day in (0, 1)), None)
    after = [v for v in rest if v is not allocation]

    columns = [TimelineColumn(ENROLMENT, _label(v), v.id, v.day) for v in before]
    if allocation is not None:
        columns.append(TimelineColumn(ALLOCATION, _label(allocation), allocation.id,
                                      allocation.day))
    else:
        columns.append(TimelineColumn(ALLOCATION, "Day 0"))
    allocation_index = len(columns) - 1
    for position, visit in enumerate(after):
        period = CLOSE_OUT if position == len(after) - 1 and len(after) > 1 else POST
        columns.append(TimelineColumn(period, _label(visit), visit.id, visit.day))

    column_of = {c.visit_id: i for i, c in enumerate(columns) if c.visit_id}
    assessed = [
        (row.assessment, tuple(sorted(column_of[visit.id] for visit, made
                                      in zip(visits, row.marks, strict=True) if made)))
        for row in schedule.rows
    ]
    enrolment = [(name, marks) for name, marks in assessed if _is_enrolment_step(name)]
    screening = tuple((list(range(allocation_index)) or [allocation_index])[:1])
    rows = [TimelineRow(ENROLMENT, name, marks) for name, marks in enrolment]
    for step, words in (("Eligibility screen", "eligib"), ("Informed consent", "consent")):
        if not any(words in str(name).lower() for name, _ in enrolment):
            rows.append(TimelineRow(ENROLMENT, step, screening))
    rows.append(TimelineRow(ENROLMENT, "Allocation", (allocation_index,)))
    span = (allocation_index, _treatment_end(columns, allocation_index, treatment_weeks))
    rows.extend(TimelineRow("Interventions", arm, span=span) for arm in arms)
    rows.extend(TimelineRow("Assessments", name, marks) for name, marks in assessed
                if (name, marks) not in enrolment)
    return Timeline(tuple(columns), tuple(rows))


def _is_enrolment_step(name: str) -> bool:
    """An assessment that is an enrolment step of the SPIRIT figure (consent, eligibility)."""
    lowered = str(name).lower()
    return "consent" in lowered or "eligib" in lowered


def _label(visit: Visit) -> str:
    """The visit's name, with its day when the name does not say it."""
    name = one_line(visit.name)
    day = day_label(visit.day)
    return f"{name} ({day})" if day and day.lower() not in name.lower() else name


def _treatment_end(columns: Sequence[TimelineColumn], start: int,
                   weeks: float | None) -> int:
    last = len(columns) - 1
    if weeks is None:
        return last
    limit = weeks * 7
    inside = [i for i, c in enumerate(columns)
              if i >= start and c.day is not None and c.day <= limit]
    return max(inside, default=last)
