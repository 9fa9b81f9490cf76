"""Opening a backup: the header without a password, the rest with an owner's password or the
recovery code, and every check a backup must pass before anyone relies on it.

A backup counts as good only when every chunk decrypts, the database inside opens with the
key and passes SQLite's integrity check, its row counts equal the header's, and the key file
inside carries a valid MAC for the same practice. The payload is unpacked into a staging
folder the caller owns; what lands there is still the SQLCipher-encrypted database and the
keystore, never anything in clear. Cancelling (through `progress`) stops between chunks; the
caller's staging folder is the caller's to remove, as after any other failure.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from practicedesk.backup import chunks, header, snapshot
from practicedesk.backup.header import BackupHeader
from practicedesk.errors import (
    DamagedBackup,
    DamagedKeystore,
    NewerBackup,
    WrongBackupPassword,
    WrongBackupRecoveryCode,
    WrongPassword,
)
from practicedesk.progress import NO_PROGRESS, Progress
from practicedesk.security.keystore import FILE_NAME as KEYSTORE_FILE
from practicedesk.security.keystore import Keystore
from practicedesk.store import schema
from practicedesk.store.data_folder import DB_FILE


@dataclass(frozen=True, slots=True)
class OwnerPassword:
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class RecoveryCode:
    code: str


@dataclass(frozen=True, slots=True)
class MasterKey:
    """The key itself, already unwrapped elsewhere: a PC joining sync opens the practice's
    snapshot with the key its user's password unwrapped from the shared key file."""

    key: bytes


Secret = OwnerPassword | RecoveryCode | MasterKey


@dataclass(frozen=True, slots=True)
class Unpacked:
    header: BackupHeader
    master_key: bytes
    keystore: Keystore
    database: Path  # the encrypted snapshot, in the staging folder


def read_header(path: Path) -> BackupHeader:
    """Practice, date and counts as the header states them, before any password: to show
    which backup this is. Only `verify` proves them."""
    found = header.read_file(path)
    _check_revision(path, found)
    return found


def master_key(found: BackupHeader, secret: Secret) -> bytes:
    if isinstance(secret, MasterKey):
        return secret.key
    try:
        if isinstance(secret, RecoveryCode):
            return found.keys.unwrap_recovery(secret.code)
        return found.keys.unwrap(secret.username, secret.password).master_key
    except WrongPassword:
        if isinstance(secret, RecoveryCode):
            raise WrongBackupRecoveryCode() from None
        raise WrongBackupPassword() from None


def verify(path: Path, secret: Secret, progress: Progress = NO_PROGRESS) -> BackupHeader:
    """Check every byte of the backup; the header it returns is proven."""
    key = master_key(read_header(path), secret)
    return verify_with_key(path, key, progress)


def verify_with_key(path: Path, key: bytes, progress: Progress = NO_PROGRESS) -> BackupHeader:
    with tempfile.TemporaryDirectory(prefix="practicedesk-verify-") as staging:
        return unpack(path, key, Path(staging), progress).header


def unpack(path: Path, key: bytes, staging: Path, progress: Progress = NO_PROGRESS) -> Unpacked:
    try:
        with path.open("rb") as handle:
            found, header_hash = header.read(handle, path)
            _check_revision(path, found)
            secret_key = chunks.backup_key(key, found.salt)
            database = staging / DB_FILE
            keystore_data = bytearray()
            written = 0
            with database.open("xb") as out:
                pieces = chunks.reported(
                    chunks.decrypt(handle, path, secret_key, header_hash, found.chunk_bytes),
                    found.keystore_bytes + found.database_bytes,
                    progress,
                    "Checking every part of the backup…",
                )
                for plain in pieces:
                    written += len(plain)
                    needed = found.keystore_bytes - len(keystore_data)
                    if needed > 0:
                        keystore_data += plain[:needed]
                        plain = plain[needed:]
                    out.write(plain)
    except OSError as exc:
        raise DamagedBackup(
            f"The backup {path} cannot be read ({exc.strerror or 'not allowed'})."
        ) from exc
    if written != found.keystore_bytes + found.database_bytes:
        raise header.damaged(path, "its contents are not the length its header gives")
    progress.report(0, 0, "Checking the database inside the backup…")
    return Unpacked(
        found, key, _keystore(path, found, key, staging, bytes(keystore_data)), database
    )


def _keystore(path: Path, found: BackupHeader, key: bytes, staging: Path, data: bytes) -> Keystore:
    stored = staging / KEYSTORE_FILE
    stored.write_bytes(data)
    try:
        keys = Keystore.load(stored)
        keys.check_mac(key)
    except DamagedKeystore:
        raise header.damaged(path, "the key file inside it fails its check") from None
    if keys.practice_id != found.practice_id:
        raise header.damaged(path, "the key file inside it belongs to another practice")
    _check_database(path, found, key, staging / DB_FILE)
    return keys


def _check_database(path: Path, found: BackupHeader, key: bytes, database: Path) -> None:
    import sqlcipher3.dbapi2 as sqlcipher

    try:
        with snapshot.keyed(database, key) as connection:
            problems = snapshot.problems(connection)
            facts = None if problems else snapshot.facts(connection)
    except sqlcipher.DatabaseError:
        raise header.damaged(path, "the database inside it does not open") from None
    if problems or facts is None:
        raise header.damaged(path, "the database inside it fails SQLite's integrity check")
    if facts.practice_id != found.practice_id:
        raise header.damaged(path, "the database inside it belongs to another practice")
    if facts.counts != found.counts:
        raise header.damaged(path, "the database inside it has other row counts than stated")


def _check_revision(path: Path, found: BackupHeader) -> None:
    if found.schema_revision not in schema.REVISIONS:
        raise NewerBackup(
            f"The backup {path.name} was made by a newer version of PracticeDesk "
            f"({found.program_version}). Install the newest PracticeDesk to restore it."
        )
