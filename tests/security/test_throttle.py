"""Login delays: a few typos are free, then each failure doubles the wait, then the lock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from practicedesk.security.throttle import (
    FREE_ATTEMPTS,
    LOCK_AFTER,
    MAX_DELAY_SECONDS,
    Attempts,
    delay_after,
    seconds_to_wait,
)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _after(failures: int) -> Attempts:
    attempts = Attempts()
    for minute in range(failures):
        attempts = attempts.failed(NOW + timedelta(minutes=minute))
    return attempts


def test_the_first_few_failures_cost_no_wait() -> None:
    assert [delay_after(n) for n in range(FREE_ATTEMPTS)] == [0] * FREE_ATTEMPTS
    for failures in range(1, FREE_ATTEMPTS):
        assert seconds_to_wait(Attempts(failures, NOW), NOW) == 0


def test_after_the_free_failures_a_wait_begins() -> None:
    assert delay_after(FREE_ATTEMPTS) > 0
    assert seconds_to_wait(Attempts(FREE_ATTEMPTS, NOW), NOW) == delay_after(FREE_ATTEMPTS)


def test_each_further_failure_doubles_the_wait_until_the_cap() -> None:
    delays = [delay_after(n) for n in range(FREE_ATTEMPTS, 40)]
    for before, after in pairwise(delays):
        assert after == min(2 * before, MAX_DELAY_SECONDS)
    assert delays[-1] == MAX_DELAY_SECONDS


@given(st.integers(0, 10_000))
def test_the_wait_never_passes_the_cap(failures: int) -> None:
    assert 0 <= delay_after(failures) <= MAX_DELAY_SECONDS


def test_an_account_locks_at_the_limit_and_not_before() -> None:
    assert not _after(LOCK_AFTER - 1).locked
    assert _after(LOCK_AFTER).locked
    assert _after(LOCK_AFTER + 5).locked


def test_a_failure_counts_and_remembers_when() -> None:
    later = NOW + timedelta(seconds=30)
    assert Attempts(2, NOW).failed(later) == Attempts(3, later)


def test_no_failures_means_no_wait() -> None:
    assert seconds_to_wait(Attempts(), NOW) == 0


def test_the_wait_counts_down_to_zero() -> None:
    attempts = Attempts(FREE_ATTEMPTS + 2, NOW)  # an 8-second delay
    delay = delay_after(attempts.failures)
    assert delay == 8
    waits = [seconds_to_wait(attempts, NOW + timedelta(seconds=s)) for s in range(0, 10)]
    assert waits == [8, 7, 6, 5, 4, 3, 2, 1, 0, 0]


def test_a_part_second_left_is_rounded_up_not_down() -> None:
    attempts = Attempts(FREE_ATTEMPTS, NOW)
    assert seconds_to_wait(attempts, NOW + timedelta(milliseconds=1_500)) == 1
    assert seconds_to_wait(attempts, NOW + timedelta(milliseconds=100)) == 2


@given(
    st.integers(0, 40),
    st.timedeltas(min_value=timedelta(days=-3650), max_value=timedelta(days=3650)),
)
def test_the_wait_never_exceeds_the_delay_whatever_the_clock_says(
    failures: int, offset: timedelta
) -> None:
    wait = seconds_to_wait(Attempts(failures, NOW), NOW + offset)
    assert 0 <= wait <= delay_after(failures)


def test_a_clock_set_back_does_not_turn_a_short_wait_into_a_long_one() -> None:
    attempts = Attempts(FREE_ATTEMPTS, NOW)
    assert seconds_to_wait(attempts, NOW - timedelta(days=1)) == delay_after(FREE_ATTEMPTS)
