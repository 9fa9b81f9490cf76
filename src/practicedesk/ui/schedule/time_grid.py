"""The appointment book's time grid: columns of time, working hours shaded, closed time
hatched, a line at the current time, and the visits as blocks to click, drag and stretch.
A visit still to confirm in the coming working days has a dashed border and a "?", so the
desk sees at a glance whom it has not reached.

It paints GridContent and reports what the person did (a slot asked for, a block dropped or
stretched); the page decides what that means and asks the services. Keyboard: arrows move the
cursor by a step or a column, Enter books on an empty slot or opens the selected visit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.ui.schedule.grid_content import GridBlock, GridContent

GUTTER = 58
PIXELS_PER_MINUTE = 1.5
_MIN_COLUMN = 110
_EDGE = 6  # pixels at a block's foot that stretch it instead of moving it
_DRAG_START = 5
UNCONFIRMED_MARK = "?"
_STATUS_MARK = {
    VisitStatus.CONFIRMED: "✓",
    VisitStatus.ARRIVED: "⌂",
    VisitStatus.SEATED: "●",
    VisitStatus.COMPLETED: "✔✔",
    VisitStatus.NO_SHOW: "✗",
    VisitStatus.CANCELLED: "⊘",
}


@dataclass
class _Drag:
    block: GridBlock
    resize: bool
    press: QPoint
    grab_offset: int  # minutes between the block's start and the pointer
    column: int
    minutes: int  # new start (move) or new length (resize)
    active: bool = False


class TimeGridWidget(QWidget):
    sig_slot_activated = Signal(int, int)  # column, local minutes
    sig_appointment_activated = Signal(object)  # appointment id
    sig_appointment_dropped = Signal(object, int, int)  # id, column, new start minutes
    sig_appointment_resized = Signal(object, int)  # id, new length in minutes
    sig_menu_requested = Signal(object, int, int, QPoint)  # id or None, column, minutes, where
    sig_selection_changed = Signal(object)  # id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content: GridContent | None = None
        self.selected: uuid.UUID | None = None
        self.cursor_column = 0
        self.cursor_minutes = 8 * 60
        self.now_minutes: int | None = None
        self._drag: _Drag | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Appointment book"))
        self._clock = QTimer(self)
        self._clock.timeout.connect(self.update)
        self._clock.start(60_000)

    # -- content --------------------------------------------------------------------------------

    def set_content(self, content: GridContent, now_minutes: int | None) -> None:
        self.content = content
        self.now_minutes = now_minutes
        self.cursor_column = min(self.cursor_column, max(len(content.columns) - 1, 0))
        self.cursor_minutes = max(
            content.first_minute, min(self.cursor_minutes, content.last_minute - content.step)
        )
        if self.selected and not any(b.appointment.id == self.selected for b in content.blocks):
            self.selected = None
        self.setFixedHeight(self.y_of(content.last_minute) + 2)
        self.setMinimumWidth(GUTTER + _MIN_COLUMN * max(len(content.columns), 1))
        self.update()

    def block(self, appointment_id: uuid.UUID) -> GridBlock | None:
        if self.content is None:
            return None
        return next((b for b in self.content.blocks if b.appointment.id == appointment_id), None)

    def select(self, appointment_id: uuid.UUID | None) -> None:
        if appointment_id != self.selected:
            self.selected = appointment_id
            self.sig_selection_changed.emit(appointment_id)
            self.update()

    # -- geometry ---------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(GUTTER + _MIN_COLUMN * 4, 800)

    def column_width(self) -> float:
        count = len(self.content.columns) if self.content else 1
        return max((self.width() - GUTTER) / max(count, 1), 1)

    def column_left(self, column: int) -> int:
        return int(GUTTER + column * self.column_width())

    def y_of(self, minutes: int) -> int:
        first = self.content.first_minute if self.content else 0
        return int((minutes - first) * PIXELS_PER_MINUTE)

    def minutes_at(self, y: int) -> int:
        assert self.content is not None
        raw = self.content.first_minute + y / PIXELS_PER_MINUTE
        return self._snap(int(raw))

    def column_at(self, x: int) -> int | None:
        if self.content is None or x < GUTTER:
            return None
        column = int((x - GUTTER) / self.column_width())
        return column if column < len(self.content.columns) else None

    def block_rect(self, block: GridBlock) -> QRect:
        assert self.content is not None
        start = self.content.local_minutes(block.appointment.starts_at)
        top, bottom = self.y_of(start), self.y_of(start + block.appointment.minutes)
        left = self.column_left(block.column)
        return QRect(left + 2, top + 1, int(self.column_width()) - 5, max(bottom - top - 2, 10))

    def block_at(self, point: QPoint) -> GridBlock | None:
        if self.content is None:
            return None
        for block in reversed(self._visible_blocks()):
            if self.block_rect(block).contains(point):
                return block
        return None

    def _snap(self, minutes: int) -> int:
        step = self.content.step if self.content else 15
        return max(0, min(24 * 60 - step, round(minutes / step) * step))

    def _visible_blocks(self) -> list[GridBlock]:
        return self.content.blocks if self.content else []

    # -- painting ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.content is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_background(painter)
        self._paint_lines(painter)
        for block in self._visible_blocks():
            if self._drag is not None and self._drag.active and self._drag.block is block:
                continue
            self._paint_block(painter, block, self.block_rect(block))
        self._paint_drag(painter)
        self._paint_cursor(painter)
        self._paint_now(painter)
        painter.end()

    def _paint_background(self, painter: QPainter) -> None:
        assert self.content is not None
        painter.fillRect(self.rect(), QColor("#E4E9ED"))
        width = int(self.column_width())
        hatch = QBrush(QColor("#C5CDD3"), Qt.BrushStyle.BDiagPattern)
        for index, column in enumerate(self.content.columns):
            left = self.column_left(index)
            if not column.working:
                painter.fillRect(QRect(left, 0, width, self.height()), hatch)
            for span in column.working:
                top = self.y_of(self.content.local_minutes(span.start))
                bottom = self.y_of(self.content.local_minutes(span.end) or 1440)
                painter.fillRect(QRect(left, top, width, bottom - top), QColor("#FFFFFF"))

    def _paint_lines(self, painter: QPainter) -> None:
        assert self.content is not None
        content = self.content
        minor, major = QPen(QColor("#EEF1F3")), QPen(QColor("#C9D2D8"))
        painter.setFont(self._font(8.5))
        for minutes in range(content.first_minute, content.last_minute + 1, content.step):
            y = self.y_of(minutes)
            on_hour = minutes % 60 == 0
            painter.setPen(major if on_hour else minor)
            painter.drawLine(GUTTER, y, self.width(), y)
            if on_hour and minutes < content.last_minute:
                painter.setPen(QColor("#455A64"))
                hour = minutes // 60
                label = f"{(hour - 1) % 12 + 1} {'AM' if hour < 12 else 'PM'}"
                painter.drawText(
                    QRect(0, y + 2, GUTTER - 8, 16), Qt.AlignmentFlag.AlignRight, label
                )
        painter.setPen(QPen(QColor("#B0BCC5")))
        for index in range(len(content.columns) + 1):
            x = self.column_left(index)
            painter.drawLine(x, 0, x, self.height())

    def _paint_block(
        self, painter: QPainter, block: GridBlock, rect: QRect, ghost: bool = False
    ) -> None:
        visit = block.appointment
        colour = QColor(visit.colour)
        faded = visit.status in (VisitStatus.CANCELLED, VisitStatus.NO_SHOW, VisitStatus.COMPLETED)
        fill = QColor(colour)
        fill.setAlpha(110 if faded or ghost else 230)
        pen = QPen(
            QColor("#1F3A4D") if visit.id == self.selected else colour.darker(135),
            2 if visit.id == self.selected else 1,
        )
        if block.unconfirmed:
            pen.setColor(QColor("#1F3A4D") if visit.id == self.selected else QColor("#37474F"))
            pen.setWidthF(2)
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect), 4, 4)
        painter.fillRect(
            QRect(rect.left(), rect.top() + 1, 4, rect.height() - 2), colour.darker(150)
        )
        text_rect = rect.adjusted(8, 2, -4, -2)
        if visit.alert_level in ("warning", "critical"):
            badge = QRect(rect.right() - 19, rect.top() + 3, 16, 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#C62828"))
            painter.drawRoundedRect(QRectF(badge), 3, 3)
            painter.setPen(QColor("#FFFFFF"))
            painter.setFont(self._font(9, bold=True))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "!")
            text_rect.setRight(badge.left() - 3)
        painter.setPen(QColor("#10212C") if not faded else QColor("#53656F"))
        mark = UNCONFIRMED_MARK if block.unconfirmed else _STATUS_MARK.get(visit.status, "")
        name_font = self._font(9.5, bold=True)
        if faded:
            name_font.setStrikeOut(visit.status is not VisitStatus.COMPLETED)
        painter.setFont(name_font)
        metrics = painter.fontMetrics()
        line = metrics.height()
        title = f"{mark} {visit.patient_name}".strip()
        painter.drawText(
            text_rect,
            Qt.TextFlag.TextSingleLine,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        if text_rect.height() >= 2 * line:
            painter.setFont(self._font(8.5))
            status = self.tr("Not confirmed") if block.unconfirmed else visit.status.label
            detail = f"{visit.type_name or 'Visit'} · {status}"
            second = text_rect.adjusted(0, line, 0, 0)
            painter.drawText(
                second,
                Qt.TextFlag.TextSingleLine,
                painter.fontMetrics().elidedText(
                    detail, Qt.TextElideMode.ElideRight, text_rect.width()
                ),
            )

    def _paint_drag(self, painter: QPainter) -> None:
        drag = self._drag
        if drag is None or not drag.active or self.content is None:
            return
        visit = drag.block.appointment
        if drag.resize:
            start = self.content.local_minutes(visit.starts_at)
            top, bottom = self.y_of(start), self.y_of(start + drag.minutes)
            left = self.column_left(drag.block.column)
        else:
            top, bottom = self.y_of(drag.minutes), self.y_of(drag.minutes + visit.minutes)
            left = self.column_left(drag.column)
        rect = QRect(left + 2, top + 1, int(self.column_width()) - 5, max(bottom - top - 2, 10))
        self._paint_block(painter, drag.block, rect, ghost=True)
        painter.setPen(QPen(QColor("#1565C0"), 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(rect), 4, 4)

    def _paint_cursor(self, painter: QPainter) -> None:
        if not self.hasFocus() or self.content is None or not self.content.columns:
            return
        top = self.y_of(self.cursor_minutes)
        rect = QRect(
            self.column_left(self.cursor_column) + 1,
            top,
            int(self.column_width()) - 2,
            self.y_of(self.cursor_minutes + self.content.step) - top,
        )
        painter.setPen(QPen(QColor("#1565C0"), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    def _paint_now(self, painter: QPainter) -> None:
        if self.now_minutes is None or self.content is None:
            return
        y = self.y_of(self.now_minutes)
        painter.setPen(QPen(QColor("#D32F2F"), 2))
        painter.drawLine(GUTTER - 6, y, self.width(), y)

    def _font(self, points: float, *, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    # -- mouse ----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        point = event.position().toPoint()
        block = self.block_at(point)
        column = self.column_at(point.x())
        if column is not None and self.content is not None:
            self.cursor_column, self.cursor_minutes = column, self.minutes_at(point.y())
        self.select(block.appointment.id if block else None)
        if event.button() == Qt.MouseButton.RightButton:
            self.sig_menu_requested.emit(
                block.appointment.id if block else None,
                self.cursor_column,
                self.cursor_minutes,
                event.globalPosition().toPoint(),
            )
            return
        if (
            block is not None
            and event.button() == Qt.MouseButton.LeftButton
            and self.content is not None
        ):
            rect = self.block_rect(block)
            start = self.content.local_minutes(block.appointment.starts_at)
            resize = rect.bottom() - point.y() <= _EDGE
            pointer = self.content.first_minute + int(point.y() / PIXELS_PER_MINUTE)
            self._drag = _Drag(
                block, resize, point, pointer - start, block.column,
                block.appointment.minutes if resize else start,
            )  # fmt: skip
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        drag = self._drag
        if drag is None:
            hover = self.block_at(point)
            near_edge = hover is not None and self.block_rect(hover).bottom() - point.y() <= _EDGE
            self.setCursor(
                Qt.CursorShape.SizeVerCursor if near_edge else Qt.CursorShape.ArrowCursor
            )
            return
        if not drag.active and (point - drag.press).manhattanLength() < _DRAG_START:
            return
        drag.active = True
        assert self.content is not None
        pointer = self.content.first_minute + int(point.y() / PIXELS_PER_MINUTE)
        if drag.resize:
            start = self.content.local_minutes(drag.block.appointment.starts_at)
            drag.minutes = max(self.content.step, self._snap(pointer - start))
        else:
            drag.minutes = self._snap(pointer - drag.grab_offset)
            column = self.column_at(point.x())
            if column is not None:
                drag.column = column
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or not drag.active or self.content is None:
            self.update()
            return
        visit = drag.block.appointment
        if drag.resize:
            if drag.minutes != visit.minutes:
                self.sig_appointment_resized.emit(visit.id, drag.minutes)
        elif drag.column != drag.block.column or drag.minutes != self.content.local_minutes(
            visit.starts_at
        ):
            self.sig_appointment_dropped.emit(visit.id, drag.column, drag.minutes)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        block = self.block_at(point)
        if block is not None:
            self.sig_appointment_activated.emit(block.appointment.id)
            return
        column = self.column_at(point.x())
        if column is not None:
            self.sig_slot_activated.emit(column, self.minutes_at(point.y()))

    def event(self, event: QEvent) -> bool:
        """Hovering a visit shows who, what, and the patient's medical alerts in full."""
        if event.type() == QEvent.Type.ToolTip and self.content is not None:
            block = self.block_at(event.pos())  # type: ignore[attr-defined]
            if block is None:
                QToolTip.hideText()
                event.ignore()
                return True
            visit = block.appointment
            local = visit.starts_at.astimezone(self.content.zone)
            lines = [
                f"<b>{escape(visit.patient_name)}</b>",
                f"{local:%I:%M %p}".lstrip("0")
                + f", {visit.minutes} min — {escape(visit.type_name or 'Visit')}",
                escape(visit.status.label),
            ]
            if block.unconfirmed:
                lines.append(
                    "<i>"
                    + self.tr("Not confirmed yet (dashed): on Worklists → Confirmations.")
                    + "</i>"
                )
            if visit.alert:
                lines.append(
                    "<span style='color:#B3261E'><b>Medical alert:</b> "
                    f"{escape(visit.alert)}</span>"
                )
            if visit.notes:
                lines.append(escape(visit.notes))
            QToolTip.showText(event.globalPos(), "<br>".join(lines), self)  # type: ignore[attr-defined]
            return True
        return super().event(event)

    # -- keyboard -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.content is None or not self.content.columns:
            super().keyPressEvent(event)
            return
        key, step = event.key(), self.content.step
        if key == Qt.Key.Key_Down:
            self._move_cursor(0, step)
        elif key == Qt.Key.Key_Up:
            self._move_cursor(0, -step)
        elif key == Qt.Key.Key_Right:
            self._move_cursor(1, 0)
        elif key == Qt.Key.Key_Left:
            self._move_cursor(-1, 0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            block = self._block_under_cursor()
            if block is not None:
                self.sig_appointment_activated.emit(block.appointment.id)
            else:
                self.sig_slot_activated.emit(self.cursor_column, self.cursor_minutes)
        elif key == Qt.Key.Key_Menu:
            block = self._block_under_cursor()
            where = self.mapToGlobal(
                QPoint(
                    self.column_left(self.cursor_column) + 20, self.y_of(self.cursor_minutes) + 10
                )
            )
            self.sig_menu_requested.emit(
                block.appointment.id if block else None,
                self.cursor_column,
                self.cursor_minutes,
                where,
            )
        else:
            super().keyPressEvent(event)

    def _move_cursor(self, columns: int, minutes: int) -> None:
        assert self.content is not None
        self.cursor_column = max(
            0, min(len(self.content.columns) - 1, self.cursor_column + columns)
        )
        self.cursor_minutes = max(
            self.content.first_minute,
            min(self.content.last_minute - self.content.step, self.cursor_minutes + minutes),
        )
        block = self._block_under_cursor()
        self.select(block.appointment.id if block else None)
        self.update()

    def _block_under_cursor(self) -> GridBlock | None:
        assert self.content is not None
        for block in self._visible_blocks():
            start = self.content.local_minutes(block.appointment.starts_at)
            if (
                block.column == self.cursor_column
                and start <= self.cursor_minutes < start + block.appointment.minutes
            ):
                return block
        return None
