"""Recall postcards: four to a US letter sheet turned sideways, each 5½" × 4¼" (the size of
the 4-up postcard sheets sold for laser printers, and within the US Postal Service's postcard
rate), with cut marks for plain card stock.

Each card is the address side of a postcard, laid out the way the Postal Service reads one:
the practice's name and return address at the top left, the stamp at the top right, the
patient's name and address in the right half, below the stamp and above the bottom ⅝", which
the sorting machines keep for their barcode. The friendly note sits in the left half. A
postcard is read by everyone it passes, so it says nothing about the patient's health beyond
the recall's name (the owner's "Hygiene"), the practice's phone to call, and a first name.
Plain values in, PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from practicedesk.documents.fonts import SANS, SANS_BOLD, draw, markup, register_fonts
from practicedesk.documents.pages import Letterhead
from practicedesk.documents.text_fit import fit_block, fit_line

SHEET_WIDTH, SHEET_HEIGHT = landscape(LETTER)
CARD_WIDTH, CARD_HEIGHT = 5.5 * inch, 4.25 * inch
PER_SHEET = 4
SAFE = 0.3 * inch  # nothing closer to a card's edge: a cut a little off must not touch text
BARCODE_CLEAR = 0.625 * inch  # the Postal Service's barcode strip along the bottom
STAMP_WIDTH, STAMP_HEIGHT = 0.85 * inch, 0.95 * inch
ADDRESS_LEFT = CARD_WIDTH / 2 + 0.2 * inch  # the address half, right of the divider
MARK_FROM, MARK_TO = 0.2 * inch, 0.5 * inch  # cut marks: this far in from the sheet's edges
_INK = colors.HexColor("#1F3A4D")
_GREY = colors.HexColor("#8A979F")


@dataclass(frozen=True, slots=True)
class Postcard:
    greeting: str  # the first name the note opens with
    address: tuple[str, ...]  # the name, then the street lines, then "City, ST 97201"
    visits: str  # what is due, by the recall's name: "Hygiene and Bitewing X-rays", or ""
    due_month: str = ""  # "April 2026" when not yet due; empty when due now or overdue


def card_box(index: int) -> tuple[float, float, float, float]:
    """Where card `index` of a sheet (0 top left, 1 top right, 2 and 3 below) lies: left,
    bottom, right and top in points from the sheet's bottom left corner."""
    row, column = divmod(index % PER_SHEET, 2)
    left = column * CARD_WIDTH
    top = SHEET_HEIGHT - row * CARD_HEIGHT
    return left, top - CARD_HEIGHT, left + CARD_WIDTH, top


def render_postcards(letterhead: Letterhead, cards: Sequence[Postcard]) -> bytes:
    if not cards:
        raise ValueError("a sheet of postcards needs at least one card")
    register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=(SHEET_WIDTH, SHEET_HEIGHT))
    canvas.setTitle("Recall postcards")
    canvas.setAuthor(letterhead.practice_name)
    for index, card in enumerate(cards):
        if index and index % PER_SHEET == 0:
            canvas.showPage()
        if index % PER_SHEET == 0:
            _cut_marks(canvas)
        left, bottom, _, _ = card_box(index)
        canvas.saveState()
        canvas.translate(left, bottom)
        _card(canvas, letterhead, card)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _cut_marks(canvas: Canvas) -> None:
    """Short lines on the two cuts, in from each edge of the sheet, inside what a printer
    can reach; none in the middle, where they would print on the cards' corners."""
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.5)
    middle_x, middle_y = CARD_WIDTH, CARD_HEIGHT
    canvas.line(middle_x, MARK_FROM, middle_x, MARK_TO)
    canvas.line(middle_x, SHEET_HEIGHT - MARK_FROM, middle_x, SHEET_HEIGHT - MARK_TO)
    canvas.line(MARK_FROM, middle_y, MARK_TO, middle_y)
    canvas.line(SHEET_WIDTH - MARK_FROM, middle_y, SHEET_WIDTH - MARK_TO, middle_y)
    canvas.restoreState()


def _card(canvas: Canvas, letterhead: Letterhead, card: Postcard) -> None:
    """One card, drawn from its own bottom left corner."""
    top = CARD_HEIGHT - SAFE
    half = CARD_WIDTH / 2 - SAFE - 0.15 * inch  # the note's and the return address's width
    below = _return_address(canvas, letterhead, top, half)
    _note(canvas, letterhead, card, below - 0.22 * inch, half)
    canvas.setStrokeColor(_GREY)
    canvas.setLineWidth(0.5)
    canvas.line(CARD_WIDTH / 2, BARCODE_CLEAR + 0.2 * inch, CARD_WIDTH / 2, top)
    _stamp_box(canvas)
    _address(canvas, card.address)


def _return_address(canvas: Canvas, letterhead: Letterhead, top: float, width: float) -> float:
    """The practice's name (beside its logo, if it has one) and address; returns the y
    below them."""
    left = SAFE + _logo(canvas, letterhead.logo, top)
    canvas.setFillColor(_INK)
    name, size = fit_line(letterhead.practice_name, SANS_BOLD, 10, width - (left - SAFE))
    draw(canvas, left, top - size, name, SANS_BOLD, size)
    y = top - size - 3
    canvas.setFillColor(colors.HexColor("#44525C"))
    for line in (*letterhead.address_lines, letterhead.phone):
        if line:
            fitted, small = fit_line(line, SANS, 8, width - (left - SAFE))
            y -= small + 1.5
            draw(canvas, left, y, fitted, SANS, small)
    return min(y, top - 0.45 * inch)


def _logo(canvas: Canvas, logo: bytes | None, top: float) -> float:
    """The logo in a box 0.45" high and 0.9" wide at the card's top left; the room it takes,
    or 0 without one or when it cannot be read (a card without its logo beats no cards)."""
    if not logo:
        return 0
    try:
        picture = ImageReader(BytesIO(logo))
        width, height = picture.getSize()
        scale = min(0.45 * inch / height, 0.9 * inch / width)
        canvas.drawImage(
            picture, SAFE, top - height * scale, width * scale, height * scale, mask="auto"
        )
    except Exception:  # PIL raises OSError, ValueError or SyntaxError for a damaged picture
        return 0
    return width * scale + 6


def _note(canvas: Canvas, letterhead: Letterhead, card: Postcard, top: float, width: float) -> None:
    body = ParagraphStyle("note", fontName=SANS, fontSize=9.5, leading=12.5, spaceAfter=5)
    greeting = ParagraphStyle("greeting", parent=body, fontName=SANS_BOLD, fontSize=11)
    visits = f"<b>{markup(card.visits)}</b>"
    plural = "s" if " and " in card.visits else ""
    if not card.visits:
        due = "It's time to plan your next visit with us."
    elif card.due_month:
        due = f"Your next {visits} visit{plural} will be due in {markup(card.due_month)}."
    else:
        due = f"It's time to see us again for your {visits} visit{plural}."
    phone = f" at <b>{markup(letterhead.phone)}</b>" if letterhead.phone else ""
    parts = [
        Paragraph(f"Hello {markup(card.greeting)},", greeting),
        Paragraph(due, body),
        Paragraph(f"Please call us{phone} to choose a day and time that suit you.", body),
        Paragraph("We look forward to seeing you!", body),
        Paragraph(markup(letterhead.practice_name), body),
    ]
    y = top
    for part in parts:
        _, height = part.wrap(width, top)
        if y - height < BARCODE_CLEAR:  # a long practice name: better short than on the strip
            break
        part.drawOn(canvas, SAFE, y - height)
        y -= height + body.spaceAfter


def _stamp_box(canvas: Canvas) -> None:
    right, top = CARD_WIDTH - SAFE, CARD_HEIGHT - SAFE
    canvas.setStrokeColor(_GREY)
    canvas.setDash(2, 2)
    canvas.rect(right - STAMP_WIDTH, top - STAMP_HEIGHT, STAMP_WIDTH, STAMP_HEIGHT)
    canvas.setDash()
    canvas.setFillColor(_GREY)
    middle = right - STAMP_WIDTH / 2
    for offset, word in ((4, "PLACE"), (-4, "STAMP"), (-12, "HERE")):
        canvas.setFont(SANS, 6)
        canvas.drawCentredString(middle, top - STAMP_HEIGHT / 2 + offset, word)


def _address(canvas: Canvas, lines: tuple[str, ...]) -> None:
    """The mailing address, left-aligned in the right half, in the Postal Service's read
    area: below the stamp and clear of the barcode strip, centred between them."""
    fitted, size = fit_block(lines, 10.5, CARD_WIDTH - SAFE - ADDRESS_LEFT, 6)
    leading = size * 1.28
    room_top = CARD_HEIGHT - SAFE - STAMP_HEIGHT - 0.25 * inch
    room_bottom = BARCODE_CLEAR + 0.15 * inch
    y = room_bottom + (room_top - room_bottom + len(fitted) * leading) / 2 - size
    canvas.setFillColor(colors.black)
    for text, font in fitted:
        draw(canvas, ADDRESS_LEFT, y, text, font, size)
        y -= leading
