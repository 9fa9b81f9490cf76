"""The similar-name index finds exactly whom comparing with everyone would find, in the same
order, and does it with a number of comparisons that grows with the people, not their square
(a placeholder birth date shared by 20,000 rows made an import take 100 s)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from practicedesk.domain.duplicates import similar_names
from practicedesk.domain.name_index import SCAN_LIMIT, SimilarNameIndex
from tests.interop.patient_csv import patient_rows

# Few letters, so that names come close often; a hyphen, a space, accents and capitals that
# folding removes; empty names, which the rule treats apart.
_NAMES = st.text(alphabet="abeoskAÉé- ", max_size=9)
_PEOPLE = st.lists(st.tuples(st.integers(0, 2), _NAMES, _NAMES), max_size=3 * SCAN_LIMIT)


def _scan(people: list[tuple[int, str, str]], block: int, name: tuple[str, str]) -> list[int]:
    return [
        number
        for number, (other_block, *other) in enumerate(people)
        if other_block == block and similar_names(name, (other[0], other[1]))
    ]


@settings(max_examples=300, deadline=None)
@given(people=_PEOPLE, asked=st.lists(st.tuples(st.integers(0, 3), _NAMES, _NAMES), max_size=8))
def test_the_index_finds_exactly_the_people_a_scan_finds_in_the_same_order(
    people: list[tuple[int, str, str]], asked: list[tuple[int, str, str]]
) -> None:
    index: SimilarNameIndex[int] = SimilarNameIndex()
    for number, (block, first, last) in enumerate(people):
        # As an import does: each row is looked up among those before it, then added.
        assert index.similar(block, (first, last)) == _scan(people[:number], block, (first, last))
        index.add(block, (first, last), number)
    for block, first, last in asked + people[:8]:
        assert index.similar(block, (first, last)) == _scan(people, block, (first, last))


def test_people_sharing_one_birth_date_are_compared_a_bounded_number_of_times() -> None:
    people = 5_000
    index: SimilarNameIndex[int] = SimilarNameIndex()
    for number, (first, last, *_) in enumerate(patient_rows(people, seed=13)):
        index.similar("1900-01-01", (first, last))
        index.add("1900-01-01", (first, last), number)
    # Comparing each with everyone before would be 12.5 million comparisons.
    assert index.comparisons < 20 * people, index.comparisons


def test_a_name_without_a_last_name_resembles_nobody_and_costs_nothing() -> None:
    index: SimilarNameIndex[str] = SimilarNameIndex()
    for number in range(2 * SCAN_LIMIT):
        index.add("day", ("Ann", f"Lee{number}"), f"ann {number}")
    filing = index.comparisons
    assert index.similar("day", ("Ann", " - ")) == []
    assert index.comparisons == filing
