"""How long a login must wait after failures, and when an account locks.

The state is kept per user-name hash in a small file beside the keystore, so delays survive
a restart; unknown user names are counted the same way, so the answers never reveal whether
a name exists. A few honest typos cost nothing; after that each failure doubles the wait, and
after `LOCK_AFTER` failures only the owner or the recovery code opens the account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FREE_ATTEMPTS = 3
LOCK_AFTER = 10
MAX_DELAY_SECONDS = 300


@dataclass(frozen=True, slots=True)
class Attempts:
    failures: int = 0
    last_failure: datetime | None = None

    @property
    def locked(self) -> bool:
        return self.failures >= LOCK_AFTER

    def failed(self, at: datetime) -> Attempts:
        return Attempts(self.failures + 1, at)


def delay_after(failures: int) -> int:
    """Seconds to wait after the given number of consecutive failures."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS)


def seconds_to_wait(attempts: Attempts, now: datetime) -> int:
    if attempts.last_failure is None:
        return 0
    ready = attempts.last_failure + timedelta(seconds=delay_after(attempts.failures))
    remaining = (ready - now).total_seconds()
    # A clock set back must not turn a short wait into a long one.
    return max(0, min(int(remaining + 0.999), delay_after(attempts.failures)))
