"""The search box's "Recently opened" list never sits above a dialog: a Qt pop-up left open
takes the dialog's clicks and keys, and the program looks hung."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from practicedesk.services.session import PracticeSession
from practicedesk.ui.shell.main_window import MainWindow

SCHEDULE = 0


@pytest.fixture
def window(qtbot, session_with_patients: PracticeSession) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    bruno = session_with_patients.patients.search("Okafor")[0]
    session_with_patients.chart.open(bruno.id)  # now on the recent list
    main = MainWindow(session_with_patients)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    yield main
    main.close()
    main.deleteLater()


def _open_recent_list(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search.popup.isVisible, timeout=3_000)
    assert window.search.results.item(0).text() == "Recently opened"


def test_the_recent_list_closes_when_the_day_sheet_dialog_opens(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    schedule = window.page(SCHEDULE)
    qtbot.waitUntil(lambda: schedule.choices is not None, timeout=5_000)
    _open_recent_list(qtbot, window)
    seen: list[tuple[str, bool]] = []

    def look_and_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        seen.append((type(dialog).__name__, window.search.popup.isVisible()))
        dialog.reject()  # the Cancel that did nothing while the list was above it

    QTimer.singleShot(200, look_and_cancel)
    schedule.toolbar.day_sheet.trigger()  # More → Print the day sheet…; waits for an answer
    assert seen == [("DaySheetDialog", False)]
    qtbot.wait(50)
    assert not window.search.popup.isVisible()  # focus came back to the box: no reopening


@pytest.mark.parametrize(
    "reason", [Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason]
)
def test_focus_falling_back_to_the_box_does_not_open_the_list(
    qtbot, window: MainWindow, reason: Qt.FocusReason
) -> None:  # type: ignore[no-untyped-def]
    """A menu closing, or the window coming back after a dialog, hands focus back to the box
    without anyone asking for the list."""
    window.pages.setFocus()
    window.search.setFocus(reason)
    qtbot.wait(50)
    assert window.search.hasFocus()
    assert not window.search.popup.isVisible()


def test_the_recent_list_closes_when_another_window_takes_focus(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    _open_recent_list(qtbot, window)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.search.popup.isVisible(), timeout=2_000)
