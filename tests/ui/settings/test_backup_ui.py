"""Backups as the people at the desk see them: the status bar, Settings → Backups (with its
progress window and Cancel), and the backup made when the program closes."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from practicedesk.api import open_practice
from practicedesk.errors import DataFolderInUse
from practicedesk.progress import Progress
from practicedesk.security.roles import Role
from practicedesk.services.backup.schedule import BackupRun, default_place
from practicedesk.services.session import PracticeSession
from practicedesk.store.data_folder import DataFolder
from practicedesk.ui.settings.backups_tab import BackupsTab
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.tasks import wait_for_tasks
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD
from tests.ui.conftest import progress_windows


def test_the_status_bar_says_when_the_last_backup_was_made(
    qtbot,
    owner_session: PracticeSession,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    owner_session.backup_schedule.set_places(tmp_path, None)
    owner_session.backup_schedule.run_now()
    owner_session.backup_schedule.clock = lambda: datetime.now(UTC) + timedelta(hours=2)
    main = MainWindow(owner_session)
    qtbot.addWidget(main)
    label = main.backup_status
    qtbot.waitUntil(lambda: label.text() == "Backed up 2 h ago")
    assert label.property("warning") is False
    assert str(tmp_path) in label.toolTip() and "Only one place" in label.toolTip()
    owner_session.backup_schedule.clock = lambda: datetime.now(UTC) + timedelta(days=3)
    label.refresh()
    qtbot.waitUntil(lambda: label.text() == "Last backup 3 days ago")
    assert label.property("warning") is True


def test_a_failed_backup_shows_in_warning_colours(
    qtbot,
    owner_session: PracticeSession,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    owner_session.backup_schedule.set_places(tmp_path / "unplugged", None)
    owner_session.backup_schedule.run_now()
    main = MainWindow(owner_session)
    qtbot.addWidget(main)
    qtbot.waitUntil(lambda: main.backup_status.text() == "Last backup failed")
    assert main.backup_status.property("warning") is True


def test_back_up_now_from_settings_writes_to_the_chosen_folders(
    qtbot,
    owner_session: PracticeSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    main_place, usb = tmp_path / "main", tmp_path / "usb"
    main_place.mkdir()
    usb.mkdir()
    tab = BackupsTab(owner_session)
    qtbot.addWidget(tab)
    tab.refresh()
    chosen = iter([str(main_place), str(usb)])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: next(chosen))
    qtbot.mouseClick(tab.choose_main, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.main_place.text() == str(main_place))
    qtbot.mouseClick(tab.choose_second, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.second_place.text() == str(usb))
    qtbot.mouseClick(tab.back_up_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result.text().startswith("Backed up and verified"), timeout=20_000)
    wait_for_tasks()
    items = tab.backups
    qtbot.waitUntil(
        lambda: (
            [items.topLevelItem(i).childCount() for i in range(items.topLevelItemCount())] == [1, 1]
        )
    )
    for index, folder in enumerate((main_place, usb)):
        (written,) = folder.glob("*.pdbackup")
        place = tab.backups.topLevelItem(index)
        assert place.childCount() == 1
        assert place.child(0).text(0) == written.name
        assert place.child(0).text(2) == "verified on this PC"
    # The 3-2-1 line comes from its own task, which may report after the listing.
    qtbot.waitUntil(lambda: "2 places hold" in tab.spread.text())
    assert progress_windows() == []  # the progress window, if it came, is gone


def test_restore_is_asked_for_through_a_signal(qtbot, owner_session: PracticeSession) -> None:  # type: ignore[no-untyped-def]
    tab = BackupsTab(owner_session)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.sig_restore_requested, timeout=1000):
        qtbot.mouseClick(tab.restore, Qt.MouseButton.LeftButton)


def test_back_up_now_can_be_cancelled_and_writes_nothing(
    qtbot,
    owner_session: PracticeSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    place = tmp_path / "usb"
    place.mkdir()
    schedule = owner_session.backup_schedule
    schedule.set_places(place, None)
    run_now = schedule.run_now

    def slow(progress: Progress) -> BackupRun:  # a backup long enough to be cancelled
        deadline = time.monotonic() + 10
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return run_now(progress)

    monkeypatch.setattr(schedule, "run_now", slow)
    tab = BackupsTab(owner_session)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.mouseClick(tab.back_up_now, Qt.MouseButton.LeftButton)
    assert progress_windows() == []  # not at once: work done quickly shows no window
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=5_000)
    (window,) = progress_windows()
    assert window.label.text() == "Backing up…" and window.windowTitle() == "Back up now"
    qtbot.mouseClick(window.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result.text().startswith("Cancelled"), timeout=20_000)
    assert progress_windows() == []
    assert list(place.iterdir()) == []  # no .pdbackup, no .partial
    assert tab.back_up_now.isEnabled()


def _held_backup_at_closing(
    session: PracticeSession, monkeypatch: pytest.MonkeyPatch
) -> threading.Event:
    """The backup at closing waits for the returned event: long enough to look at."""
    release = threading.Event()
    run_if_due = session.backup_schedule.run_if_due

    def held(progress: Progress) -> BackupRun | None:
        release.wait(10)
        return run_if_due(progress)

    monkeypatch.setattr(session.backup_schedule, "run_if_due", held)
    return release


def _closed(session: PracticeSession) -> bool:
    try:
        DataFolder(session.data_dir).lock().release()
    except DataFolderInUse:
        return False
    return True


def test_closing_the_program_makes_the_due_backup_under_a_window_that_says_so(
    qtbot,
    new_practice,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    session = new_practice.session
    release = _held_backup_at_closing(session, monkeypatch)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    main.close()
    assert main.isHidden()  # at once: the click that closed it visibly did something
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=2_000)
    (window,) = progress_windows()
    assert window.label.text() == "Backing up before closing…"
    assert window.cancel.text() == "Skip"
    assert not _closed(session)  # the backup needs the practice still open
    release.set()
    qtbot.waitUntil(lambda: _closed(session), timeout=20_000)
    assert progress_windows() == []
    assert len(list(default_place(session.data_dir).glob("*.pdbackup"))) == 1


def test_skipping_the_backup_at_closing_leaves_nothing_and_it_stays_due(
    qtbot,
    new_practice,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    session = new_practice.session
    release = _held_backup_at_closing(session, monkeypatch)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    main.close()
    qtbot.waitUntil(lambda: progress_windows() != [], timeout=2_000)
    (window,) = progress_windows()
    qtbot.mouseClick(window.cancel, Qt.MouseButton.LeftButton)
    assert window.label.text() == "Stopping…"
    release.set()
    qtbot.waitUntil(lambda: _closed(session), timeout=20_000)
    assert progress_windows() == []
    place = default_place(session.data_dir)
    assert not place.exists() or list(place.iterdir()) == []
    assert not list(session.data_dir.glob(".backup-*"))  # no staging folder either
    with open_practice(session.data_dir, OWNER, OWNER_PASSWORD) as reopened:
        assert reopened.backup_schedule.due()


def test_a_coordinator_is_told_who_may_back_up_by_hand(
    qtbot, owner_session: PracticeSession, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    owner_session.users.add(
        "cora", "Cora Desk", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    owner_session.close()
    with open_practice(data_dir, "cora", OTHER_PASSWORD) as coordinator:
        tab = BackupsTab(coordinator)
        qtbot.addWidget(tab)
        assert not tab.back_up_now.isEnabled() and not tab.restore.isEnabled()
        assert not tab.owner_only.isHidden() and "Only the practice owner" in tab.owner_only.text()
        assert "owner" in tab.back_up_now.toolTip() and "owner" in tab.restore.toolTip()
