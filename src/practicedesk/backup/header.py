"""The backup's header: what can be read without a password, and the keys that open the rest.

The header is JSON between a binary preamble and its own SHA-256. The checksum only catches
accidental damage (anyone can recompute it); what makes the header trustworthy is that its
hash is bound into every encrypted chunk, so a changed header fails as soon as the first
chunk is opened with the key. Until then, a program may show the header's practice, date and
counts, but must say they are unverified.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from practicedesk.errors import DamagedBackup, NewerBackup
from practicedesk.security.kdf import KdfParams
from practicedesk.security.keystore import Keystore, UserSlot, WrappedKey

MAGIC = b"PDBACKUP"
FORMAT_VERSION = 1
SUFFIX = ".pdbackup"
_PREAMBLE = struct.Struct(">8sHI")  # magic, format version, header length
_MAX_HEADER_BYTES = 1_000_000
_HASH_BYTES = 32
SALT_BYTES = 32


@dataclass(frozen=True, slots=True)
class BackupHeader:
    practice_id: str
    practice_name: str
    created_at: datetime  # UTC
    program_version: str
    schema_revision: str
    counts: dict[str, int]  # rows per table in the snapshot
    keys: Keystore  # the owners' slots and the recovery wrap only; it carries no MAC
    salt: bytes  # for the backup key, derived from the master key with HKDF
    chunk_bytes: int
    keystore_bytes: int
    database_bytes: int

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "practicedesk-backup",
            "practice_id": self.practice_id,
            "practice_name": self.practice_name,
            "created_at": self.created_at.isoformat(),
            "program_version": self.program_version,
            "schema_revision": self.schema_revision,
            "counts": dict(sorted(self.counts.items())),
            "keys": {
                "kdf": self.keys.kdf.to_json(),
                "recovery": self.keys.recovery.to_json(),
                "owners": {
                    lookup: {"user_id": slot.user_id, "wrapped": slot.wrapped.to_json()}
                    for lookup, slot in sorted(self.keys.users.items())
                    if slot.wrapped is not None
                },
            },
            "cipher": {
                "algorithm": "AES-256-GCM",
                "key": "HKDF-SHA256",
                "salt": base64.b64encode(self.salt).decode("ascii"),
                "chunk_bytes": self.chunk_bytes,
            },
            "payload": {
                "keystore_bytes": self.keystore_bytes,
                "database_bytes": self.database_bytes,
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> BackupHeader:
        keys = data["keys"]
        practice_id = str(uuid.UUID(data["practice_id"]))
        owners = {
            str(lookup): UserSlot(str(slot["user_id"]), WrappedKey.from_json(slot["wrapped"]))
            for lookup, slot in keys["owners"].items()
        }
        store = Keystore(
            practice_id,
            0,
            KdfParams.from_json(keys["kdf"]),
            WrappedKey.from_json(keys["recovery"]),
            owners,
        )
        cipher, payload = data["cipher"], data["payload"]
        created_at = datetime.fromisoformat(data["created_at"])
        if created_at.tzinfo is None:
            raise ValueError("the time has no zone")
        header = cls(
            practice_id=practice_id,
            practice_name=str(data["practice_name"]),
            created_at=created_at,
            program_version=str(data["program_version"]),
            schema_revision=str(data["schema_revision"]),
            counts={str(table): int(count) for table, count in data["counts"].items()},
            keys=store,
            salt=base64.b64decode(cipher["salt"], validate=True),
            chunk_bytes=int(cipher["chunk_bytes"]),
            keystore_bytes=int(payload["keystore_bytes"]),
            database_bytes=int(payload["database_bytes"]),
        )
        if (
            cipher["algorithm"] != "AES-256-GCM"
            or len(header.salt) != SALT_BYTES
            or not 1024 <= header.chunk_bytes <= 64 * 1024 * 1024
            or header.keystore_bytes < 1
            or header.database_bytes < 1
        ):
            raise ValueError("the cipher settings are not this format's")
        return header


def encode(header: BackupHeader) -> tuple[bytes, bytes]:
    """The bytes that start the file, and the hash every chunk is bound to."""
    body = json.dumps(header.to_json(), sort_keys=True, separators=(",", ":")).encode("utf-8")
    start = _PREAMBLE.pack(MAGIC, FORMAT_VERSION, len(body)) + body
    digest = hashlib.sha256(start).digest()
    return start + digest, digest


def read(handle: BinaryIO, path: Path) -> tuple[BackupHeader, bytes]:
    """The header and its hash; the handle is left at the first chunk."""
    preamble = handle.read(_PREAMBLE.size)
    if len(preamble) < _PREAMBLE.size or not preamble.startswith(MAGIC):
        raise DamagedBackup(f"{path.name} is not a PracticeDesk backup.")
    # The preamble's layout is the same in every format version, so the checksum is tested
    # first: a damaged version number must read as damage, not as a newer program's file.
    _, version, length = _PREAMBLE.unpack(preamble)
    if length > _MAX_HEADER_BYTES:
        raise damaged(path, "its first bytes are damaged")
    body = handle.read(length)
    digest = handle.read(_HASH_BYTES)
    if len(body) < length or len(digest) < _HASH_BYTES:
        raise damaged(path, "it is cut short")
    if hashlib.sha256(preamble + body).digest() != digest:
        raise damaged(path, "its header was changed")
    if version > FORMAT_VERSION:
        raise NewerBackup(
            f"{path.name} was made by a newer version of PracticeDesk. Install the newest "
            "PracticeDesk to open it."
        )
    if version != FORMAT_VERSION:
        raise damaged(path, "its format number is unknown")
    try:
        data = json.loads(body.decode("utf-8"))
        if data.get("format") != "practicedesk-backup":
            raise ValueError("not a backup header")
        return BackupHeader.from_json(data), digest
    except Exception as exc:
        # A checksummed header that still does not parse was written by something else.
        raise damaged(path, "its header cannot be read") from exc


def read_file(path: Path) -> BackupHeader:
    try:
        with path.open("rb") as handle:
            return read(handle, path)[0]
    except OSError as exc:
        raise DamagedBackup(
            f"The backup {path} cannot be read ({exc.strerror or 'not allowed'})."
        ) from exc


def damaged(path: Path, reason: str) -> DamagedBackup:
    return DamagedBackup(
        f"The backup {path.name} is damaged or was changed ({reason}); it cannot be used. "
        "Use another backup."
    )
