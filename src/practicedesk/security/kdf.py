"""Argon2id key derivation: the only thing standing between a stolen laptop and the data.

The parameters live beside every wrapped key, so they can be raised for new passwords
without locking anyone out. They are tuned once per practice, on the PC that creates it, so
that an unlock costs 0.4 s there (see docs/decisions/0004-key-derivation.md).
Parameters read from a file are bounded before use: a hostile keystore must not be able to
make the program allocate gigabytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from practicedesk.errors import DamagedKeystore

KEY_BYTES = 32
SALT_BYTES = 16
TARGET_UNLOCK_SECONDS = 0.4
DEFAULT_MEMORY_KIB = 64 * 1024
DEFAULT_LANES = 2
_MAX_MEMORY_KIB = 1024 * 1024
_MAX_ITERATIONS = 200


@dataclass(frozen=True, slots=True)
class KdfParams:
    iterations: int
    memory_kib: int
    lanes: int

    def to_json(self) -> dict[str, Any]:
        return {
            "algorithm": "argon2id",
            "iterations": self.iterations,
            "memory_kib": self.memory_kib,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        try:
            if data["algorithm"] != "argon2id":
                raise ValueError("unknown algorithm")
            params = cls(int(data["iterations"]), int(data["memory_kib"]), int(data["lanes"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise DamagedKeystore(
                "The key file holds key settings this program cannot read."
            ) from exc
        if not (
            1 <= params.iterations <= _MAX_ITERATIONS
            and 1 <= params.lanes <= 16
            and 8 * params.lanes <= params.memory_kib <= _MAX_MEMORY_KIB
        ):
            raise DamagedKeystore("The key file holds key settings outside the safe range.")
        return params


def derive(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)


def calibrate(
    target_seconds: float = TARGET_UNLOCK_SECONDS,
    memory_kib: int = DEFAULT_MEMORY_KIB,
    lanes: int = DEFAULT_LANES,
    clock: Callable[[], float] = time.perf_counter,
) -> KdfParams:
    """Pick the iteration count that makes one derivation take about `target_seconds` here.

    Memory stays at 64 MiB (the OWASP floor is 19 MiB) so the cost to an attacker's GPU is
    in memory as well as time; never fewer than 2 passes.
    """

    def seconds_for(iterations: int) -> float:
        params = KdfParams(iterations, memory_kib, lanes)
        best = float("inf")
        for _ in range(2):
            start = clock()
            derive(b"calibration", b"\0" * SALT_BYTES, params)
            best = min(best, clock() - start)
        return best

    # Filling the memory costs a fixed amount and each pass adds a roughly equal share:
    # fit that line through two measurements and solve it for the target.
    low, high = 4, 12
    low_s, high_s = seconds_for(low), seconds_for(high)
    per_pass = max((high_s - low_s) / (high - low), 1e-4)
    fixed = max(low_s - per_pass * low, 0.0)
    iterations = round((target_seconds - fixed) / per_pass)
    return KdfParams(max(2, min(_MAX_ITERATIONS, iterations)), memory_kib, lanes)
