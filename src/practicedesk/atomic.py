"""Writing a file so that a crash or power cut leaves either the old or the new file, whole.

Every small file the program owns (the keystore, login attempts, settings written outside
the database) goes through here: write under a temporary name in the same folder, flush it to
the disk, rename it over the old name, then flush the folder entry too.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    flush_to_disk(path.parent)


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
