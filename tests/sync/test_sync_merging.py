"""Two PCs editing apart and sharing back: the merge rules as the front desk meets them."""

from __future__ import annotations

import time

from practicedesk.services.patients.listing import NewPatient
from tests.sync.conftest import Pair
from tests.sync.sync_fixtures import (
    conflict_keys,
    contents,
    details,
    device,
    edit,
    join,
    patient_row,
    rounds,
    set_deleted,
)


def test_same_field_edited_apart_has_one_winner_and_the_loser_listed_on_both(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, preferred_name="Annie")
    time.sleep(0.005)  # B's edit is the later one, by the clock too
    edit(b, ana.id, preferred_name="Nana")
    rounds(a, b)

    for pc in (a, b):
        assert details(pc, ana.id).preferred_name == "Nana"
        (conflict,) = pc.sync.conflicts()
        assert (conflict.table, conflict.row_id, conflict.field) == (
            "patient",
            str(ana.id),
            "preferred_name",
        )
        assert (conflict.winner, conflict.loser) == ("Nana", "Annie")
        assert conflict.winner_from.startswith("Olive Owner on Hygiene, ")
        assert conflict.loser_from.startswith("Olive Owner on Front desk, ")
        assert not conflict.kept_both
        assert pc.sync.status().state == "conflicts"
    assert conflict_keys(a) == conflict_keys(b)


def test_resolving_on_one_pc_settles_the_conflict_on_both(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, email="ana@front.example")
    time.sleep(0.005)
    edit(b, ana.id, email="ana@hygiene.example")
    rounds(a, b)
    (conflict,) = b.sync.conflicts()
    assert conflict.winner == "ana@hygiene.example"

    b.sync.resolve(conflict.id, keep_loser=True)
    assert b.sync.conflicts() == []
    assert details(b, ana.id).email == "ana@front.example"
    rounds(a, b)

    for pc in (a, b):
        assert pc.sync.conflicts() == []
        assert details(pc, ana.id).email == "ana@front.example"
        assert pc.sync.status().state == "in step"


def test_different_fields_edited_apart_are_both_kept_without_conflict(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, email="ana@front.example", city="Dover")
    edit(b, ana.id, preferred_name="Nana", postal_code="03820")
    rounds(a, b)

    for pc in (a, b):
        seen = details(pc, ana.id)
        assert (seen.email, seen.city) == ("ana@front.example", "Dover")
        assert (seen.preferred_name, seen.postal_code) == ("Nana", "03820")
        assert pc.sync.conflicts() == []
        assert pc.sync.status().state == "in step"


def test_an_edit_made_after_seeing_the_other_pcs_is_no_conflict(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, preferred_name="Annie")
    rounds(a, b)
    assert details(b, ana.id).preferred_name == "Annie"
    edit(b, ana.id, preferred_name="Nana")
    rounds(b, a)
    for pc in (a, b):
        assert details(pc, ana.id).preferred_name == "Nana"
        assert pc.sync.conflicts() == []


def test_an_edit_against_a_deletion_keeps_the_record_and_lists_the_deletion(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    set_deleted(a, ana.id, True)
    edit(b, ana.id, email="still@here.example")
    rounds(a, b)

    for pc in (a, b):
        row = patient_row(pc, ana.id)
        assert row is not None and row["deleted_at"] is None
        assert row["email"] == "still@here.example"
        assert [p.id for p in pc.patients.search("Alvarez")] == [ana.id]
        (conflict,) = pc.sync.conflicts()
        assert (conflict.row_id, conflict.field) == (str(ana.id), "deleted_at")
        assert conflict.loser == "yes"  # the deletion lost
        assert conflict.loser_from.startswith("Olive Owner on Front desk, ")
    assert conflict_keys(a) == conflict_keys(b)

    # Deleting after all, on the PC that kept it: a deletion that has seen everything.
    (conflict,) = b.sync.conflicts()
    b.sync.resolve(conflict.id, keep_loser=True)
    rounds(b, a)
    for pc in (a, b):
        row = patient_row(pc, ana.id)
        assert row is not None and row["deleted_at"] is not None
        assert pc.sync.conflicts() == []


def test_keeping_a_record_an_edit_saved_from_deletion_settles_it_on_both(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    set_deleted(b, ana.id, True)
    edit(a, ana.id, city="Rye")
    rounds(a, b)
    (conflict,) = a.sync.conflicts()
    assert conflict.field == "deleted_at"
    a.sync.resolve(conflict.id, keep_loser=False)  # keep the record
    rounds(a, b)
    for pc in (a, b):
        row = patient_row(pc, ana.id)
        assert row is not None and row["deleted_at"] is None and row["city"] == "Rye"
        assert pc.sync.conflicts() == []
        assert pc.sync.status().state == "in step"


def test_a_deletion_seen_by_nobody_editing_deletes_on_both(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    set_deleted(b, ana.id, True)
    rounds(b, a)
    for pc in (a, b):
        row = patient_row(pc, ana.id)
        assert row is not None and row["deleted_at"] is not None
        assert pc.patients.search("Alvarez") == []
        assert pc.sync.conflicts() == []


def test_free_text_notes_edited_apart_keep_both_texts(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, notes="Prefers morning visits.")
    time.sleep(0.005)
    edit(b, ana.id, notes="Nervous about needles.")
    rounds(a, b)

    texts = set()
    for pc in (a, b):
        notes = details(pc, ana.id).notes
        assert notes.startswith("Nervous about needles.")
        assert "Prefers morning visits." in notes
        assert f"--- also written on PC {device(a)} at " in notes
        texts.add(notes)
        (conflict,) = pc.sync.conflicts()
        assert conflict.field == "notes" and conflict.kept_both
    assert len(texts) == 1

    # Whoever edits the note next has seen both texts: that settles it everywhere.
    edit(a, ana.id, notes="Prefers mornings; nervous about needles.")
    rounds(a, b)
    for pc in (a, b):
        assert details(pc, ana.id).notes == "Prefers mornings; nervous about needles."
        assert pc.sync.conflicts() == []


def test_a_patient_added_on_one_pc_is_found_by_search_on_the_other(pair: Pair) -> None:
    a, b = pair.a, pair.b
    added = a.patients.add(NewPatient("Quentin", "Zabriskie", phone="(603) 555-0142"))
    assert b.patients.search("Zabriskie") == []
    rounds(a, b)
    assert [p.id for p in b.patients.search("Zabriskie")] == [added.id]
    assert [p.id for p in b.patients.search("Quentin")] == [added.id]
    assert [p.id for p in b.patients.search("555-0142")] == [added.id]

    edit(b, added.id, last_name="Zabriski-Oakes")
    rounds(b, a)
    assert [p.id for p in a.patients.search("Oakes")] == [added.id]
    assert patient_row(a, added.id)["search_text"] == patient_row(b, added.id)["search_text"]


def test_both_pcs_hold_the_same_rows_after_edits_on_each(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    a.patients.add(NewPatient("Bo", "Baker"))
    b.patients.add(NewPatient("Cy", "Cole", phone="(603) 555-0199"))
    edit(a, ana.id, city="Rye")
    edit(b, ana.id, city="Exeter", email="ana@b.example")
    rounds(a, b)
    assert contents(a) == contents(b)
    assert conflict_keys(a) == conflict_keys(b)


def test_three_pcs_editing_one_field_list_both_losers_and_one_choice_settles_them(
    pair: Pair,
) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    c = join(pair.root, pair.share, "c", "Office")
    try:
        for pc, name in ((a, "Annie"), (b, "Nana"), (c, "Anita")):
            edit(pc, ana.id, preferred_name=name)
            time.sleep(0.005)
        rounds(a, b, c)
        for pc in (a, b, c):
            assert details(pc, ana.id).preferred_name == "Anita"
            listed = pc.sync.conflicts()
            assert sorted((x.winner, x.loser) for x in listed) == [
                ("Anita", "Annie"),
                ("Anita", "Nana"),
            ]
        assert conflict_keys(a) == conflict_keys(b) == conflict_keys(c)

        chosen = next(x for x in b.sync.conflicts() if x.loser == "Annie")
        b.sync.resolve(chosen.id, keep_loser=True)
        assert [p.id for p in b.patients.search("Annie")] == [ana.id]
        assert b.patients.search("Anita") == []
        rounds(b, a, c)
        for pc in (a, b, c):
            assert details(pc, ana.id).preferred_name == "Annie"
            assert pc.sync.conflicts() == []
        assert contents(a) == contents(b) == contents(c)
    finally:
        c.close()
