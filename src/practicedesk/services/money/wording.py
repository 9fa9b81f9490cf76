"""How ledger entries are worded on paper: receipts, statements and the day's report say the
same thing the same way ("Payment, check 1043"; "D1110 Adult cleaning, tooth 3").

A statement goes to a guarantor who never saw the ledger, so the words are the patient's,
not the program's ("Insurance payment from Bluewater Dental", not "insurance_payment").
"""

from __future__ import annotations

from practicedesk.domain.ledger import EntryKind
from practicedesk.services.money.accounts import EntryLine

CONTRACTUAL = "contractual write-off"
"""The reason check-out gives the difference between the office's fee and the plan's."""


def how_paid(method: str, reference: str) -> str:
    """ "cash", "check 1043", "card 4242 auth 0099": a payment's method and what identifies it."""
    method = method or "other"
    return f"{method} {reference}".strip() if reference else method


def describe(line: EntryLine, insurer: str = "", *, with_reference: bool = True) -> str:
    """The entry in words; `insurer` names who paid an insurance payment."""
    note = f" — {line.description}" if line.description else ""
    paid = how_paid(line.method, line.reference if with_reference else "")
    if line.kind is EntryKind.CHARGE:
        tooth = f", tooth {line.tooth}" if line.tooth else ""
        return f"{line.procedure_code} {line.description}".strip() + tooth
    if line.kind is EntryKind.PAYMENT:
        return f"Payment, {paid}{note}"
    if line.kind is EntryKind.INSURANCE_PAYMENT:
        number = f", check {line.reference}" if line.reference and with_reference else ""
        return f"Insurance payment{' from ' + insurer if insurer else ''}{number}"
    if line.kind is EntryKind.REFUND:
        return f"Refund, {paid}{note}"
    if line.kind is EntryKind.ADJUSTMENT and line.reason == CONTRACTUAL and line.amount < 0:
        # It follows its charge: the code says which, the plan's name is on the claim.
        return f"Plan's contracted discount, {line.procedure_code}".rstrip(", ")
    if line.kind is EntryKind.ADJUSTMENT:
        reason = (line.reason or "adjustment").capitalize()
        return f"{reason}{note}"
    text = line.description or "correction"
    return text[:1].upper() + text[1:]
