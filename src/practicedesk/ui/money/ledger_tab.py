"""The chart's Ledger tab: the guarantor's account, every entry oldest first with a running
balance, what the balance is made of (insurance expected, the patient's part), how old it is,
and the desk's actions on it: take a payment, adjust, refund, correct an entry, print a receipt.

A family shares the guarantor's account, so a child's Ledger tab shows the parent's account and
says so. Nothing is ever edited or deleted here: a mistake is corrected by a new entry.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.domain.ledger import EntryKind
from practicedesk.services.money.accounts import EntryLine
from practicedesk.services.money.desk import AccountView
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.money.ledger_model import LedgerModel
from practicedesk.ui.money.money_words import balance_split, balance_words
from practicedesk.ui.money.printouts import print_preview
from practicedesk.ui.money.row_table import row_table
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date, format_money

__all__ = ["LedgerTab", "balance_split", "balance_words"]  # the chart says the balance alike


class LedgerTab(QWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        self.account: AccountView | None = None
        self.model = LedgerModel()
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.balance = QLabel()
        self.balance.setObjectName("ledgerBalance")
        self.split = QLabel()
        self.whose = QLabel()
        self.whose.setObjectName("pageNote")
        self.whose.setWordWrap(True)
        self.buckets = QGridLayout()
        self.buckets.setHorizontalSpacing(18)
        taking = self.session.can(Permission.TAKE_PAYMENTS)
        self.take_payment = QPushButton(self.tr("Take &payment…"))
        self.adjust = QPushButton(self.tr("Ad&just…"))
        self.refund = QPushButton(self.tr("Re&fund…"))
        self.correct = QPushButton(self.tr("Co&rrect this entry…"))
        self.receipt = QPushButton(self.tr("Print &receipt"))
        for button in (self.take_payment, self.adjust, self.refund):
            button.setEnabled(taking)
        if not taking:
            for button in (self.take_payment, self.adjust, self.refund, self.correct):
                button.setToolTip(self.tr("Your account may not post to the ledger."))
        elif not self.session.can(Permission.ADJUST_ANY_AMOUNT):
            note = self.tr("Write-offs and larger amounts need the owner's password.")
            self.adjust.setToolTip(note)
            self.refund.setToolTip(self.tr("A refund needs the owner's password."))
        buttons = QHBoxLayout()
        for button in (self.take_payment, self.adjust, self.refund, self.correct, self.receipt):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.table = row_table(
            "ledgerTable",
            self.model,
            stretch=2,
            widths=((0, 95), (1, 130), (3, 90), (4, 90), (5, 95), (6, 85), (7, 200)),
        )
        top = QHBoxLayout()
        figures = QVBoxLayout()
        figures.addWidget(self.balance)
        figures.addWidget(self.split)
        figures.addWidget(self.whose)
        top.addLayout(figures, 1)
        top.addLayout(self.buckets)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._on_selection()

    def _connect(self) -> None:
        self.take_payment.clicked.connect(self._on_take_payment)
        self.adjust.clicked.connect(self._on_adjust)
        self.refund.clicked.connect(self._on_refund)
        self.correct.clicked.connect(self._on_correct)
        self.receipt.clicked.connect(self._on_receipt)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

    # -- loading ------------------------------------------------------------------------------

    def show_chart(self, _chart: object) -> None:
        """The chart was read again (something changed): read the account again too."""
        self.refresh()

    def refresh(self) -> None:
        desk, patient_id = self.session.desk, self.patient_id
        run_task(self, lambda: desk.account(patient_id), self._show, self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        from practicedesk.ui.errors import show_inline

        show_inline(error, self.whose, self)

    def _show(self, account: AccountView) -> None:
        self.account = account
        chosen = self.selected()
        self.model.show_account(account)
        balance = account.balance
        self.balance.setText(balance_words(balance))
        self.balance.setProperty("state", "due" if balance.patient_due else "")
        self.balance.style().unpolish(self.balance)
        self.balance.style().polish(self.balance)
        self.split.setText(balance_split(balance))
        others = [name for name in account.members if name != account.guarantor_name]
        whose = self.tr("The account of {name}, who is responsible.").format(
            name=account.guarantor_name
        )
        if others:
            whose += " " + self.tr("It also carries: {names}.").format(names="; ".join(others))
        self.whose.setText(whose)
        self._show_buckets(account)
        if chosen is not None:
            self._select(chosen.id)
        elif account.entries:
            self.table.scrollToBottom()
        self._on_selection()

    def _show_buckets(self, account: AccountView) -> None:
        while self.buckets.count():
            item = self.buckets.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buckets.addWidget(QLabel(self.tr("Days owed")), 0, 0)
        self.buckets.addWidget(QLabel(self.tr("Patient")), 1, 0)
        self.buckets.addWidget(QLabel(self.tr("Insurance")), 2, 0)
        for column, bucket in enumerate(account.aging.buckets, start=1):
            self.buckets.addWidget(QLabel(bucket.label), 0, column)
            for row, cents in ((1, bucket.patient), (2, bucket.insurance)):
                shown = QLabel(format_money(cents))
                shown.setObjectName(f"bucket{row}{column}")
                self.buckets.addWidget(shown, row, column)
        last = account.aging.last_payment
        self.buckets.addWidget(
            QLabel(self.tr("Last payment: {day}").format(day=format_date(last) or self.tr("none"))),
            3,
            0,
            1,
            len(account.aging.buckets) + 1,
        )

    # -- the chosen entry ---------------------------------------------------------------------

    def selected(self) -> EntryLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def _select(self, entry_id: uuid.UUID) -> None:
        for row in range(self.model.rowCount()):
            if self.model.entry(row).id == entry_id:
                self.table.selectRow(row)
                return

    def _on_selection(self, *_args: Any) -> None:
        entry = self.selected()
        taking = self.session.can(Permission.TAKE_PAYMENTS)
        why = ""
        if entry is None:
            why = self.tr("Choose the entry to correct.")
        elif entry.kind is EntryKind.REVERSAL:
            why = self.tr("A correction is not corrected; post the right entry instead.")
        elif entry.reversed:
            why = self.tr("This entry is already corrected.")
        self.correct.setEnabled(taking and not why)
        if taking:
            self.correct.setToolTip(why or self.tr("Post an entry that takes this one back."))
        self.receipt.setEnabled(entry is not None)

    # -- actions ------------------------------------------------------------------------------

    def _name(self) -> str:
        return self.account.guarantor_name if self.account else ""

    def _open(self, dialog: Any) -> None:
        dialog.sig_posted.connect(lambda _line: self.refresh())
        dialog.open()

    def _on_take_payment(self) -> None:
        from practicedesk.ui.money.payment_dialog import PaymentDialog

        due = self.account.balance.patient_due if self.account else 0
        dialog = PaymentDialog(
            self.session, self.patient_id, self._name(), amount=due or None, parent=self
        )
        self._open(dialog)

    def _on_adjust(self) -> None:
        from practicedesk.ui.money.adjustment_dialog import AdjustmentDialog

        self._open(AdjustmentDialog(self.session, self.patient_id, self._name(), self))

    def _on_refund(self) -> None:
        from practicedesk.ui.money.payment_dialog import PaymentDialog

        credit = self.account.balance.credit if self.account else 0
        dialog = PaymentDialog(
            self.session,
            self.patient_id,
            self._name(),
            amount=credit or None,
            refund=True,
            parent=self,
        )
        self._open(dialog)

    def _on_correct(self) -> None:
        from practicedesk.ui.money.correction_dialog import CorrectionDialog

        entry = self.selected()
        if entry is not None:
            self._open(CorrectionDialog(self.session, entry, self))

    def _on_receipt(self) -> None:
        entry = self.selected()
        if entry is not None:
            ids = [entry.id]
            print_preview(
                self, self.session, lambda p: p.receipt(ids), self.tr("Receipt"), "Receipt.pdf"
            )
