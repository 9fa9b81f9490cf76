"""Sync between the practice's PCs as the front desk sees it: Settings → Sync, the status bar,
the background rounds, the conflicts screen, and joining from the set-up wizard."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from practicedesk.api import open_practice
from practicedesk.progress import Progress
from practicedesk.security.roles import Role
from practicedesk.services.joining import join_practice
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.ui.settings.sync_tab import SyncTab
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.sync import runner as runner_module
from practicedesk.ui.sync.conflicts_dialog import ConflictsDialog
from practicedesk.ui.sync.runner import sync_runner
from practicedesk.ui.tasks import wait_for_tasks
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD
from tests.sync.sync_fixtures import device, set_deleted


@pytest.fixture
def share(tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


@pytest.fixture
def two_pcs(
    owner_session: PracticeSession, share: Path, tmp_path: Path
) -> Iterator[tuple[PracticeSession, PracticeSession]]:
    """The front desk (the owner's first practice) syncing with a second PC that joined."""
    owner_session.sync.start(share, "Front desk")
    owner_session.sync.run_round()
    other, _report = join_practice(tmp_path / "surgery", share, OWNER, OWNER_PASSWORD, "Surgery 1")
    yield owner_session, other
    wait_for_tasks()
    other.close()


def _edit_street(session: PracticeSession, patient_id: object, street: str) -> None:
    details = session.chart.read(patient_id).details  # type: ignore[arg-type]
    session.chart.update_details(patient_id, dataclasses.replace(details, street=street))  # type: ignore[arg-type]


def _conflicting_edit(a: PracticeSession, b: PracticeSession) -> object:
    patient = a.patients.add(NewPatient("Amelia", "Zimmerman"))
    a.sync.run_round()
    b.sync.run_round()
    _edit_street(a, patient.id, "1 Main Street")
    _edit_street(b, patient.id, "22 Harbour Avenue, Apartment 4")
    a.sync.run_round()
    b.sync.run_round()
    a.sync.run_round()
    return patient.id


def test_the_owner_starts_syncing_from_settings(
    qtbot,
    owner_session: PracticeSession,
    share: Path,  # type: ignore[no-untyped-def]
) -> None:
    tab = SyncTab(owner_session)
    qtbot.addWidget(tab)
    tab.show()
    tab.refresh()
    qtbot.waitUntil(lambda: tab.settings is not None)
    qtbot.waitUntil(lambda: "does not sync" in tab.state.text())
    assert tab.start.isVisible() and not tab.stop.isVisible()
    assert not tab.sync_now.isEnabled()
    tab.share.setText(str(share))
    tab.pc_name.clear()
    qtbot.keyClicks(tab.pc_name, "Front desk")
    assert tab.start.isEnabled()
    qtbot.mouseClick(tab.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: owner_session.sync.settings().share == str(share), timeout=20_000)
    qtbot.waitUntil(lambda: tab.stop.isVisible() and not tab.start.isVisible())
    qtbot.waitUntil(lambda: tab.report.text().startswith("Sent "), timeout=20_000)
    qtbot.waitUntil(lambda: "In step" in tab.state.text())
    assert tab.share.isReadOnly()
    assert owner_session.sync.settings().pc_name == "Front desk"
    assert "No other PC" in tab.peers.topLevelItem(0).text(0)
    qtbot.waitUntil(lambda: tab.sync_now.isEnabled())
    qtbot.mouseClick(tab.sync_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.sync_now.isEnabled(), timeout=20_000)


def test_a_folder_of_something_else_is_refused_in_the_page(
    qtbot,
    owner_session: PracticeSession,
    share: Path,  # type: ignore[no-untyped-def]
) -> None:
    (share / "holiday photos.txt").write_text("not empty")
    tab = SyncTab(owner_session)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.settings is not None)
    tab.share.setText(str(share))
    tab.pc_name.setText("Front desk")
    qtbot.mouseClick(tab.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.start.isEnabled() and bool(tab.message.text()), timeout=20_000)
    assert owner_session.sync.settings().share == ""


def test_only_the_owner_starts_syncing_and_others_see_why(
    qtbot,
    owner_session: PracticeSession,
    data_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    owner_session.users.add(
        "cora", "Cora Coordinator", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    owner_session.close()  # one session per data folder
    cora = open_practice(data_dir, "cora", OTHER_PASSWORD)
    try:
        tab = SyncTab(cora)
        qtbot.addWidget(tab)
        tab.refresh()
        qtbot.waitUntil(lambda: tab.settings is not None)
        tab.share.setText("/somewhere")
        assert not tab.start.isEnabled()
        assert "Only the owner" in tab.why.text()
    finally:
        wait_for_tasks()
        cora.close()


def test_the_page_lists_the_other_pcs(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],  # type: ignore[no-untyped-def]
) -> None:
    a, b = two_pcs
    b.patients.add(NewPatient("Chloé", "Brennan"))  # the name comes with the PC's first batch
    b.sync.run_round()
    a.sync.run_round()
    tab = SyncTab(a)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.settings is not None)
    assert tab.peers.topLevelItem(0).text(0) == "Surgery 1"
    item = tab.peers.topLevelItem(0)
    assert item.text(1) and item.text(2) == "OK" and item.text(3) == ""
    assert not tab.stop.isHidden() and tab.pc_name.text() == "Front desk"


def test_conflicts_show_both_values_and_keeping_one_settles_it(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],  # type: ignore[no-untyped-def]
) -> None:
    a, b = two_pcs
    patient_id = _conflicting_edit(a, b)
    assert len(a.sync.conflicts()) == 1
    dialog = ConflictsDialog(a)
    qtbot.addWidget(dialog)
    dialog.refresh()
    dialog.show()
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    conflict = a.sync.conflicts()[0]
    assert dialog.record.text() == "Patient Amelia Zimmerman (chart 1)"
    assert dialog.field.text() == "Field: Street"  # the chart's word, not the column's
    assert dialog.list.item(0).text().endswith("\nStreet")
    assert dialog.winner.text() == conflict.winner
    assert dialog.loser.text() == conflict.loser
    assert {dialog.winner.text(), dialog.loser.text()} == {
        "1 Main Street",
        "22 Harbour Avenue, Apartment 4",
    }
    assert "Front desk" in dialog.winner_from.text() + dialog.loser_from.text()
    assert "Surgery 1" in dialog.winner_from.text() + dialog.loser_from.text()
    keep = conflict.loser
    qtbot.mouseClick(dialog.keep_loser, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.conflicts and dialog.detail_stack.currentIndex() == 0)
    assert a.chart.read(patient_id).details.street == keep  # type: ignore[arg-type]
    a.sync.run_round()
    b.sync.run_round()
    assert b.chart.read(patient_id).details.street == keep  # type: ignore[arg-type]
    assert not b.sync.conflicts()


def test_problems_across_records_are_listed_with_where_to_settle_them(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],  # type: ignore[no-untyped-def]
) -> None:
    a, b = two_pcs
    from datetime import date

    a.patients.add(NewPatient("Bruno", "Okafor", date(1980, 5, 17)))
    b.patients.add(NewPatient("Bruno", "Okafor", date(1980, 5, 17)))
    a.sync.run_round()
    b.sync.run_round()
    a.sync.run_round()
    titles = [t.title for t in a.tasks.list() if t.created_by == "sync"]
    assert titles, "the service makes a task for a patient registered twice"
    dialog = ConflictsDialog(a)
    qtbot.addWidget(dialog)
    dialog.refresh()
    qtbot.waitUntil(lambda: [t.title for t in dialog.problems] == titles)
    assert dialog.problem_list.item(0).text() == titles[0]
    assert "Patients" in dialog.problems_hint.text()
    assert "appointment book" in dialog.problems_hint.text()
    assert dialog.none_left.text() and dialog.detail_stack.currentIndex() == 0


def test_the_status_bar_says_conflicts_and_opens_them(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],  # type: ignore[no-untyped-def]
) -> None:
    a, b = two_pcs
    _conflicting_edit(a, b)
    main = MainWindow(a)
    qtbot.addWidget(main)
    main.show()
    button = main.sync_status
    qtbot.waitUntil(lambda: button.text() == "1 conflict(s) to review", timeout=10_000)
    assert button.isVisible() and button.property("warning") is True
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(isinstance(w, ConflictsDialog) and w.isVisible() for w in _windows())
    )
    for window in _windows():
        if isinstance(window, ConflictsDialog):
            qtbot.waitUntil(lambda w=window: w.list.count() == 1)  # type: ignore[misc]
            window.close()


def test_the_status_bar_opens_settings_sync_when_in_step(
    qtbot,
    owner_session: PracticeSession,
    share: Path,  # type: ignore[no-untyped-def]
) -> None:
    main = MainWindow(owner_session)
    qtbot.addWidget(main)
    main.show()
    assert not main.sync_status.isVisible()  # most practices have one PC
    owner_session.sync.start(share, "Front desk")
    qtbot.waitUntil(lambda: main.sync_status.text() == "In step", timeout=10_000)
    qtbot.mouseClick(main.sync_status, Qt.MouseButton.LeftButton)
    settings = main.pages.currentWidget()
    assert settings.tabs.currentWidget() is settings.sync  # type: ignore[attr-defined]


def test_background_rounds_take_in_the_other_pcs_changes(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(runner_module, "ROUND_EVERY_MS", 200)
    a, b = two_pcs
    main = MainWindow(a)
    qtbot.addWidget(main)
    runner = sync_runner(a)
    assert runner.background
    rounds: list[object] = []
    runner.sig_round_finished.connect(rounds.append)
    b.patients.add(NewPatient("Chloé", "Brennan"))
    b.sync.run_round()
    qtbot.waitUntil(lambda: a.patients.count("Brennan") == 1, timeout=15_000)
    qtbot.waitUntil(lambda: len(rounds) >= 2, timeout=15_000)
    main.close()
    assert not runner.background


def test_rounds_never_overlap(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    a, _b = two_pcs
    runner = sync_runner(a)
    started: list[int] = []
    real = a.sync.run_round

    def counted(progress: Progress) -> object:
        started.append(1)
        return real(progress)

    monkeypatch.setattr(a.sync, "run_round", counted)
    assert runner.run_now()
    assert not runner.run_now(), "a second round waits for the first"
    qtbot.waitUntil(lambda: not runner.running, timeout=15_000)
    assert len(started) == 1


def test_signing_out_cancels_the_round_under_way(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    a, _b = two_pcs
    runner = sync_runner(a)
    real = a.sync.run_round
    asked_to_stop: list[bool] = []

    def on_a_slow_share(progress: Progress) -> object:
        deadline = time.monotonic() + 10
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        asked_to_stop.append(progress.cancelled)
        return real(progress)

    monkeypatch.setattr(a.sync, "run_round", on_a_slow_share)
    finished: list[object] = []
    runner.sig_round_finished.connect(finished.append)
    runner.sig_round_failed.connect(finished.append)
    assert runner.run_now()
    runner.stop_background()  # as the main window does when it closes
    qtbot.waitUntil(lambda: not runner.running, timeout=5_000)
    assert asked_to_stop == [True]
    assert finished == []  # stopped: no round report, and no error either


def test_joining_from_the_set_up_wizard(
    qtbot,
    owner_session: PracticeSession,
    share: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from practicedesk.ui.setup.wizard import SetupWizard

    owner_session.patients.add(NewPatient("Amelia", "Zimmerman"))
    owner_session.sync.start(share, "Front desk")
    owner_session.sync.run_round()
    wizard = SetupWizard(tmp_path / "new pc")
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.folder_page.join.isEnabled()
    qtbot.mouseClick(wizard.folder_page.join, Qt.MouseButton.LeftButton)
    dialog = wizard.join_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.share.setText(str(share))  # type: ignore[attr-defined]
    dialog.username.setText(OWNER)  # type: ignore[attr-defined]
    dialog.password.setText("not the password at all")  # type: ignore[attr-defined]
    dialog.pc_name.setText("Surgery 1")  # type: ignore[attr-defined]
    dialog.ok_button().click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.isEnabled() and bool(dialog.message.text()), timeout=20_000)  # type: ignore[attr-defined]
    assert dialog.isVisible(), "a wrong password keeps the dialog open"
    dialog.password.setText(OWNER_PASSWORD)  # type: ignore[attr-defined]
    with qtbot.waitSignal(wizard.sig_practice_joined, timeout=20_000) as joined:
        dialog.ok_button().click()  # type: ignore[attr-defined]
    session = joined.args[0]
    try:
        assert session.patients.count("Zimmerman") == 1
        assert session.sync.settings().pc_name == "Surgery 1"
        assert not dialog.isVisible()
    finally:
        wait_for_tasks()
        session.close()


def _windows() -> list[object]:
    return list(QApplication.topLevelWidgets())


def test_stopping_asks_first(
    qtbot,
    owner_session: PracticeSession,
    share: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    owner_session.sync.start(share, "Front desk")
    tab = SyncTab(owner_session)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.stop.isEnabled())
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    tab.stop.click()
    wait_for_tasks()
    assert owner_session.sync.settings().share == str(share)
    tab.stop.click()
    qtbot.waitUntil(lambda: owner_session.sync.settings().share == "", timeout=10_000)
    qtbot.waitUntil(lambda: not tab.start.isHidden())


def _peer_rows(tab: SyncTab) -> dict[str, int]:
    """The other PCs the page lists: device id -> row."""
    rows = {}
    for row in range(tab.peers.topLevelItemCount()):
        found = tab.peers.topLevelItem(row).data(0, Qt.ItemDataRole.UserRole)
        if found:
            rows[found] = row
    return rows


def test_the_owner_forgets_a_pc_that_is_gone(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],
    share: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    a, b = two_pcs
    b.sync.run_round()  # Surgery 1 writes its pc.json; the front desk reads it
    a.sync.run_round()
    gone = device(b)
    assert (share / gone / "pc.json").exists()
    tab = SyncTab(a)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: gone in _peer_rows(tab))
    assert not tab.forget.isEnabled(), "nothing chosen yet"
    tab.peers.setCurrentItem(tab.peers.topLevelItem(_peer_rows(tab)[gone]))
    assert tab.forget.isEnabled()
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    tab.forget.click()
    wait_for_tasks()
    assert gone in _peer_rows(tab) and (share / gone / "pc.json").exists(), "No keeps it"
    assert asked[0].startswith("Forget “Surgery 1”?") and "gone for good" in asked[0]
    tab.peers.setCurrentItem(tab.peers.topLevelItem(_peer_rows(tab)[gone]))
    tab.forget.click()
    qtbot.waitUntil(lambda: gone not in _peer_rows(tab), timeout=10_000)
    assert not (share / gone / "pc.json").exists()
    assert [peer.device for peer in a.sync.peers()] == []
    assert "No other PC" in tab.peers.topLevelItem(0).text(0)
    assert not tab.forget.isEnabled() and not tab.message.text()


def test_only_the_owner_may_forget_a_pc(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],
    data_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    a, b = two_pcs
    b.sync.run_round()
    a.sync.run_round()
    a.users.add(
        "cora", "Cora Coordinator", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    wait_for_tasks()
    a.close()  # one session per data folder
    cora = open_practice(data_dir, "cora", OTHER_PASSWORD)
    try:
        tab = SyncTab(cora)
        qtbot.addWidget(tab)
        tab.refresh()
        qtbot.waitUntil(lambda: device(b) in _peer_rows(tab))
        tab.peers.setCurrentItem(tab.peers.topLevelItem(_peer_rows(tab)[device(b)]))
        assert not tab.forget.isEnabled()
        assert "forgets a PC" in tab.why.text()
    finally:
        wait_for_tasks()
        cora.close()


def test_the_owner_lets_a_held_batch_in_from_the_page(
    qtbot,
    two_pcs: tuple[PracticeSession, PracticeSession],  # type: ignore[no-untyped-def]
) -> None:
    a, b = two_pcs
    many = a.patients.add_many(
        [NewPatient(f"Temp{n}", "Import") for n in range(30)], reason="test import"
    )
    a.sync.run_round()
    b.sync.run_round()
    assert b.patients.count("Import") == 30
    for patient_id in many:
        set_deleted(a, patient_id, True)
    a.sync.run_round()
    assert b.sync.run_round().held, "a batch deleting 30 records waits for the owner"
    tab = SyncTab(b)
    qtbot.addWidget(tab)
    tab.show()
    tab.refresh()
    qtbot.waitUntil(lambda: "deletes 30 records" in tab.state.text())
    qtbot.waitUntil(lambda: device(a) in _peer_rows(tab))
    assert tab.state.property("warning") is True
    item = tab.peers.currentItem()
    assert item is not None, "the PC whose batch waits is chosen, ready to let in"
    assert item.data(0, Qt.ItemDataRole.UserRole) == device(a)
    assert "deletes 30 records" in item.text(3)
    assert tab.let_in.isVisible() and tab.let_in.isEnabled()
    qtbot.mouseClick(tab.let_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: b.patients.count("Import") == 0, timeout=20_000)
    qtbot.waitUntil(lambda: "In step" in tab.state.text(), timeout=10_000)
    assert b.sync.status().state != "held"
    assert tab.state.property("warning") is False
    qtbot.waitUntil(lambda: not tab.let_in.isVisible())  # the list is read again after the round
    assert tab.peers.topLevelItem(_peer_rows(tab)[device(a)]).text(3) == ""
