"""Handing the post-visit survey to the patient from the visit's menu: it opens in patient
mode for that visit, and a visit already answered is not surveyed twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from practicedesk.forms.answers import Answer
from practicedesk.services.reports.satisfaction import SURVEY_TEMPLATE
from practicedesk.services.schedule.records import AppointmentInfo, RecordedVisit, VisitStatus
from practicedesk.services.session import PracticeSession
from practicedesk.ui.forms.patient_mode import PatientModeWindow
from practicedesk.ui.schedule.schedule_page import SchedulePage
from tests.services.schedule_fixtures import ZONE, Office, set_up_office

SURVEY_ACTION = "Hand the survey to the patient…"
TITLE = "How was your visit?"


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.fixture
def page(qtbot: QtBot, office: Office) -> SchedulePage:
    page = SchedulePage(office.session)
    qtbot.addWidget(page)
    return page


def _seen_visit(office: Office) -> AppointmentInfo:
    visit = office.visit(office.ben, -7, 9)
    office.session.schedule.record_many(
        [RecordedVisit(
            visit, VisitStatus.COMPLETED, arrived_at=visit.starts_at,
            seated_at=visit.starts_at, completed_at=visit.starts_at + timedelta(minutes=30),
        )],
        reason="test",
    )  # fmt: skip
    day = office.session.schedule.day(visit.starts_at.astimezone(ZONE).date())
    return next(info for info in day.appointments if info.patient_id == office.ben.id)


def _survey_action(page: SchedulePage, visit: AppointmentInfo) -> QAction:
    menu = QMenu(page)
    page.menus.add_visit_actions(menu, visit)
    return next(a for a in menu.actions() if a.text() == SURVEY_ACTION)


def _patient_mode() -> list[PatientModeWindow]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, PatientModeWindow) and w.isVisible()]  # fmt: skip


def test_the_survey_opens_in_patient_mode_for_the_visit(
    qtbot: QtBot, page: SchedulePage, office: Office
) -> None:
    visit = _seen_visit(office)
    action = _survey_action(page, visit)
    assert action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: bool(_patient_mode()), timeout=20_000)
    window = _patient_mode()[0]
    qtbot.addWidget(window)
    assert window.titles == [TITLE]
    forms = office.session.forms.for_patient(office.ben.id)
    assert [(f.template_id, f.appointment_id, f.status) for f in forms] == [
        (SURVEY_TEMPLATE, visit.id, "draft")
    ]


def test_a_visit_already_answered_says_so_rather_than_asking_twice(
    qtbot: QtBot, page: SchedulePage, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit = _seen_visit(office)
    forms = office.session.forms
    started = forms.start(office.ben.id, SURVEY_TEMPLATE, visit.id)
    answers: dict[str, Answer] = dict.fromkeys(
        ("wait", "welcome", "explained", "care", "recommend"), "5"
    )
    forms.sign(started.info.id, answers, "Ben")
    said: list[str] = []

    def say(box: QMessageBox) -> int:
        said.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", say)
    _survey_action(page, visit).trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert "already answered the survey" in said[0]
    assert not _patient_mode()


def test_a_visit_not_yet_seen_offers_no_survey(page: SchedulePage, office: Office) -> None:
    booked = office.session.schedule.book(office.visit(office.cleo, 7, 10))
    assert not _survey_action(page, office.session.schedule.get(booked.id)).isEnabled()
