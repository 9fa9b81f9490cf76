"""Worklists → Confirmations: one key per outcome; a confirmed visit leaves the list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from practicedesk.domain.hours import local_instant
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.ui.recall.confirmation_list_model import ConfirmationListModel
from practicedesk.ui.shell.main_window import MainWindow
from tests.services.schedule_fixtures import ZONE, Office, practice_today
from tests.ui.recall.conftest import worklists


@pytest.fixture
def visits(office: Office) -> list[AppointmentInfo]:
    """Ana, Ben and Cleo booked on the next three working days, at 10."""
    today = practice_today()
    days = [today + timedelta(days=n) for n in range(1, 10)]
    working = [d for d in days if d.weekday() < 5][:3]
    return [
        office.session.schedule.book(
            replace(office.visit(p, 0, 10), starts_at=local_instant(d, time(10), ZONE)),
            book_anyway=True,
        )
        for p, d in zip((office.ana, office.ben, office.cleo), working, strict=True)
    ]


def test_y_confirms_the_visit_and_it_leaves_the_list(
    qtbot,
    window: MainWindow,
    office: Office,
    visits: list[AppointmentInfo],
    report: Callable[[str], None],
) -> None:  # type: ignore[no-untyped-def]
    session = office.session
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = worklists(window)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    confirmations = page.confirmations
    assert page.tabs.currentWidget() is confirmations
    qtbot.waitUntil(lambda: confirmations.model.rowCount() == 2, timeout=5_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is confirmations.table, timeout=5_000)
    assert page.tabs.tabText(page.tabs.indexOf(confirmations)) == "C&onfirmations (2)"
    assert confirmations.model.data(confirmations.model.index(0, 1)) == "Alvarez, Ana"
    qtbot.keyClick(confirmations.table, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: confirmations.model.rowCount() == 1, timeout=5_000)
    report("Confirm a visit: 1 key (Y), plus Ctrl+3, Alt+O from another page: Ctrl+3 Alt+O Y")
    assert session.schedule.get(visits[0].id).status is VisitStatus.CONFIRMED
    assert session.chart.read(office.ana.id).communications[0].summary == (
        "Confirmation call: confirmed"
    )
    assert confirmations.current() is not None
    assert confirmations.current().appointment_id == visits[1].id
    qtbot.keyClick(confirmations.table, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: confirmations.model.row_object(0).attempts == 1, timeout=5_000)
    assert confirmations.model.data(confirmations.model.index(0, 7)) == "no answer"
    assert session.schedule.get(visits[1].id).status is VisitStatus.SCHEDULED


def test_more_working_days_list_more_visits(
    qtbot, window: MainWindow, visits: list[AppointmentInfo]
) -> None:  # type: ignore[no-untyped-def]
    page = worklists(window)
    page.tabs.setCurrentWidget(page.confirmations)
    qtbot.waitUntil(lambda: page.confirmations.model.rowCount() == 2, timeout=5_000)
    page.confirmations.days.setValue(3)
    qtbot.waitUntil(lambda: page.confirmations.model.rowCount() == 3, timeout=5_000)
    assert page.confirmations.current().appointment_id == visits[0].id


def test_the_confirmation_model_passes_the_model_tester(
    qtmodeltester, office: Office, visits: list[AppointmentInfo]
) -> None:  # type: ignore[no-untyped-def]
    model = ConfirmationListModel()
    model.zone = ZONE
    model.set_rows(office.session.calls.confirmations(3))
    assert model.rowCount() == 3
    assert model.data(model.index(0, 0)).endswith("10:00 AM")
    qtmodeltester.check(model)
