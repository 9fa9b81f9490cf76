"""The declarative base and the columns every synced row carries.

Every row a person can create has a UUID key, creation and update times, a hybrid-logical-
clock stamp (set by change capture on flush, see store/changes.py) and a tombstone time
instead of being deleted, so sync, audit and undo work without a rewrite.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import MetaData, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from practicedesk.store.models.types import UTCDateTime

# Named constraints, so that Alembic's batch migrations on SQLite can find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid()}  # noqa: RUF012


class Synced:
    """Mixin for rows that travel between PCs and are never hard-deleted."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    hlc: Mapped[str] = mapped_column(String(64), default="", index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    # Columns change capture maintains itself and does not report as changed fields.
    BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "hlc", "deleted_at"})
