"""PCs that go away: forgotten by the owner, coming back after their batches were removed,
or replaced by a copy restored from a backup. No change may be lost in any of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.backup.reading import OwnerPassword
from practicedesk.errors import InvalidInput
from practicedesk.services.backup.files import restore_backup
from practicedesk.services.opening import open_practice
from practicedesk.services.patients.listing import NewPatient
from practicedesk.sync import folder
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.sync.conftest import Pair
from tests.sync.sync_fixtures import contents, details, device, edit, rounds


def _batch_numbers(share: Path, pc_device: str) -> list[int]:
    return sorted(int(path.stem) for path in (share / pc_device).glob("*.pdbatch"))


def _pc_file(share: Path, pc_device: str) -> Path:
    return share / pc_device / folder.PC_FILE


def test_forgetting_a_pc_removes_its_file_and_hides_it(pair: Pair) -> None:
    a, b = pair.a, pair.b
    rounds(a, b)
    gone = device(b)
    assert [peer.device for peer in a.sync.peers()] == [gone]
    assert _pc_file(pair.share, gone).exists()

    a.sync.forget(gone)

    assert a.sync.peers() == []
    assert not _pc_file(pair.share, gone).exists()
    with pytest.raises(InvalidInput):
        a.sync.forget(device(a))  # not itself
    with pytest.raises(InvalidInput):
        a.sync.forget("0123456789abcdef")  # not a PC it never knew


def test_a_forgotten_pc_that_syncs_again_comes_back(pair: Pair) -> None:
    a, b = pair.a, pair.b
    rounds(a, b)
    a.sync.forget(device(b))
    rounds(b, a, times=1)
    assert [peer.device for peer in a.sync.peers()] == [device(b)]


def test_a_forgotten_pcs_batches_are_removed_once_the_snapshot_holds_them(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(b, ana.id, city="Rye")
    rounds(b, a)
    gone = device(b)
    assert _batch_numbers(pair.share, gone)
    b.close()  # the hygiene PC breaks for good
    a.sync.forget(gone)

    a.sync.write_snapshot(pair.share)
    report = a.sync.run_round()

    assert report.problems == []
    assert _batch_numbers(pair.share, gone) == []
    assert details(a, ana.id).city == "Rye"


def test_batches_a_readable_pc_still_needs_are_kept(pair: Pair) -> None:
    """Before the owner forgets it, a PC that is only away keeps every batch it lacks."""
    a, b, ana = pair.a, pair.b, pair.ana
    rounds(a, b)
    edit(a, ana.id, city="Rye")
    a.sync.run_round()
    a.sync.write_snapshot(pair.share)
    a.sync.run_round()
    assert _batch_numbers(pair.share, device(a)) != []  # B has not taken it in yet


def test_a_pcs_own_batches_wait_while_another_pcs_file_cannot_be_read(pair: Pair) -> None:
    """Its pc.json unreadable this round, the other PC may not have taken them in yet."""
    a, b, ana = pair.a, pair.b, pair.ana
    edit(a, ana.id, city="Rye")
    rounds(a, b)
    a.sync.write_snapshot(pair.share)
    b_file = pair.share / device(b) / "pc.json"
    good = b_file.read_bytes()
    b_file.write_bytes(b"{ half written")
    a.sync.run_round()
    assert _batch_numbers(pair.share, device(a)) != []
    b_file.write_bytes(good)
    a.sync.run_round()
    assert _batch_numbers(pair.share, device(a)) == []


def test_a_pc_whose_batches_were_removed_catches_up_from_the_snapshot(pair: Pair) -> None:
    """B was forgotten while away; A went on, and its batches were removed. B comes back
    and takes in from the snapshot what no batch holds any more, then syncs as before."""
    a, b, ana = pair.a, pair.b, pair.ana
    rounds(a, b)
    a.sync.forget(device(b))
    edit(a, ana.id, city="Rye")
    bo = a.patients.add(NewPatient("Bo", "Baker"))
    a.sync.run_round()
    a.sync.write_snapshot(pair.share)
    a.sync.run_round()
    assert _batch_numbers(pair.share, device(a)) == []  # nobody it knows still needs them
    edit(a, ana.id, email="ana@rye.example")  # and one more, in a batch that is still there
    a.sync.run_round()

    report = b.sync.run_round()

    assert report.problems == [] and report.blocked == [], report
    assert details(b, ana.id).city == "Rye"
    assert details(b, ana.id).email == "ana@rye.example"
    assert [p.id for p in b.patients.search("Baker")] == [bo.id]
    assert b.sync.status().state == "in step"
    edit(b, ana.id, city="Dover")  # and it syncs both ways again
    rounds(b, a)
    assert details(a, ana.id).city == "Dover"
    assert [peer.device for peer in a.sync.peers()] == [device(b)]
    assert contents(a) == contents(b)


def test_a_damaged_snapshot_is_reported_and_nothing_of_it_is_taken_in(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    rounds(a, b)
    a.sync.forget(device(b))
    edit(a, ana.id, city="Rye")
    a.sync.run_round()
    snapshot = a.sync.write_snapshot(pair.share)
    a.sync.run_round()
    spoilt = bytearray(snapshot.read_bytes())
    spoilt[len(spoilt) // 2] ^= 0x01
    snapshot.write_bytes(bytes(spoilt))

    report = b.sync.run_round()

    assert any(snapshot.name in problem for problem in report.problems), report
    assert details(b, ana.id).city == ""
    assert b.sync.status().state == "out of step"


def test_missing_batches_no_snapshot_holds_leave_the_pc_out_of_step(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    rounds(a, b)
    edit(a, ana.id, city="Rye")
    a.sync.run_round()
    for batch in (pair.share / device(a)).glob("*.pdbatch"):
        batch.unlink()  # removed by hand, and no snapshot holds the change

    report = b.sync.run_round()

    assert report.blocked, report
    assert details(b, ana.id).city == ""
    assert b.sync.status().state == "out of step"


def test_a_pc_restored_from_its_backup_loses_nothing(pair: Pair, tmp_path: Path) -> None:
    """A's disk dies. Its backup is older than its last changes: those made after it and
    sent are read back from the share; the one made just before it and never sent is sent
    by the restored copy."""
    a, b, ana = pair.a, pair.b, pair.ana
    rounds(a, b)
    edit(a, ana.id, city="Rye")  # made and backed up, but not yet sent
    (tmp_path / "usb").mkdir()
    backup = a.backups.make(tmp_path / "usb").path
    edit(a, ana.id, email="ana@rye.example")  # made after the backup, and sent
    a.sync.run_round()
    old = device(a)
    a.close()

    restore_backup(backup, tmp_path / "a2", OwnerPassword(OWNER, OWNER_PASSWORD))
    restored = open_practice(tmp_path / "a2", OWNER, OWNER_PASSWORD)
    pair.a = restored
    assert device(restored) != old  # a copy is a new PC
    report = restored.sync.run_round()
    assert report.problems == [] and report.blocked == [], report
    assert details(restored, ana.id).email == "ana@rye.example"

    rounds(b, restored)
    assert details(b, ana.id).city == "Rye"
    assert details(restored, ana.id).city == "Rye"
    assert contents(restored) == contents(b)
