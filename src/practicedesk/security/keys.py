"""The master key and the keys derived from it for each purpose.

One random 256-bit master key opens the database. Everything else that needs a key (the
keystore's MAC, later the sync batches and backups) gets its own key derived with HKDF, so no
key is ever used for two purposes.
"""

from __future__ import annotations

import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MASTER_KEY_BYTES = 32


def new_master_key() -> bytes:
    return secrets.token_bytes(MASTER_KEY_BYTES)


def subkey(master_key: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"practicedesk {purpose} v1".encode(),
    ).derive(master_key)
