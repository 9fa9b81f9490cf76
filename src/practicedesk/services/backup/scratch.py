"""A backup laid out as a throw-away data folder: to prove it restores (the drill), or to
look something up in it (services/looking_up.py).

The scratch folder is in the system's temporary folder (on this PC's own disk; the database
in it stays encrypted). It never touches the practice's data folder and is deleted when the
look-up closes or the drill ends.
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

from practicedesk.backup import reading
from practicedesk.backup.header import BackupHeader
from practicedesk.backup.reading import Secret
from practicedesk.progress import NO_PROGRESS, Progress
from practicedesk.security import keystore
from practicedesk.store.data_folder import DataFolder
from practicedesk.store.engine import file_salt

log = logging.getLogger(__name__)


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


def unpack_to_scratch(
    path: Path, master_key: bytes, progress: Progress = NO_PROGRESS
) -> ScratchCopy:
    """Check the whole backup and lay it out as a data folder; the caller deletes it (when
    it fails or is cancelled, nothing is left to delete)."""
    scratch = Path(tempfile.mkdtemp(prefix="practicedesk-scratch-"))
    try:
        unpacked = reading.unpack(path, master_key, scratch, progress)
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
