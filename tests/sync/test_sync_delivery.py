"""Batches as a shared folder really delivers them: twice, late, half-written, damaged, or
not at all because the folder went away."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.services.sync import rounds as sync_module
from practicedesk.store.models import SyncPeer
from practicedesk.sync import batches, folder, peers
from tests.sync.conftest import Pair
from tests.sync.sync_fixtures import (
    conflict_keys,
    contents,
    details,
    device,
    edit,
    join,
    rounds,
)


def _batches(share: Path, pc: PracticeSession) -> list[Path]:
    return sorted((share / device(pc)).glob("*.pdbatch"))


def _forget_applied(pc: PracticeSession, other: PracticeSession) -> None:
    """Make `pc` believe it has taken in none of `other`'s batches (so it reads them again)."""
    with pc._ctx.db.writing() as session:
        session.execute(
            update(SyncPeer).where(SyncPeer.device_id == device(other)).values(applied_seq=0)
        )


def test_batches_delivered_twice_change_nothing(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, preferred_name="Annie")
    a.patients.add(NewPatient("Bo", "Baker"))
    edit(b, ana.id, preferred_name="Nana")
    rounds(a, b)
    before = contents(b), conflict_keys(b)
    assert len(before[1]) == 1

    _forget_applied(b, a)
    report = b.sync.run_round()
    assert report.batches_read >= 2  # every batch of A read a second time
    assert report.received == 0
    assert report.problems == []
    assert (contents(b), conflict_keys(b)) == before

    # A batch file copied back into the folder after it was taken in, under its own name.
    newest = _batches(pair.share, a)[-1]
    kept = newest.read_bytes()
    newest.unlink()
    assert b.sync.run_round().received == 0
    newest.write_bytes(kept)
    report = b.sync.run_round()
    assert (report.received, report.problems) == (0, [])
    assert (contents(b), conflict_keys(b)) == before
    rounds(a, b)
    assert contents(a) == contents(b)


def test_a_batch_before_the_one_it_follows_waits_for_it(pair: Pair, tmp_path: Path) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, city="Rye")
    a.sync.run_round()
    edit(a, ana.id, email="ana@rye.example")
    bo = a.patients.add(NewPatient("Bo", "Baker"))
    a.sync.run_round()
    *_, first, second = _batches(pair.share, a)
    aside = tmp_path / first.name
    shutil.move(first, aside)

    report = b.sync.run_round()
    assert report.received == 0
    assert any("is missing from the shared folder" in why for why in report.blocked), report
    assert details(b, ana.id).city == "" and details(b, ana.id).email == ""
    assert b.patients.search("Baker") == []
    status = b.sync.status()
    assert status.state == "out of step" and "is missing" in status.text

    shutil.move(aside, first)
    report = b.sync.run_round()
    assert report.batches_read == 2 and report.problems == []
    assert details(b, ana.id).city == "Rye"
    assert details(b, ana.id).email == "ana@rye.example"
    assert [p.id for p in b.patients.search("Baker")] == [bo.id]
    assert second.exists()
    rounds(a, b)
    assert contents(a) == contents(b)
    assert b.sync.status().state == "in step"


def test_a_half_written_batch_is_passed_over_silently(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, city="Rye")
    a.sync.run_round()
    newest = _batches(pair.share, a)[-1]
    seq = int(newest.stem) + 1
    half = newest.parent / f".{seq:08d}.pdbatch.x7Qk2.tmp"
    half.write_bytes(newest.read_bytes()[:40])

    report = b.sync.run_round()
    assert report.problems == []
    assert report.received == 1
    assert details(b, ana.id).city == "Rye"
    assert half.exists()
    assert b.sync.status().state == "in step"


def test_a_damaged_batch_is_reported_and_the_other_pcs_batches_still_apply(
    pair: Pair,
) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    c = join(pair.root, pair.share, "c", "Office")
    try:
        edit(a, ana.id, city="Rye")
        a.sync.run_round()
        cy = c.patients.add(NewPatient("Cy", "Cole"))
        c.sync.run_round()
        damaged = _batches(pair.share, a)[-1]
        original = damaged.read_bytes()
        spoilt = bytearray(original)
        spoilt[-20] ^= 0x01
        damaged.write_bytes(bytes(spoilt))

        report = b.sync.run_round()
        assert any(damaged.name in problem for problem in report.problems), report.problems
        assert [p.id for p in b.patients.search("Cole")] == [cy.id]  # C's batch applied
        assert details(b, ana.id).city == ""  # nothing of the damaged batch
        assert report.reachable
        status = b.sync.status()  # A's later changes wait behind it: the status bar says so
        assert status.state == "out of step" and "cannot be used" in status.text, status

        damaged.write_bytes(original)  # a good copy comes back (the NAS resyncs it)
        report = b.sync.run_round()
        assert report.problems == []
        assert b.sync.status().state == "in step"
        assert details(b, ana.id).city == "Rye"
        rounds(a, b, c)
        assert contents(a) == contents(b) == contents(c)
    finally:
        c.close()


def test_a_share_taken_by_another_practice_is_reported_in_a_whole_sentence(pair: Pair) -> None:
    (pair.share / folder.SENTINEL).write_text(
        '{"format": "practicedesk-sync", "version": 1, "practice_id": "another-practice"}'
    )
    report = pair.a.sync.run_round()
    assert not report.reachable
    assert report.problems == [
        f"the shared folder {pair.share} is another practice's shared folder"
    ]


def test_a_share_that_went_away_is_out_of_step_and_nothing_is_lost(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    gone = pair.share.with_name("share-unplugged")
    pair.share.rename(gone)
    edit(a, ana.id, city="Rye")

    report = a.sync.run_round()
    assert not report.reachable and report.problems
    assert report.sent == 0
    status = a.sync.status()
    assert status.state == "out of step"
    assert "cannot be reached" in status.text
    assert not pair.share.exists()  # nothing recreated in its place

    gone.rename(pair.share)
    report = a.sync.run_round()
    assert report.reachable and report.sent == 1
    assert a.sync.status().state == "in step"
    b.sync.run_round()
    assert details(b, ana.id).city == "Rye"


@pytest.mark.parametrize(
    "when",
    [
        "after the check",
        "before writing a batch",
    ],
)
def test_a_share_that_vanishes_during_a_round(
    pair: Pair, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """The check passes, then the NAS drops: the round must not write into a folder of its
    own making where the share was, and the change goes out once the share is back."""
    a, b, ana = pair.a, pair.b, pair.ana
    gone = pair.share.with_name("share-unplugged")
    checked, write = folder.check_share, batches.write_batch

    def check_then_vanish(share: Path, practice_id: str) -> folder.ShareState:
        state = checked(share, practice_id)
        share.rename(gone)
        return state

    def vanish_then_write(share: Path, *args: Any) -> Path:
        share.rename(gone)
        return write(share, *args)

    edit(a, ana.id, city="Rye")
    with monkeypatch.context() as patched:
        if when == "after the check":
            patched.setattr(folder, "check_share", check_then_vanish)
        else:
            patched.setattr(batches, "write_batch", vanish_then_write)
        report = a.sync.run_round()

    assert not report.reachable and report.problems
    assert a.sync.status().state == "out of step"
    assert not pair.share.exists()

    gone.rename(pair.share)
    report = a.sync.run_round()
    assert report.reachable and report.problems == []
    assert a.sync.status().state == "in step"
    b.sync.run_round()
    assert details(b, ana.id).city == "Rye"
    rounds(a, b)
    assert contents(a) == contents(b)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EROFS, "Read-only file system"),
        (errno.EACCES, "Permission denied"),
    ],
)
def test_a_full_or_read_only_share_keeps_the_changes_and_still_delivers_others(
    pair: Pair, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    """Nothing can be written (a full NAS, a share mounted read-only, rights taken away):
    A's change waits in its log and goes out later; B's changes still come in to A."""
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, city="Rye")
    edit(b, ana.id, email="ana@rye.example")
    b.sync.run_round()

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(code, reason, str(path))

    with monkeypatch.context() as patched:
        for module in (batches, peers, sync_module):
            patched.setattr(module, "write_atomically", refuse)
        report = a.sync.run_round()
        assert report.reachable and report.sent == 0
        assert any(f"cannot be written to ({reason})" in p for p in report.problems), report
        assert details(a, ana.id).email == "ana@rye.example"  # B's change came in
        status = a.sync.status()
        assert status.state == "out of step" and reason in status.text, status

    report = a.sync.run_round()
    assert report.sent == 1 and report.problems == []
    assert a.sync.status().state == "in step"
    b.sync.run_round()
    assert details(b, ana.id).city == "Rye"
    rounds(a, b)
    assert contents(a) == contents(b)


@pytest.mark.slow
def test_a_pc_away_for_a_month_catches_up(pair: Pair, monkeypatch: pytest.MonkeyPatch) -> None:
    """A syncs every day for a month (a snapshot a day, old batches compacted where it may)
    while B is off; B comes back and takes in everything."""
    import practicedesk.services.sync.rounds as sync_module

    a, b, ana = pair.a, pair.b, pair.ana
    real = sync_module.time
    days = 0

    class LaterTime:
        @staticmethod
        def time() -> float:
            return real.time() + days * 86_400

        @staticmethod
        def time_ns() -> int:
            return real.time_ns() + days * 86_400 * 10**9

    monkeypatch.setattr(sync_module, "time", LaterTime)
    added = []
    for day in range(1, 31):
        days = day
        added.append(a.patients.add(NewPatient(f"Day{day}", "Visitor")).id)
        edit(a, ana.id, city=f"City {day}")
        report = a.sync.run_round()
        assert report.problems == [] and report.sent >= 1
    snapshots = list((pair.share / folder.SNAPSHOTS).glob("*.pdbackup"))
    assert 1 <= len(snapshots) <= 2  # the newest two are kept

    days = 31
    report = b.sync.run_round()
    assert report.problems == []
    assert report.batches_read == 30
    assert details(b, ana.id).city == "City 30"
    assert {p.id for p in b.patients.search("Visitor", limit=100)} == set(added)
    rounds(a, b)
    assert contents(a) == contents(b)
    assert conflict_keys(a) == conflict_keys(b) == []
    # Once B has everything, A's batches the newest snapshot holds may go.
    a.sync.write_snapshot(pair.share)
    rounds(b, a)
    assert len(list((pair.share / device(a)).glob("*.pdbatch"))) < 30
