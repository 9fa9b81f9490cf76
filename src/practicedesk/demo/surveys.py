"""The post-visit surveys patients fill in, scored from how each visit went: the wait
question follows the patient's real wait, and each provider has a manner of their own. Each
is a signed form on the survey template, stored as the survey hand-over stores one (the
answers encoded, the template's text kept, the content sealed by its hash), so the
satisfaction report reads them exactly as it reads real ones. The demo adds them to its year;
the benchmarks add them to the busy practice, at a share of their own.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
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


def add_surveys(
    session: PracticeSession,
    seed: str,
    now: datetime,
    *,
    share: float = SURVEY_SHARE,
    since: datetime | None = None,
) -> int:
    """A signed survey for about `share` of the visits completed from `since` to `now`, in
    one transaction; returns how many were added."""
    context = session._ctx  # bulk rows go below the services' one-item API, as add_many's do
    with context.db.writing() as db:
        forms = survey_forms(db, random.Random(seed), now, share, since)
        db.add_all(forms)
        audit.record(db, context.actor, audit.Action.CHART_CHANGED, f"{len(forms)} surveys added")
    context.announce(Area.PATIENTS, Area.FORMS)
    return len(forms)


def survey_forms(
    db: Session, rng: random.Random, now: datetime, share: float, since: datetime | None = None
) -> list[PatientForm]:
    """The surveys, not yet added: one for about `share` of the visits completed by `now`
    (and from `since`), each signed a few minutes after its visit was."""
    template = load_templates().templates[SURVEY_TEMPLATE]
    assert template.source is not None
    template_text = template.source.read_bytes()
    visits = db.execute(
        select(
            Appointment.id, Appointment.patient_id, Appointment.provider_id,
            Appointment.arrived_at, Appointment.seated_at, Appointment.completed_at,
        ).where(Appointment.deleted_at.is_(None), Appointment.completed_at.is_not(None))
        .order_by(Appointment.starts_at)
    ).all()  # fmt: skip
    names = {
        row.id: f"{row.first_name} {row.last_name}"
        for row in db.execute(select(Patient.id, Patient.first_name, Patient.last_name))
    }
    manner = {
        provider: rng.uniform(-0.4, 0.5) for provider in sorted({v.provider_id for v in visits})
    }
    forms = []
    for visit in visits:
        completed = _aware(visit.completed_at)
        if completed > now or (since is not None and completed < since):
            continue
        if rng.random() >= share:
            continue
        form = PatientForm(
            patient_id=visit.patient_id, appointment_id=visit.id,
            template_id=template.id, template_version=template.version,
            title=template.title, template_text=template_text, status="signed",
            answers=answers_json.encode(_answers(rng, visit, manner[visit.provider_id])),
            signer_name=names[visit.patient_id],
            signed_at=completed + timedelta(minutes=rng.randint(2, 9)), signed_with="frontdesk",
        )  # fmt: skip
        form.content_sha256 = content_hash(form)
        forms.append(form)
    return forms


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
