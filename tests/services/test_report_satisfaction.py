"""Patient satisfaction from filled surveys: scores by month and provider, the lowest-scored
question, the comments newest first, and who may read whose words."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from practicedesk.domain.report_model import Report
from practicedesk.errors import PermissionDenied
from practicedesk.forms.answers import Answer
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.context import Actor, Context
from practicedesk.services.practice.settings import SURVEY_NAMES_FOR_COORDINATORS, SettingsService
from practicedesk.services.reports.catalog import ReportService
from practicedesk.services.reports.period import Period
from practicedesk.services.reports.satisfaction import SURVEY_TEMPLATE
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import PatientForm
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office

QUESTIONS = ("welcome", "wait", "explained", "care", "recommend")


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def _survey(
    office: Office,
    patient,  # type: ignore[no-untyped-def]
    points: tuple[int, ...],
    comment: str = "",
    *,
    provider=None,  # type: ignore[no-untyped-def]
    signed_at: datetime | None = None,
) -> uuid.UUID:
    """A survey handed over for a visit with `provider`, answered with `points` in the
    template's order and signed (on `signed_at`, when given)."""
    session = office.session
    visit = session.schedule.book(office.visit(patient, 0, 9, provider=provider), book_anyway=True)
    draft = session.forms.start(patient.id, SURVEY_TEMPLATE, visit.id)
    answers: dict[str, Answer] = {q: str(p) for q, p in zip(QUESTIONS, points, strict=True)}
    if comment:
        answers["comment"] = comment
    session.forms.sign(draft.info.id, answers, patient.display_name)
    if signed_at is not None:
        with session._ctx.db.writing() as db:
            db.execute(
                update(PatientForm)
                .where(PatientForm.id == draft.info.id)
                .values(signed_at=signed_at.astimezone(UTC))
            )
    return draft.info.id


def _figure(report: Report, label: str) -> str:
    return next(f.value for f in report.figures if f.label == label)


def _as(session: PracticeSession, role: Role) -> Context:
    ctx = session._ctx
    return Context(ctx.db, ctx.folder, Actor(uuid.uuid4(), "cora", "Cora", role))


def _this_year() -> Period:
    today = practice_today()
    return Period(today - timedelta(days=364), today)


def test_scores_average_by_month_and_provider_and_name_the_lowest_question(
    office: Office,
) -> None:
    now = datetime.now(UTC)
    earlier = now - timedelta(days=62)
    _survey(office, office.ana, (5, 3, 4, 5, 5), "Kind staff; the wait was long.")
    _survey(office, office.ben, (4, 2, 4, 4, 4), provider=office.hygienist)
    _survey(office, office.cleo, (5, 5, 5, 5, 5), "Quick and friendly.", signed_at=earlier)
    report = office.session.reports.run("satisfaction", _this_year())
    assert _figure(report, "Surveys answered") == "3"
    # Survey scores 4.4, 3.6 and 5.0: their mean.
    assert _figure(report, "Average score") == "4.3 of 5"
    assert _figure(report, "Scored lowest") == "How reasonable was your wait? (3.3)"
    assert _figure(report, "Scored highest by provider") == "Dr. Ada Park (4.7)"
    assert _figure(report, "Comments") == "2"
    assert report.chart is not None
    lines = {series.name: series.values for series in report.chart.series}
    assert set(lines) == {"All providers", "Dr. Ada Park", "Hal Hughes"}
    this_month = report.chart.labels.index(f"{practice_today():%b %Y}")
    assert lines["All providers"][this_month] == pytest.approx(4.0)  # 4.4 and 3.6
    assert lines["Hal Hughes"][this_month] == pytest.approx(3.6)
    months_back = report.chart.labels.index(f"{earlier.astimezone(ZONE):%b %Y}")
    assert lines["All providers"][months_back] == pytest.approx(5.0)
    assert math.isnan(lines["Hal Hughes"][months_back])  # no survey that month: no point


def test_the_comments_come_newest_first_with_their_score_and_provider(office: Office) -> None:
    now = datetime.now(UTC)
    _survey(office, office.ana, (3, 3, 3, 3, 3), "Older words.", signed_at=now - timedelta(days=9))
    _survey(office, office.ben, (5, 5, 5, 5, 4), "Newest words.", provider=office.hygienist)
    _survey(office, office.cleo, (4, 4, 4, 4, 4))  # no comment: scored, not listed
    report = office.session.reports.run("satisfaction", _this_year())
    assert report.table.columns == ("Date", "Provider", "Score", "Comment", "Patient")
    assert [row[1:] for row in report.table.rows] == [
        ("Hal Hughes", 4.8, "Newest words.", "Brooks, Ben"),
        ("Dr. Ada Park", 3.0, "Older words.", "Alvarez, Ana"),
    ]
    assert report.names_patients


def test_a_provider_filter_keeps_the_surveys_of_their_visits(office: Office) -> None:
    _survey(office, office.ana, (5, 5, 5, 5, 5), "Mine.")
    _survey(office, office.ben, (1, 1, 1, 1, 1), "Not hers.", provider=office.hygienist)
    today = practice_today()
    report = office.session.reports.run(
        "satisfaction", Period(today, today, provider_id=office.dentist.id)
    )
    assert _figure(report, "Average score") == "5.0 of 5"
    assert [row[3] for row in report.table.rows] == ["Mine."]
    assert report.filters == {"Provider": "Dr. Ada Park"}


def test_a_coordinator_reads_the_comments_without_names_until_the_owner_allows_them(
    office: Office,
) -> None:
    _survey(office, office.ana, (4, 4, 4, 4, 4), "Nice.")
    coordinator = _as(office.session, Role.COORDINATOR)
    shown = ReportService(coordinator).run("satisfaction", _this_year())
    assert shown.table.columns == ("Date", "Provider", "Score", "Comment")
    assert shown.table.rows[0][3] == "Nice."
    with pytest.raises(PermissionDenied):
        SettingsService(coordinator).set(SURVEY_NAMES_FOR_COORDINATORS, 1)
    office.session.settings.set(SURVEY_NAMES_FOR_COORDINATORS, 1)
    named = ReportService(coordinator).run("satisfaction", _this_year())
    assert named.table.rows[0][4] == "Alvarez, Ana"


def test_exporting_or_printing_the_comments_is_audited(office: Office) -> None:
    _survey(office, office.ana, (4, 4, 4, 4, 4), "Nice.")
    reports = office.session.reports
    report = reports.run("satisfaction", _this_year())
    reports.csv(report)
    reports.pdf(report)
    entries = office.session.audit.entries(AuditFilter(action=Action.REPORT_EXPORTED))
    assert sorted(entry.summary[-5:] for entry in entries) == ["(CSV)", "(PDF)"]
    assert all(entry.summary.startswith("Patient satisfaction") for entry in entries)


def test_an_amended_survey_counts_once_with_its_new_answers(office: Office) -> None:
    first = _survey(office, office.ana, (1, 1, 1, 1, 1), "Typed in wrong.")
    amendment = office.session.forms.amend(first)
    answers: dict[str, Answer] = dict.fromkeys(QUESTIONS, "5")
    office.session.forms.sign(amendment.info.id, answers, "Ana Alvarez")
    report = office.session.reports.run("satisfaction", _this_year())
    assert _figure(report, "Surveys answered") == "1"
    assert _figure(report, "Average score") == "5.0 of 5"
