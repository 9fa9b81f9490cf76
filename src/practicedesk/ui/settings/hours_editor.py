"""A week of working hours for one provider or chair: up to two stretches a day."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QTimeEdit, QWidget

from practicedesk.domain.hours import DailyHours
from practicedesk.ui.widgets.qt_dates import from_qtime, to_qtime

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class HoursEditorWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, title in enumerate(
            ("", self.tr("Morning from"), self.tr("to"), self.tr("Afternoon from"), self.tr("to"))
        ):
            grid.addWidget(QLabel(title), 0, column)
        self.rows: list[tuple[QCheckBox, list[QTimeEdit]]] = []
        for row, day in enumerate(_DAYS, start=1):
            works = QCheckBox(self.tr(day))
            edits = [QTimeEdit(QTime(h, 0)) for h in (8, 12, 13, 17)]
            for edit in edits:
                edit.setDisplayFormat("h:mm AP")
            grid.addWidget(works, row, 0)
            for column, edit in enumerate(edits, start=1):
                grid.addWidget(edit, row, column)
            works.toggled.connect(lambda on, e=edits: [edit.setEnabled(on) for edit in e])
            works.setChecked(row <= 5)
            self.rows.append((works, edits))

    def set_hours(self, hours: list[DailyHours]) -> None:
        for weekday, (works, edits) in enumerate(self.rows):
            stretches = sorted((h for h in hours if h.weekday == weekday), key=lambda h: h.start)
            works.setChecked(bool(stretches))
            if stretches:
                first = stretches[0]
                second = stretches[1] if len(stretches) > 1 else None
                edits[0].setTime(to_qtime(first.start))
                edits[1].setTime(to_qtime(first.end))
                edits[2].setTime(to_qtime(second.start if second else first.end))
                edits[3].setTime(to_qtime(second.end if second else first.end))

    def hours(self) -> list[DailyHours]:
        """The week as edited; a stretch that starts where it ends is left out (no afternoon)."""
        result = []
        for weekday, (works, edits) in enumerate(self.rows):
            if not works.isChecked():
                continue
            times: list[time] = [from_qtime(edit.time()) for edit in edits]
            for start, end in ((times[0], times[1]), (times[2], times[3])):
                if end > start:
                    result.append(DailyHours(weekday, start, end))
        return result
