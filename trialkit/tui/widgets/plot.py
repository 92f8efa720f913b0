"""A power curve drawn in braille characters, so it needs nothing beyond Textual and Rich."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Braille dot bit for (row 0..3, column 0..1) inside one character cell."""

Y_LABEL_WIDTH = 5


class BrailleCanvas:
    """A grid of braille cells addressed by sub-cell pixels (2 wide, 4 high per character)."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        self.cells = [[0] * self.columns for _ in range(self.rows)]

    @property
    def width(self) -> int:
        """Pixels across."""
        return self.columns * 2

    @property
    def height(self) -> int:
        """Pixels down."""
        return self.rows * 4

    def set(self, x: int, y: int) -> None:
        """Switch on pixel (x, y); y = 0 is the top. Pixels off the canvas are ignored."""
        if 0 <= x < self.width and 0 <= y < self.height:
            self.cells[y // 4][x // 2] |= _DOTS[y % 4][x % 2]

    def line(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """A straight line between two pixels."""
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for i in range(steps + 1):
            self.set(round(x0 + (x1 - x0) * i / steps), round(y0 + (y1 - y0) * i / steps))

    def row_text(self, row: int) -> str:
        """One character row as braille characters."""
        return "".join(chr(0x2800 + bits) for bits in self.cells[row])


def nice_ticks(lo: float, hi: float) -> tuple[float, float]:
    """Round an axis range outwards to whole numbers."""
    return math.floor(lo), math.ceil(hi)


class PowerCurve(Widget):
    """Power (y, 0-100%) against one input (x), with the target power and the chosen x marked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"power-curve--line", "power-curve--guide"}
    DEFAULT_CSS = """
    PowerCurve { height: 10; min-height: 6; }
    PowerCurve > .power-curve--line { color: $accent; text-style: bold; }
    PowerCurve > .power-curve--guide { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.target: float | None = None
        self.marker: float | None = None
        self.x_label = "n per arm"

    def set_curve(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        *,
        target: float | None = None,
        marker: float | None = None,
        x_label: str = "n per arm",
    ) -> None:
        """Replace the curve and redraw."""
        pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if math.isfinite(x) and math.isfinite(y)]
        self.xs = [p[0] for p in pairs]
        self.ys = [p[1] for p in pairs]
        self.target, self.marker, self.x_label = target, marker, x_label
        self.refresh()

    def clear(self) -> None:
        """Show no curve."""
        self.set_curve([], [])

    def render(self) -> Text:
        """Draw the axes, the guides and the curve into the widget's current size."""
        width, height = self.content_size.width, self.content_size.height
        if width < Y_LABEL_WIDTH + 8 or height < 3:
            return Text("")
        if len(self.xs) < 2:
            return Text("(no curve: complete the inputs above)", style="dim")
        plot_rows = height - 1
        canvas = BrailleCanvas(width - Y_LABEL_WIDTH - 1, plot_rows)
        guides = BrailleCanvas(canvas.columns, canvas.rows)
        x_lo, x_hi = nice_ticks(min(self.xs), max(self.xs))
        span = max(x_hi - x_lo, 1e-9)

        def px(x: float) -> int:
            return round((x - x_lo) / span * (canvas.width - 1))

        def py(y: float) -> int:
            return round((1.0 - min(max(y, 0.0), 1.0)) * (canvas.height - 1))

        if self.target is not None:
            y = py(self.target)
            for x in range(0, canvas.width, 3):
                guides.set(x, y)
        if self.marker is not None and x_lo <= self.marker <= x_hi:
            x = px(self.marker)
            for y in range(0, canvas.height, 2):
                guides.set(x, y)
        points = [(px(x), py(y)) for x, y in zip(self.xs, self.ys, strict=True)]
        for (x0, y0), (x1, y1) in pairwise(points):
            canvas.line(x0, y0, x1, y1)
        line_style = self.get_component_rich_style("power-curve--line")
        guide_style = self.get_component_rich_style("power-curve--guide")
        text = Text(no_wrap=True, overflow="crop")
        labels = {0: "100%", plot_rows // 2: " 50%", plot_rows - 1: "  0%"}
        for row in range(plot_rows):
            text.append(f"{labels.get(row, ''):>{Y_LABEL_WIDTH - 1}} ", style="dim")
            text.append("│", style="dim")
            for curve_cell, guide_cell in zip(canvas.cells[row], guides.cells[row], strict=True):
                if curve_cell:
                    text.append(chr(0x2800 + curve_cell), style=line_style)
                elif guide_cell:
                    text.append(chr(0x2800 + guide_cell), style=guide_style)
                else:
                    text.append(" ")
            text.append("\n")
        left, right = f"{x_lo:g}", f"{x_hi:g}"
        middle = self.x_label
        gap = canvas.columns - len(left) - len(right) - len(middle)
        axis = left + " " * max(gap // 2, 1) + middle + " " * max(gap - gap // 2, 1) + right
        text.append(" " * Y_LABEL_WIDTH + "└" + axis[: canvas.columns], style="dim")
        return text
