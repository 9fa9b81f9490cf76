"""Find a time, the waitlist, and the day sheet preview, driven as a coordinator would."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from practicedesk.domain.slots import Slot
from practicedesk.services.session import PracticeSession
from practicedesk.ui.schedule.booking_dialog import BookingDialog
from practicedesk.ui.schedule.day_sheet_dialog import DaySheetDialog
from practicedesk.ui.schedule.go_to_date import GoToDateDialog
from practicedesk.ui.schedule.schedule_page import SchedulePage
from practicedesk.ui.schedule.schedule_toolbar import View
from practicedesk.ui.schedule.slot_finder_dialog import SlotFinderDialog
from practicedesk.ui.schedule.waitlist_dialog import AddToWaitlistDialog, WaitlistDialog
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.page import BookingRequest
from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.services.schedule_fixtures import Office, practice_today, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.fixture
def page(qtbot, office: Office) -> SchedulePage:  # type: ignore[no-untyped-def]
    schedule_page = SchedulePage(office.session)
    qtbot.addWidget(schedule_page)
    schedule_page.refresh()
    qtbot.waitUntil(lambda: schedule_page.choices is not None, timeout=5_000)
    return schedule_page


def test_find_a_time_lists_free_times_and_books_the_one_picked(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[BookingDialog] = []
    monkeypatch.setattr(BookingDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    listed: list[str] = []
    asked: list[int] = []

    def pick_the_first(finder: SlotFinderDialog) -> int:
        select_value(finder.type, office.extraction.id)
        asked.append(finder.minutes.value())
        finder.search.click()
        qtbot.waitUntil(lambda: finder.results.count() > 0, timeout=5_000)
        listed.extend(finder.results.item(i).text() for i in range(finder.results.count()))
        finder.results.setCurrentRow(0)
        finder.pick.click()
        return finder.result()

    monkeypatch.setattr(SlotFinderDialog, "exec", pick_the_first)
    page.toolbar.find_button.click()
    assert asked == [60], "an extraction's length"
    assert "Dr. Ada Park" in listed[0]
    assert all("Hal Hughes" not in line for line in listed), "hygienists do not extract"
    assert opened and opened[0].provider.currentData() == office.dentist.id
    assert opened[0].type.currentData().id == office.extraction.id
    assert opened[0].minutes.value() == 60


def test_rescheduling_through_find_a_time_moves_the_visit_undoably(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    info = schedule.get(visit.id)
    picked: list[Slot] = []

    def pick_another_time(finder: SlotFinderDialog) -> int:
        finder.search.click()
        qtbot.waitUntil(lambda: finder.results.count() > 0, timeout=5_000)
        row = next(
            i
            for i in range(finder.results.count())
            if finder.results.item(i).data(256).start != info.starts_at
        )
        picked.append(finder.results.item(row).data(256))
        finder.results.setCurrentRow(row)
        finder.pick.click()
        return finder.result()

    monkeypatch.setattr(SlotFinderDialog, "exec", pick_another_time)
    menu = QMenu(page)
    page.menus.add_visit_actions(menu, info)
    reschedule = next(a for a in menu.actions() if a.text().startswith("Reschedule"))
    reschedule.trigger()
    assert picked, "the finder opened for the visit"
    qtbot.waitUntil(lambda: schedule.get(visit.id).starts_at == picked[0].start, timeout=5_000)
    page.undo_action.trigger()
    qtbot.waitUntil(lambda: schedule.get(visit.id).starts_at == info.starts_at, timeout=5_000)


def test_a_time_asked_for_before_the_book_loaded_is_found_once_it_has(
    qtbot, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A call list's Book reaches a book still loading: Find a time opens when it is ready,
    for the patient and type asked, and looks for times the patient is free."""
    asked: list[tuple[str, object, object]] = []
    monkeypatch.setattr(
        SlotFinderDialog,
        "exec",
        lambda finder: asked.append(
            (finder.windowTitle(), finder.type.currentData(), finder.query().patient_id)
        ),
    )
    book = SchedulePage(office.session)
    qtbot.addWidget(book)
    book.find_time(BookingRequest(office.ben.id, "Brooks, Ben", office.cleaning.id, "recall"))
    assert not asked
    book.refresh()
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert asked == [("Find a time for Brooks, Ben", office.cleaning.id, office.ben.id)]


def test_the_waitlist_adds_and_lists_a_patient(
    qtbot, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def add_ben(dialog: AddToWaitlistDialog) -> int:
        dialog.picker.choose(office.ben)
        dialog.days.boxes[0].setChecked(False)
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: dialog.result() == 1, timeout=5_000)
        return 1

    monkeypatch.setattr(AddToWaitlistDialog, "exec", add_ben)
    dialog = WaitlistDialog(office.session)
    qtbot.addWidget(dialog)
    dialog.add.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5_000)
    assert dialog.table.item(0, 0).text() == "Brooks, Ben"
    assert dialog.table.item(0, 2).text().startswith("30 min, Tue Wed Thu Fri")


def test_the_day_sheet_previews_and_saves(
    qtbot, office: Office, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    office.session.schedule.book(office.visit(office.ana, 0, 9))
    previews: list[PdfPreviewDialog] = []

    def look(preview: PdfPreviewDialog) -> int:
        previews.append(preview)
        target = tmp_path / "sheet.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        preview.save_button.click()
        assert target.read_bytes().startswith(b"%PDF")
        return 0

    monkeypatch.setattr(PdfPreviewDialog, "exec", look)
    dialog = DaySheetDialog(office.session, office.monday, office.session.staff.providers())
    qtbot.addWidget(dialog)
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: bool(previews), timeout=10_000)
    assert previews[0].page_count() == 1  # Hal Hughes has no visits: a line, not a page


def test_ctrl_g_takes_a_typed_date_and_refuses_what_is_not_one(
    qtbot, page: SchedulePage, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    messages: list[str] = []

    def type_then_enter(typed: list[str]):  # type: ignore[no-untyped-def]
        def drive(dialog: GoToDateDialog) -> int:
            dialog.show()
            for text in typed:
                qtbot.keyClicks(dialog.typed, text)
                qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)
                messages.append(dialog.message.text())
                dialog.typed.clear()
            return dialog.result()

        return drive

    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=3_000)
    page.toolbar.view_buttons.button(1).click()  # a week stays a week
    monkeypatch.setattr(GoToDateDialog, "exec", type_then_enter(["12", "12/15/2027"]))
    qtbot.keyClick(page, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert "not a date" in messages[0] and messages[1] == ""
    assert page.toolbar.day() == date(2027, 12, 15)
    assert page.toolbar.view() is View.WEEK


def test_today_is_the_practices_day_whatever_this_pcs_zone(
    qtbot, pc_elsewhere: str, office: Office
) -> None:  # type: ignore[no-untyped-def]
    page = SchedulePage(office.session)
    qtbot.addWidget(page)
    assert page.toolbar.day() == practice_today()
    page.toolbar.show_day(date(2030, 1, 1))
    page.toolbar.today.click()
    assert page.toolbar.day() == practice_today()


def test_a_time_taken_meanwhile_opens_the_booking_dialog_with_the_conflict(
    qtbot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Book… books the time picked at once; if another PC took it since the finder listed
    it, nothing is double-booked: the booking dialog opens there, to choose."""
    opened: list[BookingDialog] = []
    monkeypatch.setattr(BookingDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    taken = office.session.schedule.book(office.visit(office.ana, 0, 9, minutes=60))
    slot = Slot(taken.starts_at, taken.provider_id, taken.room_id, 60)
    ben = office.session.patients.get(office.ben.id)
    page.booking.book_found_time(slot, None, ben)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=5_000)
    assert opened[0].picker.chosen is not None and opened[0].picker.chosen.id == office.ben.id
    assert office.session.schedule.for_patient(office.ben.id) == []


def test_a_right_click_menu_goes_once_its_action_has_run(qtbot, page: SchedulePage) -> None:  # type: ignore[no-untyped-def]
    """Each right-click's menu used to stay, hidden, with the book all day."""
    shown: list[str] = []

    def close_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        shown.append(menu.actions()[0].text())
        menu.close()

    grid = page.day_view.grid
    for _ in range(3):
        QTimer.singleShot(100, close_menu)
        grid.sig_menu_requested.emit(None, 0, 9 * 60, grid.mapToGlobal(grid.rect().center()))
    assert len(shown) == 3
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    qtbot.waitUntil(lambda: not page.window().findChildren(QMenu, "", direct), timeout=2_000)
