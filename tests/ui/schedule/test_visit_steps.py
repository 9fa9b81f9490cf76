"""A visit's status steps at the desk: its menu keeps every step in its place (the ones that
cannot be taken greyed out), undo in a visit's menu is that visit's own, and check in, seat
and check out are one key on the selected visit or one button in Today's patients."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from practicedesk.domain.hours import local_instant
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.session import PracticeSession
from practicedesk.ui.money.check_out_dialog import CheckOutDialog
from practicedesk.ui.schedule.schedule_page import SchedulePage
from practicedesk.ui.shell.main_window import MainWindow
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.fixture
def page(qtbot, office: Office) -> SchedulePage:  # type: ignore[no-untyped-def]
    window = MainWindow(office.session)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    book = window.page(0)
    assert isinstance(book, SchedulePage)
    return book


def _menu_of(page: SchedulePage, appointment_id: uuid.UUID, _monkeypatch: object) -> list[QAction]:
    """The visit's right-click menu as it pops up."""
    return page.menu_for(appointment_id, 0, 0).actions()


def _steps(actions: list[QAction]) -> list[tuple[str, bool]]:
    return [(a.text(), a.isEnabled()) for a in actions if a.text() and not a.isSeparator()]


def _wait_for(qtbot, page: SchedulePage, *ids: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: all(i in page.visits for i in ids), timeout=5_000)


def test_undo_in_a_visits_menu_never_acts_on_another_patient(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    ana = schedule.book(office.visit(office.ana, 0, 9))
    ben = schedule.book(office.visit(office.ben, 0, 10))
    page.show_day(office.monday)
    _wait_for(qtbot, page, ana.id, ben.id)
    page.change_status(page.visits[ana.id], VisitStatus.ARRIVED)
    qtbot.waitUntil(lambda: schedule.get(ana.id).status is VisitStatus.ARRIVED, timeout=5_000)
    texts = [a.text() for a in _menu_of(page, ben.id, monkeypatch)]
    assert not [t for t in texts if "Alvarez" in t], texts
    anas = [a for a in _menu_of(page, ana.id, monkeypatch) if a.text().startswith("Undo")]
    assert [a.text() for a in anas] == ["Undo Arrived: Alvarez, Ana"]
    anas[0].trigger()
    qtbot.waitUntil(lambda: schedule.get(ana.id).status is VisitStatus.SCHEDULED, timeout=5_000)
    assert schedule.get(ben.id).status is VisitStatus.SCHEDULED


def test_the_status_steps_keep_their_places_with_impossible_ones_greyed(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    page.show_day(office.monday)
    _wait_for(qtbot, page, visit.id)
    fresh = _steps(_menu_of(page, visit.id, monkeypatch))
    for step in (VisitStatus.ARRIVED, VisitStatus.SEATED, VisitStatus.COMPLETED):
        schedule.set_status(visit.id, step)
    page.refresh()
    qtbot.waitUntil(lambda: page.visits[visit.id].status is VisitStatus.COMPLETED, timeout=5_000)
    done = _steps(_menu_of(page, visit.id, monkeypatch))
    steps = ["Confirm", "Check in", "Seat", "Check out", "No-show", "Cancel…"]
    assert [text for text, _ in fresh][: len(steps)] == steps
    assert [text for text, _ in done][: len(steps)] == steps
    assert dict(fresh)["Check in"] and not dict(fresh)["Check out"]
    assert not dict(done)["Seat"] and not dict(done)["Check in"]


def test_one_chord_checks_in_seats_and_checks_out_the_selected_visit(
    qtbot, page: SchedulePage, office: Office
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    page.show_day(office.monday)
    _wait_for(qtbot, page, visit.id)
    grid = page.day_view.grid
    grid.select(visit.id)
    grid.setFocus()
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for key, status in (
        (Qt.Key.Key_I, VisitStatus.ARRIVED),
        (Qt.Key.Key_S, VisitStatus.SEATED),
        (Qt.Key.Key_O, VisitStatus.COMPLETED),
    ):
        qtbot.keyClick(grid, key, shift_ctrl)
        if status is VisitStatus.COMPLETED:  # the check-out dialog, for this visit
            qtbot.waitUntil(lambda: page.findChild(CheckOutDialog) is not None, timeout=5_000)
            dialog = page.findChild(CheckOutDialog)
            assert visit.patient_name in dialog.windowTitle() + dialog.note.text() + str(
                [label.text() for label in dialog.findChildren(QLabel)]
            )
            dialog.later.click()  # nothing to charge for this visit type
        qtbot.waitUntil(lambda s=status: schedule.get(visit.id).status is s, timeout=5_000)
        qtbot.waitUntil(lambda s=status: page.visits[visit.id].status is s, timeout=5_000)
    qtbot.keyClick(grid, Qt.Key.Key_S, shift_ctrl)  # a checked-out visit is not seated again
    qtbot.wait(200)
    assert schedule.get(visit.id).status is VisitStatus.COMPLETED


def test_todays_patients_check_in_with_one_button_and_grey_what_cannot_follow(
    qtbot, page: SchedulePage, office: Office
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    now = office.at(0, 9)
    today_visit = replace(office.visit(office.ana, 0, 9), starts_at=_today_at_nine(now))
    visit = schedule.book(today_visit, book_anyway=True)
    page.refresh()
    flow = page.flow
    qtbot.waitUntil(lambda: _flow_item(flow, visit.id) is not None, timeout=5_000)
    flow.tree.setCurrentItem(_flow_item(flow, visit.id))
    buttons = flow.step_buttons
    assert buttons[VisitStatus.ARRIVED].isEnabled()
    assert not buttons[VisitStatus.COMPLETED].isEnabled()
    buttons[VisitStatus.ARRIVED].click()
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.ARRIVED, timeout=5_000)
    qtbot.waitUntil(lambda: buttons[VisitStatus.SEATED].isEnabled(), timeout=5_000)
    assert not buttons[VisitStatus.ARRIVED].isEnabled()


def _today_at_nine(any_instant: datetime) -> datetime:
    return local_instant(practice_today(), time(9), ZONE)


def _flow_item(flow, appointment_id: uuid.UUID):  # type: ignore[no-untyped-def]
    for index in range(flow.tree.topLevelItemCount()):
        header = flow.tree.topLevelItem(index)
        for row in range(header.childCount()):
            if header.child(row).data(0, 256) == appointment_id:
                return header.child(row)
    return None
