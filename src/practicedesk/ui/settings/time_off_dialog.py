"""Adding time off for a provider or chair, or closing the whole practice (a holiday)."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLineEdit, QWidget

from practicedesk.domain.hours import local_instant
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.qt_dates import from_qdatetime, to_qdate


def _edit(value: QDateTime) -> QDateTimeEdit:
    edit = QDateTimeEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd MM/dd/yyyy h:mm AP")
    return edit


class TimeOffDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        resources: list[tuple[str, str, uuid.UUID | None]],  # (label, type, id)
        zone: ZoneInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.zone = session, zone
        self.setWindowTitle(self.tr("Time off or closure"))
        self.who = QComboBox()
        for label, resource_type, resource_id in resources:
            self.who.addItem(label, (resource_type, resource_id))
        today = QDateTime(to_qdate(session.today()), QTime(0, 0))
        self.start = _edit(today.addDays(1))
        self.end = _edit(today.addDays(2))
        self.kind = QComboBox()
        self.kind.addItems([self.tr("time off"), self.tr("holiday"), self.tr("closed")])
        self.note = QLineEdit()
        self.form.addRow(self.tr("Who"), self.who)
        self.form.addRow(self.tr("From"), self.start)
        self.form.addRow(self.tr("Until"), self.end)
        self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("Note"), self.note)
        self.ok_button().setText(self.tr("Add"))

    def _instant(self, edit: QDateTimeEdit) -> datetime:
        wall = from_qdatetime(edit.dateTime())
        return local_instant(wall.date(), wall.time().replace(second=0, microsecond=0), self.zone)

    def _on_ok_clicked(self) -> None:
        resource_type, resource_id = self.who.currentData()
        start, end = self._instant(self.start), self._instant(self.end)
        kind, note, setup = self.kind.currentText(), self.note.text(), self.session.schedule_setup
        self.submit(lambda: setup.add_exception(resource_type, resource_id, start, end, kind, note))
