"""Auto-lock: after the idle time, nothing about any patient is visible until the password."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QTableView

from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.session import PracticeSession
from practicedesk.ui.shell.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD

PATIENTS_PAGE = 1


def _visible_texts(window: MainWindow) -> str:
    texts = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    for table in window.findChildren(QTableView):
        if table.isVisible():
            model = table.model()
            texts += [
                str(model.index(r, c).data())
                for r in range(model.rowCount())
                for c in range(model.columnCount())
            ]
    return "\n".join(texts)


def test_idle_lock_hides_patients_until_the_password(
    qtbot, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(session_with_patients)
    qtbot.addWidget(window)
    window.setWindowTitle("Backup of 11/02/2026 — read-only")  # a title of its own
    window.show()
    window.show_page(PATIENTS_PAGE)
    assert "Zimmerman" in _visible_texts(window)
    other_window = QDialog(window)
    other_window.setWindowTitle("Okafor, Bruno")
    other_window.show()

    window.idle.set_interval_ms(50)
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)

    visible = _visible_texts(window)
    assert "Zimmerman" not in visible and "Okafor" not in visible
    assert not window.pages.isVisible()
    assert not other_window.isVisible()
    assert window.lock_screen.isVisible()
    assert window.windowTitle() == "PracticeDesk — locked"
    assert all(
        not w.isVisible() or w is window for w in QApplication.topLevelWidgets() if w.isWindow()
    )

    qtbot.keyClicks(window.lock_screen.password, "wrong password entirely")
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.lock_screen.message.text()), timeout=10_000)
    assert window.locked

    window.lock_screen.password.clear()
    qtbot.keyClicks(window.lock_screen.password, OWNER_PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert "Zimmerman" in _visible_texts(window)
    assert window.windowTitle() == "Backup of 11/02/2026 — read-only"
    assert other_window.isVisible()

    actions = [e.action for e in session_with_patients.audit.entries(AuditFilter())]
    assert Action.SCREEN_LOCKED in actions and Action.SCREEN_UNLOCKED in actions
    assert Action.LOGIN_FAILED in actions


def test_ctrl_l_locks_at_once(qtbot, owner_session: PracticeSession) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(owner_session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.lock_action.trigger()
    assert window.locked and window.lock_screen.isVisible()
