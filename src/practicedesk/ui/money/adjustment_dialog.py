"""An adjustment with its reason: a courtesy, a write-off, a correction; a credit (lowers what
the account owes) or a debit (raises it).

Write-offs, and any adjustment above the limit the owner set, are the owner's to allow: the
dialog asks for the owner's password as soon as the reason or the amount needs it, rather than
after a refusal.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QRadioButton, QWidget

from practicedesk.errors import InvalidAmount
from practicedesk.services.money.desk import (
    ADJUSTMENT_REASONS,
    OWNER_ONLY_REASONS,
    NewAdjustment,
    OwnerApproval,
)
from practicedesk.services.practice.settings import ADJUSTMENT_LIMIT_CENTS
from practicedesk.services.session import PracticeSession
from practicedesk.ui.money.posting_dialog import PostingDialog
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.money_edit import MoneyEdit


class AdjustmentDialog(PostingDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        patient_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.patient_id = patient_id
        self.limit: int | None = None  # the owner's limit, once read
        self.setWindowTitle(self.tr("Adjust the account: {name}").format(name=patient_name))
        self._build_ui()
        self._connect()
        settings = session.settings
        run_task(self, lambda: settings.get(ADJUSTMENT_LIMIT_CENTS), self._on_limit_read)

    def _build_ui(self) -> None:
        self.amount = MoneyEdit()
        self.credit = QRadioButton(self.tr("Credit: lowers what is owed"))
        self.debit = QRadioButton(self.tr("Debit: raises it"))
        self.credit.setChecked(True)
        direction = QHBoxLayout()
        direction.addWidget(self.credit)
        direction.addWidget(self.debit)
        direction.addStretch(1)
        self.reason = QComboBox()
        for reason in ADJUSTMENT_REASONS:
            self.reason.addItem(self.tr(reason.capitalize()), reason)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.form.addRow(self.tr("Amount"), self.amount)
        self.form.addRow(self.tr("It is a"), direction)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.form.addRow(self.tr("Note"), self.note)
        self.ok_button().setText(self.tr("Post adjustment"))
        self.amount.setFocus()

    def _connect(self) -> None:
        self.amount.textChanged.connect(self._on_changed)
        self.reason.currentIndexChanged.connect(self._on_changed)

    def _on_limit_read(self, limit: int) -> None:
        self.limit = limit
        self._on_changed()

    def _on_changed(self) -> None:
        reason = self.reason.currentData()
        try:
            above = self.limit is not None and self.amount.cents() > self.limit
        except InvalidAmount:
            above = False
        if reason in OWNER_ONLY_REASONS:
            why = self.tr("A {reason} is the owner's to allow.").format(reason=reason)
        else:
            why = self.tr("Adjustments above {limit} are the owner's to allow.").format(
                limit=format_money(self.limit or 0)
            )
        ask = self.tr("Ask the owner to type their password here.")
        self.needs_owner(reason in OWNER_ONLY_REASONS or above, f"{why} {ask}")

    def prepare(self) -> Callable[[OwnerApproval | None], Any]:
        adjustment = NewAdjustment(
            self.patient_id,
            self.amount.cents(),
            self.reason.currentData(),
            credit=self.credit.isChecked(),
            note=self.note.text().strip(),
            entry_id=self.entry_id,
        )
        desk = self.session.desk
        return lambda approval: desk.adjust(adjustment, approval)
