"""Opening balances from the old system: what each account owed there, brought forward into
PracticeDesk's ledger, aged as the old system aged it.

Each row is a guarantor's account (a patient whose responsible party is another patient
brings it to that patient's account). Its balance becomes one "balance brought forward" entry,
or one per part of the old system's aging, dated so that it ages on from where it stood
(domain/opening_balance.py). The ledger is append-only, so a later export with another
balance does not edit the entries: it reverses the ones brought before and brings the new
ones, and a balance brought already is left as it is. Entry ids are made from the account
and the amounts, so two PCs importing one file make the same entries, which sync merges as
one. An account's brought-forward entries are dated on the old system's days, before any day
PracticeDesk has closed if the balances are imported before the first day's close.

Only the owner brings balances in (as for any adjustment above the limit): it is money on
every account at once.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.money import format_cents
from practicedesk.domain.opening_balance import AgingDoesNotAddUp, OldBalance, dated_amounts
from practicedesk.errors import InvalidInput
from practicedesk.interop.moving import balance_rows
from practicedesk.interop.moving.balance_rows import BUCKETS, BalanceRecord, read_balance
from practicedesk.interop.moving.rows import LegacyFile, RawRow, Refused
from practicedesk.progress import NO_PROGRESS, Progress, stop_if_cancelled
from practicedesk.security.roles import Permission
from practicedesk.services.areas import Area
from practicedesk.services.moving.imports import (
    LegacyImport,
    MoveReport,
    ReportLine,
    RowCheck,
    file_label,
    plural,
    read_records,
)
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.moving.matching import PatientFinder
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import LedgerEntry

_NAMESPACE = uuid.UUID("0b7d2c1e-93a4-4e0c-8f54-5b9a1e6c7d30")
_AGES = ("0–30", "31–60", "61–90", "over 90")


@dataclass(slots=True)
class _Plan:
    entries: list[dict[str, Any]] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    nothing_owed: int = 0
    owed: int = 0  # the file's balances, in cents: what to compare with the old report
    credit: int = 0
    rejected: list[ReportLine] = field(default_factory=list)


@dataclass(slots=True)
class _Brought:
    """An account's brought-forward entries that still stand, and how many it ever had."""

    standing: list[tuple[uuid.UUID, date, int]] = field(default_factory=list)
    ever: int = 0


def _brought(session: Session) -> dict[uuid.UUID, _Brought]:
    reversed_ids = {
        reverses
        for (reverses,) in session.execute(
            select(LedgerEntry.reverses).where(
                LedgerEntry.kind == EntryKind.REVERSAL.value, LedgerEntry.deleted_at.is_(None)
            )
        )
    }
    found: dict[uuid.UUID, _Brought] = defaultdict(_Brought)
    for row in session.execute(
        select(
            LedgerEntry.id, LedgerEntry.account_id, LedgerEntry.posted_on, LedgerEntry.amount_cents
        ).where(
            LedgerEntry.kind == EntryKind.BROUGHT_FORWARD.value, LedgerEntry.deleted_at.is_(None)
        )
    ):
        account = found[row.account_id]
        account.ever += 1
        if row.id not in reversed_ids:
            account.standing.append((row.id, row.posted_on, row.amount_cents))
    return found


class BalanceImportService(LegacyImport):
    kind: ClassVar[str] = "balances"
    fields = balance_rows.FIELDS
    permissions = (Permission.ADJUST_ANY_AMOUNT,)

    def open(self, data: bytes, mapping: MoveMapping, *, encoding: str | None = None) -> LegacyFile:
        """A list of balances needs a column with the balance, or with its aged parts."""
        opened = super().open(data, mapping, encoding=encoding)
        if not any(opened.mapping.header(name) for name in ("total", *BUCKETS)):
            raise InvalidInput(
                "No column holds the balance: a list of balances needs the total (BalTotal, "
                "Balance, Total) or the aged parts (0-30 Days, 31-60 Days…)."
            )
        return opened

    def run(
        self,
        data: bytes,
        mapping: MoveMapping,
        *,
        dry_run: bool,
        as_of: date | None = None,
        file_name: str = "",
        encoding: str | None = None,
        progress: Progress = NO_PROGRESS,
    ) -> MoveReport:
        """Bring the file's balances forward as they stood on `as_of` (the day the old
        system's aging was worked out; today when not given), or (dry run) say what that
        would do."""
        self._require()
        opened = self.open(data, mapping, encoding=encoding)
        name = file_label(file_name)
        plan = _Plan()
        username = self._ctx.actor.username
        with self._ctx.db.reading() as session:
            today = practice_today(session)
            finder = PatientFinder(session)
            brought = _brought(session)
            seen: dict[uuid.UUID, int] = {}
            for record in read_records(opened, read_balance, plan.rejected, progress, "balances"):
                _plan_row(record, finder, brought, plan, seen, as_of or today, name, username)
        report = _report(opened, name, dry_run, plan)
        with self._ctx.db.writing() as session:
            if not dry_run:
                for start in range(0, len(plan.entries), 5_000):
                    stop_if_cancelled(progress)
                    batch = plan.entries[start : start + 5_000]
                    insert_rows(session, self._ctx.db.clock, LedgerEntry, batch)
                self._remember(session, opened, mapping, {})
            self._audit(session, report)
        if not dry_run and plan.entries:
            self._ctx.announce(Area.MONEY, Area.PATIENTS)
        return report

    def _checker(self, session: Session, mapping: MoveMapping) -> RowCheck:
        finder = PatientFinder(session)

        def check(raw: RawRow) -> str:
            record = read_balance(raw)
            if isinstance(record, Refused):
                return " ".join(record.reasons)
            found = finder.find(record.patient)
            if isinstance(found, str):
                return found
            try:
                dated_amounts(OldBalance(date.today(), record.total, record.buckets))
            except AgingDoesNotAddUp as exc:
                return f"The balance does not add up. {exc}"
            return "ok"

        return check


def _plan_row(
    record: BalanceRecord,
    finder: PatientFinder,
    brought: dict[uuid.UUID, _Brought],
    plan: _Plan,
    seen: dict[uuid.UUID, int],
    as_of: date,
    file_name: str,
    username: str,
) -> None:
    found = finder.find(record.patient)
    if isinstance(found, str):
        plan.rejected.append(ReportLine(record.line, found))
        return
    account = finder.account_of(found.patient_id)
    if account in seen:
        plan.rejected.append(
            ReportLine(record.line, f"Line {seen[account]} has this account's balance already.")
        )
        return
    try:
        wanted = dated_amounts(OldBalance(as_of, record.total, record.buckets))
    except AgingDoesNotAddUp as exc:
        plan.rejected.append(ReportLine(record.line, f"The balance does not add up. {exc}"))
        return
    seen[account] = record.line
    plan.owed += max(record.total, 0)
    plan.credit += max(-record.total, 0)
    before = brought.get(account, _Brought())
    if Counter((day, cents) for _, day, cents in before.standing) == Counter(wanted):
        if wanted:
            plan.unchanged += 1
        else:
            plan.nothing_owed += 1
        return
    common = {
        "account_id": account, "patient_id": account, "reference": record.patient.legacy_id,
        "posted_by": username,
    }  # fmt: skip
    for entry_id, posted_on, cents in before.standing:
        plan.entries.append(
            {**common, "id": uuid.uuid5(_NAMESPACE, f"reverses|{entry_id}"),
             "kind": EntryKind.REVERSAL.value, "amount_cents": -cents, "posted_on": posted_on,
             "reverses": entry_id,
             "description": f"replaced by the balance in {file_name}"[:200]}
        )  # fmt: skip
    for index, (day, cents) in enumerate(wanted):
        age = _age(record, as_of, day)
        estimate = (
            f"; the old system expected {format_cents(record.insurance_estimate)} from insurance"
            if record.insurance_estimate and index == 0
            else ""
        )
        plan.entries.append(
            {**common,
             "id": uuid.uuid5(_NAMESPACE, f"{account}|{day}|{cents}|{before.ever + index}"),
             "kind": EntryKind.BROUGHT_FORWARD.value, "amount_cents": cents, "posted_on": day,
             "description": f"Balance brought forward{age}, as of {as_of:%m/%d/%Y}{estimate}"[
                 :200]}
        )  # fmt: skip
    if before.standing:
        plan.updated += 1
    else:
        plan.added += 1


def _age(record: BalanceRecord, as_of: date, day: date) -> str:
    if record.buckets is None:
        return ""
    days = (as_of - day).days
    index = {0: 0, 31: 1, 61: 2, 91: 3}.get(days, 0)
    return f" ({_AGES[index]} days old)"


def _report(opened: LegacyFile, name: str, dry_run: bool, plan: _Plan) -> MoveReport:
    facts = [
        f"The file's balances add up to {format_cents(plan.owed)} owed and "
        f"{format_cents(plan.credit)} in credit: compare with the old system's aging report."
    ]
    if plan.nothing_owed:
        facts.append(f"{plural(plan.nothing_owed, 'account')} owing nothing: nothing to bring.")
    return MoveReport(
        kind=BalanceImportService.kind,
        file_name=name,
        encoding=opened.encoding,
        delimiter=opened.delimiter,
        dry_run=dry_run,
        added=plan.added,
        updated=plan.updated,
        unchanged=plan.unchanged,
        rejected=tuple(plan.rejected),
        facts=tuple(facts),
    )
