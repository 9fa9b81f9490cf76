"""The calendar export carries initials and the visit type, not names, unless asked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from practicedesk.interop.ical import initials
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.session import PracticeSession
from tests.services.schedule_fixtures import Office, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Alvarez, Ana", "A.A."),
        ("Chen, Cleo (Clee)", "C.C."),
        ("O'Neil, Bo", "B.O."),
        ("Madonna", "M."),
    ],
)
def test_initials_put_the_first_name_first(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_the_export_holds_initials_and_type_only(office: Office) -> None:
    schedule, printouts = office.session.schedule, office.session.printouts
    schedule.book(office.visit(office.ana, 0, 9))
    schedule.book(office.visit(office.ben, 1, 10, kind=office.extraction, minutes=60))
    data = printouts.calendar_file(
        office.dentist.id, office.monday, office.monday + timedelta(days=6)
    )
    text = data.decode()
    assert "Alvarez" not in text and "Brooks" not in text and "Ana" not in text
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert sorted(str(e["summary"]) for e in events) == ["A.A. — Exam", "B.B. — Extraction"]
    assert {str(e["location"]) for e in events} == {"Chair 1"}
    full = printouts.calendar_file(
        office.dentist.id, office.monday, office.monday + timedelta(days=6), full_names=True
    )
    summaries = {str(e["summary"]) for e in Calendar.from_ical(full).walk("VEVENT")}
    assert "Alvarez, Ana — Exam" in summaries
    exports = office.session.audit.entries(AuditFilter(action=Action.SCHEDULE_EXPORTED))
    assert [e.summary.endswith("(full names)") for e in exports] == [True, False]
