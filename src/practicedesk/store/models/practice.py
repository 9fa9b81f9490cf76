"""The practice itself and its shared settings."""

from __future__ import annotations

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class Practice(Synced, Base):
    __tablename__ = "practice"

    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    time_zone: Mapped[str] = mapped_column(String(64))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)  # for letterheads


class Setting(Synced, Base):
    """One practice-wide setting; names, types and defaults are declared in
    services/practice/settings.py."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class ChartNumberBlock(Synced, Base):
    """A block of chart numbers one PC claimed in the shared folder (domain/chart_numbers.py).
    Synced so that every PC knows which numbers are taken, even one that stops syncing."""

    __tablename__ = "chart_number_block"

    first: Mapped[int] = mapped_column(Integer, index=True)
    last: Mapped[int] = mapped_column(Integer)
    device_id: Mapped[str] = mapped_column(String(40), index=True)
