"""A backup put into a scratch folder: to look something up in it, or to prove it restores.

The scratch folder is a throw-away data folder in the system's temporary folder (on this
PC's own disk; the database in it stays encrypted). It never touches the practice's data
folder, and it is deleted when the look-up closes or the drill ends. A backup opened here is
read-only: every change is refused with one plain sentence, and not even a sign-in or an
audit entry is written to the copy, so the backup stays the backup as it was made.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from practicedesk.backup import reading
from practicedesk.backup.header import BackupHeader
from practicedesk.backup.reading import OwnerPassword, Secret
from practicedesk.domain.hlc import HybridClock
from practicedesk.errors import InvalidInput
from practicedesk.security import keystore
from practicedesk.security.roles import Role
from practicedesk.services.backup.files import BackupInfo, read_backup_header
from practicedesk.services.context import Actor, Context
from practicedesk.services.session import PracticeSession
from practicedesk.services.users.accounts import clean_username
from practicedesk.services.users.unlocking import KeyAccess
from practicedesk.store import schema
from practicedesk.store.data_folder import DataFolder
from practicedesk.store.database import Database
from practicedesk.store.engine import file_salt, make_engine, probe
from practicedesk.store.models import AppUser

log = logging.getLogger(__name__)

READ_ONLY_MESSAGE = "This is a backup opened to look something up; nothing can be changed."


@dataclass(frozen=True, slots=True)
class ScratchCopy:
    header: BackupHeader
    folder: DataFolder
    master_key: bytes


def master_key_for(path: Path, key: bytes | Secret) -> bytes:
    """The automatic drill has the open practice's key; a person types a password or code."""
    if isinstance(key, bytes):
        return key
    return reading.master_key(reading.read_header(path), key)


def unpack_to_scratch(path: Path, master_key: bytes) -> ScratchCopy:
    """Check the whole backup and lay it out as a data folder; the caller deletes it."""
    scratch = Path(tempfile.mkdtemp(prefix="practicedesk-scratch-"))
    try:
        unpacked = reading.unpack(path, master_key, scratch)
        folder = DataFolder(scratch)
        keys = unpacked.keystore
        keys.database_salt = file_salt(folder.database)
        keys.save(folder.file(keystore.FILE_NAME), master_key)
        return ScratchCopy(unpacked.header, folder, master_key)
    except BaseException:
        remove_scratch(scratch)
        raise


@contextlib.contextmanager
def scratch_copy(path: Path, master_key: bytes) -> Iterator[ScratchCopy]:
    copy = unpack_to_scratch(path, master_key)
    try:
        yield copy
    finally:
        remove_scratch(copy.folder.path)


def remove_scratch(folder: Path) -> None:
    """Windows may hold a just-closed database file for a moment: try again briefly."""
    for _ in range(20):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.05)
    log.warning("a scratch folder could not be removed: %s", folder.name)


class ReadOnlyBackup(PracticeSession):
    """A session on a backup's scratch copy; closing it deletes the copy."""

    def __init__(self, backup: BackupInfo, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.backup = backup
        self.read_only = True

    def close(self) -> None:
        try:
            super().close()
        finally:
            remove_scratch(self.data_dir)


def open_backup_read_only(path: Path, secret: Secret) -> ReadOnlyBackup:
    """Open a backup to look something up, as the owner whose password opened it (or the
    first owner, with the recovery code). The practice's own data folder is not touched."""
    info = read_backup_header(path)
    key = master_key_for(path, secret)
    copy = unpack_to_scratch(path, key)
    folder = copy.folder
    lock = folder.lock()
    engine = make_engine(folder.database, key)
    try:
        probe(engine, folder.database)
        schema.ensure_current(engine, folder.database, folder.safety_dir)
        clock = HybridClock("backup", _now_ms)
        db = Database(engine, folder.database, clock, read_only=READ_ONLY_MESSAGE)
        with db.reading() as session:
            actor = _actor(list(session.scalars(select(AppUser))), secret)
        context = Context(db, folder, actor, emergency_access=not isinstance(secret, OwnerPassword))
        return ReadOnlyBackup(info, context, KeyAccess(folder), key, lock)
    except BaseException:
        engine.dispose()
        lock.release()
        remove_scratch(folder.path)
        raise


def _actor(users: list[AppUser], secret: Secret) -> Actor:
    owners = [
        row
        for row in users
        if row.role == Role.OWNER.value and row.deleted_at is None and row.active
    ]
    if isinstance(secret, OwnerPassword):
        owners = [row for row in owners if row.username == clean_username(secret.username)]
    if not owners:
        raise InvalidInput("This backup has no active owner to open it as.")
    row = owners[0]
    return Actor(row.id, row.username, row.display_name, Role(row.role))


def _now_ms() -> int:
    return time.time_ns() // 1_000_000
