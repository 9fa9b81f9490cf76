"""Forms filled for a patient: drafts saved as they are typed, and signed forms, which keep
the template's own bytes, the answers and a hash, and are never changed afterwards."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class PatientForm(Synced, Base):
    __tablename__ = "patient_form"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointment.id"))
    template_id: Mapped[str] = mapped_column(String(60), index=True)
    template_version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    template_text: Mapped[bytes] = mapped_column(LargeBinary)  # the YAML it was filled on
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft, signed
    answers: Mapped[str] = mapped_column(Text, default="{}")  # forms/answers_json.py
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signed_at: Mapped[datetime | None]
    signed_with: Mapped[str] = mapped_column(String(40), default="")  # the staff user signed in
    content_sha256: Mapped[str] = mapped_column(String(64), default="")
    amends_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("patient_form.id"))


class OwnTemplate(Synced, Base):
    """A form template the practice made its own (Settings → Forms), kept in the database so
    backups and sync carry it like the forms filled on it."""

    __tablename__ = "own_template"

    template_id: Mapped[str] = mapped_column(String(60), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)  # the YAML, as the owner saved it


class OwnPacket(Synced, Base):
    """A packet the practice made its own, kept with its own form templates."""

    __tablename__ = "own_packet"

    packet_id: Mapped[str] = mapped_column(String(60), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)  # the YAML, as the owner saved it
