"""Insurance from the old system: each row a patient's policy, into the chart's Insurance tab.

The insurance company is found by its name (ignoring case and spacing) or added once, with
its phone and payer id. The subscriber is the patient named, or the patient whose old id the
row gives (Open Dental's `Subscriber`). A policy is checked as the chart checks one typed at
the desk (services/chart/insurance.py). Rows with the old system's id update the policy an
earlier import brought; a file without ids recognizes a policy by its patient, company and
member id. An update changes only what the file has columns for: coverage typed in here
since is not wiped by an export that never had it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.duplicates import fold
from practicedesk.errors import InvalidInput
from practicedesk.interop.moving import policy_rows
from practicedesk.interop.moving.policy_rows import PolicyRecord, read_policy
from practicedesk.interop.moving.rows import LegacyFile, PatientRef, RawRow, Refused
from practicedesk.progress import NO_PROGRESS, Progress
from practicedesk.security.roles import Permission
from practicedesk.services.areas import Area
from practicedesk.services.chart.insurance import PolicyChange, check_policy
from practicedesk.services.moving.imports import (
    LegacyImport,
    MoveReport,
    ReportLine,
    RowCheck,
    file_label,
    plan_report,
    plural,
    read_records,
)
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.moving.matching import Found, PatientFinder
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import Carrier, Patient, Policy

_RANKS = {1: "primary", 2: "secondary", 3: "third", 4: "fourth"}
# A policy's field, and the file's field it comes from: an update sets only those present.
_SOURCES = {
    "plan": "plan", "group_number": "group_number", "subscriber_name": "subscriber_name",
    "subscriber_relationship": "relationship", "subscriber_birth_date": "subscriber_birth_date",
    "effective_on": "effective_on", "ends_on": "ends_on", "copay_cents": "copay",
    "deductible_cents": "deductible", "annual_max_cents": "annual_max",
    "covers_preventive": "covers_preventive", "covers_basic": "covers_basic",
    "covers_major": "covers_major", "rank": "rank",
}  # fmt: skip


@dataclass(slots=True)
class _Plan:
    carriers: dict[str, dict[str, Any]] = field(default_factory=dict)  # folded name → new row
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    unchanged: int = 0
    rejected: list[ReportLine] = field(default_factory=list)
    warnings: list[ReportLine] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Held:
    id: uuid.UUID
    patient_id: uuid.UUID
    carrier_id: uuid.UUID
    member_id: str
    rank: int
    values: dict[str, Any]


class _Practice:
    """The patients, insurance companies and policies the import compares rows with."""

    def __init__(self, session: Session) -> None:
        self.patients = PatientFinder(session)
        self.carriers = {
            fold(row.name): row.id
            for row in session.scalars(select(Carrier).where(Carrier.deleted_at.is_(None)))
        }
        self.born = {
            row.id: row.date_of_birth
            for row in session.execute(select(Patient.id, Patient.date_of_birth))
        }
        self.by_legacy: dict[str, _Held] = {}
        self.by_member: dict[tuple[uuid.UUID, uuid.UUID, str], _Held] = {}
        self.ranks: dict[uuid.UUID, dict[int, uuid.UUID]] = defaultdict(dict)
        for row in session.scalars(select(Policy).where(Policy.deleted_at.is_(None))):
            values = {name: getattr(row, name) for name in _SOURCES}
            held = _Held(row.id, row.patient_id, row.carrier_id, row.member_id, row.rank, values)
            if row.legacy_id:
                self.by_legacy[row.legacy_id] = held
            self.by_member[(row.patient_id, row.carrier_id, row.member_id.casefold())] = held
            if row.active:
                self.ranks[row.patient_id][row.rank] = row.id


class InsuranceImportService(LegacyImport):
    kind: ClassVar[str] = "insurance"
    fields = policy_rows.FIELDS
    permissions = (Permission.EDIT_CHART,)

    def run(
        self,
        data: bytes,
        mapping: MoveMapping,
        *,
        dry_run: bool,
        file_name: str = "",
        encoding: str | None = None,
        progress: Progress = NO_PROGRESS,
    ) -> MoveReport:
        """Import the file's policies, or (dry run) say what that would do."""
        self._require()
        opened = self.open(data, mapping, encoding=encoding)
        name = file_label(file_name)
        present = {n for n, _ in opened.mapping.columns}
        plan = _Plan()
        with self._ctx.db.reading() as session:
            known = _Practice(session)
            seen: dict[str, int] = {}
            for record in read_records(
                opened, lambda raw: read_policy(raw, day_first=mapping.day_first), plan.rejected,
                progress, "policies",
            ):  # fmt: skip
                _plan_row(record, known, plan, present, seen)
        report = _report(opened, name, dry_run, plan)
        with self._ctx.db.writing() as session:
            if not dry_run:
                _write(session, self._ctx.db.clock, plan)
                self._remember(session, opened, mapping, {})
            self._audit(session, report)
        if not dry_run and (plan.inserts or plan.updates):
            self._ctx.announce(Area.PATIENTS)
        return report

    def _checker(self, session: Session, mapping: MoveMapping) -> RowCheck:
        known = _Practice(session)

        def check(raw: RawRow) -> str:
            record = read_policy(raw, day_first=mapping.day_first)
            if isinstance(record, Refused):
                return " ".join(record.reasons)
            found = known.patients.find(record.patient)
            return found if isinstance(found, str) else "ok"

        return check


def _plan_row(
    record: PolicyRecord,
    known: _Practice,
    plan: _Plan,
    present: set[str],
    seen: dict[str, int],
) -> None:
    found = known.patients.find(record.patient)
    if isinstance(found, str):
        plan.rejected.append(ReportLine(record.line, found))
        return
    subscriber_name, subscriber_born = record.subscriber_name, record.subscriber_birth_date
    if record.subscriber_id:
        holder = known.patients.find(PatientRef(legacy_id=record.subscriber_id))
        if isinstance(holder, Found):
            subscriber_name = subscriber_name or _first_last(holder.name)
            subscriber_born = subscriber_born or known.born.get(holder.patient_id)
    carrier_key = fold(record.carrier)
    carrier_id = known.carriers.get(carrier_key)
    new_carrier = None
    if carrier_id is None:  # added only if the row is taken
        new_carrier = plan.carriers.get(carrier_key) or {
            "id": uuid.uuid4(), "name": record.carrier, "phone": record.carrier_phone,
            "payer_id": record.payer_id,
        }  # fmt: skip
        carrier_id = new_carrier["id"]
    change = PolicyChange(
        carrier_id=carrier_id, member_id=record.member_id, rank=record.rank, plan=record.plan,
        group_number=record.group_number, subscriber_name=subscriber_name,
        subscriber_relationship=record.relationship, subscriber_birth_date=subscriber_born,
        effective_on=record.effective_on, ends_on=record.ends_on,
        copay_cents=record.copay_cents, deductible_cents=record.deductible_cents,
        annual_max_cents=record.annual_max_cents, covers_preventive=record.covers_preventive,
        covers_basic=record.covers_basic, covers_major=record.covers_major,
    )  # fmt: skip
    try:
        check_policy(change)
    except InvalidInput as exc:
        plan.rejected.append(ReportLine(record.line, exc.message))
        return
    key = f"{found.patient_id}|{carrier_key}|{record.member_id.casefold()}"
    if key in seen or (record.legacy_id and record.legacy_id in seen):
        first = seen.get(key) or seen[record.legacy_id]
        plan.rejected.append(ReportLine(record.line, f"Line {first} has this policy already."))
        return
    seen[key] = record.line
    if record.legacy_id:
        seen[record.legacy_id] = record.line
    if new_carrier is not None:
        plan.carriers[carrier_key] = new_carrier
    held = known.by_legacy.get(record.legacy_id) if record.legacy_id else None
    if held is None:
        held = known.by_member.get((found.patient_id, carrier_id, record.member_id.casefold()))
    values = {name: getattr(change, name) for name in _SOURCES}
    if held is not None:
        wanted = {name: value for name, value in values.items() if _SOURCES[name] in present} | {
            "carrier_id": carrier_id,
            "member_id": record.member_id,
        }
        if record.legacy_id:
            wanted["legacy_id"] = record.legacy_id
        current = {**held.values, "carrier_id": held.carrier_id, "member_id": held.member_id}
        if all(current.get(name) == value for name, value in wanted.items()
               if name != "legacy_id"):  # fmt: skip
            plan.unchanged += 1
            return
        plan.updates[held.id] = wanted
        return
    other = known.ranks.get(found.patient_id, {}).get(record.rank)
    if other is not None:
        plan.warnings.append(
            ReportLine(
                record.line,
                f"{found.name} already has a {_RANKS[record.rank]} policy; both are kept: "
                "check the order in the chart.",
            )
        )
    plan.inserts.append(
        {**values, "patient_id": found.patient_id, "carrier_id": carrier_id,
         "member_id": record.member_id, "legacy_id": record.legacy_id or None,
         "annual_max_cents": change.annual_max_cents, "active": True}
    )  # fmt: skip


def _first_last(last_first: str) -> str:
    last, _, first = last_first.partition(", ")
    return f"{first} {last}".strip()


def _write(session: Session, clock: Any, plan: _Plan) -> None:
    for carrier in plan.carriers.values():
        session.add(Carrier(**carrier))
    session.flush()
    insert_rows(session, clock, Policy, plan.inserts)
    if plan.updates:
        for row in session.scalars(select(Policy).where(Policy.id.in_(list(plan.updates)))):
            for name, value in plan.updates[row.id].items():
                setattr(row, name, value)
        session.flush()


def _report(opened: LegacyFile, name: str, dry_run: bool, plan: _Plan) -> MoveReport:
    facts = []
    if plan.carriers:
        verb = "would be added" if dry_run else "added"
        facts.append(
            f"{plural(len(plan.carriers), 'insurance company', 'insurance companies')} {verb}: "
            f"{', '.join(sorted(row['name'] for row in plan.carriers.values()))}."
        )
    return plan_report(
        InsuranceImportService.kind, opened, name, dry_run, plan, facts=facts,
        warnings=plan.warnings,
    )  # fmt: skip
