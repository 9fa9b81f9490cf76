"""Argon2id parameters: stored and read back safely, and tuned to the PC that makes them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.errors import DamagedKeystore
from practicedesk.security import kdf
from practicedesk.security.kdf import KdfParams, calibrate, derive
from tests.conftest import FAST_KDF

GIB_IN_KIB = 1024 * 1024


@given(
    st.integers(1, 200).flatmap(
        lambda iterations: st.integers(1, 16).flatmap(
            lambda lanes: st.builds(
                KdfParams, st.just(iterations), st.integers(8 * lanes, GIB_IN_KIB), st.just(lanes)
            )
        )
    )
)
def test_parameters_within_the_safe_range_survive_a_round_trip(params: KdfParams) -> None:
    assert KdfParams.from_json(params.to_json()) == params


def test_the_stored_form_names_the_algorithm() -> None:
    assert KdfParams(3, 65536, 2).to_json() == {
        "algorithm": "argon2id",
        "iterations": 3,
        "memory_kib": 65536,
        "lanes": 2,
    }


@pytest.mark.parametrize(
    ("iterations", "memory_kib", "lanes"),
    [(1, 8, 1), (200, GIB_IN_KIB, 16), (2, 128, 16)],
)
def test_the_edges_of_the_safe_range_are_accepted(
    iterations: int, memory_kib: int, lanes: int
) -> None:
    params = KdfParams(iterations, memory_kib, lanes)
    assert KdfParams.from_json(params.to_json()) == params


@pytest.mark.parametrize(
    ("iterations", "memory_kib", "lanes"),
    [
        (0, 65536, 1),
        (-1, 65536, 1),
        (201, 65536, 1),
        (10**6, 65536, 1),
        (3, GIB_IN_KIB + 1, 1),
        (3, 10 * GIB_IN_KIB, 1),
        (3, 0, 1),
        (3, 15, 2),  # Argon2 needs 8 KiB per lane
        (3, 65536, 0),
        (3, 65536, 17),
    ],
)
def test_parameters_outside_the_safe_range_are_refused(
    iterations: int, memory_kib: int, lanes: int
) -> None:
    with pytest.raises(DamagedKeystore, match="outside the safe range"):
        KdfParams.from_json(KdfParams(iterations, memory_kib, lanes).to_json())


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "argon2id",
        {},
        {**FAST_KDF.to_json(), "algorithm": "scrypt"},
        {"iterations": 1, "memory_kib": 64, "lanes": 1},
        {**FAST_KDF.to_json(), "iterations": "many"},
        {**FAST_KDF.to_json(), "memory_kib": None},
        {**FAST_KDF.to_json(), "lanes": [1]},
    ],
)
def test_unreadable_parameters_are_refused(data: Any) -> None:
    with pytest.raises(DamagedKeystore, match="cannot read"):
        KdfParams.from_json(data)


def test_derivation_depends_on_the_secret_the_salt_and_the_parameters() -> None:
    salt = b"s" * kdf.SALT_BYTES
    key = derive(b"lunar otter", salt, FAST_KDF)
    assert len(key) == kdf.KEY_BYTES
    assert derive(b"lunar otter", salt, FAST_KDF) == key
    assert derive(b"lunar otteR", salt, FAST_KDF) != key
    assert derive(b"lunar otter", b"t" * kdf.SALT_BYTES, FAST_KDF) != key
    assert derive(b"lunar otter", salt, KdfParams(2, 64, 1)) != key


# -- calibration ----------------------------------------------------------------------------------


class FakeArgon:
    """A PC on which one derivation takes `fixed + per_pass * iterations` seconds, exactly.

    Replaces the real derivation and the clock, so calibration is deterministic and instant.
    `hiccup` is added to the first run of each iteration count, as a busy PC would.
    """

    def __init__(self, fixed: float, per_pass: float, hiccup: float = 0.0) -> None:
        self.fixed, self.per_pass, self.hiccup = fixed, per_pass, hiccup
        self.now = 0.0
        self.runs: list[KdfParams] = []

    def clock(self) -> float:
        return self.now

    def derive(self, secret: bytes, salt: bytes, params: KdfParams) -> bytes:
        first_run = params not in self.runs
        self.runs.append(params)
        self.now += self.fixed + self.per_pass * params.iterations
        self.now += self.hiccup if first_run else 0.0
        return b"\0" * kdf.KEY_BYTES


def _calibrate(monkeypatch: pytest.MonkeyPatch, pc: FakeArgon, target: float = 0.4) -> KdfParams:
    monkeypatch.setattr(kdf, "derive", pc.derive)
    return calibrate(target_seconds=target, memory_kib=65536, lanes=2, clock=pc.clock)


def test_calibration_picks_the_iterations_that_take_the_target_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pc = FakeArgon(fixed=0.05, per_pass=0.01)
    params = _calibrate(monkeypatch, pc)
    assert params == KdfParams(35, 65536, 2)  # 0.05 + 35 * 0.01 = 0.4 s
    assert {run.memory_kib for run in pc.runs} == {65536}
    assert {run.lanes for run in pc.runs} == {2}


def test_calibration_ignores_a_slow_first_run(monkeypatch: pytest.MonkeyPatch) -> None:
    pc = FakeArgon(fixed=0.05, per_pass=0.01, hiccup=0.5)
    assert _calibrate(monkeypatch, pc).iterations == 35


@given(
    fixed=st.floats(0.0, 0.3),
    per_pass=st.floats(0.0008, 0.2),
    target=st.floats(0.1, 1.0),
)
def test_calibrated_unlocks_take_about_the_target_time(
    fixed: float, per_pass: float, target: float
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        params = _calibrate(monkeypatch, FakeArgon(fixed, per_pass), target)
    ideal = (target - fixed) / per_pass
    assert 2 <= params.iterations <= 200
    if 2 <= ideal <= 200:
        assert abs(fixed + per_pass * params.iterations - target) <= per_pass / 2 + 1e-9


def test_a_slow_pc_still_gets_two_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _calibrate(monkeypatch, FakeArgon(fixed=0.3, per_pass=0.5)).iterations == 2


def test_a_pc_slower_than_the_target_still_gets_two_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _calibrate(monkeypatch, FakeArgon(fixed=1.0, per_pass=0.01)).iterations == 2


def test_a_fast_pc_is_capped_at_the_most_the_file_allows(monkeypatch: pytest.MonkeyPatch) -> None:
    params = _calibrate(monkeypatch, FakeArgon(fixed=0.0, per_pass=0.0001))
    assert params.iterations == 200
    assert KdfParams.from_json(params.to_json()) == params


def test_a_clock_that_does_not_move_gives_the_cap_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _calibrate(monkeypatch, FakeArgon(fixed=0.0, per_pass=0.0)).iterations == 200


def test_calibration_runs_the_real_derivation() -> None:
    """With the clock faked but Argon2id real, at the smallest memory so it stays quick."""
    ticks = iter(range(1000))
    params = calibrate(memory_kib=64, lanes=1, clock=lambda: float(next(ticks)))
    assert params == KdfParams(2, 64, 1)  # every run "takes" one second: the floor
