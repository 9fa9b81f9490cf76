"""Taking a payment (at the desk, at check-in, from the Ledger tab) and giving a refund.

The amount is typed as text and read by `parse_cents`; a card payment keeps only the card's
last four digits and the approval code (the service refuses anything like a whole card
number). A refund is the owner's to allow: a coordinator's dialog asks for the owner's password
at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from practicedesk.services.money.desk import METHODS, NewPayment, OwnerApproval
from practicedesk.services.session import PracticeSession
from practicedesk.ui.money.money_words import METHOD_LABELS
from practicedesk.ui.money.posting_dialog import PostingDialog
from practicedesk.ui.widgets.money_edit import MoneyEdit

_REFERENCES = {
    "cash": ("Reference", ""),
    "check": ("Check number", "e.g. 1042"),
    "card": ("Card", "last four digits and the approval code, e.g. 4242 083311"),
    "other": ("Reference", "what it was paid with"),
}


class PaymentDialog(PostingDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        patient_name: str,
        *,
        amount: int | None = None,
        intro: str = "",
        appointment_id: uuid.UUID | None = None,
        refund: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.patient_id, self.appointment_id, self.is_refund = patient_id, appointment_id, refund
        self.setWindowTitle(
            (self.tr("Refund to {name}") if refund else self.tr("Take a payment: {name}")).format(
                name=patient_name
            )
        )
        self._build_ui(amount, intro)
        self.method.currentIndexChanged.connect(self._on_method_changed)
        self._on_method_changed()
        if refund:
            self.needs_owner(
                True,
                self.tr(
                    "A refund is the owner's to allow. Ask the owner to type their user name "
                    "and password here."
                ),
            )

    def _build_ui(self, amount: int | None, intro: str) -> None:
        if intro:
            self.intro.setText(intro)
            self.intro.show()
        elif self.is_refund:
            self.intro.setText(
                self.tr("Money given back. A refund is never more than was paid on the account.")
            )
            self.intro.show()
        self.amount = MoneyEdit(amount)
        self.amount.selectAll()
        self.method = QComboBox()
        for method in METHODS:
            self.method.addItem(self.tr(METHOD_LABELS[method]), method)
        self.reference = QLineEdit()
        self.reference.setMaxLength(40)
        self.reference_label = QLabel()
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.form.addRow(self.tr("Amount"), self.amount)
        paid_by = self.tr("Given back by") if self.is_refund else self.tr("Paid by")
        self.form.addRow(paid_by, self.method)
        self.form.addRow(self.reference_label, self.reference)
        self.form.addRow(self.tr("Note"), self.note)
        post = self.tr("Post refund") if self.is_refund else self.tr("Post payment")
        self.ok_button().setText(post)
        self.amount.setFocus()

    def _on_method_changed(self) -> None:
        label, hint = _REFERENCES[self.method.currentData()]
        self.reference_label.setText(self.tr(label))
        self.reference.setPlaceholderText(self.tr(hint))
        self.reference.setEnabled(self.method.currentData() != "cash")

    def payment(self) -> NewPayment:
        """What is typed, as the service takes it; `InvalidAmount` when the amount is not one."""
        method = self.method.currentData()
        return NewPayment(
            self.patient_id,
            self.amount.cents(),
            method,
            self.reference.text().strip() if method != "cash" else "",
            appointment_id=self.appointment_id,
            note=self.note.text().strip(),
            entry_id=self.entry_id,
        )

    def prepare(self) -> Callable[[OwnerApproval | None], Any]:
        payment, desk = self.payment(), self.session.desk
        if self.is_refund:
            return lambda approval: desk.refund(payment, approval)
        return lambda _approval: desk.take_payment(payment)
