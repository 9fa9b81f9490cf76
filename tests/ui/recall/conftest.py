"""A small office whose patients are due for their cleaning, and the main window over it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, time

import pytest

from practicedesk.domain.hours import local_instant
from practicedesk.domain.recall import add_months
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.worklists.worklists_page import WorklistsPage
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office

WORKLISTS = 2


def cleaned(office: Office, patient: PatientSummary, day: date) -> None:
    """A cleaning done on `day`: the hygiene recall is due six months later."""
    visit = replace(
        office.visit(patient, 0, 9, kind=office.cleaning, minutes=60),
        starts_at=local_instant(day, time(9), ZONE),
    )
    office.session.schedule.record_many(
        [RecordedVisit(visit, VisitStatus.COMPLETED)], reason="test history"
    )


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    """Ana, Ben and Cleo had their last cleaning seven, eight and nine months ago: all three
    are overdue for hygiene."""
    office = set_up_office(owner_session)
    assert owner_session.recall_types.add_usual() >= 1
    today = practice_today()
    for months, patient in ((7, office.ana), (8, office.ben), (9, office.cleo)):
        cleaned(office, patient, add_months(today, -months))
    return office


@pytest.fixture
def window(qtbot, office: Office) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(office.session)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main


def worklists(window: MainWindow) -> WorklistsPage:
    page = window.page(WORKLISTS)
    assert isinstance(page, WorklistsPage)
    return page


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Callable[[str], None]:
    """Says on the terminal, captured or not, how many actions a task took."""

    def say(line: str) -> None:
        with capsys.disabled():
            sys.stdout.write(f"\n{line}\n")

    return say
