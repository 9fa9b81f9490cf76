"""Secrets kept among the practice's synced settings (the reminders' mail password), sealed
so that they are never in clear in the database, a backup, a sync batch or a log.

The key is derived (HKDF) from the practice's master key, as the sync key is, with a label of
its own: every PC of the practice can open what another sealed, and nothing else can. The
setting's name is the associated data, so a sealed value copied under another name fails to
open instead of passing for it.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_NONCE_BYTES = 12
_PREFIX = "v1:"


class SealBroken(ValueError):
    """A sealed value that does not open under this practice's key: damaged, or not ours."""


def settings_key(master_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"practicedesk settings v1"
    ).derive(master_key)


def seal(key: bytes, secret: str, name: str) -> str:
    """`secret` sealed for the setting `name`, as text fit for JSON; "" stays ""."""
    if not secret:
        return ""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, secret.encode("utf-8"), name.encode("utf-8"))
    return _PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(key: bytes, sealed: str, name: str) -> str:
    if not sealed:
        return ""
    if not sealed.startswith(_PREFIX):
        raise SealBroken(name)
    try:
        raw = base64.b64decode(sealed[len(_PREFIX) :], validate=True)
        plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], name.encode())
    except (ValueError, InvalidTag):
        raise SealBroken(name) from None
    return plain.decode("utf-8")
