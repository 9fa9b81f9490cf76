"""What the demo's reports read that the rest of the demo does not make: when each patient
first registered, when each visit was booked, and the post-visit surveys patients filled in
over the year.

The patients are added in one go when the demo is built, so each would seem registered that
day and the "new patients" report would show the whole practice arriving this month. Here a
patient whose first visit came well into the year is registered a few days before it (a new
patient); the others long before the year began. A share of the visits seen end with the
survey (surveys.py). Everything comes from a generator seeded from the demo's seed, apart
from the rest of the demo's choices, so it adds to the same practice without changing it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from practicedesk.demo.surveys import SURVEY_SHARE, survey_forms
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Appointment, Patient

SETTLING_IN = timedelta(days=45)  # a first visit before this far into the year: a regular


def add_report_history(session: PracticeSession, seed: int, now: datetime) -> None:
    """Back-date the registrations and add the surveys, in one transaction."""
    rng = random.Random(f"{seed}-report-history")
    context = session._ctx  # bulk rows go below the services' one-item API, as add_many's do
    with context.db.writing() as db:
        visits = db.execute(
            select(Appointment.id, Appointment.patient_id, Appointment.starts_at)
            .where(Appointment.deleted_at.is_(None)).order_by(Appointment.starts_at)
        ).all()  # fmt: skip
        people = db.scalars(select(Patient.id)).all()
        _back_date(db, rng, visits, list(people), now)
        _booked_ahead(db, rng, visits, now)
        surveys = survey_forms(db, rng, now, SURVEY_SHARE)
        db.add_all(surveys)
        summary = f"demo practice: {len(surveys)} surveys, registrations back-dated"
        audit.record(db, context.actor, audit.Action.CHART_CHANGED, summary)
    context.announce(Area.PATIENTS, Area.FORMS)


def _back_date(
    db: Session,
    rng: random.Random,
    visits: Sequence[Any],  # rows of the query above
    patients: list[uuid.UUID],
    now: datetime,
) -> None:
    """Newcomers registered a few days before their first visit (at the latest today),
    regulars years ago; a patient never booked, some day in the past year."""
    first_seen: dict[uuid.UUID, datetime] = {}
    for visit in visits:
        first_seen.setdefault(visit.patient_id, _aware(visit.starts_at))
    year_began = min(first_seen.values(), default=now)
    for patient in patients:
        first = first_seen.get(patient)
        if first is None:
            when = now - timedelta(days=rng.randint(0, 365))
        elif first - year_began > SETTLING_IN:
            when = min(first - timedelta(days=rng.randint(2, 21)),
                       now - timedelta(days=rng.randint(0, 9)))  # fmt: skip
        else:
            when = year_began - timedelta(days=rng.randint(60, 9 * 365))
        db.execute(update(Patient).where(Patient.id == patient).values(created_at=when))


def _booked_ahead(db: Session, rng: random.Random, visits: Sequence[Any], now: datetime) -> None:
    """Each visit booked some days to two months before it (at the latest now), as a book
    fills, rather than all on the day the demo was made."""
    for visit in visits:
        booked = min(_aware(visit.starts_at) - timedelta(days=rng.randint(2, 60)), now)
        db.execute(update(Appointment).where(Appointment.id == visit.id).values(created_at=booked))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
