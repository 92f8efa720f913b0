"""The power curve figure of the protocol, as PNG (Word) or SVG (HTML).

matplotlib is imported inside the drawing functions (no pyplot state), so importing this
module is cheap and drawing is safe from worker threads. The data behind the figure is
computed by a separate plain function that tests can check without pixels.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trialkit.power.curves import DesignCurve
    from trialkit.power.result import PowerResult

DPI = 200
INK = "#1F3864"
ACCENT = "#C55A11"
GRID = "#BFBFBF"
FONT = ["Carlito", "Calibri", "DejaVu Sans"]
NO_CURVE = ("No power curve is drawn for this design: power curves are drawn for fixed-sample "
            "designs, whose size can be varied on its own.")


def power_curve(result: PowerResult) -> DesignCurve | None:
    """Power at sizes around the planned one: trialkit.power's one design curve (40% to 200%).

    None when the procedure's size cannot be varied (a Simon design, say).
    """
    from trialkit.power.curves import design_curve

    return design_curve(result)


def power_curve_png(
    curve: DesignCurve, *, title: str = "", width_in: float = 6.0, arms: int | None = None
) -> bytes:
    """The power curve (see ``power_curve_figure``) as PNG bytes at ``DPI``, for Word."""
    return _png(power_curve_figure(curve, title=title, width_in=width_in, arms=arms))


def power_curve_svg(curve: DesignCurve, *, arms: int | None = None, prefix: str = "power") -> str:
    """The power curve as an inline ``<svg>`` element, for HTML.

    Text stays text (``svg.fonttype`` none, escaped by matplotlib); element ids start with
    ``prefix`` so several figures can share one page.
    """
    return _svg(power_curve_figure(curve, arms=arms), prefix)


def power_curve_figure(
    curve: DesignCurve, *, title: str = "", width_in: float = 6.0, arms: int | None = None
) -> Any:
    """Draw power against the trial's total sample size, marking the chosen size and target.

    ``arms`` (k > 2 equal arms sized by one two-arm comparison) puts the whole trial on the
    axis: k times the per-arm size, so the figure counts every arm as the text does.
    """
    import logging

    from matplotlib.figure import Figure

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # no font: fall back

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
    return fig


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
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    return _save(fig, format="png", dpi=DPI, facecolor="white")


_SVG_IDS = re.compile(r'(\bid="|url\(#|href="#)')


def _svg(fig: Any, prefix: str) -> str:
    """The figure as an ``<svg>`` element (no XML prolog), its ids prefixed with ``prefix``."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix}):
        text = _save(fig, format="svg", metadata={"Date": None}).decode("utf-8")
    text = text[text.index("<svg"):]
    return _SVG_IDS.sub(lambda m: f"{m.group(1)}{prefix}-", text)


def _save(fig: Any, **options: Any) -> bytes:
    import warnings

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buffer, **options)
    return buffer.getvalue()
