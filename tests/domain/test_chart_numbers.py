"""Chart numbers: blocks never overlap, and PCs numbering apart never give out one number twice."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from practicedesk.domain.chart_numbers import (
    BLOCK_SIZE,
    RESERVE,
    Block,
    block_at,
    blocks_to_claim,
    first_block_above,
    free_numbers,
)


def test_blocks_are_aligned_and_do_not_overlap() -> None:
    assert block_at(0) == Block(1, BLOCK_SIZE)
    assert block_at(3) == Block(3 * BLOCK_SIZE + 1, 4 * BLOCK_SIZE)


@given(st.integers(min_value=0, max_value=10**7))
def test_the_first_block_above_a_number_holds_only_greater_numbers_and_is_the_nearest(
    number: int,
) -> None:
    index = first_block_above(number)
    assert block_at(index).first > number
    assert index == 0 or block_at(index - 1).first <= number


def test_free_numbers_skip_what_a_chart_has_or_had_smallest_first() -> None:
    own = [Block(51, 100), Block(1, 50)]
    assert list(free_numbers(own, {1, 2, 4}))[:3] == [3, 5, 6]
    assert len(list(free_numbers(own, set(range(1, 101))))) == 0


def test_a_pc_claims_enough_blocks_for_the_charts_waiting_and_its_reserve() -> None:
    assert blocks_to_claim([], set()) == -(-RESERVE // BLOCK_SIZE)
    assert blocks_to_claim([Block(1, 50), Block(51, 100)], set()) == 0
    # 120 charts waiting: 120 numbers plus the reserve, none in hand.
    assert blocks_to_claim([], set(), waiting=120) == -(-(120 + RESERVE) // BLOCK_SIZE)


class _Share:
    """The shared folder's claims: creating a claim succeeds for one PC only (O_EXCL)."""

    def __init__(self) -> None:
        self.claimed: set[int] = set()

    def claim(self, above: int) -> Block:
        listed = max(self.claimed, default=-1)
        index = first_block_above(max(above, block_at(listed).last if listed >= 0 else 0))
        while index in self.claimed:
            index += 1
        self.claimed.add(index)
        return block_at(index)


class _Pc:
    def __init__(self, name: str, highest_at_join: int) -> None:
        self.name = name
        self.own: list[Block] = []
        self.known: dict[str, int | None] = {}  # chart id -> its number, as this PC knows
        self.waiting: list[str] = []
        self.highest = highest_at_join

    def used(self) -> set[int]:
        return {n for n in self.known.values() if n is not None}

    def register(self, chart: str) -> None:
        number = next(free_numbers(self.own, self.used()), None)
        self.known[chart] = number
        if number is None:
            self.waiting.append(chart)
        else:
            self.highest = max(self.highest, number)

    def round(self, share: _Share) -> None:
        for _ in range(blocks_to_claim(self.own, self.used(), len(self.waiting))):
            block = share.claim(self.highest)
            self.own.append(block)
            self.highest = max(self.highest, block.last)
        for chart in self.waiting:
            number = next(free_numbers(self.own, self.used()))
            self.known[chart] = number
        self.waiting = []

    def take_in(self, other: _Pc) -> None:
        for chart, number in other.known.items():
            if number is not None or chart not in self.known:
                self.known[chart] = number
        self.highest = max([self.highest, *self.used()])


class OfficeApart(RuleBasedStateMachine):
    """Three PCs register charts while cut off from the share, reach it now and then, and
    take in each other's charts in any order: no number is ever on two charts."""

    def __init__(self) -> None:
        super().__init__()
        self.share = _Share()
        self.pcs = [_Pc(name, 137) for name in "abc"]
        self.given: dict[str, int] = {}  # every chart's number, as the PC that gave it
        self.count = 0

    @rule(pc=st.integers(0, 2), charts=st.integers(1, 40))
    def register_while_apart(self, pc: int, charts: int) -> None:
        for _ in range(charts):
            self.count += 1
            chart = f"{self.pcs[pc].name}{self.count}"
            self.pcs[pc].register(chart)

    @rule(pc=st.integers(0, 2))
    def reach_the_share(self, pc: int) -> None:
        self.pcs[pc].round(self.share)

    @rule(to=st.integers(0, 2), source=st.integers(0, 2))
    def sync(self, to: int, source: int) -> None:
        if to != source:
            self.pcs[to].take_in(self.pcs[source])

    @invariant()
    def no_number_is_on_two_charts(self) -> None:
        numbers: dict[str, int] = {}
        for pc in self.pcs:
            for chart, number in pc.known.items():
                if number is not None and chart.startswith(pc.name):
                    numbers[chart] = number
        assert len(set(numbers.values())) == len(numbers)
        assert all(number > 137 for number in numbers.values())  # above the practice's past

    @invariant()
    def once_every_pc_met_the_share_and_each_other_every_chart_is_numbered(self) -> None:
        everyone = [_Pc(pc.name, 0) for pc in self.pcs]
        for copy, pc in zip(everyone, self.pcs, strict=True):
            copy.own, copy.known, copy.waiting = list(pc.own), dict(pc.known), list(pc.waiting)
        share = _Share()
        share.claimed = set(self.share.claimed)
        for copy in everyone:
            copy.round(share)
        for copy in everyone:
            for other in everyone:
                copy.take_in(other)
        final = everyone[0].known
        assert all(everyone[i].known == final for i in range(3))
        assert None not in final.values()
        assert len(set(final.values())) == len(final)


TestOfficeApart = OfficeApart.TestCase
TestOfficeApart.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
