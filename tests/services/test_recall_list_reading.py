"""How the whole practice's recall list reads the database, which is what keeps it fast on a
busy practice (docs/decisions/0024): a fixed few statements however many patients are
listed, and the last completed visits read from the table that keeps them, not from every
visit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import time
from typing import Any

import pytest
from sqlalchemy import event

from practicedesk.domain.hours import local_instant
from practicedesk.domain.recall import add_months
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    office = set_up_office(owner_session)
    assert owner_session.recall_types.add_usual() >= 1  # Hygiene, from the Cleaning type
    return office


@pytest.fixture
def statements(owner_session: PracticeSession) -> Iterator[list[tuple[str, Any]]]:
    """The SQL the practice's database runs, with its parameters, while a test watches."""
    seen: list[tuple[str, Any]] = []
    engine = owner_session._ctx.db.engine

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _cleanings(office: Office, count: int) -> None:
    """`count` new patients, each with a cleaning done 6 to 17 months ago: all due."""
    session, today = office.session, practice_today()
    new = session.patients.add_many(
        [NewPatient(f"Pat{i}", f"Recall{i:03d}") for i in range(count)], reason="test"
    )
    template = office.visit(office.ana, 0, 9, kind=office.cleaning, minutes=60)
    visits = [
        replace(
            template,
            patient_id=patient_id,
            starts_at=local_instant(add_months(today, -(6 + i % 12)), time(9), ZONE),
        )
        for i, patient_id in enumerate(new)
    ]
    session.schedule.record_many(
        [RecordedVisit(v, VisitStatus.COMPLETED) for v in visits], reason="test history"
    )


def test_the_recall_list_reads_as_many_statements_for_forty_patients_as_for_three(
    office: Office, statements: list[tuple[str, Any]]
) -> None:
    session = office.session
    statements.clear()
    few = session.recall.list()
    read_for_few = len(statements)
    _cleanings(office, 40)
    statements.clear()
    many = session.recall.list()
    assert len(many) >= len(few) + 40
    assert len(statements) == read_for_few


def test_the_last_completed_visits_are_read_from_their_kept_table_not_from_every_visit(
    office: Office, statements: list[tuple[str, Any]]
) -> None:
    _cleanings(office, 5)
    statements.clear()
    office.session.recall.list()
    (statement, parameters), *_ = [
        (s, p) for s, p in statements if "from recall_last_visit" in s.lower()
    ]
    with office.session._ctx.db.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    steps = " | ".join(str(row[-1]) for row in plan)
    assert steps == "SCAN recall_last_visit"  # in its key's order: nothing sorted
    assert not [s for s, _ in statements if "max(appointment.starts_at)" in s.lower()]
