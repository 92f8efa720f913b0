"""A small line chart drawn once as shapes, then written as SVG (HTML) or PNG (Word).

The protocol's one chart (power against sample size) needs axes, a grid, a curve, a dashed
target line and a marked point. Laying it out here and writing it with Pillow (PNG) or as
SVG text costs a few milliseconds, where importing a plotting library cost most of a Word
render's time. Coordinates are points (1/72 inch) from the top left corner.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

FONT_FAMILY = "Carlito, Calibri, 'DejaVu Sans', Arial, sans-serif"
FONT_FILES = (
    "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/calibri.ttf",
)
SUPERSAMPLE = 2
"""PNGs are drawn this many times larger and scaled down, which smooths lines and text."""


@dataclass(frozen=True)
class Line:
    """A polyline; ``dash`` is (on, off) in points, empty for solid."""

    points: tuple[tuple[float, float], ...]
    color: str
    width: float
    dash: tuple[float, float] | tuple[()] = ()


@dataclass(frozen=True)
class Label:
    """Text whose baseline starts, centres or ends (``anchor``) at x, y; ``vertical`` text
    reads bottom to top, centred on y, its baseline at x."""

    x: float
    y: float
    text: str
    size: float
    color: str = "#000000"
    anchor: str = "start"
    vertical: bool = False


@dataclass(frozen=True)
class Dot:
    """A filled circle."""

    x: float
    y: float
    radius: float
    color: str


@dataclass
class Chart:
    """A width by height (points) drawing of lines, dots and labels, in painting order."""

    width: float
    height: float
    shapes: list[Line | Label | Dot] = field(default_factory=list)

    def svg(self, prefix: str = "chart") -> str:
        """An ``<svg>`` element; text stays text (escaped), ``prefix`` names its id."""
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(prefix)}" '
                 f'width="{self.width:g}pt" height="{self.height:g}pt" '
                 f'viewBox="0 0 {self.width:g} {self.height:g}" role="img" '
                 f'font-family="{escape(FONT_FAMILY)}">',
                 f'<rect width="{self.width:g}" height="{self.height:g}" fill="#ffffff"/>']
        for shape in self.shapes:
            parts.append(_svg_shape(shape))
        parts.append("</svg>")
        return "".join(parts)

    def png(self, dpi: int) -> bytes:
        """The chart as PNG bytes at ``dpi`` dots per inch."""
        from PIL import Image, ImageDraw

        scale = dpi / 72 * SUPERSAMPLE
        size = (round(self.width * scale), round(self.height * scale))
        image = Image.new("RGB", size, "white")
        draw = ImageDraw.Draw(image)
        for shape in self.shapes:
            if isinstance(shape, Line):
                for segment in _dashed(shape):
                    draw.line([(x * scale, y * scale) for x, y in segment], fill=shape.color,
                              width=max(1, round(shape.width * scale)), joint="curve")
            elif isinstance(shape, Dot):
                r = shape.radius * scale
                draw.ellipse((shape.x * scale - r, shape.y * scale - r, shape.x * scale + r,
                              shape.y * scale + r), fill=shape.color)
            else:
                _draw_label(image, shape, scale)
        final = image.resize((round(self.width * dpi / 72), round(self.height * dpi / 72)),
                             Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        final.save(buffer, format="PNG", dpi=(dpi, dpi), optimize=False)
        return buffer.getvalue()


def _svg_shape(shape: Line | Label | Dot) -> str:
    if isinstance(shape, Line):
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in shape.points)
        dash = (f' stroke-dasharray="{shape.dash[0]:g} {shape.dash[1]:g}"'
                if shape.dash else "")
        return (f'<polyline points="{points}" fill="none" stroke="{shape.color}" '
                f'stroke-width="{shape.width:g}" stroke-linejoin="round"{dash}/>')
    if isinstance(shape, Dot):
        return (f'<circle cx="{shape.x:.2f}" cy="{shape.y:.2f}" r="{shape.radius:g}" '
                f'fill="{shape.color}"/>')
    rotate = f' transform="rotate(-90 {shape.x:.2f} {shape.y:.2f})"' if shape.vertical else ""
    return (f'<text x="{shape.x:.2f}" y="{shape.y:.2f}" font-size="{shape.size:g}" '
            f'fill="{shape.color}" text-anchor="{shape.anchor}"{rotate}>'
            f"{escape(shape.text, quote=False)}</text>")


def _dashed(line: Line) -> list[list[tuple[float, float]]]:
    """The line's drawn pieces: itself when solid, else its dashes along each segment."""
    if not line.dash:
        return [list(line.points)]
    on, off = line.dash
    pieces: list[list[tuple[float, float]]] = []
    for (x0, y0), (x1, y1) in zip(line.points, line.points[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0)
        start = 0.0
        while start < length:
            end = min(start + on, length)
            pieces.append([(x0 + (x1 - x0) * start / length, y0 + (y1 - y0) * start / length),
                           (x0 + (x1 - x0) * end / length, y0 + (y1 - y0) * end / length)])
            start += on + off
    return pieces


def _font(size_px: float) -> Any:
    from PIL import ImageFont

    for path in _font_files():
        try:
            return ImageFont.truetype(path, max(1, round(size_px)))
        except OSError:
            continue
    return ImageFont.load_default(size=max(1, round(size_px)))


def _font_files() -> list[str]:
    """Carlito (Calibri's metric twin) first, then fonts found on most systems; Pillow's own
    font when none is there."""
    return [path for path in FONT_FILES if Path(path).is_file()]


_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def _draw_label(image: Image.Image, label: Label, scale: float) -> None:
    from PIL import Image, ImageDraw

    font = _font(label.size * scale)
    if not label.vertical:
        ImageDraw.Draw(image).text((label.x * scale, label.y * scale), label.text,
                                   fill=label.color, font=font, anchor=_ANCHORS[label.anchor])
        return
    box = ImageDraw.Draw(image).textbbox((0, 0), label.text, font=font, anchor="ls")
    strip = Image.new("RGBA", (round(box[2] - box[0]) + 4, round(box[3] - box[1]) + 4),
                      (255, 255, 255, 0))
    ImageDraw.Draw(strip).text((2 - box[0], 2 - box[1]), label.text, fill=label.color,
                               font=font, anchor="ls")
    turned = strip.rotate(90, expand=True)
    centre_x = (label.x - 0.35 * label.size) * scale
    image.paste(turned, (round(centre_x - turned.width / 2),
                         round(label.y * scale - turned.height / 2)), turned)


def nice_ticks(low: float, high: float, most: int = 7) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) within [low, high]."""
    span = max(high - low, 1e-12)
    for step_base in (1, 2, 2.5, 5, 10):
        step = step_base * 10 ** math.floor(math.log10(span / most))
        if span / step <= most:
            break
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]
