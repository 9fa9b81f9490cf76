"""The day's money on paper: the report the coordinator checks before closing the day, and
the deposit slip that goes to the bank with the checks and the cash.

The report gives the totals first (charges by provider, payments by method, insurance,
adjustments, refunds, corrections) and then every entry that counts on the day, so each
total can be traced to its entries. An entry posted for an earlier day that was closed
without it (it came from another PC through sync) is flagged in red: it belongs to this
day's report now, and the owner should know why the earlier one did not show it. The
deposit slip starts on a page of its own: each check (payer, number, amount), the cash
posted against the cash counted, and the deposit's total.

Plain values in (the service reads the day's report), PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from practicedesk.documents.fonts import markup, register_fonts
from practicedesk.documents.money_layout import (
    BODY,
    LATE,
    NOTE,
    TITLE,
    Cell,
    amount,
    heading,
    long_day,
    money_table,
    sum_table,
)
from practicedesk.documents.pages import Letterhead, PageSet, render_letter_pages


@dataclass(frozen=True, slots=True)
class DayEntry:
    patient: str
    what: str  # "Charge D1110 Adult cleaning", "Check payment"
    reference: str  # a check's number, a card's last four, an adjustment's reason
    amount: int  # signed cents, as on the ledger
    posted_by: str
    late: str = ""  # "posted for 03/01/2026, which was closed without it"


@dataclass(frozen=True, slots=True)
class DepositCheck:
    payer: str  # the patient, or the insurer for an insurance check
    number: str
    amount: int


@dataclass(frozen=True, slots=True)
class DaySummary:
    day: date
    status: str  # "Closed by olive" or "Open: not closed yet"
    charges_by_provider: tuple[tuple[str, int], ...]
    payments_by_method: tuple[tuple[str, int], ...]  # the patients' payments, above zero
    insurance_payments: int  # above zero
    adjustments: int  # signed, as on the ledger: write-offs below zero
    refunds: int  # above zero
    corrections: int  # signed
    entries: tuple[DayEntry, ...]
    checks: tuple[DepositCheck, ...]
    cash_posted: int
    cash_counted: int | None  # None until the drawer is counted at the close
    brought_forward: int = 0  # opening balances from the system the practice moved from

    @property
    def charges(self) -> int:
        return sum(cents for _, cents in self.charges_by_provider)

    @property
    def collected(self) -> int:
        return sum(cents for _, cents in self.payments_by_method) + self.insurance_payments

    @property
    def net_change(self) -> int:
        """What the day added to what is owed to the practice (below zero: it went down)."""
        return (
            self.charges + self.adjustments + self.refunds + self.corrections
            + self.brought_forward - self.collected
        )  # fmt: skip

    @property
    def checks_total(self) -> int:
        return sum(check.amount for check in self.checks)

    @property
    def deposit(self) -> int:
        """The checks, and the cash as counted (as posted, until it is counted)."""
        cash = self.cash_counted if self.cash_counted is not None else self.cash_posted
        return self.checks_total + cash


def render_day_report(letterhead: Letterhead, summary: DaySummary) -> bytes:
    register_fonts()
    title = long_day(summary.day)
    story: list[Flowable] = [
        Paragraph(markup(f"The day's report — {title}"), TITLE),
        Paragraph(markup(summary.status), BODY),
        *_totals(summary),
        *_entries(summary),
        PageBreak(),
        PageSet("Deposit slip"),
        *_deposit_slip(summary, title),
    ]
    return render_letter_pages(letterhead, f"The day's report — {title}", story)


def _totals(summary: DaySummary) -> list[Flowable]:
    providers: list[list[Cell]] = [[name, cents] for name, cents in summary.charges_by_provider]
    methods: list[list[Cell]] = [[m.capitalize(), c] for m, c in summary.payments_by_method]
    methods.append(["Insurance payments", summary.insurance_payments])
    flow: list[Flowable] = [
        *heading("Charges by provider"),
        money_table(("Provider", "Charges"), (5.8, 1.5), providers,
                    total=("Total charges", summary.charges)),
        *heading("Payments by method"),
        money_table(("Method", "Collected"), (5.8, 1.5), methods,
                    total=("Total collected", summary.collected)),
        *heading("The day in one sum"),
        sum_table(
            [
                ("Charges", summary.charges),
                ("Adjustments and write-offs", summary.adjustments),
                ("Refunds paid out", summary.refunds),
                ("Corrections", summary.corrections),
                *([("Balances brought forward", summary.brought_forward)]
                  if summary.brought_forward else []),
                ("Less collected", -summary.collected),
            ],
            ("Change in what is owed to the practice", summary.net_change),
        ),
    ]  # fmt: skip
    late = [entry for entry in summary.entries if entry.late]
    if late:
        said = (
            "1 entry posted for an earlier day that was closed without it counts"
            if len(late) == 1
            else f"{len(late)} entries posted for earlier days that were closed without them count"
        )
        flow += [Spacer(1, 6), Paragraph(f"{said} on this day (marked LATE below).", LATE)]
    return flow


def _entries(summary: DaySummary) -> list[Flowable]:
    title = heading("Every entry")
    if not summary.entries:
        return [*title, Paragraph("Nothing was posted on this day.", BODY)]
    rows: list[list[Cell]] = []
    styles = []
    for entry in summary.entries:
        what = f"LATE — {entry.what} ({entry.late})" if entry.late else entry.what
        rows.append([entry.patient, what, entry.reference, entry.posted_by, entry.amount])
        styles.append(LATE if entry.late else None)
    return [
        *title,
        money_table(
            ("Patient", "What", "Reference", "By", "Amount"),
            (1.55, 2.85, 1.0, 0.9, 1.0),  # "By" holds a user name whole, "frontdesk"
            rows,
            styles=styles,
        ),
        Spacer(1, 4),
        Paragraph("Amounts as on the ledger: payments and credits below zero.", NOTE),
    ]


def _deposit_slip(summary: DaySummary, title: str) -> list[Flowable]:
    checks: list[list[Cell]] = [[c.payer, c.number, c.amount] for c in summary.checks]
    flow: list[Flowable] = [
        Paragraph(markup(f"Deposit slip — {title}"), TITLE),
        *heading("Checks"),
    ]
    if checks:
        flow.append(
            money_table(("Payer", "Check number", "Amount"), (4.3, 1.5, 1.5), checks,
                        total=(f"{len(checks)} check{'s' * (len(checks) != 1)}", "",
                               summary.checks_total))
        )  # fmt: skip
    else:
        flow.append(Paragraph("No checks were taken.", BODY))
    cash: list[tuple[str, int]] = [("Cash posted", summary.cash_posted)]
    short = False
    if summary.cash_counted is None:
        cash_note = "The drawer has not been counted: the deposit below uses the cash posted."
        total = ("Cash to deposit (as posted)", summary.cash_posted)
    else:
        difference = summary.cash_counted - summary.cash_posted
        cash.append(("Cash counted", summary.cash_counted))
        short = difference < 0
        if difference:
            word = "over" if difference > 0 else "short"
            cash_note = f"The drawer is {word} by {amount(abs(difference))}."
        else:
            cash_note = "The drawer is even: the cash counted is the cash posted."
        total = ("Cash to deposit (as counted)", summary.cash_counted)
    flow += [
        *heading("Cash"),
        sum_table(cash, total),
        Spacer(1, 3),
        Paragraph(markup(cash_note), LATE if short else BODY),
        *heading("Deposit"),
        sum_table([("Checks", summary.checks_total), total], ("Total deposit", summary.deposit)),
    ]
    if any(method == "card" and cents for method, cents in summary.payments_by_method):
        flow.append(
            Paragraph("Card payments settle through the card terminal, not this deposit.", NOTE)
        )
    flow += [
        Spacer(1, 28),
        Paragraph("Prepared by ______________________   Deposited on ______________", BODY),
    ]
    return flow
