"""Chart numbers that two PCs never give out twice, even when they have not met for a week.

A practice on one PC numbers its charts one after another. Once it syncs, each PC numbers
only from blocks of numbers it has claimed in the shared folder; a claim is a file made with
"create only if it does not exist", which the file system grants to one PC alone, so blocks
never overlap and no server is needed. Blocks are aligned (1–50, 51–100, …): two claims are
either the same block, which only one PC gets, or apart.

A PC keeps a reserve of claimed numbers so it can register patients while the shared folder
is out of reach; one that runs out registers them without a number until its next claim.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

BLOCK_SIZE = 50
RESERVE = 50  # unused numbers a syncing PC keeps in hand for the days it is cut off


@dataclass(frozen=True, slots=True, order=True)
class Block:
    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first < 1 or self.last < self.first:
            raise ValueError(f"not a block of chart numbers: {self.first}–{self.last}")

    def numbers(self) -> range:
        return range(self.first, self.last + 1)


def block_at(index: int, size: int = BLOCK_SIZE) -> Block:
    """The `index`-th aligned block (0 is 1–50)."""
    return Block(index * size + 1, (index + 1) * size)


def first_block_above(number: int, size: int = BLOCK_SIZE) -> int:
    """The index of the first block holding only numbers greater than `number`."""
    return -(-max(number, 0) // size)


def free_numbers(own: Iterable[Block], used: Collection[int]) -> Iterator[int]:
    """This PC's unused numbers, smallest first. `used` holds every number any chart has or
    had (a renumbered chart's old number is never given to someone else)."""
    for block in sorted(own):
        for number in block.numbers():
            if number not in used:
                yield number


def blocks_to_claim(
    own: Iterable[Block], used: Collection[int], waiting: int = 0, reserve: int = RESERVE
) -> int:
    """How many more blocks keep `reserve` numbers in hand after numbering `waiting` charts."""
    free = sum(1 for _ in free_numbers(own, used))
    short = waiting + reserve - free
    return max(0, -(-short // BLOCK_SIZE))
