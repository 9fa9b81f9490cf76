"""Visits from the old system: the past into the practice's history, the future into the book.

Each row is matched to its patient (the old system's id, kept by the patient import, or the
name and birth date), its provider and chair (the mapping's matches, remembered, or the same
name) and its type (by the type's name, or the procedures' words, as the mapping says; a
visit without one keeps its procedures in its notes). Times are the old book's wall-clock
times in the practice's zone; a time the clocks skipped that day is refused.

A visit the old system marked done, missed or cancelled is history as it stood. A visit to
come is checked against the book as the appointment book checks a booking: a double booking
is reported and not booked (unless told to book over it, which the visit then records);
outside working hours it is booked and reported. Rows with the old system's visit id update
the visit an earlier import brought, unless someone changed it here since (then it is left
as it is, and said so); a file without ids recognizes a visit by its patient and start.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.hours import local_instant
from practicedesk.domain.scheduling import Booking, Conflict
from practicedesk.domain.spans import Span
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.interop.csv_values import BadValue
from practicedesk.interop.moving import appointment_rows
from practicedesk.interop.moving.appointment_rows import VisitRecord, read_visit
from practicedesk.interop.moving.rows import LegacyFile, RawRow, Refused
from practicedesk.interop.moving.statuses import status_of
from practicedesk.progress import NO_PROGRESS, Progress, stop_if_cancelled
from practicedesk.security.roles import Permission
from practicedesk.services.areas import Area
from practicedesk.services.moving.imports import (
    FoundValue,
    LegacyImport,
    MoveReport,
    ReportLine,
    RowCheck,
    counted,
    file_label,
    plan_report,
    plural,
)
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.moving.matching import Found
from practicedesk.services.moving.visit_book import (
    COMPARED,
    DOUBLE_BOOKING,
    IMPORTED,
    VisitBook,
)
from practicedesk.services.schedule.history import conflict_text
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import Appointment, AppointmentEvent

_BATCH = 5_000  # rows inserted between two looks at Cancel


@dataclass(slots=True)
class _Plan:
    """What the file would do, worked out before anything is written."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[ReportLine] = field(default_factory=list)
    left_out: list[ReportLine] = field(default_factory=list)
    conflicts: list[ReportLine] = field(default_factory=list)
    warnings: list[ReportLine] = field(default_factory=list)
    past: int = 0
    future: int = 0
    never_closed: int = 0
    untyped: int = 0
    booked_over: int = 0
    by_month: Counter[str] = field(default_factory=Counter)  # "2026-03" → the file's visits here


class AppointmentImportService(LegacyImport):
    kind: ClassVar[str] = "appointments"
    fields = appointment_rows.FIELDS
    matched = ("provider", "chair", "kind", "status", "confirmed")
    permissions = (Permission.BOOK,)

    def run(
        self,
        data: bytes,
        mapping: MoveMapping,
        *,
        dry_run: bool,
        file_name: str = "",
        encoding: str | None = None,
        book_over_conflicts: bool = False,
        progress: Progress = NO_PROGRESS,
    ) -> MoveReport:
        """Import the file's visits, or (dry run) say what that would do."""
        self._require()
        opened = self.open(data, mapping, encoding=encoding)
        name = file_label(file_name)
        records, plan = _read(opened, mapping, progress)
        with self._ctx.db.reading() as session:
            progress.report(0, 0, "Reading the practice's book…")
            book = VisitBook(session, mapping)
            last_day = max((r.day for r in records), default=book.now.date())
            book.load_book(last_day)
            _check(records, book, plan, name, self._ctx.actor.username, book_over_conflicts,
                   progress)  # fmt: skip
        report = _report(opened, name, dry_run, plan, book)
        with self._ctx.db.writing() as session:
            if not dry_run:
                self._write(session, plan, progress)
                self._remember(session, opened, mapping, mapping.values)
            self._audit(session, report)
        if not dry_run and (plan.inserts or plan.updates):
            self._ctx.announce(Area.SCHEDULE)
        return report

    def _write(self, session: Session, plan: _Plan, progress: Progress) -> None:
        clock = self._ctx.db.clock
        for start in range(0, len(plan.inserts), _BATCH):
            progress.report(start, len(plan.inserts), "Adding the visits…")
            stop_if_cancelled(progress)
            insert_rows(session, clock, Appointment, plan.inserts[start : start + _BATCH])
        if plan.updates:
            progress.report(0, 0, "Updating the visits imported before…")
            rows = session.scalars(
                select(Appointment).where(Appointment.id.in_(list(plan.updates)))
            )
            for row in rows:
                for name, value in plan.updates[row.id].items():
                    setattr(row, name, value)
            session.flush()
        stop_if_cancelled(progress)
        insert_rows(session, clock, AppointmentEvent, plan.events)

    def _checker(self, session: Session, mapping: MoveMapping) -> RowCheck:
        book = VisitBook(session, mapping)

        def check(raw: RawRow) -> str:
            record = read_visit(
                raw, day_first=mapping.day_first, statuses=mapping.value_map("status"),
                confirmations=mapping.value_map("confirmed"),
            )  # fmt: skip
            if isinstance(record, Refused):
                return " ".join(record.reasons)
            matched = _match(record, book)
            return " ".join(matched) if isinstance(matched, list) else "ok"

        return check

    def _found(
        self, session: Session, opened: LegacyFile, mapping: MoveMapping
    ) -> tuple[dict[str, tuple[FoundValue, ...]], dict[str, tuple[str, ...]]]:
        """The providers, chairs, types and statuses the file names, to match them once."""
        book = VisitBook(session, mapping)
        seen: dict[str, Counter[str]] = {
            what: Counter() for what in ("provider", "chair", "kind", "status")
        }
        for raw in opened.rows():
            got = raw.values
            kind = "kind" if got.get("kind", "") not in ("", "0") else "procedures"
            for what, names in (("provider", ("provider", "hygienist")), ("chair", ("chair",)),
                                ("kind", (kind,)), ("status", ("status",))):  # fmt: skip
                for name in names:
                    if (text := got.get(name, "")) and text != "0":
                        seen[what][text] += 1
        matched: dict[str, dict[str, str]] = {what: {} for what in seen}
        for what, finder in (("provider", book.providers), ("chair", book.chairs),
                             ("kind", book.kinds)):  # fmt: skip
            for old in seen[what]:
                match = finder.match(old)
                matched[what][old] = finder.name(match) if isinstance(match, uuid.UUID) else ""
        for old in seen["status"]:
            try:
                status = status_of(old, mapping.value_map("status"))
                matched["status"][old] = status.value if status else "not a visit"
            except BadValue:
                matched["status"][old] = ""
        found = {what: counted(values, matched[what]) for what, values in seen.items()}
        choices = {
            "provider": tuple(sorted(book.providers.names())),
            "chair": tuple(sorted(book.chairs.names())),
            "kind": tuple(sorted(book.kinds.names())),
            "status": ("scheduled", "confirmed", "arrived", "seated", "completed", "no-show",
                       "cancelled", "not a visit"),
        }  # fmt: skip
        return found, choices


def _read(
    opened: LegacyFile, mapping: MoveMapping, progress: Progress
) -> tuple[list[VisitRecord], _Plan]:
    """Every row read (not yet matched); rows that cannot be visits go to the plan's lists."""
    plan = _Plan()
    records: list[VisitRecord] = []
    ids: dict[str, int] = {}
    lines = opened.line_count
    statuses, confirmations = mapping.value_map("status"), mapping.value_map("confirmed")
    for raw in opened.rows():
        progress.report(min(raw.line, lines), lines, "Reading the file's visits…")
        stop_if_cancelled(progress)
        record = read_visit(
            raw, day_first=mapping.day_first, statuses=statuses, confirmations=confirmations
        )
        if isinstance(record, Refused):
            (plan.left_out if record.left_out else plan.rejected).append(
                ReportLine(record.line, " ".join(record.reasons))
            )
        elif record.legacy_id and record.legacy_id in ids:
            plan.rejected.append(
                ReportLine(
                    record.line,
                    f"The old system's visit {record.legacy_id} is on line "
                    f"{ids[record.legacy_id]} already.",
                )
            )
        else:
            if record.legacy_id:
                ids[record.legacy_id] = record.line
            records.append(record)
    return records, plan


@dataclass(frozen=True, slots=True)
class _Matched:
    patient: Found
    provider_id: uuid.UUID
    room_id: uuid.UUID | None
    type_id: uuid.UUID | None
    starts_at: datetime
    minutes: int


def _match(record: VisitRecord, book: VisitBook) -> _Matched | list[str]:
    """The row's patient, provider, chair, type, start and length, or why not."""
    problems: list[str] = []
    patient = book.patients.find(record.patient)
    if isinstance(patient, str):
        problems.append(patient)
    provider = book.providers.match(record.provider)
    if not isinstance(provider, uuid.UUID):
        problems.append(provider or "The mapping leaves the visit's provider out.")
    room = book.chairs.match(record.chair) if record.chair else None
    if isinstance(room, str):
        problems.append(room)
    words = record.kind or record.procedures
    kind = book.kinds.match(words) if words else None
    type_id = kind if isinstance(kind, uuid.UUID) else None
    minutes = record.minutes or (book.types[type_id].minutes if type_id else None)
    if minutes is None:
        problems.append("The visit's length is missing, and it has no type to take it from.")
    starts_at = local_instant(record.day, record.at, book.zone)
    if starts_at.astimezone(book.zone).time() != record.at:
        problems.append(
            f"{record.at:%H:%M} on {record.day:%m/%d/%Y} did not happen in the practice's "
            "time zone (the clocks went forward past it)."
        )
    if problems:
        return problems
    assert isinstance(patient, Found) and isinstance(provider, uuid.UUID) and minutes
    assert not isinstance(room, str)
    return _Matched(patient, provider, room, type_id, starts_at, minutes)


def _check(
    records: list[VisitRecord],
    book: VisitBook,
    plan: _Plan,
    file_name: str,
    username: str,
    book_over: bool,
    progress: Progress,
) -> None:
    """Match every row and decide what it does: added, updated, unchanged or left out."""
    taken: dict[tuple[uuid.UUID, datetime], int] = {}
    for done, record in enumerate(records):
        progress.report(done, len(records), "Matching the visits with the practice…")
        if done % 500 == 0:
            stop_if_cancelled(progress)
        matched = _match(record, book)
        if isinstance(matched, list):
            plan.rejected.append(ReportLine(record.line, " ".join(matched)))
            continue
        key = (matched.patient.patient_id, matched.starts_at)
        if key in taken:
            plan.rejected.append(
                ReportLine(record.line, f"Line {taken[key]} has this patient at this time too.")
            )
            continue
        taken[key] = record.line
        future = matched.starts_at >= book.now
        refused = _status_refused(record, future)
        if refused:
            plan.rejected.append(ReportLine(record.line, refused))
            continue
        values = _values(record, matched, book)
        _decide(record, matched, values, book, plan, file_name, username, book_over, future)
    plan.rejected.sort(key=lambda line: line.line)


def _status_refused(record: VisitRecord, future: bool) -> str:
    if future and record.status in (
        VisitStatus.ARRIVED, VisitStatus.SEATED, VisitStatus.COMPLETED, VisitStatus.NO_SHOW
    ):  # fmt: skip
        return (
            f"The visit on {record.day:%m/%d/%Y} is marked {record.status.label.lower()} but "
            "has not happened yet."
        )
    return ""


def _values(record: VisitRecord, matched: _Matched, book: VisitBook) -> dict[str, Any]:
    """The visit as it is to be stored, with the times its status stands for."""
    status = record.status
    if status is VisitStatus.SCHEDULED and record.confirmed:
        status = VisitStatus.CONFIRMED
    ends_at = matched.starts_at + timedelta(minutes=matched.minutes)

    def at(stamp: tuple[Any, Any] | None) -> datetime | None:
        return local_instant(stamp[0], stamp[1], book.zone) if stamp else None

    notes = "\n".join(
        part for part in (record.note, f"Procedures: {record.procedures}" if record.procedures
                          else "") if part
    )  # fmt: skip
    return {
        "patient_id": matched.patient.patient_id,
        "provider_id": matched.provider_id,
        "room_id": matched.room_id,
        "type_id": matched.type_id,
        "starts_at": matched.starts_at,
        "minutes": matched.minutes,
        "status": status.value,
        "notes": notes,
        "confirmed_at": book.now if record.confirmed else None,
        "confirmed_via": "the old system" if record.confirmed else "",
        "arrived_at": at(record.arrived),
        "seated_at": at(record.seated),
        "completed_at": (at(record.dismissed) or ends_at)
        if status is VisitStatus.COMPLETED
        else None,
        "no_show_at": matched.starts_at if status is VisitStatus.NO_SHOW else None,
        "cancelled_at": matched.starts_at if status is VisitStatus.CANCELLED else None,
        "cancel_reason": "cancelled in the old system" if status is VisitStatus.CANCELLED else "",
    }


def _decide(
    record: VisitRecord,
    matched: _Matched,
    values: dict[str, Any],
    book: VisitBook,
    plan: _Plan,
    file_name: str,
    username: str,
    book_over: bool,
    future: bool,
) -> None:
    month = matched.starts_at.astimezone(book.zone).strftime("%Y-%m")
    existing = book.by_legacy.get(record.legacy_id) if record.legacy_id else None
    existing_id = existing.id if existing else None
    if existing_id is None and not record.legacy_id:
        existing_id = book.by_time(matched.patient.patient_id, matched.starts_at)
        if existing_id is not None:
            plan.unchanged += 1  # a file without ids: the visit is here, as far as it can tell
            plan.by_month[month] += 1
            return
    if existing is not None:
        if tuple(values[name] for name in COMPARED) == existing.values:
            plan.unchanged += 1
            plan.by_month[month] += 1
            return
        if existing.changed_here:
            plan.warnings.append(
                ReportLine(
                    record.line,
                    "Not updated: this visit was changed in PracticeDesk since it was imported.",
                )
            )
            plan.by_month[month] += 1
            return
    visit_id = existing_id or uuid.uuid4()
    status = VisitStatus(values["status"])
    conflicts: list[Conflict] = []
    if future and status.holds_time:
        proposal = Booking(
            visit_id, matched.patient.patient_id, matched.provider_id, matched.room_id,
            Span.of(matched.starts_at, matched.minutes), matched.patient.name,
        )  # fmt: skip
        conflicts = book.conflicts(proposal, matched.type_id)
        double = [c for c in conflicts if c.kind in DOUBLE_BOOKING]
        when = matched.starts_at.astimezone(book.zone).strftime("%m/%d/%Y %I:%M %p")
        if double and not book_over:
            plan.conflicts.append(
                ReportLine(record.line, f"{when}, {matched.patient.name}: "
                           f"{conflict_text(double)} Not booked.")
            )  # fmt: skip
            return
        if conflicts:
            plan.booked_over += bool(double)
            plan.warnings.append(
                ReportLine(record.line, f"{when}, {matched.patient.name}: booked, although "
                           f"{conflict_text(conflicts)}")
            )  # fmt: skip
        book.index.add(proposal)
    elif existing_id is not None:
        book.index.remove(existing_id)  # cancelled or past now: it holds no time to come
    values["booked_over"] = conflict_text(conflicts)
    source = f" (the old system's visit {record.legacy_id})" if record.legacy_id else ""
    if existing is not None:
        changed = [n for n, old in zip(COMPARED, existing.values, strict=True) if values[n] != old]
        plan.updates[existing.id] = values
        summary = f"updated from {file_name}{source}: {', '.join(changed)} changed"
    else:
        plan.inserts.append({**values, "id": visit_id, "series_id": None,
                             "booked_by": username, "legacy_id": record.legacy_id or None,
                             "confirmed_by": username if record.confirmed else "",
                             "cancelled_by": ""})  # fmt: skip
        summary = f"imported from {file_name}{source}"
    plan.events.append(
        {"appointment_id": visit_id, "at": book.now, "username": username, "kind": IMPORTED,
         "summary": summary}
    )  # fmt: skip
    plan.by_month[month] += 1
    plan.future += future
    plan.past += not future
    plan.never_closed += not future and status.is_open
    plan.untyped += matched.type_id is None


def _report(
    opened: LegacyFile, name: str, dry_run: bool, plan: _Plan, book: VisitBook
) -> MoveReport:
    would = "would go" if dry_run else "went"
    facts = [
        f"{plural(plan.past, 'past visit')} {would} to the history and "
        f"{plural(plan.future, 'visit')} to the book."
    ]
    if plan.never_closed:
        facts.append(
            f"{plural(plan.never_closed, 'past visit')} never checked out in the old system, "
            "kept as they stood there."
        )
    if plan.untyped:
        facts.append(
            f"{plural(plan.untyped, 'visit')} without a matched appointment type: their "
            "procedures are in their notes."
        )
    if plan.booked_over:
        facts.append(f"{plural(plan.booked_over, 'visit')} booked over a double booking, as asked.")
    facts += [
        sentence for sentence in (book.providers.still_to_match(), book.chairs.still_to_match())
        if sentence
    ]  # fmt: skip
    report = plan_report(
        AppointmentImportService.kind, opened, name, dry_run, plan,
        facts=facts, warnings=sorted(plan.warnings, key=lambda line: line.line),
    )  # fmt: skip
    return replace(
        report,
        left_out=tuple(plan.left_out),
        conflicts=tuple(plan.conflicts),
        by_month=tuple(sorted(plan.by_month.items())),
    )
