"""The search box that is always there: type part of a name, a birth date, a phone number
or a chart number; arrow keys pick, Enter opens the chart. Recent patients when empty.

The list is a Qt pop-up, which takes the mouse and keyboard while it is open. So it opens
only when someone came to the box (a click, Tab, Ctrl+F), not when focus merely falls back to
it (a menu closing, the window coming back), and it closes as soon as another window
appears or takes focus: a pop-up left above a modal dialog swallows that dialog's clicks and
keys, and the program looks hung.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.session import PracticeSession
from practicedesk.ui.widgets.formats import format_date

_SHOWN = 8
_CAME_TO_THE_BOX = frozenset(
    {
        Qt.FocusReason.MouseFocusReason,
        Qt.FocusReason.TabFocusReason,
        Qt.FocusReason.BacktabFocusReason,
        Qt.FocusReason.ShortcutFocusReason,
        Qt.FocusReason.OtherFocusReason,
    }
)


class PatientSearchWidget(QLineEdit):
    sig_patient_chosen = Signal(object, str)  # patient id, display name

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("globalSearch")
        self.setPlaceholderText(
            self.tr("Find a patient: name, birth date, phone, chart # (Ctrl+F)")
        )
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(380)
        self.setMaximumWidth(560)
        self.popup = QFrame(self, Qt.WindowType.Popup)
        self.popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.results = QListWidget(self.popup)
        self.results.setObjectName("searchResults")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setMouseTracking(True)
        QVBoxLayout(self.popup).addWidget(self.results)
        self.popup.layout().setContentsMargins(0, 0, 0, 0)  # type: ignore[union-attr]
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(60)
        self.textEdited.connect(self._debounce.start)
        self._debounce.timeout.connect(self._on_search)
        self.results.itemClicked.connect(self._on_item_chosen)
        self.popup.installEventFilter(self)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._on_focus_window_changed)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.text() and event.reason() in _CAME_TO_THE_BOX:
            QTimer.singleShot(0, self._show_recent)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.popup.isVisible() and self._choose_by_key(event.key()):
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._on_search()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.choose_first()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While the list is open it has the keyboard: keys go on typing into the box,
        except those that choose. While it is open the whole application is watched too, so
        that any other window appearing (a dialog, a message) closes it first."""
        kind = event.type()
        if watched is self.popup:
            app = QApplication.instance()
            if kind == QEvent.Type.Show and app is not None:
                app.installEventFilter(self)
            elif kind == QEvent.Type.Hide and app is not None:
                app.removeEventFilter(self)
            elif kind == QEvent.Type.KeyPress:
                if not self._choose_by_key(event.key()):  # type: ignore[attr-defined]
                    self.event(event)
                return True
        elif kind == QEvent.Type.Show and self._another_window(watched):
            self.popup.hide()
        return False

    def _another_window(self, watched: QObject) -> bool:
        return (
            isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.popup
            and watched.windowType() != Qt.WindowType.ToolTip
        )

    def _on_focus_window_changed(self, window: QWindow | None) -> None:
        ours = (self.popup.windowHandle(), self.window().windowHandle())
        if window is not None and window not in ours:
            self.popup.hide()

    def _choose_by_key(self, key: int) -> bool:
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            row = self.results.currentRow() + step
            while 0 <= row < self.results.count() and not self.results.item(row).flags():
                row += step  # over the "Recently opened" heading
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.results.currentItem()
            if item is not None:
                self._on_item_chosen(item)
            return True
        if key == Qt.Key.Key_Escape:
            self.popup.hide()
            return True
        return False

    def _on_search(self) -> None:
        text = self.text().strip()
        if not text:
            self._show_recent()
            return
        self._show(
            self.session.patients.search(text, limit=_SHOWN),
            self.tr("No patient matches {text}").format(text=text),
        )

    def _show_recent(self) -> None:
        if self.hasFocus() and not self.text().strip():
            self._show(self.session.patients.recent(_SHOWN), "", recent=True)

    def _show(self, patients: list[PatientSummary], empty: str, *, recent: bool = False) -> None:
        self.results.clear()
        if recent and patients:
            header = QListWidgetItem(self.tr("Recently opened"))
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(header)
        for patient in patients:
            parts = [patient.display_name, format_date(patient.date_of_birth), patient.phone]
            if patient.chart_number:
                parts.append(patient.chart_label)
            item = QListWidgetItem("   ".join(part for part in parts if part))
            item.setData(Qt.ItemDataRole.UserRole, (patient.id, patient.display_name))
            self.results.addItem(item)
        if not patients:
            if not empty:
                self.popup.hide()
                return
            self.results.addItem(QListWidgetItem(empty))
        first = 1 if recent and patients else 0
        self.results.setCurrentRow(first if patients else -1)
        self._place_popup()

    def _place_popup(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self.window():
            self.popup.hide()  # never above a dialog that waits for an answer
            return
        rows = min(self.results.count(), _SHOWN + 1)
        height = rows * (self.results.sizeHintForRow(0) + 2) + 6
        self.popup.setFixedSize(max(self.width(), 460), height)
        self.popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.popup.show()
        self.setFocus()

    def _on_item_chosen(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        patient_id, name = data
        self.popup.hide()
        self.clear()
        self.sig_patient_chosen.emit(patient_id, name)

    def choose_first(self) -> uuid.UUID | None:
        """For tests and Enter without the list: open the best match."""
        self._on_search()
        for row in range(self.results.count()):
            data = self.results.item(row).data(Qt.ItemDataRole.UserRole)
            if data:
                self._on_item_chosen(self.results.item(row))
                return data[0]
        return None
