"""The main window as a user meets it: pages, lists, settings, users, signing out."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from practicedesk.api import open_practice
from practicedesk.errors import WrongPassword
from practicedesk.services.audit import AuditFilter
from practicedesk.services.practice.settings import IDLE_LOCK_MINUTES
from practicedesk.services.session import PracticeSession
from practicedesk.store.data_folder import DataFolder
from practicedesk.ui.settings.user_dialogs import AddUserDialog
from practicedesk.ui.shell.main_window import MainWindow
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD

PATIENTS, REPORTS, SETTINGS = 1, 3, 4


@pytest.fixture
def window(qtbot, session_with_patients: PracticeSession) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(session_with_patients)
    qtbot.addWidget(main)
    main.show()
    return main


def test_patient_list_filters_by_name(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.page(PATIENTS)
    assert page.model.total == 3
    assert page.focus_search()
    qtbot.keyClicks(page.search, "oka")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=3_000)
    assert page.model.index(0, 0).data() == "Okafor, Bruno"
    assert page.count.text() == "1 patient"


def test_ctrl_number_switches_pages(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitExposed(window)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == REPORTS
    assert window.nav.currentRow() == REPORTS


def test_owner_sees_the_audit_log(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.page(REPORTS)
    assert page.audit is not None
    actions = {page.audit.model.index(r, 2).data() for r in range(page.audit.model.rowCount())}
    assert {"practice created", "login", "patient added"} <= actions


def test_changing_the_idle_time_is_stored_and_applied(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    security = window.page(SETTINGS).security
    security.idle_minutes.setValue(3)
    security.idle_minutes.editingFinished.emit()
    session = window.session
    qtbot.waitUntil(lambda: session.settings.get(IDLE_LOCK_MINUTES) == 3, timeout=5_000)
    qtbot.waitUntil(lambda: window.idle._timer.interval() == 3 * 60_000, timeout=5_000)


def test_owner_adds_a_user_who_must_choose_a_password(
    qtbot, window: MainWindow, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    users_tab = window.page(SETTINGS).users
    assert users_tab is not None
    dialog = AddUserDialog(window.session, users_tab)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "maria")
    qtbot.keyClicks(dialog.display_name, "Maria Lopez")
    qtbot.keyClicks(dialog.password.password, OTHER_PASSWORD)
    qtbot.keyClicks(dialog.password.repeat, OTHER_PASSWORD)
    assert dialog.ok_button().isEnabled()
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: users_tab.model.rowCount() == 2, timeout=5_000)
    row = next(r for r in range(2) if users_tab.model.row_object(r).username == "maria")
    assert users_tab.model.index(row, 3).data() == "Must choose a password"


def test_sign_out_releases_the_folder_and_closes_the_session(
    qtbot, window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.sig_signed_out, timeout=20_000):  # after the backup due
        window.sign_out_action.trigger()
    DataFolder(data_dir).lock().release()  # free again: no DataFolderInUse
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        assert session.audit.entries(AuditFilter(action="logout"))


def test_practice_details_saved_from_settings(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = window.page(SETTINGS).practice
    qtbot.waitUntil(lambda: tab.fields["name"].text() == "Harbor Test Dental", timeout=5_000)
    assert not tab.save.isEnabled()
    tab.fields["phone"].setText("(603) 555-0199")
    assert tab.save.isEnabled()
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.text() == "Saved.", timeout=5_000)
    assert window.session.practice.details().phone == "(603) 555-0199"


def test_the_owner_chooses_a_logo_for_printouts(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import base64

    from PySide6.QtWidgets import QFileDialog

    logo = tmp_path / "logo.png"
    logo.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    ))  # fmt: skip
    tab = window.page(SETTINGS).practice
    assert tab.logo.text() == "none" and tab.remove_logo.isHidden()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(logo), ""))
    tab.choose_logo.click()
    qtbot.waitUntil(lambda: window.session.practice.logo() is not None, timeout=5_000)
    qtbot.waitUntil(lambda: not tab.logo.pixmap().isNull(), timeout=5_000)
    tab.remove_logo.click()
    qtbot.waitUntil(lambda: window.session.practice.logo() is None, timeout=5_000)


def test_wrong_password_does_not_unlock_and_is_not_leaked(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    window.lock()
    with pytest.raises(WrongPassword):
        window.session.unlock_screen("definitely not it at all")


def test_restore_from_settings_signs_out_first(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def choose_sign_out(box: QMessageBox) -> int:
        box._picked = next(b for b in box.buttons() if b.text().startswith("Sign out"))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_sign_out)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box._picked)
    signed_out: list[bool] = []
    window.sig_signed_out.connect(lambda: signed_out.append(True))
    window.page(SETTINGS).backups.restore.click()
    qtbot.waitUntil(lambda: signed_out == [True], timeout=20_000)  # after the backup due


def test_the_check_windows_are_set_in_settings(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.services.practice.settings import VERIFY_WITHIN_DAYS

    tab = window.page(SETTINGS).checks
    box = tab.boxes[VERIFY_WITHIN_DAYS.key]
    assert box.value() == 30
    box.setValue(14)
    box.editingFinished.emit()
    qtbot.waitUntil(lambda: window.session.settings.get(VERIFY_WITHIN_DAYS) == 14, timeout=5_000)
