"""Merging one row's changes from every PC: the rules that make all copies end up the same.

Each field of a row is a register holding *versions* (a value and the clock stamp of the write
that made it). A change names, for every field it writes, the versions its writer's copy held
(its `base`); those versions are replaced. What no later write replaced is a *leaf*; the leaf
with the highest stamp is the field's value (last writer wins, ties impossible because the
stamp ends with the device id). A second leaf is a write that was overwritten by someone who
never saw it: that is a conflict, kept for a person to review, never dropped. Because the
leaves are "every write ever applied, minus every version any write replaced", the result
does not depend on the order changes arrive in, and applying one twice changes nothing.

Deletion is the register `deleted_at` (True: deleted, False: brought back). A deletion also
carries the versions of the other fields its writer saw; an edit it did not see keeps the row
alive and is reported as a conflict with the deletion, so no edit vanishes with a tombstone.

Rules that span rows (two bookings in one chair, one patient registered twice) are checked
after merging by the callers' `RuleCheck`s; this module only states their shape. Pure: no
database, no files, no clock of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal, TypeAlias

from practicedesk.domain.hlc import Stamp

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
Op = Literal["insert", "update", "delete"]
OPS: tuple[Op, ...] = ("insert", "update", "delete")
TOMBSTONE = "deleted_at"


@dataclass(frozen=True, slots=True)
class Change:
    """One row's change as it travels between PCs.

    `fields` are the values written (for an update, `deleted_at: None` brings a deleted row
    back). `base` holds, per field, the stamps of the versions the writer's copy held: the
    written fields' base versions are replaced; a deletion lists every field's, so that an
    edit it did not know of can be told apart from one it did.
    """

    table: str
    row_id: str
    op: Op
    fields: Mapping[str, JsonValue]
    stamp: Stamp
    base: Mapping[str, tuple[Stamp, ...]] = field(default_factory=dict)
    by: str = ""  # who made it (a user id), for people to read; the merge never looks at it

    @property
    def device(self) -> str:
        return self.stamp.device


@dataclass(frozen=True, slots=True)
class Version:
    value: JsonValue
    stamp: Stamp
    # For a deletion only: the stamps of the other fields' versions its writer had seen.
    seen: frozenset[Stamp] = frozenset()


@dataclass(frozen=True, slots=True)
class Register:
    """One field: its leaves, highest stamp first, and every stamp some write replaced."""

    leaves: tuple[Version, ...] = ()
    replaced: frozenset[Stamp] = frozenset()

    @property
    def winner(self) -> Version | None:
        return self.leaves[0] if self.leaves else None

    def write(self, version: Version, base: Iterable[Stamp]) -> Register:
        if not self.leaves and not self.replaced and not base:
            return Register((version,))  # the usual first write: nothing to weigh it against
        replaced = self.replaced | frozenset(base)
        leaves = {leaf.stamp: leaf for leaf in self.leaves if leaf.stamp not in replaced}
        if version.stamp not in replaced:
            held = leaves.get(version.stamp)
            # A device never reuses a stamp; if a damaged one did, every copy keeps the same one.
            if held is None or _canonical(version) > _canonical(held):
                leaves[version.stamp] = version
        ordered = tuple(sorted(leaves.values(), key=lambda leaf: leaf.stamp, reverse=True))
        return Register(ordered, replaced)


@dataclass(frozen=True, slots=True)
class Conflict:
    """A value that lost to another written without seeing it; `kept_both` for free text,
    where the loser also stays in the field's text until someone edits it."""

    table: str
    row_id: str
    field: str
    winner: Version
    loser: Version
    kept_both: bool = False


@dataclass(frozen=True, slots=True)
class RowState:
    table: str
    row_id: str
    registers: Mapping[str, Register] = field(default_factory=dict)

    @property
    def deleted(self) -> bool:
        return self._deletion() is not None and not self._edits_unseen_by_deletion()

    def values(self, free_text: Set[str] = frozenset()) -> dict[str, JsonValue]:
        """The row's contents; a free-text field edited apart holds every version's text."""
        out: dict[str, JsonValue] = {}
        for name, register in self.registers.items():
            if name == TOMBSTONE or register.winner is None:
                continue
            if name in free_text and len(register.leaves) > 1:
                out[name] = _both_texts(_distinct(register.leaves))
            else:
                out[name] = register.winner.value
        return out

    def conflicts(self, free_text: Set[str] = frozenset()) -> list[Conflict]:
        if TOMBSTONE not in self.registers and all(
            len(register.leaves) < 2 for register in self.registers.values()
        ):
            return []  # the usual row: one version of each field, never deleted
        found: list[Conflict] = []
        for name, register in sorted(self.registers.items()):
            if not register.leaves:
                continue
            winner, *losers = register.leaves
            found.extend(
                Conflict(self.table, self.row_id, name, winner, loser, name in free_text)
                for loser in losers
                if loser.value != winner.value
            )
        deletion = self._deletion()
        if deletion is not None and (unseen := self._edits_unseen_by_deletion()):
            kept = Version(False, max(unseen))
            found.append(Conflict(self.table, self.row_id, TOMBSTONE, kept, deletion))
        return found

    def _deletion(self) -> Version | None:
        register = self.registers.get(TOMBSTONE)
        winner = register.winner if register else None
        return winner if winner is not None and winner.value is True else None

    def _edits_unseen_by_deletion(self) -> list[Stamp]:
        tombstone = self.registers[TOMBSTONE]
        seen = frozenset().union(*(leaf.seen for leaf in tombstone.leaves if leaf.value is True))
        return [
            leaf.stamp
            for name, register in self.registers.items()
            if name != TOMBSTONE
            for leaf in register.leaves
            if leaf.stamp not in seen
        ]


def apply(row: RowState | None, change: Change) -> RowState:
    """The row after `change`, whichever PC made it and whenever it arrives."""
    if row is None:
        if change.op != "delete" and not change.base and TOMBSTONE not in change.fields:
            # A row's first change (nearly always its insert): every field a single leaf.
            first = {
                name: Register((Version(v, change.stamp),)) for name, v in change.fields.items()
            }
            return RowState(change.table, change.row_id, first)
        row = RowState(change.table, change.row_id)
    if (row.table, row.row_id) != (change.table, change.row_id):
        raise ValueError("a change applies only to its own row")
    registers = dict(row.registers)
    writes = dict(change.fields)
    if change.op == "delete":
        # The fields a deletion itself writes are no edit against it.
        seen = frozenset(
            stamp for name, stamps in change.base.items() if name != TOMBSTONE for stamp in stamps
        ) | {change.stamp}
        deletion = Version(True, change.stamp, seen)
        registers[TOMBSTONE] = registers.get(TOMBSTONE, Register()).write(
            deletion, change.base.get(TOMBSTONE, ())
        )
        writes.pop(TOMBSTONE, None)
    elif TOMBSTONE in writes:
        restored = writes.pop(TOMBSTONE) is not None
        version = Version(restored, change.stamp)
        registers[TOMBSTONE] = registers.get(TOMBSTONE, Register()).write(
            version, change.base.get(TOMBSTONE, ())
        )
    for name, value in writes.items():
        registers[name] = registers.get(name, Register()).write(
            Version(value, change.stamp), change.base.get(name, ())
        )
    return replace(row, registers=registers)


def local_change(
    row: RowState | None,
    table: str,
    row_id: str,
    op: Op,
    fields: Mapping[str, JsonValue],
    stamp: Stamp,
    free_text: Set[str] = frozenset(),
) -> Change:
    """A change made on this PC, with the base its user saw.

    An ordinary field replaces only the value shown; a free-text field showed every version
    (see `RowState.values`), so an edit there settles its conflict. A deletion saw everything.
    """
    registers = row.registers if row else {}

    def shown(name: str) -> tuple[Stamp, ...]:
        register = registers.get(name)
        if register is None or register.winner is None:
            return ()
        if name in free_text or name == TOMBSTONE:
            return tuple(leaf.stamp for leaf in register.leaves)
        return (register.winner.stamp,)

    if op == "delete":
        base = {name: tuple(leaf.stamp for leaf in r.leaves) for name, r in registers.items()}
    else:
        base = {name: shown(name) for name in fields if shown(name)}
    return Change(table, row_id, op, dict(fields), stamp, base)


def resolve(row: RowState, name: str, keep: JsonValue, stamp: Stamp) -> Change:
    """A person's choice on the conflicts screen: `keep` replaces every version of the field."""
    register = row.registers[name]
    base = {name: tuple(leaf.stamp for leaf in register.leaves)}
    if name == TOMBSTONE:
        if keep is True:
            seen = {n: tuple(leaf.stamp for leaf in r.leaves) for n, r in row.registers.items()}
            return Change(row.table, row.row_id, "delete", {}, stamp, {**seen, **base})
        return Change(row.table, row.row_id, "update", {TOMBSTONE: None}, stamp, base)
    return Change(row.table, row.row_id, "update", {name: keep}, stamp, base)


def _distinct(leaves: Sequence[Version]) -> list[Version]:
    """The leaves with a text not already shown: two PCs writing the same words is one text."""
    kept: list[Version] = []
    for leaf in leaves:
        if all(leaf.value != other.value for other in kept):
            kept.append(leaf)
    return kept


def _both_texts(leaves: Sequence[Version]) -> str:
    """The winner's text, then each other version under a line saying where it came from."""
    parts = [_text(leaves[0].value)]
    for leaf in leaves[1:]:
        written = datetime.fromtimestamp(leaf.stamp.wall_ms / 1000, UTC)
        parts.append(
            f"--- also written on PC {leaf.stamp.device} at {written:%Y-%m-%d %H:%M} UTC ---\n"
            + _text(leaf.value)
        )
    return "\n\n".join(parts)


def _text(value: JsonValue) -> str:
    return value if isinstance(value, str) else "" if value is None else json.dumps(value)


def _canonical(version: Version) -> str:
    return json.dumps([version.value, sorted(s.encode() for s in version.seen)], sort_keys=True)


# -- rules that span rows, checked after a merge ---------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """Something a merge made that breaks a rule across rows: work for a person, in words."""

    kind: str  # "double-booked chair", "possible duplicate patient", …
    table: str
    row_ids: tuple[str, ...]
    summary: str  # no patient data: it may be logged


RuleCheck = Callable[[Sequence[RowState]], list[RuleProblem]]


def rule_problems(rows: Sequence[RowState], checks: Iterable[RuleCheck]) -> list[RuleProblem]:
    """Every check over the merged rows; both records always stay, the problem is the task."""
    return [problem for check in checks for problem in check(rows)]
