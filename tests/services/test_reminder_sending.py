"""E-mail reminders sent through a real SMTP server on 127.0.0.1: what the patient gets,
a server that refuses an address, one that insists on STARTTLS with its own certificate,
one that drops the connection mid-batch, and a round cut short by a crash. Each time:
nothing lost, nothing sent twice."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select

from practicedesk.errors import MailNotSent
from practicedesk.interop.smtp_channel import Security
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import ChangeEntry, ReminderMessage, Setting
from tests.services.mail_fixtures import (
    PASSWORD,
    USER,
    Inbox,
    mail_server,
    reachable,
    self_signed,
    send_from_here,
)
from tests.services.schedule_fixtures import ZONE, Office, set_up_office


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def _book_tuesday(office: Office, *patients, hour: int = 10):  # type: ignore[no-untyped-def]
    """Visits on the coming Tuesday, one after another from `hour`; queued on the Friday
    before, so both usual reminders (Sunday 10:00, Monday 8:00) are still to come."""
    visits = [
        office.session.schedule.book(
            office.visit(patient, 1, hour + n // 2, 30 * (n % 2)), book_anyway=True
        )
        for n, patient in enumerate(patients)
    ]
    office.session.reminders.queue(now=office.at(-3, 9))
    return visits


def test_a_due_reminder_goes_out_once_in_the_owners_words_with_a_calendar_entry(
    office: Office,
) -> None:
    session, inbox = office.session, Inbox()
    reachable(session, office.ana, "ana.alvarez@example.com")
    with mail_server(inbox) as port:
        send_from_here(session, port)
        (visit, _) = _book_tuesday(office, office.ana, office.ben)
        report = session.reminders.send_due(now=office.at(-1, 10, 1))  # Sunday 10:01
        again = session.reminders.send_due(now=office.at(-1, 10, 2))
    assert (report.sent, report.failed, again.sent) == (1, 0, 0), report.lines()
    (mail,) = inbox.received
    starts = office.at(1, 10).astimezone(ZONE)
    day = f"{starts:%A, %B} {starts.day}"
    assert mail["To"] == "ana.alvarez@example.com"
    assert mail["Subject"] == f"Your appointment at Harbor Test Dental on {day}"
    assert "Harbor Test Dental" in mail["From"]
    text = mail.get_body(("plain",)).get_content()
    assert "Hello Ana," in text and f"on {day} at 10:00 AM" in text
    assert "(603) 436-2200" in text
    assert "Exam" not in text and "Park" not in text  # no procedure, no provider by default
    (ics,) = [part for part in mail.iter_attachments() if part.get_filename() == "appointment.ics"]
    event = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert event["uid"] == f"{visit.id}@practicedesk"
    assert event.decoded("dtstart") == office.at(1, 10)
    assert event.decoded("dtend") == office.at(1, 10, 30)
    logged = session.chart.read(office.ana.id).communications[0]
    assert (logged.kind, logged.summary.split(".")[0]) == ("email", "Reminder email: sent")
    assert any(e.action == "communication logged" and "reminder" in e.summary
               for e in session.audit.entries())  # fmt: skip
    (to_call,) = session.reminders.problems()  # Ben has no address: call him instead
    assert (to_call.kind, to_call.patient_id, to_call.reason) == (
        "to call", office.ben.id, "No e-mail address",
    )  # fmt: skip


def test_reminders_due_at_one_time_go_out_in_the_order_of_their_visits(office: Office) -> None:
    """The same order on every PC and in every round: not the database's order of the moment
    (it followed the reminders' ids, made from a hash, and a test saw Cleo's go before Ana's)."""
    session, inbox = office.session, Inbox()
    people = [office.ana, office.ben, office.cleo]
    for n in range(5):
        people.append(session.patients.add(NewPatient(f"Pat{n}", "Order")))
    for n, patient in enumerate(people):
        reachable(session, patient, f"patient{n}@example.com")
    with mail_server(inbox) as port:
        send_from_here(session, port)
        _book_tuesday(office, *people)
        report = session.reminders.send_due(now=office.at(-1, 10, 1))
    assert report.sent == len(people)
    assert inbox.to() == [f"patient{n}@example.com" for n in range(len(people))]


def test_the_owner_may_add_the_procedure_and_the_provider_to_the_words(office: Office) -> None:
    session, inbox = office.session, Inbox()
    reachable(session, office.ana, "ana@example.com")
    with mail_server(inbox) as port:
        send_from_here(session, port, text="{first_name}: {procedure} with {provider}, {time}.")
        _book_tuesday(office, office.ana)
        session.reminders.send_due(now=office.at(-1, 10, 1))
    assert inbox.received[0].get_body(("plain",)).get_content().strip() == (
        "Ana: Exam with Dr. Ada Park, 10:00 AM."
    )


def test_a_refused_address_waits_with_the_servers_reason_and_goes_once_corrected(
    office: Office,
) -> None:
    session, inbox = office.session, Inbox(refuse=frozenset({"ben@nowhere.example"}))
    for patient, email in ((office.ana, "ana@example.com"), (office.ben, "ben@nowhere.example"),
                           (office.cleo, "cleo@example.com")):  # fmt: skip
        reachable(session, patient, email)
    with mail_server(inbox) as port:
        send_from_here(session, port)
        _book_tuesday(office, office.ana, office.ben, office.cleo)
        report = session.reminders.send_due(now=office.at(-1, 10, 1))
        assert (report.sent, report.failed) == (2, 1)
        (failed,) = session.reminders.problems()
        assert (failed.kind, failed.patient_id, failed.next_try_at) == (
            "failed", office.ben.id, None,  # a permanent refusal is not retried by itself
        )  # fmt: skip
        assert "550" in failed.reason and "User unknown" in failed.reason
        assert session.reminders.send_due(now=office.at(-1, 11)).sent == 0
        reachable(session, office.ben, "ben@example.com")
        fixed = session.reminders.send_due(now=office.at(-1, 11, 1))
    assert fixed.sent == 1 and session.reminders.problems() == []
    assert inbox.to() == ["ana@example.com", "cleo@example.com", "ben@example.com"]


def test_a_server_insisting_on_starttls_with_its_own_certificate_is_trusted_only_when_told(
    office: Office, tmp_path: Path
) -> None:
    session, inbox = office.session, Inbox()
    certificate = self_signed(tmp_path)
    reachable(session, office.ana, "ana@example.com")
    with mail_server(inbox, tls=certificate.context) as port:
        send_from_here(session, port, security=Security.STARTTLS, user=USER, password=PASSWORD)
        with pytest.raises(MailNotSent, match="certificate this PC does not trust"):
            session.reminders.send_test("owner@example.com")
        _book_tuesday(office, office.ana)
        untrusted = session.reminders.send_due(now=office.at(-1, 10, 1))
        assert (untrusted.sent, untrusted.failed) == (0, 1)
        assert "does not trust" in session.reminders.problems()[0].reason
        send_from_here(session, port, security=Security.STARTTLS, user=USER,
                       trusted=certificate.pem)  # fmt: skip
        session.reminders.send_test("owner@example.com")
        assert session.reminders.send_due(now=office.at(-1, 10, 3)).sent == 0  # waits 5 min
        trusted = session.reminders.send_due(now=office.at(-1, 10, 7))
    assert trusted.sent == 1
    assert inbox.to() == ["owner@example.com", "ana@example.com"]
    assert inbox.received[0]["Subject"].startswith("Test: Your appointment at")
    with session._ctx.db.reading() as db:
        stored = db.scalar(select(Setting.value).where(Setting.key == "reminders"))
        logged = " ".join(db.scalars(select(ChangeEntry.data)))
    assert PASSWORD not in stored and PASSWORD not in logged  # sealed, never in clear


def test_a_connection_dropped_mid_batch_loses_nothing_and_sends_nothing_twice(
    office: Office,
) -> None:
    session, inbox = office.session, Inbox(drop_at=2)
    people = [office.ana, office.ben, office.cleo] + [
        session.patients.add(NewPatient(first, "Dunn")) for first in ("Dora", "Dale", "Dina")
    ]
    for person in people:
        reachable(session, person, f"{person.first_name.lower()}@example.com")
    with mail_server(inbox) as port:
        send_from_here(session, port)
        _book_tuesday(office, *people)
        first = session.reminders.send_due(now=office.at(-1, 10, 1))
        assert (first.sent, first.failed, first.left) == (2, 1, 3)
        assert "connection" in first.problem
        second = session.reminders.send_due(now=office.at(-1, 10, 7))
    assert (second.sent, second.failed) == (4, 0)
    assert sorted(inbox.to()) == sorted(f"{p.first_name.lower()}@example.com" for p in people)
    assert len({mail["Message-ID"] for mail in inbox.received}) == 6
    assert inbox.dropped == 1


def test_a_reminder_claimed_when_the_program_stopped_is_never_sent_again_by_itself(
    office: Office,
) -> None:
    session, inbox = office.session, Inbox()
    reachable(session, office.ana, "ana@example.com")
    with mail_server(inbox) as port:
        send_from_here(session, port)
        _book_tuesday(office, office.ana)
        with session._ctx.db.writing() as db:  # as a crash after the claim leaves it
            row = db.scalars(select(ReminderMessage).order_by(ReminderMessage.send_at)).first()
            assert row is not None
            row.status, row.device = "sending", session.reminder_setup.this_pc
        assert session.reminders.send_due(now=office.at(-1, 10, 1)).sent == 0
        (unsure,) = session.reminders.problems()
        assert unsure.kind == "unsure" and "may have gone out" in unsure.reason
        session.reminders.retry(unsure.message_id)  # a person decides it did not go
        assert session.reminders.send_due(now=office.at(-1, 10, 2)).sent == 1
    assert inbox.to() == ["ana@example.com"]
