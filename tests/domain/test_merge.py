"""Merge rules: every PC ends with the same rows and the same conflicts, whatever the order."""

from __future__ import annotations

import random

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from practicedesk.domain.hlc import HybridClock
from practicedesk.domain.merge import (
    TOMBSTONE,
    Change,
    Conflict,
    JsonValue,
    Op,
    RowState,
    RuleProblem,
    apply,
    local_change,
    resolve,
    rule_problems,
)

T0 = 1_800_000_000_000
HOUR = 3_600_000
NOTES = frozenset({"notes"})


class Device:
    """One PC's copy: its clock, its rows, and the change log it would write to the share."""

    def __init__(self, name: str, offset_ms: int = 0) -> None:
        self.now = T0 + offset_ms
        self.clock = HybridClock(name, lambda: self.now)
        self.rows: dict[str, RowState] = {}
        self.log: list[Change] = []

    def write(self, row_id: str, op: Op, fields: dict[str, JsonValue] | None = None) -> Change:
        stamp = self.clock.tick()
        row = self.rows.get(row_id)
        change = local_change(row, "patient", row_id, op, fields or {}, stamp, NOTES)
        return self._keep(change)

    def settle(self, row_id: str, name: str, keep: JsonValue) -> Change:
        return self._keep(resolve(self.rows[row_id], name, keep, self.clock.tick()))

    def _keep(self, change: Change) -> Change:
        self.log.append(change)
        self.receive(change)
        return change

    def receive(self, *changes: Change) -> None:
        for change in changes:
            if change.device != self.clock.device:
                self.clock.observe(change.stamp)
            self.rows[change.row_id] = apply(self.rows.get(change.row_id), change)

    def contents(self) -> dict[str, tuple[bool, dict[str, JsonValue]]]:
        return {rid: (row.deleted, row.values(NOTES)) for rid, row in self.rows.items()}

    def conflicts(self) -> list[Conflict]:
        found = [c for row in self.rows.values() for c in row.conflicts(NOTES)]
        return sorted(found, key=repr)


def _pair() -> tuple[Device, Device, Change]:
    front, hygiene = Device("front"), Device("hygiene")
    insert = front.write("r1", "insert", {"phone": "555-0100", "notes": "", "chair": 1})
    hygiene.receive(insert)
    return front, hygiene, insert


# -- one field, two PCs ---------------------------------------------------------------------------


def test_a_field_edited_on_two_pcs_apart_has_the_same_winner_on_both_and_the_loser_kept() -> None:
    front, hygiene, _ = _pair()
    hygiene.now += 1
    mine = front.write("r1", "update", {"phone": "555-0111"})
    theirs = hygiene.write("r1", "update", {"phone": "555-0222"})
    front.receive(theirs)
    hygiene.receive(mine)
    for pc in (front, hygiene):
        assert pc.contents()["r1"][1]["phone"] == "555-0222"
        [conflict] = pc.conflicts()
        assert (conflict.field, conflict.winner.value, conflict.loser.value) == (
            "phone",
            "555-0222",
            "555-0111",
        )
        assert (conflict.winner.stamp.device, conflict.loser.stamp.device) == ("hygiene", "front")
    assert front.rows == hygiene.rows


def test_equal_clock_readings_on_two_pcs_are_settled_by_the_device_id() -> None:
    front, hygiene, _ = _pair()
    hygiene.clock = HybridClock("hygiene", lambda: hygiene.now, front.clock.last)
    mine = front.write("r1", "update", {"chair": 2})
    theirs = hygiene.write("r1", "update", {"chair": 3})
    assert (mine.stamp.wall_ms, mine.stamp.counter) == (theirs.stamp.wall_ms, theirs.stamp.counter)
    front.receive(theirs)
    hygiene.receive(mine)
    assert front.contents() == hygiene.contents()
    assert front.contents()["r1"][1]["chair"] == 3  # "hygiene" sorts after "front"
    assert [c.loser.value for c in front.conflicts()] == [2]


def test_an_edit_made_after_seeing_another_pcs_edit_is_no_conflict() -> None:
    front, hygiene, _ = _pair()
    hygiene.receive(front.write("r1", "update", {"phone": "555-0111"}))
    front.receive(hygiene.write("r1", "update", {"phone": "555-0222"}))
    assert front.conflicts() == hygiene.conflicts() == []
    assert front.contents() == hygiene.contents()


def test_a_pc_an_hour_behind_still_wins_when_it_edits_after_seeing_the_other() -> None:
    front, _, insert = _pair()
    slow = Device("slow", offset_ms=-HOUR)
    slow.receive(insert, front.write("r1", "update", {"phone": "555-0111"}))
    later = slow.write("r1", "update", {"phone": "555-0333"})
    front.receive(later)
    assert front.contents()["r1"][1]["phone"] == "555-0333"
    assert front.conflicts() == []


def test_the_same_value_written_on_two_pcs_is_no_conflict() -> None:
    front, hygiene, _ = _pair()
    mine = front.write("r1", "update", {"chair": 4})
    theirs = hygiene.write("r1", "update", {"chair": 4})
    front.receive(theirs)
    hygiene.receive(mine)
    assert front.conflicts() == hygiene.conflicts() == []


def test_a_resolved_conflict_is_gone_on_every_pc() -> None:
    front, hygiene, _ = _pair()
    hygiene.now += 1
    mine = front.write("r1", "update", {"phone": "555-0111"})
    theirs = hygiene.write("r1", "update", {"phone": "555-0222"})
    front.receive(theirs)
    hygiene.receive(mine)
    choice = front.settle("r1", "phone", "555-0111")
    hygiene.receive(choice)
    for pc in (front, hygiene):
        assert pc.conflicts() == []
        assert pc.contents()["r1"][1]["phone"] == "555-0111"


# -- deletions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("delete_later", [True, False])
def test_an_edit_against_a_deletion_keeps_the_record_and_records_the_conflict(
    delete_later: bool,
) -> None:
    front, hygiene, _ = _pair()
    (front if delete_later else hygiene).now += 5_000
    deletion = front.write("r1", "delete")
    edit = hygiene.write("r1", "update", {"phone": "555-0222"})
    front.receive(edit)
    hygiene.receive(deletion)
    for pc in (front, hygiene):
        deleted, values = pc.contents()["r1"]
        assert not deleted and values["phone"] == "555-0222"
        [conflict] = pc.conflicts()
        assert conflict.field == TOMBSTONE
        assert conflict.loser.stamp == deletion.stamp and conflict.loser.value is True
        assert conflict.winner.stamp == edit.stamp
    assert front.rows == hygiene.rows


def test_a_deletion_made_after_seeing_every_edit_deletes() -> None:
    front, hygiene, _ = _pair()
    front.receive(hygiene.write("r1", "update", {"phone": "555-0222"}))
    hygiene.receive(front.write("r1", "delete"))
    assert front.contents()["r1"][0] and hygiene.contents()["r1"][0]
    assert front.conflicts() == hygiene.conflicts() == []


def test_a_deletion_that_also_changes_fields_deletes() -> None:
    front, hygiene, _ = _pair()
    hygiene.receive(front.write("r1", "delete", {"chair": None}))
    assert hygiene.contents()["r1"][0] and hygiene.conflicts() == []


@pytest.mark.parametrize("keep_deleted", [True, False])
def test_an_edit_against_a_deletion_is_settled_either_way(keep_deleted: bool) -> None:
    front, hygiene, _ = _pair()
    deletion = front.write("r1", "delete")
    edit = hygiene.write("r1", "update", {"phone": "555-0222"})
    front.receive(edit)
    hygiene.receive(deletion)
    hygiene.receive(front.settle("r1", TOMBSTONE, keep_deleted))
    assert hygiene.contents()["r1"][0] is keep_deleted
    assert hygiene.conflicts() == []


def test_a_deleted_row_brought_back_on_one_pc_is_back_on_the_other() -> None:
    front, hygiene, _ = _pair()
    hygiene.receive(front.write("r1", "delete"))
    front.receive(hygiene.write("r1", "update", {TOMBSTONE: None}))
    assert not front.contents()["r1"][0] and not hygiene.contents()["r1"][0]


# -- delivery -------------------------------------------------------------------------------------


def test_a_change_delivered_twice_changes_nothing() -> None:
    front, hygiene, _ = _pair()
    edit = front.write("r1", "update", {"phone": "555-0111"})
    hygiene.receive(edit)
    before = dict(hygiene.rows)
    hygiene.receive(edit, edit)
    assert hygiene.rows == before


def test_changes_arriving_out_of_order_end_the_same() -> None:
    front = Device("front")
    changes = [
        front.write("r1", "insert", {"phone": "555-0100", "notes": "", "chair": 1}),
        front.write("r1", "update", {"phone": "555-0111"}),
        front.write("r1", "update", {"phone": "555-0122", "chair": 2}),
    ]
    late = Device("late")
    late.receive(*reversed(changes))
    assert late.rows == front.rows
    assert late.conflicts() == []


def test_a_change_for_another_row_is_refused() -> None:
    insert = _pair()[2]
    with pytest.raises(ValueError, match="its own row"):
        apply(RowState("patient", "r2"), insert)


# -- free text ------------------------------------------------------------------------------------


def test_notes_edited_on_two_pcs_keep_both_versions_until_someone_edits_them() -> None:
    front, hygiene, _ = _pair()
    hygiene.now += 60_000
    mine = front.write("r1", "update", {"notes": "Prefers mornings."})
    theirs = hygiene.write("r1", "update", {"notes": "Allergic to latex."})
    front.receive(theirs)
    hygiene.receive(mine)
    text = front.contents()["r1"][1]["notes"]
    assert text == hygiene.contents()["r1"][1]["notes"]
    assert isinstance(text, str) and text.startswith("Allergic to latex.")
    assert "also written on PC front" in text and text.endswith("Prefers mornings.")
    [conflict] = front.conflicts()
    assert conflict.kept_both
    edited = front.write("r1", "update", {"notes": "Allergic to latex. Prefers mornings."})
    hygiene.receive(edited)
    assert hygiene.conflicts() == []
    assert hygiene.contents()["r1"][1]["notes"] == "Allergic to latex. Prefers mornings."


# -- rules across rows ----------------------------------------------------------------------------


def test_rule_checks_report_problems_after_a_merge_without_changing_rows() -> None:
    front = Device("front")
    front.write("a", "insert", {"chair": 1})
    front.write("b", "insert", {"chair": 1})
    rows = list(front.rows.values())

    def one_per_chair(merged: list[RowState]) -> list[RuleProblem]:
        ids = tuple(sorted(r.row_id for r in merged if r.values().get("chair") == 1))
        return [RuleProblem("double-booked chair", "patient", ids, "two in chair 1")]

    assert rule_problems(rows, [one_per_chair]) == [
        RuleProblem("double-booked chair", "patient", ("a", "b"), "two in chair 1")
    ]
    assert not any(row.deleted for row in front.rows.values())


# -- three PCs at random --------------------------------------------------------------------------

ROWS = ("r1", "r2", "r3")
FIELDS = ("phone", "notes", "chair")
VALUES = st.sampled_from(["a", "b", "c", None, 1, 2])


class ThreePcs(RuleBasedStateMachine):
    """Three PCs, clocks an hour apart, change rows and swap logs late, twice and shuffled."""

    def __init__(self) -> None:
        super().__init__()
        self.pcs = [Device("pc0"), Device("pc1", HOUR), Device("pc2", -HOUR)]
        self.inserted: set[str] = set()

    pc = st.integers(0, 2)

    @initialize(value=VALUES)
    def two_rows_everyone_has(self, value: JsonValue) -> None:
        for row in ROWS[:2]:
            self.inserted.add(row)
            change = self.pcs[0].write(row, "insert", dict.fromkeys(FIELDS, value))
            for pc in self.pcs[1:]:
                pc.receive(change)

    @rule(pc=pc, row=st.sampled_from(ROWS), value=VALUES)
    def insert(self, pc: int, row: str, value: JsonValue) -> None:
        if row not in self.inserted:  # ids are UUIDs: one insert per row, ever
            self.inserted.add(row)
            self.pcs[pc].write(row, "insert", dict.fromkeys(FIELDS, value))

    def _live(self, pc: int, row: str) -> bool:
        state = self.pcs[pc].rows.get(row)
        return state is not None and not state.deleted

    @rule(pc=pc, row=st.sampled_from(ROWS), name=st.sampled_from(FIELDS), value=VALUES)
    def edit(self, pc: int, row: str, name: str, value: JsonValue) -> None:
        if self._live(pc, row):
            self.pcs[pc].write(row, "update", {name: value})

    @rule(pc=pc, row=st.sampled_from(ROWS))
    def delete(self, pc: int, row: str) -> None:
        if self._live(pc, row):
            self.pcs[pc].write(row, "delete")

    @rule(pc=pc, row=st.sampled_from(ROWS))
    def bring_back(self, pc: int, row: str) -> None:
        state = self.pcs[pc].rows.get(row)
        if state is not None and state.deleted:
            self.pcs[pc].write(row, "update", {TOMBSTONE: None})

    @rule(pc=pc, which=st.integers(0, 10))
    def settle_a_conflict(self, pc: int, which: int) -> None:
        conflicts = self.pcs[pc].conflicts()
        if conflicts:
            conflict = conflicts[which % len(conflicts)]
            self.pcs[pc].settle(conflict.row_id, conflict.field, conflict.loser.value)

    @rule(pc=pc, step=st.integers(-5_000, 60_000))
    def time_passes(self, pc: int, step: int) -> None:
        self.pcs[pc].now += step

    @rule(source=pc, to=pc, data=st.data())
    def some_changes_arrive(self, source: int, to: int, data: st.DataObject) -> None:
        log = self.pcs[source].log
        if log:
            picks = data.draw(st.lists(st.sampled_from(log), max_size=6))
            self.pcs[to].receive(*picks)

    @rule(seed=st.integers(0, 2**32 - 1))
    def everything_arrives_and_all_agree(self, seed: int) -> None:
        self._exchange_everything(random.Random(seed))

    def teardown(self) -> None:
        self._exchange_everything(random.Random(len(self.pcs[0].log)))

    def _exchange_everything(self, shuffle: random.Random) -> None:
        everything = [change for pc in self.pcs for change in pc.log]
        for pc in self.pcs:
            batch = everything + shuffle.sample(everything, len(everything) // 3)
            shuffle.shuffle(batch)
            pc.receive(*batch)
        first = self.pcs[0]
        for other in self.pcs[1:]:
            assert other.rows == first.rows
            assert other.contents() == first.contents()
            assert other.conflicts() == first.conflicts()
        # Shown by --hypothesis-show-statistics: the runs must reach the interesting cases.
        kinds = {"deletion" if c.field == TOMBSTONE else c.field for c in first.conflicts()}
        event(f"agreed with conflicts on {sorted(kinds)}")


ThreePcs.TestCase.settings = settings(max_examples=150, stateful_step_count=50, deadline=None)
test_three_pcs_converge = ThreePcs.TestCase
