"""The recall list on paper: whom to call, about what, since when, and how the calls went,
for a coordinator who works the phones from a printout (or hands the list to a temp).

One line per patient and recall, in the list's order (overdue first), on letter pages with
the letterhead and "page N of M". Plain values in, PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from practicedesk.documents.fonts import SANS, SANS_BOLD, markup, register_fonts
from practicedesk.documents.pages import LIST_TABLE, Letterhead, render_letter_pages


@dataclass(frozen=True, slots=True)
class RecallLine:
    patient: str  # "Last, First"
    phone: str
    preferred_contact: str
    recall: str
    due: str  # "03/14/2026"
    state: str  # "Overdue"
    last_visit: str  # "09/14/2025 · Dr. Park"
    attempts: str  # "2 · left message 03/01/2026", or ""


_HEADINGS = ("Patient", "Phone", "Recall", "Due", "Last visit", "Calls so far")
_WIDTHS = (1.55, 1.15, 1.1, 0.95, 1.3, 1.25)  # inches: 7.3, the page's width inside margins


def render_recall_list(
    letterhead: Letterhead, title: str, chosen: str, lines: Sequence[RecallLine]
) -> bytes:
    """`chosen` says which part of the list this is ("Overdue and due · Hygiene")."""
    register_fonts()
    heading = ParagraphStyle("heading", fontName=SANS_BOLD, fontSize=14, leading=18)
    note = ParagraphStyle("note", fontName=SANS, fontSize=9, leading=12, spaceAfter=8)
    cell = ParagraphStyle("cell", fontName=SANS, fontSize=8, leading=10)
    bold = ParagraphStyle("bold", parent=cell, fontName=SANS_BOLD)
    story: list[Flowable] = [Paragraph(markup(title), heading), Paragraph(markup(chosen), note)]
    if not lines:
        story.append(Paragraph("Nobody is on this part of the recall list.", cell))
        return render_letter_pages(letterhead, title, story)
    rows: list[list[Flowable]] = [[Paragraph(h, bold) for h in _HEADINGS]]
    for line in lines:
        contact = f"<br/><i>prefers {markup(line.preferred_contact)}</i>"
        rows.append(
            [
                Paragraph(f"<b>{markup(line.patient)}</b>", cell),
                Paragraph(markup(line.phone) + (contact if line.preferred_contact else ""), cell),
                Paragraph(markup(line.recall), cell),
                Paragraph(f"{markup(line.due)}<br/>{markup(line.state)}", cell),
                Paragraph(markup(line.last_visit).replace(" · ", "<br/>"), cell),
                Paragraph(markup(line.attempts).replace(" · ", "<br/>"), cell),
            ]
        )
    table = Table(rows, colWidths=[w * inch for w in _WIDTHS], repeatRows=1)
    table.setStyle(LIST_TABLE)
    count = len(lines)
    total = Paragraph(f"{count} line{'s' * (count != 1)}", cell)
    return render_letter_pages(letterhead, title, [*story, table, Spacer(1, 6), total])
