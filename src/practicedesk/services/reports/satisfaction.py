"""Patient satisfaction: the post-visit survey's scores by month and by provider, which
questions score lowest, and the patients' comments, newest first.

A survey is a form like any other (resources/forms/patient-satisfaction.yaml), signed by
the patient in patient mode or typed in from paper: its answers are read here from the
signed forms, with the very template each was filled on, so a practice that changes the
questions keeps its old surveys' scores. Every `scale` field counts; a survey's score is the
mean of the questions it answered. The comments are the patients' own words: the table
carries who wrote each one, and the catalog leaves that column out for a reader the owner's
setting keeps from names; exporting or printing the comments is audited.
"""

from __future__ import annotations

import math
import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.report_model import ChartKind, Figure, Report, ReportChart, Series, Table
from practicedesk.forms import answers_json
from practicedesk.forms.model import FieldType, FormTemplate
from practicedesk.forms.templates import TemplateError, template_of
from practicedesk.services.reports.period import Period
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.models import Appointment, Patient, PatientForm, Provider

SURVEY_TEMPLATE = "patient-satisfaction"
COMMENT_FIELD = "comment"
NO_VISIT = "No visit named"  # a survey started from the chart rather than at check-out


@dataclass(frozen=True, slots=True)
class Survey:
    at: datetime  # signed, local
    provider: str
    patient: str  # "Last, First"
    scores: dict[str, int]  # question → the point ticked
    comment: str

    @property
    def score(self) -> float | None:
        return statistics.fmean(self.scores.values()) if self.scores else None


def patient_satisfaction(session: Session, period: Period) -> Report:
    surveys = read_surveys(session, period)
    months = period.months()
    providers = sorted({s.provider for s in surveys if s.score is not None})
    by_month: dict[tuple[str, date], list[float]] = defaultdict(list)
    for survey in surveys:
        if survey.score is not None:
            month = survey.at.date().replace(day=1)
            by_month["", month].append(survey.score)
            by_month[survey.provider, month].append(survey.score)

    def line(name: str) -> Series:
        return Series(
            name or "All providers",
            tuple(_mean(by_month.get((name, m), [])) for m in months),
        )

    chart = ReportChart(
        ChartKind.LINE,
        tuple(f"{m:%b %Y}" for m in months),
        (line(""), *(line(p) for p in providers)),
        "score (1–5)",
    )
    questions: dict[str, list[int]] = defaultdict(list)
    for survey in surveys:
        for question, point in survey.scores.items():
            questions[question].append(point)
    averages = sorted((statistics.fmean(points), q) for q, points in questions.items())
    scored = [s.score for s in surveys if s.score is not None]
    by_provider = sorted(
        (statistics.fmean(s.score for s in surveys if s.provider == p and s.score is not None), p)
        for p in providers
    )
    said = sorted((s for s in surveys if s.comment), key=lambda s: s.at, reverse=True)
    figures = (
        Figure("Surveys answered", str(len(surveys))),
        Figure("Average score", f"{_mean(scored):.1f} of 5" if scored else "—"),
        Figure("Scored lowest", f"{averages[0][1]} ({averages[0][0]:.1f})" if averages else "—"),
        Figure("Scored highest by provider",
               f"{by_provider[-1][1]} ({by_provider[-1][0]:.1f})" if by_provider else "—"),
        Figure("Comments", str(len(said))),
    )  # fmt: skip
    table = Table(
        ("Date", "Provider", "Score", "Comment", "Patient"),
        tuple(
            (f"{s.at:%Y-%m-%d}", s.provider, None if s.score is None else round(s.score, 1),
             s.comment, s.patient)
            for s in said
        ),
        patient_columns=frozenset({4}),
    )  # fmt: skip
    notes = (
        "Each survey scores its questions from 1 (poor) to 5 (excellent); a survey's score is "
        "the mean of the questions it answered, and a month's the mean of its surveys'.",
        "Counted: surveys signed in the period. The provider is the one of the visit the "
        "survey was handed over for.",
        *(f"{question}: {mean:.1f}" for mean, question in averages),
    )
    return Report("satisfaction", "Patient satisfaction", period.first, period.last, figures,
                  chart, table, notes, names_patients=bool(said))  # fmt: skip


def read_surveys(session: Session, period: Period) -> list[Survey]:
    """The surveys signed in the period (the provider filter: the visit's provider), each
    read with the template it was filled on; one amended later counts as its amendment."""
    zone = practice_zone(session)
    start, end = period.span(zone)
    query = (
        select(
            PatientForm.id, PatientForm.amends_id, PatientForm.answers,
            PatientForm.template_text, PatientForm.signed_at, Provider.name,
            Patient.first_name, Patient.last_name,
        )
        .join(Patient, Patient.id == PatientForm.patient_id)
        .outerjoin(Appointment, Appointment.id == PatientForm.appointment_id)
        .outerjoin(Provider, Provider.id == Appointment.provider_id)
        .where(
            PatientForm.template_id == SURVEY_TEMPLATE,
            PatientForm.status == "signed",
            PatientForm.deleted_at.is_(None),
            PatientForm.signed_at >= start,
            PatientForm.signed_at < end,
        )
    )  # fmt: skip
    if period.provider_id is not None:
        query = query.where(Appointment.provider_id == period.provider_id)
    rows = session.execute(query).all()
    amended = {row.amends_id for row in rows if row.amends_id is not None}
    templates: dict[bytes, FormTemplate | None] = {}
    surveys = []
    for row in rows:
        if row.id in amended:
            continue
        if row.template_text not in templates:
            templates[row.template_text] = _template(row.template_text, row.id)
        template = templates[row.template_text]
        if template is None:
            continue
        answers = answers_json.decode(row.answers)
        scores = {
            field.label: int(answer)
            for field in template.fields
            if field.type is FieldType.SCALE
            and isinstance(answer := answers.get(field.id), str)
            and answer in field.options
        }
        comment = answers.get(COMMENT_FIELD)
        signed = row.signed_at if row.signed_at.tzinfo else row.signed_at.replace(tzinfo=UTC)
        surveys.append(
            Survey(signed.astimezone(zone), row.name or NO_VISIT,
                   f"{row.last_name}, {row.first_name}", scores,
                   comment.strip() if isinstance(comment, str) else "")
        )  # fmt: skip
    return surveys


def _template(raw: bytes, form_id: uuid.UUID) -> FormTemplate | None:
    """A survey whose stored template cannot be read any more is left out, not fatal: one
    damaged form must not hide every other survey's answers."""
    try:
        return template_of(raw, f"survey {form_id}", shipped=False)
    except TemplateError:
        return None


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else math.nan
