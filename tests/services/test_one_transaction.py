"""A use case is one transaction: it reads what it needs, does its work and writes its audit
entry between one BEGIN and one COMMIT, instead of calling other services that each open
their own (a chart opened in two, a packet printed in seven, before)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from practicedesk.services.session import PracticeSession
from tests.services.schedule_fixtures import Office, practice_today, set_up_office


@contextmanager
def transactions(session: PracticeSession) -> Iterator[list[str]]:
    """Every BEGIN the session's database sees while the block runs."""
    begun: list[str] = []
    engine = session._ctx.db.engine

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("BEGIN"):
            begun.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield begun
    finally:
        event.remove(engine, "before_cursor_execute", note)


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.fixture
def surgery(office: Office) -> uuid.UUID:
    """Booked before anything is counted: booking is a use case of its own."""
    schedule = office.session.schedule
    return schedule.book(office.visit(office.ana, 0, 9, kind=office.extraction, minutes=60)).id


USE_CASES: dict[str, Callable[[PracticeSession, Office, uuid.UUID], object]] = {
    "opening a chart": lambda s, o, _v: s.chart.open(o.ana.id),
    "a form's facts": lambda s, o, v: s.forms.facts(o.ana.id, v),
    "starting a form": lambda s, o, v: s.forms.start(o.ana.id, "medical-history", v),
    "printing a packet": lambda s, _o, v: s.forms.packet(v),
    "printing a form for a patient": lambda s, o, _v: s.forms.blank("medical-history", o.ana.id),
    "printing a chart summary": lambda s, o, _v: s.record_export.summary_pdf(o.ana.id),
    "exporting a record": lambda s, o, _v: s.record_export.fhir_bundle(o.ana.id),
    "printing a day sheet": lambda s, _o, _v: s.printouts.day_sheet(practice_today()),
    "printing an appointment card": lambda s, _o, v: s.printouts.appointment_card(v),
    "the readiness board": lambda s, _o, _v: s.readiness.board(),
}


@pytest.mark.parametrize("use_case", sorted(USE_CASES))
def test_a_use_case_is_one_transaction(office: Office, surgery: uuid.UUID, use_case: str) -> None:
    with transactions(office.session) as begun:
        USE_CASES[use_case](office.session, office, surgery)
    assert len(begun) == 1, begun


def test_the_count_sees_a_use_case_that_calls_another(office: Office) -> None:
    """The counter itself: the chart's facts and a second read are two transactions."""
    with transactions(office.session) as begun:
        office.session.chart.read(office.ana.id)
        office.session.chart.read(office.ana.id)
    assert len(begun) == 2
