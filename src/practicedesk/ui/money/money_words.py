"""How the money screens say an entry and a balance in words: one place, so the Ledger tab,
the day's money and the chart's header never describe the same entry two ways."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from practicedesk.domain.ledger import Balance, EntryKind
from practicedesk.services.money.accounts import EntryLine
from practicedesk.ui.widgets.formats import format_date, format_money

_KINDS = {
    EntryKind.CHARGE: "Charge",
    EntryKind.PAYMENT: "Payment",
    EntryKind.INSURANCE_PAYMENT: "Insurance payment",
    EntryKind.ADJUSTMENT: "Adjustment",
    EntryKind.REFUND: "Refund",
    EntryKind.REVERSAL: "Correction",
}
METHOD_LABELS = {"cash": "Cash", "check": "Check", "card": "Card", "other": "Other"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("money", text)


def kind_label(kind: EntryKind) -> str:
    return _tr(_KINDS[kind])


def entry_words(line: EntryLine) -> str:
    """ "D1110 Adult cleaning, #3", "Payment: check 1042", "Adjustment: courtesy — note"."""
    if line.kind is EntryKind.CHARGE:
        text = " ".join(part for part in (line.procedure_code, line.description) if part)
        return f"{text}, {line.tooth}" if line.tooth else text or kind_label(line.kind)
    if line.kind is EntryKind.REVERSAL:
        return line.description or kind_label(line.kind)
    if line.kind is EntryKind.ADJUSTMENT:
        how = line.reason
    else:
        method = METHOD_LABELS.get(line.method, line.method).lower()
        how = " ".join(part for part in (method, line.reference) if part)
    text = f"{kind_label(line.kind)}: {how}" if how else kind_label(line.kind)
    return f"{text} — {line.description}" if line.description else text


def entry_flags(line: EntryLine) -> str:
    """What a person must notice about an entry: corrected, or late for a closed day."""
    flags = []
    if line.reversed:
        flags.append(_tr("corrected"))
    if line.moved:
        flags.append(
            _tr("late: posted for {day}, which was closed without it").format(
                day=format_date(line.posted_on)
            )
        )
    return "; ".join(flags)


def balance_words(balance: Balance) -> str:
    """The header's line: what the guarantor owes now, or the credit, or nothing. A patient
    who paid more than their part while insurance has yet to pay owes nothing now, and is told
    what will come back to them if the insurer pays as expected (the account is not in credit
    until then, so nothing is refunded yet)."""
    if balance.credit:
        return _tr("Credit {amount}").format(amount=format_money(balance.credit))
    if balance.patient_due:
        return _tr("Owes {amount}").format(amount=format_money(balance.patient_due))
    overpaid = balance.insurance_pending - balance.total
    if overpaid > 0:
        return _tr("Nothing due; {amount} back if insurance pays").format(
            amount=format_money(overpaid)
        )
    return _tr("Nothing due")


def balance_split(balance: Balance) -> str:
    """The balance taken apart: what insurance should still pay and what the patient owes."""
    return _tr("Insurance expected {insurance} · patient owes {patient} · account {total}").format(
        insurance=format_money(balance.insurance_pending),
        patient=format_money(balance.patient_due),
        total=format_money(balance.total),
    )
