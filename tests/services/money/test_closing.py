"""The day's close as the front desk does it: the report locked, the drawer counted against
what the ledger says it should hold, later entries on the next open day, and the owner's
reopening."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from practicedesk.errors import InvalidInput
from practicedesk.services.money.desk import NewAdjustment, NewPayment
from practicedesk.services.session import PracticeSession
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import LedgerEntry
from tests.services.money.money_fixtures import MoneyOffice, set_up_money
from tests.services.schedule_fixtures import practice_today


@pytest.fixture
def money(owner_session: PracticeSession) -> MoneyOffice:
    return set_up_money(owner_session)


def test_a_closed_day_keeps_its_report_and_later_entries_count_on_the_next_day(
    money: MoneyOffice,
) -> None:
    session, ben, today = money.session, money.office.ben.id, practice_today()
    cash = session.desk.take_payment(NewPayment(ben, 4_000, "cash"))
    check = session.desk.take_payment(NewPayment(ben, 2_500, "check", "1042"))
    closed = session.day_close.close(today, counted_cash=3_900, note="short a ten? recounted")
    assert closed.closed and closed.cash_difference == -100
    assert [e.id for e in closed.checks] == [check.id]
    later = session.desk.take_payment(NewPayment(ben, 1_000, "cash"))
    tomorrow = today + timedelta(days=1)
    assert later.posted_on == later.counts_on == tomorrow and not later.moved
    again = session.day_close.report(today)
    assert {e.id for e in again.entries} == {cash.id, check.id}
    assert again.payments_by_method == {"cash": 4_000, "check": 2_500}
    assert [e.id for e in session.day_close.report(tomorrow).entries] == [later.id]
    assert session.day_close.closed_days(today - timedelta(days=3), tomorrow) == [today]
    with pytest.raises(InvalidInput, match="already closed"):
        session.day_close.close(today)


def test_a_day_the_owner_reopens_takes_entries_again(money: MoneyOffice) -> None:
    session, ben, today = money.session, money.office.ben.id, practice_today()
    session.day_close.close(today, counted_cash=0)
    session.day_close.reopen(today, "a check was left out of the deposit")
    added = session.desk.take_payment(NewPayment(ben, 1_500, "check", "1043"))
    assert added.posted_on == today
    report = session.day_close.report(today)
    assert not report.closed and [e.id for e in report.entries] == [added.id]


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


def test_entries_written_in_one_batch_are_listed_in_the_order_written(money: MoneyOffice) -> None:
    """An import or the demo writes a day's entries at one `created_at`: their random ids
    once decided their order on the day's report and the account, shuffling each check-out's
    charges, write-offs and payment among the others'."""
    session, ana, ben = money.session, money.office.ana.id, money.office.ben.id
    today = practice_today()
    written = [
        (ana, "charge", 8_500, "D0120"), (ana, "adjustment", -1_300, ""),
        (ben, "charge", 11_000, "D0150"), (ana, "payment", -7_200, ""),
        (ben, "payment", -11_000, ""), (ana, "charge", 3_500, "D0220"),
    ]  # fmt: skip
    rows = [
        {"id": uuid.uuid4(), "account_id": who, "patient_id": who, "kind": kind,
         "amount_cents": cents, "posted_on": today, "posted_by": "maria",
         "procedure_code": code, "method": "cash" if kind == "payment" else "",
         "reason": "courtesy" if kind == "adjustment" else ""}
        for who, kind, cents, code in written
    ]  # fmt: skip
    with session._ctx.db.writing() as db:
        insert_rows(db, session._ctx.db.clock, LedgerEntry, rows)
    report = session.day_close.report(today)
    assert [line.amount for line in report.entries] == [cents for _, _, cents, _ in written]
    assert [line.amount for line in session.desk.account(ana).entries] == [
        cents for who, _, cents, _ in written if who == ana
    ]
