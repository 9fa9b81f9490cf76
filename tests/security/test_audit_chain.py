"""The audit log's hash chain: any edit, removal or reordering is found, at the right entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from practicedesk.security.audit import GENESIS, ChainBreak, ChainedEntry, entry_hash, first_break

LENGTH = 12
contents = st.dictionaries(
    st.sampled_from(["action", "username", "subject_id", "summary", "n"]),
    st.text(max_size=20) | st.integers(),
    min_size=1,
)


def _chain(items: list[dict[str, Any]]) -> list[ChainedEntry]:
    entries, prev = [], GENESIS
    for seq, content in enumerate(items, start=1):
        digest = entry_hash(prev, content)
        entries.append(ChainedEntry(seq, prev, digest, content))
        prev = digest
    return entries


def _log(count: int = LENGTH) -> list[ChainedEntry]:
    return _chain(
        [
            {"action": "login", "username": f"user{seq % 3}", "n": seq, "at": datetime.now(UTC)}
            for seq in range(1, count + 1)
        ]
    )


def _broken_at(entries: list[ChainedEntry]) -> ChainBreak:
    broken = first_break(entries)
    assert broken is not None, "the damage went unnoticed"
    return broken


@given(st.lists(contents, max_size=20))
def test_an_intact_chain_verifies(items: list[dict[str, Any]]) -> None:
    assert first_break(_chain(items)) is None


def test_an_empty_log_verifies() -> None:
    assert first_break([]) is None


@given(st.integers(1, LENGTH), st.sampled_from(["username", "action", "n", "at", "new"]))
def test_an_edited_entry_is_found_at_that_entry(seq: int, key: str) -> None:
    entries = _log()
    victim = entries[seq - 1]
    entries[seq - 1] = replace(victim, content={**victim.content, key: "mallory"})
    broken = _broken_at(entries)
    assert (broken.seq, broken.reason) == (seq, "its contents were changed after it was written")


def test_a_changed_value_type_counts_as_an_edit() -> None:
    entries = _log()
    entries[4] = replace(entries[4], content={**entries[4].content, "n": "5"})
    assert _broken_at(entries).seq == 5


@given(st.integers(1, LENGTH - 1))
def test_an_edit_with_a_recomputed_hash_is_found_at_the_next_entry(seq: int) -> None:
    entries = _log()
    victim = entries[seq - 1]
    forged = {**victim.content, "username": "mallory"}
    entries[seq - 1] = replace(victim, content=forged, hash=entry_hash(victim.prev_hash, forged))
    broken = _broken_at(entries)
    assert (broken.seq, broken.reason) == (seq + 1, "it does not follow the entry before it")


@given(st.integers(1, LENGTH))
def test_a_changed_hash_is_found_at_that_entry(seq: int) -> None:
    entries = _log()
    entries[seq - 1] = replace(entries[seq - 1], hash="f" * 64)
    assert _broken_at(entries).seq == seq


@given(st.integers(1, LENGTH))
def test_a_changed_link_is_found_at_that_entry(seq: int) -> None:
    entries = _log()
    entries[seq - 1] = replace(entries[seq - 1], prev_hash="e" * 64)
    broken = _broken_at(entries)
    assert (broken.seq, broken.reason) == (seq, "it does not follow the entry before it")


@given(st.integers(2, LENGTH - 1))
def test_a_removed_entry_in_the_middle_is_named(seq: int) -> None:
    entries = _log()
    del entries[seq - 1]
    broken = _broken_at(entries)
    assert (broken.seq, broken.reason) == (seq + 1, f"entries {seq} to {seq} are missing")


def test_several_removed_entries_are_named_as_a_range() -> None:
    entries = _log()
    del entries[4:7]  # seq 5, 6 and 7
    broken = _broken_at(entries)
    assert (broken.seq, broken.reason) == (8, "entries 5 to 7 are missing")


def test_a_removed_first_entry_is_found_at_the_second() -> None:
    entries = _log()[1:]
    broken = _broken_at(entries)
    assert (broken.seq, broken.reason) == (2, "it does not follow the entry before it")


@given(st.permutations(list(range(LENGTH))))
def test_reordered_entries_are_found_at_the_first_out_of_place(order: list[int]) -> None:
    original = _log()
    entries = [original[i] for i in order]
    if entries == original:
        assert first_break(entries) is None
        return
    first_moved = next(e for e, o in zip(entries, original, strict=True) if e != o)
    assert _broken_at(entries).seq == first_moved.seq


@given(st.integers(1, LENGTH - 1))
def test_swapped_entries_renumbered_to_look_in_order_are_found(seq: int) -> None:
    original = _log()
    entries = list(original)
    entries[seq - 1], entries[seq] = original[seq], original[seq - 1]
    entries = [replace(entry, seq=n) for n, entry in enumerate(entries, start=1)]
    assert _broken_at(entries).seq == seq
