"""Tables that belong to this PC's copy only and never sync as rows.

The change log is what sync sends and receives; the audit log is this PC's record of who did
what; the meta table holds this copy's device id, the keystore version it has seen and its sync
settings; the sync tables hold what this PC knows of the others and the conflicts to review;
the recall list's last visits are worked out from this copy's own appointments.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base


class LocalMeta(Base):
    __tablename__ = "local_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChangeEntry(Base):
    """One changed row: which fields became what, stamped by the hybrid logical clock."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hlc: Mapped[str] = mapped_column(String(64), index=True)
    device_id: Mapped[str] = mapped_column(String(40))
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[uuid.UUID] = mapped_column(index=True)
    op: Mapped[str] = mapped_column(String(10))  # insert, update, delete
    data: Mapped[str] = mapped_column(Text)  # JSON: {field: new value}
    # JSON: {field: [stamp, …]}, the versions the writer's copy held (domain/merge.py `Change`)
    base: Mapped[str] = mapped_column(Text, default="{}")
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(40), default="", server_default="")  # user id, or ""


class AuditEntry(Base):
    """Append-only; `hash` covers `prev_hash` and the content (security/audit.py)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID | None]
    username: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[str] = mapped_column(String(40), default="")
    patient_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RecentPatient(Base):
    """The patients a user opened lately, on this PC only."""

    __tablename__ = "recent_patient"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    opened_at: Mapped[datetime] = mapped_column(index=True)


class SyncPeer(Base):
    """Another PC of the practice, as this one knows it from the shared folder."""

    __tablename__ = "sync_peer"

    device_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), default="")
    applied_seq: Mapped[int] = mapped_column(Integer, default=0)  # its batches applied here
    held_seq: Mapped[int] = mapped_column(Integer, default=0)  # a batch waiting for the owner
    held_reason: Mapped[str] = mapped_column(Text, default="")
    release_seq: Mapped[int] = mapped_column(Integer, default=0)  # the owner let this one in
    clock_skew_ms: Mapped[int] = mapped_column(Integer, default=0)
    last_seen: Mapped[datetime | None]


class SyncConflict(Base):
    """A value that lost to another PC's edit made without seeing it: for a person to review.

    Worked out again from the change log whenever a row's changes arrive (store/sync_log.py),
    so it always agrees with the rows.
    """

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[uuid.UUID] = mapped_column(index=True)
    field: Mapped[str] = mapped_column(String(60))
    winner: Mapped[str] = mapped_column(Text)  # JSON value
    winner_stamp: Mapped[str] = mapped_column(String(64))
    loser: Mapped[str] = mapped_column(Text)
    loser_stamp: Mapped[str] = mapped_column(String(64))
    kept_both: Mapped[bool] = mapped_column(default=False)


class RecallLastVisit(Base):
    """Each patient's last completed visit of each type, with its provider: what the recall
    list reads instead of walking every completed visit (docs/decisions/0024).

    Derived from `appointment` by triggers that migration 0021 makes, so the ORM never writes
    it; a visit without a type is kept under the type "".
    """

    __tablename__ = "recall_last_visit"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    patient_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    type_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    starts_at: Mapped[datetime]
    provider_id: Mapped[uuid.UUID]
