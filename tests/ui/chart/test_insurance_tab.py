"""The Insurance tab's money fields: what the plan covers by category and the deductible
left at the last verification, which the check-out's estimate is made from."""

from __future__ import annotations

from PySide6.QtCore import Qt

from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.insurance_tab import PolicyDialog
from practicedesk.ui.widgets.verify_dialog import VerifyDialog
from tests.services.money.money_fixtures import MoneyOffice, set_up_money


def _ana_policy(session: PracticeSession, money: MoneyOffice):  # type: ignore[no-untyped-def]
    (policy,) = session.chart.read(money.office.ana.id).policies
    return policy


def test_what_the_plan_covers_is_typed_in_percent_and_amounts_are_read_strictly(
    qtbot, owner_session: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    money = set_up_money(owner_session)
    session, ana = owner_session, money.office.ana
    policy = _ana_policy(session, money)
    dialog = PolicyDialog(session, ana.id, session.insurance.carriers(), policy)
    qtbot.addWidget(dialog)
    assert [box.value() for box in dialog.covers.values()] == [100, 80, 50]
    assert dialog.deductible.text() == "50.00"
    dialog.covers["basic"].setValue(70)
    dialog.covers["major"].setValue(-1)  # not known
    dialog.deductible.setText("75.505")
    dialog.ok_button().click()
    assert "two digits" in dialog.message.text()
    assert _ana_policy(session, money).deductible_cents == 5_000  # nothing saved
    dialog.deductible.setText("75")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5_000)
    saved = _ana_policy(session, money)
    assert (saved.covers_basic, saved.covers_major, saved.deductible_cents) == (70, None, 7_500)


def test_the_deductible_left_from_a_verification_goes_into_the_estimate(
    qtbot, owner_session: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    money = set_up_money(owner_session)
    session, ana = owner_session, money.office.ana
    policy = _ana_policy(session, money)
    carrier = (policy.carrier_name, policy.carrier_phone)
    dialog = VerifyDialog(session, ana.id, policy.id, carrier, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.deductible_left, "25")
    qtbot.keyClick(dialog.deductible_left, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5_000)
    assert _ana_policy(session, money).last_verified.deductible_left_cents == 2_500
    draft = session.desk.check_out_draft(money.arrived_visit().id)
    assert "deductible left $25.00" in draft.coverage_note


def test_verify_offers_the_last_checks_answers_and_the_log_shows_the_calls_details(
    qtbot, owner_session: PracticeSession, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.ui.chart.insurance_tab import InsuranceTab

    money = set_up_money(owner_session)
    session = owner_session
    tab = InsuranceTab(session, money.office.ana.id)
    qtbot.addWidget(tab)
    tab.show_chart(session.chart.read(money.office.ana.id))
    opened: list[VerifyDialog] = []
    monkeypatch.setattr(VerifyDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    tab.verify.click()
    (dialog,) = opened
    qtbot.addWidget(dialog)
    dialog.show()
    assert (dialog.method.currentText(), dialog.outcome.currentText()) == ("phone", "active")
    assert (dialog.remaining.text(), dialog.deductible_left.text()) == ("1200.00", "50.00")
    assert dialog.reference.text() == dialog.spoken_to.text() == ""  # each call has its own
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.spoken_to, timeout=5_000)
    qtbot.keyClicks(dialog.spoken_to, "Dana")
    dialog.frequency.setText("cleaning 2/yr, last 06/12")
    dialog.cost_share.setText("$25 exams")
    qtbot.keyClick(dialog.spoken_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5_000)
    tab.show_chart(session.chart.read(money.office.ana.id))
    newest = tab.log.item(0).text()
    assert "by phone: active, spoke to Dana, $1,200.00 remaining" in newest
    assert "; co-pay/coinsurance $25 exams; limits: cleaning 2/yr, last 06/12" in newest
    opened.clear()
    tab.verify.click()
    assert opened[0].frequency.text() == "cleaning 2/yr, last 06/12"  # offered next time
    assert opened[0].cost_share.text() == "$25 exams"
    qtbot.addWidget(opened[0])
