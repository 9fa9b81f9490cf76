"""Worklists → Confirmations: the visits of the next working days (2 unless changed) not yet
confirmed, with the phone and how the patient likes to be reached.

Y confirms (the call is logged and the visit confirmed in one step, so it leaves the list);
M left message, N no answer and W wrong number log the attempt and keep it on the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from practicedesk.services.recall.calls import CONFIRM_DAYS_AHEAD, ConfirmRow
from practicedesk.services.session import PracticeSession
from practicedesk.ui.recall.call_list import CallListWidget, Outcome
from practicedesk.ui.recall.confirmation_list_model import ConfirmationListModel

CONFIRMATION_TOPIC = "confirmation"


class ConfirmationListWidget(CallListWidget[ConfirmRow]):
    outcomes = (
        Outcome("Y", "confirmed", "Confirmed"),
        Outcome("M", "left message", "Left message"),
        Outcome("N", "no answer", "No answer"),
        Outcome("W", "wrong number", "Wrong number"),
    )

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        model = ConfirmationListModel()
        super().__init__(
            session,
            model,
            self.tr("Every visit of those days is confirmed."),
            parent,
        )
        self.confirm_model = model
        self.days = QSpinBox()
        self.days.setRange(1, 10)
        self.days.setValue(CONFIRM_DAYS_AHEAD)
        self.days.setSuffix(self.tr(" working days"))
        caption = QLabel(self.tr("Visits of the next"))
        caption.setBuddy(self.days)
        self.filters.addWidget(caption)
        self.filters.addWidget(self.days)
        self.filters.addStretch(1)
        self.days.valueChanged.connect(self.refresh)
        for column, width in {0: 150, 1: 180, 2: 115, 3: 70, 4: 150, 5: 140, 6: 50}.items():
            self.table.setColumnWidth(column, width)

    def fetch(self) -> Callable[[], Any]:
        schedule, calls, days = self.session.schedule, self.session.calls, self.days.value()
        return lambda: (schedule.zone(), calls.confirmations(days))

    def rows_of(self, loaded: tuple[ZoneInfo, list[ConfirmRow]]) -> list[ConfirmRow]:
        self.confirm_model.zone, rows = loaded
        return rows

    def key_of(self, row: ConfirmRow) -> object:
        return row.appointment_id

    def log_call(self, row: ConfirmRow, outcome: str) -> Callable[[], Any]:
        calls = self.session.calls
        return lambda: calls.log(
            row.patient_id, CONFIRMATION_TOPIC, outcome, appointment_id=row.appointment_id
        )
