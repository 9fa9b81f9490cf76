"""The audit log's hash chain: each entry's hash covers the one before it.

Removing, reordering or editing any entry breaks the chain from that point, and the
verification names the first broken entry. The rules are pure; services/audit.py stores the
entries in the encrypted database in the same transaction as the change they describe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def entry_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainedEntry:
    seq: int
    prev_hash: str
    hash: str
    content: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    reason: str


def first_break(entries: Iterable[ChainedEntry]) -> ChainBreak | None:
    """The first entry at which the chain no longer holds, or None if it is whole."""
    expected_prev = GENESIS
    expected_seq: int | None = None
    for entry in entries:
        if expected_seq is not None and entry.seq != expected_seq:
            return ChainBreak(entry.seq, f"entries {expected_seq} to {entry.seq - 1} are missing")
        if entry.prev_hash != expected_prev:
            return ChainBreak(entry.seq, "it does not follow the entry before it")
        if entry_hash(entry.prev_hash, entry.content) != entry.hash:
            return ChainBreak(entry.seq, "its contents were changed after it was written")
        expected_prev = entry.hash
        expected_seq = entry.seq + 1
    return None
