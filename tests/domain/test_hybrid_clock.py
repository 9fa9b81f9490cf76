"""Hybrid logical clocks: stamps never go backwards and always order after what was seen."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.hlc import MAX_COUNTER, HybridClock, Stamp

stamps = st.builds(
    Stamp,
    st.integers(0, 10**14),
    st.integers(0, MAX_COUNTER),
    st.sampled_from(["a1", "b2", "c3"]),
)


@given(stamps, stamps)
def test_encoded_stamps_sort_like_the_stamps(a: Stamp, b: Stamp) -> None:
    assert (a < b) == (a.encode() < b.encode())
    assert Stamp.decode(a.encode()) == a


def test_local_stamps_rise_even_when_the_wall_clock_goes_back() -> None:
    times = iter([1_000, 1_000, 900, 950, 2_000])
    clock = HybridClock("pc1", lambda: next(times))
    issued = [clock.tick() for _ in range(5)]
    assert issued == sorted(issued) and len(set(issued)) == 5


@given(
    st.lists(
        st.tuples(
            st.sampled_from([0, 1, 2]), st.sampled_from(["tick", "send"]), st.integers(-5, 50)
        ),
        min_size=1,
        max_size=60,
    )
)
def test_after_seeing_a_stamp_every_later_stamp_sorts_after_it(
    steps: list[tuple[int, str, int]],
) -> None:
    """Three PCs with wandering clocks exchange stamps; causality is never reversed."""
    now = [1_000, 5_000, 800]
    clocks = [HybridClock(f"pc{i}", lambda i=i: now[i]) for i in range(3)]
    seen: list[Stamp | None] = [None, None, None]
    for pc, action, drift in steps:
        now[pc] += drift
        if action == "tick":
            stamp = clocks[pc].tick()
        else:
            stamp = clocks[pc].tick()
            receiver = (pc + 1) % 3
            clocks[receiver].observe(stamp)
            seen[receiver] = stamp if seen[receiver] is None else max(seen[receiver], stamp)
        for other in range(3):
            if seen[other] is not None:
                assert clocks[other].last >= seen[other]
    for pc in range(3):
        if seen[pc] is not None:
            assert clocks[pc].tick() > seen[pc]


def test_a_full_counter_borrows_the_next_millisecond() -> None:
    clock = HybridClock("pc1", lambda: 10, last=Stamp(10, MAX_COUNTER, "pc1"))
    stamp = clock.tick()
    assert stamp == Stamp(11, 0, "pc1")


@pytest.mark.parametrize("device", ["", "has.dot"])
def test_bad_device_ids_are_refused(device: str) -> None:
    with pytest.raises(ValueError):
        HybridClock(device, lambda: 0)


@pytest.mark.parametrize("text", ["", "123", "000000000000001.000001.", "1.2.3"])
def test_malformed_stamps_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Stamp.decode(text)
