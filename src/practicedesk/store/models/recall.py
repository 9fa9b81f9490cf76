"""Patients who come back: recall types and each patient's own recall settings, the e-mail
reminders waiting to go out, and the tasks that follow a visit by themselves.

Due dates are never stored: they are worked out from the visits each time (domain/recall.py),
so a visit completed on another PC moves a recall on as soon as it arrives.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class RecallType(Synced, Base):
    """Hygiene every 6 months, periodontal maintenance every 3, X-rays every 12…"""

    __tablename__ = "recall_type"

    name: Mapped[str] = mapped_column(String(80))
    interval_months: Mapped[int] = mapped_column(default=6)
    interval_days: Mapped[int] = mapped_column(default=0)
    satisfied_by: Mapped[str] = mapped_column(Text, default="[]")  # JSON: appointment type ids
    book_type_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointment_type.id"))
    everyone: Mapped[bool] = mapped_column(default=False)  # every active patient has it
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class PatientRecall(Synced, Base):
    """A patient's own terms for one recall: put on it, another interval, or turned off."""

    __tablename__ = "patient_recall"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    recall_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recall_type.id"))
    interval_months: Mapped[int | None]
    interval_days: Mapped[int | None]
    off: Mapped[bool] = mapped_column(default=False)
    off_reason: Mapped[str] = mapped_column(String(120), default="")
    # The due date the system the practice moved from gave, and the day it said so: it
    # stands until a visit that satisfies the recall is completed after that day.
    carried_due_on: Mapped[date | None] = mapped_column(default=None)
    carried_as_of: Mapped[date | None] = mapped_column(default=None)
    legacy_id: Mapped[str | None] = mapped_column(String(60), default=None, index=True)


class ReminderMessage(Synced, Base):
    """One reminder to send. Its id is made from the visit and the rule, so the two PCs that
    both queue it make one row, and the one PC chosen as the sender sends it once.

    `status`: queued, sending (claimed, the mail server not yet answered), sent, failed,
    skipped (no e-mail or no consent: to call), cancelled, unsure (the program stopped while
    sending it). Only the sending PC writes `status`; a person's "retry now" writes only
    `next_try_at`, so two PCs' edits never turn a sent message back into one to send."""

    __tablename__ = "reminder_message"

    appointment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appointment.id"), index=True)
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patient.id"), index=True)
    rule: Mapped[str] = mapped_column(String(40))  # "2 days before at 10:00"
    channel: Mapped[str] = mapped_column(String(10), default="email")
    send_at: Mapped[datetime] = mapped_column(index=True)
    to_address: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None]
    visit_starts_at: Mapped[datetime | None]  # the visit's time the message speaks of
    next_try_at: Mapped[datetime | None]  # a failed or unsure one goes again from then
    device: Mapped[str] = mapped_column(String(40), default="")  # the PC that claimed it


class FollowUpRule(Synced, Base):
    """A task that follows a visit of one type by itself: "post-op call the next working
    day" after a surgery, "reschedule" after a no-show."""

    __tablename__ = "follow_up_rule"

    appointment_type_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("appointment_type.id"), index=True
    )  # None: every type
    trigger: Mapped[str] = mapped_column(String(20))  # completed, no-show, cancelled, referred
    title: Mapped[str] = mapped_column(String(200))
    due_after_working_days: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
