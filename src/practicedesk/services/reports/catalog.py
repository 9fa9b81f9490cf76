"""The reports an owner reads on Friday afternoon, by name: who may see each, the use case
that makes one for a period, the CSV of its table, and "This week" — one screen of figures,
each leading to its report.

The numbers are computed where the data is (SQL sums and a pass over the period's visits), as
plain values with no Qt, so the screen, the PDF, the CSV and `practicedesk report` all show
the same report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from practicedesk.domain.money import format_cents, plain_cents
from practicedesk.errors import NotFound
from practicedesk.interop.csv_writing import csv_bytes
from practicedesk.security.roles import Permission, allows
from practicedesk.services import audit
from practicedesk.services.context import Context
from practicedesk.services.reports import money, patients, recall, visits
from practicedesk.services.reports.model import Cell, Figure, Report
from practicedesk.services.reports.period import Period
from practicedesk.services.schedule.setup import practice_today


@dataclass(frozen=True, slots=True)
class ReportKind:
    key: str
    title: str
    make: Callable[[Session, Period], Report]
    permission: Permission


KINDS = (
    ReportKind("flow", "Patient flow", visits.patient_flow, Permission.VIEW_REPORTS),
    ReportKind("schedule", "The schedule's use", visits.schedule_use, Permission.VIEW_REPORTS),
    ReportKind("patients", "New patients and where they came from", patients.new_patients,
               Permission.VIEW_REPORTS),
    ReportKind("recall", "Recall and follow-up", recall.recall_and_follow_up,
               Permission.VIEW_REPORTS),
    ReportKind("insurance", "Insurance and referrals", patients.insurance_and_referrals,
               Permission.VIEW_REPORTS),
    ReportKind("money", "Production and collections", money.production_and_collections,
               Permission.VIEW_MONEY_REPORTS),
)  # fmt: skip
BY_KEY = {kind.key: kind for kind in KINDS}


class ReportService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def kinds(self) -> list[ReportKind]:
        """The reports this user may open."""
        return [k for k in KINDS if allows(self._ctx.actor.role, k.permission)]

    def run(self, key: str, period: Period) -> Report:
        kind = BY_KEY.get(key)
        if kind is None:
            names = ", ".join(BY_KEY)
            raise NotFound(f"There is no report called {key!r}; the reports are {names}.")
        self._ctx.require(kind.permission)
        with self._ctx.db.reading() as session:
            return kind.make(session, period)

    def csv(self, report: Report) -> bytes:
        """The report's table as CSV (formula cells neutralised); audited when it names
        patients, as any export of patients' data is."""
        table = report.table
        rows = [tuple(_csv_cell(cell, i in table.money_columns) for i, cell in enumerate(row))
                for row in table.rows]  # fmt: skip
        data = csv_bytes(table.columns, rows)
        if report.names_patients:
            with self._ctx.db.writing() as session:
                audit.record(session, self._ctx.actor, audit.Action.REPORT_EXPORTED,
                             f"{report.title}, {report.first} to {report.last} (CSV)")  # fmt: skip
        return data

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
            report = self.run(key, week)
            figures += [Figure(f.label, f.value, key) for f in report.figures if f.label in wanted]
        if allows(self._ctx.actor.role, Permission.VIEW_MONEY_REPORTS):
            from practicedesk.services.money.receivables import ReceivablesService

            summary = ReceivablesService(self._ctx).weekly_summary()
            figures.append(
                Figure("Owed now (change this week)",
                       f"{format_cents(summary.now.total)} ({format_cents(summary.change)})",
                       "money")
            )  # fmt: skip
        return figures


def _csv_cell(cell: Cell, cents: bool) -> str | int | Decimal | None:
    if isinstance(cell, float):
        return Decimal(str(cell))  # 54.9, as shown, not 54.900000000000006
    if cents and isinstance(cell, int):
        return plain_cents(cell)
    return cell


def default_period(today: date, key: str) -> Period:
    """A year back for the trends, the last 90 days for the day-to-day ones."""
    days = 365 if key in ("patients", "money", "recall") else 90
    return Period(today - timedelta(days=days), today)
