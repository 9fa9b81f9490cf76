"""The audit log: recording entries in the caller's transaction, and the owner's view of it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from practicedesk.security.audit import GENESIS, ChainBreak, ChainedEntry, entry_hash, first_break
from practicedesk.security.roles import Permission
from practicedesk.services.context import Actor, Context
from practicedesk.store.models import AuditEntry
from practicedesk.store.models.base import utcnow

_VERIFY_BATCH = 5000


class Action:
    """The names entries are filed under; the viewer filters by these."""

    PRACTICE_CREATED = "practice created"
    LOGIN = "login"
    LOGIN_FAILED = "login failed"
    ACCOUNT_LOCKED = "account locked"
    EMERGENCY_ACCESS = "emergency access"
    LOGOUT = "logout"
    SCREEN_LOCKED = "screen locked"
    SCREEN_UNLOCKED = "screen unlocked"
    USER_ADDED = "user added"
    USER_CHANGED = "user changed"
    USER_DISABLED = "user disabled"
    USER_ENABLED = "user enabled"
    PASSWORD_RESET = "password reset"
    PASSWORD_CHANGED = "password changed"
    ACCOUNT_UNLOCKED = "account unlocked"
    PRACTICE_CHANGED = "practice details changed"
    SETTING_CHANGED = "setting changed"
    STAFF_CHANGED = "providers or chairs changed"
    PATIENT_ADDED = "patient added"
    CHART_VIEWED = "chart viewed"
    CHART_CHANGED = "chart changed"
    CHART_PRINTED = "chart printed"
    CHART_EXPORTED = "chart exported"
    PATIENTS_MERGED = "patients merged"
    CHART_RENUMBERED = "chart renumbered"
    PATIENTS_IMPORTED = "patients imported"
    RECORDS_IMPORTED = "records imported"  # visits, insurance, recalls, balances
    DOCUMENT_ADDED = "document added"
    DOCUMENT_VIEWED = "document viewed"
    DOCUMENT_REMOVED = "document removed"
    INSURANCE_VERIFIED = "insurance verified"
    COMMUNICATION_LOGGED = "communication logged"
    RECALL_PRINTED = "recall printed"
    RECALL_EXPORTED = "recall list exported"
    TASK_CHANGED = "task changed"
    FORM_STARTED = "form started"
    FORM_SIGNED = "form signed"
    FORM_PRINTED = "form printed"
    READINESS_TICKED = "readiness ticked"
    APPOINTMENT_BOOKED = "appointment booked"
    APPOINTMENT_MOVED = "appointment moved"
    APPOINTMENT_STATUS = "appointment status"
    APPOINTMENT_CANCELLED = "appointment cancelled"
    WAITLIST_CHANGED = "waitlist changed"
    SCHEDULE_PRINTED = "schedule printed"
    SCHEDULE_EXPORTED = "schedule exported"
    SCHEMA_UPGRADED = "database upgraded"
    BACKUP_MADE = "backup made"
    BACKUP_VERIFIED = "backup verified"
    BACKUP_RESTORED = "backup restored"
    SYNC_SET_UP = "sync set up"
    SYNC_RECEIVED = "sync received"
    SYNC_CONFLICT_SETTLED = "sync conflict settled"
    SYNC_JOINED = "joined by sync"
    AUDIT_VERIFIED = "audit log verified"
    MONEY_POSTED = "money posted"
    MONEY_CORRECTED = "money corrected"
    CLAIM_CHANGED = "claim changed"
    PLAN_CHANGED = "treatment plan changed"
    DAY_CLOSED = "day closed"
    DAY_REOPENED = "day reopened"
    FEES_CHANGED = "fees changed"
    STATEMENT_PRINTED = "statement printed"
    REPORT_EXPORTED = "report exported"
    MONEY_PRINTED = "money printed"
    MONEY_EXPORTED = "money exported"
    ATTEMPTS_RESET = "login attempts file reset"

    @classmethod
    def all(cls) -> list[str]:
        return sorted(v for k, v in vars(cls).items() if k.isupper() and isinstance(v, str))


@dataclass(frozen=True, slots=True)
class AuditRecord:
    seq: int
    at: datetime
    username: str
    action: str
    subject_type: str
    subject_id: str
    patient_id: uuid.UUID | None
    summary: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    username: str | None = None
    action: str | None = None
    text: str | None = None
    patient_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Verification:
    entries: int
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    summary: str = "",
    *,
    subject_type: str = "",
    subject_id: str = "",
    patient_id: uuid.UUID | None = None,
    at: datetime | None = None,
    username: str | None = None,
) -> None:
    """Append one entry, chained to the last, inside the caller's (write) transaction."""
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
    entry = AuditEntry(
        id=uuid.uuid4(),
        at=at or utcnow(),
        user_id=actor.user_id if actor else None,
        username=username if username is not None else (actor.username if actor else ""),
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        patient_id=patient_id,
        summary=summary,
        prev_hash=prev or GENESIS,
        hash="",
    )
    entry.hash = entry_hash(entry.prev_hash, _content(entry))
    session.add(entry)
    session.flush()


def _content(entry: AuditEntry) -> dict[str, object]:
    return {
        "id": str(entry.id),
        "at": entry.at.isoformat(),
        "user_id": str(entry.user_id) if entry.user_id else None,
        "username": entry.username,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "patient_id": str(entry.patient_id) if entry.patient_id else None,
        "summary": entry.summary,
    }


class AuditService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def entries(
        self, where: AuditFilter = AuditFilter(), *, limit: int = 200, offset: int = 0
    ) -> list[AuditRecord]:
        """Newest first, filtered in SQL so a years-long log stays quick to page through."""
        self._ctx.require(Permission.VIEW_AUDIT)
        query = self._filtered(select(AuditEntry), where)
        query = query.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
        with self._ctx.db.reading() as session:
            return [_record(row) for row in session.scalars(query)]

    def count(self, where: AuditFilter = AuditFilter()) -> int:
        self._ctx.require(Permission.VIEW_AUDIT)
        with self._ctx.db.reading() as session:
            return session.scalar(self._filtered(select(func.count(AuditEntry.seq)), where)) or 0

    def usernames(self) -> list[str]:
        self._ctx.require(Permission.VIEW_AUDIT)
        with self._ctx.db.reading() as session:
            query = select(AuditEntry.username).distinct().order_by(AuditEntry.username)
            return [name for name in session.scalars(query) if name]

    def verify(self) -> Verification:
        """Check every page of the database, then walk the whole chain; the result is itself
        audited. A damaged page anywhere is reported as such (`DamagedDatabase`), not as an
        intact log: an entry on that page could not be read back."""
        self._ctx.require(Permission.VIEW_AUDIT)
        if self._ctx.db.integrity_problems():
            raise self._ctx.db.damaged_error()
        result = verify_chain(self._ctx)
        broken = result.broken
        with self._ctx.db.writing() as session:
            # The walk stops at a break, so it has not counted the entries after it.
            total = session.scalar(select(func.count(AuditEntry.seq))) or 0
            summary = f"{total} entries, " + (
                f"broken at entry {broken.seq}" if broken else "intact"
            )
            record(session, self._ctx.actor, Action.AUDIT_VERIFIED, summary)
        return result

    @staticmethod
    def _filtered(query: Select[Any], where: AuditFilter) -> Select[Any]:
        if where.since:
            query = query.where(AuditEntry.at >= where.since)
        if where.until:
            query = query.where(AuditEntry.at < where.until)
        if where.username:
            query = query.where(AuditEntry.username == where.username)
        if where.action:
            query = query.where(AuditEntry.action == where.action)
        if where.patient_id:
            query = query.where(AuditEntry.patient_id == where.patient_id)
        if where.text:
            pattern = f"%{where.text}%"
            query = query.where(
                or_(AuditEntry.summary.ilike(pattern), AuditEntry.subject_id.ilike(pattern))
            )
        return query


def verify_chain(context: Context) -> Verification:
    count = 0
    with context.db.reading() as session:

        def chained() -> Iterator[ChainedEntry]:
            nonlocal count
            last_seq = 0
            while True:
                batch = session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.seq > last_seq)
                    .order_by(AuditEntry.seq)
                    .limit(_VERIFY_BATCH)
                ).all()
                if not batch:
                    return
                for row in batch:
                    count += 1
                    yield ChainedEntry(row.seq, row.prev_hash, row.hash, _content(row))
                last_seq = batch[-1].seq

        broken = first_break(chained())
    return Verification(count, broken)


def _record(row: AuditEntry) -> AuditRecord:
    return AuditRecord(
        seq=row.seq,
        at=row.at,
        username=row.username,
        action=row.action,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        patient_id=row.patient_id,
        summary=row.summary,
    )
