"""The keystore file: the master key wrapped once per user and once by the recovery code.

It sits beside the database as JSON and holds no secret in clear: each user's slot is the
master key encrypted (AES-256-GCM) under a key derived from that user's password (Argon2id,
parameters stored in the slot), and the slots are found by a salted hash of the user name, so
the file names no one. A wrong password is an AEAD failure; there is no password hash to
attack offline other than by running Argon2id.

After unwrapping, the whole file is checked against a MAC under a key derived from the master
key, and its version counter is compared (by services/) with the copy kept inside the
database: an edited keystore or an older copy put back are both refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from practicedesk.atomic import write_atomically
from practicedesk.errors import DamagedKeystore, WrongPassword
from practicedesk.security import kdf
from practicedesk.security.kdf import KdfParams
from practicedesk.security.keys import subkey
from practicedesk.security.passwords import normalize_password
from practicedesk.security.recovery import normalize_recovery_code

FILE_NAME = "keystore.json"
_FORMAT = "practicedesk-keystore"
_FORMAT_VERSION = 1
_MAX_FILE_BYTES = 1_000_000
_NONCE_BYTES = 12


def normalize_username(username: str) -> str:
    return unicodedata.normalize("NFKC", username).strip().casefold()


@dataclass(frozen=True, slots=True)
class WrappedKey:
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    ciphertext: bytes

    @classmethod
    def wrap(cls, master_key: bytes, secret: bytes, params: KdfParams, aad: bytes) -> WrappedKey:
        salt = secrets.token_bytes(kdf.SALT_BYTES)
        nonce = secrets.token_bytes(_NONCE_BYTES)
        wrapping_key = kdf.derive(secret, salt, params)
        return cls(params, salt, nonce, AESGCM(wrapping_key).encrypt(nonce, master_key, aad))

    def unwrap(self, secret: bytes, aad: bytes) -> bytes:
        """The master key, or `WrongPassword` if the secret (or the slot) is not right."""
        wrapping_key = kdf.derive(secret, self.salt, self.kdf)
        try:
            return AESGCM(wrapping_key).decrypt(self.nonce, self.ciphertext, aad)
        except InvalidTag:
            raise WrongPassword() from None

    def to_json(self) -> dict[str, Any]:
        return {
            "kdf": self.kdf.to_json(),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_json(cls, data: Any) -> WrappedKey:
        salt, nonce = _unb64(data["salt"]), _unb64(data["nonce"])
        # Argon2id and AES-GCM raise ValueError on short salts and nonces at unlock time:
        # refuse them here, while reading the file, like any other damage.
        if len(salt) != kdf.SALT_BYTES or len(nonce) != _NONCE_BYTES:
            raise ValueError("a wrapped key has a salt or nonce of the wrong length")
        return cls(KdfParams.from_json(data["kdf"]), salt, nonce, _unb64(data["ciphertext"]))


@dataclass(frozen=True, slots=True)
class UserSlot:
    user_id: str
    wrapped: WrappedKey | None  # None: the account is turned off and cannot open anything
    must_change_password: bool = False


@dataclass(frozen=True, slots=True)
class Unlocked:
    user_id: str
    master_key: bytes
    must_change_password: bool


@dataclass
class Keystore:
    practice_id: str
    version: int
    kdf: KdfParams  # used for every new wrap
    recovery: WrappedKey
    users: dict[str, UserSlot] = field(default_factory=dict)
    mac: str = ""
    # The database file's SQLCipher salt (its first 16 bytes), so that a database that will
    # not open can be told apart from one that belongs to another key file.
    database_salt: str = ""

    # -- creating ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls, practice_id: str, master_key: bytes, recovery_code: str, params: KdfParams
    ) -> Keystore:
        recovery = WrappedKey.wrap(
            master_key,
            normalize_recovery_code(recovery_code).encode("ascii"),
            params,
            _recovery_aad(practice_id),
        )
        return cls(practice_id, 0, params, recovery)

    def lookup(self, username: str) -> str:
        """The slot name for a user: a salted hash, so the file never names anyone."""
        text = f"{self.practice_id}\n{normalize_username(username)}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def set_password(
        self,
        master_key: bytes,
        user_id: str,
        username: str,
        password: str,
        *,
        must_change: bool = False,
    ) -> None:
        wrapped = WrappedKey.wrap(
            master_key,
            normalize_password(password),
            self.kdf,
            _user_aad(self.practice_id, user_id),
        )
        self.users[self.lookup(username)] = UserSlot(user_id, wrapped, must_change)

    def disable(self, username: str) -> None:
        """Forget the user's wrapped key: their password no longer opens the practice."""
        slot = self._slot(username)
        self.users[self.lookup(username)] = replace(slot, wrapped=None)

    def is_enabled(self, username: str) -> bool:
        slot = self.users.get(self.lookup(username))
        return bool(slot and slot.wrapped)

    def slot_for(self, username: str) -> UserSlot | None:
        return self.users.get(self.lookup(username))

    def _slot(self, username: str) -> UserSlot:
        slot = self.users.get(self.lookup(username))
        if slot is None:
            raise KeyError(username)
        return slot

    # -- unlocking --------------------------------------------------------------------------

    def unlock(self, username: str, password: str) -> Unlocked:
        unlocked = self.unwrap(username, password)
        self.check_mac(unlocked.master_key)
        return unlocked

    def unlock_with_recovery_code(self, code: str) -> bytes:
        master_key = self.unwrap_recovery(code)
        self.check_mac(master_key)
        return master_key

    def unwrap(self, username: str, password: str) -> Unlocked:
        """`unlock` without the file's MAC: for slots copied into a container that is
        authenticated its own way (a backup's header), where this file's MAC does not apply."""
        slot = self.users.get(self.lookup(username))
        secret = normalize_password(password)
        if slot is None or slot.wrapped is None:
            # Spend the same time as a real attempt so timing does not reveal the name.
            kdf.derive(secret, secrets.token_bytes(kdf.SALT_BYTES), self.kdf)
            raise WrongPassword()
        master_key = slot.wrapped.unwrap(secret, _user_aad(self.practice_id, slot.user_id))
        return Unlocked(slot.user_id, master_key, slot.must_change_password)

    def unwrap_recovery(self, code: str) -> bytes:
        """`unlock_with_recovery_code` without the file's MAC, for the same reason as `unwrap`."""
        secret = normalize_recovery_code(code).encode("ascii")
        return self.recovery.unwrap(secret, _recovery_aad(self.practice_id))

    def check_mac(self, master_key: bytes) -> None:
        expected = self._compute_mac(master_key)
        if not hmac.compare_digest(expected, self.mac):
            raise DamagedKeystore(
                "The key file (keystore.json) was changed outside PracticeDesk, so it cannot "
                "be trusted. Put back the keystore.json from your most recent backup."
            )

    # -- the file ---------------------------------------------------------------------------

    def _body(self) -> dict[str, Any]:
        return {
            "format": _FORMAT,
            "format_version": _FORMAT_VERSION,
            "practice_id": self.practice_id,
            "version": self.version,
            "database_salt": self.database_salt,
            "kdf": self.kdf.to_json(),
            "recovery": self.recovery.to_json(),
            "users": {lookup: slot_to_json(slot) for lookup, slot in sorted(self.users.items())},
        }

    def _compute_mac(self, master_key: bytes) -> str:
        canonical = json.dumps(self._body(), sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(subkey(master_key, "keystore mac"), canonical, hashlib.sha256).hexdigest()

    def save(self, path: Path, master_key: bytes) -> None:
        """Write the next version of the file; the caller records `version` in the database."""
        self.version += 1
        self.mac = self._compute_mac(master_key)
        data = {**self._body(), "mac": self.mac}
        write_atomically(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> Keystore:
        try:
            if path.stat().st_size > _MAX_FILE_BYTES:
                raise _Unreadable("the file is far too large")
            data = json.loads(path.read_bytes().decode("utf-8"))
            if data.get("format") != _FORMAT:
                raise _Unreadable("it is not a PracticeDesk key file")
            if data.get("format_version") != _FORMAT_VERSION:
                raise _Unreadable("it was written by a different version of PracticeDesk")
            users = {str(lookup): slot_from_json(slot) for lookup, slot in data["users"].items()}
            return cls(
                practice_id=str(data["practice_id"]),
                version=int(data["version"]),
                kdf=KdfParams.from_json(data["kdf"]),
                recovery=WrappedKey.from_json(data["recovery"]),
                users=users,
                mac=str(data["mac"]),
                database_salt=str(data.get("database_salt", "")),
            )
        except FileNotFoundError:
            raise
        except (
            DamagedKeystore,
            OSError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            RecursionError,  # json's answer to deeply nested brackets
        ) as exc:
            raise DamagedKeystore(
                f"The key file {path} cannot be read ({_reason(exc)}). Without it nobody can "
                "sign in: put back keystore.json from your most recent backup."
            ) from exc


def slot_to_json(slot: UserSlot) -> dict[str, Any]:
    return {
        "user_id": slot.user_id,
        "wrapped": slot.wrapped.to_json() if slot.wrapped else None,
        "must_change_password": slot.must_change_password,
    }


def slot_from_json(data: Any) -> UserSlot:
    """A slot as keystore.json (or a synced copy of it) holds it; raises on anything else."""
    return UserSlot(
        str(data["user_id"]),
        WrappedKey.from_json(data["wrapped"]) if data["wrapped"] else None,
        bool(data.get("must_change_password", False)),
    )


def _user_aad(practice_id: str, user_id: str) -> bytes:
    return f"{_FORMAT}|{practice_id}|user|{user_id}".encode()


def _recovery_aad(practice_id: str) -> bytes:
    return f"{_FORMAT}|{practice_id}|recovery".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("expected text")
    return base64.b64decode(text.encode("ascii"), validate=True)


class _Unreadable(ValueError):
    """A reason worth showing to the user, as opposed to a parser's internal complaint."""


def _reason(exc: Exception) -> str:
    if isinstance(exc, _Unreadable):
        return str(exc)
    if isinstance(exc, DamagedKeystore):
        return "its key settings are outside the safe range or unreadable"
    if isinstance(exc, UnicodeDecodeError | json.JSONDecodeError):
        return "it is not readable text"
    return "parts of it are missing or damaged"
