"""Practices that sync through one shared folder, and ways to compare what they hold."""

from __future__ import annotations

import uuid
from dataclasses import fields
from pathlib import Path
from typing import Any

from sqlalchemy import select

from practicedesk.services.chart.records import PatientDetails
from practicedesk.services.joining import join_practice
from practicedesk.services.session import PracticeSession
from practicedesk.services.sync.rounds import RoundReport
from practicedesk.store import sync_log
from practicedesk.store.models import ChangeEntry, Patient, SyncConflict, Task
from practicedesk.store.models.base import utcnow
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice

# Columns each PC keeps for itself: when it wrote the row and with which stamp.
LOCAL_COLUMNS = frozenset({"created_at", "updated_at", "hlc"})


def first_pc(root: Path, share: Path, name: str = "Front desk") -> PracticeSession:
    share.mkdir(parents=True, exist_ok=True)
    session = make_practice(root / "a").session
    session.sync.start(share, name)
    return session


def join(root: Path, share: Path, folder: str, name: str) -> PracticeSession:
    session, report = join_practice(root / folder, share, OWNER, OWNER_PASSWORD, name)
    assert report.problems == [], report.problems
    return session


def rounds(*pcs: PracticeSession, times: int = 2) -> list[RoundReport]:
    """Every PC syncs in turn, `times` over: enough for each to hear from every other."""
    reports = []
    for _ in range(times):
        for pc in pcs:
            reports.append(pc.sync.run_round())
    return reports


def device(pc: PracticeSession) -> str:
    return pc.sync.settings().device


def edit(pc: PracticeSession, patient_id: uuid.UUID, **changes: Any) -> None:
    """Change some Demographics fields as a person would on the chart."""
    details = pc.chart.read(patient_id).details
    values = {f.name: getattr(details, f.name) for f in fields(PatientDetails)}
    pc.chart.update_details(patient_id, PatientDetails(**values | changes))


def tables_sent_as_own(pc: PracticeSession) -> set[str]:
    """The tables of the changes this PC's log holds as made on it."""
    with pc._ctx.db.reading() as session:
        return set(
            session.scalars(
                select(ChangeEntry.table_name).where(ChangeEntry.device_id == device(pc))
            )
        )


def details(pc: PracticeSession, patient_id: uuid.UUID) -> PatientDetails:
    return pc.chart.read(patient_id).details


def set_deleted(pc: PracticeSession, patient_id: uuid.UUID, deleted: bool) -> None:
    """Tombstone (or bring back) a patient; no service deletes patients outright, so this
    writes the tombstone through the ORM as the merge on the chart does."""
    with pc._ctx.db.writing() as session:
        row = session.get(Patient, patient_id)
        assert row is not None
        row.deleted_at = utcnow() if deleted else None


def patient_row(pc: PracticeSession, patient_id: uuid.UUID) -> dict[str, Any] | None:
    with pc._ctx.db.reading() as session:
        row = session.get(Patient, patient_id)
        if row is None:
            return None
        return {column.name: getattr(row, column.key) for column in Patient.__table__.columns}


def conflict_keys(pc: PracticeSession) -> list[tuple[str, str, str, str, str, bool]]:
    """The open conflicts as every PC must list them (ids are local, so left out)."""
    with pc._ctx.db.reading() as session:
        rows = session.scalars(select(SyncConflict))
        return sorted(
            (
                row.table_name,
                str(row.row_id),
                row.field,
                row.winner_stamp,
                row.loser_stamp,
                row.kept_both,
            )
            for row in rows
        )


def sync_tasks(pc: PracticeSession) -> list[dict[str, Any]]:
    with pc._ctx.db.reading() as session:
        rows = session.scalars(select(Task).where(Task.created_by == "sync"))
        plain = [
            _plain({column.name: getattr(row, column.key) for column in Task.__table__.columns})
            for row in rows
        ]
        return sorted(plain, key=lambda row: str(row["id"]))


def contents(pc: PracticeSession, tables: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every synced table's rows minus what each PC keeps for itself; a tombstone as a flag
    (its time is when this PC learnt of it)."""
    found: dict[str, list[tuple]] = {}
    with pc._ctx.db.reading() as session:
        for name, table in sorted(sync_log.synced_tables().items()):
            if tables and name not in tables:
                continue
            rows = session.execute(select(table)).mappings()
            found[name] = sorted(
                tuple(sorted((key, repr(value)) for key, value in _plain(dict(row)).items()))
                for row in rows
            )
    return found


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {
        name: (value is not None) if name == "deleted_at" else value
        for name, value in row.items()
        if name not in LOCAL_COLUMNS
    }
