"""Worklists → Reminders as the coordinator works it: a reminder the server refused, retried
once the server takes mail again; a patient without e-mail, called instead. The sending
round runs in the background, as in the program."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from practicedesk.domain.reminders import ReminderRule
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.interop.channels import DeliveryFailed, Outgoing
from practicedesk.services.session import PracticeSession
from practicedesk.ui.reminders.runner import reminder_runner
from practicedesk.ui.worklists.reminders_tab import RemindersWorklistWidget
from practicedesk.ui.worklists.worklists_page import WorklistsPage
from tests.services.mail_fixtures import reachable, send_from_here
from tests.services.schedule_fixtures import Office, set_up_office


class Channel:
    """Stands in for the mail server: refuses while `busy`, keeps what it took."""

    name = "email"

    def __init__(self) -> None:
        self.busy, self.sent = True, []

    def __call__(self, server: Any) -> Channel:
        return self

    def __enter__(self) -> Channel:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        return None

    def send(self, message: Outgoing) -> None:
        if self.busy:
            raise DeliveryFailed("452 4.3.1 Insufficient system storage")
        self.sent.append(message)


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    """Ana (e-mail) and Ben (none) booked in three days; reminders "14 days before", long
    past, so each visit's one reminder is due now (booked late)."""
    office = set_up_office(owner_session)
    reachable(owner_session, office.ana, "ana@example.com")
    soon = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=3)
    for n, patient in enumerate((office.ana, office.ben)):
        visit = replace(office.visit(patient, 0, 9), starts_at=soon + timedelta(hours=n))
        owner_session.schedule.book(visit, book_anyway=True)
    send_from_here(owner_session, 2525, rules=(ReminderRule(14, time(9)),))
    return office


def test_a_refused_reminder_is_retried_from_the_list_and_a_patient_without_email_called(
    qtbot, office: Office
) -> None:  # type: ignore[no-untyped-def]
    session, channel = office.session, Channel()
    session.reminders.open_channel = channel
    runner = reminder_runner(session)
    with qtbot.waitSignal(runner.sig_round_finished, timeout=20_000):
        runner.run_now()
    page = WorklistsPage(session)
    qtbot.addWidget(page)
    page.show()
    tab = next(
        page.tabs.widget(i)
        for i in range(page.tabs.count())
        if isinstance(page.tabs.widget(i), RemindersWorklistWidget)
    )
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.panel.table.rowCount() == 2, timeout=5_000)
    cells = sorted(tab.panel.table.item(row, 4).text() for row in range(2))
    assert cells == ["Failed: 452 4.3.1 Insufficient system storage", "To call: No e-mail address"]
    assert tab.state.text() == "This PC sends the reminders."

    failed_row = next(row for row in range(2) if "Failed" in tab.panel.table.item(row, 4).text())
    tab.panel.table.selectRow(failed_row)
    assert tab.retry.isEnabled()
    channel.busy = False
    with qtbot.waitSignal(runner.sig_round_finished, timeout=20_000):
        qtbot.mouseClick(tab.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.panel.table.rowCount() == 1, timeout=5_000)
    assert [m.to for m in channel.sent] == ["ana@example.com"]

    tab.panel.table.selectRow(0)
    assert not tab.retry.isEnabled()  # a call, not a retry
    qtbot.mouseClick(tab.call, Qt.MouseButton.LeftButton)
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    confirmed = next(a for a in menu.actions() if a.text() == "Confirmed")
    confirmed.trigger()
    qtbot.waitUntil(lambda: tab.panel.table.rowCount() == 0, timeout=5_000)
    ben_visit = session.schedule.for_patient(office.ben.id)[0]
    assert session.schedule.get(ben_visit.id).status is VisitStatus.CONFIRMED
    assert tab.panel.empty.isVisible()
    assert tab.panel.empty.text().startswith("No reminder waits for anyone")


def test_with_reminders_off_the_empty_list_does_not_promise_one(
    qtbot, owner_session: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    """A new practice sends none: "everyone booked gets one" would be untrue."""
    tab = RemindersWorklistWidget(owner_session)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.state.text() == "E-mail reminders are off.", timeout=5_000)
    assert tab.panel.empty.isVisible()
    assert "Nobody gets an e-mail reminder" in tab.panel.empty.text()
    assert "Confirmations" in tab.panel.empty.text()
