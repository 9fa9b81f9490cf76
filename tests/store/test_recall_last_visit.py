"""The recall list's last visits, kept per PC in `recall_last_visit` by triggers on
`appointment` (migration 0021): after every kind of write of a visit the table holds what the
grouped query over every completed visit answers, provider included, so the list reads the
same patients as due (docs/decisions/0024)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, text, update

from practicedesk.domain.hours import local_instant
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import NewAppointment, RecordedVisit
from practicedesk.services.session import PracticeSession
from practicedesk.store import schema
from practicedesk.store.engine import WRITE_OPTION
from practicedesk.store.models import Appointment
from practicedesk.store.models.base import utcnow
from tests.services.moving.moving_fixtures import set_up_moving
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office
from tests.store.alembic_steps import downgrade
from tests.store.last_visits import grouped, kept, kept_and_grouped

TRIGGERS = {"recall_last_visit_insert", "recall_last_visit_update", "recall_last_visit_delete"}


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def _days_ago(office: Office, days: int, hour: int = 9) -> datetime:
    return local_instant(practice_today() - timedelta(days=days), time(hour), ZONE)


def _done(office: Office, *visits: NewAppointment) -> list[uuid.UUID]:
    return office.session.schedule.record_many(
        [RecordedVisit(visit, VisitStatus.COMPLETED) for visit in visits], reason="test history"
    )


def _past(office: Office, visit: NewAppointment, days: int) -> NewAppointment:
    return replace(visit, starts_at=_days_ago(office, days))


def _pairs(pc: PracticeSession) -> dict[tuple[str, str], tuple[str, str]]:
    """(patient, type) → (start, provider), as the table keeps them; asserted equal to the
    grouped query first."""
    table, answer = kept_and_grouped(pc)
    assert table == answer
    return {(patient, kind): (start, provider) for patient, kind, start, provider in table}


def _set(pc: PracticeSession, visit_id: uuid.UUID, **values: object) -> None:
    """A change no screen makes (a tombstone, another type), through the ORM as sync's and
    the chart's writes go."""
    with pc._ctx.db.writing() as session:
        row = session.get(Appointment, visit_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


def test_a_new_practice_keeps_the_last_visits_by_triggers(owner_session: PracticeSession) -> None:
    with owner_session._ctx.db.reading() as session:
        made = set(
            session.scalars(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                {"t": "appointment"},
            )
        )
    assert made >= TRIGGERS


def test_a_visit_counts_once_completed_and_no_longer_once_the_completion_is_undone(
    office: Office,
) -> None:
    pc = office.session
    booked = pc.schedule.book(office.visit(office.ana, 0, 9, kind=office.cleaning))
    assert _pairs(pc) == {}
    for step in (VisitStatus.ARRIVED, VisitStatus.SEATED, VisitStatus.COMPLETED):
        pc.schedule.set_status(booked.id, step)
    key = (office.ana.id.hex, office.cleaning.id.hex)
    assert _pairs(pc)[key][1] == office.dentist.id.hex
    pc.schedule.revert_status(booked.id, VisitStatus.SEATED)
    assert _pairs(pc) == {}


def test_the_later_visit_is_kept_and_the_earlier_comes_back_when_it_is_deleted(
    office: Office,
) -> None:
    pc = office.session
    template = office.visit(office.ana, 0, 9, kind=office.cleaning)
    earlier, later = _done(
        office,
        _past(office, template, 200),
        replace(_past(office, template, 20), provider_id=office.hygienist.id),
    )
    key = (office.ana.id.hex, office.cleaning.id.hex)
    assert _pairs(pc)[key][1] == office.hygienist.id.hex
    _set(pc, later, deleted_at=utcnow())
    assert _pairs(pc)[key][1] == office.dentist.id.hex
    _set(pc, later, deleted_at=None)
    assert _pairs(pc)[key][1] == office.hygienist.id.hex
    with pc._ctx.db.writing() as session:  # a row removed outright (no service does)
        session.execute(delete(Appointment).where(Appointment.id.in_([later, earlier])))
    assert _pairs(pc) == {}


def test_two_visits_at_one_start_keep_the_provider_the_grouped_query_chose(
    office: Office,
) -> None:
    pc = office.session
    template = _past(office, office.visit(office.ana, 0, 9, kind=office.exam), 30)
    _done(
        office,
        replace(template, provider_id=office.hygienist.id),
        replace(template, provider_id=office.dentist.id),
    )
    smaller = min(office.dentist.id.hex, office.hygienist.id.hex)
    assert _pairs(pc)[(office.ana.id.hex, office.exam.id.hex)][1] == smaller


def test_changing_a_visits_type_moves_it_to_the_other_type_or_to_no_type(office: Office) -> None:
    pc = office.session
    [visit] = _done(office, _past(office, office.visit(office.ana, 0, 9, kind=office.exam), 40))
    _set(pc, visit, type_id=office.cleaning.id)
    assert set(_pairs(pc)) == {(office.ana.id.hex, office.cleaning.id.hex)}
    _set(pc, visit, type_id=None)
    assert set(_pairs(pc)) == {(office.ana.id.hex, "")}


def test_merging_patients_moves_their_visits_to_the_one_kept(office: Office) -> None:
    pc = office.session
    template = office.visit(office.ana, 0, 9, kind=office.cleaning)
    _done(
        office,
        _past(office, replace(template, patient_id=office.ben.id), 300),
        replace(_past(office, template, 10), provider_id=office.hygienist.id),
    )
    pc.chart.merge(office.ben.id, office.ana.id)
    pairs = _pairs(pc)
    assert set(pairs) == {(office.ben.id.hex, office.cleaning.id.hex)}  # Ana's is gone
    assert pairs[(office.ben.id.hex, office.cleaning.id.hex)][1] == office.hygienist.id.hex
    assert pc.schedule.for_patient(office.ben.id)  # the visits did move


def test_imported_visits_are_kept(owner_session: PracticeSession) -> None:
    moving = set_up_moving(owner_session)
    pc = moving.session
    data = (
        b"AptNum,PatNum,AptDateTime,Pattern,ProvNum,ProvHyg,IsHygiene,Op,ProcDescript,AptStatus,"
        b"Note\r\n"
        b"1,201,2025-03-04 09:00:00,//XXXX//,1,0,0,11,Ex,2,seen\r\n"
        b"2,201,2025-09-02 10:00:00,//XXXX//,1,0,0,11,Ex,2,\r\n"
        b"3,203,2025-03-04 10:00:00,XXXXXX,2,0,0,11,Pro,5,\r\n"
    )
    mapping = pc.appointment_import.starting_mapping("open-dental")
    for what, values in {
        "provider": {"1": "Dr. Ada Park", "2": "Hal Hughes"},
        "chair": {"11": "Chair 1"},
        "kind": {"Ex": "Exam"},
    }.items():
        mapping = mapping.with_values(what, values)
    report = pc.appointment_import.run(data, mapping, dry_run=False, file_name="appt.txt")
    assert report.added == 3
    dana = pc.patients.search("Dana Reyes")[0].id
    start, _ = _pairs(pc)[(dana.hex, moving.office.exam.id.hex)]
    assert start.startswith("2025-09-02")


def test_an_upgrade_to_0021_fills_the_table_from_the_visits(office: Office) -> None:
    pc = office.session
    template = office.visit(office.ana, 0, 9, kind=office.cleaning)
    _done(
        office,
        _past(office, template, 100),
        _past(office, replace(template, patient_id=office.ben.id, type_id=None), 50),
        _past(office, replace(template, provider_id=office.hygienist.id), 30),
    )
    before = _pairs(pc)
    assert len(before) == 2
    engine = pc._ctx.db.engine.execution_options(**{WRITE_OPTION: True})
    downgrade(engine, "0020")
    with engine.connect() as connection:
        tables = set(connection.scalars(text("SELECT name FROM sqlite_master")))
    assert "recall_last_visit" not in tables and not tables & TRIGGERS
    schema.upgrade(pc._ctx.db.engine)
    assert _pairs(pc) == before


# Any sequence of writes of visits, straight to the table as sync and imports write: rows
# added, any column the kept answer depends on changed (and one it does not), tombstoned,
# brought back, removed. Few starts, so that two visits often share one.
_STARTS = [datetime(2026, 1, day, 9, tzinfo=UTC) for day in (5, 5, 6, 7)]
_STATUSES = [VisitStatus.COMPLETED.value, VisitStatus.SCHEDULED.value, "cancelled"]


class _Undone(Exception):
    """Rolls an example's writes back."""


@st.composite
def _writes(draw: st.DrawFn) -> list[tuple[str, int, str, int, list[int]]]:
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["insert", "insert", "update", "update", "update", "delete"]),
                st.integers(0, 50),  # which existing visit
                st.sampled_from(
                    ["patient", "provider", "type", "start", "status", "deleted", "notes"]
                ),
                st.integers(0, 50),  # which value
                st.lists(st.integers(0, 5), min_size=6, max_size=6),  # a new visit's values
            ),
            min_size=4,
            max_size=24,
        )
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(writes=_writes())
def test_after_any_writes_of_visits_the_table_answers_as_the_grouped_query(
    office: Office, writes: list[tuple[str, int, str, int, list[int]]]
) -> None:
    patients = [office.ana.id, office.ben.id, office.cleo.id]
    choices: dict[str, list[object]] = {
        "patient": list(patients),
        "provider": [office.dentist.id, office.hygienist.id],
        "type": [office.exam.id, office.cleaning.id, None],
        "start": list(_STARTS),
        "status": list(_STATUSES),
        "deleted": [None, None, datetime(2026, 2, 1, tzinfo=UTC)],
        "notes": ["", "moved"],
    }
    columns = {"patient": "patient_id", "provider": "provider_id", "type": "type_id",
               "start": "starts_at", "status": "status", "deleted": "deleted_at"}  # fmt: skip
    table = Appointment.__table__
    with pytest.raises(_Undone), office.session._ctx.db.writing() as session:
        ids: list[uuid.UUID] = []
        for op, which, field, value, pick in writes:
            if op == "insert" or not ids:
                new = uuid.uuid4()
                session.execute(
                    insert(table).values(
                        id=new, hlc="", minutes=30, room_id=None,
                        patient_id=choices["patient"][pick[0] % 3],
                        provider_id=choices["provider"][pick[1] % 2],
                        type_id=choices["type"][pick[2] % 3],
                        starts_at=choices["start"][pick[3] % 4],
                        status=choices["status"][pick[4] % 3],
                        deleted_at=choices["deleted"][pick[5] % 3],
                    )
                )  # fmt: skip
                ids.append(new)
            elif op == "update":
                options = choices[field]
                session.execute(
                    update(table)
                    .where(table.c.id == ids[which % len(ids)])
                    .values({columns.get(field, "notes"): options[value % len(options)]})
                )
            else:
                session.execute(delete(table).where(table.c.id == ids.pop(which % len(ids))))
            assert kept(session) == grouped(session), (op, field)
        raise _Undone  # each example starts from no visits: few rows, so each write tells
