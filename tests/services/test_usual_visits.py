"""Booking a patient in a few keys: the type they usually come for is offered first, and a
visit of the same type booked close by is found before another is booked."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from tests.services.schedule_fixtures import Office, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def test_a_new_patient_is_offered_the_practices_first_type(office: Office) -> None:
    assert office.session.schedule.usual_type(office.ana.id) == office.exam.id


def test_the_usual_type_is_the_latest_visit_done_or_booked(office: Office) -> None:
    schedule = office.session.schedule
    past = office.visit(office.ana, 0, 9, kind=office.extraction, minutes=60)
    past = replace(past, starts_at=past.starts_at - timedelta(weeks=30))
    schedule.record_many([RecordedVisit(past, VisitStatus.COMPLETED)], reason="test history")
    assert schedule.usual_type(office.ana.id) == office.extraction.id
    schedule.book(office.visit(office.ana, 1, 9, kind=office.cleaning, minutes=60))
    assert schedule.usual_type(office.ana.id) == office.cleaning.id


def test_a_missed_or_cancelled_visit_does_not_set_the_usual_type(office: Office) -> None:
    schedule = office.session.schedule
    cleaning = schedule.book(office.visit(office.ana, 1, 9, kind=office.cleaning, minutes=60))
    schedule.cancel(cleaning.id, "patient asked")
    assert schedule.usual_type(office.ana.id) == office.exam.id


def test_a_visit_of_the_type_booked_within_thirty_days_either_side_is_found(
    office: Office,
) -> None:
    schedule = office.session.schedule
    first = schedule.book(office.visit(office.ana, 0, 9, kind=office.cleaning, minutes=60))
    schedule.book(office.visit(office.ana, 2, 9, kind=office.exam))
    schedule.book(office.visit(office.ben, 1, 9, kind=office.cleaning, minutes=60))
    next_day = office.at(1, 10)
    found = schedule.nearby_visits(office.ana.id, office.cleaning.id, next_day)
    assert [visit.id for visit in found] == [first.id]
    month_later = next_day + timedelta(days=31)
    assert schedule.nearby_visits(office.ana.id, office.cleaning.id, month_later) == []
    month_before = office.at(0, 9) - timedelta(days=29)
    found = schedule.nearby_visits(office.ana.id, office.cleaning.id, month_before)
    assert [visit.id for visit in found] == [first.id]


def test_a_cancelled_visit_of_the_type_close_by_is_no_clash(office: Office) -> None:
    schedule = office.session.schedule
    first = schedule.book(office.visit(office.ana, 0, 9, kind=office.cleaning, minutes=60))
    schedule.cancel(first.id, "patient asked")
    assert schedule.nearby_visits(office.ana.id, office.cleaning.id, office.at(1, 9)) == []
