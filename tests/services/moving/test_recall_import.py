"""Bringing the old system's recalls: its due dates stand until a visit here satisfies them,
the patient's own intervals and recalls turned off come along, and a second import adds
nothing."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from practicedesk.domain.hours import local_instant
from practicedesk.domain.recall import RecallState
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import NewAppointment, RecordedVisit
from practicedesk.services.session import PracticeSession
from tests.services.moving.moving_fixtures import MovingOffice, set_up_moving
from tests.services.schedule_fixtures import ZONE, practice_today

HEADER = "RecallNum,PatNum,RecallTypeNum,DateDue,RecallInterval,IsDisabled,Note"
TYPES = {"1": "Hygiene", "2": "Bitewing X-rays"}


@pytest.fixture
def moving(owner_session: PracticeSession) -> MovingOffice:
    office = set_up_moving(owner_session)
    assert owner_session.recall_types.add_usual() == 2  # Hygiene, Bitewing X-rays (cleaning)
    return office


def _run(session: PracticeSession, rows: list[str], **options: object):  # type: ignore[no-untyped-def]
    service = session.recall_import
    mapping = service.starting_mapping("open-dental").with_values("recall_type", TYPES)
    data = ("\r\n".join((HEADER, *rows)) + "\r\n").encode()
    return service.run(data, mapping, **options)  # type: ignore[arg-type]


def _recalls(
    session: PracticeSession, name: str
) -> dict[str, tuple[date | None, RecallState, str]]:
    patient = session.patients.search(name)[0].id
    return {r.name: (r.due, r.state, r.interval) for r in session.recall.for_patient(patient)}


def test_due_dates_intervals_and_recalls_turned_off_come_from_the_old_system(
    moving: MovingOffice,
) -> None:
    session = moving.session
    overdue = practice_today() - timedelta(days=40)
    later = practice_today() + timedelta(days=120)
    report = _run(session, [
        f"1,201,1,{overdue},393217,0,",  # 6 months and a day, packed as Open Dental keeps it
        f"2,202,1,{later},262144,0,",  # 4 months: the child's own
        "3,203,2,0001-01-01,0,1,moved away",
        "4,203,7,2026-01-01,0,0,",
        "5,999,1,2026-01-01,0,0,",
    ], dry_run=False)  # fmt: skip
    assert report.added == 3
    assert "1 recall already overdue on the recall list." in report.facts
    reasons = {line.line: line.text for line in report.rejected}
    assert "recall 7 is not matched" in reasons[5] and "id 999" in reasons[6]
    dana = _recalls(session, "Dana Reyes")
    assert dana["Hygiene"][:2] == (overdue, RecallState.OVERDUE)
    assert dana["Hygiene"][2] == "6 months and 1 days"
    eli = _recalls(session, "Eli Reyes")
    assert eli["Hygiene"] == (later, RecallState.NOT_DUE, "4 months")
    assert _recalls(session, "Fay Stone")["Bitewing X-rays"][1] is RecallState.OFF
    again = _run(session, [f"1,201,1,{overdue},393217,0,"], dry_run=False)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)


def test_a_visit_completed_here_after_the_export_moves_the_recall_on(
    moving: MovingOffice,
) -> None:
    session, office = moving.session, moving.office
    exported = practice_today() - timedelta(days=3)
    overdue = practice_today() - timedelta(days=40)
    _run(session, [f"1,201,1,{overdue},0,0,"], dry_run=False, as_of=exported)
    assert _recalls(session, "Dana Reyes")["Hygiene"][1] is RecallState.OVERDUE
    dana = session.patients.search("Dana Reyes")[0].id
    cleaned = local_instant(exported + timedelta(days=1), time(9), ZONE)
    visit = NewAppointment(dana, office.hygienist.id, office.chair2.id, cleaned, 60,
                           office.cleaning.id)  # fmt: skip
    session.schedule.record_many(
        [RecordedVisit(visit, VisitStatus.COMPLETED, completed_at=cleaned)], reason="test"
    )
    due, state, _ = _recalls(session, "Dana Reyes")["Hygiene"]
    assert due is not None and due > practice_today() and state is RecallState.NOT_DUE
