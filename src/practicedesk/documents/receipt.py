"""The receipt handed over at the desk after a check-out or a payment.

It answers what a patient asks at the counter: what was done and what it cost, what the plan
takes off and is expected to pay, what was paid today and how, and what the account owes now.
It fits in the top half of a letter page, so an office may print it on half sheets. The
insurance figure is marked as an estimate: what the plan pays may differ, and a receipt must
never read as a promise.

Plain values in (the service reads them from the ledger), PDF bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from practicedesk.documents.fonts import markup, register_fonts
from practicedesk.documents.money_layout import (
    BODY,
    NOTE,
    TITLE,
    Cell,
    amount,
    day,
    heading,
    money_table,
    sum_table,
)
from practicedesk.documents.pages import Letterhead, patient_line, render_letter_pages


@dataclass(frozen=True, slots=True)
class ReceiptProcedure:
    code: str
    name: str
    tooth: str
    fee: int  # cents


@dataclass(frozen=True, slots=True)
class ReceiptMoney:
    """A line of money other than a procedure: a payment ("Card ending 4242"), a refund, a
    courtesy adjustment, a correction. `amount` is signed as on the ledger: payments below
    zero."""

    label: str
    amount: int


@dataclass(frozen=True, slots=True)
class Receipt:
    patient: str
    born: str  # "06/09/1984", or ""
    account: str  # the guarantor, when not the patient: "Alvarez, Tomas"
    day: date
    provider: str
    procedures: tuple[ReceiptProcedure, ...]
    write_off: int  # the plan's contractual write-off, cents above zero
    plan: str  # "Bluewater Dental PPO", or "" without a claim
    insurance_estimate: int
    other: tuple[ReceiptMoney, ...]  # adjustments, corrections
    payments: tuple[ReceiptMoney, ...]  # payments and refunds, signed
    balance: int  # the account's balance on the day printed (below zero: a credit)
    insurance_pending: int  # what open claims should still pay of it
    balance_day: date

    @property
    def fees(self) -> int:
        return sum(p.fee for p in self.procedures)

    @property
    def portion(self) -> int:
        """The patient's estimated part of today's procedures."""
        return self.fees - self.write_off - self.insurance_estimate

    @property
    def paid(self) -> int:
        """Paid today, less any refund: above zero."""
        return -sum(p.amount for p in self.payments)

    @property
    def due(self) -> int:
        return max(0, self.balance - self.insurance_pending)


def render_receipt(letterhead: Letterhead, receipt: Receipt) -> bytes:
    register_fonts()
    letterhead = replace(letterhead, subject=patient_line(receipt.patient, receipt.born))
    facts = [f"Date of service {day(receipt.day)}"]
    if receipt.provider:
        facts.append(f"Provider {receipt.provider}")
    if receipt.account:
        facts.append(f"Account of {receipt.account}")
    story: list[Flowable] = [
        Paragraph("Receipt", TITLE),
        Paragraph(markup(f"{receipt.patient} · " + " · ".join(facts)), BODY),
        Spacer(1, 4),
    ]
    if receipt.procedures:
        story += _procedures(receipt)
    if receipt.other:
        story += [
            *heading("Adjustments"),
            money_table(
                ("Description", "Amount"),
                (5.8, 1.5),
                [(line.label, line.amount) for line in receipt.other],
            ),
        ]
    story += _payments(receipt)
    story.append(KeepTogether(_balance(receipt)))
    return render_letter_pages(letterhead, f"Receipt — {receipt.patient}", story)


def _procedures(receipt: Receipt) -> list[Flowable]:
    rows: list[list[Cell]] = [[p.code, p.name, p.tooth, p.fee] for p in receipt.procedures]
    summary: list[tuple[str, int]] = [("Total fees", receipt.fees)]
    if receipt.write_off:
        summary.append(("Less the plan's contracted discount", -receipt.write_off))
    if receipt.insurance_estimate:
        summary.append(
            (
                f"Less the estimate {receipt.plan or 'insurance'} should pay",
                -receipt.insurance_estimate,
            )
        )
    summary.append(("Your estimated portion", receipt.portion))
    return [
        *heading("Today's procedures"),
        money_table(("Code", "Procedure", "Tooth / area", "Fee"), (0.8, 4.0, 1.3, 1.2), rows),
        Spacer(1, 4),
        sum_table(summary[:-1], summary[-1]),
    ]


def _payments(receipt: Receipt) -> list[Flowable]:
    if not receipt.payments:
        return [*heading("Paid today"), Paragraph("Nothing was paid today.", BODY)]
    rows: list[list[Cell]] = [[p.label, -p.amount] for p in receipt.payments]
    return [
        *heading("Paid today"),
        money_table(("How", "Amount"), (5.8, 1.5), rows, total=("Total paid", receipt.paid)),
    ]


def _balance(receipt: Receipt) -> list[Flowable]:
    when = day(receipt.balance_day)
    if receipt.balance < 0:
        lines: list[tuple[str, int]] = [(f"Credit on the account on {when}", -receipt.balance)]
    else:
        lines = [(f"Account balance on {when}", receipt.balance)]
        if receipt.insurance_pending:
            lines.append(("Less what insurance is expected to pay", -receipt.insurance_pending))
        lines.append(("You owe", receipt.due))
    flow: list[Flowable] = [
        *heading("Balance"),
        sum_table(lines[:-1], lines[-1]),
    ]
    if receipt.insurance_estimate or receipt.insurance_pending:
        credit = receipt.insurance_pending - receipt.balance
        after = (
            f" Once insurance pays as estimated, the account holds a credit of {amount(credit)}."
            if receipt.balance >= 0 and credit > 0
            else ""
        )
        flow += [
            Spacer(1, 6),
            Paragraph(
                markup(
                    "Insurance amounts are estimates from your plan's benefits as we know them; "
                    "what the plan pays may differ, and any difference is yours to pay or is "
                    f"refunded to you.{after}"
                ),
                NOTE,
            ),
        ]
    return flow
