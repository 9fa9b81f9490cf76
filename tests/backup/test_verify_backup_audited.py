"""`practicedesk verify-backup --data-dir DIR`: the check, good or failed, is recorded in that
practice's audit log ("All are audited"); without `--data-dir` nothing is opened or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.services.audit import Action, AuditFilter
from tests.conftest import OWNER, OWNER_PASSWORD, make_practice


@pytest.fixture
def written(data_dir: Path, tmp_path: Path) -> Path:
    (tmp_path / "usb").mkdir()
    with make_practice(data_dir).session as session:
        return session.backups.make(tmp_path / "usb").path


def _verified_entries(data_dir: Path) -> list[str]:
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        entries = session.audit.entries(AuditFilter(action=Action.BACKUP_VERIFIED))
    return [f"{entry.username}: {entry.summary}" for entry in entries]


def _verify(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("PRACTICEDESK_PASSWORD", OWNER_PASSWORD)
    return main(["verify-backup", *args])


def test_a_good_backup_checked_with_data_dir_is_recorded_in_that_practice(
    data_dir: Path, written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _verify([str(written), "--user", OWNER, "--data-dir", str(data_dir)], monkeypatch)
    assert code == 0
    [entry] = _verified_entries(data_dir)
    assert entry.startswith(f"{OWNER}: {written.name}: good")


def test_a_damaged_backup_checked_with_data_dir_is_recorded_as_failed(
    data_dir: Path, written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written.write_bytes(written.read_bytes()[:-10])
    code = _verify([str(written), "--user", OWNER, "--data-dir", str(data_dir)], monkeypatch)
    assert code == 1
    [entry] = _verified_entries(data_dir)
    assert entry.startswith(f"{OWNER}: {written.name}: failed")


def test_without_data_dir_nothing_is_recorded(
    data_dir: Path, written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _verify([str(written), "--user", OWNER], monkeypatch) == 0
    assert _verified_entries(data_dir) == []


def test_data_dir_with_the_recovery_code_is_refused_in_one_sentence(
    data_dir: Path,
    written: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = _verify([str(written), "--recovery-code", "--data-dir", str(data_dir)], monkeypatch)
    err = capsys.readouterr().err.strip()
    assert code != 0 and "use --user instead" in err and len(err.splitlines()) == 1
