"""The appointment book's changes: booking, moving, status changes, cancellations and series.

Every write checks the rules in domain/scheduling.py inside its transaction (so two PCs or
two windows cannot book one chair twice unnoticed), refuses a conflict unless the caller says
"book anyway" (which is recorded with the conflicts in words), keeps the visit's history,
writes the audit log, and reports the waitlist patients who fit a time that was freed.

`ScheduleService` extends `ScheduleReader` (schedule_reader.py), which reads days, weeks and
free times, so `session.schedule` offers both.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from practicedesk.domain.hours import local_instant
from practicedesk.domain.recurrence import Recurrence, occurrences
from practicedesk.domain.scheduling import Conflict
from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus, can_move
from practicedesk.errors import InvalidInput, SchedulingConflict
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Actor
from practicedesk.services.schedule.conflicts import conflicts_for
from practicedesk.services.schedule.follow_ups import follow_up_on_status
from practicedesk.services.schedule.history import (
    add_event,
    audit_visit,
    booked_over_note,
    conflict_text,
    describe,
)
from practicedesk.services.schedule.reader import (
    ScheduleReader,
    appointment_row,
    following_rows,
    load_visit,
)
from practicedesk.services.schedule.records import AppointmentInfo, NewAppointment, RecordedVisit
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.services.schedule.usual_visits import (
    NEARBY_DAYS,
    read_nearby_visits,
    read_usual_type,
)
from practicedesk.services.schedule.waitlist import WaitlistInfo, matching_entries
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import Appointment, AppointmentSeries
from practicedesk.store.models.base import utcnow

_STATUS_TIMES = {
    VisitStatus.CONFIRMED: "confirmed_at",
    VisitStatus.ARRIVED: "arrived_at",
    VisitStatus.SEATED: "seated_at",
    VisitStatus.COMPLETED: "completed_at",
    VisitStatus.NO_SHOW: "no_show_at",
    VisitStatus.CANCELLED: "cancelled_at",
}


def change_status(
    session: Session,
    actor: Actor,
    appointment_id: uuid.UUID,
    status: VisitStatus,
    *,
    via: str = "",
    reason: str = "",
) -> tuple[Appointment, VisitStatus]:
    """Move a visit to `status` if its life allows it, with its history event and audit
    entry; returns the row and the status it had. The caller checks the role."""
    row = appointment_row(session, appointment_id)
    current = VisitStatus(row.status)
    if not can_move(current, status):
        raise InvalidInput(
            f"A visit that is {current.label.lower()} cannot become {status.label.lower()}."
        )
    if not current.holds_time and status.holds_time:  # un-cancelling: is the time free?
        conflicts = conflicts_for(session, _proposal(row), row.id)
        if conflicts:
            raise SchedulingConflict([c.message for c in conflicts])
    row.status = status.value
    column = _STATUS_TIMES.get(status)
    if column:
        setattr(row, column, utcnow())
    if status is VisitStatus.CONFIRMED:
        row.confirmed_via, row.confirmed_by = via.strip(), actor.username
    if status is VisitStatus.CANCELLED:
        row.cancel_reason, row.cancelled_by = reason.strip(), actor.username
    detail = {VisitStatus.CONFIRMED: via.strip(), VisitStatus.CANCELLED: reason.strip()}
    summary = f"{current.label} → {status.label}" + (
        f" ({detail[status]})" if detail.get(status) else ""
    )
    add_event(session, actor, row, "status", summary)
    follow_up_on_status(session, actor, row)
    action = (
        audit.Action.APPOINTMENT_CANCELLED
        if status is VisitStatus.CANCELLED
        else audit.Action.APPOINTMENT_STATUS
    )
    audit_visit(session, actor, action, row, summary)
    session.flush()
    return row, current


@dataclass(frozen=True, slots=True)
class ChangeResult:
    """A changed visit, and who on the waitlist could take the time it freed."""

    appointment: AppointmentInfo
    waitlist: list[WaitlistInfo]


class ScheduleService(ScheduleReader):
    # -- a patient's habits, for booking them quickly -------------------------------------------

    def usual_type(self, patient_id: uuid.UUID) -> uuid.UUID | None:
        """The visit type to offer first when booking this patient (usual_visits.py)."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            return read_usual_type(session, patient_id)

    def nearby_visits(
        self,
        patient_id: uuid.UUID,
        type_id: uuid.UUID,
        around: datetime,
        days: int = NEARBY_DAYS,
    ) -> list[AppointmentInfo]:
        """The patient's visits of this type within `days` either side of `around`: asked
        before booking another, so a second cleaning a day after the first is a question."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        with self._ctx.db.reading() as session:
            return read_nearby_visits(session, patient_id, type_id, around, days)

    # -- booking and changing -------------------------------------------------------------------

    def book(self, new: NewAppointment, *, book_anyway: bool = False) -> AppointmentInfo:
        self._ctx.require(Permission.BOOK)
        _validate(new)
        with self._ctx.db.writing() as session:
            row = self._book(session, new, book_anyway=book_anyway)
            info = load_visit(session, row.id)
        self._ctx.announce(Area.SCHEDULE)
        return info

    def book_series(
        self, new: NewAppointment, rule: Recurrence, *, book_anyway: bool = False
    ) -> list[AppointmentInfo]:
        """Every visit of the series, or none: a conflict in any one refuses them all, listing
        each clash with its date, unless booked anyway."""
        self._ctx.require(Permission.BOOK)
        _validate(new)
        with self._ctx.db.writing() as session:
            zone = practice_zone(session)
            series = AppointmentSeries(
                every_weeks=rule.every_weeks, count=rule.count, until=rule.until
            )
            session.add(series)
            session.flush()
            problems: list[str] = []
            rows = []
            for start in occurrences(new.starts_at, rule, zone):
                visit = replace(new, starts_at=start)
                conflicts = conflicts_for(session, visit, None)
                if conflicts and not book_anyway:
                    when = start.astimezone(zone).strftime("%a %b %d").replace(" 0", " ")
                    problems += [f"{when}: {c.message}" for c in conflicts]
                    continue
                rows.append(
                    self._book(
                        session, visit, book_anyway=True, series_id=series.id, conflicts=conflicts
                    )
                )
            if problems:
                raise SchedulingConflict(problems)
            infos = [load_visit(session, row.id) for row in rows]
        self._ctx.announce(Area.SCHEDULE)
        return infos

    def move(
        self,
        appointment_id: uuid.UUID,
        *,
        starts_at: datetime | None = None,
        provider_id: uuid.UUID | None = None,
        room_id: uuid.UUID | object | None = ...,
        minutes: int | None = None,
        book_anyway: bool = False,
    ) -> ChangeResult:
        """Move in time and across columns, or change the length; the old time is offered to
        the waitlist."""
        self._ctx.require(Permission.BOOK)
        with self._ctx.db.writing() as session:
            row = appointment_row(session, appointment_id)
            offers = self._move_row(
                session, row, starts_at=starts_at, provider_id=provider_id, room_id=room_id,
                minutes=minutes, book_anyway=book_anyway,
            )  # fmt: skip
            info = load_visit(session, row.id)
        self._ctx.announce(Area.SCHEDULE)
        return ChangeResult(info, offers)

    def set_status(
        self, appointment_id: uuid.UUID, status: VisitStatus, *, via: str = "", reason: str = ""
    ) -> ChangeResult:
        """Confirm (how), check in, seat, check out, no-show, cancel (why), or step back one."""
        status = VisitStatus(status)
        self._ctx.require(
            Permission.BOOK
            if status in (VisitStatus.CANCELLED, VisitStatus.CONFIRMED, VisitStatus.SCHEDULED)
            else Permission.TRACK_VISITS
        )
        if status is VisitStatus.CANCELLED and not reason.strip():
            raise InvalidInput("Say why the visit is cancelled (for example: patient called, ill).")
        with self._ctx.db.writing() as session:
            row, current = change_status(
                session, self._ctx.actor, appointment_id, status, via=via, reason=reason
            )
            now = utcnow()
            offers: list[WaitlistInfo] = []
            if current.holds_time and not status.holds_time and row.starts_at > now:
                offers = matching_entries(
                    session, Span.of(row.starts_at, row.minutes), row.provider_id, row.type_id
                )
                offers = [offer for offer in offers if offer.patient_id != row.patient_id]
            info = load_visit(session, row.id)
        self._ctx.announce(Area.SCHEDULE)
        return ChangeResult(info, offers)

    def record_many(self, visits: list[RecordedVisit], *, reason: str) -> list[uuid.UUID]:
        """Bulk insert of visits whose outcome is known (imports, the demo practice): no
        conflict checks, one transaction, one audit entry for the batch. Returns the visits'
        ids in the order given, for what is recorded about them next (the demo's ledger)."""
        self._ctx.require(Permission.BOOK)
        username = self._ctx.actor.username
        rows = [
            {
                "patient_id": item.visit.patient_id,
                "provider_id": item.visit.provider_id,
                "room_id": item.visit.room_id,
                "type_id": item.visit.type_id,
                "series_id": None,
                "starts_at": item.visit.starts_at,
                "minutes": item.visit.minutes,
                "notes": item.visit.notes,
                "status": item.status.value,
                "booked_by": username,
                "booked_over": "",
                "confirmed_at": item.confirmed_at,
                "confirmed_via": item.confirmed_via,
                "confirmed_by": username if item.confirmed_at else "",
                "arrived_at": item.arrived_at,
                "seated_at": item.seated_at,
                "completed_at": item.completed_at,
                "no_show_at": item.no_show_at,
                "cancelled_at": item.cancelled_at,
                "cancelled_by": username if item.cancelled_at else "",
                "cancel_reason": item.cancel_reason,
            }
            for item in visits
        ]
        with self._ctx.db.writing() as session:
            ids = insert_rows(session, self._ctx.db.clock, Appointment, rows)
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.APPOINTMENT_BOOKED,
                f"{len(rows)} visits recorded: {reason}",
            )
        self._ctx.announce(Area.SCHEDULE)
        return ids

    def cancel(self, appointment_id: uuid.UUID, reason: str) -> ChangeResult:
        return self.set_status(appointment_id, VisitStatus.CANCELLED, reason=reason)

    def revert_status(self, appointment_id: uuid.UUID, to: VisitStatus) -> AppointmentInfo:
        """Undo a status change: back to `to`, clearing the time the undone step recorded.
        Any earlier status may be restored (undo is not a workflow step); reviving a
        cancelled or missed visit checks its time is still free."""
        to = VisitStatus(to)
        self._ctx.require(Permission.TRACK_VISITS)
        with self._ctx.db.writing() as session:
            row = appointment_row(session, appointment_id)
            current = VisitStatus(row.status)
            if current is to:
                return load_visit(session, row.id)
            if current is VisitStatus.CANCELLED or current is VisitStatus.CONFIRMED:
                self._ctx.require(Permission.BOOK)
            if not current.holds_time and to.holds_time:
                conflicts = conflicts_for(session, _proposal(row), row.id)
                if conflicts:
                    raise SchedulingConflict([c.message for c in conflicts])
            column = _STATUS_TIMES.get(current)
            if column:
                setattr(row, column, None)
            if current is VisitStatus.CANCELLED:
                row.cancel_reason, row.cancelled_by = "", ""
            row.status = to.value
            summary = f"undone: {current.label} → {to.label}"
            add_event(session, self._ctx.actor, row, "status", summary)
            audit_visit(session, self._ctx.actor, audit.Action.APPOINTMENT_STATUS, row, summary)
            info = load_visit(session, row.id)
        self._ctx.announce(Area.SCHEDULE)
        return info

    def update_notes(self, appointment_id: uuid.UUID, notes: str) -> AppointmentInfo:
        self._ctx.require(Permission.BOOK)
        with self._ctx.db.writing() as session:
            row = appointment_row(session, appointment_id)
            if row.notes != notes:
                row.notes = notes
                add_event(session, self._ctx.actor, row, "notes", "notes changed")
            info = load_visit(session, row.id)
        self._ctx.announce(Area.SCHEDULE)
        return info

    def move_following(
        self,
        appointment_id: uuid.UUID,
        *,
        shift: timedelta = timedelta(0),
        provider_id: uuid.UUID | None = None,
        room_id: uuid.UUID | object | None = ...,
        minutes: int | None = None,
        book_anyway: bool = False,
    ) -> list[AppointmentInfo]:
        """Change this visit and all that follow in its series the same way, or none: a
        conflict in any one refuses them all, listing each clash with its date, unless moved
        anyway. The shift is wall-clock time, so 9:00 → 10:00 holds across daylight saving."""
        self._ctx.require(Permission.BOOK)
        with self._ctx.db.writing() as session:
            zone = practice_zone(session)
            rows = following_rows(session, appointment_id)
            # Move the visit furthest along first, so that no visit of the series lands on
            # the place of one that has not moved yet and is taken for a clash.
            problems: list[str] = []
            for row in sorted(rows, key=lambda r: r.starts_at, reverse=shift > timedelta(0)):
                local = row.starts_at.astimezone(zone)
                wall = local + shift  # aware + timedelta adds on the wall clock
                try:
                    self._move_row(
                        session, row,
                        starts_at=local_instant(wall.date(), wall.time(), zone) if shift else None,
                        provider_id=provider_id, room_id=room_id, minutes=minutes,
                        book_anyway=book_anyway,
                    )  # fmt: skip
                except SchedulingConflict as exc:
                    when = local.strftime("%a %b %d").replace(" 0", " ")
                    problems += [f"{when}: {line}" for line in exc.conflicts]
            if problems:
                raise SchedulingConflict(problems)
            infos = [load_visit(session, row.id) for row in rows]
        self._ctx.announce(Area.SCHEDULE)
        return infos

    def cancel_following(self, appointment_id: uuid.UUID, reason: str) -> int:
        visits = self.following_in_series(appointment_id)
        for visit in visits:
            self.cancel(visit.id, reason)
        return len(visits)

    # -- helpers --------------------------------------------------------------------------------

    def _move_row(
        self,
        session: Session,
        row: Appointment,
        *,
        starts_at: datetime | None,
        provider_id: uuid.UUID | None,
        room_id: uuid.UUID | object | None,
        minutes: int | None,
        book_anyway: bool,
    ) -> list[WaitlistInfo]:
        """Move one visit inside the caller's transaction; return who could take the time it
        freed."""
        status = VisitStatus(row.status)
        if status in (VisitStatus.CANCELLED, VisitStatus.NO_SHOW, VisitStatus.COMPLETED):
            raise InvalidInput(f"A visit that is {status.label.lower()} cannot be moved.")
        before = describe(session, row)
        old = Span.of(row.starts_at, row.minutes)
        old_provider = row.provider_id
        proposal = NewAppointment(
            patient_id=row.patient_id,
            provider_id=provider_id or row.provider_id,
            room_id=row.room_id if room_id is ... else room_id,  # type: ignore[arg-type]
            starts_at=starts_at or row.starts_at,
            minutes=minutes or row.minutes,
            type_id=row.type_id,
        )
        _validate(proposal)
        conflicts = conflicts_for(session, proposal, row.id)
        if conflicts and not book_anyway:
            raise SchedulingConflict([c.message for c in conflicts])
        row.starts_at, row.minutes = proposal.starts_at, proposal.minutes
        row.provider_id, row.room_id = proposal.provider_id, proposal.room_id
        if conflicts:
            row.booked_over = conflict_text(conflicts)
        after = describe(session, row)
        kind = (
            "resized"
            if before.split(" with ")[0] == after.split(" with ")[0] and minutes
            else "moved"
        )
        change = f"from {before} to {after}"
        add_event(session, self._ctx.actor, row, kind, change + booked_over_note(conflicts))
        audit_visit(session, self._ctx.actor, audit.Action.APPOINTMENT_MOVED, row, change)
        new_span = Span.of(row.starts_at, row.minutes)
        freed = _freed(old, new_span) if old_provider == row.provider_id else old
        session.flush()
        offers = matching_entries(session, freed, old_provider, row.type_id) if freed else []
        return [offer for offer in offers if offer.patient_id != row.patient_id]

    def _book(
        self,
        session: Session,
        new: NewAppointment,
        *,
        book_anyway: bool,
        series_id: uuid.UUID | None = None,
        conflicts: list[Conflict] | None = None,
    ) -> Appointment:
        if conflicts is None:
            conflicts = conflicts_for(session, new, None)
        if conflicts and not book_anyway:
            raise SchedulingConflict([c.message for c in conflicts])
        row = Appointment(
            patient_id=new.patient_id,
            provider_id=new.provider_id,
            room_id=new.room_id,
            type_id=new.type_id,
            series_id=series_id,
            starts_at=new.starts_at,
            minutes=new.minutes,
            notes=new.notes,
            status=VisitStatus.SCHEDULED.value,
            booked_by=self._ctx.actor.username,
            booked_over=conflict_text(conflicts),
        )
        session.add(row)
        session.flush()
        summary = describe(session, row) + booked_over_note(conflicts)
        add_event(session, self._ctx.actor, row, "booked", summary)
        audit_visit(session, self._ctx.actor, audit.Action.APPOINTMENT_BOOKED, row, summary)
        return row


def _proposal(row: Appointment) -> NewAppointment:
    return NewAppointment(
        row.patient_id, row.provider_id, row.room_id, row.starts_at, row.minutes, row.type_id
    )


def _validate(new: NewAppointment) -> None:
    if new.starts_at.tzinfo is None:
        raise ValueError("appointment times must be time-zone-aware")
    if not 5 <= new.minutes <= 12 * 60:
        raise InvalidInput("A visit lasts between 5 minutes and 12 hours.")


def _freed(old: Span, new: Span) -> Span | None:
    """The part of the old time no longer used, to offer to the waitlist: all of it when the
    visit moved away, else the end or start it gave up (whether a waiting patient fits in
    it is the waitlist's to judge)."""
    if not old.overlaps(new):
        return old
    if new.end < old.end:
        return Span(new.end, old.end)
    if old.start < new.start:
        return Span(old.start, new.start)
    return None
