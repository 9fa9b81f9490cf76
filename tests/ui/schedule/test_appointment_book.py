"""The appointment book as a coordinator uses it: book by double-click, drag to move,
stretch, conflicts explained and refused unless confirmed, undo."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from practicedesk.domain.recurrence import Recurrence
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.session import PracticeSession
from practicedesk.ui.schedule import schedule_page as page_module
from practicedesk.ui.schedule.appointment_dialog import AppointmentDialog
from practicedesk.ui.schedule.booking_dialog import BookingDialog
from practicedesk.ui.schedule.schedule_page import SchedulePage
from practicedesk.ui.schedule.time_grid import TimeGridWidget
from practicedesk.ui.schedule.visit_dialogs import CancelDialog
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.services.schedule_fixtures import ZONE, Office, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.fixture
def page(qtbot, office: Office) -> SchedulePage:  # type: ignore[no-untyped-def]
    """The page inside the real main window, which refreshes it after every change."""
    window = MainWindow(office.session)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    schedule_page = window.page(0)
    assert isinstance(schedule_page, SchedulePage)
    schedule_page.show_day(office.monday)
    qtbot.waitUntil(lambda: _loaded(schedule_page, office), timeout=5_000)
    return schedule_page


def _loaded(page: SchedulePage, office: Office) -> bool:
    content = page.day_view.grid.content
    return content is not None and content.columns[0].day == office.monday


def _reload(qtbot, page: SchedulePage, count: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: len(page.day_view.grid.content.blocks) == count, timeout=5_000)


def _point(grid: TimeGridWidget, column: int, hour: int, minute: int = 0) -> QPoint:
    x = grid.column_left(column) + int(grid.column_width() / 2)
    return QPoint(x, grid.y_of(hour * 60 + minute) + 3)


def _send(
    widget: TimeGridWidget, kind: QEvent.Type, point: QPoint, buttons: Qt.MouseButton
) -> None:
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        QPointF(point),
        QPointF(widget.mapToGlobal(point)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def _drag(grid: TimeGridWidget, start: QPoint, end: QPoint) -> None:
    left = Qt.MouseButton.LeftButton
    _send(grid, QEvent.Type.MouseButtonPress, start, left)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    _send(grid, QEvent.Type.MouseMove, middle, left)
    _send(grid, QEvent.Type.MouseMove, end, left)
    _send(grid, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def test_double_click_on_an_empty_slot_books_there(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    seen: list[BookingDialog] = []

    def fill_and_book(dialog: BookingDialog) -> int:
        seen.append(dialog)
        assert dialog.provider.currentData() == office.dentist.id
        dialog.picker.search.setText("alv")
        dialog.picker._on_search()
        dialog.picker.results.setCurrentRow(0)
        qtbot.waitUntil(lambda: dialog.ok_button().isEnabled(), timeout=5_000)
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: dialog.booked is not None, timeout=5_000)
        return 1

    monkeypatch.setattr(BookingDialog, "exec", fill_and_book)
    grid = page.day_view.grid
    qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=_point(grid, 0, 10, 30))
    assert seen, "double-click opened the booking dialog"
    _reload(qtbot, page, 1)
    [visit] = office.session.schedule.day(office.monday).appointments
    assert visit.patient_name == "Alvarez, Ana"
    assert visit.provider_id == office.dentist.id
    assert visit.starts_at.astimezone(ZONE).time() == time(10, 30)


def test_enter_on_the_keyboard_cursor_books_too(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[BookingDialog] = []
    monkeypatch.setattr(BookingDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    grid = page.day_view.grid
    grid.setFocus()
    grid.cursor_column, grid.cursor_minutes = 0, 9 * 60
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert opened and opened[0].provider.currentData() == office.hygienist.id
    local = opened[0].when.dateTime().toPython()
    assert local.time() == time(9, 15)


def test_dragging_a_block_to_another_column_and_time_is_stored_and_undone(
    qtbot, page: SchedulePage, office: Office
) -> None:  # type: ignore[no-untyped-def]
    visit = office.session.schedule.book(office.visit(office.ana, 0, 9))
    page.refresh()
    _reload(qtbot, page, 1)
    grid = page.day_view.grid
    _drag(grid, _point(grid, 0, 9, 5), _point(grid, 1, 14, 5))
    qtbot.waitUntil(
        lambda: office.session.schedule.get(visit.id).provider_id == office.hygienist.id,
        timeout=5_000,
    )
    moved = office.session.schedule.get(visit.id)
    assert moved.starts_at.astimezone(ZONE).time() == time(14)

    page.undo_action.trigger()
    qtbot.waitUntil(
        lambda: office.session.schedule.get(visit.id).provider_id == office.dentist.id,
        timeout=5_000,
    )
    assert office.session.schedule.get(visit.id).starts_at.astimezone(ZONE).time() == time(9)
    page.redo_action.trigger()
    qtbot.waitUntil(
        lambda: office.session.schedule.get(visit.id).provider_id == office.hygienist.id,
        timeout=5_000,
    )


def test_stretching_the_lower_edge_changes_the_length(
    qtbot, page: SchedulePage, office: Office
) -> None:  # type: ignore[no-untyped-def]
    visit = office.session.schedule.book(office.visit(office.ana, 0, 9))
    page.refresh()
    _reload(qtbot, page, 1)
    grid = page.day_view.grid
    edge = grid.block_rect(grid.content.blocks[0]).bottom() - 2
    start = QPoint(_point(grid, 0, 9).x(), edge)
    _drag(grid, start, QPoint(start.x(), grid.y_of(10 * 60)))
    qtbot.waitUntil(lambda: office.session.schedule.get(visit.id).minutes == 60, timeout=5_000)


def test_a_conflicting_move_is_explained_and_not_stored_unless_confirmed(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    mine = schedule.book(office.visit(office.ana, 0, 9))
    schedule.book(office.visit(office.ben, 0, 11, provider=office.hygienist, room=office.chair2))
    page.refresh()
    _reload(qtbot, page, 2)
    asked: list[list[str]] = []
    answer = {"value": False}

    def ask(parent: object, conflicts: list[str], action: str) -> bool:
        asked.append(conflicts)
        return answer["value"]

    monkeypatch.setattr(page_module, "confirm_over_conflicts", ask)
    grid = page.day_view.grid
    _drag(grid, _point(grid, 0, 9, 5), _point(grid, 1, 11, 5))
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert any("Hal Hughes already sees Brooks, Ben" in line for line in asked[0])
    qtbot.wait(200)
    assert schedule.get(mine.id).provider_id == office.dentist.id, "refused: nothing stored"

    answer["value"] = True
    page.refresh()
    _reload(qtbot, page, 2)
    _drag(grid, _point(grid, 0, 9, 5), _point(grid, 1, 11, 5))
    qtbot.waitUntil(lambda: schedule.get(mine.id).provider_id == office.hygienist.id, timeout=5_000)
    assert "Hal Hughes already sees" in schedule.get(mine.id).booked_over


@pytest.mark.parametrize("whole_series", [True, False])
def test_dragging_a_repeating_visit_moves_the_ones_that_follow_when_asked(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch, whole_series: bool
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    visits = schedule.book_series(
        office.visit(office.ana, 0, 9), Recurrence(every_weeks=1, count=3)
    )
    page.refresh()
    _reload(qtbot, page, 1)
    asked: list[str] = []
    monkeypatch.setattr(
        page_module,
        "ask_whole_series",
        lambda _parent, visit: asked.append(visit.patient_name) or whole_series,
    )
    grid = page.day_view.grid
    _drag(grid, _point(grid, 0, 9, 5), _point(grid, 1, 14, 5))
    qtbot.waitUntil(
        lambda: schedule.get(visits[0].id).provider_id == office.hygienist.id, timeout=5_000
    )
    assert asked == ["Alvarez, Ana"]
    qtbot.wait(200)
    later = [schedule.get(v.id) for v in visits[1:]]
    if whole_series:
        assert [v.provider_id for v in later] == [office.hygienist.id] * 2
        assert [v.starts_at.astimezone(ZONE).time() for v in later] == [time(14)] * 2
    else:
        assert [v.provider_id for v in later] == [office.dentist.id] * 2
        assert [v.starts_at.astimezone(ZONE).time() for v in later] == [time(9)] * 2


def test_status_changes_from_the_menu_are_undoable(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    page.refresh()
    _reload(qtbot, page, 1)
    info = page.visits[visit.id]
    page.change_status(info, VisitStatus.ARRIVED)
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.ARRIVED, timeout=5_000)
    page.undo_action.trigger()
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.SCHEDULED, timeout=5_000)

    def give_reason(dialog: CancelDialog) -> int:
        dialog.reason.setCurrentText("Patient called, ill")
        return 1

    monkeypatch.setattr(CancelDialog, "exec", give_reason)
    page.change_status(page.visits[visit.id], VisitStatus.CANCELLED)
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.CANCELLED, timeout=5_000)
    assert schedule.get(visit.id).cancel_reason == "Patient called, ill"
    page.undo_action.trigger()
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.SCHEDULED, timeout=5_000)


def test_open_the_patient_opens_their_chart(qtbot, page: SchedulePage, office: Office) -> None:  # type: ignore[no-untyped-def]
    visit = office.session.schedule.book(office.visit(office.ben, 0, 9))
    page.refresh()
    _reload(qtbot, page, 1)
    window = page.window()
    page.sig_patient_requested.emit(visit.patient_id, visit.patient_name)
    assert window.pages.currentIndex() == 1
    patients = window.page(1)
    chart = patients.tabs.currentWidget()
    assert chart.patient_id == office.ben.id
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
    assert chart.header.name.text() == visit.patient_name


def test_a_medical_alert_shows_on_the_visit(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from practicedesk.services.chart.items import AlertChange

    office.session.chart_items.save_alert(
        office.ana.id, AlertChange("allergy", "Penicillin", "critical")
    )
    office.session.schedule.book(office.visit(office.ana, 0, 9))
    page.refresh()
    _reload(qtbot, page, 1)
    grid = page.day_view.grid
    assert grid.content.blocks[0].appointment.alert_level == "critical"
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _where, text, *_a: shown.append(text))
    where = _point(grid, 0, 9, 10)
    grid.event(QHelpEvent(QEvent.Type.ToolTip, where, grid.mapToGlobal(where)))
    assert shown and "Medical alert:</b> allergy: Penicillin" in shown[0]


def _open_the_visit_at_nine(qtbot, page: SchedulePage) -> None:  # type: ignore[no-untyped-def]
    grid = page.day_view.grid
    qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=_point(grid, 0, 9, 5))


def _button(dialog: AppointmentDialog, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def test_checking_in_from_the_visit_dialog_is_stored_and_undoable(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    page.refresh()
    _reload(qtbot, page, 1)
    shown: list[str] = []

    def check_in(dialog: AppointmentDialog) -> int:
        shown.append(dialog.windowTitle())
        _button(dialog, "Check in").click()
        return dialog.result()

    monkeypatch.setattr(AppointmentDialog, "exec", check_in)
    _open_the_visit_at_nine(qtbot, page)
    assert shown == ["Visit: Alvarez, Ana"]
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.ARRIVED, timeout=5_000)
    page.undo_action.trigger()
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.SCHEDULED, timeout=5_000)


def test_notes_typed_in_the_visit_dialog_are_kept_on_closing(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    page.refresh()
    _reload(qtbot, page, 1)

    def write_and_close(dialog: AppointmentDialog) -> int:
        dialog.notes.setPlainText("Bring the X-rays from Dr. Lee")
        buttons = dialog.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Close).click()
        return dialog.result()

    monkeypatch.setattr(AppointmentDialog, "exec", write_and_close)
    _open_the_visit_at_nine(qtbot, page)
    qtbot.waitUntil(
        lambda: schedule.get(visit.id).notes == "Bring the X-rays from Dr. Lee", timeout=5_000
    )


def test_the_visit_dialog_prints_the_appointment_card(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    office.session.schedule.book(office.visit(office.ana, 0, 9))
    page.refresh()
    _reload(qtbot, page, 1)
    previews: list[tuple[str, int]] = []
    monkeypatch.setattr(
        PdfPreviewDialog,
        "exec",
        lambda preview: previews.append((preview.windowTitle(), preview.page_count())) or 0,
    )
    monkeypatch.setattr(
        AppointmentDialog, "exec", lambda dialog: _button(dialog, "Appointment card…").click()
    )
    _open_the_visit_at_nine(qtbot, page)
    qtbot.waitUntil(lambda: bool(previews), timeout=10_000)
    title, pages = previews[0]
    assert "Appointment card" in title
    assert pages == 1
