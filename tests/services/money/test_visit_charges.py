"""A visit is checked out in one action and charged after, in the check-out dialog: a visit
can stand checked out with nothing charged, is named for it, and is never charged twice."""

from __future__ import annotations

import pytest

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.services.money.desk import CheckOut, CheckOutLine
from practicedesk.services.session import PracticeSession
from tests.services.money.money_fixtures import HYGIENE_CODES, MoneyOffice, set_up_money

LINES = tuple(CheckOutLine(code) for code in HYGIENE_CODES)


@pytest.fixture
def money(owner_session: PracticeSession) -> MoneyOffice:
    return set_up_money(owner_session)


def test_a_visit_checked_out_first_is_charged_after_and_stays_checked_out(
    money: MoneyOffice,
) -> None:
    session = money.session
    visit = money.arrived_visit()
    session.schedule.set_status(visit.id, VisitStatus.COMPLETED)
    assert session.desk.uncharged([visit.id]) == {visit.id}
    assert session.desk.check_out_draft(visit.id).charged_on is None
    result = session.desk.check_out(CheckOut(visit.id, LINES))
    assert result.balance_after.total == 20_000
    assert session.schedule.get(visit.id).status is VisitStatus.COMPLETED
    assert session.desk.uncharged([visit.id]) == frozenset()
    assert session.desk.check_out_draft(visit.id).charged_on is not None


def test_a_second_check_out_of_a_charged_visit_is_refused_and_posts_nothing(
    money: MoneyOffice,
) -> None:
    desk, visit = money.session.desk, money.arrived_visit()
    desk.check_out(CheckOut(visit.id, LINES))
    before = desk.account(money.office.ana.id).entries
    with pytest.raises(InvalidInput, match="charges were posted on"):
        desk.check_out(CheckOut(visit.id, LINES))  # another check-out: a new id
    assert desk.account(money.office.ana.id).entries == before


def test_a_visit_whose_charges_were_all_taken_back_can_be_charged_again(
    money: MoneyOffice,
) -> None:
    desk, visit = money.session.desk, money.arrived_visit()
    result = desk.check_out(CheckOut(visit.id, LINES))
    charges = [e for e in result.entries if e.kind == "charge"]
    for charge in charges[:-1]:
        desk.reverse(charge.id, "wrong visit")
    assert desk.uncharged([visit.id]) == frozenset()  # one charge still stands
    desk.reverse(charges[-1].id, "wrong visit")
    assert desk.uncharged([visit.id]) == {visit.id}
    desk.check_out(CheckOut(visit.id, LINES))
    assert desk.uncharged([visit.id]) == frozenset()


def test_visits_not_checked_out_are_never_called_uncharged(money: MoneyOffice) -> None:
    visit = money.arrived_visit()
    assert money.session.desk.uncharged([visit.id]) == frozenset()


def test_the_days_money_names_the_visits_checked_out_with_nothing_charged(
    money: MoneyOffice,
) -> None:
    session, office = money.session, money.office
    charged = money.arrived_visit(hour=9)
    session.desk.check_out(CheckOut(charged.id, LINES))
    left = money.arrived_visit(office.ben, hour=11)
    session.schedule.set_status(left.id, VisitStatus.COMPLETED)
    money.arrived_visit(office.cleo, hour=13)  # still here: not checked out
    day = left.starts_at.astimezone(session.schedule.zone()).date()
    report = session.day_close.report(day)
    assert report.uncharged == (f"11:00 AM {office.ben.last_name}, {office.ben.first_name}",)
