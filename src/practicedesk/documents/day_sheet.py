"""The day sheet: each provider's visits for one day, to print and carry to the chair.

One provider per section (a new page each; those without visits named in one line at the
end), or the whole office on one sheet, in time order: time and length, patient (name,
date of birth, phone), type, chair, status and notes, and for those who see money what each
patient has to pay (the co-pay or estimate, the balance due). Every page has the letterhead
and "page N of M". Plain values in, PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from practicedesk.documents.fonts import SANS, SANS_BOLD, draw, markup, register_fonts
from practicedesk.documents.pages import LIST_TABLE, Letterhead, render_letter_pages


@dataclass(frozen=True, slots=True)
class SheetLine:
    time: str  # "9:00 AM"
    minutes: int
    patient: str
    born: str
    phone: str
    kind: str
    chair: str
    status: str
    notes: str
    alert: str = ""
    minute_of_day: int = 0  # puts the whole office's visits in time order
    collect: str = ""  # "co-pay $25.00 · due $40.00": shown only to those who see money


@dataclass(frozen=True, slots=True)
class SheetSection:
    provider: str
    lines: list[SheetLine]


def render_day_sheet(
    letterhead: Letterhead,
    day_title: str,
    sections: list[SheetSection],
    *,
    whole_office: bool = False,
) -> bytes:
    """A page (or more) per provider who has visits; the providers without any are named in
    one line at the end instead of a page each saying so. `whole_office`: every visit on one
    sheet in time order, with a provider column, for the desk's own copy."""
    register_fonts()
    heading = ParagraphStyle("heading", fontName=SANS_BOLD, fontSize=14, leading=18, spaceAfter=6)
    cell = ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=10.5)
    bold = ParagraphStyle("bold", parent=cell, fontName=SANS_BOLD)
    busy = [section for section in sections if section.lines]
    idle = [section.provider for section in sections if not section.lines and section.provider]
    story: list[Flowable] = []
    if whole_office and busy:
        lines = sorted(
            ((section.provider, line) for section in busy for line in section.lines),
            key=lambda pair: (pair[1].minute_of_day, pair[0]),
        )
        story += [
            Paragraph(markup(f"The whole office — {day_title}"), heading),
            _visit_table(lines, cell, bold, with_provider=True),
            Spacer(1, 6),
            Paragraph(_count(len(lines)), cell),
        ]
    else:
        for index, section in enumerate(busy):
            if index:
                story.append(PageBreak())
            story += [
                Paragraph(markup(f"{section.provider} — {day_title}".strip(" —")), heading),
                _visit_table([(section.provider, line) for line in section.lines], cell, bold),
                Spacer(1, 6),
                Paragraph(_count(len(section.lines)), cell),
            ]
    if not busy:
        names = ", ".join(idle)
        story += [
            Paragraph(markup(f"{names} — {day_title}".strip(" —")), heading),
            Paragraph("No visits booked.", cell),
        ]
    elif idle:
        story += [Spacer(1, 12), Paragraph(markup("No visits booked: " + ", ".join(idle) + "."),
                                           cell)]  # fmt: skip
    return render_letter_pages(letterhead, f"Day sheet — {day_title}", story)


def _visit_table(
    lines: list[tuple[str, SheetLine]],
    cell: ParagraphStyle,
    bold: ParagraphStyle,
    *,
    with_provider: bool = False,
) -> Table:
    money = any(line.collect for _, line in lines)
    headings = ["Time", "Patient", "Type", "Chair", "Status", "Notes"]
    if money:
        headings.insert(-1, "To collect")
    if with_provider:
        headings.insert(1, "Provider")
    widths = {  # inches, 7.3 across: "Perio maintenance" and "due $2,430.00" on one line
        (False, False): [0.85, 2.05, 1.15, 0.75, 0.85, 1.65],
        (True, False): [0.75, 0.85, 1.8, 1.05, 0.65, 0.9, 1.3],
        (False, True): [0.85, 1.6, 1.15, 0.75, 0.85, 1.2, 0.9],
        (True, True): [0.78, 0.8, 1.3, 1.05, 0.65, 0.85, 1.12, 0.75],
    }[(with_provider, money)]
    rows = [[Paragraph(h, bold) for h in headings]]
    for provider, line in lines:
        details = "<br/>".join(markup(part) for part in (line.born, line.phone) if part)
        alert = (
            f'<font color="#B3261E"><b>ALERT:</b> {markup(line.alert)}</font>' if line.alert else ""
        )
        patient = "<br/>".join(
            part for part in (f"<b>{markup(line.patient)}</b>", details, alert) if part
        )
        row = [
            Paragraph(f"{markup(line.time)}<br/>{line.minutes} min", cell),
            Paragraph(patient, cell),
            Paragraph(markup(line.kind), cell),
            Paragraph(markup(line.chair), cell),
            Paragraph(markup(line.status), cell),
            Paragraph(markup(line.notes), cell),
        ]
        if money:
            parts = (markup(part).replace(" ", "&nbsp;") for part in line.collect.split(" · "))
            row.insert(-1, Paragraph("<br/>".join(parts), cell))  # "co-pay $10.00" kept whole
        if with_provider:
            row.insert(1, Paragraph(markup(provider), cell))
        rows.append(row)
    table = Table(rows, colWidths=[w * inch for w in widths], repeatRows=1)
    table.setStyle(LIST_TABLE)
    return table


def _count(visits: int) -> str:
    return f"{visits} visit{'s' * (visits != 1)}"


@dataclass(frozen=True, slots=True)
class CardDetails:
    patient: str
    when: str  # "Tuesday, March 3, 2026 at 9:00 AM"
    provider: str
    kind: str
    minutes: int


def render_appointment_card(letterhead: Letterhead, card: CardDetails) -> bytes:
    """A small card (4 × 2.5 in) to hand over at the desk: the next visit and how to change it."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    out = BytesIO()
    width, height = 4 * inch, 2.5 * inch
    canvas = Canvas(out, pagesize=(width, height))
    canvas.setTitle("Appointment card")
    draw(canvas, 0.2 * inch, height - 0.35 * inch, letterhead.practice_name, SANS_BOLD, 11)
    address = "  ·  ".join([*letterhead.address_lines, letterhead.phone])
    draw(canvas, 0.2 * inch, height - 0.52 * inch, address, SANS, 7.5)
    canvas.line(0.2 * inch, height - 0.62 * inch, width - 0.2 * inch, height - 0.62 * inch)
    y = height - 0.85 * inch
    for label, value in (
        ("For", card.patient),
        ("When", card.when),
        ("With", card.provider),
        ("For a", f"{card.kind} ({card.minutes} minutes)"),
    ):
        draw(canvas, 0.2 * inch, y, label, SANS_BOLD, 9)
        draw(canvas, 0.8 * inch, y, value, SANS, 9)
        y -= 0.22 * inch
    closing = f"To change or cancel, please call {letterhead.phone} a day ahead."
    draw(canvas, 0.2 * inch, 0.2 * inch, closing, SANS, 7.5)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
