"""The A/R aging report on paper: what the practice is owed, by how long it has been owed,
patient and insurance apart, and then each guarantor's row to work down the list from.

The totals come first because that is what the owner reads; the rows follow, largest
balance first, with the phone and the last payment and contact beside them because that is
what the coordinator needs to make the call. Plain values in, PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable, Paragraph, Spacer

from practicedesk.documents.fonts import markup, register_fonts
from practicedesk.documents.money_layout import (
    BODY,
    NOTE,
    TITLE,
    Cell,
    day,
    heading,
    money_table,
    sum_table,
)
from practicedesk.documents.pages import Letterhead, render_letter_pages


@dataclass(frozen=True, slots=True)
class AgingLine:
    guarantor: str
    phone: str
    patient_buckets: tuple[int, ...]  # cents the guarantor owes, youngest bucket first
    insurance: int  # what open claims should still pay on the account
    credit: int  # what the account holds in its favour
    last_payment: date | None
    last_contact: date | None

    @property
    def total(self) -> int:
        return sum(self.patient_buckets) + self.insurance - self.credit


@dataclass(frozen=True, slots=True)
class AgingSheet:
    as_of: date
    labels: tuple[str, ...]  # the buckets' day ranges: "0–30"…
    patient_totals: tuple[int, ...]
    insurance_totals: tuple[int, ...]
    lines: tuple[AgingLine, ...]
    week_ago_total: int | None = None  # the owner's weekly summary, when it was asked for
    largest: tuple[AgingLine, ...] = ()  # the five largest of what guarantors owe themselves
    oldest: tuple[AgingLine, ...] = ()  # the five oldest

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def credits(self) -> int:
        return sum(line.credit for line in self.lines)


def render_ar_aging(letterhead: Letterhead, sheet: AgingSheet) -> bytes:
    register_fonts()
    title = f"A/R aging as of {day(sheet.as_of)}"
    story: list[Flowable] = [
        Paragraph(markup(title), TITLE),
        Paragraph(
            markup(
                f"{len(sheet.lines)} account{'s' * (len(sheet.lines) != 1)} owing or in credit. "
                "Days are counted from each charge; payments pay the oldest charges first."
            ),
            BODY,
        ),
        *_totals(sheet),
        *_week(sheet),
        *_rows(sheet),
    ]
    return render_letter_pages(letterhead, title, story)


def _totals(sheet: AgingSheet) -> list[Flowable]:
    rows: list[list[Cell]] = [
        [f"{label} days", patient, insurance, patient + insurance]
        for label, patient, insurance in zip(
            sheet.labels, sheet.patient_totals, sheet.insurance_totals, strict=True
        )
    ]
    patient, insurance = sum(sheet.patient_totals), sum(sheet.insurance_totals)
    credited = sum(1 for line in sheet.lines if line.credit)
    flow: list[Flowable] = [
        *heading("Totals by age"),
        money_table(
            ("Owed for", "Patients", "Insurance", "Total"),
            (2.8, 1.5, 1.5, 1.5),
            rows,
            total=("Total owed", patient, insurance, patient + insurance),
        ),
    ]
    if credited:
        flow += [
            Spacer(1, 6),
            sum_table(
                [
                    ("Owed to the practice", patient + insurance),
                    (f"Less credits held for {credited} account{'s' * (credited != 1)}",
                     -sheet.credits),
                ],
                ("Accounts receivable", sheet.total),
            ),
        ]  # fmt: skip
    return flow


def _week(sheet: AgingSheet) -> list[Flowable]:
    """The owner's weekly summary: the change from a week ago, then whom to call first."""
    if sheet.week_ago_total is None:
        return []
    change = sheet.total - sheet.week_ago_total
    flow: list[Flowable] = [
        *heading("This week"),
        sum_table(
            [("Owed a week ago", sheet.week_ago_total), ("Change this week", change)],
            ("Owed now", sheet.total),
        ),
    ]
    for title, lines in (("The largest balances", sheet.largest),
                         ("The oldest balances", sheet.oldest)):  # fmt: skip
        if not lines:
            continue
        rows: list[list[Cell]] = [
            [line.guarantor, line.phone, sum(line.patient_buckets), _oldest(sheet, line)]
            for line in lines
        ]
        flow += [
            Spacer(1, 6),
            Paragraph(markup(title), BODY),
            money_table(("Guarantor", "Phone", "Owes", "Oldest"), (2.8, 1.5, 1.5, 1.5), rows),
        ]
    return flow


def _oldest(sheet: AgingSheet, line: AgingLine) -> str:
    owed = [label for label, cents in zip(sheet.labels, line.patient_buckets, strict=True) if cents]
    return f"{owed[-1]} days" if owed else ""


def _rows(sheet: AgingSheet) -> list[Flowable]:
    title = heading("By guarantor")
    if not sheet.lines:
        return [*title, Paragraph("No account owes anything or holds a credit.", BODY)]
    rows: list[list[Cell]] = []
    for line in sheet.lines:
        last = [f"paid {day(line.last_payment)}" if line.last_payment else "never paid"]
        if line.last_contact:
            last.append(f"contact {day(line.last_contact)}")
        who = line.guarantor + (f"\n{line.phone}" if line.phone else "")
        rows.append([who, *line.patient_buckets, line.insurance, line.total, "\n".join(last)])
    columns = range(len(sheet.labels))
    total: list[Cell] = [
        "Total",
        *(sum(line.patient_buckets[i] for line in sheet.lines) for i in columns),
        sum(line.insurance for line in sheet.lines),
        sheet.total,
        "",
    ]
    return [
        *title,
        money_table(
            ("Guarantor", *sheet.labels, "Insurance", "Total", "Last"),
            (1.5, 0.72, 0.72, 0.72, 0.72, 0.78, 0.84, 1.3),
            rows,
            total=total,
            compact=True,
        ),
        Spacer(1, 4),
        Paragraph(
            "The day columns are what the guarantors owe themselves; a total below zero is a "
            "credit held for the account.",
            NOTE,
        ),
    ]
