"""The appointment book's services on a real encrypted practice."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from practicedesk.domain.hours import DailyHours, local_instant
from practicedesk.domain.recurrence import Recurrence
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput, PermissionDenied, SchedulingConflict
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.schedule.records import RecordedVisit, SlotQuery
from practicedesk.services.schedule.waitlist import WaitlistWish
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import ChangeEntry
from tests.conftest import OTHER_PASSWORD
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def test_booking_shows_on_the_day_with_patient_and_type(office: Office) -> None:
    booked = office.session.schedule.book(office.visit(office.ana, 0, 9))
    day = office.session.schedule.day(office.monday)
    [visit] = day.appointments
    assert visit.id == booked.id
    assert (visit.patient_name, visit.type_name, visit.status) == (
        "Alvarez, Ana",
        "Exam",
        VisitStatus.SCHEDULED,
    )
    assert visit.starts_at.astimezone(ZONE).time() == time(9)
    hours = day.provider_hours[office.dentist.id]
    local = [(s.start.astimezone(ZONE).time(), s.end.astimezone(ZONE).time()) for s in hours]
    assert local == [(time(8), time(12)), (time(13), time(17))]


def test_visits_recorded_in_bulk_come_back_with_their_ids_in_order(office: Office) -> None:
    past = [
        RecordedVisit(office.visit(office.ana, -7, 9)),
        RecordedVisit(office.visit(office.ben, -7, 10), VisitStatus.NO_SHOW),
        RecordedVisit(office.visit(office.cleo, -6, 9), VisitStatus.COMPLETED),
    ]
    ids = office.session.schedule.record_many(past, reason="history")
    found = [office.session.schedule.get(visit_id) for visit_id in ids]
    assert [(v.patient_id, v.status) for v in found] == [
        (item.visit.patient_id, item.status) for item in past
    ]


def test_a_double_booking_is_refused_in_words_unless_booked_anyway(office: Office) -> None:
    schedule = office.session.schedule
    schedule.book(office.visit(office.ana, 0, 9))
    clash = office.visit(office.ben, 0, 9, 15)
    with pytest.raises(SchedulingConflict) as refused:
        schedule.book(clash)
    assert "Dr. Ada Park already sees Alvarez, Ana at 9 AM–9:30 AM." in refused.value.conflicts
    assert "Chair 1 is taken by Alvarez, Ana at 9 AM–9:30 AM." in refused.value.conflicts
    assert len(schedule.day(office.monday).appointments) == 1

    over = schedule.book(clash, book_anyway=True)
    assert "Dr. Ada Park already sees" in over.booked_over
    history = schedule.history(over.id)
    assert "booked anyway over" in history[0].summary


def test_chairs_and_time_off_are_found_together_in_the_audit_log(office: Office) -> None:
    session = office.session
    chair = session.staff.add_room("Chair 9", "#A5D6A7")
    session.staff.remove_room(chair.id)
    off = session.schedule_setup.add_exception(
        "provider", office.dentist.id, office.at(1, 8), office.at(1, 17), "time off"
    )
    session.schedule_setup.remove_exception(off.id)
    newest = session.audit.entries(AuditFilter(action=Action.STAFF_CHANGED), limit=4)
    assert [(e.summary, e.subject_type, e.subject_id) for e in newest] == [
        ("time off removed", "provider", str(off.id)),
        ("time off added", "provider", str(off.id)),
        ("chair removed: Chair 9", "room", str(chair.id)),
        ("chair added: Chair 9", "room", str(chair.id)),
    ]


def test_outside_hours_time_off_and_wrong_provider_are_conflicts(office: Office) -> None:
    schedule, setup = office.session.schedule, office.session.schedule_setup
    assert any(
        "not working" in c.message for c in schedule.check(office.visit(office.ana, 0, 12, 15))
    )
    setup.add_exception(
        "provider", office.dentist.id, office.at(1, 8), office.at(1, 17), "time off"
    )
    assert any("not working" in c.message for c in schedule.check(office.visit(office.ana, 1, 9)))
    setup.add_exception(
        "practice", None, office.at(2, 0), office.at(3, 0), "holiday", "Thanksgiving"
    )
    messages = [c.message for c in schedule.check(office.visit(office.ana, 2, 9))]
    assert any("not working" in m for m in messages) and any("not open" in m for m in messages)
    wrong = office.visit(
        office.ana, 3, 9, provider=office.hygienist, kind=office.extraction, minutes=60
    )
    assert any("does not take Extraction" in c.message for c in schedule.check(wrong))


def test_moving_across_columns_keeps_the_history_and_logs_every_change(office: Office) -> None:
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    moved = schedule.move(
        visit.id,
        starts_at=office.at(0, 10),
        provider_id=office.hygienist.id,
        room_id=office.chair2.id,
    ).appointment
    assert (moved.provider_id, moved.room_id) == (office.hygienist.id, office.chair2.id)
    assert moved.starts_at == office.at(0, 10)
    kinds = [line.kind for line in schedule.history(visit.id)]
    assert kinds == ["booked", "moved"]
    assert "Dr. Ada Park in Chair 1" in schedule.history(visit.id)[1].summary
    audit = office.session.audit.entries(AuditFilter(action=Action.APPOINTMENT_MOVED))
    assert audit[0].patient_id == office.ana.id
    with office.session._ctx.db.reading() as db:
        entries = db.scalars(select(ChangeEntry).where(ChangeEntry.row_id == visit.id)).all()
    assert [e.op for e in entries] == ["insert", "update"]
    assert set(json.loads(entries[1].data)) == {"starts_at", "provider_id", "room_id"}


def test_statuses_carry_their_times_and_follow_the_visit_lifecycle(office: Office) -> None:
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    schedule.set_status(visit.id, VisitStatus.CONFIRMED, via="text")
    schedule.set_status(visit.id, VisitStatus.ARRIVED)
    schedule.set_status(visit.id, VisitStatus.SEATED)
    done = schedule.set_status(visit.id, VisitStatus.COMPLETED).appointment
    assert done.status is VisitStatus.COMPLETED and done.confirmed_via == "text"
    assert done.arrived_at and done.seated_at and done.completed_at
    with pytest.raises(InvalidInput, match="cannot become"):
        schedule.set_status(visit.id, VisitStatus.NO_SHOW)
    lines = [line.summary for line in schedule.history(visit.id)]
    assert "Scheduled → Confirmed (text)" in lines and "Seated → Checked out" in lines


def test_cancelling_needs_a_reason_frees_the_time_and_offers_the_waitlist(office: Office) -> None:
    schedule, waitlist = office.session.schedule, office.session.waitlist
    visit = schedule.book(office.visit(office.ana, 0, 9, minutes=60))
    later = schedule.book(office.visit(office.ben, 3, 15))
    waitlist.add(
        WaitlistWish(office.ben.id, 30, appointment_id=later.id, weekdays=frozenset({0, 1}))
    )
    waitlist.add(WaitlistWish(office.cleo.id, 90))  # too long for the freed hour
    with pytest.raises(InvalidInput, match="why"):
        schedule.cancel(visit.id, "")
    result = schedule.cancel(visit.id, "patient called, ill")
    assert result.appointment.status is VisitStatus.CANCELLED
    assert [offer.patient_name for offer in result.waitlist] == ["Brooks, Ben"]
    schedule.book(office.visit(office.cleo, 0, 9))  # the time is free again
    with pytest.raises(SchedulingConflict):  # and un-cancelling now clashes
        schedule.set_status(visit.id, VisitStatus.SCHEDULED)


def test_moving_a_visit_offers_its_old_time(office: Office) -> None:
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 1, 10))
    office.session.waitlist.add(WaitlistWish(office.cleo.id, 30))
    result = schedule.move(visit.id, starts_at=office.at(1, 14))
    assert [offer.patient_id for offer in result.waitlist] == [office.cleo.id]


def test_a_weekly_series_is_booked_whole_or_not_at_all(office: Office) -> None:
    schedule = office.session.schedule
    blocker = schedule.book(office.visit(office.ben, 14, 9))  # third Monday
    with pytest.raises(SchedulingConflict) as refused:
        schedule.book_series(office.visit(office.ana, 0, 9), Recurrence(every_weeks=1, count=4))
    assert len(refused.value.conflicts) == 2 and refused.value.conflicts[0].startswith("Mon")
    assert len(schedule.between(office.monday, office.monday + timedelta(weeks=4))) == 1

    schedule.cancel(blocker.id, "moved to the series")
    visits = schedule.book_series(
        office.visit(office.ana, 0, 9), Recurrence(every_weeks=1, count=4)
    )
    assert len({v.series_id for v in visits}) == 1
    assert [v.starts_at.astimezone(ZONE).time() for v in visits] == [time(9)] * 4

    moved = schedule.move_following(visits[2].id, shift=timedelta(hours=1))
    assert [v.starts_at.astimezone(ZONE).time() for v in moved] == [time(10)] * 2
    assert schedule.get(visits[1].id).starts_at.astimezone(ZONE).time() == time(9)
    assert schedule.cancel_following(visits[3].id, "course finished") == 1


def test_moving_the_rest_of_a_series_moves_all_of_them_or_none(office: Office) -> None:
    schedule = office.session.schedule
    visits = schedule.book_series(
        office.visit(office.ana, 0, 9), Recurrence(every_weeks=1, count=4)
    )
    schedule.book(office.visit(office.ben, 14, 10))  # the third Monday at 10 is taken

    with pytest.raises(SchedulingConflict) as refused:
        schedule.move_following(visits[1].id, shift=timedelta(hours=1))
    third_monday = (office.monday + timedelta(days=14)).strftime("%a %b %-d")
    assert {line.split(":")[0] for line in refused.value.conflicts} == {third_monday}
    times = [schedule.get(v.id).starts_at.astimezone(ZONE).time() for v in visits]
    assert times == [time(9)] * 4, "the visits before and after the clash stay where they were"

    moved = schedule.move_following(visits[1].id, shift=timedelta(hours=1), book_anyway=True)
    assert [v.starts_at.astimezone(ZONE).time() for v in moved] == [time(10)] * 3
    assert "Brooks, Ben" in schedule.get(visits[2].id).booked_over


def test_a_series_moved_a_week_on_does_not_clash_with_itself(office: Office) -> None:
    schedule = office.session.schedule
    visits = schedule.book_series(
        office.visit(office.ana, 0, 9), Recurrence(every_weeks=1, count=3)
    )
    moved = schedule.move_following(visits[0].id, shift=timedelta(weeks=1))
    assert [v.starts_at for v in moved] == [v.starts_at + timedelta(weeks=1) for v in visits]
    assert all(not v.booked_over for v in moved)
    back = schedule.move_following(visits[0].id, shift=timedelta(weeks=-1), minutes=45)
    assert [(v.starts_at, v.minutes) for v in back] == [(v.starts_at, 45) for v in visits]


def test_next_free_slots_respect_everyone_and_the_preferences(office: Office) -> None:
    schedule = office.session.schedule
    schedule.book(office.visit(office.ben, 0, 8, minutes=60))
    slots = schedule.find_slots(
        SlotQuery(
            minutes=60, type_id=office.extraction.id, patient_id=office.ana.id,
            weekdays=frozenset({0}), earliest=time(8), weeks=2, start_from=office.at(0, 0),
        )
    )  # fmt: skip
    # Only Dr. Park takes extractions, and she is busy until 9:00 that Monday.
    assert slots and all(s.provider_id == office.dentist.id for s in slots)
    assert slots[0].start == office.at(0, 9)
    assert slots[0].room_id == office.chair1.id
    assert all(s.start.astimezone(ZONE).weekday() == 0 for s in slots)
    assert len({s.start.astimezone(ZONE).date() for s in slots}) == 2


def test_clinicians_track_visits_but_do_not_book(office: Office, data_dir: object) -> None:
    from practicedesk.api import open_practice

    visit = office.session.schedule.book(office.visit(office.ana, 0, 9))
    office.session.users.add(
        "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
    )
    office.session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            clinician.schedule.book(office.visit(office.ben, 0, 10))
        clinician.schedule.set_status(visit.id, VisitStatus.ARRIVED)
        assert clinician.schedule.get(visit.id).status is VisitStatus.ARRIVED


def _next_clock_change(forward: bool) -> date:
    """The next day, a week or more ahead, on which the practice's clocks go forward (or
    back): fixed dates would lie in the past, where nothing can be booked, within a year."""
    day = practice_today() + timedelta(days=7)
    for _ in range(400):
        before = datetime.combine(day, time(12), ZONE).utcoffset()
        after = datetime.combine(day + timedelta(days=1), time(12), ZONE).utcoffset()
        assert before is not None and after is not None
        if after != before and (after > before) == forward:
            return day + timedelta(days=1)
        day += timedelta(days=1)
    raise AssertionError("New York changes its clocks twice a year")


@pytest.mark.parametrize("forward", [True, False], ids=["spring", "autumn"])
def test_a_nine_oclock_visit_stays_at_nine_across_daylight_saving(
    office: Office, forward: bool
) -> None:
    """Weekly visits either side of a clock change keep their wall-clock time."""
    change_day = _next_clock_change(forward)
    schedule, setup = office.session.schedule, office.session.schedule_setup
    every_day = [DailyHours(day, time(8), time(17)) for day in range(7)]
    for resource_type, item in (("provider", office.dentist), ("room", office.chair1)):
        setup.set_weekly_hours(resource_type, item.id, every_day)
    before = change_day - timedelta(days=3)
    first = replace(office.visit(office.ana, 0, 9), starts_at=local_instant(before, time(9), ZONE))
    visits = schedule.book_series(first, Recurrence(every_weeks=1, count=3))
    assert [v.starts_at.astimezone(ZONE).time() for v in visits] == [time(9)] * 3
    day = schedule.day(before + timedelta(weeks=1))
    assert [v.starts_at.astimezone(ZONE).time() for v in day.appointments] == [time(9)]


def test_undoing_a_status_restores_the_one_before_and_its_times(office: Office) -> None:
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9))
    schedule.set_status(visit.id, VisitStatus.ARRIVED)
    restored = schedule.revert_status(visit.id, VisitStatus.SCHEDULED)
    assert restored.status is VisitStatus.SCHEDULED and restored.arrived_at is None
    schedule.cancel(visit.id, "ill")
    schedule.book(office.visit(office.ben, 0, 9))
    with pytest.raises(SchedulingConflict):
        schedule.revert_status(visit.id, VisitStatus.SCHEDULED)
    assert schedule.history(visit.id)[-1].summary.startswith("Scheduled → Cancelled")


def test_the_day_sheet_gives_no_page_to_a_provider_without_visits(office: Office) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from practicedesk.services.practice.staff import ProviderKind

    session = office.session
    session.staff.add_provider("Dr. Idle Ives", ProviderKind.DENTIST, "#8E24AA")
    session.schedule.book(office.visit(office.ana, 0, 10))
    session.schedule.book(office.visit(office.ben, 0, 9, provider=office.hygienist,
                                       room=office.chair2))  # fmt: skip

    def pages(pdf: bytes) -> list[str]:
        return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]

    each = pages(session.printouts.day_sheet(office.monday))
    assert len(each) == 2
    assert "Dr. Ada Park" in each[0] and "Alvarez, Ana" in each[0]
    assert "Hal Hughes" in each[1] and "Brooks, Ben" in each[1]
    assert "No visits booked: Dr. Idle Ives." in each[1].replace("\n", " ")

    (together,) = pages(session.printouts.day_sheet(office.monday, whole_office=True))
    assert together.index("Brooks, Ben") < together.index("Alvarez, Ana"), "in time order"
    assert "2 visits" in together and "The whole office" in together

    (alone,) = pages(session.printouts.day_sheet(office.monday + timedelta(days=1)))
    assert "No visits booked." in alone
