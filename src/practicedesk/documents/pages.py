"""The letter page every printed document shares: its size and margins, the practice's
letterhead, who the page is about, and "page N of M" (which needs the page count, so pages are
drawn after the whole document is laid out).

The renderers (forms, packets, day sheets, chart summaries) build their story of flowables
and hand it to `render_letter_pages`, so a change to the page is made once and every document
shows it alike. A batch of separate documents in one file (a month's statements) starts each
with a `PageSet`: its pages are numbered from 1 again and carry their own subject."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle

from practicedesk.documents.fonts import SANS, SANS_BOLD, draw, text_width

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 0.6 * inch
HEADER_HEIGHT = 0.75 * inch
LOGO_HEIGHT, LOGO_WIDTH = 30, 90  # points: the box a logo is scaled into
FOOTER_HEIGHT = 0.45 * inch
BODY_TOP = MARGIN + HEADER_HEIGHT - 0.2 * inch  # where the content starts below the letterhead
# A list on paper (day sheet, recall list, a report's table): a shaded header row, then rows
# striped and ruled alike, so that every printed list reads the same way.
LIST_TABLE = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#C9D2D8")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F6F9FB")]),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
)


@dataclass(frozen=True, slots=True)
class Letterhead:
    practice_name: str
    address_lines: list[str]
    phone: str
    subject: str = ""  # e.g. a patient's name and birth date, or "Day sheet"
    printed: str = ""  # e.g. "Printed 11/24/2026 4:05 PM by maria"
    logo: bytes | None = None  # PNG or JPEG, drawn left of the practice's name


def patient_line(name: str, born: str) -> str:
    """Whose a page is, as its header says: the name, and the date of birth where known."""
    return f"{name} · DOB {born}" if born else name


def practice_facts(letterhead: Letterhead) -> dict[str, str]:
    """The practice's placeholders a form or packet may use, from the letterhead it prints on."""
    return {
        "practice.name": letterhead.practice_name,
        "practice.phone": letterhead.phone,
        "practice.address": ", ".join(letterhead.address_lines),
    }


class PageSet(Flowable):
    """Starts a document of its own inside a batch: from the page it is drawn on, pages are
    numbered "Page 1 of N" again (N counting this set's pages only) and the header shows
    `subject`. Put it first on a page (after a PageBreak): a statement's second page must
    say whose it is, and "Page 37 of 912" means nothing to the guarantor holding it."""

    def __init__(self, subject: str) -> None:
        super().__init__()
        self.subject = subject

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.begin_page_set(self.subject)


def render_letter_pages(letterhead: Letterhead, title: str, story: Sequence[Flowable]) -> bytes:
    """Lay the story out on letter pages, inside the room the letterhead and the footer leave,
    and draw those on every page; `title` is the PDF's own (shown by a viewer). The caller
    registers the fonts before building the story (fonts.register_fonts)."""
    out = BytesIO()
    doc = _letter_document(out, title=title, author=letterhead.practice_name)
    doc.build(list(story), canvasmaker=_numbered_canvas(letterhead))
    return out.getvalue()


def layout_of(story: Sequence[Flowable]) -> tuple[int, float]:
    """How many letter pages a story takes and how full its last one is (0 to 1), for a
    renderer choosing between two layouts. The story is used up: lay out a fresh one."""
    end = _EndMark()
    doc = _letter_document(BytesIO())
    doc.build([*story, end])
    return doc.page, 1 - end.room_left / doc.height


def _letter_document(out: BytesIO, **info: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        out,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=BODY_TOP,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        **info,
    )


class _EndMark(Flowable):
    """Takes no room; notes the room left on the page where the story ends."""

    room_left = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.room_left = avail_height
        return 0, 0

    def draw(self) -> None:
        """Nothing to draw."""


def _numbered_canvas(letterhead: Letterhead) -> type[Canvas]:
    """A canvas class that draws the letterhead and "page N of M" on every page, counting
    within each `PageSet` (the whole document is one set unless the story starts others)."""

    class _Numbered(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._page_set = 0
            self._subject = letterhead.subject

        def begin_page_set(self, subject: str) -> None:
            self._page_set += 1
            self._subject = subject

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            sizes = Counter(state["_page_set"] for state in self._pages)
            numbers: Counter[int] = Counter()
            for state in self._pages:
                self.__dict__.update(state)
                numbers[self._page_set] += 1
                head = replace(letterhead, subject=self._subject)
                _decorate(self, head, numbers[self._page_set], sizes[self._page_set])
                super().showPage()
            super().save()

    return _Numbered


def _decorate(canvas: Canvas, letterhead: Letterhead, number: int, total: int) -> None:
    top = PAGE_HEIGHT - MARGIN
    canvas.saveState()
    left = MARGIN + _draw_logo(canvas, letterhead.logo, top)
    canvas.setFillColor(colors.HexColor("#1F3A4D"))
    draw(canvas, left, top - 12, letterhead.practice_name, SANS_BOLD, 13)
    canvas.setFillColor(colors.HexColor("#44525C"))
    details = "  ·  ".join(part for part in (*letterhead.address_lines, letterhead.phone) if part)
    draw(canvas, left, top - 25, details, SANS, 8.5)
    if letterhead.subject:
        size, line = _subject_fit(letterhead, details, left - MARGIN)
        canvas.setFillColor(colors.black)
        right = PAGE_WIDTH - MARGIN
        draw(canvas, right, top - line, letterhead.subject, SANS_BOLD, size, align="right")
    canvas.setStrokeColor(colors.HexColor("#9FB3C2"))
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, top - 33, PAGE_WIDTH - MARGIN, top - 33)
    canvas.setFillColor(colors.HexColor("#44525C"))
    canvas.line(MARGIN, MARGIN + 12, PAGE_WIDTH - MARGIN, MARGIN + 12)
    draw(canvas, MARGIN, MARGIN, letterhead.printed, SANS, 8)
    page = f"Page {number} of {total}"
    draw(canvas, PAGE_WIDTH - MARGIN, MARGIN, page, SANS, 8, align="right")
    canvas.restoreState()


def _draw_logo(canvas: Canvas, logo: bytes | None, top: float) -> float:
    """The logo in a box 30 points high and at most 90 wide; the room it takes, or 0 when
    there is none or it cannot be read (a page without its logo beats no page)."""
    if not logo:
        return 0
    try:
        picture = ImageReader(BytesIO(logo))
        width, height = picture.getSize()
        scale = min(LOGO_HEIGHT / height, LOGO_WIDTH / width)
        canvas.drawImage(picture, MARGIN, top - 29, width * scale, height * scale, mask="auto")
    except Exception:  # PIL raises OSError, ValueError or SyntaxError for a damaged picture
        return 0
    return width * scale + 8


def _subject_fit(letterhead: Letterhead, details: str, indent: float = 0) -> tuple[float, int]:
    """The subject (a patient's name, say) must not overprint the practice's name: beside it
    if it fits, smaller if need be, else beside the address line (size, points below top).
    Only a subject longer than half the page is left to crowd the address."""
    room = PAGE_WIDTH - 2 * MARGIN - 18 - indent
    for line, beside in ((12, text_width(letterhead.practice_name, SANS_BOLD, 13)),
                         (25, text_width(details, SANS, 8.5))):  # fmt: skip
        for size in (9.5, 9, 8.5, 8, 7.5, 7):
            if text_width(letterhead.subject, SANS_BOLD, size) <= room - beside:
                return size, line
    return 7, 25
