"""Worklists → Unscheduled: a missed visit not rebooked, booked again with its own type."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.ui.recall.unscheduled_list_model import UnscheduledListModel
from practicedesk.ui.schedule.booking_dialog import BookingDialog
from practicedesk.ui.schedule.slot_finder_dialog import SlotFinderDialog
from practicedesk.ui.shell.main_window import MainWindow
from tests.services.schedule_fixtures import ZONE, Office
from tests.ui.recall.conftest import worklists


@pytest.fixture
def missed(office: Office) -> Office:
    """Cleo missed her extraction three days ago and has nothing booked."""
    visit = replace(
        office.visit(office.cleo, 0, 9, kind=office.extraction, minutes=60),
        starts_at=datetime.now(ZONE).replace(microsecond=0) - timedelta(days=3),
    )
    office.session.schedule.record_many([RecordedVisit(visit, VisitStatus.NO_SHOW)], reason="t")
    return office


def test_a_call_about_a_missed_visit_is_counted_and_book_presets_its_type(
    qtbot, window: MainWindow, missed: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    session = missed.session
    page = worklists(window)
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    unscheduled = page.unscheduled
    assert page.tabs.currentWidget() is unscheduled
    qtbot.waitUntil(lambda: unscheduled.model.rowCount() == 1, timeout=5_000)
    assert unscheduled.model.data(unscheduled.model.index(0, 3)) == "No-show"
    qtbot.keyClick(unscheduled.table, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: unscheduled.model.row_object(0).attempts == 1, timeout=5_000)
    assert session.chart.read(missed.cleo.id).communications[0].summary == (
        "Unscheduled call: left message"
    )
    asked: list[object] = []
    monkeypatch.setattr(SlotFinderDialog, "exec", lambda f: asked.append(f.type.currentData()))
    monkeypatch.setattr(BookingDialog, "exec", lambda d: 0)
    qtbot.keyClick(unscheduled.table, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: asked == [missed.extraction.id], timeout=5_000)


def test_the_unscheduled_model_passes_the_model_tester(qtmodeltester, missed: Office) -> None:  # type: ignore[no-untyped-def]
    model = UnscheduledListModel()
    model.zone = ZONE
    model.set_rows(missed.session.calls.unscheduled())
    assert model.rowCount() == 1
    qtmodeltester.check(model)
