"""The month overview: a calendar with the number of visits booked each day."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QCalendarWidget, QWidget

from practicedesk.ui.widgets.qt_dates import from_qdate


class MonthView(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: dict[date, int] = {}
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)

    def set_counts(self, counts: dict[date, int]) -> None:
        self.counts = counts
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, day: QDate) -> None:
        super().paintCell(painter, rect, day)
        count = self.counts.get(from_qdate(day))
        if not count:
            return
        painter.save()
        painter.setPen(QColor("#1F3A4D"))
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        label = self.tr("1 visit") if count == 1 else self.tr("{n} visits").format(n=count)
        painter.drawText(
            rect.adjusted(2, 0, -2, -3),
            Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
            label,
        )
        painter.restore()
