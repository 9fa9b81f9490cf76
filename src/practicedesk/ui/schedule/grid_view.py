"""A time grid with its column headings: the day view (one column per provider or chair)
and the week view (one column per day) are both this widget with different columns."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from practicedesk.ui.schedule.grid_content import GridContent
from practicedesk.ui.schedule.time_grid import GUTTER, TimeGridWidget


class ColumnHeaderWidget(QWidget):
    """Column titles, kept in line with the grid's columns above its scroll area."""

    def __init__(self, grid: TimeGridWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = grid
        self.setFixedHeight(40)

    def paintEvent(self, event: QPaintEvent) -> None:
        content = self._grid.content
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#E8EEF2"))
        if content is not None:
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            width = int(self._grid.column_width())
            for index, column in enumerate(content.columns):
                left = self._grid.column_left(index)
                painter.fillRect(QRect(left, self.height() - 5, width, 5), QColor(column.colour))
                painter.setPen(QColor("#1F3A4D"))
                text = painter.fontMetrics().elidedText(
                    column.title, Qt.TextElideMode.ElideRight, width - 8
                )
                painter.drawText(
                    QRect(left + 4, 0, width - 8, self.height() - 6),
                    Qt.AlignmentFlag.AlignCenter,
                    text,
                )
        painter.setPen(QColor("#B0BCC5"))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()


class GridView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = TimeGridWidget()
        self.header = ColumnHeaderWidget(self.grid)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.grid)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll_area, 1)

    def set_content(self, content: GridContent, now_minutes: int | None) -> None:
        self.grid.set_content(content, now_minutes)
        self.header.update()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.header.update()

    def scroll_to_minutes(self, minutes: int) -> None:
        self.scroll_area.verticalScrollBar().setValue(max(0, self.grid.y_of(minutes) - 20))


__all__ = ["GUTTER", "GridView"]
