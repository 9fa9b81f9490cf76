"""The A/R report reads only the accounts that owe or are owed, and stays right when two PCs
corrected the same entry before they met."""

from __future__ import annotations

import pytest

from practicedesk.domain.ledger import EntryKind
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import LedgerEntry
from tests.services.money.ledger_history import post_days_ago
from tests.services.money.money_fixtures import MoneyOffice, set_up_money
from tests.services.schedule_fixtures import practice_today


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
