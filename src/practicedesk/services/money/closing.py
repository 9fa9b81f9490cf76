"""The day's money and its close: the daily report (charges, payments by method, adjustments,
by provider), the deposit (checks listed, cash counted against what was posted), closing the
day and the owner's reopening.

A closed day takes no new entries: they go on the next open day (accounts.post). An entry
another PC posted to a day this PC closed meanwhile arrives through sync and counts on the
next open day, flagged, never lost (domain/day_close.py).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain import day_close
from practicedesk.domain.hours import clock_words, local_instant
from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.money import format_cents
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.services.money import accounts
from practicedesk.services.money.accounts import EntryLine
from practicedesk.services.money.visit_charges import charged_visits
from practicedesk.services.practice.staff import read_providers
from practicedesk.services.schedule.setup import practice_today, practice_zone
from practicedesk.store.models import Appointment, DayClose, LedgerEntry, Patient
from practicedesk.store.models.base import utcnow


@dataclass(frozen=True, slots=True)
class DayReport:
    day: date
    closed_by: tuple[str, ...]  # who closed it (two PCs may both have); () while open
    counted_cash: int | None
    entries: tuple[EntryLine, ...]  # every entry counting on the day, late ones flagged
    charges_by_provider: dict[str, int]
    payments_by_method: dict[str, int]  # patients' payments: cash, check, card, other
    insurance_payments: int
    adjustments: int  # signed: write-offs and courtesies below zero
    refunds: int
    corrections: int  # reversals, signed
    cash_posted: int  # what the drawer should hold: cash taken, less cash paid out or corrected
    uncharged: tuple[str, ...] = ()  # "9:00 AM Ames, Ana": checked out with nothing charged
    brought_forward: int = 0  # balances from the system the practice moved from, signed

    @property
    def closed(self) -> bool:
        return bool(self.closed_by)

    @property
    def charges(self) -> int:
        return sum(self.charges_by_provider.values())

    @property
    def collected(self) -> int:
        return sum(self.payments_by_method.values()) + self.insurance_payments

    @property
    def checks(self) -> tuple[EntryLine, ...]:
        """For the deposit slip: patients' checks and insurers' checks."""
        return tuple(
            e
            for e in self.entries
            if e.method == "check" and e.kind in (EntryKind.PAYMENT, EntryKind.INSURANCE_PAYMENT)
        )

    @property
    def late(self) -> tuple[EntryLine, ...]:
        """Entries posted to an earlier day that was closed without them."""
        return tuple(e for e in self.entries if e.moved)

    @property
    def cash_difference(self) -> int | None:
        """Counted minus posted cash: what the drawer holds over (or under) the ledger."""
        if self.counted_cash is None:
            return None
        return self.counted_cash - self.cash_posted


class DayCloseService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def report(self, day: date) -> DayReport:
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            return read_day_report(session, day)

    def close(self, day: date, counted_cash: int | None = None, note: str = "") -> DayReport:
        """Lock the day: what counts on it now is its report for good."""
        self._ctx.require(Permission.CLOSE_DAYS)
        if counted_cash is not None and counted_cash < 0:
            raise InvalidInput("Counted cash is never below zero.")
        with self._ctx.db.writing() as session:
            if day > practice_today(session):
                raise InvalidInput("A day is closed once it is over, or at the end of it.")
            closes = accounts.read_closes(session)
            if day in closes:
                raise InvalidInput(f"{day:%m/%d/%Y} is already closed.")
            covered = day_close.covered_by_close(day, _candidates(session, day, closes), closes)
            session.add(
                DayClose(
                    day=day,
                    closed_by=self._ctx.actor.username,
                    covers=json.dumps(sorted(str(i) for i in covered)),
                    counted_cash_cents=counted_cash,
                    note=note.strip(),
                )
            )
            session.flush()
            report = read_day_report(session, day)
            audit.record(
                session, self._ctx.actor, audit.Action.DAY_CLOSED,
                f"{day:%m/%d/%Y}: {len(covered)} entries, charges {format_cents(report.charges)}, "
                f"collected {format_cents(report.collected)}",
            )  # fmt: skip
        self._ctx.announce(Area.MONEY)
        return report

    def reopen(self, day: date, why: str) -> None:
        """Owner only: the day takes entries again until it is closed again."""
        self._ctx.require(Permission.REOPEN_DAYS)
        why = " ".join(why.split())
        if not why:
            raise InvalidInput("Say why the day is reopened.")
        with self._ctx.db.writing() as session:
            rows = session.scalars(
                select(DayClose).where(DayClose.day == day, DayClose.deleted_at.is_(None))
            ).all()
            if not rows:
                raise InvalidInput(f"{day:%m/%d/%Y} is not closed.")
            for row in rows:
                row.deleted_at = utcnow()
            audit.record(session, self._ctx.actor, audit.Action.DAY_REOPENED,
                         f"{day:%m/%d/%Y}: {why}")  # fmt: skip
        self._ctx.announce(Area.MONEY)

    def closed_days(self, first: date, last: date) -> list[date]:
        self._ctx.require(Permission.VIEW_MONEY)
        with self._ctx.db.reading() as session:
            return sorted(d for d in accounts.read_closes(session) if first <= d <= last)


def read_day_report(session: Session, day: date) -> DayReport:
    closes = accounts.read_closes(session)
    candidates = dict(_candidates(session, day, closes))
    counting = {
        entry_id
        for entry_id, posted_on in candidates.items()
        if day_close.effective_day(entry_id, posted_on, closes)[0] == day
    }
    rows = session.scalars(select(LedgerEntry).where(LedgerEntry.id.in_(counting))).all()
    lines = accounts.entry_lines(session, rows, closes)
    providers: dict[uuid.UUID | None, str] = {
        p.id: p.name for p in read_providers(session, include_inactive=True)
    }
    by_provider: dict[str, int] = defaultdict(int)
    by_method: dict[str, int] = defaultdict(int)
    insurance = adjustments = refunds = corrections = brought_forward = 0
    cash = -sum(row.amount_cents for row in _cash_moves(session, rows))
    for row in rows:
        kind = EntryKind(row.kind)
        if kind is EntryKind.CHARGE:
            by_provider[providers.get(row.provider_id, "No provider")] += row.amount_cents
        elif kind is EntryKind.PAYMENT:
            by_method[row.method or "other"] -= row.amount_cents
        elif kind is EntryKind.INSURANCE_PAYMENT:
            insurance -= row.amount_cents
        elif kind is EntryKind.ADJUSTMENT:
            adjustments += row.amount_cents
        elif kind is EntryKind.REFUND:
            refunds += row.amount_cents
        elif kind is EntryKind.BROUGHT_FORWARD:
            brought_forward += row.amount_cents
        else:
            corrections += row.amount_cents
    closers = session.scalars(
        select(DayClose).where(DayClose.day == day, DayClose.deleted_at.is_(None))
    ).all()
    counted = [r.counted_cash_cents for r in closers if r.counted_cash_cents is not None]
    return DayReport(
        day,
        tuple(sorted({r.closed_by for r in closers})),
        counted[-1] if counted else None,
        tuple(lines),
        dict(by_provider),
        dict(by_method),
        insurance,
        adjustments,
        refunds,
        corrections,
        cash,
        _uncharged(session, day),
        brought_forward,
    )


def _uncharged(session: Session, day: date) -> tuple[str, ...]:
    """The day's visits checked out with nothing charged, by time: checked out in one
    action, their check-out dialog left with Esc, or free. Named before the day is closed."""
    zone = practice_zone(session)
    visits = session.execute(
        select(Appointment.id, Appointment.starts_at, Patient.last_name, Patient.first_name)
        .join(Patient, Patient.id == Appointment.patient_id)
        .where(
            Appointment.starts_at >= local_instant(day, time(0), zone),
            Appointment.starts_at < local_instant(day + timedelta(days=1), time(0), zone),
            Appointment.status == VisitStatus.COMPLETED.value,
            Appointment.deleted_at.is_(None),
        )
        .order_by(Appointment.starts_at)
    ).all()
    charged = charged_visits(session, [visit.id for visit in visits])
    named = []
    for visit in visits:
        if visit.id not in charged:
            at = clock_words(visit.starts_at, zone)
            named.append(f"{at} {visit.last_name}, {visit.first_name}")
    return tuple(named)


def _cash_moves(session: Session, rows: Sequence[LedgerEntry]) -> list[LedgerEntry]:
    """The day's entries that put cash in the drawer or took it out: cash payments, cash
    refunds paid out of it, and corrections of either (a cash payment posted by mistake was
    never in the drawer). Their amounts, negated, are what the drawer should have gained."""
    moved = {EntryKind.PAYMENT.value, EntryKind.REFUND.value}
    targets = {row.reverses for row in rows if row.reverses is not None}
    cash_targets = {
        target.id
        for target in session.scalars(select(LedgerEntry).where(LedgerEntry.id.in_(targets)))
        if target.kind in moved and target.method == "cash"
    }
    return [
        row
        for row in rows
        if (row.kind in moved and row.method == "cash") or row.reverses in cash_targets
    ]


def _candidates(
    session: Session, day: date, closes: day_close.Closes
) -> list[tuple[uuid.UUID, date]]:
    """Entries that may count on `day`: posted on it, or on the closed days just before it
    (an entry only moves forward through closed days)."""
    first = day
    while first - timedelta(days=1) in closes:
        first -= timedelta(days=1)
    rows = session.execute(
        select(LedgerEntry.id, LedgerEntry.posted_on).where(
            LedgerEntry.posted_on >= first,
            LedgerEntry.posted_on <= day,
            LedgerEntry.deleted_at.is_(None),
        )
    )
    return [(row.id, row.posted_on) for row in rows]
