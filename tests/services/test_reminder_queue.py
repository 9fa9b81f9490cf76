"""The reminder queue follows the book: visits moved, cancelled, booked late, patients who
withdraw consent, a PC that was off when reminders fell due. A recording channel stands in
for the mail server here; the real server's part is in test_reminder_sending.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from practicedesk.interop.channels import Outgoing
from practicedesk.interop.smtp_channel import SmtpServer
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import ReminderMessage
from tests.services.mail_fixtures import reachable, send_from_here
from tests.services.schedule_fixtures import Office, set_up_office
from tests.sync.sync_fixtures import edit


@dataclass
class Recorder:
    """A channel that takes everything: what a reminder said, and to whom."""

    sent: list[Outgoing] = field(default_factory=list)
    name: str = "email"

    def __call__(self, server: SmtpServer) -> Recorder:
        return self

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        return None

    def send(self, message: Outgoing) -> None:
        self.sent.append(message)


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    office = set_up_office(owner_session)
    send_from_here(owner_session, 2525)
    reachable(owner_session, office.ana, "ana@example.com")
    return office


@pytest.fixture
def outbox(office: Office) -> Recorder:
    recorder = Recorder()
    office.session.reminders.open_channel = recorder
    return recorder


def _rows(session: PracticeSession) -> list[ReminderMessage]:
    with session._ctx.db.reading() as db:
        rows = list(db.scalars(select(ReminderMessage).order_by(ReminderMessage.send_at)))
        db.expunge_all()
        return rows


def test_a_visit_gets_one_reminder_per_rule_at_the_rules_times(office: Office) -> None:
    session = office.session
    session.schedule.book(office.visit(office.ana, 1, 10))  # Tuesday 10:00
    report = session.reminders.queue(now=office.at(-3, 9))
    again = session.reminders.queue(now=office.at(-3, 9, 1))
    assert (report.queued, again.queued, again.changed) == (2, 0, 0)
    rows = _rows(session)
    assert [(r.rule, r.send_at, r.status) for r in rows] == [
        ("2 days before at 10:00", office.at(-1, 10), "queued"),
        ("the day before at 08:00", office.at(0, 8), "queued"),
    ]


def test_moving_a_visit_moves_its_reminders_and_cancelling_it_cancels_them(
    office: Office,
) -> None:
    session = office.session
    visit = session.schedule.book(office.visit(office.ana, 1, 10))
    session.reminders.queue(now=office.at(-3, 9))
    session.schedule.move(visit.id, starts_at=office.at(3, 14))  # to Thursday 14:00
    session.reminders.queue(now=office.at(-3, 9, 1))
    assert [r.send_at for r in _rows(session)] == [office.at(1, 10), office.at(2, 8)]
    session.schedule.cancel(visit.id, "patient asked")
    assert session.reminders.queue(now=office.at(-3, 9, 2)).cancelled == 2
    assert {r.status for r in _rows(session)} == {"cancelled"}


def test_a_visit_moved_after_its_reminder_went_gets_one_for_the_new_time(
    office: Office, outbox: Recorder
) -> None:
    session = office.session
    visit = session.schedule.book(office.visit(office.ana, 1, 10))
    session.reminders.queue(now=office.at(-3, 9))
    assert session.reminders.send_due(now=office.at(-1, 10, 1)).sent == 1
    session.schedule.move(visit.id, starts_at=office.at(3, 14))
    assert session.reminders.send_due(now=office.at(-1, 10, 2)).sent == 0
    assert session.reminders.send_due(now=office.at(1, 10, 1)).sent == 1
    assert "10:00 AM" in outbox.sent[0].text and "2:00 PM" in outbox.sent[1].text


def test_a_visit_booked_late_gets_a_single_reminder_now(office: Office, outbox: Recorder) -> None:
    session = office.session
    session.schedule.book(office.visit(office.ana, 1, 14))  # Tuesday 14:00, booked Mon 9:00
    report = session.reminders.send_due(now=office.at(0, 9))
    assert (report.queued.queued, report.sent) == (1, 1)
    assert [r.rule for r in _rows(session)] == ["the day before at 08:00"]


def test_a_pc_off_when_two_reminders_fell_due_sends_only_the_later(
    office: Office, outbox: Recorder
) -> None:
    session = office.session
    session.schedule.book(office.visit(office.ana, 1, 14))
    session.reminders.queue(now=office.at(-3, 9))
    assert session.reminders.send_due(now=office.at(0, 9)).sent == 1  # off since Friday
    assert [r.status for r in _rows(session)] == ["cancelled", "sent"]
    assert len(outbox.sent) == 1


def test_a_patient_who_withdraws_consent_is_listed_for_a_call_until_one_is_logged(
    office: Office, outbox: Recorder
) -> None:
    session = office.session
    visit = session.schedule.book(office.visit(office.ana, 1, 10))
    session.reminders.queue(now=office.at(-3, 9))
    edit(session, office.ana.id, email_reminders=False)
    assert session.reminders.send_due(now=office.at(-1, 10, 1)).sent == 0
    (to_call,) = session.reminders.problems()
    assert (to_call.kind, to_call.reason) == ("to call", "Has not agreed to e-mail reminders")
    session.calls.log(office.ana.id, "confirmation", "left message", appointment_id=visit.id)
    assert session.reminders.problems() == [] and outbox.sent == []


def test_a_failed_reminder_waits_longer_after_each_try_and_stops_near_the_visit(
    office: Office,
) -> None:
    from practicedesk.interop.channels import DeliveryFailed

    class Busy(Recorder):
        def send(self, message: Outgoing) -> None:
            raise DeliveryFailed("451 4.3.0 Try again later")

    session = office.session
    session.reminders.open_channel = Busy()
    session.schedule.book(office.visit(office.ana, 1, 10))
    session.reminders.queue(now=office.at(-3, 9))
    now, waits = office.at(-1, 10), []
    for _ in range(5):
        assert session.reminders.send_due(now=now).failed == 1
        (failed,) = session.reminders.problems()
        assert failed.next_try_at is not None and "451" in failed.reason
        waits.append(failed.next_try_at - now)
        now = failed.next_try_at
    assert waits == [timedelta(minutes=m) for m in (5, 15, 45, 135, 360)]
    session.reminders.send_due(now=office.at(1, 8, 30))  # the visit is 90 minutes away
    assert [p.next_try_at for p in session.reminders.problems()] == [None]
