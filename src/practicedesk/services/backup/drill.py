"""Restore drills: prove, once a month, that the newest backup really restores.

A verified backup proves the file is whole; a drill proves more: that it lays out as a data
folder, that the program's own engine opens it, that SQLite finds every page sound, and that
its rows are those its header promised. The result is kept per PC in `local_meta` (keys
`backup_drill.*`, apart from the automatic backups' own keys) and in the audit log. The drill
never touches the practice's data folder: it works in a scratch folder it deletes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from practicedesk.backup.reading import Secret
from practicedesk.errors import PracticeDeskError
from practicedesk.services import audit
from practicedesk.services.backup.files import find_backups
from practicedesk.services.backup.scratch import master_key_for, scratch_copy
from practicedesk.services.context import Context
from practicedesk.store.database import Database, get_meta, set_meta
from practicedesk.store.engine import integrity_problems, make_engine, probe

__all__ = [
    "DRILL_DUE_AFTER",
    "DRILL_WARNING_AFTER",
    "DrillResult",
    "DrillService",
    "DrillStatus",
    "drill_due",
    "drill_status",
    "record_drill",
    "run_drill",
]

log = logging.getLogger(__name__)

DRILL_DUE_AFTER = timedelta(days=30)
DRILL_WARNING_AFTER = timedelta(days=35)
_LAST_KEY = "backup_drill.last"
_LAST_PASSED_KEY = "backup_drill.last_passed"


@dataclass(frozen=True, slots=True)
class DrillResult:
    backup_name: str
    at: datetime
    passed: bool
    detail: str  # what was checked, or why it failed; never a patient's data


@dataclass(frozen=True, slots=True)
class DrillStatus:
    last: DrillResult | None
    last_passed_at: datetime | None
    overdue: bool  # no drill passed in the last 35 days: the owner is told at login

    def warning(self, zone: ZoneInfo) -> str:
        """The owner's notice, the day of the last drill that passed as the practice's
        calendar has it (`zone`): drills are stamped in UTC, a day ahead in the evening."""
        if not self.overdue:
            return ""
        if self.last_passed_at is None:
            return "No restore drill has passed yet: nobody knows yet whether the backups restore."
        return (
            f"No restore drill has passed since {self.last_passed_at.astimezone(zone):%Y-%m-%d}: "
            "make a backup and let PracticeDesk check that it restores."
        )


def run_drill(backup_path: Path, key: bytes | Secret, now: datetime | None = None) -> DrillResult:
    """Restore into a scratch folder, open it as the program does, check it, throw it away.
    Any failure is a result (failed, with the reason), not an exception: a drill that
    cannot run is exactly what the owner must hear about."""
    at = now or datetime.now(UTC)
    try:
        master_key = master_key_for(backup_path, key)
        with scratch_copy(backup_path, master_key) as copy:
            engine = make_engine(copy.folder.database, master_key)
            try:
                probe(engine, copy.folder.database)
                problems = integrity_problems(engine)
                counts = {} if problems else _counts(engine, copy.header.counts)
            finally:
                engine.dispose()
    except PracticeDeskError as exc:
        return DrillResult(backup_path.name, at, False, exc.message)
    except DBAPIError:
        return DrillResult(backup_path.name, at, False, "the restored database does not open")
    if problems:
        return DrillResult(backup_path.name, at, False, "SQLite's integrity check found damage")
    if counts != copy.header.counts:
        return DrillResult(
            backup_path.name, at, False, "the restored rows differ from the backup's header"
        )
    total = sum(counts.values())
    return DrillResult(
        backup_path.name, at, True, f"restored, opened and checked: {total} rows as stated"
    )


def _counts(engine: Engine, stated: dict[str, int]) -> dict[str, int]:
    """Counted again through the program's own engine, table by table as the header lists
    them (names from the header are checked against the schema before going into SQL)."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return {
            name: int(connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
            for name in stated
            if name in present
        }


def record_drill(db: Database, result: DrillResult) -> None:
    with db.writing() as session:
        set_meta(session, _LAST_KEY, json.dumps(_as_json(result)))
        if result.passed:
            set_meta(session, _LAST_PASSED_KEY, result.at.isoformat())


def drill_status(db: Database, now: datetime) -> DrillStatus:
    with db.reading() as session:
        last_text = get_meta(session, _LAST_KEY)
        passed_text = get_meta(session, _LAST_PASSED_KEY)
    last = _from_json(json.loads(last_text)) if last_text else None
    passed = datetime.fromisoformat(passed_text) if passed_text else None
    overdue = passed is None or now - passed > DRILL_WARNING_AFTER
    return DrillStatus(last, passed, overdue)


def drill_due(db: Database, now: datetime) -> bool:
    """Monthly: 30 days after the last drill that passed (a failed one is retried sooner)."""
    passed = drill_status(db, now).last_passed_at
    return passed is None or now - passed >= DRILL_DUE_AFTER


class DrillService:
    """The drill for the open practice: its own key, so no password is asked for."""

    def __init__(self, context: Context, master_key: bytes) -> None:
        self._ctx = context
        self._master_key = master_key

    def run(self, backup_path: Path, now: datetime | None = None) -> DrillResult:
        result = run_drill(backup_path, self._master_key, now)
        record_drill(self._ctx.db, result)
        outcome = "passed" if result.passed else "failed"
        with self._ctx.db.writing() as session:
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.BACKUP_VERIFIED,
                f"restore drill of {result.backup_name}: {outcome} ({result.detail})",
            )
        log.info("restore drill %s: %s", outcome, result.backup_name)
        return result

    def run_newest(self, *folders: Path, now: datetime | None = None) -> DrillResult | None:
        """The monthly drill: the newest backup in the practice's backup places, if any."""
        found = find_backups(*folders)
        return self.run(found[0].path, now) if found else None

    def status(self, now: datetime) -> DrillStatus:
        return drill_status(self._ctx.db, now)

    def due(self, now: datetime) -> bool:
        return drill_due(self._ctx.db, now)


def _as_json(result: DrillResult) -> dict[str, object]:
    return {
        "backup": result.backup_name,
        "at": result.at.isoformat(),
        "passed": result.passed,
        "detail": result.detail,
    }


def _from_json(data: dict[str, object]) -> DrillResult:
    return DrillResult(
        str(data["backup"]),
        datetime.fromisoformat(str(data["at"])),
        bool(data["passed"]),
        str(data["detail"]),
    )
