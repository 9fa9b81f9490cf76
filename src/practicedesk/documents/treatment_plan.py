"""A treatment plan on paper, for the patient to take home or sign at the desk.

It answers what a patient asks before agreeing to care: what is proposed, in what order
(phases), what each procedure costs, what insurance is expected to pay and what is left to
them, per phase and in total. Every insurance figure is an estimate and the page says so in
plain words above the signature. Declined items are listed apart, without their estimate,
so the totals are what the patient agreed to.

Plain values in (the service prices the plan), PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from practicedesk.documents.fonts import markup, register_fonts
from practicedesk.documents.money_layout import (
    BODY,
    CELL,
    INK,
    NOTE,
    TITLE,
    WIDTH,
    Cell,
    day,
    heading,
    money_table,
    sum_table,
)
from practicedesk.documents.pages import Letterhead, patient_line, render_letter_pages

_COLUMNS = ("Code", "Procedure", "Tooth / area", "Fee", "Insurance estimate", "Your portion")
_WIDTHS = (0.7, 2.45, 0.95, 1.0, 1.1, 1.1)
ESTIMATE_SENTENCE = (
    "This is an estimate, not a promise of payment. Insurance amounts come from your plan's "
    "benefits as we know them today; what your plan actually pays may differ, and any "
    "difference is yours to pay or is refunded to you. Fees are held for the items of this "
    "plan as printed."
)


@dataclass(frozen=True, slots=True)
class PaperItem:
    phase: int
    code: str
    name: str
    tooth: str
    fee: int  # cents
    insurance: int  # the estimate
    patient: int  # the patient's portion
    declined: bool = False


@dataclass(frozen=True, slots=True)
class PaperSignature:
    signer: str
    signed_on: str  # as the office prints it: "12/05/2026 10:14 AM"
    image_png: bytes | None = None  # the strokes, when signed on screen


@dataclass(frozen=True, slots=True)
class PlanPaper:
    patient: str
    born: str  # "06/09/1984", or ""
    title: str
    day: date  # the day the plan was priced
    insurer: str  # "Bluewater Dental PPO", or ""
    coverage_note: str
    items: tuple[PaperItem, ...]  # by phase
    signature: PaperSignature | None = None

    @property
    def counted(self) -> tuple[PaperItem, ...]:
        return tuple(item for item in self.items if not item.declined)

    @property
    def phases(self) -> tuple[int, ...]:
        return tuple(sorted({item.phase for item in self.counted}))


def render_treatment_plan(letterhead: Letterhead, paper: PlanPaper) -> bytes:
    register_fonts()
    letterhead = replace(letterhead, subject=patient_line(paper.patient, paper.born))
    insurer = f" · Insurance: {paper.insurer}" if paper.insurer else " · No insurance on file"
    facts = f"{paper.title} · for {paper.patient} · {day(paper.day)}{insurer}"
    story: list[Flowable] = [
        Paragraph("Treatment plan", TITLE),
        Paragraph(markup(facts), BODY),
        Spacer(1, 4),
    ]
    several = len(paper.phases) > 1
    for phase in paper.phases:
        story += _phase(paper, phase, several)
    if not paper.counted:
        story.append(Paragraph("No procedure is planned.", BODY))
    declined = [item for item in paper.items if item.declined]
    if declined:
        rows: list[list[Cell]] = [[i.code, i.name, i.tooth, i.fee] for i in declined]
        story += [
            *heading("Declined"),
            money_table(("Code", "Procedure", "Tooth / area", "Fee"), (0.7, 4.4, 1.2, 1.0), rows),
        ]
    story.append(KeepTogether([*_totals(paper), *_signature(paper)]))
    return render_letter_pages(letterhead, f"Treatment plan — {paper.patient}", story)


def _phase(paper: PlanPaper, phase: int, several: bool) -> list[Flowable]:
    items = [item for item in paper.counted if item.phase == phase]
    rows: list[list[Cell]] = [
        [i.code, i.name, i.tooth, i.fee, i.insurance, i.patient] for i in items
    ]
    label = f"Phase {phase}" if several else "Planned procedures"
    total: list[Cell] = [
        "", f"{label} total" if several else "Total", "",
        sum(i.fee for i in items), sum(i.insurance for i in items), sum(i.patient for i in items),
    ]  # fmt: skip
    return [*heading(label), money_table(_COLUMNS, _WIDTHS, rows, total=total)]


def _totals(paper: PlanPaper) -> list[Flowable]:
    items = paper.counted
    fee = sum(i.fee for i in items)
    insurance = sum(i.insurance for i in items)
    patient = sum(i.patient for i in items)
    lines: list[tuple[str, int]] = [("Total fees", fee)]
    if fee - insurance - patient:
        lines.append(("Less the plan's contracted discount", -(fee - insurance - patient)))
    if insurance:
        lines.append((f"Less the estimate {paper.insurer or 'insurance'} should pay", -insurance))
    return [
        *heading("What this plan costs you"),
        sum_table(lines, ("Your estimated portion", patient)),
        Spacer(1, 6),
        Paragraph(markup(ESTIMATE_SENTENCE), BODY),
        Spacer(1, 3),
        Paragraph(markup(f"How the estimate was made: {paper.coverage_note}"), NOTE),
    ]


def _signature(paper: PlanPaper) -> list[Flowable]:
    """A line for the patient's signature and the date; the strokes and who signed when,
    once signed at the desk."""
    signed = paper.signature
    mark: Flowable | str = ""
    if signed is not None and signed.image_png:
        mark = Image(BytesIO(signed.image_png), width=2.6 * inch, height=0.55 * inch,
                     kind="proportional")  # fmt: skip
    when = signed.signed_on if signed is not None else ""
    below = (
        f"Signed on {signed.signed_on} by {signed.signer}"
        if signed is not None
        else "Print name: ____________________________________"
    )
    table = Table(
        [
            [mark, "", Paragraph(markup(when), CELL)],
            [Paragraph("Patient or guardian's signature", NOTE), "", Paragraph("Date", NOTE)],
            [Paragraph(markup(below), CELL), "", ""],
        ],
        colWidths=[WIDTH - 2.4 * inch, 0.3 * inch, 2.1 * inch],
        rowHeights=[0.65 * inch, None, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LINEBELOW", (0, 0), (0, 0), 0.8, INK),
                ("LINEBELOW", (2, 0), (2, 0), 0.8, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 2), (-1, 2), 6),
                ("SPAN", (0, 2), (2, 2)),
            ]
        )
    )
    return [
        Spacer(1, 10),
        Paragraph(
            markup(
                "I have read this plan and its estimate, my questions about it were answered, "
                "and I agree to the procedures I have not declined."
            ),
            BODY,
        ),
        Spacer(1, 4),
        table,
    ]
