"""Sending the reminders that are due, from the one PC chosen to send them.

`ReminderService.send_due` is one round: it works the queue out again (queue.py), then
sends what is due one message at a time. Each message is *claimed* first (status
"sending", committed), then handed to the mail server, then marked sent **in the same
transaction** that writes it into the patient's communication log and the audit log. So:

- a message the server refused or never got is marked failed with the server's reason and
  tried again later (5 minutes, then 15, 45… up to 6 hours; never once the visit is near),
  or not at all when the refusal is permanent (an unknown address): it waits in the
  worklist for a person;
- a lost connection stops the round; the messages after it stay queued for the next one;
- a message claimed when the program stopped (a crash, a power cut) is "unsure": it may
  have gone. It is never sent again by itself; the worklist shows it and a person decides.

Nothing here touches Qt: the window runs rounds on a worker (ui/reminders/runner.py) and
`practicedesk send-reminders` runs one from a scheduled task.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from practicedesk.domain.reminder_text import fill
from practicedesk.errors import InvalidInput, MailNotSent
from practicedesk.interop.channels import Attachment, Channel, DeliveryFailed, Outgoing
from practicedesk.interop.ical import appointment_bytes
from practicedesk.interop.smtp_channel import SmtpChannel, SmtpServer
from practicedesk.progress import NO_PROGRESS, Progress
from practicedesk.security.roles import Permission
from practicedesk.security.sealing import settings_key
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.practice.details import PracticeDetails, read_details
from practicedesk.services.recall.calls import log_contact
from practicedesk.services.reminders import queue, setup
from practicedesk.services.reminders.queue import QueueReport
from practicedesk.services.reminders.worklist import ReminderProblem, read_problems
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.models import (
    Appointment,
    AppointmentType,
    Patient,
    Provider,
    ReminderMessage,
)
from practicedesk.store.models.base import utcnow

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
GIVE_UP_BEFORE_VISIT = timedelta(hours=1)
LATE_NOTICE = timedelta(hours=2)  # as domain/reminders.send_times
LATE = timedelta(hours=1)
_STALE = "PracticeDesk stopped while this reminder was being sent: it may have gone out."


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    left: int = 0  # due, but the round stopped before them
    queued: QueueReport = field(default_factory=QueueReport)
    state: str = ""  # whether this PC sends, in words
    problem: str = ""  # the last failure's reason

    def lines(self) -> list[str]:
        out = [self.state]
        if self.sent or self.failed or self.left:
            out.append(f"Sent {self.sent}, failed {self.failed}, left for later {self.left}.")
        if self.problem:
            out.append(f"Last problem: {self.problem}")
        return out


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: uuid.UUID
    patient_id: uuid.UUID
    appointment_id: uuid.UUID
    message: Outgoing
    starts_at: datetime


class ReminderService:
    def __init__(self, context: Context, master_key: bytes) -> None:
        self._ctx = context
        self._key = settings_key(master_key)
        self._round = threading.Lock()
        # What a round sends through: the e-mail channel; a test may put a stand-in here.
        self.open_channel: Callable[[SmtpServer], Channel] = SmtpChannel

    @property
    def _device(self) -> str:
        return self._ctx.db.clock.device

    def queue(self, now: datetime | None = None) -> QueueReport:
        """Work the queue out again now (the round does it too); nothing if this PC does
        not send."""
        now = now or utcnow()
        with self._ctx.db.writing() as session:
            if not setup.may_send(session, self._device):
                return QueueReport()
            rules = setup.read_setup(session).rules
            return queue.reconcile(session, rules, practice_zone(session), now)

    def send_due(self, progress: Progress = NO_PROGRESS, now: datetime | None = None) -> SendReport:
        """One round; another already running makes this one return at once, empty."""
        report = SendReport()
        if not self._round.acquire(blocking=False):
            return report
        try:
            self._round_under_lock(report, progress, now)
        finally:
            self._round.release()
        if report.sent or report.failed:
            self._ctx.announce(Area.PATIENTS)
        return report

    def _round_under_lock(
        self, report: SendReport, progress: Progress, now: datetime | None
    ) -> None:
        start = now or utcnow()
        with self._ctx.db.reading() as session:
            state = setup.sender_state(session, self._device, {})
            quiet = not state.sends_here and not setup.owes_acknowledgement(session, self._device)
        if quiet:  # most PCs, most minutes: nothing to write
            report.state = state.text
            return
        with self._ctx.db.writing() as session:
            _settle_stale_claims(session, self._device)
            setup.acknowledge(session, self._device)
            state = setup.sender_state(session, self._device, {})
            report.state = state.text
            if not state.sends_here:
                return
            settings = setup.read_setup(session)
            report.queued = queue.reconcile(session, settings.rules, practice_zone(session), start)
            due = _due(session, start)
        if not due:
            return
        with self._ctx.db.reading() as session:
            server = setup.read_server(session, self._key)
        try:
            with self.open_channel(server) as channel:
                self._send_all(channel, due, report, progress, now)
        except DeliveryFailed as failure:  # the server could not be reached at all
            report.problem = failure.reason
            with self._ctx.db.writing() as session:
                for message_id in due[report.sent + report.failed :]:
                    _mark_failed(session, message_id, failure, now or utcnow(), tried=True)
                    report.failed += 1

    def _send_all(
        self,
        channel: Channel,
        due: list[uuid.UUID],
        report: SendReport,
        progress: Progress,
        now: datetime | None,
    ) -> None:
        for done, message_id in enumerate(due):
            if progress.cancelled:
                report.left = len(due) - done
                return
            progress.report(done, len(due), "Sending reminders…")
            claimed = self._claim(message_id, now or utcnow())
            if claimed is None:
                continue
            try:
                channel.send(claimed.message)
            except DeliveryFailed as failure:
                report.failed += 1
                report.problem = failure.reason
                with self._ctx.db.writing() as session:
                    _mark_failed(session, message_id, failure, now or utcnow())
                if failure.stop:
                    report.left = len(due) - done - 1
                    return
                continue
            with self._ctx.db.writing() as session:
                self._mark_sent(session, claimed, now or utcnow())
            report.sent += 1

    def _claim(self, message_id: uuid.UUID, now: datetime) -> _Claimed | None:
        """The message to send, claimed by this PC; None if it is no longer to send here."""
        with self._ctx.db.writing() as session:
            if not setup.may_send(session, self._device):
                return None
            row = session.get(ReminderMessage, message_id)
            if row is None or row.id not in _due(session, now, [row.appointment_id]):
                return None
            visit = session.get(Appointment, row.appointment_id)
            patient = session.get(Patient, row.patient_id)
            if visit is None or patient is None or visit.starts_at != row.visit_starts_at:
                return None  # changed since the round began: the next round sees to it
            if not queue.reachable(patient):
                row.status, row.to_address = queue.SKIPPED, ""
                return None
            row.to_address = patient.email
            message = compose(session, visit, patient, row.id, row.to_address, now)
            row.status, row.device, row.attempts = queue.SENDING, self._device, row.attempts + 1
            return _Claimed(row.id, patient.id, visit.id, message, visit.starts_at)

    def _mark_sent(self, session: Session, claimed: _Claimed, now: datetime) -> None:
        row = session.get(ReminderMessage, claimed.id)
        assert row is not None  # claimed by this PC a moment ago; rows are never deleted
        row.status, row.sent_at, row.last_error, row.next_try_at = queue.SENT, now, "", None
        zone = practice_zone(session)
        when = claimed.starts_at.astimezone(zone)
        log_contact(
            session, self._ctx, claimed.patient_id, "reminder", "sent",
            f"To {row.to_address}, {row.rule}, for {_day(when)} at {_clock(when)}",
            appointment_id=claimed.appointment_id, kind="email",
        )  # fmt: skip

    def retry(self, message_id: uuid.UUID) -> None:
        """A failed or unsure reminder goes again in the sending PC's next round. Writes
        only `next_try_at`, never the status (see store/models/recall.py)."""
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            row = session.get(ReminderMessage, message_id)
            if row is None or row.status not in (queue.FAILED, queue.UNSURE):
                raise InvalidInput("That reminder is no longer waiting to be sent again.")
            row.next_try_at = utcnow()

    def problems(self) -> list[ReminderProblem]:
        """Failed and unsure reminders, and the visits to call about instead."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            return read_problems(session, utcnow())

    def send_test(self, to_address: str) -> None:
        """The reminder as a patient would get it, with made-up details, through the
        stored settings: the owner sees the words, the calendar entry, and that it goes."""
        self._ctx.require(Permission.SET_UP_REMINDERS)
        if not queue.valid_address(to_address.strip()):
            raise InvalidInput("Give the address to send the test to, like you@example.com.")
        with self._ctx.db.reading() as session:
            server = setup.read_server(session, self._key)
            settings = setup.read_setup(session)
            zone = practice_zone(session)
            details = read_details(session)
        if not server.host:
            raise InvalidInput("Give the mail server's name first, and save.")
        starts = (
            (utcnow() + timedelta(days=2))
            .astimezone(zone)
            .replace(hour=10, minute=0, second=0, microsecond=0)
        )
        values = _values(details, "Alex", starts, "Dr. Example", "Cleaning")
        message = Outgoing(
            f"<reminder-test.{uuid.uuid4()}@{_domain(server.from_address)}>",
            to_address.strip(),
            "Test: " + fill(settings.subject, values),
            fill(settings.text, values),
            _calendar(settings.attach_calendar, uuid.uuid4(), starts, 60, details),
        )
        try:
            with self.open_channel(server) as channel:
                channel.send(message)
        except DeliveryFailed as failure:
            raise MailNotSent(f"The test e-mail was not sent. {failure.reason}") from None


def compose(
    session: Session,
    visit: Appointment,
    patient: Patient,
    message_id: uuid.UUID,
    to_address: str,
    now: datetime,
) -> Outgoing:
    """A visit's reminder in the owner's words; `now` only stamps the calendar entry."""
    settings, details = setup.read_setup(session), read_details(session)
    starts = visit.starts_at.astimezone(practice_zone(session))
    provider = session.get(Provider, visit.provider_id)
    kind = session.get(AppointmentType, visit.type_id) if visit.type_id else None
    values = _values(
        details, patient.preferred_name or patient.first_name, starts,
        provider.name if provider else "", kind.name if kind else "",
    )  # fmt: skip
    return Outgoing(
        f"<reminder.{message_id}@{_domain(settings.from_address)}>",
        to_address,
        fill(settings.subject, values),
        fill(settings.text, values),
        _calendar(settings.attach_calendar, visit.id, starts, visit.minutes, details, now),
    )


def _values(
    details: PracticeDetails, first_name: str, starts: datetime, provider: str, kind: str
) -> dict[str, str]:
    return {
        "first_name": first_name,
        "day": _day(starts),
        "time": _clock(starts),
        "practice_name": details.name,
        "practice_phone": details.phone,
        "provider": provider,
        "procedure": kind,
    }


def _calendar(
    wanted: bool,
    visit_id: uuid.UUID,
    starts: datetime,
    minutes: int,
    details: PracticeDetails,
    now: datetime | None = None,
) -> tuple[Attachment, ...]:
    if not wanted:
        return ()
    place = ", ".join(
        part
        for part in (details.street, details.city, f"{details.region} {details.postal_code}")
        if part.strip()
    )
    content = appointment_bytes(
        visit_id, starts, starts + timedelta(minutes=minutes),
        title=f"Appointment at {details.name}", location=place, stamp=now or utcnow(),
    )  # fmt: skip
    return (Attachment("appointment.ics", "text/calendar", content),)


def _day(moment: datetime) -> str:
    return f"{moment:%A, %B} {moment.day}"


def _clock(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment:%M %p}"


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "practicedesk.invalid"


def _due(
    session: Session, now: datetime, appointment_ids: list[uuid.UUID] | None = None
) -> list[uuid.UUID]:
    """What to send now, in order. Of one visit's reminders that are all due at once (the
    PC was off) only the latest goes, the others are cancelled; one that is over an hour
    late with the visit under two hours away is too late to help."""
    query = select(ReminderMessage).where(
        ReminderMessage.deleted_at.is_(None),
        ReminderMessage.channel == "email",
        or_(
            and_(ReminderMessage.status == queue.QUEUED, ReminderMessage.send_at <= now),
            and_(
                ReminderMessage.status.in_([queue.FAILED, queue.UNSURE]),
                ReminderMessage.next_try_at <= now,
            ),
        ),
    )
    if appointment_ids is not None:
        query = query.where(ReminderMessage.appointment_id.in_(appointment_ids))
    latest: dict[uuid.UUID, ReminderMessage] = {}
    # Reminders due at one time go out in the order of their visits (then by id): the same
    # order on every PC and in every round, never the database's order of the moment.
    order = (ReminderMessage.send_at, ReminderMessage.visit_starts_at, ReminderMessage.id)
    for row in session.scalars(query.order_by(*order)):
        starts = row.visit_starts_at
        if starts is None or starts <= now:
            continue
        if row.status == queue.QUEUED and now - row.send_at > LATE and starts - now < LATE_NOTICE:
            row.status, row.last_error = queue.CANCELLED, "Too late to help: the visit is near."
            continue
        earlier = latest.get(row.appointment_id)
        if earlier is not None:
            earlier.status = queue.CANCELLED
            earlier.last_error, earlier.next_try_at = "A later reminder went instead.", None
        latest[row.appointment_id] = row
    ordered = sorted(latest.values(), key=lambda row: (row.send_at, row.visit_starts_at, row.id))
    return [row.id for row in ordered]


def _mark_failed(
    session: Session,
    message_id: uuid.UUID,
    failure: DeliveryFailed,
    now: datetime,
    *,
    tried: bool = False,
) -> None:
    """`tried`: the round failed before this message was claimed (and counted)."""
    row = session.get(ReminderMessage, message_id)
    if row is None:
        return
    row.attempts += 1 if tried else 0
    row.status, row.last_error = queue.FAILED, failure.reason
    row.next_try_at = None if failure.permanent else _next_try(row, now)


def _next_try(row: ReminderMessage, now: datetime) -> datetime | None:
    """5 minutes after the first failure, three times longer after each next one, at most
    6 hours; none once the visit is under an hour away (a person decides then)."""
    wait = min(FIRST_RETRY * 3 ** max(row.attempts - 1, 0), LONGEST_WAIT)
    starts = row.visit_starts_at
    if starts is None or now + wait > starts - GIVE_UP_BEFORE_VISIT:
        return None
    return now + wait


def _settle_stale_claims(session: Session, device: str) -> None:
    """Claims this PC left when it stopped mid-send: the round lock is held, so none of
    this PC's claims can be in flight."""
    for row in session.scalars(
        select(ReminderMessage).where(
            ReminderMessage.status == queue.SENDING, ReminderMessage.device == device
        )
    ):
        row.status, row.last_error, row.next_try_at = queue.UNSURE, _STALE, None
