"""Putting a backup back into a data folder, or refusing to, without touching anything.

Everything that can fail is done before the folder is touched: the password or recovery
code, the whole backup's checks (into a staging folder beside the data folder), and the
confirmations: a folder that holds a practice is replaced only when asked to, and one that
holds a *different* practice only when that is confirmed as well. Replacing keeps a copy of
the old files in `safety-copies/` first. The restored key file is saved afresh under the
master key, so it names the restored database's salt and passes the rollback check.

A restore can be cancelled (through `progress`) while the backup is checked, which is nearly
all of its time; once the folder's lock is taken it goes through to the end, because a folder
half replaced is the one outcome worse than either the old practice or the new.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from practicedesk.atomic import flush_to_disk
from practicedesk.backup import reading
from practicedesk.backup.header import BackupHeader
from practicedesk.backup.reading import Secret, Unpacked
from practicedesk.errors import BackupRefused, DamagedKeystore
from practicedesk.progress import NO_PROGRESS, Progress, stop_if_cancelled
from practicedesk.security import attempts, keystore
from practicedesk.security.keystore import Keystore
from practicedesk.store.data_folder import DataFolder
from practicedesk.store.engine import file_salt

_DATABASE_FILES = ("", "-wal", "-shm")


@dataclass(frozen=True, slots=True)
class Restored:
    header: BackupHeader
    master_key: bytes
    safety_copy: Path | None  # the folder holding the replaced practice's files


def restore(
    path: Path,
    data_dir: Path,
    secret: Secret,
    *,
    replace: bool = False,
    other_practice: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Restored:
    folder = DataFolder(data_dir)
    folder.check_local()
    found = reading.read_header(path)
    key = reading.master_key(found, secret)
    holds_practice = _holds_practice(folder)
    if holds_practice and not replace:
        raise BackupRefused(
            f"There is already a practice in {data_dir}. Restoring would replace it: confirm "
            "that you want to replace it (a copy of it is kept), or choose an empty folder."
        )
    current = _practice_id(folder) if holds_practice else None
    if current is not None and current != found.practice_id and not other_practice:
        raise BackupRefused(
            f"This backup is of {found.practice_name}, a different practice from the one in "
            f"{data_dir}. Nothing was changed. Confirm that this practice should be replaced "
            "by the other one, or choose another folder."
        )
    with tempfile.TemporaryDirectory(
        prefix=".practicedesk-restore-", dir=_nearest_folder(data_dir.parent)
    ) as staging:
        unpacked = reading.unpack(path, key, Path(staging), progress)
        stop_if_cancelled(progress)  # the last moment at which nothing has been touched
        progress.report(0, 0, "Putting the backup in place…")
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.check_writable()
        lock = folder.lock()
        try:
            safety = _keep_safety_copy(folder) if holds_practice else None
            _put_in_place(folder, unpacked)
        finally:
            lock.release()
    return Restored(unpacked.header, key, safety)


def _holds_practice(folder: DataFolder) -> bool:
    return folder.has_practice() or folder.file(keystore.FILE_NAME).exists()


def _practice_id(folder: DataFolder) -> str | None:
    """The practice in the folder, from its key file; None when that cannot be told (a
    damaged folder is exactly what a restore is for, so it is replaced like any other)."""
    try:
        return Keystore.load(folder.file(keystore.FILE_NAME)).practice_id
    except (DamagedKeystore, FileNotFoundError):
        return None


def _keep_safety_copy(folder: DataFolder) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder.safety_dir / f"before-restore-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    names = [f"{folder.database.name}{end}" for end in _DATABASE_FILES]
    for name in [*names, keystore.FILE_NAME, attempts.FILE_NAME]:
        source = folder.file(name)
        if source.exists():
            shutil.copy2(source, target / name)
    return target


def _put_in_place(folder: DataFolder, unpacked: Unpacked) -> None:
    incoming = folder.file(f".{folder.database.name}.restoring")
    shutil.move(unpacked.database, incoming)
    flush_to_disk(incoming)
    if os.name == "posix":
        incoming.chmod(0o600)
    # The old write-ahead log must go first: SQLite would apply it to the new file.
    for end in _DATABASE_FILES[1:]:
        Path(f"{folder.database}{end}").unlink(missing_ok=True)
    incoming.replace(folder.database)
    keys = unpacked.keystore
    keys.database_salt = file_salt(folder.database)
    keys.save(folder.file(keystore.FILE_NAME), unpacked.master_key)
    flush_to_disk(folder.path)


def _nearest_folder(path: Path) -> Path:
    current = path.absolute()
    while not current.is_dir() and current != current.parent:
        current = current.parent
    return current
