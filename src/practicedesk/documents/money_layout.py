"""What the money documents (receipts, statements, the day's report, claim summaries, the A/R
report) share on paper: type styles, how amounts and days are written, and the ruled table
with amounts right-aligned so that a column of figures reads and adds up like a ledger's.

Amounts arrive as integer cents and are written here, and only here, with
`domain.money.format_cents`; nothing on paper is worked out from the printed text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from practicedesk.documents.fonts import SANS, SANS_BOLD, markup, runs
from practicedesk.documents.pages import MARGIN, PAGE_WIDTH
from practicedesk.domain.money import format_cents

WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = colors.HexColor("#1F3A4D")
GREY = colors.HexColor("#5F6B73")
ALERT_RED = colors.HexColor("#B3261E")
RULE = colors.HexColor("#C9D2D8")
SHADE = colors.HexColor("#E8EEF2")
STRIPE = colors.HexColor("#F6F9FB")

TITLE = ParagraphStyle("money-title", fontName=SANS_BOLD, fontSize=15, leading=19, spaceAfter=2)
HEADING = ParagraphStyle(
    "money-heading",
    fontName=SANS_BOLD,
    fontSize=11.5,
    leading=14,
    spaceBefore=10,
    spaceAfter=4,
    textColor=INK,
)
BODY = ParagraphStyle("money-body", fontName=SANS, fontSize=9.5, leading=12.5)
CELL = ParagraphStyle("money-cell", fontName=SANS, fontSize=8.5, leading=10.5)
BOLD = ParagraphStyle("money-bold", parent=CELL, fontName=SANS_BOLD)
NOTE = ParagraphStyle("money-note", parent=CELL, fontSize=8, leading=10, textColor=GREY)
FIGURE = ParagraphStyle("money-figure", parent=CELL, alignment=TA_RIGHT)
FIGURE_BOLD = ParagraphStyle("money-figure-bold", parent=FIGURE, fontName=SANS_BOLD)
LATE = ParagraphStyle("money-late", parent=CELL, textColor=ALERT_RED)
# A dense table (the A/R report's nine columns) in smaller type, so amounts never wrap.
_SMALL = ParagraphStyle("money-small", parent=CELL, fontSize=7.5, leading=9)
_SMALL_BOLD = ParagraphStyle("money-small-bold", parent=_SMALL, fontName=SANS_BOLD)
_KEEP_WITH_HEADING = 1.1 * inch


@cache
def _right(style: ParagraphStyle) -> ParagraphStyle:
    """`style` right-aligned, for an amount too long for its column (it then wraps)."""
    return ParagraphStyle(f"{style.name}-right", parent=style, alignment=TA_RIGHT)


def heading(text: str) -> list[Flowable]:
    """A section's heading, on a new page when fewer than a few rows would fit under it: never
    left alone at a page's foot, while a long table below it still starts on the same page."""
    return [CondPageBreak(_KEEP_WITH_HEADING), Paragraph(markup(text), HEADING)]


def amount(cents: int) -> str:
    return format_cents(cents)


def day(value: date | None, missing: str = "") -> str:
    return value.strftime("%m/%d/%Y") if value is not None else missing


def long_day(value: date) -> str:
    """ "Monday, March 2, 2026": for titles, where the weekday helps."""
    return value.strftime("%A, %B %d, %Y").replace(" 0", " ")


Cell = str | int | None
"""A table cell: text, or cents (an `int`) written as an amount, right-aligned; None: empty."""


def money_table(
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[Cell]],
    *,
    total: Sequence[Cell] | None = None,
    styles: Sequence[ParagraphStyle | None] = (),
    compact: bool = False,
) -> Table:
    """A ruled table (column widths in inches, summing to at most the page's 7.3): amounts
    right-aligned under right-aligned headings, the header repeated on every page, rows
    allowed to split between pages so a long description is never cut off, and an optional
    bold total row. `styles` gives a row its own text style (a late entry in red); `compact`
    sets it in smaller type with less padding.

    A cell that fits on one line is drawn as plain text in its row's font, and only the rest
    are paragraphs that wrap: laying out a paragraph per cell made a batch of 500
    statements take twice as long, for cells that never wrap (dates, amounts)."""
    if sum(widths) * inch > WIDTH + 1:
        raise ValueError("the columns are wider than the page")
    text, bold = (_SMALL, _SMALL_BOLD) if compact else (CELL, BOLD)
    padding = 3 if compact else 6
    lines = [*rows, *([total] if total is not None else [])]
    figures = [any(isinstance(line[i], int) for line in lines) for i in range(len(headers))]
    room = [w * inch - 2 * padding for w in widths]
    row_styles = [bold, *(
        (styles[i] if i < len(styles) else None) or text for i in range(len(rows))
    ), *([bold] if total is not None else [])]  # fmt: skip
    data = [
        [
            _cell(value, _right(style) if figure else style, width)
            for value, width, figure in zip(line, room, figures, strict=True)
        ]
        for line, style in zip([headers, *lines], row_styles, strict=True)
    ]
    table = Table(data, colWidths=[w * inch for w in widths], repeatRows=1, splitInRow=1)
    commands: list[tuple[object, ...]] = [
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
    ]
    for index, style in enumerate(row_styles):
        commands += [
            ("FONT", (0, index), (-1, index), style.fontName, style.fontSize, style.leading),
            ("TEXTCOLOR", (0, index), (-1, index), style.textColor),
        ]
    commands += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i, figure in enumerate(figures) if figure]
    if total is not None:
        commands += [
            ("LINEABOVE", (0, -1), (-1, -1), 1, INK),
            ("BACKGROUND", (0, -1), (-1, -1), colors.white),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _cell(value: Cell, style: ParagraphStyle, width: float) -> str | Paragraph:
    """Plain text when it fits on one line in `style`'s own font (the table draws it in the
    row's font and the column's alignment), else a paragraph in `style` that wraps; cents
    are written as an amount."""
    if isinstance(value, bool):
        raise TypeError("a yes or no is written as the words the reader should see")
    content = amount(value) if isinstance(value, int) else value or ""
    plain = "\n" not in content and all(
        face == style.fontName for _, face in runs(content, style.fontName)
    )
    if plain and stringWidth(content, style.fontName, style.fontSize) <= width:
        return content
    return Paragraph(markup(content), style)


def sum_table(
    lines: Sequence[tuple[str, int]],
    total: tuple[str, int],
    widths: tuple[float, float] = (5.8, 1.5),
) -> Table:
    """Labelled amounts under one another, ending in a bold total below a rule: the way a
    receipt or a statement works its figures down to what is owed."""
    data = [
        [Paragraph(markup(label), CELL), Paragraph(amount(cents), FIGURE)] for label, cents in lines
    ]
    data.append([Paragraph(markup(total[0]), BOLD), Paragraph(amount(total[1]), FIGURE_BOLD)])
    table = Table(data, colWidths=[w * inch for w in widths])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEABOVE", (0, -1), (-1, -1), 1, INK),
            ]
        )
    )
    return table


def pairs_table(pairs: Sequence[tuple[str, str]], label_width: float = 1.6) -> Table:
    """Labels and values, two columns, for facts such as a claim's subscriber and insurer."""
    rows = [[Paragraph(markup(k), BOLD), Paragraph(markup(v), CELL)] for k, v in pairs]
    table = Table(rows, colWidths=[label_width * inch, WIDTH - label_width * inch], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
