"""Ticks for the days of the week, Monday first; weekdays ticked to start with."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class WeekdayPickerWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for index, name in enumerate(DAY_NAMES):
            box = QCheckBox(self.tr(name))
            box.setChecked(index < 5)
            self.boxes.append(box)
            row.addWidget(box)

    def checked(self) -> frozenset[int]:
        """Weekday numbers as date.weekday() gives them (Monday is 0)."""
        return frozenset(index for index, box in enumerate(self.boxes) if box.isChecked())
