"""A claim summary, for an office that mails or faxes a claim or reads it to an insurer over
the phone: who was treated, who is insured and by whom, who treated and bills, when, and each
procedure with its fee.

It is deliberately not a standard claim form: those forms' layouts belong to their owners,
and an insurer that wants one gets it through the outside service that may plug in later
(services/money/claims.py). Plain values in, PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from practicedesk.documents.fonts import markup, register_fonts
from practicedesk.documents.money_layout import (
    BODY,
    HEADING,
    NOTE,
    TITLE,
    Cell,
    day,
    money_table,
    pairs_table,
)
from practicedesk.documents.pages import Letterhead, patient_line, render_letter_pages

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ClaimProcedure:
    code: str
    name: str
    tooth: str
    fee: int  # cents: the office's fee, as billed


@dataclass(frozen=True, slots=True)
class ClaimSheet:
    patient_name: str
    patient_born: str
    service_on: date
    status: str  # "to send", "sent on 03/02/2026"…
    patient: tuple[Pair, ...]  # name, date of birth, address
    subscriber: tuple[Pair, ...]  # name, relationship, birth date, member id, group
    insurer: tuple[Pair, ...]  # carrier, plan, payer id, phone
    provider: tuple[Pair, ...]  # the treating provider; the billing office
    procedures: tuple[ClaimProcedure, ...]
    billed: int  # the claim's total of fees

    @property
    def fees(self) -> int:
        return sum(line.fee for line in self.procedures)


def render_claim_summary(letterhead: Letterhead, sheet: ClaimSheet) -> bytes:
    register_fonts()
    letterhead = replace(letterhead, subject=patient_line(sheet.patient_name, sheet.patient_born))
    rows: list[list[Cell]] = [[p.code, p.name, p.tooth, p.fee] for p in sheet.procedures]
    story: list[Flowable] = [
        Paragraph("Claim summary", TITLE),
        Paragraph(
            markup(f"Date of service {day(sheet.service_on)} · Claim status: {sheet.status}"), BODY
        ),
        *_section("Patient", sheet.patient),
        *_section("Subscriber and coverage", sheet.subscriber),
        *_section("Insurer", sheet.insurer),
        *_section("Treating provider and billing office", sheet.provider),
        Paragraph("Procedures", HEADING),
        money_table(
            ("Code", "Procedure", "Tooth / area", "Fee"),
            (0.9, 3.9, 1.3, 1.2),
            rows,
            total=("", "Total billed", "", sheet.billed),
        ),
    ]
    if sheet.fees != sheet.billed:
        story.append(
            Paragraph(
                markup(
                    "The fees listed differ from the total billed: a procedure on this claim "
                    "was corrected after the claim was made. Check the claim before sending it."
                ),
                NOTE,
            )
        )
    return render_letter_pages(letterhead, f"Claim summary — {sheet.patient_name}", story)


def _section(title: str, pairs: tuple[Pair, ...]) -> list[Flowable]:
    shown = [(label, value) for label, value in pairs if value]
    if not shown:
        return [Paragraph(markup(title), HEADING), Paragraph("Not on file.", NOTE)]
    return [KeepTogether([Paragraph(markup(title), HEADING), pairs_table(shown, 1.9)])]
