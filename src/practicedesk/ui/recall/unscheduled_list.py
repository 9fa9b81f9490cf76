"""Worklists → Unscheduled: visits cancelled or missed lately whose patient has nothing
booked since, one line per patient, newest first.

B, Ctrl+B or Enter books (Find a time with the missed visit's type; the visit booked is
logged as the call's outcome); M, N, C, D and W log a call about the missed visit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QWidget

from practicedesk.services.recall.calls import UnscheduledRow
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.recall.call_list import BOOKING_CALL_OUTCOMES, CallListWidget
from practicedesk.ui.recall.unscheduled_list_model import UnscheduledListModel
from practicedesk.ui.widgets.page import BookingRequest

UNSCHEDULED_TOPIC = "unscheduled"


class UnscheduledListWidget(CallListWidget[UnscheduledRow]):
    outcomes = BOOKING_CALL_OUTCOMES

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        model = UnscheduledListModel()
        super().__init__(
            session,
            model,
            self.tr("No cancelled or missed visit is waiting to be rebooked."),
            parent,
        )
        self.missed_model = model
        self.book = self.add_row_button(
            self.tr("Book (B)"), self.book_current, allowed=session.can(Permission.BOOK)
        )
        self.book.setToolTip(self.tr("Find a time with the missed visit's type"))
        for key in ("B", "Ctrl+B", "Return", "Enter"):
            self.add_key(key, self.book_current)
        for column, width in {0: 150, 1: 180, 2: 115, 3: 120, 4: 140, 5: 230}.items():
            self.table.setColumnWidth(column, width)

    def fetch(self) -> Callable[[], Any]:
        schedule, calls = self.session.schedule, self.session.calls
        return lambda: (schedule.zone(), calls.unscheduled())

    def rows_of(self, loaded: tuple[ZoneInfo, list[UnscheduledRow]]) -> list[UnscheduledRow]:
        self.missed_model.zone, rows = loaded
        return rows

    def key_of(self, row: UnscheduledRow) -> object:
        return row.appointment_id

    def log_call(self, row: UnscheduledRow, outcome: str) -> Callable[[], Any]:
        calls = self.session.calls
        return lambda: calls.log(
            row.patient_id, UNSCHEDULED_TOPIC, outcome, appointment_id=row.appointment_id
        )

    def book_current(self) -> None:
        row = self.current()
        if row is not None and self.session.can(Permission.BOOK):
            self.sig_booking_requested.emit(
                BookingRequest(row.patient_id, row.name, row.type_id, UNSCHEDULED_TOPIC)
            )
