"""Hybrid logical clocks: stamps never go backwards and always order after what was seen."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practicedesk.domain.hlc import MAX_COUNTER, HybridClock, Stamp

devices = st.text(min_size=1, max_size=12).filter(lambda text: "." not in text)
stamps = st.builds(Stamp, st.integers(0, 10**15 - 1), st.integers(0, MAX_COUNTER), devices)


def _fixed(now: int) -> HybridClock:
    return HybridClock("pc1", lambda: now)


# -- the text form ------------------------------------------------------------------------------


@given(stamps)
def test_a_stamp_survives_encoding_and_decoding(stamp: Stamp) -> None:
    assert Stamp.decode(stamp.encode()) == stamp


@given(stamps, stamps)
def test_encoded_stamps_sort_like_the_stamps(a: Stamp, b: Stamp) -> None:
    assert (a < b) == (a.encode() < b.encode())
    assert (a == b) == (a.encode() == b.encode())


def test_two_devices_never_share_a_stamp_at_the_same_moment() -> None:
    first, second = HybridClock("pc1", lambda: 500).tick(), HybridClock("pc2", lambda: 500).tick()
    assert first != second and first.encode() != second.encode()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "123",
        "000000000000001.000001",
        "000000000000001.000001.",
        "00000000000001.000001.pc1",  # 14 wall digits
        "0000000000000001.000001.pc1",  # 16 wall digits
        "000000000000001.00001.pc1",  # 5 counter digits
        "000000000000001.000001.pc.1",  # a device id cannot hold a dot
        "+00000000000001.000001.pc1",
        "-00000000000001.000001.pc1",
        " 00000000000001.000001.pc1",
        "0000000_0000001.000001.pc1",
        "00000000000000a.000001.pc1",
        "000000000000001.00000\n.pc1",
        "٠٠٠٠٠٠٠٠٠٠٠٠٠٠١.000001.pc1",  # Arabic-Indic digits
    ],
)
def test_text_that_is_not_a_stamp_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Stamp.decode(text)


# -- one clock ------------------------------------------------------------------------------------


@given(st.lists(st.integers(-(10**6), 10**6), min_size=1, max_size=80))
def test_local_stamps_rise_even_when_the_wall_clock_goes_back_or_stands_still(
    moves: list[int],
) -> None:
    now = [10**12]
    clock = HybridClock("pc1", lambda: now[0])
    issued = []
    for move in moves:
        now[0] = max(0, now[0] + move)
        issued.append(clock.tick())
    assert all(a < b for a, b in pairwise(issued))


def test_stamps_follow_the_wall_clock_when_it_moves_forward() -> None:
    times = iter([1_000, 1_000, 1_000, 2_500])
    clock = HybridClock("pc1", lambda: next(times))
    assert [clock.tick() for _ in range(4)] == [
        Stamp(1_000, 0, "pc1"),
        Stamp(1_000, 1, "pc1"),
        Stamp(1_000, 2, "pc1"),
        Stamp(2_500, 0, "pc1"),
    ]


def test_a_clock_set_back_keeps_counting_from_the_last_stamp() -> None:
    times = iter([5_000, 4_000, 3_000])
    clock = HybridClock("pc1", lambda: next(times))
    assert [clock.tick() for _ in range(3)] == [
        Stamp(5_000, 0, "pc1"),
        Stamp(5_000, 1, "pc1"),
        Stamp(5_000, 2, "pc1"),
    ]


def test_a_restarted_clock_carries_on_after_its_last_stamp() -> None:
    before_restart = Stamp(9_000, 4, "pc1")
    clock = HybridClock("pc1", lambda: 100, last=before_restart)
    assert clock.last == before_restart
    assert clock.tick() > before_restart


def test_a_full_counter_borrows_the_next_millisecond() -> None:
    clock = HybridClock("pc1", lambda: 10, last=Stamp(10, MAX_COUNTER, "pc1"))
    stamp = clock.tick()
    assert stamp == Stamp(11, 0, "pc1")
    assert len(stamp.encode()) == len(Stamp(10, MAX_COUNTER, "pc1").encode())


def test_a_full_counter_borrows_the_next_millisecond_when_observing_too() -> None:
    clock = _fixed(10)
    remote = Stamp(10, MAX_COUNTER, "pc2")
    stamp = clock.observe(remote)
    assert stamp == Stamp(11, 0, "pc1") and stamp > remote


@pytest.mark.parametrize("device", ["", "has.dot", "."])
def test_bad_device_ids_are_refused(device: str) -> None:
    with pytest.raises(ValueError, match="device id"):
        HybridClock(device, lambda: 0)


# -- several clocks -------------------------------------------------------------------------------


def test_a_pc_whose_clock_is_behind_still_stamps_after_what_it_has_seen() -> None:
    late = _fixed(1_000)
    remote = Stamp(60_000, 7, "pc2")
    assert late.observe(remote) == Stamp(60_000, 8, "pc1")
    assert late.tick() == Stamp(60_000, 9, "pc1")


def test_observing_an_older_stamp_still_moves_the_clock_forward() -> None:
    clock = _fixed(5_000)
    before = clock.tick()
    assert clock.observe(Stamp(1_000, 3, "pc2")) > before


def test_observing_a_stamp_at_the_same_millisecond_takes_the_larger_counter() -> None:
    clock = HybridClock("pc1", lambda: 100, last=Stamp(200, 2, "pc1"))
    assert clock.observe(Stamp(200, 40, "pc2")) == Stamp(200, 41, "pc1")


@given(st.data(), st.integers(2, 3))
def test_every_stamp_issued_after_observing_another_sorts_after_it(
    data: st.DataObject, count: int
) -> None:
    """PCs with wandering clocks tick and receive each other's stamps, late and out of order."""
    now = data.draw(st.lists(st.integers(0, 10**7), min_size=count, max_size=count))
    clocks = [HybridClock(f"pc{i}", lambda i=i: now[i]) for i in range(count)]
    issued: list[list[Stamp]] = [[] for _ in range(count)]
    highest_known: list[Stamp | None] = [None] * count
    for _ in range(data.draw(st.integers(1, 60))):
        pc = data.draw(st.integers(0, count - 1))
        now[pc] = max(0, now[pc] + data.draw(st.integers(-5_000, 5_000) | st.just(0)))
        senders = [other for other in range(count) if other != pc and issued[other]]
        if senders and data.draw(st.booleans()):
            remote = data.draw(st.sampled_from(issued[data.draw(st.sampled_from(senders))]))
            stamp = clocks[pc].observe(remote)
            assert stamp > remote
        else:
            remote = None
            stamp = clocks[pc].tick()
        for earlier in (highest_known[pc], issued[pc][-1] if issued[pc] else None):
            assert earlier is None or stamp > earlier
        issued[pc].append(stamp)
        known = [s for s in (highest_known[pc], remote, stamp) if s is not None]
        highest_known[pc] = max(known)
        assert clocks[pc].last == stamp
