"""The trial schema (ICH M11 section 1.2) as a flow of boxes, for Word (PNG) and HTML (SVG).

``trial_schema`` reads the render context only: the periods and allocation of the design
summary, the arms and their interventions, the interim analyses, the primary endpoint and the
sample-size section's numbers (the synopsis's, every arm counted), so the diagram says what
the text says. ``schema_chart`` lays the boxes out at portrait width, wrapping long text
inside its box. Text in the boxes is the user's, kept as text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from trialkit.render.blocks import plain_text
from trialkit.render.chart import Box, Chart, Label, Line, Polygon, wrap
from trialkit.render.context import ProtocolContext
from trialkit.render.parts import Intervention

INK = "#1F3864"
FILL = "#DEEAF6"
ARM_FILL = "#FFFFFF"
INTERIM = "#C55A11"
TITLE_SIZE = 9.0
TEXT_SIZE = 8.0
PAD = 5.0
GAP = 22.0
DPI = 200
NO_ARMS = "Define the arms to draw the trial schema"
"""What Word and HTML show in place of the schema while the design has no arms."""


@dataclass(frozen=True)
class SchemaBox:
    """One box: a bold title, then lines of text; ``kind`` picks its look."""

    kind: str
    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    """The boxes from screening to the primary endpoint, and the whole in one sentence."""

    screening: SchemaBox
    allocation: SchemaBox | None
    arms: tuple[SchemaBox, ...]
    interims: tuple[SchemaBox, ...]
    follow_up: SchemaBox | None
    endpoint: SchemaBox | None
    description: str


def _text(value: object) -> str:
    return plain_text(str(value)).strip()


def _totals(context: ProtocolContext) -> tuple[int, int, int | None] | None:
    """Analysed, to enrol and a different planned enrolment, as the synopsis states them."""
    sizing = context.sizing
    if sizing.status != "computed":
        return None
    if sizing.multi_arm:
        analysed, enrolled = sizing.trial_analysed, sizing.trial_enrolled
    else:
        analysed, enrolled = sizing.n_total, sizing.n_total_enrolled
    planned = sizing.target_enrolment
    return analysed, enrolled, planned if planned and planned != sizing.trial_enrolled else None


def _per_arm(context: ProtocolContext) -> list[str | None]:
    """Each arm's n (analysed, to enrol) from the sizing; None where it does not say."""
    sizing, count = context.sizing, len(context.arms)
    if sizing.status != "computed":
        return [None] * count
    if sizing.multi_arm and len(sizing.trial_per_arm) == count:
        pairs = list(zip(sizing.trial_per_arm, sizing.trial_per_arm_enrolled, strict=True))
    elif len(sizing.n_per_arm) == count:
        pairs = list(zip(sizing.n_per_arm, sizing.n_per_arm_enrolled, strict=True))
    else:
        return [None] * count
    return [f"n = {a} analysed" + (f", {e} to enrol" if e != a else "") for a, e in pairs]


def _intervention(item: Intervention) -> str:
    """'anakinra 100 mg, subcutaneous injection, twice daily for 39 weeks', as the synopsis."""
    head = " ".join(x for x in (_text(item.name), _text(item.dose)) if x)
    words = ", ".join(x for x in (head, _text(item.route), _text(item.frequency)) if x)
    return words + (f" for {_text(item.duration)}" if _text(item.duration) else "")


def _total_words(totals: tuple[int, int, int | None] | None) -> str:
    if totals is None:
        return "N not yet computed"
    analysed, enrolled, planned = totals
    words = (f"N = {enrolled} to enrol, {analysed} analysed" if enrolled != analysed
             else f"N = {enrolled} enrolled and analysed")
    return words + (f"; planned enrolment {planned}" if planned else "")


def trial_schema(context: ProtocolContext) -> Schema:
    """The schema of the trial in ``context``."""
    design = context.design
    periods = {p.name: p for p in design.periods}
    screening_weeks = periods["Screening"].duration if "Screening" in periods else None
    treatment = periods["Treatment"].duration if "Treatment" in periods else None
    follow = periods["Follow-up"].duration if "Follow-up" in periods else None
    totals = _total_words(_totals(context))
    window = (f"Up to {screening_weeks} before " if screening_weeks
              else "Window not given; before ") + ("randomisation" if design.randomised
                                                    else "the first dose")
    screening = SchemaBox("step", "Screening and consent", (window,))
    allocation = None
    if design.randomised:
        lines = [totals]
        if design.stratification:
            lines.append("Stratified by " + "; ".join(_text(s) for s in design.stratification))
        allocation = SchemaBox("step", f"Randomisation {_text(design.allocation_ratio)}",
                               tuple(lines))
    else:
        screening = SchemaBox("step", "Screening, consent and enrolment", (window, totals))
    arms = []
    for arm, n in zip(context.arms, _per_arm(context), strict=True):
        lines = [_intervention(i) for i in arm.interventions] or [_text(arm.description)]
        if treatment and not arm.interventions:
            lines.append(f"Treatment for {treatment}")
        arms.append(SchemaBox("arm", _text(arm.name) or _text(arm.id),
                              tuple(x for x in lines if x) + ((n,) if n else ())))
    interims = tuple(
        SchemaBox("interim", f"Interim analysis {i + 1}" if len(context.trial.interim_analyses) > 1
                  else "Interim analysis",
                  tuple(_text(x) for x in (look.timing, look.purpose) if x))
        for i, look in enumerate(context.trial.interim_analyses)
    )
    follow_up = SchemaBox("step", "Follow-up", (f"{follow} after treatment",)) if follow else None
    endpoint = None
    if context.primary_endpoint is not None:
        ep = context.primary_endpoint
        timing = _text(ep.timepoint)
        endpoint = SchemaBox("end", "Primary endpoint", (_text(ep.name),)
                             + ((f"Time point: {timing}",) if timing else ()))
    schema = Schema(screening, allocation, tuple(arms), interims, follow_up, endpoint, "")
    return replace(schema, description=_describe(schema))


def _describe(schema: Schema) -> str:
    """The schema in words, box by box (the figure's alternative text)."""
    def words(box: SchemaBox) -> str:
        return box.title + (": " + "; ".join(box.lines) if box.lines else "")

    parts = [words(schema.screening)]
    if schema.allocation is not None:
        parts.append(words(schema.allocation))
    if schema.arms:
        parts.append(f"{len(schema.arms)} arm{'s' if len(schema.arms) != 1 else ''}: "
                     + " | ".join(words(a) for a in schema.arms))
    parts += [words(b) for b in schema.interims]
    parts += [words(b) for b in (schema.follow_up, schema.endpoint) if b is not None]
    return "Trial schema. " + ". ".join(p.rstrip(".") for p in parts) + "."


def schema_caption(schema: Schema) -> str:
    """The figure's caption."""
    arms = len(schema.arms)
    flow = ["screening", "randomisation" if schema.allocation else "enrolment",
            f"{arms} arms with the number of participants in each" if arms != 1
            else "the arm with its number of participants"]
    if schema.interims:
        flow.append("interim analyses (dashed)" if len(schema.interims) > 1
                    else "the interim analysis (dashed)")
    flow += [name for name, box in (("follow-up", schema.follow_up),
                                    ("the primary endpoint's time point", schema.endpoint)) if box]
    return "Trial schema: " + ", ".join(flow[:-1]) + " and " + flow[-1] + "."


@dataclass
class _Placed:
    box: SchemaBox
    x: float
    width: float
    lines: list[tuple[str, bool]]

    @property
    def height(self) -> float:
        return 2 * PAD + sum(TITLE_SIZE + 2.5 if bold else TEXT_SIZE + 2.5
                             for _, bold in self.lines)


def _place(box: SchemaBox, x: float, width: float) -> _Placed:
    inner = width - 2 * PAD
    lines = [(line, True) for line in wrap(box.title, inner, TITLE_SIZE, True)]
    for text in box.lines:
        lines += [(line, False) for line in wrap(text, inner, TEXT_SIZE)]
    return _Placed(box, x, width, lines)


_STYLE: dict[str, tuple[str, str, tuple[float, float] | tuple[()]]] = {
    "step": (INK, FILL, ()), "arm": (INK, ARM_FILL, ()),
    "interim": (INTERIM, "#FFFFFF", (3.0, 2.0)), "end": (INK, "#FFF2CC", ()),
}
"""Outline, fill and dash of each kind of box: interim analyses dashed, the endpoint shaded."""


def _draw(chart: Chart, placed: _Placed, y: float, height: float) -> None:
    stroke, fill, dash = _STYLE[placed.box.kind]
    chart.shapes.append(Box(placed.x, y, placed.width, height, stroke, fill, 0.9, dash))
    baseline = y + PAD
    centre = placed.x + placed.width / 2
    for text, bold in placed.lines:
        size = TITLE_SIZE if bold else TEXT_SIZE
        baseline += size
        chart.shapes.append(Label(centre, baseline, text, size, "#000000", "middle", bold=bold))
        baseline += 2.5


def _arrow(chart: Chart, x: float, top: float, bottom: float) -> None:
    chart.shapes.append(Line(((x, top), (x, bottom - 4)), INK, 0.9))
    chart.shapes.append(Polygon(((x - 3, bottom - 5), (x + 3, bottom - 5), (x, bottom)), INK))


def schema_chart(schema: Schema, *, width_in: float = 6.0) -> Chart:
    """The boxes top to bottom, the arms side by side, arrows between."""
    width = width_in * 72
    margin = 4.0
    main_w = width * 0.72
    main_x = (width - main_w) / 2
    column = [_place(b, main_x, main_w) for b in (schema.screening, schema.allocation) if b]
    count = max(len(schema.arms), 1)
    gap = 8.0
    arm_w = min((width - 2 * margin - (count - 1) * gap) / count, main_w)
    first_x = (width - (count * arm_w + (count - 1) * gap)) / 2
    arms = [_place(b, first_x + i * (arm_w + gap), arm_w) for i, b in enumerate(schema.arms)]
    after = [_place(b, main_x, main_w) for b in
             (*schema.interims, schema.follow_up, schema.endpoint) if b is not None]
    arm_h = max((a.height for a in arms), default=0.0)
    height = (2 * margin + sum(p.height for p in column + after) + arm_h
              + GAP * (len(column) + len(after) - (0 if arms else 1)))
    chart = Chart(width, height)
    y = margin
    centre = width / 2
    for i, placed in enumerate(column):
        if i:
            _arrow(chart, centre, y - GAP, y)
        _draw(chart, placed, y, placed.height)
        y += placed.height + GAP
    if arms:
        bus_top = y - GAP / 2
        if len(arms) > 1:
            chart.shapes.append(Line(((centre, y - GAP), (centre, bus_top)), INK, 0.9))
            xs = [a.x + a.width / 2 for a in arms]
            chart.shapes.append(Line(((xs[0], bus_top), (xs[-1], bus_top)), INK, 0.9))
        for placed in arms:
            mid = placed.x + placed.width / 2
            _arrow(chart, mid, bus_top if len(arms) > 1 else y - GAP, y)
            _draw(chart, placed, y, arm_h)
        y += arm_h + GAP
        if after and len(arms) > 1:
            bus = y - GAP / 2
            xs = [a.x + a.width / 2 for a in arms]
            for mid in xs:
                chart.shapes.append(Line(((mid, y - GAP), (mid, bus)), INK, 0.9))
            chart.shapes.append(Line(((xs[0], bus), (xs[-1], bus)), INK, 0.9))
    for i, placed in enumerate(after):
        top = y - GAP / 2 if (i == 0 and len(arms) > 1) else y - GAP
        _arrow(chart, centre, top, y)
        _draw(chart, placed, y, placed.height)
        y += placed.height + GAP
    return chart


def schema_png(schema: Schema, *, width_in: float = 6.0) -> bytes:
    """The schema as PNG bytes, for Word."""
    return schema_chart(schema, width_in=width_in).png(DPI)


def schema_svg(schema: Schema, *, prefix: str = "trial-schema") -> str:
    """The schema as an inline ``<svg>`` element (its text escaped), for HTML."""
    return schema_chart(schema).svg(prefix)
