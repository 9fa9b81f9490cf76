"""The fonts every document uses, shipped with the program so any name prints the same on
every PC (reportlab's built-in fonts stop at Latin-1).

DejaVu covers Latin, Greek and Cyrillic but no Chinese, Japanese or Korean, and reportlab
has no glyph fallback: a name in those scripts printed as empty boxes. Text is therefore
split into runs, and the characters DejaVu lacks are set in Droid Sans Fallback. Every
text a person typed goes through `markup` (paragraphs) or `draw` (the canvas).
"""

from __future__ import annotations

from functools import cache
from itertools import groupby
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from practicedesk.resources import resource

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
MONO = "DejaVuSansMono"
CJK = "DroidSansFallback"  # one weight: bold CJK prints regular


@cache
def register_fonts() -> None:
    for name in (SANS, SANS_BOLD, SANS_ITALIC, MONO, CJK):
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", f"{name}.ttf"))))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD)
    for bold in (0, 1):  # a CJK run inside <b> or <i> keeps its one face
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)


@cache
def _glyphs(font: str) -> frozenset[int]:
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)


def runs(text: str, font: str = SANS) -> list[tuple[str, str]]:
    """`text` as (piece, font) runs: characters `font` lacks and the fallback has go to
    the fallback; what neither has stays in `font` (its missing-glyph box)."""
    own, fallback = _glyphs(font), _glyphs(CJK)

    def face(char: str) -> str:
        code = ord(char)
        return CJK if code not in own and code in fallback else font

    return [("".join(chars), name) for name, chars in groupby(text, key=face)]


def markup(value: str) -> str:
    """`value` for a reportlab paragraph: escaped, its line breaks kept, and the runs DejaVu
    cannot print set in the fallback face."""
    parts = (
        escape(piece) if face != CJK else f'<font face="{CJK}">{escape(piece)}</font>'
        for piece, face in runs(value)
    )
    return "".join(parts).replace("\n", "<br/>")


def text_width(text: str, font: str, size: float) -> float:
    return sum(stringWidth(piece, face, size) for piece, face in runs(text, font))


def cut_to_width(text: str, font: str, size: float, width: float) -> str:
    """`text`, cut short with "…" if it is wider than `width`: for a box that must not be
    overrun (a mailing label, an envelope's window), where wrapping has no room."""
    while len(text) > 1 and text_width(text, font, size) > width:
        text = text[:-2].rstrip() + "…"
    return text


def draw(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    align: Literal["left", "right"] = "left",
) -> None:
    """`canvas.drawString` (or drawRightString) that prints every script; leaves `font` set."""
    if align == "right":
        x -= text_width(text, font, size)
    for piece, face in runs(text, font):
        canvas.setFont(face, size)
        canvas.drawString(x, y, piece)
        x += stringWidth(piece, face, size)
    canvas.setFont(font, size)
