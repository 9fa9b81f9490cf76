"""Patients who come back, as the coordinator works them: who is due, the calls and how they
went, the visits to confirm, the broken appointments, and the tasks that follow by themselves."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from practicedesk.domain.hours import local_instant
from practicedesk.domain.recall import RecallState, add_months
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.services.recall.lists import RecallFilter
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Communication
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    office = set_up_office(owner_session)
    assert owner_session.recall_types.add_usual() >= 1  # Hygiene, from the Cleaning type
    return office


def _cleaned(office: Office, patient, day: date) -> None:  # type: ignore[no-untyped-def]
    visit = replace(
        office.visit(patient, 0, 9, kind=office.cleaning, minutes=60),
        starts_at=local_instant(day, time(9), ZONE),
    )
    office.session.schedule.record_many(
        [RecordedVisit(visit, VisitStatus.COMPLETED)], reason="test history"
    )


def _hygiene(session: PracticeSession):  # type: ignore[no-untyped-def]
    return next(kind for kind in session.recall_types.list() if kind.name == "Hygiene")


def test_a_cleaning_seven_months_ago_makes_hygiene_overdue_and_one_booked_takes_it_off(
    office: Office,
) -> None:
    session, today = office.session, practice_today()
    last = add_months(today, -7)
    _cleaned(office, office.ana, last)
    (hygiene,) = [r for r in session.recall.for_patient(office.ana.id) if r.name == "Hygiene"]
    assert hygiene.last_done == last and hygiene.due == add_months(last, 6)
    assert hygiene.state is RecallState.OVERDUE
    row = next(r for r in session.recall.list() if r.patient_id == office.ana.id)
    assert (row.recall, row.state, row.phone) == ("Hygiene", RecallState.OVERDUE, "(503) 234-1111")
    session.schedule.book(office.visit(office.ana, 7, 9, kind=office.cleaning, minutes=60))
    (hygiene,) = [r for r in session.recall.for_patient(office.ana.id) if r.name == "Hygiene"]
    assert hygiene.state is RecallState.SCHEDULED
    assert office.ana.id not in {r.patient_id for r in session.recall.list()}


def test_a_patients_own_interval_and_a_recall_turned_off(office: Office) -> None:
    session, today = office.session, practice_today()
    _cleaned(office, office.ben, add_months(today, -4))
    hygiene = _hygiene(session)
    shorter = session.recall.set_terms(office.ben.id, hygiene.id, interval_months=3)
    (ben,) = [r for r in shorter if r.name == "Hygiene"]
    assert ben.state is RecallState.OVERDUE and ben.own_terms
    with pytest.raises(InvalidInput, match="why"):
        session.recall.set_terms(office.ben.id, hygiene.id, off=True)
    (ben,) = [
        r
        for r in session.recall.set_terms(office.ben.id, hygiene.id, off=True, reason="moved")
        if r.name == "Hygiene"
    ]
    assert ben.state is RecallState.OFF
    assert office.ben.id not in {r.patient_id for r in session.recall.list()}


def test_calls_are_counted_on_the_recall_list_with_how_the_last_went(office: Office) -> None:
    session = office.session
    _cleaned(office, office.ana, add_months(practice_today(), -8))
    session.calls.log(office.ana.id, "recall", "no answer")
    session.calls.log(office.ana.id, "recall", "left message", "asked to call back")
    row = next(r for r in session.recall.list() if r.patient_id == office.ana.id)
    assert (row.attempts, row.last_outcome, row.last_attempt) == (
        2,
        "left message",
        practice_today(),
    )
    chart = session.chart.read(office.ana.id)
    assert chart.communications[0].summary.startswith("Recall call: left message")
    tried_lately = session.recall.list(RecallFilter(not_contacted_days=7))
    assert office.ana.id not in {r.patient_id for r in tried_lately}
    with pytest.raises(InvalidInput):
        session.calls.log(office.ana.id, "recall", "maybe")


def test_a_call_made_before_the_recall_was_last_done_is_not_counted_again(
    office: Office,
) -> None:
    session = office.session
    cleaned = add_months(practice_today(), -8)
    _cleaned(office, office.ana, cleaned)
    old_call = session.calls.log(office.ana.id, "recall", "no answer")
    with session._ctx.db.writing() as db:  # it was made three days before the cleaning
        call = db.get(Communication, old_call)
        assert call is not None
        call.at = local_instant(cleaned - timedelta(days=3), time(11), ZONE)
    session.calls.log(office.ana.id, "recall", "left message")
    row = next(r for r in session.recall.list() if r.patient_id == office.ana.id)
    assert (row.attempts, row.last_outcome, row.last_attempt) == (
        1,
        "left message",
        practice_today(),
    )


def test_the_confirmation_list_holds_the_next_working_days_and_confirmed_leaves_it(
    office: Office,
) -> None:
    session = office.session
    today = practice_today()
    days_ahead = [today + timedelta(days=n) for n in range(1, 10)]
    working = [d for d in days_ahead if d.weekday() < 5][:3]
    visits = [
        session.schedule.book(
            replace(office.visit(p, 0, 10), starts_at=local_instant(d, time(10), ZONE)),
            book_anyway=True,
        )
        for p, d in zip((office.ana, office.ben, office.cleo), working, strict=True)
    ]
    listed = {row.appointment_id for row in session.calls.confirmations(days_ahead=2)}
    assert listed == {visits[0].id, visits[1].id}
    session.calls.log(office.ana.id, "confirmation", "confirmed", appointment_id=visits[0].id)
    assert session.schedule.get(visits[0].id).status is VisitStatus.CONFIRMED
    session.calls.log(office.ben.id, "confirmation", "no answer", appointment_id=visits[1].id)
    (ben,) = session.calls.confirmations(days_ahead=2)
    assert (ben.appointment_id, ben.attempts, ben.last_outcome) == (visits[1].id, 1, "no answer")


def test_a_missed_visit_not_rebooked_is_on_the_unscheduled_list_until_one_is_booked(
    office: Office,
) -> None:
    session = office.session
    missed = replace(
        office.visit(office.cleo, 0, 9),
        starts_at=datetime.now(ZONE).replace(microsecond=0) - timedelta(days=3),
    )
    session.schedule.record_many([RecordedVisit(missed, VisitStatus.NO_SHOW)], reason="test")
    (row,) = session.calls.unscheduled()
    assert row.patient_id == office.cleo.id and row.status is VisitStatus.NO_SHOW
    session.schedule.book(office.visit(office.cleo, 7, 9))
    assert session.calls.unscheduled() == []


def test_a_surgery_checked_out_leaves_a_post_op_call_for_the_next_working_day(
    office: Office,
) -> None:
    session = office.session
    session.follow_ups.save("completed", "Post-op call", appointment_type_id=office.extraction.id)
    session.follow_ups.save("no-show", "Reschedule the missed visit")
    visit = session.schedule.book(
        office.visit(office.ana, 0, 9, kind=office.extraction, minutes=60)
    )
    for step in (VisitStatus.ARRIVED, VisitStatus.COMPLETED):
        session.schedule.set_status(visit.id, step)
    (task,) = [t for t in session.tasks.list() if t.title == "Post-op call"]
    today = practice_today()
    assert task.patient_id == office.ana.id and task.kind == "follow-up"
    assert task.due_on is not None and today < task.due_on <= today + timedelta(days=4)
    assert task.due_on.weekday() < 5
    other = session.schedule.book(office.visit(office.ben, 1, 9))
    session.schedule.set_status(other.id, VisitStatus.NO_SHOW)
    assert [t.title for t in session.tasks.list() if t.patient_id == office.ben.id] == [
        "Reschedule the missed visit"
    ]
