"""Opening a backup to look something up: a session on a scratch copy (services/backup/
scratch.py) that refuses every change with one plain sentence, and writes not even a sign-in
or an audit entry to the copy, so the backup stays the backup as it was made. Closing the
session deletes the copy; the practice's own data folder is never touched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from practicedesk.backup.reading import OwnerPassword, Secret
from practicedesk.domain.hlc import HybridClock
from practicedesk.errors import InvalidInput
from practicedesk.progress import NO_PROGRESS, Progress
from practicedesk.security.roles import Role
from practicedesk.services.backup.files import BackupInfo, read_backup_header
from practicedesk.services.backup.scratch import master_key_for, remove_scratch, unpack_to_scratch
from practicedesk.services.context import Actor, Context
from practicedesk.services.session import PracticeSession
from practicedesk.services.users.accounts import clean_username
from practicedesk.services.users.unlocking import KeyAccess
from practicedesk.store import schema
from practicedesk.store.database import Database
from practicedesk.store.engine import make_engine, probe
from practicedesk.store.models import AppUser

READ_ONLY_MESSAGE = "This is a backup opened to look something up; nothing can be changed."


@dataclass(frozen=True, slots=True)
class ReadOnlyBackup:
    """Which backup, and the read-only session on its copy; closing it deletes the copy."""

    backup: BackupInfo
    session: PracticeSession

    def close(self) -> None:
        self.session.close()


def open_backup_read_only(
    path: Path, secret: Secret, progress: Progress = NO_PROGRESS
) -> ReadOnlyBackup:
    """Open a backup to look something up, as the owner whose password opened it (or the
    first owner, with the recovery code). The practice's own data folder is not touched."""
    info = read_backup_header(path)
    key = master_key_for(path, secret)
    copy = unpack_to_scratch(path, key, progress)
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
        session_ = PracticeSession(
            context, KeyAccess(folder), key, lock, on_close=lambda: remove_scratch(folder.path)
        )
        return ReadOnlyBackup(info, session_)
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
