"""Figures for the Word protocol: the SPIRIT participant timeline and the power curve.

matplotlib is imported inside the drawing functions (Agg canvas, no pyplot state), so
importing this module is cheap and drawing is safe from worker threads. Each drawing
function returns PNG bytes at ``DPI``; the data behind each figure is computed by a separate
plain function that tests can check without pixels.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trialkit.design.model import Trial
    from trialkit.power.curves import DesignCurve
    from trialkit.power.result import PowerResult

DPI = 200
INK = "#1F3864"
ACCENT = "#C55A11"
GRID = "#BFBFBF"
FONT = ["Carlito", "Calibri", "DejaVu Sans"]


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


ENROLMENT, ALLOCATION, POST, CLOSE_OUT = "Enrolment", "Allocation", "Post-allocation", "Close-out"


def _day_label(day: int | None) -> str:
    if day is None:
        return ""
    if day == 0:
        return "Day 0"
    if abs(day) >= 14 and day % 7 == 0:
        return f"Week {day // 7}"
    return f"Day {day}"


def timeline_from_trial(trial: Trial) -> Timeline:
    """Arrange a trial's visits into SPIRIT periods and mark enrolment, treatment and assessments.

    Visits before day 0 are enrolment; the first visit on day 0 or 1 is allocation (a column
    is added when there is none); the last later visit is close-out. Interventions span from
    allocation to the last visit within the treatment period.
    """
    dated = [v for v in trial.visits if v.day is not None]
    undated = [v for v in trial.visits if v.day is None]
    ordered = sorted(dated, key=lambda v: v.day or 0) + undated
    before = [v for v in ordered if v.day is not None and v.day < 0]
    rest = [v for v in ordered if v not in before]
    allocation = next((v for v in rest if v.day in (0, 1)), None)
    after = [v for v in rest if v is not allocation]

    columns: list[TimelineColumn] = []
    for visit in before:
        columns.append(TimelineColumn(ENROLMENT, _visit_label(visit), visit.id, visit.day))
    if allocation is not None:
        columns.append(
            TimelineColumn(ALLOCATION, _visit_label(allocation), allocation.id, allocation.day)
        )
    else:
        columns.append(TimelineColumn(ALLOCATION, "Day 0"))
    allocation_index = len(columns) - 1
    for position, visit in enumerate(after):
        period = CLOSE_OUT if position == len(after) - 1 and len(after) > 1 else POST
        columns.append(TimelineColumn(period, _visit_label(visit), visit.id, visit.day))

    screening = list(range(allocation_index)) or [allocation_index]
    rows: list[TimelineRow] = [
        TimelineRow(ENROLMENT, "Eligibility screen", tuple(screening[:1])),
        TimelineRow(ENROLMENT, "Informed consent", tuple(screening[:1])),
        TimelineRow(ENROLMENT, "Allocation", (allocation_index,)),
    ]
    span = (allocation_index, _treatment_end(trial, columns, allocation_index))
    for arm in trial.arms:
        label = arm.name or arm.id
        rows.append(TimelineRow("Interventions", label, span=span))
    names = {a.id: (a.name or a.id) for a in trial.assessments}
    order = [a.id for a in trial.assessments]
    for visit in trial.visits:
        order.extend(a for a in visit.assessments if a not in order)
    by_visit = {c.visit_id: i for i, c in enumerate(columns) if c.visit_id}
    for assessment_id in order:
        marks = tuple(
            sorted(by_visit[v.id] for v in trial.visits if assessment_id in v.assessments)
        )
        rows.append(TimelineRow("Assessments", names.get(assessment_id, assessment_id), marks))
    return Timeline(tuple(columns), tuple(rows))


def _visit_label(visit: Any) -> str:
    name = _shorten(visit.name or visit.id, 48)
    day = _day_label(visit.day)
    return f"{name}\n({day})" if day and day.lower() not in name.lower() else name


def _treatment_end(trial: Trial, columns: Sequence[TimelineColumn], start: int) -> int:
    weeks = trial.design.treatment_weeks
    last = len(columns) - 1
    if weeks is None:
        return last
    limit = weeks * 7
    inside = [i for i, c in enumerate(columns) if i >= start and c.day is not None and c.day <= limit]
    return max(inside, default=last)


def participant_timeline_png(timeline: Timeline, *, width_in: float = 6.5) -> bytes:
    """Draw the SPIRIT participant timeline (periods across, activities down) as PNG bytes."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    cols, rows = timeline.columns, timeline.rows
    label_w = 2.1
    col_w = max(0.45, (width_in - label_w) / max(len(cols), 1))
    group_names = list(dict.fromkeys(r.group for r in rows))
    label_size = 6.0 if col_w < 0.6 else 6.5
    longest_word = max((len(w) for c in cols for w in c.label.split()), default=1)
    label_size = max(4.5, min(label_size, col_w * 72 / (0.52 * (longest_word + 1))))
    chars = max(6, int(col_w * 72 / (label_size * 0.52)))
    labels = [_wrap(c.label, chars) for c in cols]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    header_h = 0.42 + lines * label_size * 1.25 / 72 + 0.1
    row_labels = [_wrap(_shorten(r.label, 80), 42) for r in rows]
    two_lines = any("\n" in label for label in row_labels)
    row_h, group_h = (0.34 if two_lines else 0.24), 0.24
    height = header_h + row_h * len(rows) + group_h * len(group_names) + 0.1
    width = label_w + col_w * len(cols)
    fig = Figure(figsize=(width, height), dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    text: dict[str, Any] = {"fontfamily": FONT, "color": "black", "parse_math": False}

    periods: list[tuple[str, int, int]] = []
    for i, col in enumerate(cols):
        if periods and periods[-1][0] == col.period:
            periods[-1] = (col.period, periods[-1][1], i)
        else:
            periods.append((col.period, i, i))
    ax.add_patch(Rectangle((0, 0), width, header_h, color="#D9E2F3", lw=0))
    ax.text(0.08, header_h / 2, "Timepoint", fontsize=8, fontweight="bold", va="center", **text)
    for name, first, last in periods:
        x0, x1 = label_w + first * col_w, label_w + (last + 1) * col_w
        fit = (x1 - x0 - 0.06) * 72 / (0.58 * len(name))
        ax.text((x0 + x1) / 2, 0.18, name, fontsize=max(4.0, min(7.5, fit)), fontweight="bold",
                ha="center", va="center", **text)
        ax.plot([x0 + 0.04, x1 - 0.04], [0.32, 0.32], color=INK, lw=0.8)
    for i, label in enumerate(labels):
        x = label_w + (i + 0.5) * col_w
        ax.text(x, 0.36 + (header_h - 0.36) / 2, label, fontsize=label_size, ha="center",
                va="center", linespacing=1.1, **text)

    y = header_h
    for group in group_names:
        ax.add_patch(Rectangle((0, y), width, group_h, color="#F2F2F2", lw=0))
        ax.text(0.08, y + group_h / 2, group.upper(), fontsize=7.5, fontweight="bold",
                va="center", color=INK, fontfamily=FONT)
        y += group_h
        members = [(r, lab) for r, lab in zip(rows, row_labels, strict=True) if r.group == group]
        for row, row_label in members:
            ax.text(0.2, y + row_h / 2, row_label, fontsize=7, va="center", linespacing=1.05,
                    **text)
            for mark in row.marks:
                ax.text(label_w + (mark + 0.5) * col_w, y + row_h / 2, "X", fontsize=7.5,
                        fontweight="bold", ha="center", va="center", color=INK,
                        fontfamily=FONT)
            if row.span is not None:
                x0 = label_w + (row.span[0] + 0.5) * col_w
                x1 = label_w + (row.span[1] + 0.5) * col_w
                ax.annotate("", xy=(x1, y + row_h / 2), xytext=(x0, y + row_h / 2),
                            arrowprops={"arrowstyle": "<|-|>", "color": ACCENT, "lw": 1.4,
                                        "mutation_scale": 7})
            ax.plot([0, width], [y + row_h, y + row_h], color=GRID, lw=0.4)
            y += row_h
    for i in range(len(cols) + 1):
        x = label_w + i * col_w
        ax.plot([x, x], [0.32 if i not in _period_edges(periods) else 0, y], color=GRID, lw=0.4)
    ax.plot([0, width], [header_h, header_h], color=INK, lw=0.9)
    ax.plot([0, width], [y, y], color=INK, lw=0.9)
    return _png(fig)


def _wrap(label: str, width: int) -> str:
    import textwrap

    lines: list[str] = []
    for part in label.split("\n"):
        lines.extend(textwrap.wrap(part, width, break_long_words=False) or [""])
    return "\n".join(lines)


def _period_edges(periods: Sequence[tuple[str, int, int]]) -> set[int]:
    return {first for _, first, _ in periods} | {last + 1 for _, _, last in periods}


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def power_curve(result: PowerResult) -> DesignCurve | None:
    """Power at sizes around the planned one: trialkit.power's one design curve (40% to 200%).

    None when the procedure's size cannot be varied (a Simon design, say).
    """
    from trialkit.power.curves import design_curve

    return design_curve(result)


def power_curve_png(
    curve: DesignCurve, *, title: str = "", width_in: float = 6.0, arms: int | None = None
) -> bytes:
    """Draw power against the trial's total sample size, marking the chosen size and target.

    ``arms`` (k > 2 equal arms sized by one two-arm comparison) puts the whole trial on the
    axis: k times the per-arm size, so the figure counts every arm as the text does.
    """
    from matplotlib.figure import Figure

    totals = [size * arms for size in curve.sizes] if arms else list(curve.n_total)
    chosen = curve.chosen_size * arms if arms else curve.chosen_total
    fig = Figure(figsize=(width_in, width_in * 0.55), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(totals, curve.power, color=INK, lw=1.8)
    if curve.target_power is not None:
        ax.axhline(curve.target_power, color=GRID, lw=1, ls="--")
        ax.annotate(f"target power {curve.target_power:.0%}", (totals[0], curve.target_power),
                    xytext=(4, 3), textcoords="offset points", fontsize=8, color="#595959",
                    fontfamily=FONT)
    ax.axvline(chosen, color=ACCENT, lw=1, ls=":")
    ax.plot([chosen], [curve.chosen_power], "o", color=ACCENT, ms=6)
    ax.annotate(f"N = {chosen}, power {curve.chosen_power:.1%}",
                (chosen, curve.chosen_power), xytext=(8, -16),
                textcoords="offset points", fontsize=8.5, color=ACCENT, fontfamily=FONT)
    ax.set_ylim(0, 1.02)
    ax.set_xlim(totals[0], totals[-1])
    ax.yaxis.set_major_formatter(_percent_formatter())
    x_label = ("Number of events" if curve.size_name == "events"
               else f"Total sample size analysed (all {arms} arms)" if arms
               else "Total sample size analysed (all arms)" if curve.per_arm else "Sample size")
    ax.set_xlabel(x_label, fontsize=9, fontfamily=FONT)
    ax.set_ylabel("Power", fontsize=9, fontfamily=FONT)
    if title:
        ax.set_title(title, fontsize=9.5, fontfamily=FONT, loc="left", parse_math=False)
    ax.grid(True, color="#E7E6E6", lw=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontfamily(FONT)
    fig.tight_layout()
    return _png(fig)


def power_curve_caption(
    curve: DesignCurve, endpoint: str, software: str, method: str, arms: int | None = None
) -> str:
    """The figure's caption: what is plotted, by what method, and the planned size (all arms)."""
    if arms:
        planned = f"N = {curve.chosen_size * arms}, {curve.chosen_size} in each of {arms} arms"
    else:
        planned = f"N = {curve.chosen_total}"
    return (
        f"Power of the primary analysis ({endpoint}) against the total number analysed in the "
        f"trial, computed with {software} ({method}); the point marks the planned sample size "
        f"({planned}, power {curve.chosen_power:.1%})."
    )


def _percent_formatter() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0, decimals=0)


def _png(fig: Any) -> bytes:
    import logging
    import warnings

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()
