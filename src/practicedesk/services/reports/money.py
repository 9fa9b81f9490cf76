"""The owner's money report: production (charges), collections (patients' and insurers'
payments) and their ratio, adjustments and write-offs, what is owed at each month's end, and
the payer mix. Sums of ledger entries by the day each counts on, made in SQL; nothing stored."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.money import format_cents
from practicedesk.domain.report_model import ChartKind, Figure, Report, ReportChart, Series, Table
from practicedesk.services.reports.period import Period, percent, share
from practicedesk.store.models import LedgerEntry


def production_and_collections(session: Session, period: Period) -> Report:
    months = period.months()
    produced: Counter[date] = Counter()
    collected: Counter[date] = Counter()
    adjusted: Counter[date] = Counter()
    written_off: Counter[date] = Counter()
    by_payer: dict[str, int] = defaultdict(int)
    live: list[ColumnElement[bool]] = [LedgerEntry.deleted_at.is_(None)]
    if period.provider_id is not None:
        live.append(LedgerEntry.provider_id == period.provider_id)
    # Through date(), the day is no longer the date index's: SQLite sums a scan of the aging's
    # covering index instead of fetching most of the ledger's rows one by one by date.
    owed_before = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0))
        .where(*live, func.date(LedgerEntry.posted_on) < period.first.isoformat())
    ) or 0  # fmt: skip
    owed_change: Counter[date] = Counter()
    # Summed in SQL by kind and month: two years of a busy office's books are some 300,000
    # entries, and making each a Python row took most of the report's time.
    month_of = func.substr(LedgerEntry.posted_on, 1, 7)  # a date is stored as "YYYY-MM-DD"
    write_off = func.instr(LedgerEntry.reason, "write-off") > 0
    sums = session.execute(
        select(LedgerEntry.kind, month_of, write_off, func.sum(LedgerEntry.amount_cents))
        .where(*live, LedgerEntry.posted_on >= period.first,
               LedgerEntry.posted_on <= period.last)
        .group_by(LedgerEntry.kind, month_of, write_off)
    )  # fmt: skip
    for kind, month_text, is_write_off, amount in sums:
        month = date.fromisoformat(f"{month_text}-01")
        owed_change[month] += amount
        entry = EntryKind(kind)
        if entry is EntryKind.CHARGE:
            produced[month] += amount
        elif entry is EntryKind.PAYMENT:
            collected[month] -= amount
            by_payer["Patients"] -= amount
        elif entry is EntryKind.INSURANCE_PAYMENT:
            collected[month] -= amount
            by_payer["Insurers"] -= amount
        elif entry is EntryKind.ADJUSTMENT:
            (written_off if is_write_off else adjusted)[month] -= amount
    rows = []
    owed = owed_before
    for month in months:
        owed += owed_change[month]
        rows.append(
            (f"{month:%b %Y}", produced[month], collected[month],
             percent(collected[month], produced[month]), adjusted[month], written_off[month], owed)
        )  # fmt: skip
    chart = ReportChart(
        ChartKind.BARS,
        tuple(f"{m:%b %Y}" for m in months),
        (
            Series("Production", tuple(produced[m] / 100 for m in months)),
            Series("Collections", tuple(collected[m] / 100 for m in months)),
        ),
        "$",
    )
    total_produced, total_collected = sum(produced.values()), sum(collected.values())
    paid = sum(by_payer.values())
    figures = (
        Figure("Production", format_cents(total_produced)),
        Figure("Collections", format_cents(total_collected)),
        Figure("Collected of produced", share(total_collected, total_produced)),
        Figure("Paid by insurers", share(by_payer["Insurers"], paid)),
        Figure("Owed at the end", format_cents(owed)),
    )
    table = Table(
        ("Month", "Production", "Collections", "Collected %", "Adjustments", "Write-offs",
         "Owed at month's end"),
        tuple(rows),
        money_columns=frozenset({1, 2, 4, 5, 6}),
    )  # fmt: skip
    notes = (
        "Production is what was charged; collections what patients and insurers paid "
        "(refunds are not taken off). Write-offs are contractual, small-balance and "
        "insurers' write-offs; adjustments the rest.",
        "For what is owed by age (0–30, 31–60, 61–90, over 90 days), see A/R aging.",
    )
    return Report("money", "Production and collections", period.first, period.last, figures,
                  chart, table, notes)  # fmt: skip
