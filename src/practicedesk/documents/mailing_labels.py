"""Mailing labels: any list of address blocks on the common 30-to-a-sheet US letter label
sheet (the Avery 5160 layout, sold under many names): 3 columns of 10 labels, each 2⅝" × 1",
½" from the top of the sheet, 3/16" from its left edge, ⅛" between the columns and none
between the rows.

The sheet is die-cut: a line printed a little outside its label lands on the next one, and
two envelopes are spoiled. So nothing is drawn but the addresses (no letterhead, no page
number), each label's text keeps a padding from every edge that covers a printer feeding a
hair crooked, a block too wide is set smaller, then its long lines are broken between words,
and only then shortened with "…" (documents/text_fit.py); a block keeps its first five lines.
Address blocks in (the name first), PDF bytes out: recall postcards, statements and anything
else mailed use the same sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from practicedesk.documents.fonts import draw, register_fonts
from practicedesk.documents.text_fit import fit_block

COLUMNS, ROWS = 3, 10
PER_SHEET = COLUMNS * ROWS
LABEL_WIDTH, LABEL_HEIGHT = 2.625 * inch, 1 * inch
TOP, LEFT, COLUMN_GAP = 0.5 * inch, 0.1875 * inch, 0.125 * inch
PADDING_X, PADDING_Y = 0.16 * inch, 0.1 * inch
MOST_LINES = 5
_SIZE, _SMALLEST, _LEADING = 10.0, 7.5, 1.18


def label_box(index: int) -> tuple[float, float, float, float]:
    """Where label `index` of a sheet (0 at the top left, then across, then down) lies:
    left, bottom, right and top, in points from the sheet's bottom left corner."""
    row, column = divmod(index % PER_SHEET, COLUMNS)
    left = LEFT + column * (LABEL_WIDTH + COLUMN_GAP)
    top = LETTER[1] - TOP - row * LABEL_HEIGHT
    return left, top - LABEL_HEIGHT, left + LABEL_WIDTH, top


def render_labels(addresses: Sequence[Sequence[str]], title: str = "Mailing labels") -> bytes:
    """One label per address block, in the order given, a new sheet after every 30."""
    if not addresses:
        raise ValueError("a sheet of labels needs at least one address")
    register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=LETTER)
    canvas.setTitle(title)
    for index, block in enumerate(addresses):
        if index and index % PER_SHEET == 0:
            canvas.showPage()
        _fill_label(canvas, label_box(index), block)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _fill_label(
    canvas: Canvas, box: tuple[float, float, float, float], lines: Sequence[str]
) -> None:
    """The block from the label's left padding, centred from top to bottom; the name bold."""
    left, bottom, right, top = box
    wide, high = right - left - 2 * PADDING_X, top - bottom - 2 * PADDING_Y
    fitted, size = fit_block(lines, _SIZE, wide, MOST_LINES, smallest=_SMALLEST)
    if len(fitted) * size * _LEADING > high:  # five lines: a little smaller to fit in height
        fitted, size = fit_block(lines, high / (len(fitted) * _LEADING), wide, MOST_LINES,
                                 smallest=_SMALLEST)  # fmt: skip
    block = len(fitted) * size * _LEADING
    baseline = top - PADDING_Y - (high - block) / 2 - size
    for text, font in fitted:
        draw(canvas, left + PADDING_X, baseline, text, font, size)
        baseline -= size * _LEADING
