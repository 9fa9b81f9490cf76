"""The A/R report reads only the accounts that owe or are owed, and stays right when two PCs
corrected the same entry before they met."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from practicedesk.domain.hours import local_instant
from practicedesk.domain.ledger import EntryKind
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Communication, LedgerEntry
from tests.services.money.ledger_history import post_days_ago
from tests.services.money.money_fixtures import MoneyOffice, set_up_money
from tests.services.schedule_fixtures import ZONE, practice_today


@pytest.fixture
def money(owner_session: PracticeSession) -> MoneyOffice:
    return set_up_money(owner_session)


def test_a_settled_account_has_no_row_and_an_owing_one_is_aged(money: MoneyOffice) -> None:
    session, ana, ben = money.session, money.office.ana.id, money.office.ben.id
    post_days_ago(session, ana, EntryKind.CHARGE, 8_000, 40, procedure_code="D0120")
    post_days_ago(session, ana, EntryKind.PAYMENT, -8_000, 10, method="cash")
    post_days_ago(session, ben, EntryKind.CHARGE, 12_000, 45, procedure_code="D0120")
    post_days_ago(session, ben, EntryKind.PAYMENT, -2_000, 5, method="card")
    (row,) = session.receivables.aging().rows
    assert row.account_id == ben
    assert [bucket.patient for bucket in row.aging.buckets] == [0, 10_000, 0, 0]


def test_a_payment_corrected_on_two_pcs_counts_back_once_on_the_report(
    money: MoneyOffice,
) -> None:
    session, cleo = money.session, money.office.cleo.id
    post_days_ago(session, cleo, EntryKind.CHARGE, 5_000, 20, procedure_code="D0120")
    paid = post_days_ago(session, cleo, EntryKind.PAYMENT, -5_000, 20, method="cash")
    post_days_ago(session, cleo, EntryKind.REVERSAL, 5_000, 10, reverses=paid)
    with session._ctx.db.writing() as db:  # the other PC's correction of it, arrived by sync
        db.add(
            LedgerEntry(account_id=cleo, patient_id=cleo, kind="reversal", amount_cents=5_000,
                        posted_on=practice_today(), reverses=paid, posted_by="maria")
        )  # fmt: skip
    post_days_ago(session, cleo, EntryKind.PAYMENT, -10_000, 0, method="check")
    # Every row adds up to zero, yet the second correction counts for nothing: $50 credit.
    (row,) = session.receivables.aging().rows
    assert row.account_id == cleo
    assert row.aging.credit == 5_000
    assert session.desk.balance(cleo).total == -5_000


def test_the_total_owed_is_the_aging_total_without_ageing_any_account(
    money: MoneyOffice,
) -> None:
    """What the This week card and the weekly summary's 'a week ago' read: the same figure as
    the whole A/R report, a second correction from another PC counting for nothing."""
    session, office = money.session, money.office
    post_days_ago(session, office.ana.id, EntryKind.CHARGE, 8_000, 40, procedure_code="D0120")
    post_days_ago(session, office.ana.id, EntryKind.PAYMENT, -3_000, 10, method="cash")
    post_days_ago(session, office.ben.id, EntryKind.CHARGE, 12_000, 9, procedure_code="D0120")
    paid = post_days_ago(session, office.ben.id, EntryKind.PAYMENT, -15_000, 8, method="cash")
    post_days_ago(session, office.ben.id, EntryKind.REVERSAL, 15_000, 3, reverses=paid)
    with session._ctx.db.writing() as db:  # the other PC's correction of the same payment
        db.add(
            LedgerEntry(account_id=office.ben.id, patient_id=office.ben.id, kind="reversal",
                        amount_cents=15_000, posted_on=practice_today(), reverses=paid,
                        posted_by="maria")
        )  # fmt: skip
    receivables = session.receivables
    for days_ago in (0, 2, 5, 8, 20, 60):
        day = practice_today() - timedelta(days=days_ago)
        assert receivables.owed(day) == receivables.aging(day).total, days_ago
    assert receivables.owed() == 5_000 + 12_000
    summary = receivables.weekly_summary()
    week_ago = practice_today() - timedelta(days=7)
    assert summary.week_ago_total == receivables.aging(week_ago).total == 5_000 - 3_000


def test_the_last_contact_is_the_day_it_happened_in_the_practice(money: MoneyOffice) -> None:
    """Not the day its row was written (a call logged afterwards, an old system's log), not
    the day in UTC (an evening's call is tomorrow there), and not a contact since removed."""
    session, ben = money.session, money.office.ben.id
    post_days_ago(session, ben, EntryKind.CHARGE, 12_000, 45, procedure_code="D0120")
    evening = practice_today() - timedelta(days=3)
    with session._ctx.db.writing() as db:
        for day, removed in ((evening, None), (practice_today(), practice_today())):
            db.add(
                Communication(patient_id=ben, at=local_instant(day, time(20, 30), ZONE),
                              kind="call", direction="out", summary="About the balance",
                              username="maria", topic="balance", outcome="left message",
                              deleted_at=None if removed is None else local_instant(
                                  removed, time(9), ZONE))
            )  # fmt: skip
    (row,) = session.receivables.aging().rows
    assert row.last_contact == evening
