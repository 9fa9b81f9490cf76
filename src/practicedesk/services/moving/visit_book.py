"""The practice as the visit import sees it, read once: its zone, patients, providers, chairs
and types by name, the visits an earlier import brought (by the old system's id), and the
book from now on with working hours, to tell which future visits would double-book it.

The conflicts are the appointment book's own (domain/scheduling.py, in its words), found
through an index of the book by day (domain/book_index.py) rather than one query a visit.
A provider, chair or patient already busy is a double booking: the visit is not booked
unless the import was told to book over. Outside working hours, or a type the provider does
not take, the visit is booked anyway (the patient was told to come) and the report says so,
as does the visit itself (`booked_over`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practicedesk.domain.book_index import BookIndex
from practicedesk.domain.scheduling import (
    Booking,
    Conflict,
    ConflictKind,
    ScheduleContext,
    find_conflicts,
)
from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.moving.matching import Names, PatientFinder
from practicedesk.services.practice.staff import read_providers, read_rooms
from practicedesk.services.schedule.setup import (
    practice_zone,
    read_appointment_types,
    resolved_hours,
)
from practicedesk.store.models import Appointment, AppointmentEvent, Patient
from practicedesk.store.models.base import utcnow

IMPORTED = "imported"  # the kind of history line an import leaves on a visit
DOUBLE_BOOKING = frozenset(
    {ConflictKind.PROVIDER_BUSY, ConflictKind.ROOM_BUSY, ConflictKind.PATIENT_BUSY}
)
_LONGEST_VISIT = timedelta(hours=12)

# What a visit holds that an import compares and writes, in this order.
COMPARED = ("patient_id", "provider_id", "room_id", "type_id", "starts_at", "minutes",
            "status", "notes")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Existing:
    """A visit already in the practice that a row of the file may be."""

    id: uuid.UUID
    values: tuple[object, ...]  # COMPARED
    changed_here: bool  # changed in PracticeDesk since an import brought it


class VisitBook:
    def __init__(self, session: Session, mapping: MoveMapping) -> None:
        self.zone: ZoneInfo = practice_zone(session)
        self.now: datetime = utcnow()
        self.patients = PatientFinder(session)
        providers = read_providers(session, include_inactive=True)
        rooms = read_rooms(session, include_inactive=True)
        self.types = {t.id: t for t in read_appointment_types(session, include_inactive=True)}
        self.provider_kinds = {p.id: p.kind for p in providers}
        self.providers = Names(
            "provider", [(p.id, p.name) for p in providers], mapping.value_map("provider")
        )
        self.chairs = Names("chair", [(r.id, r.name) for r in rooms], mapping.value_map("chair"))
        self.kinds = Names(
            "appointment type", [(t.id, t.name) for t in self.types.values()],
            mapping.value_map("kind"),
        )  # fmt: skip
        self.by_legacy = _imported(session)
        self._session = session
        self._by_time: dict[tuple[uuid.UUID, datetime], uuid.UUID] | None = None
        self.index = BookIndex()
        self._hours: dict[tuple[uuid.UUID, date], list[Span]] = {}

    def by_time(self, patient_id: uuid.UUID, starts_at: datetime) -> uuid.UUID | None:
        """A visit of the patient at that moment: the same visit, for a file without ids."""
        if self._by_time is None:
            self._by_time = {
                (row.patient_id, row.starts_at): row.id
                for row in self._session.execute(
                    select(Appointment.id, Appointment.patient_id, Appointment.starts_at).where(
                        Appointment.deleted_at.is_(None)
                    )
                )
            }
        return self._by_time.get((patient_id, starts_at))

    def load_book(self, last_day: date) -> None:
        """The visits that hold their time from now on, and the working hours up to
        `last_day` (the file's last future visit)."""
        rows = self._session.execute(
            select(
                Appointment.id, Appointment.patient_id, Appointment.provider_id,
                Appointment.room_id, Appointment.starts_at, Appointment.minutes,
                Patient.first_name, Patient.last_name,
            )
            .join(Patient, Patient.id == Appointment.patient_id)
            .where(
                Appointment.deleted_at.is_(None),
                Appointment.starts_at >= self.now - _LONGEST_VISIT,
                Appointment.status.notin_(
                    [VisitStatus.CANCELLED.value, VisitStatus.NO_SHOW.value]
                ),
            )
        )  # fmt: skip
        for row in rows:
            self.index.add(
                Booking(
                    row.id, row.patient_id, row.provider_id, row.room_id,
                    Span.of(row.starts_at, row.minutes), f"{row.last_name}, {row.first_name}",
                )
            )  # fmt: skip
        today = self.now.astimezone(self.zone).date()
        hours = resolved_hours(self._session, today, max(today, last_day), self.zone)
        for spans in (hours.provider_hours, hours.room_hours):
            for resource, found in spans.items():
                for span in found:
                    key = (resource, span.start.astimezone(self.zone).date())
                    self._hours.setdefault(key, []).append(span)

    def conflicts(self, proposal: Booking, type_id: uuid.UUID | None) -> list[Conflict]:
        """What booking `proposal` would clash with, as the appointment book says it."""
        day = proposal.span.start.astimezone(self.zone).date()
        resources = [proposal.provider_id] + ([proposal.room_id] if proposal.room_id else [])
        hours = {r: self._hours.get((r, day), []) for r in resources}
        context = ScheduleContext(
            zone=self.zone,
            provider_hours={proposal.provider_id: hours[proposal.provider_id]},
            room_hours={proposal.room_id: hours[proposal.room_id]} if proposal.room_id else {},
            provider_names={proposal.provider_id: self.providers.name(proposal.provider_id)},
            room_names={proposal.room_id: self.chairs.name(proposal.room_id)}
            if proposal.room_id
            else {},
        )
        found = find_conflicts(proposal, self.index.near(proposal), context, self.now)
        kind = self.types.get(type_id) if type_id else None
        provider_kind = self.provider_kinds.get(proposal.provider_id)
        if kind is not None and provider_kind is not None and not kind.allows(provider_kind):
            found.append(
                Conflict(
                    ConflictKind.WRONG_PROVIDER,
                    f"{self.providers.name(proposal.provider_id)} ({provider_kind}) does not "
                    f"take {kind.name} visits.",
                )
            )
        return found


def _imported(session: Session) -> dict[str, Existing]:
    """The visits an import brought, by the old system's id, and whether anyone changed them
    here since: a history line after the last "imported" one says so."""
    last: dict[uuid.UUID, dict[bool, datetime]] = defaultdict(dict)
    imported = AppointmentEvent.kind == IMPORTED
    for appointment_id, by_import, at in session.execute(
        select(AppointmentEvent.appointment_id, imported, func.max(AppointmentEvent.at))
        .join(Appointment, Appointment.id == AppointmentEvent.appointment_id)
        .where(Appointment.legacy_id.is_not(None), AppointmentEvent.deleted_at.is_(None))
        .group_by(AppointmentEvent.appointment_id, imported)
    ):
        last[appointment_id][bool(by_import)] = at
    found: dict[str, Existing] = {}
    columns = [getattr(Appointment, name) for name in COMPARED]
    for row in session.execute(
        select(Appointment.id, Appointment.legacy_id, *columns).where(
            Appointment.legacy_id.is_not(None), Appointment.deleted_at.is_(None)
        )
    ):
        times = last.get(row.id, {})
        changed = False in times and (True not in times or times[False] > times[True])
        found[row.legacy_id] = Existing(row.id, tuple(row[2:]), changed)
    return found
