"""The money worklists as the coordinator works them: balances to collect (log the call and
its follow-up), claims to follow (mark sent, note, post the EOB), and the day's money (count
the cash, close the day; the owner reopens it)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.money.desk import CheckOut, CheckOutLine, NewAdjustment, NewPayment
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import LedgerEntry
from practicedesk.ui.money.balances_model import BalancesModel
from practicedesk.ui.money.balances_widget import BalancesWidget
from practicedesk.ui.money.call_dialog import CallDialog
from practicedesk.ui.money.claim_dialogs import ClaimNoteDialog, EobDialog
from practicedesk.ui.money.claims_model import ClaimsModel
from practicedesk.ui.money.claims_widget import ClaimsWidget
from practicedesk.ui.money.day_entries_model import DayEntriesModel
from practicedesk.ui.money.day_money_widget import DayMoneyWidget
from practicedesk.ui.shell.main_window import MainWindow
from tests.services.money.money_fixtures import HYGIENE_CODES, MoneyOffice
from tests.services.schedule_fixtures import practice_today
from tests.sync.sync_fixtures import edit

WORKLISTS = 2


def _check_out(money: MoneyOffice, paid: int = 0, method: str = "cash") -> None:
    visit = money.arrived_visit()
    payment = NewPayment(money.office.ana.id, paid, method, "1042") if paid else None
    lines = tuple(CheckOutLine(code) for code in HYGIENE_CODES)
    money.session.desk.check_out(CheckOut(visit.id, lines, payment))


def _shown(qtbot, widget):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


def test_the_money_tabs_are_on_the_worklists_page_and_open_the_chart(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    ben = money.office.ben
    money.session.desk.adjust(NewAdjustment(ben.id, 4_500, "correction", credit=False))
    window = MainWindow(money.session)
    qtbot.addWidget(window)
    window.show()
    page = window.page(WORKLISTS)
    balances = page.money[0]
    page.tabs.setCurrentWidget(balances)
    qtbot.waitUntil(lambda: balances.model.rowCount() == 1, timeout=5_000)
    assert page.tabs.tabText(page.tabs.indexOf(balances)) == "Balances to collect (1)"
    assert [page.tabs.tabText(page.tabs.indexOf(w)).split(" (")[0] for w in page.money] == [
        "Balances to collect", "Claims to follow", "Accepted, not booked", "The day's money",
    ]  # fmt: skip
    balances.table.selectRow(0)
    qtbot.keyClick(balances.table, Qt.Key.Key_Return)
    assert window.pages.currentIndex() == 1  # Patients, with Ben's chart
    assert window.page(1).tabs.currentWidget().patient_id == ben.id


def test_a_call_about_a_balance_is_logged_with_a_follow_up_task(qtbot, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    session, ben = money.session, money.office.ben
    session.desk.adjust(NewAdjustment(ben.id, 4_500, "correction", credit=False))
    widget = _shown(qtbot, BalancesWidget(session))
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=5_000)
    assert widget.model.index(0, 0).data() == "Brooks, Ben"
    assert (widget.model.index(0, 2).data(), widget.model.index(0, 3).data()) == (
        "$45.00", "0–30 days",
    )  # fmt: skip
    assert widget.model.index(0, 6).data() == "never"
    widget.table.selectRow(0)
    widget.log_call.click()
    dialog = widget.findChild(CallDialog)
    qtbot.waitUntil(lambda: dialog.follow_up.value() is not None, timeout=5_000)
    assert dialog.follow_up.value() == practice_today() + timedelta(days=7)
    qtbot.keyClicks(dialog.summary, "Will pay on Friday")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: widget.model.index(0, 6).data() != "never", timeout=5_000)
    (task,) = session.tasks.mine()
    assert task.title == "Follow up: Will pay on Friday" and task.patient_id == ben.id
    assert task.due_on == practice_today() + timedelta(days=7)


def test_the_balances_model_passes_qts_model_checks(qtmodeltester, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    money.session.desk.adjust(NewAdjustment(money.office.ben.id, 4_500, "correction", False))
    model = BalancesModel()
    model.set_rows(money.session.receivables.to_collect())
    qtmodeltester.check(model)


def test_a_claim_is_marked_sent_noted_and_settled_by_its_eob(qtbot, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    session, ana = money.session, money.office.ana
    _check_out(money)
    widget = _shown(qtbot, ClaimsWidget(session))
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=5_000)  # never sent: listed
    cells = [widget.model.index(0, column).data() for column in range(8)]
    assert cells[:2] == ["Ana Alvarez", "Bluewater Dental"] and cells[4:6] == ["$255.00", "$200.00"]
    assert cells[7] == "to send"
    widget.table.selectRow(0)
    widget.mark_sent.click()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 0, timeout=5_000)  # not due a call yet
    widget.all_open.setChecked(True)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=5_000)
    assert widget.model.index(0, 7).data().startswith("sent")
    widget.table.selectRow(0)
    widget.add_note.click()
    note = widget.findChild(ClaimNoteDialog)
    qtbot.keyClicks(note.text, "In process, ref. 5521")
    note.ok_button().click()
    qtbot.waitUntil(lambda: "ref. 5521" in widget.model.index(0, 8).data(), timeout=5_000)
    widget.table.selectRow(0)
    widget.post_eob.click()
    eob = widget.findChild(EobDialog)
    assert eob.paid.text() == "200.00" and eob.settles.text() == "The claim will be paid."
    eob.paid.setText("150")
    assert eob.settles.text() == (
        "The claim will be partly paid. $50.00 moves to the patient's part."
    )
    eob.check_number.setText("555")
    qtbot.keyClick(eob.check_number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 0, timeout=5_000)
    (claim,) = session.claims.for_patient(ana.id)
    assert claim.status == "partly paid"
    assert session.desk.balance(ana.id).patient_due == 5_000


def test_an_eob_that_is_not_an_amount_posts_nothing(qtbot, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    _check_out(money)
    (claim,) = money.session.claims.for_patient(money.office.ana.id)
    dialog = EobDialog(money.session, claim)
    qtbot.addWidget(dialog)
    dialog.paid.setText("1.234")
    dialog.ok_button().click()
    assert "two digits" in dialog.message.text()
    assert money.session.claims.for_patient(money.office.ana.id)[0].status == "to send"


def test_the_claims_model_passes_qts_model_checks(qtmodeltester, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    _check_out(money)
    model = ClaimsModel()
    model.set_rows(money.session.claims.to_follow())
    qtmodeltester.check(model)


def test_the_days_money_counts_the_cash_and_closes_the_day(
    qtbot, money: MoneyOffice, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    session = money.session
    _check_out(money, paid=2_500)
    session.desk.take_payment(NewPayment(money.office.ben.id, 4_000, "check", "1042"))
    widget = _shown(qtbot, DayMoneyWidget(session))
    qtbot.waitUntil(lambda: widget.report is not None, timeout=5_000)
    assert widget.chosen_day() == practice_today()
    figures = widget.figures.text()
    assert "Dr. Ada Park" in figures and "$255.00" in figures
    assert "Checks for the deposit (1)" in figures and "Ben Brooks, no. 1042" in figures
    assert widget.state.text() == "Open"
    assert widget.model.rowCount() == 8  # 3 charges, 3 write-offs, 2 payments
    qtbot.keyClicks(widget.counted, "20")
    assert widget.difference.text() == "short by $5.00"
    widget.counted.setText("25.00")
    assert widget.difference.text() == "matches the posted cash"
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    widget.close_day.click()
    qtbot.waitUntil(lambda: widget.state.text() == "Closed by olive", timeout=5_000)
    assert session.day_close.report(practice_today()).counted_cash == 2_500
    assert not widget.close_day.isEnabled() and widget.reopen.isVisible()
    later = session.desk.take_payment(NewPayment(money.office.ben.id, 500, "cash"))
    assert later.posted_on == practice_today() + timedelta(days=1)  # the next open day
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a: ("counted again", True))
    widget.reopen.click()
    qtbot.waitUntil(lambda: widget.state.text() == "Open", timeout=5_000)


def test_the_days_money_names_visits_checked_out_with_nothing_charged_before_the_close(
    qtbot, money: MoneyOffice, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    session, office = money.session, money.office
    visit = money.arrived_visit(office.ben, day=(practice_today() - office.monday).days, hour=10)
    session.schedule.set_status(visit.id, VisitStatus.COMPLETED)  # its dialog left with Esc
    widget = _shown(qtbot, DayMoneyWidget(session))
    qtbot.waitUntil(lambda: widget.report is not None, timeout=5_000)
    assert "Checked out with nothing charged (1): 10:00 AM Brooks, Ben" in widget.figures.text()
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question",
        lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.No,
    )  # fmt: skip
    widget.close_day.click()
    assert "1 visit(s) checked out with nothing charged: 10:00 AM Brooks, Ben" in asked[0]
    assert not session.day_close.report(practice_today()).closed


def test_a_coordinator_closes_the_day_but_only_the_owner_reopens_it(
    qtbot, money: MoneyOffice, coordinator: PracticeSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    coordinator.desk.take_payment(NewPayment(money.office.ben.id, 1_000, "cash"))
    widget = _shown(qtbot, DayMoneyWidget(coordinator))
    qtbot.waitUntil(lambda: widget.report is not None, timeout=5_000)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    widget.close_day.click()
    qtbot.waitUntil(lambda: widget.report.closed, timeout=5_000)
    assert not widget.reopen.isVisible()
    assert widget.message.text() == "Only the owner can reopen a closed day."


def test_an_entry_that_arrives_for_a_closed_day_counts_on_the_next_and_is_flagged(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    session, ben = money.session, money.office.ben
    yesterday = practice_today() - timedelta(days=1)
    session.day_close.close(yesterday, 0)
    with session._ctx.db.writing() as db:  # as a sync batch from the other PC brings it
        db.add(
            LedgerEntry(
                id=uuid.uuid4(), account_id=ben.id, patient_id=ben.id,
                kind=EntryKind.PAYMENT.value, amount_cents=-1_500, posted_on=yesterday,
                method="cash", posted_by="front2",
            )
        )  # fmt: skip
    widget = _shown(qtbot, DayMoneyWidget(session))
    qtbot.waitUntil(lambda: widget.report is not None, timeout=5_000)
    assert widget.model.rowCount() == 1
    assert "late: posted for" in widget.model.index(0, 5).data()
    assert widget.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "1 late" in widget.figures.text()
    model = DayEntriesModel()
    model.set_rows(list(widget.report.entries))
    assert model.rowCount() == 1


def test_the_day_entries_model_passes_qts_model_checks(qtmodeltester, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    _check_out(money, paid=2_500)
    model = DayEntriesModel()
    model.set_rows(list(money.session.day_close.report(practice_today()).entries))
    qtmodeltester.check(model)


def _owing_two(money: MoneyOffice) -> None:
    desk, office = money.session.desk, money.office
    desk.adjust(NewAdjustment(office.ben.id, 4_500, "correction", credit=False))
    desk.adjust(NewAdjustment(office.cleo.id, 6_500, "correction", credit=False))
    edit(money.session, office.ben.id, street="7 Harbour View Road", city="Portsmouth",
         region="NH", postal_code="03801")  # fmt: skip  # Cleo has no address on file


def _batch_preview(qtbot, balances: BalancesWidget):  # type: ignore[no-untyped-def]
    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    qtbot.waitUntil(lambda: balances.model.rowCount() == 2, timeout=5_000)
    balances.statements_due.click()
    qtbot.waitUntil(lambda: balances.findChild(PdfPreviewDialog) is not None, timeout=10_000)
    return balances.findChild(PdfPreviewDialog)


def test_the_statements_due_are_recorded_as_sent_only_once_printed_or_saved(
    qtbot, money: MoneyOffice, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    _owing_two(money)
    balances = _shown(qtbot, BalancesWidget(money.session))
    preview = _batch_preview(qtbot, balances)
    assert preview.windowTitle() == "2 statement(s), $110.00 due"
    preview.reject()  # looked at, closed: not mailed
    qtbot.waitUntil(lambda: "neither printed nor saved" in balances.note.text(), timeout=5_000)
    assert len(money.session.receivables.statements_due()) == 2
    preview.deleteLater()
    qtbot.waitUntil(lambda: balances.findChild(PdfPreviewDialog) is None, timeout=5_000)

    target = tmp_path / "statements.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    preview = _batch_preview(qtbot, balances)
    preview.save_button.click()
    qtbot.waitUntil(
        lambda: "2 statement(s) recorded as sent" in balances.note.text(), timeout=5_000
    )
    assert "No mailing address on file" in balances.note.text()
    assert "Chen" in balances.note.text()
    assert target.read_bytes().startswith(b"%PDF")
    assert money.session.receivables.statements_due() == []
    recorded: list[object] = []
    monkeypatch.setattr(
        type(money.session.receivables), "record_statements",
        lambda _self, sent: recorded.append(sent) or 2,
    )  # fmt: skip
    preview.save_button.click()  # saved twice: still sent once
    qtbot.wait(200)
    assert recorded == []
    preview.accept()
    qtbot.waitUntil(
        lambda: any(d.windowTitle() == "Mailing labels"
                    for d in balances.findChildren(PdfPreviewDialog)),
        timeout=5_000,
    )  # fmt: skip


def test_the_ar_report_with_the_weeks_summary_is_one_click_from_balances(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    import re
    from io import BytesIO

    from pypdf import PdfReader

    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    _owing_two(money)
    balances = _shown(qtbot, BalancesWidget(money.session))
    qtbot.waitUntil(lambda: balances.model.rowCount() == 2, timeout=5_000)
    balances.ar_report.click()
    qtbot.waitUntil(lambda: balances.findChild(PdfPreviewDialog) is not None, timeout=10_000)
    preview = balances.findChild(PdfPreviewDialog)
    text = re.sub(r"\s+", " ", PdfReader(BytesIO(preview.pdf)).pages[0].extract_text())
    assert "A/R aging as of" in text and "Owed now $110.00" in text
    assert "The largest balances" in text and "Chen, Cleo" in text
