"""Whom a recall mailing goes to: each chosen patient's name and mailing address, the first
name a card greets, and what the card says they are due for; and who was sent a postcard
lately, so the monthly mailing does not send a second one within weeks.

A card names the recalls only (the owner's names, such as "Hygiene") and, when none is due
yet, the month the first falls due: a postcard is read by everyone it passes.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.recall import RecallState
from practicedesk.errors import NotFound
from practicedesk.services.recall.lists import RECALL_TOPIC, RecallRow
from practicedesk.store.models import Communication, Patient

POSTCARD_SENT = "postcard sent"  # the outcome a mailed postcard is logged with
_DUE_NOW = (RecallState.OVERDUE, RecallState.DUE)
_CHUNK = 500  # ids to an IN (...): well under SQLite's limit on parameters


@dataclass(frozen=True, slots=True)
class Recipient:
    patient_id: uuid.UUID
    name: str  # "Last, First", as the recall list shows it
    greeting: str  # the preferred or first name
    address: tuple[str, ...]  # name, street lines, "City, ST 97201"; empty when not on file
    visits: str  # "Hygiene and Bitewing X-rays", or "" when nothing is due
    due_month: str  # "April 2026" when nothing is due yet; "" when something is due now


def read_recipients(
    session: Session,
    patient_ids: Sequence[uuid.UUID],
    due: Mapping[uuid.UUID, Sequence[RecallRow]],
    today: date,
) -> list[Recipient]:
    """The patients in the order the cards are printed and stuffed: by last name, then first
    name. `due` holds each patient's lines on the recall list."""
    found: list[Patient] = []
    for start in range(0, len(patient_ids), _CHUNK):
        found += session.scalars(
            select(Patient).where(
                Patient.id.in_(patient_ids[start : start + _CHUNK]), Patient.deleted_at.is_(None)
            )
        ).all()
    if len(found) != len(set(patient_ids)):
        raise NotFound(
            "One of the chosen patients is no longer in the practice (removed or merged); "
            "open the recall list again."
        )
    found.sort(key=lambda p: (p.last_name.casefold(), p.first_name.casefold(), str(p.id)))
    return [_recipient(person, due.get(person.id, ()), today) for person in found]


def recently_mailed(
    session: Session, patient_ids: Sequence[uuid.UUID], since: datetime
) -> set[uuid.UUID]:
    """Those of `patient_ids` logged as sent a recall postcard at `since` or later."""
    sent: set[uuid.UUID] = set()
    for start in range(0, len(patient_ids), _CHUNK):
        sent.update(
            session.scalars(
                select(Communication.patient_id).where(
                    Communication.patient_id.in_(patient_ids[start : start + _CHUNK]),
                    Communication.topic == RECALL_TOPIC,
                    Communication.outcome == POSTCARD_SENT,
                    Communication.at >= since,
                    Communication.deleted_at.is_(None),
                )
            )
        )
    return sent


def _recipient(person: Patient, rows: Sequence[RecallRow], today: date) -> Recipient:
    rows = sorted(rows, key=lambda row: row.due)
    visits = " and ".join(dict.fromkeys(row.recall for row in rows))
    due_now = not rows or any(row.state in _DUE_NOW or row.due <= today for row in rows)
    first_due = rows[0].due if rows else None
    due_month = "" if due_now or first_due is None else f"{first_due:%B %Y}"
    return Recipient(
        person.id,
        f"{person.last_name}, {person.first_name}",
        person.preferred_name.strip() or person.first_name,
        _address(person),
        visits,
        due_month,
    )


def _address(person: Patient) -> tuple[str, ...]:
    """The block as the post reads it, or () when the street or the town is missing."""
    street = person.street.strip()
    place = " ".join(p for p in (person.region.strip(), person.postal_code.strip()) if p)
    town = ", ".join(p for p in (person.city.strip(), place) if p)
    if not street or not (person.city.strip() or person.postal_code.strip()):
        return ()
    name = " ".join(p for p in (person.first_name, person.last_name, person.suffix) if p.strip())
    return tuple(line for line in (name, street, person.street2.strip(), town) if line)
