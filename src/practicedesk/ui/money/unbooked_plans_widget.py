"""Worklists → Accepted, not booked: treatment the patient agreed to that has no visit yet,
oldest decision first, so none is forgotten. Book… asks the appointment book for a time for
the item (which the book then marks booked); Open the chart shows the plan."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from practicedesk.services.money.plan_records import UnbookedItem
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.money.money_worklist import MoneyWorklistWidget
from practicedesk.ui.money.row_table import row_table
from practicedesk.ui.money.unbooked_plans_model import UnbookedPlansModel
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_money
from practicedesk.ui.widgets.page import BookingRequest


class UnbookedPlansWidget(MoneyWorklistWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = UnbookedPlansModel()
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.book = QPushButton(self.tr("&Book…"), self)  # a parent before setVisible
        self.book.setObjectName("unbookedBook")
        self.book.setVisible(
            self.session.can(Permission.BOOK) and self.session.can(Permission.TAKE_PAYMENTS)
        )
        self.open_chart = QPushButton(self.tr("&Open the chart"))
        self.total = QLabel()
        self.total.setObjectName("pageNote")
        buttons = QHBoxLayout()
        buttons.addWidget(self.book)
        buttons.addWidget(self.open_chart)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        self.table = row_table(
            "unbookedTable",
            self.model,
            stretch=5,
            widths=((0, 95), (1, 160), (2, 140), (3, 50), (4, 70), (6, 90), (7, 95), (8, 120)),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._on_selection()

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.activated.connect(lambda _index: self._on_open_chart())
        self.book.clicked.connect(self._on_book)
        self.open_chart.clicked.connect(self._on_open_chart)

    def load(self) -> None:
        run_task(self, self.session.plans.accepted_not_booked, self._show)

    def _show(self, rows: list[UnbookedItem]) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        self.total.setText(
            self.tr("{count} to book, {amount} of treatment").format(
                count=len(rows), amount=format_money(sum(r.fee for r in rows))
            )
        )
        if chosen is not None:
            for index, row in enumerate(rows):
                if row.item_id == chosen.item_id:
                    self.table.selectRow(index)
        self._on_selection()
        self.sig_count_changed.emit(len(rows))

    def selected(self) -> UnbookedItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _on_selection(self, *_args: object) -> None:
        chosen = self.selected() is not None
        self.book.setEnabled(chosen)
        self.open_chart.setEnabled(chosen)

    def _on_book(self) -> None:
        row = self.selected()
        if row is not None:
            self.sig_booking_requested.emit(
                BookingRequest(row.patient_id, row.patient_name, plan_item_id=row.item_id)
            )

    def _on_open_chart(self) -> None:
        row = self.selected()
        if row is not None:
            self.sig_patient_requested.emit(row.patient_id, row.patient_name)
