"""A backup opened to look something up: everything reads, nothing is written, not even to
the copy, and the copy is gone once it is closed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from practicedesk.errors import InvalidInput, WrongBackupPassword
from practicedesk.services.backup.files import (
    OwnerPassword,
    RecoveryCode,
    find_backups,
    usual_backup_folder,
)
from practicedesk.services.looking_up import READ_ONLY_MESSAGE, open_backup_read_only
from practicedesk.services.opening import NewPractice
from practicedesk.services.patients.listing import NewPatient
from tests.conftest import OWNER, OWNER_PASSWORD


@pytest.fixture
def backup(new_practice: NewPractice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    new_practice.session.patients.add_many([NewPatient("Amelia", "Zimmerman")], reason="test")
    folder = tmp_path / "backups"
    folder.mkdir()
    return new_practice.session.backups.make(folder).path


def test_a_backup_opens_read_only_and_refuses_every_change(backup: Path) -> None:
    opened = open_backup_read_only(backup, OwnerPassword(OWNER, OWNER_PASSWORD))
    copy = opened.session
    scratch = copy.data_dir
    try:
        assert copy.read_only and copy.user.username == OWNER
        assert opened.backup.path == backup
        assert copy.patients.count("Zimmerman") == 1
        audit_before = copy.audit.count()
        with pytest.raises(InvalidInput) as refused:
            copy.patients.add_many([NewPatient("Bruno", "Okafor")], reason="test")
        assert refused.value.message == READ_ONLY_MESSAGE
        with pytest.raises(InvalidInput):
            copy.backups.make(backup.parent)
        assert not copy.backup_schedule.due()  # never backed up again, so nothing pruned
        with pytest.raises(InvalidInput):
            copy.backup_schedule.run_now()
        copy.lock_screen()  # bookkeeping runs but is never kept
        assert copy.audit.count() == audit_before
        assert copy.patients.count("Okafor") == 0
    finally:
        opened.close()
    assert not scratch.exists()
    assert scratch.parent != backup.parent


def test_the_recovery_code_opens_a_backup_read_only(
    backup: Path, new_practice: NewPractice
) -> None:
    opened = open_backup_read_only(backup, RecoveryCode(new_practice.recovery_code))
    try:
        assert opened.session.user.username == OWNER
    finally:
        opened.close()


def test_a_wrong_password_leaves_no_scratch_folder(backup: Path, tmp_path: Path) -> None:
    before = sorted(tmp_path.iterdir())
    with pytest.raises(WrongBackupPassword):
        open_backup_read_only(backup, OwnerPassword(OWNER, "not the password at all"))
    assert sorted(tmp_path.iterdir()) == before


def test_backups_are_found_newest_first_in_the_usual_folder(
    new_practice: NewPractice, data_dir: Path
) -> None:
    usual = usual_backup_folder(data_dir)
    assert usual == data_dir.parent / "practice backups"
    usual.mkdir()
    first = new_practice.session.backups.make(usual)
    second = new_practice.session.backups.make(usual)
    (usual / "not-a-backup.pdbackup").write_bytes(b"nonsense")
    found = find_backups(usual, usual, data_dir / "missing")
    assert [info.path for info in found] == [second.path, first.path]
