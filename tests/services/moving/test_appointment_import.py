"""Bringing the old system's appointment book: history and the book to come, matched once,
conflicts reported, bad rows named by line, and a second import adding nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput, PermissionDenied
from practicedesk.progress import Cancelled
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.moving.imports import describe
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD
from tests.recording_progress import RecordingProgress
from tests.services.moving.moving_fixtures import MovingOffice, set_up_moving
from tests.services.schedule_fixtures import ZONE

HEADER = (
    "AptNum,PatNum,AptDateTime,Pattern,ProvNum,ProvHyg,IsHygiene,Op,ProcDescript,AptStatus,Note"
)
MATCHES = {"provider": {"1": "Dr. Ada Park", "2": "Hal Hughes"}, "chair": {"11": "Chair 1"}}


@pytest.fixture
def moving(owner_session: PracticeSession) -> MovingOffice:
    return set_up_moving(owner_session)


def _mapping(session: PracticeSession, **extra: dict[str, str]) -> MoveMapping:
    mapping = session.appointment_import.starting_mapping("open-dental")
    for what, values in {**MATCHES, **extra}.items():
        mapping = mapping.with_values(what, values)
    return mapping


def _file(*rows: str) -> bytes:
    return ("\r\n".join((HEADER, *rows)) + "\r\n").encode()


def _at(day: date, clock: str) -> str:
    return f"{day.isoformat()} {clock}:00"


def _book(moving: MovingOffice) -> dict[str, date]:
    monday = moving.office.monday
    return {"monday": monday, "tuesday": monday + timedelta(days=1), "past": date(2025, 3, 4)}


def test_past_visits_become_history_and_future_ones_land_in_the_book(
    moving: MovingOffice,
) -> None:
    days = _book(moving)
    data = _file(
        f"1,201,{_at(days['past'], '09:00')},//XXXX//,1,0,0,11,Ex,2,seen",
        f"2,203,{_at(days['past'], '10:00')},XXXXXX,2,0,0,11,Pro,5,",
        f'3,201,{_at(days["monday"], "09:00")},//XXXX//,1,0,0,11,"Ex, BWX",1,bring x-rays',
        f"4,202,{_at(days['monday'], '13:00')},XXXXXXXXXXXX,1,2,1,,Pro,1,",
    )
    session = moving.session
    types = {"Ex": "Exam", "Ex, BWX": "Exam"}  # the procedures' words, matched to a type once
    report = session.appointment_import.run(data, _mapping(session, kind=types), dry_run=False,
                                            file_name="appointment.txt")  # fmt: skip
    assert (report.added, report.rejected, report.conflicts) == (4, (), ())
    assert "2 past visits went to the history and 2 visits to the book." in report.facts
    # The counts by month, to hold against the old system's own.
    assert dict(report.by_month) == {"2025-03": 2, f"{days['monday']:%Y-%m}": 2}
    assert "  2025-03: 2" in describe(report)
    dana = session.patients.search("Dana Reyes")[0].id
    visits = {v.starts_at.astimezone(ZONE).strftime("%Y-%m-%d %H:%M"): v
              for v in session.schedule.for_patient(dana)}  # fmt: skip
    past = visits[f"{days['past']} 09:00"]
    assert past.status is VisitStatus.COMPLETED and past.completed_at is not None
    assert past.minutes == 40 and past.notes == "seen\nProcedures: Ex"
    future = visits[f"{days['monday']} 09:00"]
    assert future.status is VisitStatus.SCHEDULED and future.type_name == "Exam"
    assert future.room_id == moving.office.chair1.id
    assert [line.kind for line in session.schedule.history(future.id)] == ["imported"]
    day = session.schedule.day(days["monday"])
    # The hygiene visit is booked with the hygienist, the exam's dentist being on it only
    # in the old system; its 12 steps of 5 minutes make an hour.
    eli = next(v for v in day.appointments if v.patient_name.startswith("Reyes, Eli"))
    assert eli.provider_id == moving.office.hygienist.id and eli.minutes == 60
    fay = session.patients.search("Fay Stone")[0].id
    [missed] = session.schedule.for_patient(fay)
    assert missed.status is VisitStatus.NO_SHOW


def test_importing_the_same_file_twice_adds_nothing_and_a_later_export_updates(
    moving: MovingOffice,
) -> None:
    days = _book(moving)
    session = moving.session
    first = _file(f"7,201,{_at(days['monday'], '09:00')},//XXXX//,1,0,0,11,Ex,1,")
    session.appointment_import.run(first, _mapping(session), dry_run=False)
    again = session.appointment_import.run(first, _mapping(session), dry_run=False)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    moved = _file(f"7,201,{_at(days['tuesday'], '10:00')},//XXXX//,1,0,0,11,Ex,1,")
    later = session.appointment_import.run(moved, _mapping(session), dry_run=False,
                                           file_name="friday.csv")  # fmt: skip
    assert (later.added, later.updated) == (0, 1)
    dana = session.patients.search("Dana Reyes")[0].id
    [visit] = session.schedule.for_patient(dana)
    assert visit.starts_at.astimezone(ZONE).date() == days["tuesday"]
    assert "updated from friday.csv" in session.schedule.history(visit.id)[-1].summary


def test_a_visit_changed_here_since_it_was_imported_is_left_as_it_is(
    moving: MovingOffice,
) -> None:
    days = _book(moving)
    session = moving.session
    first = _file(f"8,201,{_at(days['monday'], '09:00')},//XXXX//,1,0,0,11,Ex,1,")
    session.appointment_import.run(first, _mapping(session), dry_run=False)
    dana = session.patients.search("Dana Reyes")[0].id
    [visit] = session.schedule.for_patient(dana)
    session.schedule.set_status(visit.id, VisitStatus.CONFIRMED, via="phone")
    moved = _file(f"8,201,{_at(days['tuesday'], '10:00')},//XXXX//,1,0,0,11,Ex,1,")
    later = session.appointment_import.run(moved, _mapping(session), dry_run=False)
    assert later.updated == 0
    assert later.warnings[0].line == 2 and "changed in PracticeDesk" in later.warnings[0].text
    assert session.schedule.get(visit.id).starts_at == visit.starts_at


def test_bad_rows_are_named_by_line_and_import_nothing_wrong(moving: MovingOffice) -> None:
    days = _book(moving)
    session = moving.session
    data = _file(
        f"10,201,{_at(days['past'], '09:00')},//XXXX//,1,0,0,11,Ex,2,",
        f"11,999,{_at(days['past'], '10:00')},//XXXX//,1,0,0,11,Ex,2,",
        f"12,203,{_at(days['past'], '10:00')},//XXXX//,7,0,0,11,Ex,2,",
        f"13,203,{days['past']} 25:10:00,//XXXX//,1,0,0,11,Ex,2,",
        "14,203,2025-02-30 10:00:00,//XXXX//,1,0,0,11,Ex,2,",
        f"10,203,{_at(days['past'], '11:00')},//XXXX//,1,0,0,11,Ex,2,",
        f"15,201,{_at(days['past'], '09:00')},//XXXX//,1,0,0,11,Ex,2,",
        "16,203,0001-01-01 00:00:00,//XXXX//,1,0,0,11,Ex,6,planned",
        f"17,203,{_at(days['monday'], '14:00')},//XXXX//,1,0,0,11,Ex,2,",
        "18,203,2026-03-08 02:30:00,//XXXX//,1,0,0,11,Ex,2,",
    )
    report = session.appointment_import.run(data, _mapping(session), dry_run=False)
    reasons = {line.line: line.text for line in report.rejected}
    assert report.added == 1
    assert "No patient has the old system's id 999" in reasons[3]
    assert "provider 7 is not matched" in reasons[4]
    assert "The visit's time 25:10:00 is not a real time." in reasons[5]
    assert "2025-02-30 is not a real date" in reasons[6]
    assert "visit 10 is on line 2 already" in reasons[7]
    assert "Line 2 has this patient at this time too." in reasons[8]
    assert "has not happened yet" in reasons[10]
    assert "did not happen in the practice's time zone" in reasons[11]
    assert [line.line for line in report.left_out] == [9]
    assert any("provider 7" in fact for fact in report.facts)
    fay = session.patients.search("Fay Stone")[0].id
    assert session.schedule.for_patient(fay) == []


def test_a_visit_that_would_double_book_is_reported_and_not_booked_unless_asked(
    moving: MovingOffice,
) -> None:
    days = _book(moving)
    session, office = moving.session, moving.office
    here = session.schedule.book(office.visit(office.ana, 0, 9))  # booked at the desk meanwhile
    data = _file(
        f"20,203,{_at(days['monday'], '09:15')},//XXXX//,1,0,0,11,Ex,1,",
        f"21,201,{_at(days['monday'], '19:00')},//XXXX//,1,0,0,11,Ex,1,",
    )
    report = session.appointment_import.run(data, _mapping(session), dry_run=False)
    [conflict] = report.conflicts
    assert conflict.line == 2 and "Dr. Ada Park already sees Alvarez, Ana" in conflict.text
    assert "Not booked" in conflict.text
    [late] = report.warnings  # outside the hours: booked, and said so
    assert late.line == 3 and "not working then" in late.text
    assert report.added == 1
    fay = session.patients.search("Fay Stone")[0].id
    assert session.schedule.for_patient(fay) == []
    again = session.appointment_import.run(data, _mapping(session), dry_run=False,
                                           book_over_conflicts=True)  # fmt: skip
    assert again.added == 1 and again.conflicts == ()
    [booked] = session.schedule.for_patient(fay)
    assert "already sees" in booked.booked_over
    assert session.schedule.get(here.id).status is VisitStatus.SCHEDULED


def test_two_visits_of_the_file_in_one_chair_at_once_book_only_the_first(
    moving: MovingOffice,
) -> None:
    days = _book(moving)
    session = moving.session
    data = _file(
        f"30,201,{_at(days['monday'], '10:00')},//XXXX//,1,0,0,11,Ex,1,",
        f"31,203,{_at(days['monday'], '10:20')},//XXXX//,2,0,0,11,Pro,1,",
    )
    report = session.appointment_import.run(data, _mapping(session), dry_run=False)
    assert report.added == 1 and [c.line for c in report.conflicts] == [3]
    assert "Chair 1 is taken by Reyes, Dana" in report.conflicts[0].text


def test_patients_without_the_old_id_are_found_by_name_and_birth_date(
    moving: MovingOffice,
) -> None:
    days = _book(moving)
    session = moving.session
    data = (
        "Patient,Birthdate,Date,Time,Length,Provider,Chair,Type,Status\r\n"
        f'"Stone, Gus",7/8/1955,{days["monday"]:%m/%d/%Y},2:00 PM,30,Dr. Ada Park,Chair 2,'
        "Exam,Confirmed\r\n"
        f'"Stone, Gus",,{days["monday"]:%m/%d/%Y},3:00 PM,30,Dr. Ada Park,Chair 2,Exam,\r\n'
        f"Ann Nobody,1/1/1970,{days['monday']:%m/%d/%Y},3:00 PM,30,Dr. Ada Park,Chair 2,Exam,\r\n"
    ).encode()
    service = session.appointment_import
    report = service.run(data, service.starting_mapping("generic"), dry_run=False)
    assert report.added == 1
    reasons = {line.line: line.text for line in report.rejected}
    assert "no date of birth" in reasons[3]
    assert "No patient named Nobody, Ann born 01/01/1970" in reasons[4]
    [visit] = session.schedule.for_patient(moving.gus.id)
    assert visit.status is VisitStatus.CONFIRMED and visit.type_name == "Exam"
    again = service.run(data, service.starting_mapping("generic"), dry_run=False)
    assert (again.added, again.unchanged) == (0, 1)  # no ids: found by patient and time


def test_a_dry_run_stores_nothing_and_a_cancelled_import_leaves_nothing(
    moving: MovingOffice,
) -> None:
    days = _book(moving)
    session = moving.session
    data = _file(f"40,201,{_at(days['monday'], '09:00')},//XXXX//,1,0,0,11,Ex,1,")
    dry = session.appointment_import.run(data, _mapping(session), dry_run=True)
    assert dry.added == 1 and dry.dry_run
    dana = session.patients.search("Dana Reyes")[0].id
    assert session.schedule.for_patient(dana) == []
    progress = RecordingProgress(cancel_in="Adding the visits…")
    with pytest.raises(Cancelled):
        session.appointment_import.run(data, _mapping(session), dry_run=False, progress=progress)
    assert session.schedule.for_patient(dana) == []
    entries = session.audit.entries(AuditFilter(action=Action.RECORDS_IMPORTED))
    assert [e.summary.startswith("dry run of appointments") for e in entries] == [True]


def test_the_mapping_is_remembered_after_an_import_for_the_next_one(
    moving: MovingOffice,
) -> None:
    days = _book(moving)
    session = moving.session
    data = _file(f"50,201,{_at(days['monday'], '09:00')},//XXXX//,1,0,0,11,Ex,1,")
    session.appointment_import.run(data, _mapping(session), dry_run=False)
    remembered = session.appointment_import.starting_mapping(None)
    assert remembered.value_map("provider") == MATCHES["provider"]
    assert remembered.columns["starts"] == "AptDateTime"


def test_a_file_that_is_no_appointment_list_is_refused_in_one_sentence(
    moving: MovingOffice,
) -> None:
    service = moving.session.appointment_import
    mapping = service.starting_mapping("generic")
    for data, expected in (
        (b"", "The file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"First Name,Last Name\r\nAna,Park\r\n", "No column holds the visit's date"),
        (b"Date,Time\r\n1/2/2026,9:00\r\n", "No column says whose row it is"),
    ):
        with pytest.raises(InvalidInput, match=expected):
            service.run(data, mapping, dry_run=True)


def test_a_clinician_may_not_import_visits(moving: MovingOffice, data_dir: Path) -> None:
    session = moving.session
    session.users.add("kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False)
    session.close()
    with (
        open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician,
        pytest.raises(PermissionDenied, match="may not import patients"),
    ):
        clinician.appointment_import.run(_file(), MoveMapping(), dry_run=True)
