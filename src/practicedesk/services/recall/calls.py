"""The coordinator's calls: recall calls and postcards, confirmation calls for the coming
working days, and the visits cancelled or missed and not rebooked. Every outcome goes into the
patient's communication log with its topic, so the lists can count attempts; "confirmed"
confirms the visit itself."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practicedesk.domain.reminders import next_working_days
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.charts import patient_row
from practicedesk.services.context import Context
from practicedesk.services.schedule.booking import change_status
from practicedesk.services.schedule.setup import practice_today, practice_zone, read_working_days
from practicedesk.store.models import Appointment, AppointmentType, Communication, Patient, Provider
from practicedesk.store.models.base import utcnow

TOPICS = ("recall", "confirmation", "reminder", "balance", "unscheduled")
RECALL_OUTCOMES = (
    "booked", "left message", "no answer", "will call back", "declined", "wrong number",
    "postcard sent",
)  # fmt: skip
CONFIRM_OUTCOMES = ("confirmed", "left message", "no answer", "wrong number")
CONFIRM_DAYS_AHEAD = 2
UNSCHEDULED_DAYS_BACK = 120


@dataclass(frozen=True, slots=True)
class ConfirmRow:
    appointment_id: uuid.UUID
    patient_id: uuid.UUID
    name: str
    phone: str
    preferred_contact: str
    starts_at: datetime
    provider: str
    kind: str  # the visit's type
    attempts: int  # confirmation calls made for this visit
    last_outcome: str


@dataclass(frozen=True, slots=True)
class UnscheduledRow:
    appointment_id: uuid.UUID
    patient_id: uuid.UUID
    name: str
    phone: str
    missed_at: datetime
    status: VisitStatus  # cancelled or no-show
    kind: str
    type_id: uuid.UUID | None
    reason: str
    attempts: int


class CallService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def log(
        self,
        patient_id: uuid.UUID,
        topic: str,
        outcome: str,
        note: str = "",
        *,
        appointment_id: uuid.UUID | None = None,
        kind: str = "call",
        follow_up_on: date | None = None,
    ) -> uuid.UUID:
        """One attempt and how it went; "confirmed" confirms the visit in the same breath."""
        self._ctx.require(Permission.EDIT_CHART)
        if topic not in TOPICS:
            raise InvalidInput(f"A call is about one of: {', '.join(TOPICS)}.")
        allowed = CONFIRM_OUTCOMES if topic == "confirmation" else RECALL_OUTCOMES
        if outcome not in allowed:
            raise InvalidInput(f"How it went is one of: {', '.join(allowed)}.")
        with self._ctx.db.writing() as session:
            logged = log_contact(session, self._ctx, patient_id, topic, outcome, note,
                                 appointment_id=appointment_id, kind=kind,
                                 follow_up_on=follow_up_on)  # fmt: skip
            if outcome == "confirmed" and appointment_id is not None:
                change_status(session, self._ctx.actor, appointment_id, VisitStatus.CONFIRMED,
                              via=kind)  # fmt: skip
        self._ctx.announce(Area.PATIENTS, Area.TASKS, Area.SCHEDULE)
        return logged

    def confirmations(self, days_ahead: int = CONFIRM_DAYS_AHEAD) -> list[ConfirmRow]:
        """Visits on the next working days that are booked but not confirmed, soonest first."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            today, zone = practice_today(session), practice_zone(session)
            open_days = read_working_days(session, today, today + timedelta(days=31))
            days = next_working_days(today, days_ahead, open_days.__contains__)
            if not days:
                return []
            start = datetime.combine(days[0], datetime.min.time(), zone)
            end = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), zone)
            rows = session.execute(
                select(Appointment, Patient, Provider.name, AppointmentType.name)
                .join(Patient, Patient.id == Appointment.patient_id)
                .join(Provider, Provider.id == Appointment.provider_id)
                .outerjoin(AppointmentType, AppointmentType.id == Appointment.type_id)
                .where(
                    Appointment.deleted_at.is_(None),
                    Appointment.status == VisitStatus.SCHEDULED.value,
                    Appointment.starts_at >= start,
                    Appointment.starts_at < end,
                )
                .order_by(Appointment.starts_at)
            ).all()
            tried = _attempts(session, "confirmation", [a.id for a, *_ in rows])
            wanted = set(days)
            return [
                ConfirmRow(
                    visit.id, visit.patient_id, f"{person.last_name}, {person.first_name}",
                    person.phone, person.preferred_contact, visit.starts_at, provider,
                    kind or "", *tried.get(visit.id, (0, "")),
                )
                for visit, person, provider, kind in rows
                if visit.starts_at.astimezone(zone).date() in wanted
            ]  # fmt: skip

    def unscheduled(self, days_back: int = UNSCHEDULED_DAYS_BACK) -> list[UnscheduledRow]:
        """Visits cancelled or missed lately whose patient has nothing booked since: the
        broken appointments to call about, newest first."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            now = utcnow()
            since = now - timedelta(days=days_back)
            broken = session.execute(
                select(Appointment, Patient, AppointmentType.name)
                .join(Patient, Patient.id == Appointment.patient_id)
                .outerjoin(AppointmentType, AppointmentType.id == Appointment.type_id)
                .where(
                    Appointment.deleted_at.is_(None),
                    Appointment.status.in_(
                        [VisitStatus.CANCELLED.value, VisitStatus.NO_SHOW.value]
                    ),
                    Appointment.starts_at >= since,
                    Patient.deleted_at.is_(None),
                    Patient.merged_into.is_(None),
                    Patient.status == "active",
                )
                .order_by(Appointment.starts_at.desc())
            ).all()
            booked = {
                patient_id
                for (patient_id,) in session.execute(
                    select(Appointment.patient_id)
                    .where(
                        Appointment.deleted_at.is_(None),
                        Appointment.status.in_([s.value for s in VisitStatus if s.is_open]),
                        Appointment.starts_at >= now,
                    )
                    .group_by(Appointment.patient_id)
                )
            }
            tried = _attempts(session, "unscheduled", [visit.id for visit, *_ in broken])
            seen: set[uuid.UUID] = set()
            found = []
            for visit, person, kind in broken:
                if visit.patient_id in booked or visit.patient_id in seen:
                    continue
                seen.add(visit.patient_id)  # one line per patient: the latest miss
                found.append(
                    UnscheduledRow(
                        visit.id, visit.patient_id, f"{person.last_name}, {person.first_name}",
                        person.phone, visit.starts_at, VisitStatus(visit.status), kind or "",
                        visit.type_id, visit.cancel_reason, tried.get(visit.id, (0, ""))[0],
                    )
                )  # fmt: skip
            return found


def log_contact(
    session: Session,
    ctx: Context,
    patient_id: uuid.UUID,
    topic: str,
    outcome: str,
    note: str = "",
    *,
    appointment_id: uuid.UUID | None = None,
    kind: str = "call",
    follow_up_on: date | None = None,
) -> uuid.UUID:
    """A line in the patient's communication log, with its topic and outcome, audited."""
    patient = patient_row(session, patient_id)
    summary = f"{topic.capitalize()} {kind}: {outcome}" + (
        f". {note.strip()}" if note.strip() else ""
    )
    row = Communication(
        patient_id=patient_id, at=utcnow(), kind=kind, direction="out", summary=summary,
        username=ctx.actor.username, follow_up_on=follow_up_on, topic=topic, outcome=outcome,
        appointment_id=appointment_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(
        session, ctx.actor, audit.Action.COMMUNICATION_LOGGED,
        f"{topic} {kind} ({outcome}) with chart {patient.chart_number}",
        subject_type="communication", subject_id=str(row.id), patient_id=patient_id,
    )  # fmt: skip
    return row.id


def _attempts(
    session: Session, topic: str, appointment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, str]]:
    """Per visit: how many calls about it, and how the last went."""
    found: dict[uuid.UUID, tuple[int, str]] = {}
    for start in range(0, len(appointment_ids), 500):
        chunk = appointment_ids[start : start + 500]
        counts = dict(
            session.execute(
                select(Communication.appointment_id, func.count())
                .where(Communication.topic == topic, Communication.appointment_id.in_(chunk),
                       Communication.deleted_at.is_(None))
                .group_by(Communication.appointment_id)
            ).all()
        )  # fmt: skip
        for visit_id, outcome in session.execute(
            select(Communication.appointment_id, Communication.outcome)
            .where(Communication.topic == topic, Communication.appointment_id.in_(chunk),
                   Communication.deleted_at.is_(None))
            .order_by(Communication.at)
        ):  # fmt: skip
            if visit_id is not None:
                found[visit_id] = (counts.get(visit_id, 0), outcome)
    return found
