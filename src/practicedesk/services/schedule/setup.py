"""Setting up the appointment book: appointment types, weekly hours, time off and closures.

Also resolves hours into real spans for a range of days (`resolved_hours`), which the day
view, the conflict check and the slot finder all use.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.hours import DailyHours, local_instant, working_spans
from practicedesk.domain.spans import Span
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.practice.staff import (
    ProviderKind,
    check_colour,
    clean_name,
    listed,
    record_staff_change,
)
from practicedesk.services.schedule.records import AppointmentTypeInfo, type_info
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import (
    AppointmentType,
    Practice,
    Provider,
    Room,
    ScheduleException,
    WorkingHours,
)
from practicedesk.store.models.base import utcnow

RESOURCE_KINDS = ("provider", "room")


@dataclass(frozen=True, slots=True)
class ExceptionInfo:
    id: uuid.UUID
    resource_type: str  # "provider", "room" or "practice"
    resource_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    kind: str
    note: str


@dataclass(frozen=True, slots=True)
class ResolvedHours:
    provider_hours: dict[uuid.UUID, list[Span]]
    room_hours: dict[uuid.UUID, list[Span]]
    closed: list[Span]


def practice_zone(session: Session) -> ZoneInfo:
    name = session.scalar(select(Practice.time_zone).where(Practice.deleted_at.is_(None)))
    return ZoneInfo(name or "UTC")


def practice_today(session: Session) -> date:
    """Today where the practice is, whatever this PC's own zone: the day visits, tasks and
    birth dates are counted in, so every check agrees on when a day ends."""
    return today_in(practice_zone(session))


def today_in(zone: ZoneInfo) -> date:
    """`practice_today` for a caller that has read the practice's zone already."""
    return datetime.now(UTC).astimezone(zone).date()


def read_working_days(session: Session, first_day: date, last_day: date) -> set[date]:
    """The days some provider works (the practice open, not closed for a holiday): where a
    confirmation call, a follow-up task or a reminder may land."""
    zone = practice_zone(session)
    hours = resolved_hours(session, first_day, last_day, zone)
    days: set[date] = set()
    for spans in hours.provider_hours.values():
        for span in spans:
            day = span.start.astimezone(zone).date()
            while day <= span.end.astimezone(zone).date() and day <= last_day:
                if day >= first_day:
                    days.add(day)
                day += timedelta(days=1)
    return days


def read_appointment_types(
    session: Session, *, include_inactive: bool = False
) -> list[AppointmentTypeInfo]:
    """Inactive ones too when asked: a type turned off takes no new bookings, but the visits
    already booked with it still happen, with their packet."""
    rows = session.scalars(listed(AppointmentType, include_inactive=include_inactive))
    return [type_info(row) for row in rows]


def resolved_hours(
    session: Session, first_day: date, last_day: date, zone: ZoneInfo
) -> ResolvedHours:
    """Working spans of every active provider and chair between two local dates."""
    window_start = local_instant(first_day, time(0), zone)
    window_end = local_instant(last_day + timedelta(days=1), time(0), zone)
    weekly: dict[uuid.UUID, list[DailyHours]] = {}
    for stretch in session.scalars(select(WorkingHours).where(WorkingHours.deleted_at.is_(None))):
        weekly.setdefault(stretch.resource_id, []).append(
            DailyHours(stretch.weekday, stretch.start_time, stretch.end_time)
        )
    exceptions: dict[uuid.UUID | None, list[Span]] = {}
    for row in session.scalars(
        select(ScheduleException).where(
            ScheduleException.deleted_at.is_(None),
            ScheduleException.starts_at < window_end,
            ScheduleException.ends_at > window_start,
        )
    ):
        exceptions.setdefault(row.resource_id, []).append(Span(row.starts_at, row.ends_at))
    closed = exceptions.get(None, [])

    def spans_for(resource: uuid.UUID) -> list[Span]:
        return working_spans(
            weekly.get(resource, []),
            first_day,
            last_day,
            zone,
            [*exceptions.get(resource, []), *closed],
        )

    providers = session.scalars(
        select(Provider.id).where(Provider.deleted_at.is_(None), Provider.active.is_(True))
    ).all()
    rooms = session.scalars(
        select(Room.id).where(Room.deleted_at.is_(None), Room.active.is_(True))
    ).all()
    return ResolvedHours(
        {p: spans_for(p) for p in providers}, {r: spans_for(r) for r in rooms}, closed
    )


class ScheduleSetupService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- appointment types --------------------------------------------------------------------

    def appointment_types(self, *, include_inactive: bool = False) -> list[AppointmentTypeInfo]:
        with self._ctx.db.reading() as session:
            return read_appointment_types(session, include_inactive=include_inactive)

    def save_appointment_type(
        self,
        name: str,
        minutes: int,
        colour: str,
        *,
        provider_kinds: Sequence[ProviderKind] = (),
        surgical: bool = False,
        packet: str = "",
        active: bool = True,
        type_id: uuid.UUID | None = None,
        procedure_codes: Sequence[str] | None = None,
    ) -> AppointmentTypeInfo:
        """Add a type, or change the one with `type_id`. `procedure_codes`, the visit's usual
        procedures, are kept as they are when None."""
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        name, colour = clean_name(name, "appointment type", 80), check_colour(colour)
        if not 5 <= minutes <= 8 * 60 or minutes % 5:
            raise InvalidInput("A length is 5 minutes to 8 hours, in steps of 5 minutes.")
        kinds = json.dumps(sorted(ProviderKind(kind).value for kind in provider_kinds))
        with self._ctx.db.writing() as session:
            if type_id is None:
                row = AppointmentType(sort_order=_next_type_order(session))
                session.add(row)
            else:
                found = live_row(
                    session, AppointmentType, type_id, "That appointment type no longer exists."
                )
                row = found
            row.name, row.minutes, row.colour = name, minutes, colour
            row.provider_kinds, row.surgical, row.packet, row.active = (
                kinds,
                surgical,
                packet,
                active,
            )
            if procedure_codes is not None:
                row.procedure_codes = " ".join(
                    c.strip().upper() for c in procedure_codes if c.strip()
                )
            session.flush()
            record_staff_change(
                session,
                self._ctx,
                f"appointment type: {name}, {minutes} min",
                "appointment_type",
                row.id,
            )
            info = type_info(row)
        self._ctx.announce(Area.SCHEDULE_SETUP)
        return info

    # -- weekly hours ---------------------------------------------------------------------------

    def weekly_hours(self, resource_type: str, resource_id: uuid.UUID) -> list[DailyHours]:
        with self._ctx.db.reading() as session:
            rows = session.scalars(
                select(WorkingHours)
                .where(
                    WorkingHours.resource_type == resource_type,
                    WorkingHours.resource_id == resource_id,
                    WorkingHours.deleted_at.is_(None),
                )
                .order_by(WorkingHours.weekday, WorkingHours.start_time)
            )
            return [DailyHours(r.weekday, r.start_time, r.end_time) for r in rows]

    def set_weekly_hours(
        self, resource_type: str, resource_id: uuid.UUID, hours: Sequence[DailyHours]
    ) -> None:
        """Replace a provider's or chair's week; overlapping stretches on one day are refused."""
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        if resource_type not in RESOURCE_KINDS:
            raise InvalidInput("Hours belong to a provider or a chair.")
        by_day = sorted(hours, key=lambda h: (h.weekday, h.start))
        for earlier, later in itertools.pairwise(by_day):
            if earlier.weekday == later.weekday and later.start < earlier.end:
                raise InvalidInput("Two stretches of working hours overlap on the same day.")
        with self._ctx.db.writing() as session:
            now = utcnow()
            for row in session.scalars(
                select(WorkingHours).where(
                    WorkingHours.resource_type == resource_type,
                    WorkingHours.resource_id == resource_id,
                    WorkingHours.deleted_at.is_(None),
                )
            ):
                row.deleted_at = now
            for item in by_day:
                session.add(
                    WorkingHours(
                        resource_type=resource_type,
                        resource_id=resource_id,
                        weekday=item.weekday,
                        start_time=item.start,
                        end_time=item.end,
                    )
                )
            record_staff_change(
                session,
                self._ctx,
                f"weekly hours set ({len(by_day)} stretches)",
                resource_type,
                resource_id,
            )
        self._ctx.announce(Area.SCHEDULE_SETUP)

    # -- time off and closures ----------------------------------------------------------------

    def exceptions(self, first_day: date, last_day: date) -> list[ExceptionInfo]:
        with self._ctx.db.reading() as session:
            zone = practice_zone(session)
            start = local_instant(first_day, time(0), zone)
            end = local_instant(last_day + timedelta(days=1), time(0), zone)
            rows = session.scalars(
                select(ScheduleException)
                .where(
                    ScheduleException.deleted_at.is_(None),
                    ScheduleException.starts_at < end,
                    ScheduleException.ends_at > start,
                )
                .order_by(ScheduleException.starts_at)
            )
            return [_exception(row) for row in rows]

    def add_exception(
        self,
        resource_type: str,
        resource_id: uuid.UUID | None,
        starts_at: datetime,
        ends_at: datetime,
        kind: str,
        note: str = "",
    ) -> ExceptionInfo:
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        if resource_type not in (*RESOURCE_KINDS, "practice"):
            raise InvalidInput("Time off belongs to a provider, a chair, or the whole practice.")
        if (resource_type == "practice") != (resource_id is None):
            raise InvalidInput("A practice closure applies to everyone; time off to one person.")
        if ends_at <= starts_at:
            raise InvalidInput("Time off must end after it starts.")
        with self._ctx.db.writing() as session:
            row = ScheduleException(
                resource_type=resource_type,
                resource_id=resource_id,
                starts_at=starts_at,
                ends_at=ends_at,
                kind=kind,
                note=note.strip(),
            )
            session.add(row)
            session.flush()
            record_staff_change(session, self._ctx, f"{kind} added", resource_type, row.id)
            info = _exception(row)
        self._ctx.announce(Area.SCHEDULE_SETUP)
        return info

    def remove_exception(self, exception_id: uuid.UUID) -> None:
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        with self._ctx.db.writing() as session:
            row = live_row(
                session, ScheduleException, exception_id, "That time off no longer exists."
            )
            row.deleted_at = utcnow()
            record_staff_change(
                session, self._ctx, f"{row.kind} removed", row.resource_type, row.id
            )
        self._ctx.announce(Area.SCHEDULE_SETUP)


def _next_type_order(session: Session) -> int:
    orders = session.scalars(select(AppointmentType.sort_order)).all()
    return max(orders, default=0) + 1


def _exception(row: ScheduleException) -> ExceptionInfo:
    return ExceptionInfo(
        row.id, row.resource_type, row.resource_id, row.starts_at, row.ends_at, row.kind, row.note
    )
