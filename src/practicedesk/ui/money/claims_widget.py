"""Worklists → Claims to follow: claims still open past the practice's follow-up days (and
those never sent), oldest first; mark one sent, note a call about it, or post its EOB."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.money.claims import ClaimInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.money.claim_dialogs import ClaimNoteDialog, EobDialog
from practicedesk.ui.money.claims_model import ClaimsModel
from practicedesk.ui.money.money_worklist import MoneyRowsWidget
from practicedesk.ui.money.row_table import row_table
from practicedesk.ui.tasks import run_task


class ClaimsWidget(MoneyRowsWidget[ClaimInfo]):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = ClaimsModel()
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.mark_sent = QPushButton(self.tr("Mark &sent"))
        self.add_note = QPushButton(self.tr("Add &note…"))
        self.post_eob = QPushButton(self.tr("Post &EOB…"))
        self.open_chart = QPushButton(self.tr("&Open the chart"))
        self._acting = (self.mark_sent, self.add_note, self.post_eob)
        for button in (*self._acting, self.open_chart):
            button.setEnabled(False)
        if not self.session.can(Permission.TAKE_PAYMENTS):
            for button in self._acting:
                button.setToolTip(self.tr("Your account may not change claims."))
        self.all_open = QCheckBox(self.tr("All open claims"))
        self.all_open.setToolTip(self.tr("Not only those waiting past the follow-up days"))
        buttons = QHBoxLayout()
        for button in (*self._acting, self.open_chart):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.all_open)
        self.table = row_table(
            "claimsTable",
            self.model,
            stretch=8,
            widths=((0, 150), (1, 150), (2, 125), (3, 95), (4, 90), (5, 90), (6, 95), (7, 135)),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.activated.connect(lambda _index: self._on_open_chart())
        self.all_open.toggled.connect(self.refresh)
        self.mark_sent.clicked.connect(self._on_mark_sent)
        self.add_note.clicked.connect(lambda: self._open(ClaimNoteDialog))
        self.post_eob.clicked.connect(lambda: self._open(EobDialog))
        self.open_chart.clicked.connect(self._on_open_chart)

    def load(self) -> None:
        claims, days = self.session.claims, 0 if self.all_open.isChecked() else None
        run_task(self, lambda: claims.to_follow(days), self._show)

    def _show(self, rows: list[ClaimInfo]) -> None:
        self._show_rows(rows, lambda row: row.id)

    def _on_selection(self) -> None:
        claim = self.selected()
        taking = self.session.can(Permission.TAKE_PAYMENTS)
        for button in self._acting:
            button.setEnabled(taking and claim is not None)
        if claim is not None and claim.status == "sent":
            self.mark_sent.setToolTip(self.tr("Sent again: the days waiting start over"))
        self.open_chart.setEnabled(claim is not None)

    def _on_mark_sent(self) -> None:
        claim = self.selected()
        if claim is not None:
            claims = self.session.claims
            run_task(self, lambda: claims.mark_sent(claim.id), lambda _info: self.refresh())

    def _open(self, kind: type[ClaimNoteDialog] | type[EobDialog]) -> None:
        claim = self.selected()
        if claim is not None:
            dialog = kind(self.session, claim, self)
            dialog.accepted.connect(self.refresh)
            dialog.open()

    def _on_open_chart(self) -> None:
        claim = self.selected()
        if claim is not None:
            self.sig_patient_requested.emit(claim.patient_id, claim.patient_name)
