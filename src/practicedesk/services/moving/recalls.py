"""Recalls from the old system: each row one patient's recall, with the due date that system
gave and the patient's own interval, or the recall turned off.

The due date is kept as *carried over* (domain/recall.py): it stands until a visit that
satisfies the recall is completed after the day of the export, so a patient seen in the old
system last month is not called again because PracticeDesk never saw that visit. An interval
equal to the recall type's is the type's (not the patient's own); a recall turned off keeps
the old system's note as the reason. Rows update an earlier import's recall of the same
patient and type.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.interop.moving import recall_rows
from practicedesk.interop.moving.recall_rows import RecallRecord, read_recall
from practicedesk.interop.moving.rows import LegacyFile, RawRow, Refused
from practicedesk.progress import NO_PROGRESS, Progress
from practicedesk.security.roles import Permission
from practicedesk.services.areas import Area
from practicedesk.services.moving.imports import (
    FoundValue,
    LegacyImport,
    MoveReport,
    ReportLine,
    RowCheck,
    counted,
    file_label,
    plan_report,
    plural,
    read_records,
)
from practicedesk.services.moving.mappings import MoveMapping
from practicedesk.services.moving.matching import Names, PatientFinder
from practicedesk.services.recall.types import RecallTypeInfo, read_recall_types
from practicedesk.services.schedule.setup import practice_today
from practicedesk.store.changes import insert_rows
from practicedesk.store.models import PatientRecall

_COMPARED = ("interval_months", "interval_days", "off", "off_reason", "carried_due_on",
             "carried_as_of")  # fmt: skip


@dataclass(slots=True)
class _Plan:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    unchanged: int = 0
    rejected: list[ReportLine] = field(default_factory=list)
    overdue: int = 0


class _Practice:
    def __init__(self, session: Session, mapping: MoveMapping) -> None:
        self.patients = PatientFinder(session)
        self.types: dict[uuid.UUID, RecallTypeInfo] = {
            kind.id: kind for kind in read_recall_types(session, include_inactive=True)
        }
        self.names = Names(
            "recall", [(k.id, k.name) for k in self.types.values()],
            mapping.value_map("recall_type"),
        )  # fmt: skip
        self.held: dict[tuple[uuid.UUID, uuid.UUID], tuple[uuid.UUID, dict[str, Any]]] = {}
        for row in session.scalars(select(PatientRecall).where(PatientRecall.deleted_at.is_(None))):
            values = {name: getattr(row, name) for name in _COMPARED}
            self.held[(row.patient_id, row.recall_type_id)] = (row.id, values)


class RecallImportService(LegacyImport):
    kind: ClassVar[str] = "recalls"
    fields = recall_rows.FIELDS
    matched = ("recall_type",)
    permissions = (Permission.EDIT_SETTINGS,)

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
        """Import the file's recalls, due as the old system said on `as_of` (the day it was
        exported; today when not given), or (dry run) say what that would do."""
        self._require()
        opened = self.open(data, mapping, encoding=encoding)
        plan = _Plan()
        with self._ctx.db.reading() as session:
            today = practice_today(session)
            known = _Practice(session, mapping)
            seen: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
            for record in read_records(
                opened, lambda raw: read_recall(raw, day_first=mapping.day_first), plan.rejected,
                progress, "recalls",
            ):  # fmt: skip
                _plan_row(record, known, plan, seen, as_of or today, today)
        report = _report(opened, file_label(file_name), dry_run, plan, known.names)
        with self._ctx.db.writing() as session:
            if not dry_run:
                insert_rows(session, self._ctx.db.clock, PatientRecall, plan.inserts)
                for row in session.scalars(
                    select(PatientRecall).where(PatientRecall.id.in_(list(plan.updates)))
                ):
                    for name, value in plan.updates[row.id].items():
                        setattr(row, name, value)
                session.flush()
                self._remember(session, opened, mapping, mapping.values)
            self._audit(session, report)
        if not dry_run and (plan.inserts or plan.updates):
            self._ctx.announce(Area.PATIENTS)
        return report

    def _checker(self, session: Session, mapping: MoveMapping) -> RowCheck:
        known = _Practice(session, mapping)

        def check(raw: RawRow) -> str:
            record = read_recall(raw, day_first=mapping.day_first)
            if isinstance(record, Refused):
                return " ".join(record.reasons)
            problems = [
                found
                for found in (known.patients.find(record.patient),
                              known.names.match(record.recall_type))
                if isinstance(found, str)
            ]  # fmt: skip
            return " ".join(problems) or "ok"

        return check

    def _found(
        self, session: Session, opened: LegacyFile, mapping: MoveMapping
    ) -> tuple[dict[str, tuple[FoundValue, ...]], dict[str, tuple[str, ...]]]:
        known = _Practice(session, mapping)
        seen: Counter[str] = Counter(raw.values.get("recall_type", "") for raw in opened.rows())
        seen.pop("", None)
        matched = {}
        for old in seen:
            found = known.names.match(old)
            matched[old] = known.names.name(found) if isinstance(found, uuid.UUID) else ""
        return (
            {"recall_type": counted(seen, matched)},
            {"recall_type": tuple(sorted(known.names.names()))},
        )


def _plan_row(
    record: RecallRecord,
    known: _Practice,
    plan: _Plan,
    seen: dict[tuple[uuid.UUID, uuid.UUID], int],
    as_of: date,
    today: date,
) -> None:
    problems = []
    patient = known.patients.find(record.patient)
    if isinstance(patient, str):
        problems.append(patient)
    kind_id = known.names.match(record.recall_type)
    if not isinstance(kind_id, uuid.UUID):
        problems.append(kind_id or "The mapping leaves this recall out.")
    if problems:
        plan.rejected.append(ReportLine(record.line, " ".join(problems)))
        return
    assert not isinstance(patient, str) and isinstance(kind_id, uuid.UUID)
    key = (patient.patient_id, kind_id)
    if key in seen:
        plan.rejected.append(
            ReportLine(record.line, f"Line {seen[key]} has this patient's recall already.")
        )
        return
    seen[key] = record.line
    kind = known.types[kind_id]
    months, days = record.interval or (kind.interval_months, kind.interval_days)
    own = (months, days) != (kind.interval_months, kind.interval_days)
    values = {
        "interval_months": months if own else None,
        "interval_days": days if own else None,
        "off": record.off,
        "off_reason": (record.note or "turned off in the old system")[:120] if record.off else "",
        "carried_due_on": record.due,
        "carried_as_of": as_of if record.due else None,
    }
    plan.overdue += bool(record.due and record.due < today and not record.off)
    held = known.held.get(key)
    if held is None:
        plan.inserts.append(
            {**values, "patient_id": patient.patient_id, "recall_type_id": kind_id,
             "legacy_id": record.legacy_id or None}
        )  # fmt: skip
    elif held[1] == values:
        plan.unchanged += 1
    else:
        plan.updates[held[0]] = {**values, "legacy_id": record.legacy_id or None}


def _report(opened: LegacyFile, name: str, dry_run: bool, plan: _Plan, names: Names) -> MoveReport:
    facts = [names.still_to_match()] if names.unmatched else []
    if plan.overdue:
        facts.append(f"{plural(plan.overdue, 'recall')} already overdue on the recall list.")
    return plan_report(RecallImportService.kind, opened, name, dry_run, plan, facts=facts)
