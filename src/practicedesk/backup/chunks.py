"""The payload in authenticated chunks: AES-256-GCM under a key made for this one backup.

Each chunk is framed as its ciphertext length (4 bytes), a random nonce (12 bytes) and the
ciphertext with its tag. Its associated data is the header's hash, its index and whether it
is the last: so a changed chunk, a chunk moved elsewhere, a missing chunk, a file cut short
or extended, and a changed header all fail authentication. The backup key comes from the
master key through HKDF with a salt from the header, so no two backups share a key.
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from practicedesk.backup.header import damaged
from practicedesk.progress import Progress, stop_if_cancelled

CHUNK_BYTES = 1024 * 1024
_FRAME = struct.Struct(">I")
_AAD = struct.Struct(">QB")
_NONCE_BYTES = 12
_TAG_BYTES = 16


def backup_key(master_key: bytes, salt: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"practicedesk backup v1"
    ).derive(master_key)


def _aad(header_hash: bytes, index: int, last: bool) -> bytes:
    return header_hash + _AAD.pack(index, 1 if last else 0)


def encrypt(key: bytes, header_hash: bytes, pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Frames for `pieces` (each at most a chunk long, none empty); the last one is marked,
    which is why each piece is held back until the next is known."""
    cipher = AESGCM(key)
    index = 0
    held: bytes | None = None
    for piece in pieces:
        if held is not None:
            yield _frame(cipher, header_hash, index, held, last=False)
            index += 1
        held = piece
    if held is None:
        raise ValueError("a backup payload cannot be empty")
    yield _frame(cipher, header_hash, index, held, last=True)


def _frame(cipher: AESGCM, header_hash: bytes, index: int, plain: bytes, *, last: bool) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = cipher.encrypt(nonce, plain, _aad(header_hash, index, last))
    return _FRAME.pack(len(sealed)) + nonce + sealed


def decrypt(
    handle: BinaryIO, path: Path, key: bytes, header_hash: bytes, chunk_bytes: int
) -> Iterator[bytes]:
    """Each chunk's plaintext in order, or `DamagedBackup` at the first one that fails."""
    cipher = AESGCM(key)
    index = 0
    frame = _read_frame(handle, path, chunk_bytes)
    if frame is None:
        raise damaged(path, "it holds no data")
    while frame is not None:
        following = _read_frame(handle, path, chunk_bytes)
        nonce, sealed = frame
        try:
            yield cipher.decrypt(nonce, sealed, _aad(header_hash, index, following is None))
        except InvalidTag:
            raise damaged(path, f"piece {index + 1} fails its check") from None
        frame = following
        index += 1


def _read_frame(handle: BinaryIO, path: Path, chunk_bytes: int) -> tuple[bytes, bytes] | None:
    prefix = handle.read(_FRAME.size)
    if not prefix:
        return None
    if len(prefix) < _FRAME.size:
        raise damaged(path, "it is cut short")
    (length,) = _FRAME.unpack(prefix)
    if not _TAG_BYTES < length <= chunk_bytes + _TAG_BYTES:
        raise damaged(path, "a piece has an impossible length")
    nonce = handle.read(_NONCE_BYTES)
    sealed = handle.read(length)
    if len(nonce) < _NONCE_BYTES or len(sealed) < length:
        raise damaged(path, "it is cut short")
    return nonce, sealed


def reported(pieces: Iterable[bytes], total: int, progress: Progress, text: str) -> Iterator[bytes]:
    """`pieces` as they come, each one counted towards `total` bytes; the work stops before a
    piece when the person cancelled, so whoever consumes the pieces can undo what it began."""
    done = 0
    progress.report(done, total, text)
    for piece in pieces:
        stop_if_cancelled(progress)
        yield piece
        done += len(piece)
        progress.report(done, total, text)
