"""The login-attempts file: failures per user-name hash, kept across restarts.

Failed logins happen before the database can be opened, so they are noted here and moved
into the audit log at the next successful login. The file holds only hashes and times. It is
not authenticated: someone able to edit it could reset their own delays, but the Argon2id cost
of every guess remains. A damaged file is started afresh (and that is audited) rather than
blocking the front desk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from practicedesk.atomic import write_atomically
from practicedesk.security.throttle import LOCK_AFTER, Attempts

FILE_NAME = "login-attempts.json"
_FORMAT = "practicedesk-attempts"
_MAX_PENDING = 1000


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """Something to write into the audit log once someone is signed in."""

    lookup: str
    at: datetime
    event: str  # "failed_login", "account_locked", "attempts_file_reset"


class AttemptsFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, Attempts] = {}
        self._pending: list[PendingEvent] = []
        self._load()

    def get(self, lookup: str) -> Attempts:
        return self._entries.get(lookup, Attempts())

    def record_failure(self, lookup: str, at: datetime, *, lockable: bool = True) -> Attempts:
        """`lockable=False` for the recovery code, which is delayed but never locked: the
        audit log must not say an account was locked when nothing was."""
        attempts = self.get(lookup).failed(at)
        self._entries[lookup] = attempts
        self._pending.append(PendingEvent(lookup, at, "failed_login"))
        if lockable and attempts.failures == LOCK_AFTER:
            self._pending.append(PendingEvent(lookup, at, "account_locked"))
        self._save()
        return attempts

    def clear(self, lookup: str) -> None:
        if self._entries.pop(lookup, None) is not None:
            self._save()

    def take_pending(self) -> list[PendingEvent]:
        pending, self._pending = self._pending, []
        self._save()
        return pending

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                raise ValueError("not an attempts file")
            self._entries = {
                str(lookup): Attempts(int(item["failures"]), _time(item["last_failure"]))
                for lookup, item in data["entries"].items()
            }
            self._pending = [
                PendingEvent(str(item["lookup"]), _required_time(item["at"]), str(item["event"]))
                for item in data["pending"][-_MAX_PENDING:]
            ]
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            # RecursionError: json's answer to deeply nested brackets.
            self._entries = {}
            self._pending = [PendingEvent("", datetime.now(UTC), "attempts_file_reset")]

    def _save(self) -> None:
        data: dict[str, Any] = {
            "format": _FORMAT,
            "entries": {
                lookup: {
                    "failures": attempts.failures,
                    "last_failure": attempts.last_failure.isoformat()
                    if attempts.last_failure
                    else None,
                }
                for lookup, attempts in self._entries.items()
            },
            "pending": [
                {"lookup": item.lookup, "at": item.at.isoformat(), "event": item.event}
                for item in self._pending[-_MAX_PENDING:]
            ],
        }
        write_atomically(self.path, json.dumps(data, indent=1).encode("utf-8"))


def _time(text: Any) -> datetime | None:
    if text is None:
        return None
    parsed = datetime.fromisoformat(str(text))
    if parsed.tzinfo is None:
        raise ValueError("times must carry a zone")
    return parsed


def _required_time(text: Any) -> datetime:
    parsed = _time(text)
    if parsed is None:
        raise ValueError("an event needs a time")
    return parsed
