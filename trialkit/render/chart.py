"""Small charts drawn once as shapes, then written as SVG (HTML) or PNG (Word).

The power curve needs axes, a grid, a curve, a dashed target line and a marked point; the
trial schema needs boxes, arrows and wrapped text (``wrap`` measures it with the font the PNG
is drawn in). Laying it out here and writing it with Pillow (PNG) or as
SVG text costs a few milliseconds, where importing a plotting library cost most of a Word
render's time. Coordinates are points (1/72 inch) from the top left corner.
"""

from __future__ import annotations

import functools
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
    bold: bool = False


@dataclass(frozen=True)
class Dot:
    """A filled circle."""

    x: float
    y: float
    radius: float
    color: str


@dataclass(frozen=True)
class Box:
    """A rectangle at x, y (its top left corner), outlined and filled; ``dash`` as for Line."""

    x: float
    y: float
    width: float
    height: float
    stroke: str
    fill: str = "#ffffff"
    line_width: float = 0.8
    dash: tuple[float, float] | tuple[()] = ()


@dataclass(frozen=True)
class Polygon:
    """A filled polygon (an arrow head, say)."""

    points: tuple[tuple[float, float], ...]
    color: str


Shape = Line | Label | Dot | Box | Polygon


@dataclass
class Chart:
    """A width by height (points) drawing of lines, dots and labels, in painting order."""

    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)

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
        """The chart as PNG bytes at ``dpi`` dots per inch (the same drawing is drawn once
        per process: a design's protocol is often written again unchanged)."""
        return _png(self.width, self.height, tuple(self.shapes), dpi)


@functools.lru_cache(maxsize=16)
def _png(width: float, height: float, shapes: tuple[Shape, ...], dpi: int) -> bytes:
    """PNG bytes of a chart: drawn ``SUPERSAMPLE`` times larger, then reduced."""
    from PIL import Image, ImageDraw

    scale = dpi / 72 * SUPERSAMPLE
    size = (round(width * scale), round(height * scale))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        if isinstance(shape, Line):
            for segment in _dashed(shape):
                draw.line([(x * scale, y * scale) for x, y in segment], fill=shape.color,
                          width=max(1, round(shape.width * scale)), joint="curve")
        elif isinstance(shape, Dot):
            r = shape.radius * scale
            draw.ellipse((shape.x * scale - r, shape.y * scale - r, shape.x * scale + r,
                          shape.y * scale + r), fill=shape.color)
        elif isinstance(shape, Box):
            _draw_box(draw, shape, scale)
        elif isinstance(shape, Polygon):
            draw.polygon([(x * scale, y * scale) for x, y in shape.points], fill=shape.color)
        else:
            _draw_label(image, shape, scale)
    final = image.reduce(SUPERSAMPLE)  # a box filter: a twentieth of LANCZOS's time
    buffer = io.BytesIO()
    final.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return buffer.getvalue()


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Line):
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in shape.points)
        dash = (f' stroke-dasharray="{shape.dash[0]:g} {shape.dash[1]:g}"'
                if shape.dash else "")
        return (f'<polyline points="{points}" fill="none" stroke="{shape.color}" '
                f'stroke-width="{shape.width:g}" stroke-linejoin="round"{dash}/>')
    if isinstance(shape, Dot):
        return (f'<circle cx="{shape.x:.2f}" cy="{shape.y:.2f}" r="{shape.radius:g}" '
                f'fill="{shape.color}"/>')
    if isinstance(shape, Box):
        dash = (f' stroke-dasharray="{shape.dash[0]:g} {shape.dash[1]:g}"'
                if shape.dash else "")
        return (f'<rect x="{shape.x:.2f}" y="{shape.y:.2f}" width="{shape.width:.2f}" '
                f'height="{shape.height:.2f}" fill="{shape.fill}" stroke="{shape.stroke}" '
                f'stroke-width="{shape.line_width:g}"{dash}/>')
    if isinstance(shape, Polygon):
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in shape.points)
        return f'<polygon points="{points}" fill="{shape.color}"/>'
    rotate = f' transform="rotate(-90 {shape.x:.2f} {shape.y:.2f})"' if shape.vertical else ""
    weight = ' font-weight="bold"' if shape.bold else ""
    return (f'<text x="{shape.x:.2f}" y="{shape.y:.2f}" font-size="{shape.size:g}" '
            f'fill="{shape.color}" text-anchor="{shape.anchor}"{weight}{rotate}>'
            f"{escape(shape.text, quote=False)}</text>")


def _draw_box(draw: Any, box: Box, scale: float) -> None:
    """A filled rectangle, its outline solid or dashed."""
    corners = (box.x * scale, box.y * scale, (box.x + box.width) * scale,
               (box.y + box.height) * scale)
    if not box.dash:
        draw.rectangle(corners, fill=box.fill, outline=box.stroke,
                       width=max(1, round(box.line_width * scale)))
        return
    draw.rectangle(corners, fill=box.fill)
    x0, y0, x1, y1 = box.x, box.y, box.x + box.width, box.y + box.height
    outline = Line(((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)), box.stroke,
                   box.line_width, box.dash)
    for segment in _dashed(outline):
        draw.line([(x * scale, y * scale) for x, y in segment], fill=box.stroke,
                  width=max(1, round(box.line_width * scale)))


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


@functools.lru_cache(maxsize=64)
def _font(size_px: float, bold: bool = False) -> Any:
    from PIL import ImageFont

    for path in _font_files(bold):
        try:
            return ImageFont.truetype(path, max(1, round(size_px)))
        except OSError:
            continue
    return ImageFont.load_default(size=max(1, round(size_px)))


def _font_files(bold: bool = False) -> list[str]:
    """Carlito (Calibri's metric twin) first, then fonts found on most systems; Pillow's own
    font when none is there. The bold face of each when ``bold`` (Calibri's is calibrib)."""
    paths = [_bold_file(path) for path in FONT_FILES] if bold else list(FONT_FILES)
    return [path for path in paths if Path(path).is_file()]


def _bold_file(path: str) -> str:
    if path.endswith("calibri.ttf"):
        return path.replace("calibri.ttf", "calibrib.ttf")
    if path.endswith("Arial.ttf"):
        return path.replace("Arial.ttf", "Arial Bold.ttf")
    return path.replace("-Regular.ttf", "-Bold.ttf").replace("DejaVuSans.ttf",
                                                             "DejaVuSans-Bold.ttf")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in points of ``text`` set at ``size`` points in the chart's font (measured
    at ten pixels a point, for precision)."""
    return float(_font(size * 10, bold).getlength(text)) / 10


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines at most ``width`` points wide, at spaces where it can be
    and inside a word only when the word alone is wider than the line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if text_width(trial, size, bold) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size, bold) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and text_width(current[:cut] + "-", size, bold) > width:
                cut -= 1
            lines.append(current[:cut] + "-")
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def _draw_label(image: Image.Image, label: Label, scale: float) -> None:
    from PIL import Image, ImageDraw

    font = _font(label.size * scale, label.bold)
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
