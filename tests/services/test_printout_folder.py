"""Printouts saved without a file dialog into the folder the owner chose for this PC, never
over a file already there."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.errors import InvalidInput, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.practice.printout_folder import free_path
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD


def test_a_second_printout_of_the_same_name_gets_a_number_and_the_first_is_kept(
    owner_session: PracticeSession, tmp_path: Path
) -> None:
    folder = owner_session.printout_folder
    assert folder.folder() is None
    folder.set_folder(tmp_path)
    first = folder.save(b"%PDF-1 first", "Packet Extraction 000012 2026-12-07")
    second = folder.save(b"%PDF-1 second", "Packet Extraction 000012 2026-12-07")
    assert first.name == "Packet Extraction 000012 2026-12-07.pdf"
    assert second.name == "Packet Extraction 000012 2026-12-07 (2).pdf"
    assert first.read_bytes() == b"%PDF-1 first"


def test_a_name_cannot_reach_outside_the_folder(tmp_path: Path) -> None:
    assert free_path(tmp_path, "../etc/passwd: x").parent == tmp_path


def test_without_a_folder_saving_asks_for_one(
    owner_session: PracticeSession, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="Settings"):
        owner_session.printout_folder.save(b"%PDF", "Packet")
    with pytest.raises(InvalidInput, match="no folder"):
        owner_session.printout_folder.set_folder(tmp_path / "gone")


def test_only_the_owner_chooses_the_folder(
    owner_session: PracticeSession, data_dir: Path, tmp_path: Path
) -> None:
    from practicedesk.api import open_practice

    owner_session.users.add(
        "desk", "Front Desk", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    owner_session.close()
    with (
        open_practice(data_dir, "desk", OTHER_PASSWORD) as desk,
        pytest.raises(PermissionDenied),
    ):
        desk.printout_folder.set_folder(tmp_path)


def test_a_folder_that_refuses_the_file_gets_a_sentence_not_a_crash(
    owner_session: PracticeSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from practicedesk.services.practice import printout_folder

    def disk_full(_path: Path, _data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    owner_session.printout_folder.set_folder(tmp_path)
    monkeypatch.setattr(printout_folder, "write_atomically", disk_full)
    with pytest.raises(InvalidInput, match=r"could not be saved .* \(No space left"):
        owner_session.printout_folder.save(b"%PDF", "Packet")
