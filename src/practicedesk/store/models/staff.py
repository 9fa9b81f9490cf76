"""The people who work in the practice: user accounts, providers, and the chairs/rooms."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class AppUser(Synced, Base):
    """A login. The password never lives here: the keystore holds the user's wrapped key."""

    __tablename__ = "app_user"

    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)


class KeySlot(Synced, Base):
    """A copy of one keystore slot (a user's wrapped key), so passwords travel between PCs.

    The keystore file stays the key's home; this row only carries it through sync. The row id
    is derived from the slot's name, so two PCs writing one user's slot write one row.
    """

    __tablename__ = "key_slot"

    lookup: Mapped[str] = mapped_column(String(64), index=True)
    slot: Mapped[str] = mapped_column(Text)  # JSON, as in keystore.json


class Provider(Synced, Base):
    """A dentist, hygienist or doctor whose time is booked."""

    __tablename__ = "provider"

    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    colour: Mapped[str] = mapped_column(String(7))
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class Room(Synced, Base):
    """A chair, operatory or exam room."""

    __tablename__ = "room"

    name: Mapped[str] = mapped_column(String(60))
    colour: Mapped[str] = mapped_column(String(7))
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
