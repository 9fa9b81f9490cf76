"""Check-in and check-out at the desk, keyboard first: what to collect when the patient
arrives, the check-out dialog pre-filled from the visit, Enter to post once, the receipt
offered, and the balance shown afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.chart.insurance import PolicyChange
from practicedesk.services.money.printing import MoneyPrintService
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.ui.money.check_out_dialog import CheckOutDialog
from practicedesk.ui.money.check_out_model import CODE, FEE, TOOTH, CheckOutLinesModel
from practicedesk.ui.money.payment_dialog import PaymentDialog
from practicedesk.ui.schedule.schedule_page import SchedulePage
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.widgets import pdf_preview
from tests.services.money.money_fixtures import HYGIENE_CODES, MoneyOffice
from tests.services.schedule_fixtures import practice_today


class _Receipts:
    """Counts the receipts the real printing service renders, and what each was for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.printed: list[set[object]] = []
        render = MoneyPrintService.receipt

        def receipt(service: MoneyPrintService, entries):  # type: ignore[no-untyped-def]
            self.printed.append(set(entries))
            return render(service, entries)

        monkeypatch.setattr(MoneyPrintService, "receipt", receipt)


class _Preview:
    shown: ClassVar[list[bytes]] = []  # emptied by each test that uses it

    def __init__(self, pdf: bytes, *_args: object, **_kwargs: object) -> None:
        _Preview.shown.append(pdf)

    def open(self) -> None:
        """The preview would show the PDF to print; here it is only counted."""


def _with_copay(money: MoneyOffice, copay: int = 2_500) -> None:
    money.session.insurance.save_policy(
        money.office.ana.id,
        PolicyChange(money.carrier_id, "BW-1001", plan="PPO", copay_cents=copay),
        money.policy_id,
    )


def _today_visit(money: MoneyOffice, status: VisitStatus) -> AppointmentInfo:
    """A hygiene visit of Ana's today, at 9 in the morning."""
    office, schedule = money.office, money.session.schedule
    offset = (practice_today() - office.monday).days
    visit = schedule.book(
        office.visit(office.ana, offset, 9, kind=money.hygiene, minutes=60), book_anyway=True
    )
    if status is not VisitStatus.SCHEDULED:
        schedule.set_status(visit.id, VisitStatus.ARRIVED)
    return schedule.get(visit.id)


@pytest.fixture
def page(qtbot, money: MoneyOffice) -> Iterator[SchedulePage]:  # type: ignore[no-untyped-def]
    window = MainWindow(money.session)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    schedule_page = window.page(0)
    assert isinstance(schedule_page, SchedulePage)
    qtbot.waitUntil(lambda: schedule_page.choices is not None, timeout=5_000)
    yield schedule_page


def _dialog(qtbot, parent) -> CheckOutDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: parent.findChild(CheckOutDialog) is not None, timeout=5_000)
    dialog = parent.findChild(CheckOutDialog)
    qtbot.waitUntil(dialog.check_out.isEnabled, timeout=5_000)
    return dialog


class _Actions:
    """Counts what the coordinator does: each key pressed and each click, as a person would."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.count = qtbot, 0

    def key(self, widget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        self.qtbot.keyClick(widget, key, modifier)

    def choose(self, action) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        action()


def test_checking_out_and_taking_the_co_pay_takes_four_actions_and_posts_once(
    qtbot, page: SchedulePage, money: MoneyOffice, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _with_copay(money)
    receipts = _Receipts(monkeypatch)
    monkeypatch.setattr(pdf_preview, "PdfPreviewDialog", _Preview)
    _Preview.shown = []
    visit = _today_visit(money, VisitStatus.ARRIVED)
    actions = _Actions(qtbot)
    actions.choose(lambda: None)  # a right click on the visit opens its menu
    actions.choose(lambda: page.change_status(visit, VisitStatus.COMPLETED))  # "Check out"
    dialog = _dialog(qtbot, page)
    assert [dialog.model.index(r, CODE).data() for r in range(3)] == list(HYGIENE_CODES)
    assert "Co-pay plan" in dialog.note.text()
    assert dialog.totals["to_collect"].text() == "$25.00"
    assert dialog.amount.text() == "25.00" and dialog.receipt.isChecked()
    actions.key(dialog, Qt.Key.Key_Return)  # check out, with the co-pay in cash
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # pressed twice in a hurry: not counted, no harm
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=5_000)
    assert dialog.balance_after.text() == "Balance now: Nothing due"
    assert "Paid $25.00 by cash" in dialog.done_text.text()
    account = money.session.desk.account(money.office.ana.id)
    kinds = [entry.kind for entry in account.entries]
    assert kinds.count(EntryKind.CHARGE) == 3 and kinds.count(EntryKind.PAYMENT) == 1
    assert account.balance.patient_due == 0
    assert money.session.schedule.get(visit.id).status is VisitStatus.COMPLETED
    qtbot.waitUntil(lambda: len(_Preview.shown) == 1, timeout=5_000)
    assert _Preview.shown[0].startswith(b"%PDF")  # the receipt chosen, printed at once
    assert receipts.printed == [{e.id for e in account.entries}]
    actions.key(dialog, Qt.Key.Key_Return)  # close
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    print(f"\nCheck out and take the co-pay: {actions.count} actions")  # noqa: T201 (asked for)
    assert actions.count == 4


def _type_in_cell(qtbot, dialog: CheckOutDialog, index, text: str) -> None:  # type: ignore[no-untyped-def]
    """As a person does: go to the cell, type (the first key opens the editor), Enter."""
    dialog.activateWindow()  # the code's completion list, gone, took the focus offscreen
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(index)
    qtbot.keyClicks(dialog.table, text[0])
    editor = dialog.table.viewport().focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == text[0]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    _edited(qtbot, dialog)


def _edited(qtbot, dialog: CheckOutDialog) -> None:  # type: ignore[no-untyped-def]
    """The view closes a cell's editor once the event loop runs, as it does between keys."""
    editing = QAbstractItemView.State.EditingState
    qtbot.waitUntil(lambda: dialog.table.state() != editing, timeout=5_000)


def test_procedures_are_changed_by_keyboard_and_the_estimate_follows(
    qtbot, page: SchedulePage, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    visit = _today_visit(money, VisitStatus.ARRIVED)
    page.change_status(visit, VisitStatus.COMPLETED)
    dialog = _dialog(qtbot, page)
    assert dialog.totals["fees"].text() == "$255.00"
    assert dialog.totals["insurance"].text() == "$200.00"  # 100% of the allowed fees
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "d2391")  # the list offers "D2391 White filling back: …"
    assert editor.completer().popup().isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # closes the list and the cell
    _edited(qtbot, dialog)
    assert dialog.pages.currentIndex() == 0  # Enter in a line never checks out
    row = 3
    _type_in_cell(qtbot, dialog, dialog.model.index(row, TOOTH), "30 O")
    qtbot.waitUntil(lambda: dialog.totals["fees"].text() == "$435.00", timeout=5_000)
    assert dialog.model.index(row, 1).data() == "White filling back: one surface"
    assert dialog.model.index(row, TOOTH).data() == "30 O"
    # $180 at 80% after the $50 deductible: the plan pays $104, the patient $76
    assert dialog.model.index(row, 4).data() == "$104.00"
    assert dialog.totals["to_collect"].text() == "$76.00"
    _type_in_cell(qtbot, dialog, dialog.model.index(row, FEE), "150")
    qtbot.waitUntil(lambda: dialog.totals["fees"].text() == "$405.00", timeout=5_000)
    dialog.table.setCurrentIndex(dialog.model.index(0, CODE))
    qtbot.keyClick(dialog, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.totals["fees"].text() == "$340.00", timeout=5_000)
    _type_in_cell(qtbot, dialog, dialog.model.index(0, CODE), "X9999")
    qtbot.waitUntil(lambda: "not on the procedure list" in dialog.message.text(), timeout=5_000)
    assert money.session.desk.account(money.office.ana.id).entries == ()  # nothing posted


def test_nothing_is_posted_until_the_coordinator_confirms(
    qtbot, page: SchedulePage, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    visit = _today_visit(money, VisitStatus.ARRIVED)
    page.change_status(visit, VisitStatus.COMPLETED)
    dialog = _dialog(qtbot, page)
    dialog.amount.setText("ten dollars")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert "only digits" in dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert money.session.desk.account(money.office.ana.id).entries == ()


def test_a_check_out_left_with_esc_stays_checked_out_is_marked_and_is_charged_from_its_menu(
    qtbot, page: SchedulePage, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    schedule, desk = money.session.schedule, money.session.desk
    visit = _today_visit(money, VisitStatus.ARRIVED)
    qtbot.waitUntil(lambda: visit.id in page.visits, timeout=5_000)
    page.change_status(visit, VisitStatus.COMPLETED)
    dialog = _dialog(qtbot, page)
    assert dialog.later.text() == "Charge later"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.COMPLETED, timeout=5_000)
    assert desk.account(money.office.ana.id).entries == ()
    flow = page.flow.tree
    qtbot.waitUntil(
        lambda: any("not charged yet" in flow.topLevelItem(4).child(i).text(0)
                    for i in range(flow.topLevelItem(4).childCount())),
        timeout=5_000,
    )  # fmt: skip
    assert "1 not charged" in flow.topLevelItem(4).text(0)
    assert flow.topLevelItem(4).isExpanded()  # Done is folded, unless a visit waits there
    menu = page.menu_for(visit.id, 0, 0)
    charges = next(a for a in menu.actions() if a.text() == "Charges and payment…")
    assert charges.isEnabled()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: page.findChild(CheckOutDialog) is None, timeout=5_000)
    charges.trigger()
    again = _dialog(qtbot, page)
    qtbot.keyClick(again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.pages.currentIndex() == 1, timeout=5_000)
    kinds = [entry.kind for entry in desk.account(money.office.ana.id).entries]
    assert kinds.count(EntryKind.CHARGE) == 3
    qtbot.waitUntil(lambda: "not charged" not in flow.topLevelItem(4).text(0), timeout=5_000)


def test_a_charged_visit_is_never_charged_twice_from_its_menu(
    qtbot, page: SchedulePage, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    visit = _today_visit(money, VisitStatus.ARRIVED)
    page.change_status(visit, VisitStatus.COMPLETED)
    dialog = _dialog(qtbot, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=5_000)
    dialog.close_button.click()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: page.findChild(CheckOutDialog) is None, timeout=5_000)
    page.charge(money.session.schedule.get(visit.id))
    qtbot.waitUntil(lambda: page.findChild(CheckOutDialog) is not None, timeout=5_000)
    again = page.findChild(CheckOutDialog)
    qtbot.waitUntil(lambda: "were posted on" in again.message.text(), timeout=5_000)
    assert not again.check_out.isEnabled()
    qtbot.keyClick(again, Qt.Key.Key_Return)
    qtbot.wait(200)
    kinds = [entry.kind for entry in money.session.desk.account(money.office.ana.id).entries]
    assert kinds.count(EntryKind.CHARGE) == 3


def test_checking_out_is_one_action_and_can_be_undone(
    qtbot, page: SchedulePage, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    schedule = money.session.schedule
    visit = _today_visit(money, VisitStatus.ARRIVED)
    page.change_status(visit, VisitStatus.COMPLETED)
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.COMPLETED, timeout=5_000)
    dialog = _dialog(qtbot, page)
    dialog.later.click()
    assert money.session.desk.account(money.office.ana.id).entries == ()
    page.undo_action.trigger()
    qtbot.waitUntil(lambda: schedule.get(visit.id).status is VisitStatus.ARRIVED, timeout=5_000)


def test_after_checking_out_the_survey_is_handed_to_the_patient_from_the_same_dialog(
    qtbot, page: SchedulePage, money: MoneyOffice, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.ui.forms import survey_handover

    handed: list[uuid.UUID] = []
    monkeypatch.setattr(
        survey_handover, "hand_survey_to_patient", lambda _p, _s, shown: handed.append(shown.id)
    )
    visit = _today_visit(money, VisitStatus.ARRIVED)
    page.change_status(visit, VisitStatus.COMPLETED)
    dialog = _dialog(qtbot, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=5_000)
    assert dialog.survey.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: handed == [visit.id], timeout=5_000)
    assert not dialog.isVisible()


def test_checking_a_patient_in_offers_what_to_collect_and_enter_takes_it(
    qtbot, page: SchedulePage, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    _with_copay(money)
    visit = _today_visit(money, VisitStatus.SCHEDULED)
    qtbot.waitUntil(lambda: visit.id in page.visits, timeout=5_000)
    page.change_status(visit, VisitStatus.ARRIVED)
    qtbot.waitUntil(lambda: page.findChild(PaymentDialog) is not None, timeout=5_000)
    dialog = page.findChild(PaymentDialog)
    assert dialog.intro.text() == "Collect $25.00: co-pay $25.00."
    assert dialog.amount.text() == "25.00"
    flow = page.flow.tree
    qtbot.waitUntil(
        lambda: any("collect $25.00" in flow.topLevelItem(0).child(i).text(0)
                    for i in range(flow.topLevelItem(0).childCount())),
        timeout=5_000,
    )  # fmt: skip
    # On a line of its own, which the panel at its narrowest shows whole: at the end of the
    # patient's line it was cut off as "Booker, Jeanne — since 10:00 …".
    (line,) = [flow.topLevelItem(0).child(i).text(0)
               for i in range(flow.topLevelItem(0).childCount())]  # fmt: skip
    first, second = line.splitlines()
    assert second.strip() == "collect $25.00"
    assert first.startswith("waiting ") and first.endswith(f" — {visit.patient_name}")
    page.flow.resize(page.flow.minimumWidth(), page.flow.height())
    width = flow.viewport().width()
    assert flow.fontMetrics().horizontalAdvance(second) < width
    # The time before the name: a long name is what the panel cuts, never how long they waited.
    assert flow.fontMetrics().horizontalAdvance(first.split(" — ")[0] + " — ") < width
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    (payment,) = money.session.desk.account(money.office.ana.id).entries
    assert (payment.kind, payment.amount, payment.method) == (EntryKind.PAYMENT, -2_500, "cash")
    assert money.session.desk.to_collect(visit.id).total == 0


def test_the_check_out_lines_model_passes_qts_model_checks(
    qtmodeltester, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    model = CheckOutLinesModel()
    visit = money.arrived_visit()
    model.set_draft(money.session.desk.check_out_draft(visit.id))
    model.add_line()
    qtmodeltester.check(model)


def test_book_the_next_visit_opens_the_finder_for_this_patient_and_their_usual_type(
    qtbot, page: SchedulePage, money: MoneyOffice, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.ui.schedule.slot_finder_dialog import SlotFinderDialog

    opened: list[tuple[str, object]] = []
    monkeypatch.setattr(
        SlotFinderDialog, "exec", lambda f: opened.append((f.windowTitle(), f.type.currentData()))
    )
    visit = _today_visit(money, VisitStatus.ARRIVED)
    page.change_status(visit, VisitStatus.COMPLETED)
    dialog = _dialog(qtbot, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=5_000)
    dialog.book_next.click()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=5_000)
    assert opened == [(f"Find a time for {visit.patient_name}", money.hygiene.id)]


def test_a_day_of_check_outs_leaves_no_closed_dialogs_behind(
    qtbot, page: SchedulePage, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    """Each check-out's dialog used to stay, hidden, with the book until it closed."""
    first = _today_visit(money, VisitStatus.ARRIVED)
    page.change_status(first, VisitStatus.COMPLETED)
    dialog = _dialog(qtbot, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    office = money.office
    offset = (practice_today() - office.monday).days
    second = money.session.schedule.book(
        office.visit(office.ben, offset, 11, kind=money.hygiene, minutes=60), book_anyway=True
    )
    money.session.schedule.set_status(second.id, VisitStatus.ARRIVED)
    page.change_status(money.session.schedule.get(second.id), VisitStatus.COMPLETED)
    qtbot.waitUntil(lambda: len(page.findChildren(CheckOutDialog)) == 1, timeout=5_000)
    [left] = page.findChildren(CheckOutDialog)
    assert left.isVisible()
