"""Finding, among many people, those `duplicates.similar_names` calls alike, without comparing
a name with every other one.

An old export often gives thousands of patients one placeholder birth date (1/1/1900), and
comparing each row with everyone born "that day" made a 20,000-row import quadratic. The index
finds exactly the people the rule finds, only faster. The rule compares last names and first
names apart, so each distinct name is compared once with the names it could be close to and
the answer is kept; a person is then found through the pairs of close names. Which names could
be close: the rule lets two names differ by at most two edits, and two words that far apart
always share a word made by deleting at most two letters from each (a substitution or a
swapped pair costs one deletion on each side, an extra letter one on one side), so every word
is filed under its deletions; first names are also filed under their first letters, for the
rule's nickname and initial cases. People are kept in blocks (a birth date), and a block is
indexed only once it is big enough for that to pay: below that, a scan is cheaper.

Pure: no I/O. `comparisons` counts the rule's checks, so a test can tell linear from
quadratic without a clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Generic, TypeVar

from practicedesk.domain.duplicates import first_names_close, fold, last_names_close

T = TypeVar("T")

_MOST_EDITS = 2  # the rule's widest allowance (duplicates._allowed)
_NICKNAME_LETTERS = 3  # Kate and Katherine: the rule's shared beginning
SCAN_LIMIT = 32  # a block this small is scanned; a bigger one is indexed

# A patient list repeats the same few thousand names, and folding one is most of the cost of
# adding a person to a small block.
_folded = lru_cache(maxsize=8192)(fold)


@lru_cache(maxsize=4096)
def _deletions(word: str) -> frozenset[str]:
    """The word and every word made by deleting up to two of its letters."""
    found, frontier = {word}, {word}
    for _ in range(_MOST_EDITS):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return frozenset(found)


class _Vocabulary:
    """The distinct (folded) names of one kind in a block, each with the names the rule calls
    close to it, kept up to date as names are added: the rule is symmetric, so a new name is
    compared once, with the names it could be close to, and joins their answers."""

    def __init__(self, close: Callable[[str, str], bool], *, beginnings: bool) -> None:
        self._close = close
        self._beginnings = beginnings  # first names: a start or the first letters suffice
        self._by_deletion: dict[str, set[str]] = defaultdict(set)
        self._by_start: dict[str, set[str]] = defaultdict(set)
        self._near: dict[str, set[str]] = {}
        self._asked: tuple[str, set[str]] | None = None  # a new name is asked for, then added
        self.comparisons = 0

    def add(self, word: str) -> None:
        if word in self._near:
            return
        found = self.near(word)
        self._asked = None
        for other in found:
            self._near[other].add(word)
        self._near[word] = found | {word}
        for deleted in _deletions(word):
            self._by_deletion[deleted].add(word)
        if self._beginnings:
            for length in range(1, min(len(word), _NICKNAME_LETTERS) + 1):
                self._by_start[word[:length]].add(word)

    def near(self, word: str) -> set[str]:
        """The known names the rule calls close to `word`: kept, or worked out."""
        kept = self._near.get(word)
        if kept is not None:
            return kept
        if self._asked is not None and self._asked[0] == word:
            return self._asked[1]
        if self._beginnings and not word:
            candidates: set[str] = set(self._near)  # no first name: close to every one
        else:
            candidates = set()
            for deleted in _deletions(word):
                candidates |= self._by_deletion.get(deleted, set())
        if self._beginnings and word:
            candidates |= self._by_start.get(word[:_NICKNAME_LETTERS], set())
            candidates.update(p for p in (word[:n] for n in range(len(word))) if p in self._near)
        self.comparisons += len(candidates)
        found = {other for other in candidates if self._close(word, other)}
        self._asked = (word, found)
        return found


class _Filed:
    """A big block's people filed by name: the close names of each kind, and who has which."""

    def __init__(self) -> None:
        self.lasts = _Vocabulary(last_names_close, beginnings=False)
        self.firsts = _Vocabulary(first_names_close, beginnings=True)
        self.families: dict[str, dict[str, list[int]]] = {}  # last → first → numbers

    def add(self, first: str, last: str, number: int) -> None:
        if not last:
            return  # the rule never matches a missing last name
        self.lasts.add(last)
        self.firsts.add(first)
        self.families.setdefault(last, defaultdict(list))[first].append(number)

    def similar(self, first: str, last: str) -> list[int]:
        firsts = self.firsts.near(first)
        found: list[int] = []
        for other_last in self.lasts.near(last):
            family = self.families[other_last]
            for other_first in family.keys() & firsts:
                found += family[other_first]
        return found


class _Block:
    """One block's people, scanned while there are few and filed once there are many."""

    __slots__ = ("filed", "people")

    def __init__(self) -> None:
        self.people: list[tuple[str, str, int]] = []  # folded first, folded last, number
        self.filed: _Filed | None = None

    def add(self, first: str, last: str, number: int) -> None:
        self.people.append((first, last, number))
        if self.filed is not None:
            self.filed.add(first, last, number)
        elif len(self.people) > SCAN_LIMIT:
            self.filed = _Filed()
            for person in self.people:
                self.filed.add(*person)

    def similar(self, first: str, last: str) -> list[int]:
        if self.filed is not None:
            return self.filed.similar(first, last)
        return [
            number
            for other_first, other_last, number in self.people
            if last_names_close(last, other_last) and first_names_close(first, other_first)
        ]

    @property
    def comparisons(self) -> int:
        if self.filed is None:
            return 0
        return self.filed.lasts.comparisons + self.filed.firsts.comparisons


class SimilarNameIndex(Generic[T]):
    """People by block (a birth date, say) and name; `similar` answers as asking
    `similar_names` of every person in the block would, in the order they were added."""

    def __init__(self) -> None:
        self._blocks: dict[Hashable, _Block] = {}
        self._items: list[T] = []
        self._scanned = 0

    def add(self, block: Hashable, name: tuple[str, str], item: T) -> None:
        """`name` is (first name, last name) as typed."""
        people = self._blocks.get(block)
        if people is None:
            people = self._blocks[block] = _Block()
        people.add(_folded(name[0]), _folded(name[1]), len(self._items))
        self._items.append(item)

    def similar(self, block: Hashable, name: tuple[str, str]) -> list[T]:
        people = self._blocks.get(block)
        last = _folded(name[1]) if people is not None else ""
        if people is None or not last:
            return []
        if people.filed is None:
            self._scanned += len(people.people)
        found = people.similar(_folded(name[0]), last)
        return [self._items[number] for number in sorted(found)]

    @property
    def comparisons(self) -> int:
        """The rule's checks so far, of whole names in small blocks, of name halves in big."""
        return self._scanned + sum(block.comparisons for block in self._blocks.values())
