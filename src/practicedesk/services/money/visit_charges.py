"""Whether a visit's charges are posted. A visit is checked out in one action and its charges
confirmed in the check-out dialog after, so a visit can stand checked out with nothing
charged (the coordinator pressed Esc, or the visit was free): the book marks those, the day's
money lists them before the close, and a second check-out of a charged visit is refused rather
than charging the patient twice.

A charge taken back by a correction does not count: the visit can be charged again.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session, aliased

from practicedesk.domain.ledger import EntryKind
from practicedesk.store.models import LedgerEntry


def charged_on(session: Session, appointment_id: uuid.UUID) -> date | None:
    """The day the visit's standing charges were posted, or None if it has none."""
    return session.scalar(
        select(func.min(LedgerEntry.posted_on)).where(
            LedgerEntry.appointment_id == appointment_id, *_standing_charge()
        )
    )


def charged_visits(session: Session, appointment_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Those of the visits that have standing charges."""
    wanted = list(appointment_ids)
    found: set[uuid.UUID] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            session.scalars(
                select(LedgerEntry.appointment_id)
                .where(LedgerEntry.appointment_id.in_(chunk), *_standing_charge())
                .distinct()
            )
        )
    return found


def _standing_charge() -> tuple[ColumnElement[bool], ...]:
    reversal = aliased(LedgerEntry)
    taken_back = exists().where(reversal.reverses == LedgerEntry.id, reversal.deleted_at.is_(None))
    return (
        LedgerEntry.kind == EntryKind.CHARGE.value,
        LedgerEntry.deleted_at.is_(None),
        ~taken_back,
    )
