"""The day's close as the coordinator counts the drawer: what the ledger says the drawer
should hold, and what a closed day then refuses."""

from __future__ import annotations

import pytest

from practicedesk.services.money.desk import NewAdjustment, NewPayment
from practicedesk.services.session import PracticeSession
from tests.services.money.money_fixtures import MoneyOffice, set_up_money
from tests.services.schedule_fixtures import practice_today


@pytest.fixture
def money(owner_session: PracticeSession) -> MoneyOffice:
    return set_up_money(owner_session)


def test_the_drawer_is_even_after_a_cash_refund_and_a_mistaken_cash_payment_taken_back(
    money: MoneyOffice,
) -> None:
    session, ben = money.session, money.office.ben
    desk = session.desk
    desk.adjust(NewAdjustment(ben.id, 4_000, "correction", credit=False))
    desk.take_payment(NewPayment(ben.id, 6_000, "cash"))  # $20 more than owed
    typed_twice = desk.take_payment(NewPayment(ben.id, 1_000, "cash"))
    desk.reverse(typed_twice.id, "typed twice")
    desk.refund(NewPayment(ben.id, 2_000, "cash"))  # the $20 handed back from the drawer
    desk.take_payment(NewPayment(ben.id, 3_000, "check", reference="1043"))
    report = session.day_close.close(practice_today(), counted_cash=4_000)
    assert report.payments_by_method == {"cash": 7_000, "check": 3_000}
    assert report.cash_posted == 4_000
    assert report.cash_difference == 0
