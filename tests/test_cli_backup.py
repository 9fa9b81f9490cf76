"""`practicedesk backup`, `verify-backup` and `restore` as a script uses them: secrets from the
environment, a clear report on success, and one plain sentence with a non-zero exit code on
any failure, with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.cli import main
from tests.conftest import OWNER, OWNER_PASSWORD, PRACTICE, make_practice


@pytest.fixture
def practice(data_dir: Path) -> str:
    """A closed practice; returns its recovery code."""
    created = make_practice(data_dir)
    created.session.close()
    return created.recovery_code


def _run(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    password: str | None = OWNER_PASSWORD,
    recovery_code: str | None = None,
) -> tuple[int, str, str]:
    for variable, value in (
        ("PRACTICEDESK_PASSWORD", password),
        ("PRACTICEDESK_RECOVERY_CODE", recovery_code),
    ):
        if value is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _backup(
    data_dir: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    folder.mkdir()
    code, out, _ = _run(
        ["backup", "--data-dir", str(data_dir), "--user", OWNER, "--to", str(folder)],
        monkeypatch,
        capsys,
    )
    assert code == 0
    [written] = folder.glob("*.pdbackup")
    assert f"Backup written and verified: {written}" in out
    assert PRACTICE.name in out
    return written


def test_backup_then_verify_then_restore_into_an_empty_folder(
    practice: str,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    written = _backup(data_dir, tmp_path / "usb", monkeypatch, capsys)

    code, out, _ = _run(["verify-backup", str(written), "--user", OWNER], monkeypatch, capsys)
    assert code == 0
    assert "is good" in out

    code, out, _ = _run(
        ["verify-backup", str(written), "--recovery-code"],
        monkeypatch,
        capsys,
        password=None,
        recovery_code=practice,
    )
    assert code == 0
    assert "is good" in out

    target = tmp_path / "new-pc"
    code, out, _ = _run(
        ["restore", str(written), "--data-dir", str(target), "--user", OWNER], monkeypatch, capsys
    )
    assert code == 0
    assert f"Restored {PRACTICE.name}" in out
    with open_practice(target, OWNER, OWNER_PASSWORD) as session:
        assert session.practice.details().name == PRACTICE.name


def test_restore_over_a_practice_needs_replace_and_keeps_a_copy(
    practice: str,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    written = _backup(data_dir, tmp_path / "usb", monkeypatch, capsys)
    restore = ["restore", str(written), "--data-dir", str(data_dir), "--user", OWNER]

    code, out, err = _run(restore, monkeypatch, capsys)
    assert code == 1
    assert "already a practice" in _one_sentence(err)

    code, out, _ = _run([*restore, "--replace"], monkeypatch, capsys)
    assert code == 0
    assert "is kept in" in out


@pytest.mark.parametrize(
    ("password", "expected"),
    [("a wrong password for this", "do not open this backup"), (OWNER_PASSWORD, "damaged")],
)
def test_verify_backup_fails_in_one_sentence(
    practice: str,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    password: str,
    expected: str,
) -> None:
    written = _backup(data_dir, tmp_path / "usb", monkeypatch, capsys)
    if password == OWNER_PASSWORD:
        written.write_bytes(written.read_bytes()[:-10])

    code, _, err = _run(
        ["verify-backup", str(written), "--user", OWNER], monkeypatch, capsys, password=password
    )

    assert code == 1
    assert expected in _one_sentence(err)


def test_a_wrong_recovery_code_fails_in_one_sentence(
    practice: str,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    written = _backup(data_dir, tmp_path / "usb", monkeypatch, capsys)
    wrong = "AAAA-" * 7 + "AAAA"

    code, _, err = _run(
        ["restore", str(written), "--data-dir", str(tmp_path / "new"), "--recovery-code"],
        monkeypatch,
        capsys,
        password=None,
        recovery_code=wrong,
    )

    assert code == 1
    assert "recovery code does not open" in _one_sentence(err)
    assert not (tmp_path / "new").exists()


def test_a_missing_backup_folder_fails_before_the_password(
    practice: str,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "unplugged-drive"
    code, _, err = _run(
        ["backup", "--data-dir", str(data_dir), "--user", OWNER, "--to", str(missing)],
        monkeypatch,
        capsys,
        password=None,  # a prompt would fail the test: it must not be reached
    )

    assert code == 1
    assert "is not there" in _one_sentence(err)
    assert not missing.exists()


def test_a_file_that_is_not_a_backup_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.pdbackup"
    notes.write_text("shopping list")

    code, _, err = _run(
        ["verify-backup", str(notes), "--user", OWNER], monkeypatch, capsys, password=None
    )

    assert code == 1
    assert "is not a PracticeDesk backup" in _one_sentence(err)
