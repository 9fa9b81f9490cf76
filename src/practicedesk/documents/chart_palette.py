"""How a report's chart looks, on screen and on paper alike: how it tells its series apart
and where its value axis puts its guide lines. The Reports page (Qt Charts) and the printed
report (reportlab) both draw from here, so a chart looks the same wherever the owner reads
it. Plain values only: no Qt, no reportlab.

Colour alone is not enough. About one man in twelve does not tell red from green, and most
offices print in black and white. So the colours are Okabe and Ito's set for colour-blind
readers, put in an order where neighbours differ in lightness (they stay apart printed in
grey), and every series also has a pattern of its own: a hatch for bars and areas, a dash
and a marker for lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Hatch(StrEnum):
    NONE = "none"  # a solid fill
    DIAGONAL = "diagonal"  # lines rising to the right
    CROSS = "cross"  # diagonals both ways
    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"
    BACK_DIAGONAL = "back_diagonal"  # lines falling to the right


class Marker(StrEnum):
    CIRCLE = "circle"
    SQUARE = "square"
    TRIANGLE = "triangle"
    DIAMOND = "diamond"


@dataclass(frozen=True, slots=True)
class SeriesStyle:
    colour: str  # the fill and the line, "#RRGGBB"
    hatch_colour: str  # the hatch's lines: light on the dark colours, dark on the light ones
    hatch: Hatch
    dash: tuple[float, ...]  # a line's pattern, on and off in points; () for a solid line
    marker: Marker


# Okabe & Ito (2008), "Color Universal Design". Grey values (relative luminance) alternate
# dark and light: blue 0.15, orange 0.42, bluish green 0.26, sky blue 0.41, vermilion 0.22,
# reddish purple 0.29.
STYLES = (
    SeriesStyle("#0072B2", "#FFFFFF", Hatch.NONE, (), Marker.CIRCLE),
    SeriesStyle("#E69F00", "#5C3F00", Hatch.DIAGONAL, (6, 3), Marker.SQUARE),
    SeriesStyle("#009E73", "#FFFFFF", Hatch.CROSS, (1.5, 2.5), Marker.TRIANGLE),
    SeriesStyle("#56B4E9", "#0B3954", Hatch.HORIZONTAL, (8, 3, 2, 3), Marker.DIAMOND),
    SeriesStyle("#D55E00", "#FFFFFF", Hatch.VERTICAL, (3, 3), Marker.CIRCLE),
    SeriesStyle("#CC79A7", "#4A1A35", Hatch.BACK_DIAGONAL, (10, 4), Marker.SQUARE),
)

INK = "#1F3A4D"  # titles and values
MUTED = "#5A6B77"  # axis labels and notes
GRID = "#D3DDE4"  # the value axis's guide lines
HATCH_SPACING = 5.0  # points between a hatch's lines: visible on paper, calm on screen
LINE_WIDTH = 2.0  # points


def series_style(index: int) -> SeriesStyle:
    """The style of the series at `index`; past the sixth they repeat (no report has more)."""
    return STYLES[index % len(STYLES)]


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """ "#0072B2" as (0, 114, 178)."""
    value = colour.removeprefix("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def grey_level(colour: str) -> float:
    """Relative luminance (WCAG 2), 0 for black to 1 for white: roughly how light the colour
    prints on a black-and-white printer."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in hex_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    """WCAG 2's contrast ratio, 1 (none) to 21 (black on white); graphics need 3."""
    light, dark = sorted((grey_level(one), grey_level(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def value_scale(extent: tuple[float, float]) -> tuple[float, float, float]:
    """Round ends and a round step (1, 2, 2.5 or 5 times a power of ten) for about five
    guide lines; zero always on the axis, since a bar's length is its value. Values within
    a billionth of zero count as zero."""
    low, high = min(0.0, extent[0]), max(0.0, extent[1])
    low, high = (0.0 if abs(end) < 1e-9 else end for end in (low, high))
    if high - low < 1e-6:  # nothing to show (all zero): a plain 0 to 1
        high = low + 1.0
    rough = (high - low) / 5
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def tick_label(value: float, unit: str) -> str:
    """A guide line's value as the axis shows it: "$1,500", "25%", "2.5"."""
    number = f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"
    if unit == "$":
        return f"-${number[1:]}" if number.startswith("-") else f"${number}"
    return f"{number}%" if unit == "%" else number
