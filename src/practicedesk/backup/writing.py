"""Writing a backup so that a file with a backup's name is always a whole, verified backup.

The file is written under a hidden temporary name in the target folder, flushed to the disk,
read back in full and checked exactly as a restore would check it, and only then renamed to
its final name (and the folder entry flushed). An interruption at any point leaves at most
a temporary file, never a `.pdbackup` that looks whole and is not.

Cancelling (through `progress`) is an interruption on purpose, and cleans up like one: the
staging folder and the temporary file are removed before `Cancelled` goes on up.

What an interruption leaves (a `.partial` file named with the writer's device id, a staging
folder beside the key file) is recognised by `leftover_partials` and `leftover_staging`, so
that the next start removes exactly those and nothing a person or another PC put there.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine

from practicedesk import __version__
from practicedesk.atomic import flush_to_disk
from practicedesk.backup import chunks, header, reading, snapshot
from practicedesk.backup.header import BackupHeader
from practicedesk.errors import BackupNotWritten, DamagedBackup
from practicedesk.progress import NO_PROGRESS, Progress, stop_if_cancelled
from practicedesk.security.keystore import Keystore

PARTIAL_SUFFIX = ".partial"
STAGING_PREFIX = ".backup-"
_SNAPSHOT = "snapshot.db"
_STEM_PREFIX = "PracticeDesk-backup-"


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    header: BackupHeader


def write(
    engine: Engine,
    master_key: bytes,
    keystore_path: Path,
    target_folder: Path,
    *,
    chunk_bytes: int = chunks.CHUNK_BYTES,
    writer: str = "",
    progress: Progress = NO_PROGRESS,
) -> Written:
    """`writer` (this PC's device id) goes into the temporary file's name: a shared folder
    may hold another PC's backup in progress, and only our own leftovers may be removed."""
    if not target_folder.is_dir():
        # Never made here: a USB drive that is not plugged in would get a folder on the
        # PC's own disk, and the owner would think the backup was on the drive.
        raise BackupNotWritten(
            f"The backup folder {target_folder} is not there. If it is on a USB drive or "
            "another disk, connect it; otherwise choose another folder."
        )
    created_at = datetime.now(UTC).replace(microsecond=0)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=keystore_path.parent))
    try:
        database = staging / _SNAPSHOT
        progress.report(0, 0, "Copying the database…")
        snapshot.take(engine, database, master_key)  # one step: one read transaction
        stop_if_cancelled(progress)
        # Read after the snapshot: the key file may then be newer than the database inside
        # (accepted at sign-in), never older (refused as a rollback).
        keys = Keystore.load(keystore_path)
        keys.check_mac(master_key)
        keystore_data = keystore_path.read_bytes()
        with snapshot.keyed(database, master_key) as connection:
            facts = snapshot.facts(connection)
        owners = {
            lookup: slot
            for lookup, slot in keys.users.items()
            if slot.user_id in facts.owner_ids and slot.wrapped is not None
        }
        found = BackupHeader(
            practice_id=facts.practice_id,
            practice_name=facts.practice_name,
            created_at=created_at,
            program_version=__version__,
            schema_revision=facts.schema_revision,
            counts=facts.counts,
            keys=Keystore(keys.practice_id, 0, keys.kdf, keys.recovery, owners),
            salt=secrets.token_bytes(header.SALT_BYTES),
            chunk_bytes=chunk_bytes,
            keystore_bytes=len(keystore_data),
            database_bytes=database.stat().st_size,
        )
        final = _free_name(target_folder, created_at)
        _write_whole(final, found, master_key, keystore_data, database, writer, progress)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Written(final, found)


def _write_whole(
    final: Path,
    found: BackupHeader,
    master_key: bytes,
    keystore_data: bytes,
    database: Path,
    writer: str,
    progress: Progress,
) -> None:
    tag = f"{writer}-" if _plain_id(writer) else ""
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f".{final.stem}-{tag}", suffix=PARTIAL_SUFFIX, dir=final.parent
        )
    except OSError as exc:
        raise _not_written(final.parent, exc) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            start, header_hash = header.encode(found)
            out.write(start)
            key = chunks.backup_key(master_key, found.salt)
            with database.open("rb") as source:
                payload = chunks.reported(
                    _pieces(keystore_data, source, found.chunk_bytes),
                    found.keystore_bytes + found.database_bytes,
                    progress,
                    "Writing the backup…",
                )
                for frame in chunks.encrypt(key, header_hash, payload):
                    out.write(frame)
            out.flush()
            os.fsync(out.fileno())
        reading.verify_with_key(temp, master_key, progress)
        temp.replace(final)
        flush_to_disk(final.parent)
    except DamagedBackup as exc:
        temp.unlink(missing_ok=True)
        raise BackupNotWritten(
            f"The backup written to {final.parent} did not read back correctly, so it was "
            "removed. The disk or drive may be failing: try another place."
        ) from exc
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _not_written(final.parent, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def leftover_partials(folder: Path, writer: str) -> list[Path]:
    """Temporary backup files `writer` left in `folder`: a hidden `.partial` whose name has
    the backup's stem, then `writer`, then mkstemp's random part. Untagged ones, and those of
    other writers, may be a backup in progress elsewhere and are never listed."""
    if not _plain_id(writer):
        return []
    found: list[Path] = []
    for path in folder.glob(f".{_STEM_PREFIX}*{PARTIAL_SUFFIX}"):
        middle = path.name[1 : -len(PARTIAL_SUFFIX)].rsplit("-", 2)
        if len(middle) == 3 and middle[1] == writer and _is_plain_file(path):
            found.append(path)
    return sorted(found)


def leftover_staging(data_dir: Path) -> list[Path]:
    """Staging folders an interrupted backup left beside the key file: hidden `.backup-…`
    folders holding nothing but the snapshot (and SQLite's files beside it)."""
    found: list[Path] = []
    for path in data_dir.glob(f"{STAGING_PREFIX}*"):
        if path.is_symlink() or not path.is_dir():
            continue
        if all(entry.name.startswith(_SNAPSHOT) for entry in path.iterdir()):
            found.append(path)
    return sorted(found)


def _plain_id(writer: str) -> bool:
    return writer.isascii() and writer.isalnum()


def _is_plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _pieces(first: bytes, rest: BinaryIO, size: int) -> Iterator[bytes]:
    """The payload (the key file, then the database) cut into chunk-sized pieces."""
    buffer = bytearray(first)
    while True:
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
        more = rest.read(size)
        if not more:
            break
        buffer += more
    if buffer:
        yield bytes(buffer)


def _free_name(folder: Path, created_at: datetime) -> Path:
    stem = f"PracticeDesk-backup-{created_at:%Y-%m-%d-%H%M%S}Z"
    candidate = folder / f"{stem}{header.SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{header.SUFFIX}"
        number += 1
    return candidate


def _not_written(folder: Path, exc: OSError) -> BackupNotWritten:
    return BackupNotWritten(
        f"The backup cannot be written to {folder} ({exc.strerror or 'not allowed'}). Check "
        "that the drive is connected, not full and not write-protected."
    )
