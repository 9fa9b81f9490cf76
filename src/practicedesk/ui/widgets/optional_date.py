"""A date field that may be left empty ("not known"), with four-digit years."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtWidgets import QDateEdit, QWidget

from practicedesk.ui.widgets.qt_dates import from_qdate, to_qdate

NO_DATE = QDate(1800, 1, 1)


class OptionalDateEdit(QDateEdit):
    def __init__(
        self, value: date | None = None, *, future: bool = True, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("MM/dd/yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(" ")  # the minimum shows as empty
        if not future:
            self.setMaximumDate(QDate.currentDate())
        self.set_value(value)
        self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An empty field's calendar opens on this month, not on January 1800."""
        calendar = self.calendarWidget()
        if event.type() == QEvent.Type.Show and watched is calendar and self.value() is None:
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def value(self) -> date | None:
        chosen = self.date()
        return None if chosen == NO_DATE else from_qdate(chosen)

    def set_value(self, value: date | None) -> None:
        self.setDate(to_qdate(value) if value else NO_DATE)
