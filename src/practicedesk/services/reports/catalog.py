"""The reports an owner reads on Friday afternoon, by name: who may see each, the use case
that makes one for a period, the CSV of its table, and "This week" — one screen of figures,
each leading to its report.

The numbers are computed where the data is (SQL sums and a pass over the period's visits), as
plain values with no Qt, so the screen, the PDF, the CSV and `practicedesk report` all show
the same report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy.orm import Session

from practicedesk.domain.money import dollars, format_cents
from practicedesk.domain.report_model import Cell, Figure, Report
from practicedesk.errors import NotFound
from practicedesk.interop.csv_writing import csv_bytes
from practicedesk.security.roles import Permission, allows
from practicedesk.services import audit
from practicedesk.services.context import Context
from practicedesk.services.practice.settings import SURVEY_NAMES_FOR_COORDINATORS, read_setting
from practicedesk.services.practice.staff import read_providers, read_rooms
from practicedesk.services.reports import money, patients, recall, satisfaction, visits
from practicedesk.services.reports.period import Period, preset_periods
from practicedesk.services.schedule.printouts import read_letterhead
from practicedesk.services.schedule.setup import practice_today, read_appointment_types


class Filter(StrEnum):
    """What a report can be narrowed to, as `Period` carries it."""

    PROVIDER = "provider"
    CHAIR = "chair"
    TYPE = "type"


VISIT_FILTERS = frozenset(Filter)


@dataclass(frozen=True, slots=True)
class ReportKind:
    key: str
    title: str
    make: Callable[[Session, Period], Report]
    permission: Permission
    filters: frozenset[Filter] = field(default_factory=frozenset)  # the ones it honours


KINDS = (
    ReportKind("flow", "Patient flow", visits.patient_flow, Permission.VIEW_REPORTS,
               VISIT_FILTERS),
    ReportKind("schedule", "The schedule's use", visits.schedule_use, Permission.VIEW_REPORTS,
               VISIT_FILTERS),
    ReportKind("patients", "New patients and where they came from", patients.new_patients,
               Permission.VIEW_REPORTS),
    ReportKind("recall", "Recall and follow-up", recall.recall_and_follow_up,
               Permission.VIEW_REPORTS),
    ReportKind("insurance", "Insurance and referrals", patients.insurance_and_referrals,
               Permission.VIEW_REPORTS, VISIT_FILTERS),
    ReportKind("money", "Production and collections", money.production_and_collections,
               Permission.VIEW_MONEY_REPORTS, frozenset({Filter.PROVIDER})),
    ReportKind("satisfaction", "Patient satisfaction", satisfaction.patient_satisfaction,
               Permission.VIEW_REPORTS, frozenset({Filter.PROVIDER})),
)  # fmt: skip
BY_KEY = {kind.key: kind for kind in KINDS}
TRENDS = frozenset({"patients", "money", "recall", "satisfaction"})  # read by month


class ReportService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def kinds(self) -> list[ReportKind]:
        """The reports this user may open."""
        return [k for k in KINDS if allows(self._ctx.actor.role, k.permission)]

    def run(self, key: str, period: Period) -> Report:
        """The report for the period, its filters named in words (for the page and the
        print); a filter the report does not honour is dropped rather than shown as if it
        narrowed anything."""
        kind = kind_of(key)
        self._ctx.require(kind.permission)
        period = _honoured(kind, period)
        with self._ctx.db.reading() as session:
            report = kind.make(session, period)
            table = report.table
            if table.patient_columns and not self._may_see_names(session):
                table = table.without(table.patient_columns)
            return replace(report, table=table, filters=_filter_words(session, period))

    def _may_see_names(self, session: Session) -> bool:
        """Whose words a survey holds: the owner, who decides who may know, always; others
        when the owner's setting lets them."""
        setting = SURVEY_NAMES_FOR_COORDINATORS
        return allows(self._ctx.actor.role, setting.permission) or bool(
            read_setting(session, setting)
        )

    def csv(self, report: Report) -> bytes:
        """The report's table as CSV (formula cells neutralised); audited when it names
        patients, as any export of patients' data is."""
        self._ctx.require(kind_of(report.key).permission)
        table = report.table
        rows = [tuple(_csv_cell(cell, i in table.money_columns) for i, cell in enumerate(row))
                for row in table.rows]  # fmt: skip
        data = csv_bytes(table.columns, rows)
        self._audit_export(report, "CSV")
        return data

    def pdf(self, report: Report) -> bytes:
        """The report printed: the same figures, chart and table on letter pages with the
        practice's letterhead; audited like the CSV when it names patients."""
        from practicedesk.documents.report_pdf import render_report

        self._ctx.require(kind_of(report.key).permission)
        with self._ctx.db.reading() as session:
            letterhead = read_letterhead(session, self._ctx.actor, report.title)
        pdf = render_report(letterhead, report, period_words(report.first, report.last))
        self._audit_export(report, "PDF")
        return pdf

    def _audit_export(self, report: Report, form: str) -> None:
        if not report.names_patients:
            return
        summary = f"{report.title}, {report.first} to {report.last} ({form})"
        with self._ctx.db.writing() as session:
            audit.record(session, self._ctx.actor, audit.Action.REPORT_EXPORTED, summary)

    def this_week(self) -> list[Figure]:
        """The owner's one screen: the week so far against the period each figure's report
        covers, each figure naming its report."""
        with self._ctx.db.reading() as session:
            today = practice_today(session)
        week = Period(today - timedelta(days=today.weekday()), today)
        figures: list[Figure] = []
        for key, wanted in (
            ("schedule", ("Visits", "No-show rate")),
            ("patients", ("New patients",)),
            ("flow", ("Median wait", "Longest waits")),
            ("money", ("Collections",)),
        ):
            kind = BY_KEY[key]
            if not allows(self._ctx.actor.role, kind.permission):
                continue
            if key == "patients":  # the count alone: the report also reads every last visit
                with self._ctx.db.reading() as session:
                    count = patients.new_patient_count(session, week)
                figures.append(Figure("New patients", str(count), key))
                continue
            report = self.run(key, week)
            found = {f.label: f.value for f in report.figures}
            figures += [Figure(label, found[label], key) for label in wanted if label in found]
        if allows(self._ctx.actor.role, Permission.VIEW_MONEY_REPORTS):
            from practicedesk.services.money.receivables import ReceivablesService

            receivables = ReceivablesService(self._ctx)  # totals only: no account is aged
            owed, before = receivables.owed(today), receivables.owed(today - timedelta(days=7))
            figures.append(Figure("Owed now", owed_words(owed, before), "money"))
        return figures


def owed_words(owed: int, week_ago: int) -> str:
    """ "$75,449.53, up $145.78 in a week": the change in words, as "($145.78)" reads as a
    fall to anyone who keeps books."""
    change = owed - week_ago
    if change == 0:
        return f"{format_cents(owed)}, as a week ago"
    way = "up" if change > 0 else "down"
    return f"{format_cents(owed)}, {way} {format_cents(abs(change))} in a week"


def kind_of(key: str) -> ReportKind:
    kind = BY_KEY.get(key)
    if kind is None:
        names = ", ".join(BY_KEY)
        raise NotFound(f"There is no report called {key!r}; the reports are {names}.")
    return kind


def period_words(first: date, last: date) -> str:
    """ "March 1, 2026 – March 31, 2026", as the printed report heads its period."""

    def day(value: date) -> str:
        return f"{value:%B} {value.day}, {value.year}"

    return day(first) if first == last else f"{day(first)} – {day(last)}"


def _honoured(kind: ReportKind, period: Period) -> Period:
    return replace(
        period,
        provider_id=period.provider_id if Filter.PROVIDER in kind.filters else None,
        room_id=period.room_id if Filter.CHAIR in kind.filters else None,
        type_id=period.type_id if Filter.TYPE in kind.filters else None,
    )


def _filter_words(session: Session, period: Period) -> dict[str, str]:
    words: dict[str, str] = {}
    if period.provider_id is not None:
        providers = {p.id: p.name for p in read_providers(session, include_inactive=True)}
        words["Provider"] = providers.get(period.provider_id, "(removed)")
    if period.room_id is not None:
        rooms = {r.id: r.name for r in read_rooms(session, include_inactive=True)}
        words["Chair"] = rooms.get(period.room_id, "(removed)")
    if period.type_id is not None:
        types = {t.id: t.name for t in read_appointment_types(session, include_inactive=True)}
        words["Appointment type"] = types.get(period.type_id, "(removed)")
    return words


def _csv_cell(cell: Cell, cents: bool) -> str | int | Decimal | None:
    if isinstance(cell, float):
        return Decimal(str(cell))  # 54.9, as shown, not 54.900000000000006
    if cents and isinstance(cell, int):
        return dollars(cell)
    return cell


def default_period(today: date, key: str) -> Period:
    """The last 12 months for the trends, the last 90 days for the day-to-day ones: periods
    the page offers by name."""
    wanted = "Last 12 months" if key in TRENDS else "Last 90 days"
    first, last = next((f, t) for name, f, t in preset_periods(today) if name == wanted)
    return Period(first, last)
