"""What the recall list needs from the whole practice's visits, read in two passes however
many recall types the practice keeps: each patient's last completed visit of each type (with
its provider), and their first open visit of each type from today.

Why it is written so (measured on 20,000 patients and 163,000 visits, benchmarks/README.md):
- The last completed visits are read from `recall_last_visit` (migration 0021), one narrow
  row per patient and type that triggers on `appointment` keep, in its key's order: 40,000
  rows instead of a walk of 137,000 completed visits in `ix_appointment_done` grouped as it
  goes (docs/decisions/0024). The open visits from today are few, and found by the start
  index.
- The rows are Core tuples from the session's connection: the ORM's row-by-row loading of
  40,000 rows cost about three times the query.
- Ids and times stay as the text SQLite keeps (32 hex digits, "2026-03-14 15:00:00.000000",
  which sorts as time does) and only those a line of the list shows become UUIDs and dates:
  turning 40,000 rows of three ids into UUID objects took longer than the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, String, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import SQLCoreOperations

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.store.models import Appointment, RecallLastVisit

_OPEN = [s.value for s in VisitStatus if s.is_open]
NO_TYPE = ""  # a visit booked without a type


@dataclass(frozen=True, slots=True)
class PracticeVisits:
    """Patients as hex text, times as SQLite's UTC text; one dict per recall, in the order of
    the satisfying sets asked for."""

    done: list[dict[str, str]]  # per patient, the last completed start that satisfies it
    booked: list[dict[str, str]]  # per patient, the first open start from today on that does
    last: dict[str, tuple[str, str]]  # per patient, the last completed start of any type, and
    # its provider


def read_practice_visits(
    session: Session, from_moment: datetime, satisfying: list[frozenset[str]]
) -> PracticeVisits:
    """Each recall's starts folded as the rows come, in one pass over each query: a dict of
    40,000 (patient, type) keys, walked again for every recall and for the last visit, cost
    about as much as fetching the rows."""
    patient, kind = as_text(Appointment.patient_id), func.coalesce(as_text(Appointment.type_id), "")
    connection = session.connection()
    done = connection.execute(
        select(as_text(RecallLastVisit.patient_id), RecallLastVisit.type_id,
               as_text(RecallLastVisit.starts_at), as_text(RecallLastVisit.provider_id))
        .order_by(RecallLastVisit.patient_id, RecallLastVisit.type_id)
    )  # fmt: skip
    booked = connection.execute(
        select(patient, kind, as_text(func.min(Appointment.starts_at)))
        .where(Appointment.deleted_at.is_(None), Appointment.status.in_(_OPEN),
               Appointment.starts_at >= from_moment)
        .group_by(patient + "", Appointment.type_id)
    )  # fmt: skip
    last_done: list[dict[str, str]] = [{} for _ in satisfying]
    next_booked: list[dict[str, str]] = [{} for _ in satisfying]
    done_for: dict[str, list[dict[str, str]]] = {}  # a visit type: the recalls' dicts it sets
    booked_for: dict[str, list[dict[str, str]]] = {}
    for index, types in enumerate(satisfying):
        for type_id in types:
            done_for.setdefault(type_id, []).append(last_done[index])
            booked_for.setdefault(type_id, []).append(next_booked[index])
    last: dict[str, tuple[str, str]] = {}
    for patient_id, type_id, at, provider in done:
        seen = last.get(patient_id)
        if seen is None or at > seen[0]:
            last[patient_id] = (at, provider)
        for found in done_for.get(type_id, ()):
            if at > found.get(patient_id, ""):
                found[patient_id] = at
    for patient_id, type_id, at in booked:
        for found in booked_for.get(type_id, ()):
            if patient_id not in found or at < found[patient_id]:
                found[patient_id] = at
    return PracticeVisits(last_done, next_booked, last)


def hex_id(value: object) -> str:
    """A UUID as SQLite keeps it."""
    return getattr(value, "hex", str(value))


@lru_cache(maxsize=65536)
def local_day(stored: str, zone: ZoneInfo) -> date:
    """The practice's day of a time as SQLite keeps it (naive UTC text); many visits share
    a start, so each is worked out once."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone(zone).date()


def as_text(column: SQLCoreOperations[Any]) -> ColumnElement[str]:
    """A column as SQLite keeps it, untouched by its type (no UUID or datetime made)."""
    return type_coerce(column, String)
