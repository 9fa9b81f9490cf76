"""The shared folder: only this practice's marked folder is read, and only whole batches."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.domain.hlc import Stamp
from practicedesk.domain.merge import Change
from practicedesk.errors import SyncFolderRefused
from practicedesk.sync.batches import sync_key, write_batch
from practicedesk.sync.folder import (
    SENTINEL,
    ShareState,
    check_share,
    is_ignored,
    list_batches,
    mark_share,
)

PRACTICE = "5d3c1c1e-8f43-4c36-9a57-2f8d8c1e0a11"
OTHER = "0b7e7d4e-2c4b-4c8e-8b3e-6f1f7f0d9a22"


def _batch(share: Path, device: str, seq: int) -> Path:
    change = Change("patient", "r1", "update", {"chair": seq}, Stamp(1_000 + seq, 0, device))
    return write_batch(share, PRACTICE, sync_key(b"m" * 32), device, seq, [change])


# -- which folder ---------------------------------------------------------------------------------


def test_an_empty_folder_is_new_and_becomes_this_practices_when_marked(tmp_path: Path) -> None:
    (tmp_path / "desktop.ini").write_text("[.ShellClassInfo]")
    assert check_share(tmp_path, PRACTICE) is ShareState.EMPTY
    mark_share(tmp_path, PRACTICE)
    assert check_share(tmp_path, PRACTICE) is ShareState.THIS_PRACTICE
    assert b"practice_id" in (tmp_path / SENTINEL).read_bytes()
    mark_share(tmp_path, PRACTICE)  # marking again changes nothing
    assert check_share(tmp_path, PRACTICE) is ShareState.THIS_PRACTICE


def test_another_practices_folder_is_recognised_and_never_taken_over(tmp_path: Path) -> None:
    mark_share(tmp_path, OTHER)
    assert check_share(tmp_path, PRACTICE) is ShareState.OTHER_PRACTICE
    with pytest.raises(SyncFolderRefused, match="another practice"):
        mark_share(tmp_path, PRACTICE)


def test_the_refusal_of_another_practices_folder_reads_as_a_sentence(tmp_path: Path) -> None:
    mark_share(tmp_path, OTHER)
    with pytest.raises(SyncFolderRefused) as refused:
        mark_share(tmp_path, PRACTICE)
    assert refused.value.message == (
        f"The folder {tmp_path} is another practice's shared folder, so PracticeDesk will not "
        "use it for sync. Choose an empty folder, or the folder the practice's other PCs "
        "already use."
    )


@pytest.mark.parametrize(
    ("state", "sentence"),
    [
        (ShareState.THIS_PRACTICE, "The folder S is this practice's shared folder."),
        (ShareState.EMPTY, "The folder S is empty: a new shared folder."),
        (ShareState.OTHER_PRACTICE, "The folder S is another practice's shared folder."),
        (ShareState.UNRECOGNISED,
         "The folder S holds files but is not a PracticeDesk shared folder."),
        (ShareState.MISSING, "The folder S cannot be reached."),
    ],
)  # fmt: skip
def test_every_folder_state_finishes_a_sentence_about_the_folder(
    state: ShareState, sentence: str
) -> None:
    assert f"The folder S {state.value}." == sentence


def test_a_folder_with_files_but_no_sentinel_is_not_read_as_a_share(tmp_path: Path) -> None:
    _batch(tmp_path, "frontdesk01", 1)
    assert check_share(tmp_path, PRACTICE) is ShareState.UNRECOGNISED
    with pytest.raises(SyncFolderRefused):
        mark_share(tmp_path, PRACTICE)


@pytest.mark.parametrize("content", [b"", b"{not json", b"[]", b'{"format": "x"}', b"\xff\xfe"])
def test_an_unreadable_sentinel_is_not_taken_for_ours(tmp_path: Path, content: bytes) -> None:
    (tmp_path / SENTINEL).write_bytes(content)
    assert check_share(tmp_path, PRACTICE) is ShareState.UNRECOGNISED


def test_a_huge_sentinel_is_not_read(tmp_path: Path) -> None:
    (tmp_path / SENTINEL).write_bytes(b'{"format": "practicedesk-sync", "x": "' + b"a" * 10**6)
    assert check_share(tmp_path, PRACTICE) is ShareState.UNRECOGNISED


def test_a_folder_that_is_gone_is_missing_not_empty(tmp_path: Path) -> None:
    assert check_share(tmp_path / "unplugged", PRACTICE) is ShareState.MISSING
    (tmp_path / "a file").write_text("x")
    assert check_share(tmp_path / "a file", PRACTICE) is ShareState.MISSING


# -- which files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "desktop.ini",
        "Thumbs.db",
        ".DS_Store",
        "00000003 (conflicted copy 2026-03-01).pdbatch",
        "00000003 (Jane's conflicted copy).pdbatch",
        "00000003-conflict-20260301.pdbatch",
        "00000003.sync-conflict-20260301-101010-ABCDEF.pdbatch",
        ".00000003.pdbatch.k2j4h.tmp",
        "00000003.pdbatch.tmp",
        "~$notes.docx",
    ],
)
def test_other_programs_files_are_ignored(name: str) -> None:
    assert is_ignored(name)


@pytest.mark.parametrize("name", ["00000003.pdbatch", "frontdesk01", SENTINEL])
def test_our_own_files_are_not_ignored(name: str) -> None:
    assert not is_ignored(name)


def test_only_whole_batches_are_listed_in_number_order(tmp_path: Path) -> None:
    mark_share(tmp_path, PRACTICE)
    for seq in (2, 1, 10):
        _batch(tmp_path, "frontdesk01", seq)
    _batch(tmp_path, "hygiene02", 1)
    front = tmp_path / "frontdesk01"
    (front / ".00000011.pdbatch.x7.tmp").write_bytes(b"half written")
    (front / "00000004 (conflicted copy).pdbatch").write_bytes(b"x")
    (front / "Thumbs.db").write_bytes(b"x")
    (tmp_path / "desktop.ini").write_text("x")
    (front / "notes.txt").write_text("x")
    (tmp_path / "Backup of share").mkdir()

    listing = list_batches(tmp_path)

    assert {device: [b.seq for b in found] for device, found in listing.batches.items()} == {
        "frontdesk01": [1, 2, 10],
        "hygiene02": [1],
    }
    assert sorted(p.name for p in listing.strays) == ["Backup of share", "notes.txt"]
