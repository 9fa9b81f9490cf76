"""Signing in: a wrong password is explained and kept out; the right one opens the practice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from practicedesk.ui.login.login_window import LoginWindow
from tests.conftest import OWNER, OWNER_PASSWORD


def test_wrong_then_right_password(qtbot, closed_practice: Path) -> None:  # type: ignore[no-untyped-def]
    window = LoginWindow(closed_practice, OWNER)
    qtbot.addWidget(window)
    window.show()

    qtbot.keyClicks(window.password, "not the password at all")
    qtbot.keyClick(window.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.message.isVisible(), timeout=10_000)
    assert "not right" in window.message.text()
    assert window.sign_in.isEnabled()

    window.password.clear()
    qtbot.keyClicks(window.password, OWNER_PASSWORD)
    with qtbot.waitSignal(window.sig_session_opened, timeout=10_000) as opened:
        qtbot.mouseClick(window.sign_in, Qt.MouseButton.LeftButton)
    session = opened.args[0]
    try:
        assert session.user.username == OWNER
        assert window.password.text() == "", "the password must not linger in the field"
    finally:
        session.close()


def test_empty_fields_ask_for_both(qtbot, closed_practice: Path) -> None:  # type: ignore[no-untyped-def]
    window = LoginWindow(closed_practice)
    qtbot.addWidget(window)
    qtbot.mouseClick(window.sign_in, Qt.MouseButton.LeftButton)
    assert "user name and password" in window.message.text()
