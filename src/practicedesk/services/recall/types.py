"""The recall types the owner keeps: what brings a patient back, how often, which visits
satisfy it, and which visit type to book for it. A dental office starts from the usual ones
(hygiene every 6 months, periodontal maintenance every 3, bitewings every 12)."""

from __future__ import annotations

import builtins
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput, NotFound
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import AppointmentType, RecallType


@dataclass(frozen=True, slots=True)
class RecallTypeInfo:
    id: uuid.UUID
    name: str
    interval_months: int
    interval_days: int
    satisfied_by: tuple[uuid.UUID, ...]  # appointment types whose completed visit resets it
    book_type_id: uuid.UUID | None  # the type to book for it
    everyone: bool  # every active patient has it (hygiene), or only those put on it
    active: bool

    @property
    def interval(self) -> str:
        parts = [f"{self.interval_months} months"] if self.interval_months else []
        parts += [f"{self.interval_days} days"] if self.interval_days else []
        return " and ".join(parts) or "—"


# name, months, everyone, words that find the visit types satisfying it
_USUAL = (
    ("Hygiene", 6, True, ("hygiene", "cleaning", "recall")),
    ("Periodontal maintenance", 3, False, ("perio",)),
    ("Bitewing X-rays", 12, True, ("hygiene", "cleaning", "x-ray")),
)


def read_recall_types(session: Session, *, include_inactive: bool = False) -> list[RecallTypeInfo]:
    query = select(RecallType).where(RecallType.deleted_at.is_(None))
    if not include_inactive:
        query = query.where(RecallType.active.is_(True))
    rows = session.scalars(query.order_by(RecallType.sort_order, RecallType.name))
    return [_info(row) for row in rows]


class RecallTypeService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def list(self, *, include_inactive: bool = False) -> builtins.list[RecallTypeInfo]:
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            return read_recall_types(session, include_inactive=include_inactive)

    def save(
        self,
        name: str,
        interval_months: int,
        satisfied_by: Sequence[uuid.UUID],
        *,
        interval_days: int = 0,
        book_type_id: uuid.UUID | None = None,
        everyone: bool = False,
        active: bool = True,
        recall_type_id: uuid.UUID | None = None,
    ) -> RecallTypeInfo:
        self._ctx.require(Permission.EDIT_SETTINGS)
        name = " ".join(name.split())
        if not name:
            raise InvalidInput("Give the recall a name, such as Hygiene.")
        if not (0 <= interval_months <= 120 and 0 <= interval_days <= 366):
            raise InvalidInput("A recall comes back after 0 to 120 months and 0 to 366 days.")
        if interval_months == 0 and interval_days == 0:
            raise InvalidInput("Say how often the recall comes back.")
        if not satisfied_by:
            raise InvalidInput("Choose the visit types that count as this recall done.")
        with self._ctx.db.writing() as session:
            for type_id in (*satisfied_by, *([book_type_id] if book_type_id else [])):
                if session.get(AppointmentType, type_id) is None:
                    raise NotFound("One of those appointment types no longer exists.")
            if recall_type_id is None:
                row = RecallType(sort_order=_next_order(session))
                session.add(row)
            else:
                found = live_row(
                    session, RecallType, recall_type_id, "That recall type no longer exists."
                )
                row = found
            row.name, row.interval_months, row.interval_days = name, interval_months, interval_days
            row.satisfied_by = json.dumps(sorted(str(t) for t in satisfied_by))
            row.book_type_id, row.everyone, row.active = book_type_id, everyone, active
            session.flush()
            audit.record(
                session, self._ctx.actor, audit.Action.SETTING_CHANGED,
                f"recall {name}: every {_info(row).interval}",
            )  # fmt: skip
            info = _info(row)
        self._ctx.announce(Area.SETTINGS)
        return info

    def add_usual(self) -> int:
        """The usual dental recalls, tied to the visit types whose names fit; returns how
        many were added (none that exist by name, none without a fitting type)."""
        self._ctx.require(Permission.EDIT_SETTINGS)
        with self._ctx.db.writing() as session:
            have = {row.name.casefold() for row in session.scalars(select(RecallType))}
            types = session.scalars(
                select(AppointmentType).where(AppointmentType.deleted_at.is_(None))
            ).all()
            added = 0
            for name, months, everyone, words in _USUAL:
                fitting = [t for t in types if any(w in t.name.casefold() for w in words)]
                if name.casefold() in have or not fitting:
                    continue
                session.add(
                    RecallType(
                        name=name, interval_months=months, everyone=everyone,
                        satisfied_by=json.dumps(sorted(str(t.id) for t in fitting)),
                        book_type_id=fitting[0].id, sort_order=_next_order(session) + added,
                    )
                )  # fmt: skip
                added += 1
            if added:
                audit.record(session, self._ctx.actor, audit.Action.SETTING_CHANGED,
                             f"{added} usual recall types added")  # fmt: skip
        if added:
            self._ctx.announce(Area.SETTINGS)
        return added


def _next_order(session: Session) -> int:
    return max(session.scalars(select(RecallType.sort_order)), default=-1) + 1


def _info(row: RecallType) -> RecallTypeInfo:
    return RecallTypeInfo(
        row.id,
        row.name,
        row.interval_months,
        row.interval_days,
        tuple(uuid.UUID(t) for t in json.loads(row.satisfied_by or "[]")),
        row.book_type_id,
        row.everyone,
        row.active,
    )
