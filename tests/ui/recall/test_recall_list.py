"""Worklists → Recall as the coordinator works it: by keyboard, one key per call, and Book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from practicedesk.api import open_practice
from practicedesk.domain.recall import RecallState
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.security.roles import Role
from practicedesk.ui.recall.recall_list import RecallListWidget
from practicedesk.ui.recall.recall_list_model import RecallListModel
from practicedesk.ui.schedule.booking_dialog import BookingDialog
from practicedesk.ui.schedule.slot_finder_dialog import SlotFinderDialog
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.tasks import wait_for_tasks
from tests.conftest import OTHER_PASSWORD
from tests.services.schedule_fixtures import Office
from tests.ui.recall.conftest import worklists


def _shown(qtbot, window: MainWindow, rows: int) -> RecallListWidget:  # type: ignore[no-untyped-def]
    """Ctrl+3 and Alt+R, as the coordinator gets there; the cursor lands in the list."""
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = worklists(window)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert page.tabs.currentWidget() is page.recall
    qtbot.waitUntil(lambda: page.recall.model.rowCount() == rows, timeout=5_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.recall.table, timeout=5_000)
    return page.recall


def test_three_recall_calls_logged_with_their_keys_land_in_the_communication_log(
    qtbot, window: MainWindow, office: Office, report: Callable[[str], None]
) -> None:  # type: ignore[no-untyped-def]
    session = office.session
    recall = _shown(qtbot, window, 3)
    keys = ["Ctrl+3", "Alt+R"]
    assert [recall.model.row_object(r).name for r in range(3)] == [
        "Chen, Cleo", "Brooks, Ben", "Alvarez, Ana",
    ]  # fmt: skip
    assert recall.current() is not None and recall.current().name == "Chen, Cleo"
    for key, logged in ((Qt.Key.Key_M, 1), (Qt.Key.Key_N, 2), (Qt.Key.Key_C, 3)):
        qtbot.keyClick(recall.table, key)
        keys.append(key.name[-1])
        qtbot.waitUntil(
            lambda n=logged: sum(recall.model.row_object(r).attempts for r in range(3)) == n,
            timeout=5_000,
        )
    assert len(keys) == 5
    report(
        f"Log a recall call: {len(keys) - 2} keys for 3 calls (one each), plus Ctrl+3, Alt+R "
        f"from another page: {' '.join(keys)}"
    )
    summaries = {
        patient.id: session.chart.read(patient.id).communications[0].summary
        for patient in (office.ana, office.ben, office.cleo)
    }
    assert summaries == {
        office.cleo.id: "Recall call: left message",
        office.ben.id: "Recall call: no answer",
        office.ana.id: "Recall call: will call back",
    }
    assert recall.model.row_object(0).last_outcome == "left message"
    assert recall.status.text() == "Logged for Alvarez, Ana: will call back."


def test_book_opens_find_a_time_with_the_patient_and_the_recalls_visit_type(
    qtbot, window: MainWindow, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    session = office.session
    seen: list[tuple[str, object, str]] = []

    def book_the_first_time(finder: SlotFinderDialog) -> int:
        seen.append((finder.windowTitle(), finder.type.currentData(), finder.minutes.text()))
        finder.search.click()
        qtbot.waitUntil(lambda: finder.results.count() > 0, timeout=5_000)
        finder.results.setCurrentRow(0)
        finder.pick.click()
        return finder.result()

    def book(dialog: BookingDialog) -> int:
        assert dialog.picker.chosen is not None and dialog.picker.chosen.id == office.ana.id
        assert dialog.type.currentData().id == office.cleaning.id
        qtbot.waitUntil(dialog.ok_button().isEnabled, timeout=5_000)
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: dialog.booked is not None, timeout=5_000)
        return 1

    monkeypatch.setattr(SlotFinderDialog, "exec", book_the_first_time)
    monkeypatch.setattr(BookingDialog, "exec", book)
    recall = _shown(qtbot, window, 3)
    qtbot.keyClick(recall.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert recall.current().name == "Alvarez, Ana"
    qtbot.keyClick(recall.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [("Find a time for Alvarez, Ana", office.cleaning.id, "60 minutes")]
    qtbot.waitUntil(lambda: recall.model.rowCount() == 2, timeout=5_000)
    (visit,) = [v for v in session.schedule.for_patient(office.ana.id)
                if v.status is VisitStatus.SCHEDULED]  # fmt: skip
    assert visit.type_id == office.cleaning.id
    qtbot.waitUntil(
        lambda: (
            [c.summary for c in session.chart.read(office.ana.id).communications]
            == ["Recall call: booked"]
        ),
        timeout=5_000,
    )
    (hygiene,) = [r for r in session.recall.for_patient(office.ana.id) if r.name == "Hygiene"]
    assert hygiene.state is RecallState.SCHEDULED


def test_enter_books_too_and_a_double_click_opens_the_chart(
    qtbot, window: MainWindow, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    monkeypatch.setattr(SlotFinderDialog, "exec", lambda f: opened.append(f.windowTitle()) or 0)
    recall = _shown(qtbot, window, 3)
    qtbot.keyClick(recall.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened == ["Find a time for Chen, Cleo"], timeout=5_000)
    recall.table.doubleClicked.emit(recall.model.index(1, 0))
    assert window.pages.currentIndex() == 1
    assert window.page(1).tabs.currentWidget().patient_id == office.ben.id


def test_the_filters_narrow_the_list(qtbot, window: MainWindow, office: Office) -> None:  # type: ignore[no-untyped-def]
    session = office.session
    session.calls.log(office.ben.id, "recall", "no answer")
    recall = _shown(qtbot, window, 3)
    recall.not_called.setValue(7)
    qtbot.waitUntil(lambda: recall.model.rowCount() == 2, timeout=5_000)
    assert office.ben.id not in {recall.model.row_object(r).patient_id for r in range(2)}
    recall.not_called.setValue(0)
    recall.show_states.setCurrentIndex(3)  # due soon
    recall.show_states.activated.emit(3)
    qtbot.waitUntil(lambda: recall.model.rowCount() == 0, timeout=5_000)
    assert recall.empty.isVisible() and not recall.table.isVisible()


def test_the_recall_list_model_passes_the_model_tester(qtmodeltester, office: Office) -> None:  # type: ignore[no-untyped-def]
    model = RecallListModel()
    model.set_rows(office.session.recall.list())
    assert model.rowCount() == 3
    overdue = model.index(0, 6)
    assert model.data(overdue, Qt.ItemDataRole.ToolTipRole) == "Overdue"
    assert model.data(overdue, Qt.ItemDataRole.ForegroundRole) is not None
    qtmodeltester.check(model)


def test_a_clinician_sees_the_list_but_cannot_log_calls_or_book(
    qtbot, office: Office, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    office.session.users.add(
        "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
    )
    office.session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:
        recall = RecallListWidget(clinician)
        qtbot.addWidget(recall)
        recall.show()
        recall.refresh()
        qtbot.waitUntil(lambda: recall.model.rowCount() == 3, timeout=5_000)
        assert recall.current() is not None
        assert not any(button.isEnabled() for button in recall.row_buttons)
        qtbot.keyClick(recall.table, Qt.Key.Key_M)
        wait_for_tasks()
        assert all(not c.communications for c in map(clinician.chart.read, (office.ana.id,)))
