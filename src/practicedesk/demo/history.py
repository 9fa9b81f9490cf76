"""What the demo's reports read that the rest of the demo does not make: when each patient
first registered, when each visit was booked, and the post-visit surveys patients filled in
over the year.

The patients are added in one go when the demo is built, so each would seem registered that
day and the "new patients" report would show the whole practice arriving this month. Here
each is dated as registrations.py planned it (newcomers through the year, the others before
it), as soon as they are added. A share of the visits seen end with the survey (surveys.py).
The bookings' dates and the surveys come from a generator of their own, seeded from the
demo's seed, apart from the rest of the demo's choices.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from practicedesk.demo.surveys import SURVEY_SHARE, survey_forms
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Appointment, Patient


def date_registrations(session: PracticeSession, registered: Mapping[uuid.UUID, datetime]) -> None:
    """Date the registrations as planned (registrations.py), before anything reads them: the
    recall list counts a patient never seen from the day they registered, and the demo's
    recall calls go to whom it lists as overdue. Dated at the end instead, a demo built across
    midnight called other patients than one built after it."""
    context = session._ctx  # bulk rows go below the services' one-item API, as add_many's do
    with context.db.writing() as db:
        for patient, when in registered.items():
            db.execute(update(Patient).where(Patient.id == patient).values(created_at=when))


def add_report_history(
    session: PracticeSession, seed: int, now: datetime, registered: Mapping[uuid.UUID, datetime]
) -> None:
    """Back-date the bookings and add the surveys, in one transaction."""
    rng = random.Random(f"{seed}-report-history")
    context = session._ctx  # bulk rows go below the services' one-item API, as add_many's do
    with context.db.writing() as db:
        visits = db.execute(
            select(Appointment.id, Appointment.patient_id, Appointment.starts_at)
            .where(Appointment.deleted_at.is_(None)).order_by(Appointment.starts_at)
        ).all()  # fmt: skip
        _booked_ahead(db, rng, visits, registered, now)
        surveys = survey_forms(db, rng, now, SURVEY_SHARE)
        db.add_all(surveys)
        summary = f"demo practice: {len(surveys)} surveys, registrations back-dated"
        audit.record(db, context.actor, audit.Action.CHART_CHANGED, summary)
    context.announce(Area.PATIENTS, Area.FORMS)


def _booked_ahead(
    db: Session,
    rng: random.Random,
    visits: Sequence[Any],  # rows of the query above
    registered: Mapping[uuid.UUID, datetime],
    now: datetime,
) -> None:
    """Each visit booked some days to two months before it (at the latest now, at the
    earliest when the patient registered), as a book fills, rather than all on the day the
    demo was made."""
    for visit in visits:
        booked = min(_aware(visit.starts_at) - timedelta(days=rng.randint(2, 60)), now)
        if visit.patient_id in registered:
            booked = max(booked, registered[visit.patient_id])
        db.execute(update(Appointment).where(Appointment.id == visit.id).values(created_at=booked))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
