"""Backups as the owner uses them: make one, check one, restore one; each audited.

Making and checking a backup need a signed-in owner (`BackupService`, `session.backups`).
Restoring and checking also work with no practice open (`verify_backup`, `restore_backup`):
a restore is what happens on a new PC or after a disk died, before anyone can sign in, and
then the restored practice's own log records it.

Each takes a `Progress` (practicedesk/progress.py) that the backup file's code reports to and
that can cancel it; a cancelled backup, check or restore leaves no file, no audit entry and
no change behind.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from practicedesk.backup import header as header_format
from practicedesk.backup import reading, restoring, writing
from practicedesk.backup.header import BackupHeader
from practicedesk.backup.reading import OwnerPassword, RecoveryCode, Secret
from practicedesk.domain.hlc import HybridClock
from practicedesk.errors import DamagedKeystore, InvalidInput, PracticeDeskError
from practicedesk.progress import NO_PROGRESS, Progress
from practicedesk.security import keystore
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.context import Context
from practicedesk.store import schema
from practicedesk.store.data_folder import DataFolder
from practicedesk.store.database import Database, last_stamp, set_meta
from practicedesk.store.engine import make_engine

__all__ = [
    "BackupInfo",
    "BackupService",
    "OwnerPassword",
    "RecoveryCode",
    "RestoreInfo",
    "Secret",
    "find_backups",
    "practice_in_folder",
    "read_backup_header",
    "restore_backup",
    "usual_backup_folder",
    "verify_backup",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a person is shown about a backup: which practice, when, and how much is in it."""

    path: Path
    practice_id: uuid.UUID
    practice_name: str
    created_at: datetime
    program_version: str
    schema_revision: str
    counts: dict[str, int]

    @property
    def summary(self) -> str:
        parts = {
            "patient": "patients",
            "appointment": "appointments",
            "document": "documents",
        }
        return ", ".join(f"{self.counts.get(table, 0)} {word}" for table, word in parts.items())


@dataclass(frozen=True, slots=True)
class RestoreInfo:
    backup: BackupInfo
    data_dir: Path
    safety_copy: Path | None


def _info(path: Path, found: BackupHeader) -> BackupInfo:
    return BackupInfo(
        path=path,
        practice_id=uuid.UUID(found.practice_id),
        practice_name=found.practice_name,
        created_at=found.created_at,
        program_version=found.program_version,
        schema_revision=found.schema_revision,
        counts=dict(found.counts),
    )


def read_backup_header(path: Path) -> BackupInfo:
    """Practice, date and counts without a password, to show which backup a file is."""
    return _info(path, reading.read_header(path))


def usual_backup_folder(data_dir: Path) -> Path:
    """Where to look for backups when the practice itself cannot be read: the places the
    owner chose are stored inside the database, so a damaged one cannot tell them."""
    return data_dir.with_name(f"{data_dir.name} backups")


def practice_in_folder(data_dir: Path) -> uuid.UUID | None:
    """Which practice a restore would replace, to ask before replacing a *different* one;
    None for an empty folder or one whose key file cannot be read (damage restores fix)."""
    try:
        return uuid.UUID(keystore.Keystore.load(data_dir / keystore.FILE_NAME).practice_id)
    except (DamagedKeystore, OSError, ValueError):
        return None


def find_backups(*folders: Path) -> list[BackupInfo]:
    """The backups in `folders`, newest first by their headers. Only finished files count:
    a `.pdbackup` name is given only after the file was read back and verified."""
    found: list[BackupInfo] = []
    for folder in dict.fromkeys(folders):
        try:
            paths = sorted(folder.glob(f"*{header_format.SUFFIX}"))
        except OSError:
            continue
        for path in paths:
            try:
                found.append(read_backup_header(path))
            except (PracticeDeskError, OSError):
                log.info("not a readable backup: %s", path.name)
    return sorted(found, key=lambda info: info.created_at, reverse=True)


def verify_backup(path: Path, secret: Secret, progress: Progress = NO_PROGRESS) -> BackupInfo:
    """Decrypt every piece, check the database inside and its row counts."""
    return _info(path, reading.verify(path, secret, progress))


def restore_backup(
    path: Path,
    data_dir: Path,
    secret: Secret,
    *,
    replace: bool = False,
    other_practice: bool = False,
    progress: Progress = NO_PROGRESS,
) -> RestoreInfo:
    """Put a backup in `data_dir` (see backup/restoring.py for what is refused), then record
    the restore in the restored practice's audit log."""
    restored = restoring.restore(
        path, data_dir, secret, replace=replace, other_practice=other_practice, progress=progress
    )
    info = _info(path, restored.header)
    who = secret.username if isinstance(secret, OwnerPassword) else ""
    how = "with an owner's password" if who else "with the recovery code"
    record_restore(data_dir, restored.master_key, who, f"{path.name} ({info.summary}), {how}")
    return RestoreInfo(info, data_dir, restored.safety_copy)


def record_restore(data_dir: Path, master_key: bytes, username: str, summary: str) -> None:
    folder = DataFolder(data_dir)
    lock = folder.lock()
    engine = make_engine(folder.database, master_key)
    try:
        schema.ensure_current(engine, folder.database, folder.safety_dir)
        # A restored copy is a new replica: the PC the backup came from may still be at work
        # (a second PC set up from a backup), and two PCs with one device id would break the
        # clock's order, sync, and the cleanup of each PC's own unfinished backups.
        device = uuid.uuid4().hex[:16]
        db = Database(engine, folder.database, HybridClock(device, _now_ms))
        with db.reading() as session:
            db.clock = HybridClock(device, _now_ms, last_stamp(session))
        with db.writing() as session:
            set_meta(session, "device_id", device)
            audit.record(session, None, audit.Action.BACKUP_RESTORED, summary, username=username)
    finally:
        engine.dispose()
        lock.release()


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class BackupService:
    def __init__(self, context: Context, master_key: bytes) -> None:
        self._ctx = context
        self._master_key = master_key

    def _require_owner(self) -> None:
        self._ctx.require(Permission.MAKE_BACKUPS)

    def make(self, folder: Path, progress: Progress = NO_PROGRESS) -> BackupInfo:
        """Write a verified backup into `folder`; the database stays in use meanwhile. Not
        from a backup opened read-only: an old copy must never pass for the newest backup."""
        self._require_owner()
        if self._ctx.db.read_only:
            raise InvalidInput(self._ctx.db.read_only)
        check_outside_data_folder(folder, self._ctx.folder.path)
        with self._ctx.db.damage_checked():
            written = writing.write(
                self._ctx.db.engine,
                self._master_key,
                self._ctx.folder.file(keystore.FILE_NAME),
                folder,
                writer=self._ctx.db.clock.device,
                progress=progress,
            )
        info = _info(written.path, written.header)
        with self._ctx.db.writing() as session:
            audit.record(
                session,
                self._ctx.actor,
                audit.Action.BACKUP_MADE,
                f"{written.path.name} in {folder} ({info.summary}), verified",
            )
        log.info("backup written: %s", written.path.name)
        return info

    def verify(self, path: Path, password: str, progress: Progress = NO_PROGRESS) -> BackupInfo:
        """Check a backup with the signed-in owner's password as it was when it was made;
        the outcome, good or bad, goes into the audit log (a check cancelled has none)."""
        self._require_owner()
        try:
            info = verify_backup(path, OwnerPassword(self._ctx.actor.username, password), progress)
        except PracticeDeskError as exc:
            self._record_verified(f"{path.name}: failed ({exc.message})")
            raise
        self._record_verified(f"{path.name}: good ({info.summary})")
        return info

    def _record_verified(self, summary: str) -> None:
        with self._ctx.db.writing() as session:
            audit.record(session, self._ctx.actor, audit.Action.BACKUP_VERIFIED, summary)


def check_outside_data_folder(place: Path, data_dir: Path) -> None:
    """A backup inside the data folder is no backup: a disk that dies, or a restore that
    replaces the folder, would take it too."""
    if place.resolve().is_relative_to(data_dir.resolve()):
        raise InvalidInput(
            f"{place} is inside the data folder {data_dir}. Choose a folder outside it, best "
            "on another drive."
        )
