"""The worklists: insurance to verify before coming visits, and what is still waiting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from practicedesk.services.chart.insurance import PolicyChange, VerificationEntry
from practicedesk.services.chart.items import AuthorizationChange, ReferralChange
from practicedesk.services.session import PracticeSession
from tests.services.schedule_fixtures import Office, practice_today, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def _insure(office: Office, patient_id, member: str, rank: int = 1):  # type: ignore[no-untyped-def]
    insurance = office.session.insurance
    carrier = insurance.add_carrier(f"Carrier {member}", "(800) 555-0100")
    return insurance.save_policy(patient_id, PolicyChange(carrier.id, member, rank=rank))


def test_a_booked_patient_never_verified_is_on_the_list(office: Office) -> None:
    schedule, worklists = office.session.schedule, office.session.worklists
    _insure(office, office.ana.id, "A-1")
    _insure(office, office.ben.id, "B-1")  # Ben has insurance but no visit coming
    visit = schedule.book(office.visit(office.ana, 0, 9))
    items = worklists.insurance_to_verify(days_ahead=21)
    assert [(i.patient_id, i.member_id, i.last_verified) for i in items] == [
        (office.ana.id, "A-1", None)
    ]
    assert items[0].visit_at == visit.starts_at
    assert items[0].carrier_phone == "(800) 555-0100"


def test_verifying_takes_the_patient_off_the_list(office: Office) -> None:
    session = office.session
    policy = _insure(office, office.ana.id, "A-1")
    session.schedule.book(office.visit(office.ana, 0, 9))
    session.insurance.verify(office.ana.id, policy, VerificationEntry("phone", "active"))
    assert session.worklists.insurance_to_verify(days_ahead=21) == []


def test_only_visits_within_the_look_ahead_count(office: Office) -> None:
    session = office.session
    _insure(office, office.ana.id, "A-1")
    session.schedule.book(office.visit(office.ana, 14, 9))  # three weeks out
    days = (office.monday - practice_today()).days
    assert session.worklists.insurance_to_verify(days_ahead=days + 7) == []
    assert len(session.worklists.insurance_to_verify(days_ahead=days + 21)) == 1


def test_each_policy_due_is_listed_primary_first(office: Office) -> None:
    session = office.session
    _insure(office, office.ana.id, "A-2", rank=2)
    _insure(office, office.ana.id, "A-1", rank=1)
    session.schedule.book(office.visit(office.ana, 0, 9))
    session.schedule.book(office.visit(office.ana, 2, 9))  # a second visit: listed once
    items = session.worklists.insurance_to_verify(days_ahead=21)
    assert [(i.member_id, i.rank) for i in items] == [("A-1", 1), ("A-2", 2)]


def test_cancelled_visits_do_not_need_verifying(office: Office) -> None:
    session = office.session
    _insure(office, office.ana.id, "A-1")
    visit = session.schedule.book(office.visit(office.ana, 0, 9))
    session.schedule.cancel(visit.id, "patient called")
    assert session.worklists.insurance_to_verify(days_ahead=21) == []


def test_waiting_referrals_and_authorizations_oldest_first(office: Office) -> None:
    items = office.session.chart_items
    today = practice_today()
    items.save_referral(
        office.ana.id,
        ReferralChange("outgoing", None, "Third molars", "sent", sent_on=today - timedelta(3)),
    )
    items.save_referral(
        office.ben.id,
        ReferralChange("incoming", None, "Crown", "completed", completed_on=today),
    )
    items.save_authorization(
        office.cleo.id,
        AuthorizationChange("Implant #30", "Carrier", "submitted", today - timedelta(10)),
    )
    items.save_authorization(
        office.ben.id, AuthorizationChange("Crown #3", "Carrier", "approved", today)
    )
    waiting = office.session.worklists.waiting()
    assert [(w.patient_id, w.kind, w.what) for w in waiting] == [
        (office.cleo.id, "pre-authorization", "Implant #30"),
        (office.ana.id, "referral out", "Third molars"),
    ]
