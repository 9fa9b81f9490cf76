"""Providers (whose time is booked) and chairs/rooms (where). The appointment book builds on
these; here they are only listed, added, changed and retired."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import Provider, Room
from practicedesk.store.models.base import utcnow

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class ProviderKind(StrEnum):
    DENTIST = "dentist"
    HYGIENIST = "hygienist"
    DOCTOR = "doctor"
    SPECIALIST = "specialist"
    ASSISTANT = "assistant"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    id: uuid.UUID
    name: str
    kind: ProviderKind
    colour: str
    active: bool


@dataclass(frozen=True, slots=True)
class RoomInfo:
    id: uuid.UUID
    name: str
    colour: str
    active: bool


def _provider_values(name: str, colour: str, kind: ProviderKind) -> tuple[str, str, ProviderKind]:
    """A provider's name, colour and kind as stored, or InvalidInput naming what is wrong."""
    return clean_name(name, "provider", 120), check_colour(colour), ProviderKind(kind)


def clean_name(name: str, what: str, limit: int) -> str:
    """Spaces tidied; empty or overlong names refused with the thing's name in the message."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(f"The {what} needs a name.")
    if len(name) > limit:
        raise InvalidInput(f"The {what}'s name is too long (at most {limit} characters).")
    return name


def listed(model: Any, *, include_inactive: bool) -> Select[Any]:
    """Rows not tombstoned, and only the active ones unless asked, in their display order."""
    query = select(model).where(model.deleted_at.is_(None))
    if not include_inactive:
        query = query.where(model.active.is_(True))
    return query.order_by(model.sort_order, model.name)


def read_providers(session: Session, *, include_inactive: bool = False) -> list[ProviderInfo]:
    rows = session.scalars(listed(Provider, include_inactive=include_inactive))
    return [_provider(row) for row in rows]


def read_rooms(session: Session, *, include_inactive: bool = False) -> list[RoomInfo]:
    rows = session.scalars(listed(Room, include_inactive=include_inactive))
    return [_room(row) for row in rows]


def check_colour(colour: str) -> str:
    if not _COLOUR.match(colour):
        raise InvalidInput("A colour is written like #1E88E5.")
    return colour.upper()


class StaffService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def providers(self, *, include_inactive: bool = False) -> list[ProviderInfo]:
        with self._ctx.db.reading() as session:
            return read_providers(session, include_inactive=include_inactive)

    def rooms(self, *, include_inactive: bool = False) -> list[RoomInfo]:
        with self._ctx.db.reading() as session:
            return read_rooms(session, include_inactive=include_inactive)

    def add_provider(self, name: str, kind: ProviderKind, colour: str) -> ProviderInfo:
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        name, colour, kind = _provider_values(name, colour, kind)
        with self._ctx.db.writing() as session:
            row = Provider(
                name=name, kind=kind.value, colour=colour, sort_order=_next_order(session, Provider)
            )
            session.add(row)
            session.flush()
            record_staff_change(session, self._ctx, f"provider added: {name}", "provider", row.id)
            info = _provider(row)
        self._ctx.announce(Area.STAFF)
        return info

    def update_provider(
        self, provider_id: uuid.UUID, name: str, kind: ProviderKind, colour: str, active: bool
    ) -> ProviderInfo:
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        name, colour, kind = _provider_values(name, colour, kind)
        with self._ctx.db.writing() as session:
            row = live_row(session, Provider, provider_id, "That provider no longer exists.")
            wanted = (name, kind.value, colour, active)
            if (row.name, row.kind, row.colour, row.active) != wanted:  # a save of nothing
                row.name, row.kind, row.colour, row.active = wanted  # is no entry in the log
                record_staff_change(
                    session, self._ctx, f"provider changed: {name}", "provider", row.id
                )
            info = _provider(row)
        self._ctx.announce(Area.STAFF)
        return info

    def add_room(self, name: str, colour: str) -> RoomInfo:
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        name, colour = clean_name(name, "chair or room", 60), check_colour(colour)
        with self._ctx.db.writing() as session:
            row = Room(name=name, colour=colour, sort_order=_next_order(session, Room))
            session.add(row)
            session.flush()
            record_staff_change(session, self._ctx, f"chair added: {name}", "room", row.id)
            info = _room(row)
        self._ctx.announce(Area.STAFF)
        return info

    def update_room(self, room_id: uuid.UUID, name: str, colour: str, active: bool) -> RoomInfo:
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        name, colour = clean_name(name, "chair or room", 60), check_colour(colour)
        with self._ctx.db.writing() as session:
            row = live_row(session, Room, room_id, "That chair or room no longer exists.")
            if (row.name, row.colour, row.active) != (name, colour, active):
                row.name, row.colour, row.active = name, colour, active
                record_staff_change(session, self._ctx, f"chair changed: {name}", "room", row.id)
            info = _room(row)
        self._ctx.announce(Area.STAFF)
        return info

    def remove_room(self, room_id: uuid.UUID) -> None:
        """Tombstone a chair entered by mistake; a chair that was used is retired instead."""
        self._ctx.require(Permission.SET_UP_SCHEDULE)
        with self._ctx.db.writing() as session:
            row = live_row(session, Room, room_id, "That chair or room no longer exists.")
            row.deleted_at = utcnow()
            record_staff_change(session, self._ctx, f"chair removed: {row.name}", "room", row.id)
        self._ctx.announce(Area.STAFF)


def _next_order(session: Session, model: type[Provider] | type[Room]) -> int:
    return (session.scalar(select(func.max(model.sort_order))) or 0) + 1


def _provider(row: Provider) -> ProviderInfo:
    return ProviderInfo(row.id, row.name, ProviderKind(row.kind), row.colour, row.active)


def _room(row: Room) -> RoomInfo:
    return RoomInfo(row.id, row.name, row.colour, row.active)


def record_staff_change(
    session: Session, ctx: Context, summary: str, kind: str, row_id: uuid.UUID
) -> None:
    """Providers, chairs and the schedule's set-up (types, time off) are audited as one kind
    of change, so the owner finds every change to who works when in one place."""
    audit.record(
        session,
        ctx.actor,
        audit.Action.STAFF_CHANGED,
        summary,
        subject_type=kind,
        subject_id=str(row_id),
    )
