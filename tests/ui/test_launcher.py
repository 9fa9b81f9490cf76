"""From start to the main window: the paths a person can take through the launcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from practicedesk.api import open_practice
from practicedesk.errors import DataFolderInUse
from practicedesk.security.roles import Role
from practicedesk.store.data_folder import DataFolder
from practicedesk.ui.app import Launcher
from practicedesk.ui.login.login_window import LoginWindow
from practicedesk.ui.login.recovery_dialog import RecoveryDialog
from practicedesk.ui.setup.wizard import SetupWizard
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.widgets.password_change_dialog import PasswordChangeDialog
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, make_practice
from tests.services.record_fixtures import damage_a_practice

NEW_PASSWORD = "copper kettle on a windy hill"


def _close(qtbot, launcher: Launcher) -> None:  # type: ignore[no-untyped-def]
    """As a person closes the program: the session closes after the backup that is due,
    which runs on a worker, so the folder is free only a moment later."""
    if isinstance(launcher.window, MainWindow):
        launcher.window.close()
    elif launcher.session is not None:
        launcher.session.close()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: _folder_free(launcher.data_dir), timeout=20_000)


def _folder_free(data_dir: Path) -> bool:
    try:
        DataFolder(data_dir).lock().release()
    except DataFolderInUse:
        return False
    return True


def test_a_second_start_on_an_open_folder_says_so_and_quits(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []
    quits: list[bool] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    created = make_practice(data_dir)
    try:
        launcher = Launcher(data_dir)
        launcher.start()
        qtbot.waitUntil(lambda: bool(warnings), timeout=5_000)
    finally:
        created.session.close()
    assert "already open" in warnings[0]
    assert quits == [True]


def test_an_empty_default_folder_starts_the_wizard_and_cancelling_it_quits(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    launcher = Launcher(tmp_path / "fresh")
    assert launcher.start()
    assert isinstance(launcher.window, SetupWizard)
    launcher.window.reject()
    assert quits == [True]
    assert not (tmp_path / "fresh" / "practice.db").exists()


def test_a_chosen_folder_without_a_practice_asks_before_setting_one_up(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)  # the user closes the question
    launcher = Launcher(tmp_path / "usb-drive" / "practice", chosen=True)
    assert launcher.start() is False
    assert launcher.window is None


def test_a_user_with_a_temporary_password_must_choose_their_own(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    created = make_practice(data_dir)
    created.session.users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    created.session.close()

    def choose_new_password(dialog: PasswordChangeDialog) -> int:
        assert dialog._forced
        dialog.current.setText(OTHER_PASSWORD)
        dialog.new_password.password.setText(NEW_PASSWORD)
        dialog.new_password.repeat.setText(NEW_PASSWORD)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
        return 1

    monkeypatch.setattr(PasswordChangeDialog, "exec", choose_new_password)
    launcher = Launcher(data_dir)
    assert launcher.start()
    qtbot.waitUntil(lambda: launcher.login_ready, timeout=5_000)
    login = launcher.window
    assert isinstance(login, LoginWindow)
    qtbot.keyClicks(login.username, "maria")
    qtbot.keyClicks(login.password, OTHER_PASSWORD)
    qtbot.mouseClick(login.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(launcher.window, MainWindow), timeout=10_000)
    _close(qtbot, launcher)

    with open_practice(data_dir, "maria", NEW_PASSWORD) as session:
        assert not session.must_change_password

    again = Launcher(data_dir, suggested_user=OWNER)  # as the demo suggests its owner
    assert again.start()
    qtbot.waitUntil(lambda: again.login_ready, timeout=5_000)
    assert again.window.username.text() == "maria", "the last to sign in on this PC"  # type: ignore[union-attr]
    again.window.close()  # type: ignore[union-attr]


def test_refusing_to_choose_a_password_signs_out(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    created = make_practice(data_dir)
    created.session.users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    created.session.close()
    monkeypatch.setattr(PasswordChangeDialog, "exec", lambda self: 0)
    launcher = Launcher(data_dir)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.login_ready, timeout=5_000)
    login = launcher.window
    qtbot.keyClicks(login.username, "maria")
    qtbot.keyClicks(login.password, OTHER_PASSWORD)
    qtbot.mouseClick(login.sign_in, Qt.MouseButton.LeftButton)
    # the session is closed again, so the folder is free and the owner can sign in
    qtbot.waitUntil(lambda: _can_open(data_dir), timeout=10_000)
    assert launcher.window is login
    assert launcher.session is None


def _can_open(data_dir: Path) -> bool:
    try:
        open_practice(data_dir, OWNER, OWNER_PASSWORD).close()
    except Exception:
        return False
    return True


def test_forgotten_owner_password_with_the_recovery_code(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    created = make_practice(data_dir)
    code = created.recovery_code
    created.session.close()

    def use_recovery_code(dialog: RecoveryDialog) -> int:
        assert dialog.username.text() == OWNER
        dialog.code.setText(code.lower().replace("-", " "))
        dialog.new_password.password.setText(NEW_PASSWORD)
        dialog.new_password.repeat.setText(NEW_PASSWORD)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.session is not None, timeout=10_000)
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", use_recovery_code)
    launcher = Launcher(data_dir)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.login_ready, timeout=5_000)
    login = launcher.window
    qtbot.keyClicks(login.username, OWNER)
    qtbot.mouseClick(login.forgot, Qt.MouseButton.LeftButton)
    assert isinstance(launcher.window, MainWindow)
    _close(qtbot, launcher)

    with open_practice(data_dir, OWNER, NEW_PASSWORD) as session:
        actions = [entry.action for entry in session.audit.entries()]
    assert "emergency access" in actions


def test_damage_found_after_sign_in_is_shown_and_stops_every_write(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.services.opening import open_practice as sign_in
    from practicedesk.ui import errors

    backup = damage_a_practice(data_dir)
    shown: list[str] = []
    monkeypatch.setattr(
        errors, "show_error", lambda _p, error, _t=None: shown.append(error.message)
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)  # backup news
    launcher = Launcher(data_dir)
    session = sign_in(data_dir, OWNER, OWNER_PASSWORD)  # as the sign-in window does
    launcher.session = session
    launcher.show_main(session)
    try:
        qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
        assert "is damaged" in shown[0] and backup in shown[0]
        assert launcher.window.damage_label.isVisible()
        assert session.damaged
    finally:
        _close(qtbot, launcher)
