"""The power curve figure of the protocol, as PNG (Word) or SVG (HTML).

The curve's numbers come from trialkit.power (``power_curve``, checkable without pixels);
``power_curve_chart`` lays them out as shapes (``trialkit.render.chart``), written as PNG
with Pillow or as SVG text. Nothing here holds state, so drawing is safe from worker threads.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from trialkit.render.chart import Chart, Dot, Label, Line, nice_ticks

if TYPE_CHECKING:
    from trialkit.power.curves import DesignCurve
    from trialkit.power.result import PowerResult

DPI = 200
INK = "#1F3864"
ACCENT = "#C55A11"
GRID = "#BFBFBF"
GRID_LIGHT = "#E7E6E6"
NO_CURVE = ("No power curve is drawn for this design: power curves are drawn for fixed-sample "
            "designs, whose size can be varied on its own.")


def power_curve(result: PowerResult) -> DesignCurve | None:
    """Power at sizes around the planned one: trialkit.power's one design curve (40% to 200%).

    None when the procedure's size cannot be varied (a Simon design, say).
    """
    from trialkit.power.curves import design_curve

    return design_curve(result)


def power_curve_png(curve: DesignCurve, *, width_in: float = 6.0,
                    arms: int | None = None, scale: float = 0.0) -> bytes:
    """The power curve (see ``power_curve_chart``) as PNG bytes at ``DPI``, for Word."""
    return power_curve_chart(curve, width_in=width_in, arms=arms, scale=scale).png(DPI)


def power_curve_svg(curve: DesignCurve, *, arms: int | None = None, prefix: str = "power",
                    scale: float = 0.0) -> str:
    """The power curve as an inline ``<svg>`` element (text kept as text), for HTML."""
    return power_curve_chart(curve, arms=arms, scale=scale).svg(prefix)


def power_curve_chart(curve: DesignCurve, *, width_in: float = 6.0,
                      arms: int | None = None, scale: float = 0.0) -> Chart:
    """Power against the trial's total sample size, marking the chosen size and target.

    ``arms`` (k > 2 equal arms sized by one two-arm comparison) puts the whole trial on the
    axis: k times the per-arm size, so the figure counts every arm as the text does; ``scale``
    (unequal allocation) the comparison's total times the trial's participants per
    participant of the comparison, rounded up.
    """
    if arms and scale:
        totals = [math.ceil(n * scale - 1e-9) for n in curve.n_total]
        chosen = math.ceil(curve.chosen_total * scale - 1e-9)
    else:
        totals = [size * arms for size in curve.sizes] if arms else list(curve.n_total)
        chosen = curve.chosen_size * arms if arms else curve.chosen_total
    chart = Chart(width_in * 72, width_in * 72 * 0.55)
    left, right, top, bottom = 46.0, chart.width - 14, 10.0, chart.height - 36
    low, high = totals[0], totals[-1]

    def x_at(value: float) -> float:
        return left + (value - low) / max(high - low, 1e-12) * (right - left)

    def y_at(power: float) -> float:
        return bottom - power / 1.02 * (bottom - top)

    for tick in nice_ticks(low, high):
        chart.shapes.append(Line(((x_at(tick), top), (x_at(tick), bottom)), GRID_LIGHT, 0.6))
        chart.shapes.append(Label(x_at(tick), bottom + 12, f"{tick:g}", 8, anchor="middle"))
    for percent in range(0, 101, 20):
        y = y_at(percent / 100)
        chart.shapes.append(Line(((left, y), (right, y)), GRID_LIGHT, 0.6))
        chart.shapes.append(Label(left - 4, y + 3, f"{percent}%", 8, anchor="end"))
    chart.shapes.append(Line(((left, top), (left, bottom), (right, bottom)), "#000000", 0.8))
    if curve.target_power is not None:
        y = y_at(curve.target_power)
        chart.shapes.append(Line(((left, y), (right, y)), GRID, 1.0, (3.7, 1.6)))
        chart.shapes.append(Label(left + 4, y - 3, f"target power {curve.target_power:.0%}", 8,
                                  "#595959"))
    chart.shapes.append(Line(((x_at(chosen), top), (x_at(chosen), bottom)), ACCENT, 1.0,
                             (1.0, 1.65)))
    chart.shapes.append(Line(tuple((x_at(n), y_at(p)) for n, p in zip(totals, curve.power,
                                                                      strict=True)), INK, 1.8))
    point = (x_at(chosen), y_at(curve.chosen_power))
    chart.shapes.append(Dot(*point, 3.0, ACCENT))
    note = f"N = {chosen}, power {curve.chosen_power:.1%}"
    to_left = point[0] > (left + right) / 2
    chart.shapes.append(Label(point[0] + (-8 if to_left else 8), point[1] + 16, note, 8.5,
                              ACCENT, anchor="end" if to_left else "start"))
    x_label = ("Number of events" if curve.size_name == "events"
               else f"Total sample size analysed (all {arms} arms)" if arms
               else "Total sample size analysed (all arms)" if curve.per_arm else "Sample size")
    chart.shapes.append(Label((left + right) / 2, chart.height - 6, x_label, 9, anchor="middle"))
    chart.shapes.append(Label(16, (top + bottom) / 2, "Power", 9, vertical=True))
    return chart


def power_curve_caption(
    curve: DesignCurve, endpoint: str, software: str, method: str, arms: int | None = None,
    allocation: str = "", analysed: int = 0,
) -> str:
    """The figure's caption: what is plotted, by what method, and the planned size (all arms)."""
    if arms and allocation:
        planned = f"N = {analysed}, {arms} arms allocated {allocation}"
    elif arms:
        planned = f"N = {curve.chosen_size * arms}, {curve.chosen_size} in each of {arms} arms"
    else:
        planned = f"N = {curve.chosen_total}"
    return (
        f"Power of the primary analysis ({endpoint}) against the total number analysed in the "
        f"trial, computed with {software} ({method}); the point marks the planned sample size "
        f"({planned}, power {curve.chosen_power:.1%})."
    )
