"""Batch files: what one PC writes opens on the others, and nothing else does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from practicedesk.domain.hlc import Stamp
from practicedesk.domain.merge import Change
from practicedesk.errors import DamagedSyncFile, ForeignSyncFile, NewerSyncFile
from practicedesk.sync import batches
from practicedesk.sync.batches import read_batch, sync_key, write_batch

PRACTICE = "5d3c1c1e-8f43-4c36-9a57-2f8d8c1e0a11"
KEY = sync_key(b"m" * 32)


def _changes(device: str = "frontdesk01") -> list[Change]:
    first = Stamp(1_800_000_000_000, 0, device)
    second = Stamp(1_800_000_000_500, 3, device)
    return [
        Change("patient", "r1", "insert", {"phone": "555-0100", "notes": None}, first),
        Change(
            "patient", "r1", "update", {"notes": "Prefers mornings."}, second, {"notes": (first,)}
        ),
        Change("patient", "r2", "delete", {}, Stamp(second.wall_ms, 4, device)),
    ]


def _written(share: Path, device: str = "frontdesk01", seq: int = 1) -> Path:
    return write_batch(share, PRACTICE, KEY, device, seq, _changes(device))


def test_a_batch_opens_as_it_was_written(tmp_path: Path) -> None:
    path = _written(tmp_path, seq=7)
    assert path == tmp_path / "frontdesk01" / "00000007.pdbatch"
    batch = read_batch(path, PRACTICE, KEY)
    assert batch.changes == tuple(_changes())
    assert (batch.practice_id, batch.device, batch.seq) == (PRACTICE, "frontdesk01", 7)
    assert (batch.first, batch.last) == (_changes()[0].stamp, _changes()[2].stamp)


def test_a_batch_holds_no_patient_data_in_clear(tmp_path: Path) -> None:
    data = _written(tmp_path).read_bytes()
    assert b"555-0100" not in data and b"mornings" not in data and b"patient" not in data


def test_a_batch_number_is_never_written_twice(tmp_path: Path) -> None:
    _written(tmp_path)
    with pytest.raises(FileExistsError):
        _written(tmp_path)


def test_a_pc_cannot_write_another_pcs_changes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="own changes"):
        write_batch(tmp_path, PRACTICE, KEY, "frontdesk01", 1, _changes("hygiene02"))


def test_a_restored_copy_relays_the_changes_its_old_self_never_sent(tmp_path: Path) -> None:
    changes = _changes("frontdesk01")[:1] + _changes("restored02")[1:]
    path = write_batch(tmp_path, PRACTICE, KEY, "restored02", 1, changes, relays="frontdesk01")
    assert read_batch(path, PRACTICE, KEY).changes == tuple(changes)
    with pytest.raises(ValueError, match="own changes"):  # only the one PC it names
        write_batch(
            tmp_path, PRACTICE, KEY, "restored02", 2, _changes("office03"), relays="frontdesk01"
        )


def test_one_byte_changed_anywhere_is_refused(tmp_path: Path) -> None:
    original = _written(tmp_path).read_bytes()
    path = tmp_path / "frontdesk01" / "00000001.pdbatch"
    for position in range(len(original)):
        changed = bytearray(original)
        changed[position] ^= 0x01
        path.write_bytes(bytes(changed))
        # The header's practice id is read before the seal is checked, so a flipped byte there
        # reads as another practice's file: refused either way.
        with pytest.raises((DamagedSyncFile, ForeignSyncFile, NewerSyncFile)) as caught:
            read_batch(path, PRACTICE, KEY)
        assert "frontdesk01/00000001.pdbatch" in caught.value.message


def test_a_file_cut_short_or_extended_is_refused(tmp_path: Path) -> None:
    path = _written(tmp_path)
    whole = path.read_bytes()
    for damaged in (whole[:-1], whole[:40], whole + b"\0", b""):
        path.write_bytes(damaged)
        with pytest.raises(DamagedSyncFile):
            read_batch(path, PRACTICE, KEY)


def test_a_batch_copied_into_another_pcs_folder_is_refused(tmp_path: Path) -> None:
    path = _written(tmp_path)
    moved = tmp_path / "hygiene02" / path.name
    moved.parent.mkdir()
    shutil.copy(path, moved)
    with pytest.raises(DamagedSyncFile, match="renamed or moved"):
        read_batch(moved, PRACTICE, KEY)


def test_a_renumbered_batch_is_refused(tmp_path: Path) -> None:
    path = _written(tmp_path)
    renamed = path.with_name("00000002.pdbatch")
    path.rename(renamed)
    with pytest.raises(DamagedSyncFile, match="renamed or moved"):
        read_batch(renamed, PRACTICE, KEY)


def test_a_renamed_batch_with_its_header_edited_to_match_still_fails_its_seal(
    tmp_path: Path,
) -> None:
    path = _written(tmp_path)
    data = path.read_bytes().replace(b'"seq":1', b'"seq":2')
    renamed = path.with_name("00000002.pdbatch")
    renamed.write_bytes(data)
    with pytest.raises(DamagedSyncFile, match="fails its check"):
        read_batch(renamed, PRACTICE, KEY)


def test_another_practices_batch_is_refused_as_foreign(tmp_path: Path) -> None:
    other = "0b7e7d4e-2c4b-4c8e-8b3e-6f1f7f0d9a22"
    path = write_batch(tmp_path, other, sync_key(b"o" * 32), "frontdesk01", 1, _changes())
    with pytest.raises(ForeignSyncFile, match="another practice"):
        read_batch(path, PRACTICE, KEY)


def test_a_batch_sealed_with_another_key_is_refused(tmp_path: Path) -> None:
    path = write_batch(tmp_path, PRACTICE, sync_key(b"o" * 32), "frontdesk01", 1, _changes())
    with pytest.raises(DamagedSyncFile, match="fails its check"):
        read_batch(path, PRACTICE, KEY)


def test_a_newer_programs_batch_asks_for_an_update(tmp_path: Path) -> None:
    path = _written(tmp_path)
    data = bytearray(path.read_bytes())
    data[8:10] = (batches.FORMAT_VERSION + 1).to_bytes(2, "big")
    path.write_bytes(bytes(data))
    with pytest.raises(NewerSyncFile, match="newer PracticeDesk"):
        read_batch(path, PRACTICE, KEY)


def test_a_huge_file_is_refused_by_its_size_before_any_of_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "frontdesk01" / "00000001.pdbatch"
    path.parent.mkdir()
    with path.open("wb") as handle:  # sparse: 2 GiB that costs no disk space
        handle.write(_written(tmp_path, seq=2).read_bytes())
        handle.truncate(2 * 1024**3)
    with pytest.raises(DamagedSyncFile, match="larger than any batch"):
        read_batch(path, PRACTICE, KEY)


def test_a_file_not_named_like_a_batch_is_refused(tmp_path: Path) -> None:
    path = _written(tmp_path)
    odd = path.with_name("1.pdbatch")
    path.rename(odd)
    with pytest.raises(DamagedSyncFile, match="not named like"):
        read_batch(odd, PRACTICE, KEY)


def test_the_file_appears_only_whole_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    _written(tmp_path)
    assert [p.name for p in (tmp_path / "frontdesk01").iterdir()] == ["00000001.pdbatch"]
