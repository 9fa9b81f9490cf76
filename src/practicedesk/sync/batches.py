"""Batch files: one PC's changes, sealed for the shared folder.

A batch is `<device>/<seq:08d>.pdbatch`. It starts with a plain header (format version,
practice id, device, number, first and last clock stamp, count: no patient data) and then
the changes as JSON lines, encrypted with AES-256-GCM under the sync key (HKDF from the
practice's master key). The associated data is the header plus the device and number the file
is *named* by, so a changed header, a changed byte, a file renamed, or one copied into another
PC's folder all fail to open. Everything read is size-limited before it is read, because any
program with access to the share can put anything there.

Writing goes through `atomic.write_atomically`: the file appears whole under its name or not
at all, and the temporary name it is written under is one readers ignore. Applying batches to
the database is not here (services/), nor is choosing which batches to read (sync/folder.py).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from practicedesk.atomic import write_atomically
from practicedesk.domain.hlc import Stamp
from practicedesk.domain.merge import OPS, Change
from practicedesk.errors import (
    DamagedSyncFile,
    ForeignSyncFile,
    NewerSyncFile,
    SyncFileRejected,
)

MAGIC = b"PDBATCH\n"
FORMAT_VERSION = 1
SUFFIX = ".pdbatch"
# Names are matched whatever their case: Windows shares and most NAS boxes ignore case, and a
# copy made with another tool may have changed it. A PC's id is lowercase, so no two PCs'
# folders can be one folder on such a share.
BATCH_NAME = re.compile(r"(\d{8})\.pdbatch", re.IGNORECASE)
DEVICE_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")
DEVICE_ID = re.compile(r"[a-z0-9_-]{1,40}")
MAX_BATCH_BYTES = 64 * 1024 * 1024
MAX_CHANGES = 100_000
_MAX_HEADER_BYTES = 16 * 1024
_MAX_FIELDS = 500
_PREAMBLE = struct.Struct(">8sHI")  # magic, format version, header length
_NONCE_BYTES = 12
_TAG_BYTES = 16


@dataclass(frozen=True, slots=True)
class Batch:
    practice_id: str
    device: str
    seq: int
    first: Stamp
    last: Stamp
    changes: tuple[Change, ...]


def sync_key(master_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"practicedesk sync v1"
    ).derive(master_key)


def batch_path(share: Path, device: str, seq: int) -> Path:
    if not DEVICE_ID.fullmatch(device) or not 0 < seq < 10**8:
        raise ValueError("a batch needs a lowercase device id and a number from 1 to 99,999,999")
    return share / device / f"{seq:08d}{SUFFIX}"


def write_batch(
    share: Path,
    practice_id: str,
    key: bytes,
    device: str,
    seq: int,
    changes: Sequence[Change],
    relays: str = "",
) -> Path:
    """Seal `changes` (this PC's own, in order) as batch `seq`; a number is never reused,
    because another PC may already have applied what was first written under it.

    `relays` names the one other device whose changes the batch may also carry: a copy
    restored from a backup has a device id of its own, and sends what its old self made
    but never sent. The header says so, and a reader refuses any other PC's change."""
    path = batch_path(share, device, seq)
    if not changes or len(changes) > MAX_CHANGES:
        raise ValueError(f"a batch holds 1 to {MAX_CHANGES} changes")
    if relays and not DEVICE_ID.fullmatch(relays):
        raise ValueError("a batch relays a plain device id")
    if any(change.device not in (device, relays or device) for change in changes):
        raise ValueError("a PC writes only its own changes")
    stamps = [change.stamp for change in changes]
    header: dict[str, Any] = {
        "format": "practicedesk-batch",
        "practice_id": practice_id,
        "device": device,
        "seq": seq,
        "first": min(stamps).encode(),
        "last": max(stamps).encode(),
        "count": len(changes),
    }
    if relays:
        header["relays"] = relays
    header_bytes = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    start = _PREAMBLE.pack(MAGIC, FORMAT_VERSION, len(header_bytes)) + header_bytes
    body = b"".join(_change_line(change) for change in changes)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, body, _aad(start, device, seq))
    if len(start) + len(nonce) + len(sealed) > MAX_BATCH_BYTES:
        raise ValueError("the changes are too many for one batch; write them as several")
    # Never `parents=True`: a share that vanished must fail here, not be made again locally.
    path.parent.mkdir(exist_ok=True)
    if path.exists():
        raise FileExistsError(f"batch {path.name} of this PC is already in the shared folder")
    write_atomically(path, start + nonce + sealed)
    return path


def read_batch(path: Path, practice_id: str, key: bytes) -> Batch:
    """The batch at `path`, or a `SyncFileRejected` naming it for the caller to report."""
    name = f"{path.parent.name}/{path.name}"
    device, matched = path.parent.name, BATCH_NAME.fullmatch(path.name)
    if matched is None or not DEVICE_NAME.fullmatch(device):
        raise DamagedSyncFile(name, "is not named like a PracticeDesk batch")
    seq = int(matched.group(1))
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_BATCH_BYTES:
                raise DamagedSyncFile(name, "is larger than any batch can be")
            return _read(handle, name, practice_id, key, device, seq)
    except OSError as exc:
        raise SyncFileRejected(name, f"cannot be read ({exc.strerror or 'not allowed'})") from exc


def _read(
    handle: BinaryIO, name: str, practice_id: str, key: bytes, device: str, seq: int
) -> Batch:
    # Bounded reads throughout: a huge or endless file is refused, never loaded.
    preamble = handle.read(_PREAMBLE.size)
    if len(preamble) < _PREAMBLE.size or not preamble.startswith(MAGIC):
        raise DamagedSyncFile(name, "is not a PracticeDesk batch")
    _, version, length = _PREAMBLE.unpack(preamble)
    if version > FORMAT_VERSION:
        raise NewerSyncFile(name, "was written by a newer PracticeDesk; update this PC")
    if version != FORMAT_VERSION or length > _MAX_HEADER_BYTES:
        raise DamagedSyncFile(name, "is damaged (its first bytes)")
    header_bytes = handle.read(length)
    if len(header_bytes) < length:
        raise DamagedSyncFile(name, "is cut short")
    header = _header(header_bytes, name)
    if header["practice_id"] != practice_id:
        raise ForeignSyncFile(name, "belongs to another practice")
    if (header["device"].lower(), header["seq"]) != (device.lower(), seq):
        raise DamagedSyncFile(name, "was renamed or moved from another PC's folder")
    device = header["device"]  # as sealed: the folder's name may have changed case
    rest = handle.read(MAX_BATCH_BYTES + 1)
    if len(preamble) + len(header_bytes) + len(rest) > MAX_BATCH_BYTES:
        raise DamagedSyncFile(name, "is larger than any batch can be")
    if len(rest) < _NONCE_BYTES + _TAG_BYTES:
        raise DamagedSyncFile(name, "is cut short")
    nonce, sealed = rest[:_NONCE_BYTES], rest[_NONCE_BYTES:]
    try:
        body = AESGCM(key).decrypt(nonce, sealed, _aad(preamble + header_bytes, device, seq))
    except InvalidTag:
        raise DamagedSyncFile(name, "fails its check: it is damaged or was changed") from None
    try:
        senders = {device, header.get("relays") or device}
        changes = tuple(_change(json.loads(line), senders) for line in body.splitlines())
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise DamagedSyncFile(name, "holds changes that cannot be read") from exc
    stamps = [change.stamp for change in changes]
    if (
        len(changes) != header["count"]
        or min(stamps).encode() != header["first"]
        or max(stamps).encode() != header["last"]
    ):
        raise DamagedSyncFile(name, "does not hold what its header says")
    return Batch(
        practice_id,
        device,
        seq,
        Stamp.decode(header["first"]),
        Stamp.decode(header["last"]),
        changes,
    )


def _aad(start: bytes, device: str, seq: int) -> bytes:
    return start + b"\0" + device.encode("ascii") + b"\0" + seq.to_bytes(8, "big")


def _header(header_bytes: bytes, name: str) -> dict[str, Any]:
    try:
        header = json.loads(header_bytes.decode("utf-8"))
        if not (
            isinstance(header, dict)
            and header.get("format") == "practicedesk-batch"
            and isinstance(header.get("practice_id"), str)
            and isinstance(header.get("device"), str)
            and type(header.get("seq")) is int
            and type(header.get("count")) is int
            and 0 < header["count"] <= MAX_CHANGES
            and (
                "relays" not in header
                or (isinstance(header["relays"], str) and DEVICE_NAME.fullmatch(header["relays"]))
            )
        ):
            raise ValueError("not a batch header")
        Stamp.decode(header["first"])
        Stamp.decode(header["last"])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise DamagedSyncFile(name, "has a header that cannot be read") from exc
    return header


def _change_line(change: Change) -> bytes:
    record = {
        "table": change.table,
        "row": change.row_id,
        "op": change.op,
        "fields": dict(change.fields),
        "stamp": change.stamp.encode(),
        "base": {name: [s.encode() for s in stamps] for name, stamps in change.base.items()},
    }
    if change.by:
        record["by"] = change.by
    return json.dumps(record, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"


def _change(record: Mapping[str, Any], senders: set[str]) -> Change:
    """A change as read, held to the shapes a PracticeDesk writes."""
    table, row, op, fields, base = (record[k] for k in ("table", "row", "op", "fields", "base"))
    stamp = Stamp.decode(record["stamp"])
    if not (
        isinstance(table, str)
        and 0 < len(table) <= 60
        and isinstance(row, str)
        and 0 < len(row) <= 64
        and op in OPS
        and isinstance(fields, dict)
        and isinstance(base, dict)
        and len(fields) <= _MAX_FIELDS
        and len(base) <= _MAX_FIELDS
        and all(isinstance(stamps, list) for stamps in base.values())
    ):
        raise ValueError("not a change")
    if stamp.device not in senders:
        raise ValueError("a change in another PC's batch")
    by = record.get("by", "")
    if not (isinstance(by, str) and len(by) <= 40):
        raise ValueError("not a change")
    return Change(
        table,
        row,
        op,
        fields,
        stamp,
        {k: tuple(Stamp.decode(s) for s in stamps) for k, stamps in base.items()},
        by,
    )
