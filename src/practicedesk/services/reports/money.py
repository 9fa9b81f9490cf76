"""The owner's money report: production (charges), collections (patients' and insurers'
payments) and their ratio, adjustments and write-offs, what is owed at each month's end, and
the payer mix. Sums of ledger entries by the day each counts on; nothing stored."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.money import format_cents
from practicedesk.services.reports.model import (
    ChartKind,
    Figure,
    Report,
    ReportChart,
    Series,
    Table,
)
from practicedesk.services.reports.period import Period, percent
from practicedesk.store.models import LedgerEntry


def production_and_collections(session: Session, period: Period) -> Report:
    months = period.months()
    produced: Counter[date] = Counter()
    collected: Counter[date] = Counter()
    adjusted: Counter[date] = Counter()
    written_off: Counter[date] = Counter()
    by_payer: dict[str, int] = defaultdict(int)
    owed_before = 0
    owed_change: Counter[date] = Counter()
    query = select(
        LedgerEntry.kind, LedgerEntry.amount_cents, LedgerEntry.posted_on, LedgerEntry.reason,
        LedgerEntry.provider_id,
    ).where(LedgerEntry.deleted_at.is_(None), LedgerEntry.posted_on <= period.last)  # fmt: skip
    if period.provider_id is not None:
        query = query.where(LedgerEntry.provider_id == period.provider_id)
    for kind, amount, day, reason, _provider in session.execute(query):
        if day < period.first:
            owed_before += amount
            continue
        month = day.replace(day=1)
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
            (written_off if "write-off" in reason else adjusted)[month] -= amount
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
        Figure("Collected of produced", f"{percent(total_collected, total_produced) or 0}%"),
        Figure("Paid by insurers", f"{percent(by_payer['Insurers'], paid) or 0}%"),
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
