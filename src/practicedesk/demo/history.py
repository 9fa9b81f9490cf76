"""What the demo's reports read that the rest of the demo does not make: when each patient
first registered, when each visit was booked, and the post-visit surveys patients filled in
over the year.

The patients are added in one go when the demo is built, so each would seem registered that
day and the "new patients" report would show the whole practice arriving this month. Here a
patient whose first visit came well into the year is registered a few days before it (a new
patient); the others long before the year began. A share of the visits seen end with the
survey, scored from how the visit went: the wait question follows the patient's real wait,
and each provider has a manner of their own. Everything comes from a generator seeded
from the demo's seed, apart from the rest of the demo's choices, so it adds to the same
practice without changing it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from practicedesk.forms import answers_json
from practicedesk.forms.answers import Answer
from practicedesk.forms.templates import load_templates
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.forms.filling import content_hash
from practicedesk.services.reports.satisfaction import COMMENT_FIELD, SURVEY_TEMPLATE
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Appointment, Patient, PatientForm

SURVEY_SHARE = 0.12  # of the visits seen, about one in eight patients answers
COMMENT_SHARE = 0.35  # of the surveys, about a third say something in words
SETTLING_IN = timedelta(days=45)  # a first visit before this far into the year: a regular
_PRAISE = (
    "Everyone was so kind, and I was in and out quickly.",
    "The hygienist explained every step. Thank you!",
    "Best dental visit I have had. The front desk remembered my name.",
    "Clear about the cost before anything started; no surprises.",
    "Very gentle with my daughter, who was nervous.",
    "Lovely office, on time, and the reminder text helped.",
)
_MIXED = (
    "Good care, but parking was hard to find.",
    "Friendly staff. The paperwork took a while.",
    "Fine visit; I would like earlier appointments before work.",
    "The dentist was great; the wait music, less so.",
)
_COMPLAINT = (
    "The estimate and the bill did not match; please explain.",
    "Rushed; I did not get to ask my questions.",
)
_WAITED = (
    "I waited almost half an hour past my time.",
    "Nobody told me the appointment was running late.",
    "Waited a long time before anyone came to get me.",
)


def add_report_history(session: PracticeSession, seed: int, now: datetime) -> None:
    """Back-date the registrations and add the surveys, in one transaction."""
    rng = random.Random(f"{seed}-report-history")
    context = session._ctx  # bulk rows go below the services' one-item API, as add_many's do
    template = load_templates().templates[SURVEY_TEMPLATE]
    assert template.source is not None
    template_text = template.source.read_bytes()
    with context.db.writing() as db:
        visits = db.execute(
            select(
                Appointment.id, Appointment.patient_id, Appointment.provider_id,
                Appointment.starts_at, Appointment.arrived_at, Appointment.seated_at,
                Appointment.completed_at,
            ).where(Appointment.deleted_at.is_(None)).order_by(Appointment.starts_at)
        ).all()  # fmt: skip
        people = db.execute(select(Patient.id, Patient.first_name, Patient.last_name)).all()
        _back_date(db, rng, visits, [row.id for row in people], now)
        _booked_ahead(db, rng, visits, now)
        names = {row.id: f"{row.first_name} {row.last_name}" for row in people}
        manner = {provider: rng.uniform(-0.4, 0.5) for provider in {v.provider_id for v in visits}}
        surveys = []
        for visit in visits:
            if visit.completed_at is None or _aware(visit.completed_at) > now:
                continue
            if rng.random() >= SURVEY_SHARE:
                continue
            answers = _answers(rng, visit, manner[visit.provider_id])
            form = PatientForm(
                patient_id=visit.patient_id, appointment_id=visit.id,
                template_id=template.id, template_version=template.version,
                title=template.title, template_text=template_text, status="signed",
                answers=answers_json.encode(answers), signer_name=names[visit.patient_id],
                signed_at=_aware(visit.completed_at) + timedelta(minutes=rng.randint(2, 9)),
                signed_with="frontdesk",
            )  # fmt: skip
            form.content_sha256 = content_hash(form)
            surveys.append(form)
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


def _answers(rng: random.Random, visit: Any, manner: float) -> dict[str, Answer]:
    """Scores around 4.3 with the provider's manner added; the wait scored from the
    patient's real wait; now and then a comment in the words such a visit earns."""
    if visit.arrived_at is not None and visit.seated_at is not None:
        waited = (_aware(visit.seated_at) - _aware(visit.arrived_at)).total_seconds() / 60
    else:
        waited = 5.0
    wait = 5 if waited < 6 else 4 if waited < 11 else 3 if waited < 16 else 2
    scores = {"wait": max(1, min(5, wait + rng.choice((-1, 0, 0, 0))))}
    for question in ("welcome", "explained", "care", "recommend"):
        scores[question] = max(1, min(5, round(rng.gauss(4.3 + manner, 0.7))))
    answers: dict[str, Answer] = {question: str(point) for question, point in scores.items()}
    if rng.random() < COMMENT_SHARE:
        mean = sum(scores.values()) / len(scores)
        pool: tuple[str, ...] = _PRAISE if mean >= 4.2 else _MIXED if mean >= 3.4 else _COMPLAINT
        if wait <= 2 and rng.random() < 0.6:
            pool = _WAITED
        answers[COMMENT_FIELD] = rng.choice(pool)
    return answers


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
