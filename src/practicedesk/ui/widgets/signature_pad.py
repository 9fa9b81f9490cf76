"""A pad to sign (or initial) on with a mouse, a pen or a finger, and the picture it keeps.

Strokes are kept as points and drawn as curves through the midpoints of each pair, so a
shaky hand or a coarse touch screen still gives a smooth line. The picture handed out is
cropped to the ink and scaled to at most 600×200 (initials 240×120) on white, which is what
the printed form's signature box expects. Nothing here knows who signs or when.
"""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QPushButton, QWidget

INK = QColor("#0D2B66")
_LINE = QColor("#8FA3B0")
_HINT = QColor("#9AA8B2")
_FOCUS = QColor("#1565C0")
_PEN_WIDTH = 2.6  # in the pad's own pixels
_MIN_STEP = 1.5  # closer points add nothing but jitter


class SignaturePadWidget(QWidget):
    sig_changed = Signal()

    def __init__(self, *, initials: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.initials = initials
        self.max_size = (240, 120) if initials else (600, 200)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False
        self._image: QImage | None = None  # a signature given back, e.g. from a draft
        self._read_only = False
        self._build_ui()

    def _build_ui(self) -> None:
        self.setObjectName("initialsPad" if self.initials else "signaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        if self.initials:
            self.setMinimumSize(200, 90)
            self.setAccessibleName(self.tr("Initials pad"))
        else:
            self.setMinimumSize(360, 130)
            self.setAccessibleName(self.tr("Signature pad"))
        self.setAccessibleDescription(
            self.tr("Draw with the mouse, a pen or a finger. Delete clears it.")
        )
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setObjectName("padClear")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Delete does it by keyboard
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.hide()

    # What the caller asks

    def is_empty(self) -> bool:
        return not self._strokes and self._image is None

    def clear(self) -> None:
        if self.is_empty() or self._read_only:
            return
        self._strokes.clear()
        self._image = None
        self._after_change()

    def set_png(self, png: bytes | None) -> None:
        """Shows a signature kept earlier; new ink replaces it rather than writing over it."""
        image = QImage.fromData(png) if png else None
        self._strokes.clear()
        self._image = image if image is not None and not image.isNull() else None
        self._update_clear_button()
        self.update()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)
        self._update_clear_button()
        self.update()

    def png_bytes(self) -> bytes | None:
        """The ink cropped to its own bounds plus a margin, on white; None when unsigned."""
        if self._image is not None and not self._strokes:
            return _encode(self._image)
        if not self._strokes:
            return None
        bounds = self._ink_path().boundingRect()
        margin = _PEN_WIDTH * 3
        bounds.adjust(-margin, -margin, margin, margin)
        max_w, max_h = self.max_size
        scale = min(max_w / bounds.width(), max_h / bounds.height(), 2.0)
        image = QImage(
            max(1, math.ceil(bounds.width() * scale)),
            max(1, math.ceil(bounds.height() * scale)),
            QImage.Format.Format_ARGB32,
        )
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-bounds.topLeft())
        self._draw_ink(painter)
        painter.end()
        return _encode(image)

    # Input: mouse, pen and touch all end in the same three steps

    def _begin(self, point: QPointF) -> None:
        if self._read_only:
            return
        if self._image is not None:
            self._image = None
        self._drawing = True
        self._strokes.append([point])
        self.update()

    def _extend(self, point: QPointF) -> None:
        if not self._drawing:
            return
        stroke = self._strokes[-1]
        last = stroke[-1]
        if math.hypot(point.x() - last.x(), point.y() - last.y()) >= _MIN_STEP:
            stroke.append(point)
            self.update()

    def _end(self, point: QPointF) -> None:
        if not self._drawing:
            return
        self._extend(point)
        self._drawing = False
        self._after_change()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()  # otherwise Qt sends the same stroke again as mouse events

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                where = points[0].position()  # one finger signs; a second is a resting palm
                if kind == QEvent.Type.TouchBegin:
                    self._begin(where)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(where)
                else:
                    self._end(where)
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self._drawing = False
            self._after_change()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        hint = self.clear_button.sizeHint()
        self.clear_button.setGeometry(
            self.width() - hint.width() - 6, 6, hint.width(), hint.height()
        )

    # Drawing

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.fillRect(area, QColor("#F4F7F9") if self._read_only else QColor("white"))
        border = QPen(_FOCUS if self.hasFocus() else _LINE, 2 if self.hasFocus() else 1)
        painter.setPen(border)
        painter.drawRoundedRect(area, 6, 6)
        baseline = area.top() + area.height() * 0.74
        painter.setPen(QPen(_LINE, 1))
        painter.drawLine(QPointF(area.left() + 16, baseline), QPointF(area.right() - 16, baseline))
        if not self.initials:
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            painter.setFont(font)
            painter.drawText(QPointF(area.left() + 18, baseline - 6), "×")
        if self.is_empty() and not self._read_only:
            painter.setPen(_HINT)
            hint = self.tr("Initials here") if self.initials else self.tr("Sign here")
            below = QRectF(area.left(), baseline + 2, area.width(), area.bottom() - baseline - 2)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, hint)
        if self._image is not None:
            self._draw_image(painter, area.adjusted(8, 8, -8, -8))
        self._draw_ink(painter)
        painter.end()

    def _draw_image(self, painter: QPainter, area: QRectF) -> None:
        assert self._image is not None
        size = self._image.size().toSizeF().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        size = size.boundedTo(self._image.size().toSizeF())
        target = QRectF(area.center().x() - size.width() / 2, 0, size.width(), size.height())
        target.moveBottom(area.top() + area.height() * 0.78)
        painter.drawImage(target, self._image)

    def _draw_ink(self, painter: QPainter) -> None:
        pen = QPen(INK, _PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._ink_path())

    def _ink_path(self) -> QPainterPath:
        """Each stroke as quadratic curves from midpoint to midpoint, the points as controls."""
        path = QPainterPath()
        for stroke in self._strokes:
            path.moveTo(stroke[0])
            if len(stroke) == 1:  # a dot (the i's) is a stroke too
                path.lineTo(stroke[0] + QPointF(0.1, 0.1))
                continue
            for before, point in itertools.pairwise(stroke[1:]):
                path.quadTo(before, (before + point) / 2)
            path.lineTo(stroke[-1])
        return path

    def _after_change(self) -> None:
        self._update_clear_button()
        self.update()
        self.sig_changed.emit()

    def _update_clear_button(self) -> None:
        self.clear_button.setVisible(not self.is_empty() and not self._read_only)


def _encode(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 6.11's stubs type the format as bytes, but this overload takes only str.
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())
