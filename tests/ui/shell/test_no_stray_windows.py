"""No part of a screen ever flashes up as a window of its own.

A button made without a parent and shown (`setVisible(True)` for a permission) before it
is put in a layout becomes a top-level window for a moment: on a desktop it flickers, and it
takes the focus from the main window, so the coordinator's next key goes nowhere."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from practicedesk.services.session import PracticeSession
from practicedesk.ui.shell.main_window import MainWindow

_PARTS = (QAbstractButton, QLabel, QLineEdit)


class _WindowSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.strays: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, _PARTS)
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self.strays.append(f"{type(watched).__name__} {watched.text()!r}")  # type: ignore[attr-defined]
        return False


def test_no_button_or_label_shows_as_a_window_on_any_page_or_tab(
    qtbot, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert app is not None
    spy = _WindowSpy()
    app.installEventFilter(spy)
    try:
        window = MainWindow(session_with_patients)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        patient = session_with_patients.patients.page()[0]
        window._on_patient_requested(patient.id, patient.display_name)  # a chart open too
        qtbot.wait(300)
        for index in range(window.pages.count()):
            window.show_page(index)
            page = window.page(index)
            for tabs in page.findChildren(QTabWidget):
                for tab in range(tabs.count()):
                    tabs.setCurrentIndex(tab)
                    qtbot.wait(20)
        qtbot.wait(200)
    finally:
        app.removeEventFilter(spy)
    assert not spy.strays, spy.strays
