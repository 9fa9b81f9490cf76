"""Sync through shares that behave as Windows shares and NAS boxes do, not as a local disk:
names that ignore case, no file locks, renames over a file refused, listings that lag.
Whatever the share does, no change is lost, none is taken in twice, and the report says
nothing is wrong when nothing is (tests/sync/share_shim.py makes the share so)."""

from __future__ import annotations

import json

import pytest

from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.sync.rounds import RoundReport
from tests.sync.conftest import Pair
from tests.sync.share_shim import QuirkyShare
from tests.sync.sync_fixtures import contents, details, device, edit, rounds


def _troubles(*reports: RoundReport) -> list[str]:
    return [text for r in reports for text in r.problems + r.blocked + r.held]


def test_batches_and_a_pc_folder_shown_in_another_case_are_taken_in_once(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of the share made with another tool, or an old NAS, may show `00000001.PDBATCH`
    in a folder `B1C2…` for the `b1c2…/00000001.pdbatch` a PC wrote."""
    a, b, ana = pair.a, pair.b, pair.ana
    QuirkyShare(pair.share, monkeypatch, ignore_case=True)
    edit(b, ana.id, city="Rye")
    b.sync.run_round()
    own = pair.share / device(b)
    for batch in own.glob("*.pdbatch"):
        batch.rename(batch.with_suffix(".PDBATCH"))
    own.rename(own.with_name(device(b).upper()))
    assert [p.name for p in pair.share.iterdir() if p.name.lower() == device(b)] == [
        device(b).upper()
    ]

    first = a.sync.run_round()
    assert _troubles(first) == []
    assert first.received > 0
    assert details(a, ana.id).city == "Rye"

    edit(b, ana.id, email="ana@rye.example")  # B goes on writing into the folder as it is
    later = rounds(b, a)
    assert _troubles(*later) == []
    assert later[1].received > 0 and later[3].received == 0  # each change taken in once
    assert details(a, ana.id).email == "ana@rye.example"
    assert contents(a) == contents(b)


def test_a_share_that_refuses_file_locks_syncs_all_the_same(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    share = QuirkyShare(pair.share, monkeypatch, refuse_locks=True)
    edit(a, ana.id, city="Rye")
    edit(b, ana.id, email="ana@rye.example")
    b.patients.add(NewPatient("Bo", "Baker"))
    reports = rounds(a, b)
    assert _troubles(*reports) == []
    assert share.refused == []  # nothing in a round asks the share for a lock
    assert contents(a) == contents(b)


def test_a_share_that_never_renames_over_a_file_keeps_every_pcs_file_current(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    share = QuirkyShare(pair.share, monkeypatch, refuse_rename_over=True)
    edit(a, ana.id, city="Rye")
    reports = rounds(a, b)
    edit(a, ana.id, email="ana@rye.example")
    reports += rounds(a, b)

    assert _troubles(*reports) == []
    assert share.refused  # pc.json was written over, the share's way
    a_said, b_said = (
        json.loads((pair.share / device(pc) / "pc.json").read_text()) for pc in (a, b)
    )
    assert b_said["applied"][device(a)] == a_said["sent"] >= 2
    assert details(b, ana.id).email == "ana@rye.example"
    assert contents(a) == contents(b)
    left = {p.name for folder in (a, b) for p in (pair.share / device(folder)).iterdir()}
    assert all(name == "pc.json" or name.endswith(".pdbatch") for name in left)


def test_listings_that_lag_lose_nothing_and_take_nothing_in_twice(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    share = QuirkyShare(pair.share, monkeypatch)
    edit(b, ana.id, city="Rye")
    rounds(b, a)
    with share.stale():
        edit(b, ana.id, email="ana@rye.example")
        bo = b.patients.add(NewPatient("Bo", "Baker"))  # its chart number claimed unlisted
        edit(a, ana.id, preferred_name="Annie")
        lagging = rounds(b, a, times=1)
    assert _troubles(*lagging) == []
    assert lagging[1].received == 0  # B's new batch is not listed yet

    caught_up, again = a.sync.run_round(), a.sync.run_round()
    assert _troubles(caught_up, again) == []
    assert (caught_up.received > 0, again.received) == (True, 0)
    assert details(a, bo.id).last_name == "Baker"
    rounds(a, b)
    assert contents(a) == contents(b)
    numbers = [pc.chart.read(bo.id).summary.chart_number for pc in (a, b)]
    assert numbers[0] == numbers[1] is not None


def test_a_batch_not_listed_yet_is_not_reported_as_gone(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair.a, pair.b
    share = QuirkyShare(pair.share, monkeypatch)
    rounds(a, b)
    for taken_in in (pair.share / device(b)).glob("*.pdbatch"):
        taken_in.unlink()  # as B does once a snapshot holds them and A has taken them in
    with share.stale():
        b.patients.add(NewPatient("Bo", "Baker"))
        b.sync.run_round()  # B's next batch, and its pc.json saying so
        lagging = a.sync.run_round()
    assert _troubles(lagging) == []
