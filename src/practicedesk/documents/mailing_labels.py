"""Mailing labels for a batch of statements, on the common 30-up US letter sheet (the Avery
5160 layout, sold under many brands): 3 columns × 10 rows of 2⅝" × 1" labels, a ½" margin at
the top, 3/16" at the left and ⅛" between the columns.

A label sheet has no letterhead, footer or page numbers: anything printed outside a label
lands on the sheet's waste or, worse, on the next label. Each address is kept inside its
label with room to spare for a printer that feeds a little crooked: a line too long for the
label is set smaller, and only past the smallest size cut short with "…", because text run
onto the next label would spoil two envelopes. Plain address lines in, PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from practicedesk.documents.fonts import (
    SANS,
    SANS_BOLD,
    cut_to_width,
    draw,
    register_fonts,
    text_width,
)

COLUMNS, ROWS = 3, 10
LABEL_WIDTH, LABEL_HEIGHT = 2.625 * inch, 1.0 * inch
TOP_MARGIN, LEFT_MARGIN, COLUMN_GAP = 0.5 * inch, 0.1875 * inch, 0.125 * inch
PER_SHEET = COLUMNS * ROWS
PADDING = 0.15 * inch  # inside each label, on every side
_SIZE, _SMALLEST, _LEADING = 9.5, 6.5, 1.2


def label_box(index: int) -> tuple[float, float, float, float]:
    """The label at `index` on its sheet (0 top left, across then down) as left, bottom,
    right and top in points from the page's bottom-left corner."""
    row, column = divmod(index % PER_SHEET, COLUMNS)
    left = LEFT_MARGIN + column * (LABEL_WIDTH + COLUMN_GAP)
    top = LETTER[1] - TOP_MARGIN - row * LABEL_HEIGHT
    return left, top - LABEL_HEIGHT, left + LABEL_WIDTH, top


def render_labels(addresses: Sequence[Sequence[str]]) -> bytes:
    """One label per address (its lines: the name first), 30 to a sheet, in the order given."""
    if not addresses:
        raise ValueError("a label sheet holds at least one address")
    register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=LETTER)
    canvas.setTitle("Mailing labels")
    for index, lines in enumerate(addresses):
        if index and index % PER_SHEET == 0:
            canvas.showPage()
        _label(canvas, index, [line for line in lines if line.strip()][:5])
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _label(canvas: Canvas, index: int, lines: list[str]) -> None:
    """The lines from the label's top left, the block centred from top to bottom; each line
    as large as fits (up to 9.5 points), so a long name does not shrink the street."""
    left, bottom, right, top = label_box(index)
    room_wide, room_high = right - left - 2 * PADDING, top - bottom - 2 * PADDING
    size = min(_SIZE, room_high / (len(lines) * _LEADING))
    leading = size * _LEADING
    y = top - PADDING - (room_high - len(lines) * leading) / 2 - size
    for number, line in enumerate(lines):
        font = SANS_BOLD if number == 0 else SANS
        own = size
        while own > _SMALLEST and text_width(line, font, own) > room_wide:
            own -= 0.5
        draw(canvas, left + PADDING, y, cut_to_width(line, font, own, room_wide), font, own)
        y -= leading
