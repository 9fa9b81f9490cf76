"""Access to the keystore with the login rules around it: delays, locks, and key changes.

Every password check in the program (login, screen unlock, changing one's own password)
goes through `KeyAccess.unlock`, so the throttling cannot be skipped by any door.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import (
    AccountLocked,
    DamagedKeystore,
    LoginDelayed,
    WrongPassword,
    WrongRecoveryCode,
)
from practicedesk.security import attempts, keystore
from practicedesk.security.attempts import AttemptsFile, PendingEvent
from practicedesk.security.keystore import Keystore, Unlocked, slot_to_json
from practicedesk.security.throttle import seconds_to_wait
from practicedesk.store.data_folder import DataFolder
from practicedesk.store.database import get_meta, set_meta
from practicedesk.store.models import KeySlot

RECOVERY_LOOKUP = "recovery-code"
_VERSION_KEY = "keystore_version"


class KeyAccess:
    def __init__(self, folder: DataFolder) -> None:
        self.path = folder.file(keystore.FILE_NAME)
        self.keystore = load_keystore(folder)
        self.attempts = AttemptsFile(folder.file(attempts.FILE_NAME))
        self._lock = threading.RLock()

    def unlock(self, username: str, password: str, now: datetime | None = None) -> Unlocked:
        with self._lock:
            lookup = self.keystore.lookup(username)
            self._check_throttle(lookup, now)
            try:
                unlocked = self.keystore.unlock(username, password)
            except WrongPassword:
                self._failed(lookup, now)
                raise
            self.attempts.clear(lookup)
            return unlocked

    def unlock_with_recovery_code(self, code: str, now: datetime | None = None) -> bytes:
        with self._lock:
            self._check_throttle(RECOVERY_LOOKUP, now)
            try:
                master_key = self.keystore.unlock_with_recovery_code(code)
            except WrongPassword:
                self._failed(RECOVERY_LOOKUP, now)
                raise WrongRecoveryCode() from None
            self.attempts.clear(RECOVERY_LOOKUP)
            return master_key

    def is_locked_out(self, username: str) -> bool:
        return self.attempts.get(self.keystore.lookup(username)).locked

    def clear_lockout(self, username: str) -> None:
        with self._lock:
            self.attempts.clear(self.keystore.lookup(username))

    def take_pending_events(self) -> list[PendingEvent]:
        with self._lock:
            return self.attempts.take_pending()

    def save(self, session: Session, master_key: bytes) -> None:
        """Write the keystore, then record its version in the open transaction.

        In this order a crash between the two leaves the keystore ahead of the database,
        which is accepted at the next login; the other order would look like a rollback.
        """
        with self._lock:
            try:
                self.keystore.save(self.path, master_key)
            except OSError:
                self.keystore = Keystore.load(self.path)  # forget the unsaved change
                raise
            set_meta(session, _VERSION_KEY, str(self.keystore.version))
            mirror_slots(session, self.keystore)

    def check_version(self, session: Session) -> None:
        """Refuse a keystore older than the one the database last saw (a rollback)."""
        recorded = int(get_meta(session, _VERSION_KEY) or 0)
        if self.keystore.version < recorded:
            raise DamagedKeystore(
                "The key file (keystore.json) is an older copy than the one this practice "
                "last used, so it may bring back removed accounts or old passwords. Put back "
                "the newest keystore.json, from your most recent backup."
            )
        if self.keystore.version > recorded:
            set_meta(session, _VERSION_KEY, str(self.keystore.version))

    def _check_throttle(self, lookup: str, now: datetime | None) -> None:
        state = self.attempts.get(lookup)
        if state.locked and lookup != RECOVERY_LOOKUP:
            raise AccountLocked()
        wait = seconds_to_wait(state, now or datetime.now(UTC))
        if wait:
            raise LoginDelayed(wait)

    def _failed(self, lookup: str, now: datetime | None) -> None:
        """Count a failure. The recovery code is delayed but never locked: nothing but the
        code itself could unlock it, and 160 random bits need no lock against guessing."""
        lockable = lookup != RECOVERY_LOOKUP
        after = self.attempts.record_failure(lookup, now or datetime.now(UTC), lockable=lockable)
        if after.locked and lockable:
            raise AccountLocked()


def load_keystore(folder: DataFolder) -> Keystore:
    path = folder.file(keystore.FILE_NAME)
    try:
        return Keystore.load(path)
    except FileNotFoundError:
        raise DamagedKeystore(
            f"The key file {path} is missing, so nobody can sign in. Put back keystore.json "
            "from your most recent backup into this folder."
        ) from None


def mirror_slots(session: Session, keys: Keystore) -> None:
    """Copy changed keystore slots into `key_slot` rows, which sync carries to the other PCs
    (the row id comes from the slot's name, so every PC writes one user's slot to one row)."""
    rows = {row.lookup: row for row in session.scalars(select(KeySlot))}
    for lookup, slot in keys.users.items():
        text = json.dumps(slot_to_json(slot), sort_keys=True)
        row = rows.get(lookup)
        if row is None:
            row_id = uuid.uuid5(uuid.NAMESPACE_URL, f"practicedesk:{keys.practice_id}:{lookup}")
            session.add(KeySlot(id=row_id, lookup=lookup, slot=text))
        elif row.slot != text:
            row.slot = text
