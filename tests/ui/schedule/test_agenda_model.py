"""The agenda's model: a week's visits as rows a person reads down, within Qt's item model
rules (pytest-qt's model tester)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from practicedesk.services.session import PracticeSession
from practicedesk.ui.schedule.agenda_model import AgendaModel
from tests.services.schedule_fixtures import ZONE, set_up_office


def test_the_agenda_lists_the_weeks_visits_within_qt_rules(
    qtmodeltester, owner_session: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    office = set_up_office(owner_session)
    schedule = office.session.schedule
    schedule.book(office.visit(office.ana, 0, 9))
    schedule.book(replace(office.visit(office.ben, 2, 14, provider=office.hygienist), room_id=None))
    model = AgendaModel()
    model.zone = ZONE
    model.provider_names = {p.id: p.name for p in office.session.staff.providers()}
    model.room_names = {r.id: r.name for r in office.session.staff.rooms()}
    model.set_rows(schedule.between(office.monday, office.monday + timedelta(days=6)))
    qtmodeltester.check(model)
    rows = [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    assert rows == [
        [f"Mon {office.monday:%m/%d} 9:00 AM".replace(" 0", " "), "Alvarez, Ana", "Exam",
         "Dr. Ada Park", "Chair 1", "Scheduled"],
        [f"Wed {office.monday + timedelta(days=2):%m/%d} 2:00 PM".replace(" 0", " "),
         "Brooks, Ben", "Exam", "Hal Hughes", "", "Scheduled"],
    ]  # fmt: skip
