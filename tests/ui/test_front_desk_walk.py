"""The front desk's speed targets walked with real key presses, counted and printed:
book a patient from the chart and from the search box, check in, seat and check out, print a
visit's packet, record an insurance verification from the worklist.

A key chord (Ctrl+Shift+B) is one action; the letters of a name typed are counted apart, as
the issue counts them ("≈ 10 actions plus typing")."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from practicedesk.ui.money.check_out_dialog import CheckOutDialog
from practicedesk.ui.money.payment_dialog import PaymentDialog
from practicedesk.ui.patients.patients_page import PatientsPage
from practicedesk.ui.schedule import visit_printouts
from practicedesk.ui.schedule.booking_dialog import BookingDialog
from practicedesk.ui.schedule.schedule_page import SchedulePage
from practicedesk.ui.schedule.slot_finder_dialog import SlotFinderDialog
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.widgets.verify_dialog import VerifyDialog
from practicedesk.ui.worklists.worklists_page import WorklistsPage
from tests.services.insurance_fixtures import policy_checked_long_ago
from tests.services.money.money_fixtures import HYGIENE_CODES
from tests.services.schedule_fixtures import Office, set_up_office

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    office = set_up_office(owner_session)
    schedule = owner_session.schedule
    schedule.book(office.visit(office.ana, 0, 9, kind=office.cleaning, minutes=60))
    past = office.visit(office.ben, 0, 9, kind=office.cleaning, minutes=60)
    past = replace(past, starts_at=past.starts_at - timedelta(weeks=30))
    schedule.record_many([RecordedVisit(past, VisitStatus.COMPLETED)], reason="test history")
    return office


@pytest.fixture
def window(qtbot, office: Office) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(office.session)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=5_000)
    yield main


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Callable[[str], None]:
    def say(line: str) -> None:
        with capsys.disabled():
            sys.stdout.write(f"\n{line}\n")

    return say


class Keys:
    """Presses keys on whatever has the keyboard, and remembers them."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.pressed, self.typed = qtbot, [], 0

    def focused(self) -> QWidget:
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def chord(self, key: Qt.Key, modifiers: Qt.KeyboardModifier, name: str) -> None:
        self.qtbot.keyClick(self.focused(), key, modifiers)
        self.pressed.append(name)

    def enter(self) -> None:
        self.chord(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "Enter")

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focused(), text)
        self.typed += len(text)
        self.pressed.append(f'"{text}"')


def _drive_dialogs(qtbot, monkeypatch: pytest.MonkeyPatch, keys: Keys, asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Find a time and the booking run as the user sees them: shown, then keys pressed."""

    def finder(dialog: SlotFinderDialog) -> int:
        asked.append(dialog.windowTitle())
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.results.currentItem() is not None, timeout=10_000)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.results, timeout=5_000)
        asked.append(dialog.type.currentText())
        keys.enter()
        return dialog.result()

    def booking(dialog: BookingDialog) -> int:
        asked.append("the booking dialog")  # only when the time was taken meanwhile
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
        keys.enter()
        qtbot.waitUntil(lambda: dialog.booked is not None, timeout=10_000)
        return 1

    monkeypatch.setattr(SlotFinderDialog, "exec", finder)
    monkeypatch.setattr(BookingDialog, "exec", booking)


def _focus_in(qtbot, window: MainWindow, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Where the chart leaves the keyboard once it has opened."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5_000)


def test_book_from_the_chart_in_two_keys(
    qtbot, window: MainWindow, office: Office, monkeypatch, report
) -> None:  # type: ignore[no-untyped-def]
    patients = window.page(1)
    assert isinstance(patients, PatientsPage)
    chart = patients.open_patient(office.ben.id)
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
    _focus_in(qtbot, window, chart.tabs.tabBar())
    keys, asked = Keys(qtbot), []
    _drive_dialogs(qtbot, monkeypatch, keys, asked)
    keys.chord(Qt.Key.Key_B, CTRL_SHIFT, "Ctrl+Shift+B")
    qtbot.waitUntil(
        lambda: len(office.session.schedule.for_patient(office.ben.id)) == 2, timeout=15_000
    )
    assert asked == ["Find a time for Brooks, Ben", "Cleaning (60 min)"]  # no booking dialog
    report(f"Book from the chart: {len(keys.pressed)} actions: {' '.join(keys.pressed)}")
    assert len(keys.pressed) <= 6
    new = max(office.session.schedule.for_patient(office.ben.id), key=lambda v: v.starts_at)
    assert new.type_id == office.cleaning.id
    book = window._pages[0]
    assert isinstance(book, SchedulePage)
    qtbot.waitUntil(lambda: book.day_view.grid.selected == new.id, timeout=10_000)
    assert "Booked Brooks, Ben: Cleaning" in window.statusBar().currentMessage()


def test_book_from_the_search_box_in_six_actions_counting_the_letters_of_the_name(
    qtbot, window: MainWindow, office: Office, monkeypatch, report
) -> None:  # type: ignore[no-untyped-def]
    keys, asked = Keys(qtbot), []
    _drive_dialogs(qtbot, monkeypatch, keys, asked)
    keys.chord(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier, "Ctrl+F")
    assert QApplication.focusWidget() is window.search
    keys.type("che")
    qtbot.waitUntil(window.search.popup.isVisible, timeout=5_000)
    qtbot.waitUntil(lambda: "Chen" in window.search.results.currentItem().text(), timeout=5_000)
    keys.chord(Qt.Key.Key_B, CTRL_SHIFT, "Ctrl+Shift+B")
    qtbot.waitUntil(
        lambda: len(office.session.schedule.for_patient(office.cleo.id)) == 1, timeout=15_000
    )
    actions = len(keys.pressed) - 1
    report(
        f"Book from the search box: {actions} actions plus {keys.typed} letters: "
        f"{' '.join(keys.pressed)}"
    )
    assert actions + keys.typed <= 6
    assert asked == ["Find a time for Chen, Cleo", "Exam (30 min)"]


def test_a_second_cleaning_close_by_is_asked_about_and_enter_books_it(
    qtbot, window: MainWindow, office: Office, monkeypatch, report
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    keys, asked = Keys(qtbot), []
    _drive_dialogs(qtbot, monkeypatch, keys, asked)
    questions: list[str] = []

    def answer(box: QMessageBox) -> int:
        questions.append(box.text())
        box.show()
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow, timeout=5_000)
        keys.enter()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    patients = window.page(1)
    chart = patients.open_patient(office.ana.id)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
    _focus_in(qtbot, window, chart.tabs.tabBar())
    keys.chord(Qt.Key.Key_B, CTRL_SHIFT, "Ctrl+Shift+B")
    qtbot.waitUntil(
        lambda: len(office.session.schedule.for_patient(office.ana.id)) == 2, timeout=15_000
    )
    assert questions and "already has a Cleaning visit" in questions[0]
    report(
        f"Book from the chart, with the warning: {len(keys.pressed)} actions: "
        f"{' '.join(keys.pressed)}"
    )
    assert len(keys.pressed) <= 6


def test_check_in_seat_and_check_out_are_one_key_each(
    qtbot, window: MainWindow, office: Office, report
) -> None:  # type: ignore[no-untyped-def]
    session, schedule = office.session, office.session.schedule
    session.procedures.load_starter_list()
    hygiene = session.schedule_setup.save_appointment_type(
        "Hygiene", 60, "#B3E5FC", procedure_codes=HYGIENE_CODES
    )  # so the visit comes to check-out with its procedures, as an office's does
    visit = schedule.book(office.visit(office.cleo, 0, 11, kind=hygiene, minutes=60))
    book = window._pages[0]
    assert isinstance(book, SchedulePage)
    book.show_day(office.monday)
    qtbot.waitUntil(lambda: book.day_view.grid.block(visit.id) is not None, timeout=5_000)
    book.day_view.grid.select(visit.id)
    book.day_view.grid.setFocus()
    keys = Keys(qtbot)
    counts: dict[VisitStatus, int] = {}
    for key, name, status in (
        (Qt.Key.Key_I, "Ctrl+Shift+I", VisitStatus.ARRIVED),
        (Qt.Key.Key_S, "Ctrl+Shift+S", VisitStatus.SEATED),
        (Qt.Key.Key_O, "Ctrl+Shift+O", VisitStatus.COMPLETED),
    ):
        before = len(keys.pressed)
        keys.chord(key, CTRL_SHIFT, name)
        qtbot.waitUntil(lambda s=status: book.visits[visit.id].status is s, timeout=5_000)
        counts[status] = len(keys.pressed) - before
        shown = " ".join(keys.pressed[before:])
        report(f"{status.label} the selected visit: {counts[status]} action(s): {shown}")
        if status is VisitStatus.ARRIVED:
            # Checked in; then what to collect today is offered (Enter takes it). Left for
            # check-out here, with Esc: a money step, not the check-in's.
            qtbot.waitUntil(lambda: book.findChild(PaymentDialog) is not None, timeout=5_000)
            offer = book.findChild(PaymentDialog)
            qtbot.waitUntil(offer.isActiveWindow, timeout=5_000)
            keys.chord(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "Esc")
            qtbot.waitUntil(lambda o=offer: not o.isVisible(), timeout=5_000)
            report("  then the estimate to collect is offered: Enter takes it, Esc leaves it")
            keys.pressed.pop()
            # A desktop gives the window back its focus when a dialog closes; offscreen does not.
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
            book.day_view.grid.setFocus()
        elif status is VisitStatus.COMPLETED:
            # Checked out; then the visit's charges are offered to confirm (Enter posts them).
            qtbot.waitUntil(lambda: book.findChild(CheckOutDialog) is not None, timeout=5_000)
            dialog = book.findChild(CheckOutDialog)
            qtbot.waitUntil(dialog.check_out.isEnabled, timeout=5_000)
            qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
            keys.enter()
            qtbot.waitUntil(lambda d=dialog: d.pages.currentIndex() == 1, timeout=5_000)
            assert len(session.desk.account(visit.patient_id).entries) > 0
            keys.pressed.pop()
            report("  then its charges and the payment are offered: Enter posts them")
    assert counts == {VisitStatus.ARRIVED: 1, VisitStatus.SEATED: 1, VisitStatus.COMPLETED: 1}


def _selected_extraction(qtbot, window: MainWindow, office: Office) -> SchedulePage:  # type: ignore[no-untyped-def]
    visit = office.session.schedule.book(
        office.visit(office.cleo, 1, 9, kind=office.extraction, minutes=60)
    )
    book = window._pages[0]
    assert isinstance(book, SchedulePage)
    book.show_day(office.monday + timedelta(days=1))
    qtbot.waitUntil(lambda: book.day_view.grid.block(visit.id) is not None, timeout=5_000)
    book.day_view.grid.select(visit.id)
    book.day_view.grid.setFocus()
    return book


def test_a_visits_packet_goes_to_the_printer_in_two_keys(
    qtbot, window: MainWindow, office: Office, monkeypatch, report, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    book = _selected_extraction(qtbot, window, office)
    keys = Keys(qtbot)
    output = tmp_path / "printed.pdf"

    def printer_dialog(_parent: object) -> QPrinter:
        """Qt's own print dialog, its default printer chosen: Enter prints."""
        keys.pressed.append("Enter")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        return printer

    monkeypatch.setattr(visit_printouts, "ask_printer", printer_dialog)
    keys.chord(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier, "Ctrl+P")
    qtbot.waitUntil(lambda: output.exists() and output.stat().st_size > 1_000, timeout=30_000)
    report(f"Print a visit's packet: {len(keys.pressed)} actions: {' '.join(keys.pressed)}")
    assert len(keys.pressed) <= 2
    assert book.selected_visit() is not None


def test_a_visits_packet_is_saved_to_the_owners_folder_in_one_key(
    qtbot, window: MainWindow, office: Office, report, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "printouts"
    folder.mkdir()
    office.session.printout_folder.set_folder(folder)
    _selected_extraction(qtbot, window, office)
    keys = Keys(qtbot)
    for _ in range(2):
        keys.chord(Qt.Key.Key_P, CTRL_SHIFT, "Ctrl+Shift+P")
        qtbot.waitUntil(lambda: "Saved" in window.statusBar().currentMessage(), timeout=30_000)
        window.statusBar().clearMessage()
    chart = office.session.patients.get(office.cleo.id).chart_label
    day = (office.monday + timedelta(days=1)).isoformat()
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        f"Packet Extraction {chart} {day} (2).pdf",
        f"Packet Extraction {chart} {day}.pdf",
    ]
    report(f'Save a visit\'s packet as PDF: 1 action: {keys.pressed[0]} (a second: " (2)")')


def test_a_verification_is_recorded_from_the_worklist_in_three_keys_and_the_typing(
    qtbot, window: MainWindow, office: Office, report
) -> None:  # type: ignore[no-untyped-def]
    policy = policy_checked_long_ago(office, office.ana)  # Ana's cleaning is on Monday
    page = window.page(2)
    assert isinstance(page, WorklistsPage)
    page.tabs.setCurrentWidget(page.verify)
    qtbot.waitUntil(lambda: page.verify.table.rowCount() == 1, timeout=5_000)
    page.verify.table.selectRow(0)
    _focus_in(qtbot, window, page.verify.table)
    keys = Keys(qtbot)
    keys.enter()
    qtbot.waitUntil(lambda: page.findChild(VerifyDialog) is not None, timeout=5_000)
    dialog = page.findChild(VerifyDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.spoken_to, timeout=5_000)
    keys.type("Dana")
    keys.chord(Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, "Tab")
    keys.type("R-4471")
    keys.enter()
    qtbot.waitUntil(lambda: page.verify.table.rowCount() == 0, timeout=10_000)
    actions = len(keys.pressed) - 2
    report(
        f"Verify insurance from the worklist: {actions} actions plus {keys.typed} letters: "
        f"{' '.join(keys.pressed)}"
    )
    assert actions <= 4
    last = office.session.insurance.last_verification(office.ana.id, policy)
    assert last is not None
    assert (last.spoken_to, last.reference, last.method, last.remaining_cents) == (
        "Dana", "R-4471", "phone", 120_000,
    )  # fmt: skip
