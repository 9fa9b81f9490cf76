"""Writing a file so that a crash or power cut leaves either the old or the new file, whole.

Every small file the program owns (the keystore, login attempts, settings written outside
the database, the files in the sync folder) goes through here: write under a temporary name
in the same folder, flush it to the disk, rename it over the old name, then flush the folder
entry too.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import time
from pathlib import Path

# Pauses between attempts to put a file in place when the old one is held open: a reader on
# another PC holds it for milliseconds, but a busy PC reading through a FUSE client held one
# for most of a second (tests/sync/test_sync_on_smb.py), so wait three seconds in all.
_PAUSES_S = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)


def write_atomically(path: Path, data: bytes) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _put_in_place(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    flush_to_disk(path.parent)


def _put_in_place(temp: Path, path: Path) -> None:
    """Rename `temp` over `path`. A network share refuses that while another PC has the old
    file open (Windows' sharing rules, which Samba keeps too), and some NAS boxes refuse any
    rename over an existing file: move the old file aside first, and try again a moment later
    if it is held open. Refusals of any other kind, and of a new name, are raised at once."""
    for pause in (*_PAUSES_S, 0.0):  # no pause after the last attempt
        try:
            temp.replace(path)
            return
        except (FileExistsError, PermissionError):
            if not path.exists():
                raise
            if _replaced_by_way_of_aside(temp, path):
                return
            if not pause:
                raise
        time.sleep(pause)


def _replaced_by_way_of_aside(temp: Path, path: Path) -> bool:
    """Rename the old file to a name readers pass over, then `temp` to `path`. False when the
    old file cannot be moved (it is held open); the old file is put back if `temp` cannot."""
    aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.old.tmp")
    try:
        path.replace(aside)
    except OSError:
        return False
    try:
        temp.replace(path)
    except BaseException:
        aside.replace(path)
        raise
    aside.unlink(missing_ok=True)
    return True


def flush_to_disk(path: Path) -> None:
    """Make a file's content, or a folder's entries (a rename, a new file), durable before
    going on; Windows has no directory handles to flush, and flushes its folders itself."""
    if os.name != "posix" and path.is_dir():
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
