"""Money on paper and in files: receipts, statements and their mailing labels, the day's
report with its deposit slip, claim summaries, and the A/R aging report as a PDF or a CSV.

Each use case reads what it prints, renders it and audits it in one transaction, so the
audit log names exactly what went on paper; a print that names one patient is audited
against that patient. Printing a batch of statements also records them as sent, in the same
transaction: a statement is never counted as sent without being made. The documents
(reportlab) are imported by the methods that make them, as in services/schedule/printouts.py:
every service is built at sign-in.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from practicedesk.domain.aging import BUCKET_DAYS, Bucket
from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.money import dollars, format_cents
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.money import accounts
from practicedesk.services.money.accounts import EntryLine
from practicedesk.services.money.claims import insurer_names
from practicedesk.services.money.closing import read_day_report
from practicedesk.services.money.desk import METHODS, CheckOutResult, ToCollect, read_to_collect
from practicedesk.services.money.receivables import (
    AgingRow,
    ArReport,
    WeeklySummary,
    read_aging,
    read_weekly_summary,
    record_sent,
)
from practicedesk.services.money.wording import describe
from practicedesk.services.practice.settings import STATEMENT_DUE_DAYS, read_setting
from practicedesk.services.schedule.printouts import day_sheet_pdf, read_letterhead
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import Claim

if TYPE_CHECKING:
    from practicedesk.documents.ar_aging import AgingSheet
    from practicedesk.documents.day_report import DaySummary

AR_AGING_COLUMNS = (
    "Guarantor", "Phone",
    "0-30 patient", "0-30 insurance", "31-60 patient", "31-60 insurance",
    "61-90 patient", "61-90 insurance", "91+ patient", "91+ insurance",
    "Credit", "Total", "Last payment", "Last insurance payment", "Last contact", "Last statement",
)  # fmt: skip
"""The A/R CSV's header: amounts in dollars with two decimals, dates as YYYY-MM-DD."""


@dataclass(frozen=True, slots=True)
class StatementBatch:
    pdf: bytes
    count: int
    amount_due: int  # cents, over every statement in the batch
    without_address: tuple[str, ...]  # addressees with no mailing address on file
    amounts: tuple[tuple[uuid.UUID, int], ...] = ()  # (account, amount due) each, to record


class MoneyPrintService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def receipt(self, entries: CheckOutResult | Iterable[uuid.UUID]) -> bytes:
        """The receipt for a check-out (its result), or for entries of one account."""
        from practicedesk.documents.receipt import render_receipt
        from practicedesk.services.money.receipts import read_receipt

        self._ctx.require(Permission.VIEW_MONEY)
        if isinstance(entries, CheckOutResult):
            ids = [line.id for line in entries.entries]
        else:
            ids = list(entries)
        with self._ctx.db.writing() as session:
            receipt, patient_id = read_receipt(session, ids, practice_today(session))
            pdf = render_receipt(read_letterhead(session, self._ctx.actor), receipt)
            paid = f", paid {format_cents(receipt.paid)}" if receipt.payments else ""
            self._audit(session, audit.Action.MONEY_PRINTED,
                        f"receipt of {receipt.day:%m/%d/%Y}{paid}", patient_id)  # fmt: skip
        return pdf

    def statement(self, account_id: uuid.UUID) -> bytes:
        """One guarantor's statement, to hand over or look at; not counted as sent (mailing
        it is `statements([account_id])`). A member's id finds the family's account."""
        from practicedesk.documents.statement import render_statements
        from practicedesk.services.money.statements import read_statement

        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.writing() as session:
            account = accounts.guarantor_of(session, account_id)
            due_days = read_setting(session, STATEMENT_DUE_DAYS)
            statement = read_statement(session, account, practice_today(session), due_days)
            pdf = render_statements(read_letterhead(session, self._ctx.actor), [statement])
            self._audit(session, audit.Action.STATEMENT_PRINTED,
                        f"statement, {format_cents(statement.amount_due)} due (not sent)",
                        account)  # fmt: skip
        return pdf

    def day_sheet(
        self, day: date, provider_id: uuid.UUID | None = None, *, whole_office: bool = False
    ) -> bytes:
        """The day sheet (`printouts.day_sheet`) with a "To collect" column: each patient's
        co-pay or estimate for the visit and the balance already due, for the desk that
        collects it. The visits checked out or gone are left without one."""
        self._ctx.require(Permission.VIEW_SCHEDULE)
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.writing() as session:

            def collect(visit: AppointmentInfo) -> str:
                if visit.status is VisitStatus.COMPLETED:
                    return ""
                return day_sheet_collect(read_to_collect(session, visit.id))

            return day_sheet_pdf(session, self._ctx.actor, day, provider_id, whole_office, collect)

    def statements(
        self, account_ids: Iterable[uuid.UUID], *, record: bool = True
    ) -> StatementBatch:
        """Statements for the mail, one file, each guarantor on pages of their own, recorded
        as sent today with the amount each asked for (see ReceivablesService.statements_due).
        With `record=False` they are only rendered: the caller records them
        (`receivables.record_statements(batch.amounts)`) once they are printed or saved, so a
        batch whose printing failed is not counted as mailed."""
        from practicedesk.documents.statement import render_statements
        from practicedesk.services.money.statements import read_statement

        self._ctx.require(Permission.TAKE_PAYMENTS)
        asked = list(account_ids)
        if not asked:
            raise InvalidInput("No statement is due: there is nothing to print.")
        with self._ctx.db.writing() as session:
            wanted = _unique(accounts.guarantor_of(session, account) for account in asked)
            today, by = practice_today(session), self._ctx.actor.username
            due_days = read_setting(session, STATEMENT_DUE_DAYS)
            closes = accounts.read_closes(session)
            batch = [
                read_statement(session, account, today, due_days, closes) for account in wanted
            ]
            pdf = render_statements(read_letterhead(session, self._ctx.actor), batch)
            amounts = tuple((a, s.amount_due) for a, s in zip(wanted, batch, strict=True))
            if record:
                record_sent(session, amounts, today, by)
            for account, statement in zip(wanted, batch, strict=True):
                self._audit(
                    session,
                    audit.Action.STATEMENT_PRINTED,
                    f"statement {'sent' if record else 'printed'}, "
                    f"{format_cents(statement.amount_due)} due",
                    account,
                )
        self._ctx.announce(Area.MONEY)
        return StatementBatch(
            pdf,
            len(batch),
            sum(s.amount_due for s in batch),
            tuple(s.addressee for s in batch if not s.mailing),
            amounts,
        )

    def labels(self, account_ids: Iterable[uuid.UUID]) -> bytes:
        """Mailing labels (30 to a sheet) for the accounts that have an address on file."""
        from practicedesk.documents.mailing_labels import render_labels
        from practicedesk.services.money.statements import mailing_address, read_guarantor

        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.writing() as session:
            addressed = {}
            for account in account_ids:
                guarantor = read_guarantor(session, account)
                name, lines = mailing_address(guarantor)
                if lines:
                    addressed[guarantor.id] = (name, *lines)
            if not addressed:
                raise InvalidInput("None of these accounts has a mailing address on file.")
            pdf = render_labels(list(addressed.values()))
            for account in addressed:
                self._audit(session, audit.Action.STATEMENT_PRINTED, "mailing label", account)
        return pdf

    def day_report(self, day: date) -> bytes:
        """The day's report and its deposit slip, open or closed."""
        from practicedesk.documents.day_report import render_day_report

        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.writing() as session:
            summary = _day_summary(session, day)
            letterhead = read_letterhead(session, self._ctx.actor, "The day's report")
            pdf = render_day_report(letterhead, summary)
            self._audit(session, audit.Action.MONEY_PRINTED,
                        f"day's report and deposit slip, {day:%m/%d/%Y}")  # fmt: skip
        return pdf

    def claim_summary(self, claim_id: uuid.UUID) -> bytes:
        from practicedesk.documents.claim_summary import render_claim_summary
        from practicedesk.services.money.claim_sheets import read_claim_sheet

        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.writing() as session:
            claim = live_row(session, Claim, claim_id, "That claim is not on file.")
            sheet = read_claim_sheet(session, claim)
            pdf = render_claim_summary(read_letterhead(session, self._ctx.actor), sheet)
            self._audit(session, audit.Action.MONEY_PRINTED,
                        f"claim summary, service on {claim.service_on:%m/%d/%Y}",
                        claim.patient_id)  # fmt: skip
        return pdf

    def ar_aging(self, as_of: date | None = None) -> bytes:
        """The A/R aging report as a PDF: totals by age, then every guarantor's row."""
        from practicedesk.documents.ar_aging import render_ar_aging

        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.writing() as session:
            report = read_aging(session, as_of or practice_today(session))
            letterhead = read_letterhead(session, self._ctx.actor, "A/R aging")
            week = read_weekly_summary(session, report)
            pdf = render_ar_aging(letterhead, _aging_sheet(report, week))
            self._audit(
                session,
                audit.Action.MONEY_PRINTED,
                f"A/R aging as of {report.as_of:%m/%d/%Y}, {len(report.rows)} accounts",
            )
        return pdf

    def ar_aging_csv(self, as_of: date | None = None) -> bytes:
        """The A/R aging report as a spreadsheet's CSV (see AR_AGING_COLUMNS): amounts are
        numbers a spreadsheet adds up, and no cell can run as a formula."""
        from practicedesk.interop.csv_writing import csv_bytes

        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.writing() as session:
            report = read_aging(session, as_of or practice_today(session))
            rows = []
            for row in report.rows:
                buckets = [
                    dollars(cents)
                    for bucket in row.aging.buckets
                    for cents in (bucket.patient, bucket.insurance)
                ]
                rows.append([
                    row.guarantor, row.phone, *buckets, dollars(row.aging.credit),
                    dollars(row.aging.total), row.aging.last_payment,
                    row.aging.last_insurance_payment, row.last_contact, row.last_statement,
                ])  # fmt: skip
            data = csv_bytes(AR_AGING_COLUMNS, rows)
            self._audit(session, audit.Action.MONEY_EXPORTED,
                        f"A/R aging as of {report.as_of:%m/%d/%Y} (CSV), "
                        f"{len(report.rows)} accounts")  # fmt: skip
        return data

    def _audit(
        self, session: Session, action: str, summary: str, patient_id: uuid.UUID | None = None
    ) -> None:
        audit.record(
            session,
            self._ctx.actor,
            action,
            summary,
            subject_type="patient" if patient_id else "money",
            subject_id=str(patient_id or ""),
            patient_id=patient_id,
        )


def _unique(ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


def _day_summary(session: Session, day: date) -> DaySummary:
    """The day's report (services/money/closing.py) as its paper shows it."""
    from practicedesk.documents.day_report import DayEntry, DaySummary, DepositCheck

    report = read_day_report(session, day)
    insurers = insurer_names(session, (line.claim_id for line in report.entries))
    entries = tuple(
        DayEntry(
            line.patient_name,
            _what(line, insurers.get(line.claim_id, "") if line.claim_id else ""),
            line.reference,
            line.amount,
            line.posted_by,
            f"posted for {line.posted_on:%m/%d/%Y}, which was closed without it"
            if line.moved else "",
        )
        for line in report.entries
    )  # fmt: skip
    checks = tuple(
        DepositCheck(
            f"{insurers[line.claim_id]} (for {line.patient_name})"
            if line.kind is EntryKind.INSURANCE_PAYMENT and line.claim_id in insurers
            else line.patient_name,
            line.reference,
            -line.amount,
        )
        for line in report.checks
    )
    closers = ", ".join(report.closed_by)
    return DaySummary(
        day=day,
        status=f"Closed by {closers}" if report.closed else "Open: not closed yet",
        charges_by_provider=tuple(sorted(report.charges_by_provider.items())),
        payments_by_method=tuple(
            (method, report.payments_by_method.get(method, 0))
            for method in (*METHODS, *sorted(set(report.payments_by_method) - set(METHODS)))
        ),
        insurance_payments=report.insurance_payments,
        adjustments=report.adjustments,
        refunds=report.refunds,
        corrections=report.corrections,
        brought_forward=report.brought_forward,
        entries=entries,
        checks=checks,
        cash_posted=report.cash_posted,
        cash_counted=report.counted_cash,
    )


def _what(line: EntryLine, insurer: str) -> str:
    """An entry on the day's report: what kind it is comes first, the details after."""
    text = describe(line, insurer, with_reference=False)
    return (
        f"Adjustment: {text[:1].lower()}{text[1:]}" if line.kind is EntryKind.ADJUSTMENT else text
    )


def _aging_sheet(report: ArReport, week: WeeklySummary | None = None) -> AgingSheet:
    from practicedesk.documents.ar_aging import AgingLine, AgingSheet

    def line(row: AgingRow) -> AgingLine:
        return AgingLine(
            row.guarantor,
            row.phone,
            tuple(b.patient for b in row.aging.buckets),
            row.insurance_pending,
            row.aging.credit,
            row.aging.last_payment,
            row.last_contact,
        )

    totals = report.bucket_totals()
    labels = tuple(Bucket(first, last).label for first, last in BUCKET_DAYS)
    return AgingSheet(
        as_of=report.as_of,
        labels=labels,
        patient_totals=tuple(t[1] for t in totals) or (0,) * len(labels),
        insurance_totals=tuple(t[2] for t in totals) or (0,) * len(labels),
        lines=tuple(line(row) for row in report.rows),
        week_ago_total=week.week_ago_total if week else None,
        largest=tuple(line(row) for row in week.largest) if week else (),
        oldest=tuple(line(row) for row in week.oldest) if week else (),
    )


def day_sheet_collect(due: ToCollect) -> str:
    """ "co-pay $25.00 · due $40.00": the day sheet's narrow column of what to collect (the
    desk's dialog says it in a sentence: ui/money/desk_actions.collect_words)."""
    parts = []
    if due.visit_portion:
        label = {"co-pay": "co-pay", "estimate": "est."}.get(due.how, "fees")
        parts.append(f"{label} {format_cents(due.visit_portion)}")
    if due.balance_due:
        parts.append(f"due {format_cents(due.balance_due)}")
    if due.credit:
        parts.append(f"credit {format_cents(due.credit)}")
    return " · ".join(parts)
