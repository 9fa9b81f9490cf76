"""The restore wizard and the damaged-practice offer, driven as the owner would."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from practicedesk.api import open_practice
from practicedesk.progress import Progress
from practicedesk.services.backup import files
from practicedesk.services.backup.files import usual_backup_folder
from practicedesk.services.looking_up import ReadOnlyBackup
from practicedesk.services.opening import NewPractice
from practicedesk.ui.backup.restore_wizard import RestoreWizard, show_read_only_backup
from practicedesk.ui.login.login_window import LoginWindow
from tests.conftest import OWNER, OWNER_PASSWORD, PRACTICE, make_practice
from tests.ui.conftest import progress_windows


@pytest.fixture
def backup(new_practice: NewPractice, tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return new_practice.session.backups.make(folder).path


def _wizard(qtbot, target: Path, backup: Path) -> RestoreWizard:  # type: ignore[no-untyped-def]
    wizard = RestoreWizard(target, backup)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.pick_page.info is not None, timeout=5_000)
    return wizard


def _check(qtbot, wizard: RestoreWizard, password: str) -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    page = wizard.key_page
    page.username.setText(OWNER)
    page.password.setText(password)
    qtbot.mouseClick(page.check, Qt.MouseButton.LeftButton)
    assert not page.check.isEnabled()  # until the check is over
    qtbot.waitUntil(lambda: page.check.isEnabled(), timeout=10_000)


def test_the_header_is_shown_before_any_password(qtbot, tmp_path: Path, backup: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = _wizard(qtbot, tmp_path / "new-pc", backup)
    text = wizard.pick_page.facts.text()
    assert PRACTICE.name in text
    assert "proven only when the backup is checked" in text
    assert "patients" in text
    assert wizard.pick_page.isComplete()


def test_a_wrong_password_is_said_plainly_and_nothing_goes_further(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, backup: Path
) -> None:
    wizard = _wizard(qtbot, tmp_path / "new-pc", backup)
    _check(qtbot, wizard, "not the password at all")
    assert "password" in wizard.key_page.message.text()
    assert not wizard.key_page.isComplete()
    assert not (tmp_path / "new-pc").exists()


def test_restore_into_an_empty_folder_then_sign_in(qtbot, tmp_path: Path, backup: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "new-pc" / "practice"
    wizard = _wizard(qtbot, target, backup)
    restored: list[Path] = []
    wizard.sig_restored.connect(lambda info: restored.append(info.data_dir))
    _check(qtbot, wizard, OWNER_PASSWORD)
    assert wizard.key_page.isComplete(), wizard.key_page.message.text()
    wizard.next()
    assert wizard.currentId() == RestoreWizard.RESTORE
    assert "will be put into" in wizard.restore_page.explanation.text()
    qtbot.mouseClick(wizard.restore_page.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == RestoreWizard.DONE, timeout=10_000)
    assert "was restored into" in wizard.done_page.summary.text()
    wizard.accept()
    assert restored == [target]

    login = LoginWindow(target, OWNER)
    qtbot.addWidget(login)
    opened: list[object] = []
    login.sig_session_opened.connect(opened.append)
    login.password.setText(OWNER_PASSWORD)
    qtbot.mouseClick(login.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    opened[0].close()  # type: ignore[attr-defined]


def test_a_restore_cancelled_from_its_progress_window_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    make_practice(other).session.close()
    before = {p.name: p.read_bytes() for p in other.iterdir() if p.is_file()}
    real_restore = files.restore_backup

    def slow_restore(*args: Any, progress: Progress, **kwargs: Any) -> object:
        deadline = time.monotonic() + 10  # a large backup on a slow drive takes minutes
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_restore(*args, progress=progress, **kwargs)

    monkeypatch.setattr(files, "restore_backup", slow_restore)
    wizard = _wizard(qtbot, other, backup)
    _check(qtbot, wizard, OWNER_PASSWORD)
    wizard.next()
    page = wizard.restore_page
    page.other_practice.setChecked(True)
    qtbot.mouseClick(page.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=5_000)
    (window,) = progress_windows()
    qtbot.mouseClick(window.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.start.isEnabled(), timeout=10_000)
    assert page.message.text() == "The restore was cancelled; nothing was changed."
    assert wizard.currentId() == RestoreWizard.RESTORE
    assert {p.name: p.read_bytes() for p in other.iterdir() if p.is_file()} == before
    assert not (other / "safety-copies").exists()


def test_a_backup_of_another_practice_needs_an_explicit_yes(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, backup: Path
) -> None:
    other = tmp_path / "other"
    make_practice(other).session.close()
    wizard = _wizard(qtbot, other, backup)
    _check(qtbot, wizard, OWNER_PASSWORD)
    wizard.next()
    page = wizard.restore_page
    assert page.other_practice.isVisibleTo(wizard)
    assert not page.start.isEnabled()
    assert "safety-copies" in page.explanation.text()
    page.other_practice.setChecked(True)
    assert page.start.isEnabled()


def test_a_backup_opens_read_only_in_its_own_window(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, backup: Path
) -> None:
    wizard = _wizard(qtbot, tmp_path / "practice", backup)
    wizard.pick_page.look_up.setChecked(True)
    opened: list[ReadOnlyBackup] = []
    wizard.sig_backup_opened.connect(opened.append)
    _check(qtbot, wizard, OWNER_PASSWORD)
    wizard.next()
    assert wizard.currentId() == RestoreWizard.LOOKUP
    qtbot.mouseClick(wizard.lookup_page.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    window = show_read_only_backup(opened[0])
    scratch = opened[0].session.data_dir
    assert "read-only" in window.windowTitle()
    window.close()
    assert not scratch.exists()


def test_a_damaged_database_offers_the_newest_backup(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    created = make_practice(data_dir)
    usual = usual_backup_folder(data_dir)
    usual.mkdir()
    created.session.backups.make(usual)
    created.session.close()
    database = data_dir / "practice.db"
    database.write_bytes(database.read_bytes()[:4096])

    login = LoginWindow(data_dir, OWNER)
    qtbot.addWidget(login)
    login.show()
    login.password.setText(OWNER_PASSWORD)
    qtbot.mouseClick(login.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "newest backup" in login.message.text(), timeout=10_000)
    assert "Restore the newest backup (from" in login.restore.text()
    assert str(usual) in login.restore.text()

    qtbot.mouseClick(login.restore, Qt.MouseButton.LeftButton)
    wizard = login.restore_wizard
    assert isinstance(wizard, RestoreWizard)
    qtbot.waitUntil(lambda: wizard.pick_page.info is not None, timeout=5_000)
    _check(qtbot, wizard, OWNER_PASSWORD)
    wizard.next()
    qtbot.mouseClick(wizard.restore_page.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == RestoreWizard.DONE, timeout=10_000)
    assert "before-restore" in wizard.done_page.summary.text()
    wizard.accept()
    assert "restored" in login.message.text()
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        assert session.user.username == OWNER
