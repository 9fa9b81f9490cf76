"""The owner's reports, computed from what the desk recorded: where patients wait, who does
not show, where new patients come from, how the month went in money, and who may see which."""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from pypdf import PdfReader

from practicedesk.domain.hours import local_instant
from practicedesk.domain.report_model import Report
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput, NotFound, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.chart.items import ReferralChange
from practicedesk.services.context import Actor, Context
from practicedesk.services.money.desk import CheckOut, CheckOutLine, NewPayment
from practicedesk.services.reports.catalog import ReportService, default_period, owed_words
from practicedesk.services.reports.period import Period, preset_periods
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from tests.services.money.money_fixtures import MoneyOffice, set_up_money
from tests.services.schedule_fixtures import (
    ZONE,
    Office,
    next_monday,
    practice_today,
    set_up_office,
)


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def _last_monday() -> date:
    today = practice_today()
    return today - timedelta(days=today.weekday() + 7)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return local_instant(day, time(hour, minute), ZONE)


def _seen(
    office: Office,
    patient,
    day: date,
    hour: int,
    *,
    arrived: int,
    seated: int,  # type: ignore[no-untyped-def]
    out: int,
    provider=None,
) -> RecordedVisit:  # type: ignore[no-untyped-def]
    """A visit at `hour` on `day`: checked in, seated and out that many minutes after it."""
    starts = _at(day, hour)
    visit = replace(office.visit(patient, 0, hour, provider=provider), starts_at=starts)
    return RecordedVisit(
        visit, VisitStatus.COMPLETED,
        arrived_at=starts + timedelta(minutes=arrived),
        seated_at=starts + timedelta(minutes=seated),
        completed_at=starts + timedelta(minutes=out),
    )  # fmt: skip


def _figure(report: Report, label: str) -> str:
    return next(f.value for f in report.figures if f.label == label)


def _as(session: PracticeSession, role: Role) -> ReportService:
    ctx = session._ctx
    return ReportService(Context(ctx.db, ctx.folder, Actor(uuid.uuid4(), "cora", "Cora", role)))


def test_patient_flow_finds_the_waits_the_chair_time_and_the_late_arrivals(
    office: Office,
) -> None:
    monday = _last_monday()
    office.session.schedule.record_many(
        [
            _seen(office, office.ana, monday, 9, arrived=-5, seated=5, out=35),  # waited 10
            _seen(office, office.ben, monday, 10, arrived=0, seated=20, out=50),  # waited 20
            _seen(office, office.cleo, monday, 11, arrived=12, seated=42, out=62),  # late, 30
            _seen(office, office.ana, monday + timedelta(days=1), 9, arrived=0, seated=4,
                  out=64, provider=office.hygienist),  # waited 4
        ],
        reason="test history",
    )  # fmt: skip
    report = office.session.reports.run("flow", Period(monday, monday + timedelta(days=6)))
    assert _figure(report, "Visits checked in") == "4"
    assert _figure(report, "Median wait") == "15 min"  # of 4, 10, 20, 30
    assert _figure(report, "Late arrivals") == "1 (25.0%)"
    rows = {row[0]: row for row in report.table.rows}
    assert rows["Dr. Ada Park"][1:5] == (3, 20, 30, 30)  # visits, median, 9 in 10, chair
    assert rows["Dr. Ada Park"][5] == 1
    assert rows["Hal Hughes"][1:5] == (1, 4, 4, 60)
    assert report.chart is not None
    assert report.chart.labels == ("09:00", "10:00", "11:00")
    waits = dict(zip(report.chart.labels, report.chart.series[0].values, strict=True))
    assert waits == {"09:00": 7.0, "10:00": 20.0, "11:00": 30.0}


def test_a_provider_filter_keeps_only_their_visits(office: Office) -> None:
    monday = _last_monday()
    office.session.schedule.record_many(
        [
            _seen(office, office.ana, monday, 9, arrived=0, seated=10, out=40),
            _seen(office, office.ben, monday, 9, arrived=0, seated=2, out=40,
                  provider=office.hygienist),
        ],
        reason="test history",
    )  # fmt: skip
    period = Period(monday, monday, provider_id=office.hygienist.id)
    report = office.session.reports.run("flow", period)
    assert [row[0] for row in report.table.rows] == ["Hal Hughes"]
    assert _figure(report, "Median wait") == "2 min"


def test_the_schedules_use_counts_open_hours_no_shows_and_same_day_cancellations(
    office: Office,
) -> None:
    monday = _last_monday()
    schedule = office.session.schedule

    def booked(hour: int, status: VisitStatus, **when: datetime) -> RecordedVisit:
        visit = replace(office.visit(office.ana, 0, hour, minutes=60), starts_at=_at(monday, hour))
        return RecordedVisit(visit, status, **when)  # type: ignore[arg-type]

    schedule.record_many(
        [
            booked(8, VisitStatus.COMPLETED),
            booked(9, VisitStatus.NO_SHOW, no_show_at=_at(monday, 9, 20)),
            booked(10, VisitStatus.CANCELLED, cancelled_at=_at(monday, 7)),  # the same day
            booked(11, VisitStatus.CANCELLED, cancelled_at=_at(monday - timedelta(days=3), 9)),
        ],
        reason="test history",
    )
    report = office.session.reports.run("schedule", Period(monday, monday))
    rows = {row[0]: row for row in report.table.rows}
    park = rows["Dr. Ada Park"]
    # 8 open hours (8-12, 13-17); the completed and the no-show were booked an hour each.
    assert park[1:4] == (8.0, 2.0, 25.0)
    assert park[4:8] == (4, 25.0, 50.0, 1)
    assert rows["Hal Hughes"][1:5] == (8.0, 0.0, 0.0, 0)
    assert _figure(report, "No-show rate") == "25.0%"
    assert _figure(report, "Hours booked of open") == "12.5%"
    assert _figure(report, "Visits") == "2", "the cancelled visits are not visits"
    assert park[8] is None, "visits written in after their day say nothing of booking ahead"


def test_booked_ahead_counts_the_days_from_booking_to_the_visit(office: Office) -> None:
    ahead = next_monday(2)
    days = (ahead - practice_today()).days
    visit = office.visit(office.ana, 0, 9)
    office.session.schedule.book(replace(visit, starts_at=_at(ahead, 9)))
    report = office.session.reports.run("schedule", Period(ahead, ahead))
    park = next(row for row in report.table.rows if row[0] == "Dr. Ada Park")
    assert park[8] in (days - 1, days)  # booked today, at some hour of it
    assert report.chart is not None and report.chart.labels == ("Dr. Ada Park", "Hal Hughes")


def test_new_patients_count_by_month_and_name_who_referred_them(office: Office) -> None:
    session = office.session
    contact = session.chart_items.save_contact(
        None, name="Dr. Rita Ortiz", organization="Smile Ortho"
    )
    session.chart_items.save_referral(
        office.ana.id, ReferralChange("incoming", contact.id, "Braces")
    )
    today = practice_today()
    report = session.reports.run("patients", Period(today - timedelta(days=60), today))
    assert _figure(report, "New patients") == "3"
    assert _figure(report, "Top referral source") == "Smile Ortho (1)"
    table = {row[0]: row[1] for row in report.table.rows}
    assert table == {"No referral recorded": 2, "Smile Ortho": 1}
    assert report.chart is not None
    this_month = f"{today:%b %Y}"
    assert (
        dict(zip(report.chart.labels, report.chart.series[0].values, strict=True))[this_month]
        == 3.0
    )
    earlier = session.reports.run("patients", Period(today - timedelta(days=400),
                                                     today - timedelta(days=300)))  # fmt: skip
    assert _figure(earlier, "New patients") == "0"


def test_patients_with_no_visit_in_eighteen_months_count_as_lost(office: Office) -> None:
    long_ago = practice_today() - timedelta(days=600)
    recent = practice_today() - timedelta(days=30)
    office.session.schedule.record_many(
        [
            _seen(office, office.ana, long_ago, 9, arrived=0, seated=1, out=30),
            _seen(office, office.ben, recent, 9, arrived=0, seated=1, out=30),
        ],
        reason="test history",
    )
    report = office.session.reports.run("patients", default_period(practice_today(), "patients"))
    assert _figure(report, "Active patients") == "1"
    assert _figure(report, "Lost (no visit in 18 months)") == "1"


def test_the_money_report_sums_production_and_collections_by_month(
    owner_session: PracticeSession,
) -> None:
    money: MoneyOffice = set_up_money(owner_session)
    ben = money.office.ben
    session = money.session
    session.desk.take_payment(NewPayment(ben.id, 4_000, "cash"))  # a credit on account
    visit = money.arrived_visit(ben)
    draft = session.desk.check_out_draft(visit.id)
    session.desk.check_out(
        CheckOut(visit.id, tuple(CheckOutLine(line.code) for line in draft.lines),
                 payment=NewPayment(ben.id, 10_000, "card"))
    )  # fmt: skip
    today = practice_today()
    report = session.reports.run("money", Period(today.replace(day=1), today))
    assert _figure(report, "Collections") == "$140.00"
    assert _figure(report, "Production") == "$255.00"
    assert _figure(report, "Owed at the end") == "$115.00"
    week = {figure.label: figure.value for figure in session.reports.this_week()}
    assert week["Owed now"] == "$115.00, up $115.00 in a week"
    (row,) = report.table.rows
    assert row[1:4] == (25_500, 14_000, 54.9)
    data = session.reports.csv(report)
    (line,) = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert (line["Production"], line["Collections"], line["Owed at month's end"]) == (
        "255.00", "140.00", "115.00",
    )  # fmt: skip
    credit = replace(report.table, rows=((*row[:-1], -4_000),))
    data = session.reports.csv(replace(report, table=credit))
    (line,) = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert line["Owed at month's end"] == "-40.00"  # a number, not "'-40.00" text


def test_a_coordinator_sees_the_operational_reports_but_not_the_money(office: Office) -> None:
    coordinator = _as(office.session, Role.COORDINATOR)
    keys = [kind.key for kind in coordinator.kinds()]
    assert "flow" in keys and "schedule" in keys and "money" not in keys
    today = practice_today()
    with pytest.raises(PermissionDenied):
        coordinator.run("money", Period(today, today))
    assert "money" in [kind.key for kind in office.session.reports.kinds()]
    labels = [figure.label for figure in coordinator.this_week()]
    assert "Collections" not in labels and "Visits" in labels


def test_this_week_leads_each_figure_to_its_report(office: Office) -> None:
    figures = office.session.reports.this_week()
    keys = {kind.key for kind in office.session.reports.kinds()}
    assert {f.label for f in figures} >= {"Visits", "New patients", "Median wait", "Collections"}
    assert [f.label for f in figures][:2] == ["Visits", "No-show rate"], "the week's size first"
    assert all(figure.report in keys for figure in figures)
    assert next(f.value for f in figures if f.label == "New patients") == "3"


def test_a_report_with_a_name_or_a_period_that_makes_no_sense_says_so(office: Office) -> None:
    today = practice_today()
    with pytest.raises(NotFound, match="flow"):
        office.session.reports.run("flwo", Period(today, today))
    with pytest.raises(InvalidInput, match="ends on or after"):
        Period(today, today - timedelta(days=1))
    with pytest.raises(InvalidInput, match="five years"):
        Period(today - timedelta(days=3000), today)


def test_every_report_runs_on_an_empty_practice(owner_session: PracticeSession) -> None:
    today = practice_today()
    for kind in owner_session.reports.kinds():
        report = owner_session.reports.run(kind.key, default_period(today, kind.key))
        assert report.figures and report.title == kind.title
        claims = [f for f in report.figures if f.value == "0%" or "(0%)" in f.value]
        assert not claims, "a share of nothing is no rate at all"
        owner_session.reports.csv(report)


def test_the_printed_report_reads_back_with_its_title_filters_figures_and_rows(
    office: Office,
) -> None:
    monday = _last_monday()
    office.session.schedule.record_many(
        [
            _seen(office, office.ana, monday, 9, arrived=0, seated=12, out=40),
            _seen(office, office.ben, monday, 10, arrived=0, seated=4, out=50,
                  provider=office.hygienist),
        ],
        reason="test history",
    )  # fmt: skip
    reports = office.session.reports
    period = Period(monday, monday + timedelta(days=6), provider_id=office.dentist.id)
    report = reports.run("flow", period)
    assert report.filters == {"Provider": "Dr. Ada Park"}
    text = " ".join(
        re.sub(r"\s+", " ", page.extract_text())
        for page in PdfReader(io.BytesIO(reports.pdf(report))).pages
    )
    assert "Patient flow" in text
    assert f"{monday:%B} {monday.day}, {monday.year} – " in text
    assert "Provider: Dr. Ada Park" in text
    assert "Median wait 12 min" in text
    assert "Dr. Ada Park 1 12 12 28 0 0.0" in text
    assert "Hal Hughes" not in text
    audited = office.session.audit.entries(AuditFilter(action=Action.REPORT_EXPORTED))
    assert audited == []  # it names no patient


def test_the_csv_holds_the_tables_rows_as_shown(office: Office) -> None:
    monday = _last_monday()
    office.session.schedule.record_many(
        [_seen(office, office.cleo, monday, 11, arrived=12, seated=42, out=62)],
        reason="test history",
    )
    report = office.session.reports.run("flow", Period(monday, monday))
    lines = list(csv.reader(io.StringIO(office.session.reports.csv(report).decode("utf-8-sig"))))
    assert lines[0] == list(report.table.columns)
    assert lines[1] == ["Dr. Ada Park", "1", "30", "30", "20", "1", "100.0"]


def test_a_filter_a_report_does_not_honour_is_not_shown_as_applied(office: Office) -> None:
    today = practice_today()
    report = office.session.reports.run(
        "patients", Period(today, today, provider_id=office.dentist.id)
    )
    assert report.filters == {}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 5, 17), {
            "This month": (date(2026, 5, 1), date(2026, 5, 17)),
            "Last month": (date(2026, 4, 1), date(2026, 4, 30)),
            "This quarter": (date(2026, 4, 1), date(2026, 5, 17)),
            "This year": (date(2026, 1, 1), date(2026, 5, 17)),
            "Last 90 days": (date(2026, 2, 17), date(2026, 5, 17)),
            "Last 12 months": (date(2025, 5, 18), date(2026, 5, 17)),
        }),
        (date(2028, 2, 29), {
            "This month": (date(2028, 2, 1), date(2028, 2, 29)),
            "Last month": (date(2028, 1, 1), date(2028, 1, 31)),
            "This quarter": (date(2028, 1, 1), date(2028, 2, 29)),
            "This year": (date(2028, 1, 1), date(2028, 2, 29)),
            "Last 90 days": (date(2027, 12, 2), date(2028, 2, 29)),
            "Last 12 months": (date(2027, 3, 1), date(2028, 2, 29)),
        }),
        (date(2026, 1, 1), {
            "This month": (date(2026, 1, 1), date(2026, 1, 1)),
            "Last month": (date(2025, 12, 1), date(2025, 12, 31)),
            "This quarter": (date(2026, 1, 1), date(2026, 1, 1)),
            "This year": (date(2026, 1, 1), date(2026, 1, 1)),
            "Last 90 days": (date(2025, 10, 4), date(2026, 1, 1)),
            "Last 12 months": (date(2025, 1, 2), date(2026, 1, 1)),
        }),
    ],
)  # fmt: skip
def test_the_named_periods_end_by_today(
    today: date, expected: dict[str, tuple[date, date]]
) -> None:
    assert {name: (first, last) for name, first, last in preset_periods(today)} == expected


def test_the_weeks_change_in_what_is_owed_is_said_in_words() -> None:
    assert owed_words(7_544_953, 7_530_375) == "$75,449.53, up $145.78 in a week"
    assert owed_words(10_000, 12_550) == "$100.00, down $25.50 in a week"
    assert owed_words(10_000, 10_000) == "$100.00, as a week ago"
