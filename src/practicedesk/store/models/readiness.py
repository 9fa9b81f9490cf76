"""What a coordinator ticked by hand on a surgery's readiness checklist (an escort confirmed,
an authorization not needed). Unticking is a tombstone, so the tick travels and is undone on
every PC alike."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class ReadinessTick(Synced, Base):
    __tablename__ = "readiness_tick"

    appointment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appointment.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(30))  # domain/readiness.py Key
    ticked_by: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
