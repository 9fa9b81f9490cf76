"""The chart's Ledger tab as the desk uses it: the account with its running balance and what
it is made of, payments and corrections posted from it, and the owner asked for at the desk."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt

from practicedesk.domain.ledger import EntryKind
from practicedesk.services.money.desk import CheckOut, CheckOutLine, NewAdjustment, NewPayment
from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.chart_widget import ChartWidget
from practicedesk.ui.money.correction_dialog import CorrectionDialog
from practicedesk.ui.money.ledger_model import LedgerModel
from practicedesk.ui.money.ledger_tab import LedgerTab
from practicedesk.ui.money.payment_dialog import PaymentDialog
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.services.money.money_fixtures import HYGIENE_CODES, MoneyOffice


def _checked_out(money: MoneyOffice, paid: int = 0) -> None:
    """Ana's hygiene visit checked out: $255 charged, $55 written off, $200 to her insurer."""
    visit = money.arrived_visit()
    payment = NewPayment(money.office.ana.id, paid, "cash") if paid else None
    lines = tuple(CheckOutLine(code) for code in HYGIENE_CODES)
    money.session.desk.check_out(CheckOut(visit.id, lines, payment))


def _chart(qtbot, session: PracticeSession, patient_id: uuid.UUID) -> ChartWidget:  # type: ignore[no-untyped-def]
    chart = ChartWidget(session, patient_id)
    qtbot.addWidget(chart)
    chart.resize(1300, 800)
    chart.show()
    chart.load()
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
    return chart


def _ledger(qtbot, chart: ChartWidget, rows: int) -> LedgerTab:  # type: ignore[no-untyped-def]
    tab = chart.ledger
    chart.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == rows, timeout=5_000)
    return tab


def test_the_ledger_lists_the_visit_with_a_running_balance_and_says_who_pays_what(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    _checked_out(money, paid=1_000)
    chart = _chart(qtbot, money.session, money.office.ana.id)
    tab = _ledger(qtbot, chart, 7)
    model = tab.model
    column = [model.index(row, 5).data() for row in range(7)]
    assert column[:3] == ["$65.00", "$50.00", "$165.00"]  # D0120 charged, $15 written off
    assert column[-1] == "$190.00"  # $255 charged, $55 written off, $10 paid
    assert model.index(0, 3).data() == "$65.00" and "D0120" in model.index(0, 2).data()
    assert model.index(6, 4).data() == "$10.00" and model.index(6, 2).data() == "Payment: cash"
    assert model.index(6, 6).data() == OWNER
    # What is left is the insurer's to pay, and the $10 paid comes back if it pays in full.
    paid_ahead = "Nothing due; $10.00 back if insurance pays"
    assert tab.balance.text() == paid_ahead
    assert tab.split.text().startswith("Insurance expected $200.00 · patient owes $0.00")
    assert chart.header.balance.text() == paid_ahead


def test_the_ledger_model_passes_qts_model_checks(qtmodeltester, money: MoneyOffice) -> None:  # type: ignore[no-untyped-def]
    _checked_out(money, paid=1_000)
    model = LedgerModel()
    model.show_account(money.session.desk.account(money.office.ana.id))
    qtmodeltester.check(model)


def test_a_payment_typed_at_the_ledger_posts_once_and_the_header_shows_what_is_owed(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    ben = money.office.ben
    money.session.desk.adjust(NewAdjustment(ben.id, 4_500, "correction", credit=False))
    chart = _chart(qtbot, money.session, ben.id)
    qtbot.waitUntil(lambda: chart.header.balance.text() == "Owes $45.00", timeout=5_000)
    tab = _ledger(qtbot, chart, 1)
    tab.take_payment.click()
    dialog = tab.findChild(PaymentDialog)
    assert dialog.amount.text() == "45.00"  # what is owed, ready to take
    dialog.amount.setText("12.505")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert "two digits" in dialog.message.text()
    dialog.amount.setText("20")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # a second Enter posts nothing more
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5_000)
    assert money.session.desk.balance(ben.id).total == 2_500
    assert tab.balance.text() == "Owes $25.00"


def test_a_correction_strikes_the_entry_through_and_posts_its_opposite(
    qtbot, money: MoneyOffice
) -> None:  # type: ignore[no-untyped-def]
    ben = money.office.ben
    money.session.desk.take_payment(NewPayment(ben.id, 4_000, "cash"))
    chart = _chart(qtbot, money.session, ben.id)
    tab = _ledger(qtbot, chart, 1)
    assert tab.balance.text() == "Credit $40.00"
    assert not tab.correct.isEnabled()
    tab.table.selectRow(0)
    tab.correct.click()
    dialog = tab.findChild(CorrectionDialog)
    qtbot.keyClick(dialog.why, Qt.Key.Key_Return)
    assert dialog.message.text() == "Say why the entry is corrected."
    qtbot.keyClicks(dialog.why, "paid by check, not cash")
    qtbot.keyClick(dialog.why, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5_000)
    payment, correction = tab.model.entry(0), tab.model.entry(1)
    assert payment.reversed and correction.kind is EntryKind.REVERSAL
    assert tab.model.index(0, 2).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert tab.model.index(0, 7).data() == "corrected"
    assert "paid by check, not cash" in tab.model.index(1, 2).data()
    assert tab.balance.text() == "Nothing due"
    tab.table.selectRow(0)
    assert not tab.correct.isEnabled() and "already corrected" in tab.correct.toolTip()


def test_a_coordinators_refund_asks_for_the_owners_password_at_the_desk(
    qtbot, money: MoneyOffice, coordinator: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    ben = money.office.ben
    coordinator.desk.take_payment(NewPayment(ben.id, 3_000, "check", "1042"))
    chart = _chart(qtbot, coordinator, ben.id)
    tab = _ledger(qtbot, chart, 1)
    tab.refund.click()
    dialog = tab.findChild(PaymentDialog)
    assert dialog.is_refund and dialog.approval.isVisible()
    assert dialog.amount.text() == "30.00"  # the credit, to give back
    dialog.method.setCurrentIndex(dialog.method.findData("check"))
    dialog.reference.setText("77")
    dialog.approval.username.setText(OWNER)
    dialog.approval.password.setText("not the password")
    qtbot.keyClick(dialog.approval.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not right" in dialog.message.text(), timeout=5_000)
    assert coordinator.desk.balance(ben.id).credit == 3_000  # nothing posted
    dialog.approval.password.setText(OWNER_PASSWORD)
    qtbot.keyClick(dialog.approval.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5_000)
    refund = tab.model.entry(1)
    assert refund.kind is EntryKind.REFUND and refund.posted_by == "cara"
    assert coordinator.desk.balance(ben.id).total == 0
