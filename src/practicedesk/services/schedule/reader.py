"""The appointment book, read: days and weeks, one visit and its history, a patient's visits,
the rest of a series, the conflicts a proposal would have, and free times.

Reads only. `ScheduleService` (schedule.py) adds the writes on top of this class, so the UI
and scripts reach both through `session.schedule`; the row loaders at the bottom are shared
with those writes, which return what they changed as the views show it.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import replace
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from practicedesk.domain.hours import day_span, local_instant
from practicedesk.domain.scheduling import Conflict
from practicedesk.domain.slots import Slot, SlotRequest, free_slots
from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import NotFound
from practicedesk.security.roles import Permission
from practicedesk.services.context import Context
from practicedesk.services.practice.settings import GRID_MINUTES, read_setting
from practicedesk.services.practice.staff import ProviderKind
from practicedesk.services.schedule.conflicts import busy_times, conflicts_for
from practicedesk.services.schedule.records import (
    AppointmentInfo,
    DaySchedule,
    HistoryLine,
    NewAppointment,
    SlotQuery,
    appointment_info,
    history_line,
    type_info,
)
from practicedesk.services.schedule.setup import practice_zone, resolved_hours
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import (
    Appointment,
    AppointmentEvent,
    AppointmentType,
    Patient,
    PatientAlert,
    Provider,
    Room,
)
from practicedesk.store.models.base import utcnow


def read_day(session: Session, day: date) -> DaySchedule:
    """One local day: its visits (cancelled ones too, for the view to hide) and hours."""
    zone = practice_zone(session)
    whole_day = day_span(day, zone)
    rows = session.execute(
        _visits().where(
            Appointment.starts_at >= whole_day.start, Appointment.starts_at < whole_day.end
        )
    ).all()
    hours = resolved_hours(session, day, day, zone)
    visits = with_alerts(session, [_info(row) for row in rows])
    return DaySchedule(day, visits, hours.provider_hours, hours.room_hours, whole_day)


def read_visit(session: Session, appointment_id: uuid.UUID) -> AppointmentInfo:
    row = session.execute(_visits().where(Appointment.id == appointment_id)).first()
    if row is None:
        raise NotFound("That appointment no longer exists.")
    return with_alerts(session, [_info(row)])[0]


def read_patient_visits(session: Session, patient_id: uuid.UUID) -> list[AppointmentInfo]:
    query = _visits().where(Appointment.patient_id == patient_id)
    return with_alerts(session, [_info(row) for row in session.execute(query)])


def read_between(
    session: Session,
    first: date,
    last: date,
    *,
    provider_id: uuid.UUID | None = None,
    room_id: uuid.UUID | None = None,
    include_cancelled: bool = False,
) -> list[AppointmentInfo]:
    """The visits of local days `first` to `last`, of one provider or chair if asked."""
    zone = practice_zone(session)
    query = _visits().where(
        Appointment.starts_at >= local_instant(first, time(0), zone),
        Appointment.starts_at < local_instant(last + timedelta(days=1), time(0), zone),
    )
    if provider_id is not None:
        query = query.where(Appointment.provider_id == provider_id)
    if room_id is not None:
        query = query.where(Appointment.room_id == room_id)
    if not include_cancelled:
        query = query.where(
            Appointment.status.notin_([VisitStatus.CANCELLED.value, VisitStatus.NO_SHOW.value])
        )
    return with_alerts(session, [_info(row) for row in session.execute(query)])


class ScheduleReader:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- reading ------------------------------------------------------------------------------

    def zone(self) -> ZoneInfo:
        with self._ctx.db.reading() as session:
            return practice_zone(session)

    def day(self, day: date) -> DaySchedule:
        """One local day: its visits (cancelled ones too, for the view to hide) and hours."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            return read_day(session, day)

    def days(self, first: date, last: date, **filters: uuid.UUID) -> list[DaySchedule]:
        """Several days at once, for the week view: hours resolved in one pass.
        Filters: `provider_id` or `room_id`."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        visits = self.between(first, last, include_cancelled=True, **filters)
        with self._ctx.db.reading() as session:
            zone = practice_zone(session)
            hours = resolved_hours(session, first, last, zone)
        result = []
        day = first
        while day <= last:
            whole = day_span(day, zone)
            result.append(
                DaySchedule(
                    day,
                    [v for v in visits if whole.start <= v.starts_at < whole.end],
                    {
                        k: [s for s in v if s.overlaps(whole)]
                        for k, v in hours.provider_hours.items()
                    },
                    {k: [s for s in v if s.overlaps(whole)] for k, v in hours.room_hours.items()},
                    whole,
                )
            )
            day += timedelta(days=1)
        return result

    def between(
        self,
        first: date,
        last: date,
        *,
        provider_id: uuid.UUID | None = None,
        room_id: uuid.UUID | None = None,
        include_cancelled: bool = False,
    ) -> list[AppointmentInfo]:
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            return read_between(
                session,
                first,
                last,
                provider_id=provider_id,
                room_id=room_id,
                include_cancelled=include_cancelled,
            )

    def counts_by_day(self, first: date, last: date) -> dict[date, int]:
        """Visits that hold their time, per local day: the month overview."""
        zone = self.zone()
        visits = self.between(first, last)
        return dict(Counter(visit.starts_at.astimezone(zone).date() for visit in visits))

    def get(self, appointment_id: uuid.UUID) -> AppointmentInfo:
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            return read_visit(session, appointment_id)

    def history(self, appointment_id: uuid.UUID) -> list[HistoryLine]:
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            rows = session.scalars(
                select(AppointmentEvent)
                .where(AppointmentEvent.appointment_id == appointment_id)
                .order_by(AppointmentEvent.at, AppointmentEvent.hlc)
            )
            return [history_line(row) for row in rows]

    def for_patient(self, patient_id: uuid.UUID) -> list[AppointmentInfo]:
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            return read_patient_visits(session, patient_id)

    def check(
        self, proposal: NewAppointment, appointment_id: uuid.UUID | None = None
    ) -> list[Conflict]:
        """The conflicts booking (or moving `appointment_id` to) this proposal would have."""
        with self._ctx.db.reading() as session:
            return conflicts_for(session, proposal, appointment_id)

    def following_in_series(self, appointment_id: uuid.UUID) -> list[AppointmentInfo]:
        """This visit and the later ones of its series that are still to come."""
        with self._ctx.db.reading() as session:
            ids = [row.id for row in following_rows(session, appointment_id)]
            return [_info(r) for r in session.execute(_visits().where(Appointment.id.in_(ids)))]

    # -- free times -----------------------------------------------------------------------------

    def find_slots(self, query: SlotQuery) -> list[Slot]:
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            zone = practice_zone(session)
            now = utcnow()
            start = max(query.start_from or now, now)
            first_day = start.astimezone(zone).date()
            last_day = first_day + timedelta(weeks=query.weeks, days=-1)
            window = Span(start, local_instant(last_day + timedelta(days=1), time(0), zone))
            providers = _candidate_providers(session, query)
            rooms = (
                [query.room_id]
                if query.room_id
                else list(
                    session.scalars(
                        select(Room.id)
                        .where(Room.deleted_at.is_(None), Room.active.is_(True))
                        .order_by(Room.sort_order, Room.name)
                    )
                )
            )
            hours = resolved_hours(session, first_day, last_day, zone)
            bookings = busy_times(session, window, query.patient_id)
            step_minutes = read_setting(session, GRID_MINUTES)
        request = SlotRequest(
            minutes=query.minutes,
            providers=providers,
            rooms=rooms,
            window=window,
            zone=zone,
            patient_id=query.patient_id,
            weekdays=query.weekdays,
            earliest=query.earliest,
            latest_end=query.latest_end,
            step_minutes=step_minutes,
            limit=query.limit,
        )
        return free_slots(request, bookings, hours.provider_hours, hours.room_hours, now)


def _visits() -> Select[Appointment, Patient, AppointmentType]:
    return (
        select(Appointment, Patient, AppointmentType)
        .join(Patient, Patient.id == Appointment.patient_id)
        .outerjoin(AppointmentType, AppointmentType.id == Appointment.type_id)
        .where(Appointment.deleted_at.is_(None))
        .order_by(Appointment.starts_at, Appointment.id)
    )


_SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def with_alerts(session: Session, visits: list[AppointmentInfo]) -> list[AppointmentInfo]:
    """The visits with their patients' active medical alerts, read in one query."""
    patients = {visit.patient_id for visit in visits}
    if not patients:
        return visits
    alerts: dict[uuid.UUID, list[PatientAlert]] = {}
    for alert in session.scalars(
        select(PatientAlert).where(
            PatientAlert.patient_id.in_(patients),
            PatientAlert.active.is_(True),
            PatientAlert.deleted_at.is_(None),
        )
    ):
        alerts.setdefault(alert.patient_id, []).append(alert)
    result = []
    for visit in visits:
        found = sorted(
            alerts.get(visit.patient_id, []), key=lambda a: _SEVERITY_ORDER.get(a.severity, 3)
        )
        if found:
            text = "; ".join(f"{a.kind}: {a.text}" for a in found)
            visit = replace(visit, alert=text, alert_level=found[0].severity)
        result.append(visit)
    return result


def _info(row: Row[Appointment, Patient, AppointmentType]) -> AppointmentInfo:
    appointment, patient, kind = row
    return appointment_info(appointment, patient, kind)


def load_visit(session: Session, appointment_id: uuid.UUID) -> AppointmentInfo:
    """One visit as the views show it, alerts included: what a write hands back."""
    row = session.execute(_visits().where(Appointment.id == appointment_id)).one()
    return with_alerts(session, [_info(row)])[0]


def appointment_row(session: Session, appointment_id: uuid.UUID) -> Appointment:
    """The row a write changes; a soft-deleted visit counts as gone."""
    return live_row(session, Appointment, appointment_id, "That appointment no longer exists.")


def following_rows(session: Session, appointment_id: uuid.UUID) -> list[Appointment]:
    """This visit and the later ones of its series still to come (scheduled or confirmed):
    what "this and all that follow" changes."""
    row = appointment_row(session, appointment_id)
    if row.series_id is None:
        return [row]
    return list(
        session.scalars(
            select(Appointment)
            .where(
                Appointment.series_id == row.series_id,
                Appointment.starts_at >= row.starts_at,
                Appointment.deleted_at.is_(None),
                Appointment.status.in_([VisitStatus.SCHEDULED.value, VisitStatus.CONFIRMED.value]),
            )
            .order_by(Appointment.starts_at, Appointment.id)
        )
    )


def _candidate_providers(session: Session, query: SlotQuery) -> list[uuid.UUID]:
    if query.provider_id is not None:
        return [query.provider_id]
    kind = session.get(AppointmentType, query.type_id) if query.type_id else None
    allowed = type_info(kind) if kind else None
    providers = session.scalars(
        select(Provider)
        .where(Provider.deleted_at.is_(None), Provider.active.is_(True))
        .order_by(Provider.sort_order, Provider.name)
    )
    return [p.id for p in providers if allowed is None or allowed.allows(ProviderKind(p.kind))]
