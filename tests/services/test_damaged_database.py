"""A practice database damaged in use: one page flipped, or the whole file emptied. Every way
in (scripts, commands, the window's check) meets one plain message naming the backup to
restore, and nothing more is written to the damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from practicedesk.api import open_practice
from practicedesk.cli import main
from practicedesk.errors import DamagedDatabase, PasswordChangeRequired
from practicedesk.security.roles import Role
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import ChangeEntry
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD
from tests.services.record_fixtures import damage_a_practice


@pytest.fixture
def damaged(data_dir: Path) -> str:
    return damage_a_practice(data_dir)


def _log_size(session: PracticeSession) -> int:
    with session._ctx.db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(ChangeEntry)).scalar_one()


def test_a_script_opening_a_damaged_practice_is_told_which_backup_to_restore(
    data_dir: Path, damaged: str
) -> None:
    with pytest.raises(DamagedDatabase) as refused:
        open_practice(data_dir, OWNER, OWNER_PASSWORD)
    message = refused.value.message
    assert "is damaged" in message and "writes nothing more" in message
    assert f"Restore the newest verified backup, {damaged}" in message
    assert refused.value.exit_code == 2


def test_reads_of_a_damaged_page_say_so_and_every_later_write_is_refused(
    data_dir: Path, damaged: str
) -> None:
    with open_practice(data_dir, OWNER, OWNER_PASSWORD, check_integrity=False) as session:
        assert [u.username for u in session.users.list()] == [OWNER]  # what is sound reads
        logged = _log_size(session)
        with pytest.raises(DamagedDatabase, match=damaged):
            session.patients.page(limit=1000)
        with pytest.raises(DamagedDatabase):
            session.patients.add(NewPatient("New", "Patient"))
        with pytest.raises(DamagedDatabase):
            session.staff.add_room("Chair 9", "#A5D6A7")
        assert _log_size(session) == logged
        assert session.damaged


def test_the_windows_check_after_sign_in_stops_writes_before_any_read_hits_the_damage(
    data_dir: Path, damaged: str
) -> None:
    with open_practice(data_dir, OWNER, OWNER_PASSWORD, check_integrity=False) as session:
        session.staff.add_room("Chair 8", "#A5D6A7")  # not known yet: written
        with pytest.raises(DamagedDatabase, match="Restore the newest verified backup"):
            session.check_integrity(thorough=True)
        logged = _log_size(session)
        with pytest.raises(DamagedDatabase):
            session.staff.add_room("Chair 9", "#A5D6A7")
        assert _log_size(session) == logged


def test_a_backup_of_a_damaged_practice_is_refused_and_leaves_no_file(
    data_dir: Path, damaged: str, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    with open_practice(data_dir, OWNER, OWNER_PASSWORD, check_integrity=False) as session:
        with pytest.raises(DamagedDatabase, match=damaged):
            session.backups.make(folder)
        assert list(folder.iterdir()) == []
        assert session.backup_schedule.run_if_due() is None


def test_the_audit_check_reports_a_damaged_page_not_an_intact_log(
    data_dir: Path, damaged: str
) -> None:
    with (
        open_practice(data_dir, OWNER, OWNER_PASSWORD, check_integrity=False) as session,
        pytest.raises(DamagedDatabase, match="is damaged"),
    ):
        session.audit.verify()


def test_an_emptied_database_is_named_as_such_and_left_as_it_was(closed_practice: Path) -> None:
    database, keys = closed_practice / "practice.db", closed_practice / "keystore.json"
    database.write_bytes(b"")
    keys_before = keys.read_bytes()
    with pytest.raises(DamagedDatabase) as refused:
        open_practice(closed_practice, OWNER, OWNER_PASSWORD)
    assert "is empty" in refused.value.message and "Nothing was changed" in refused.value.message
    assert "key file" not in refused.value.message
    assert database.stat().st_size == 0
    assert keys.read_bytes() == keys_before


def test_a_temporary_password_must_be_changed_before_anything_else_in_scripts_too(
    owner_session: PracticeSession, data_dir: Path
) -> None:
    patient = owner_session.patients.add(NewPatient("Ana", "Ames"))
    owner_session.users.add("cara", "Cara", Role.COORDINATOR, OTHER_PASSWORD)
    owner_session.close()
    with open_practice(data_dir, "cara", OTHER_PASSWORD) as session:
        assert session.must_change_password
        with pytest.raises(PasswordChangeRequired):
            session.record_export.summary_pdf(patient.id)
        with pytest.raises(PasswordChangeRequired):
            session.patients.search("Ames")
        session.change_password(OTHER_PASSWORD, "three green kites over water")
        assert session.patients.search("Ames")[0].id == patient.id


def test_every_opening_tidies_the_staging_folders_a_killed_backup_left(
    closed_practice: Path,
) -> None:
    staging = closed_practice / ".backup-k1ll3d"
    staging.mkdir()
    (staging / "snapshot.db").write_bytes(b"\0" * 1024)
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD):
        assert not staging.exists()


@pytest.mark.parametrize(
    "command",
    [["backup", "--to", "{usb}"], ["audit", "verify"], ["export-patient", "--chart", "1",
     "--format", "pdf", "--out", "{usb}/chart.pdf"]],
    ids=["backup", "audit verify", "export"],
)  # fmt: skip
def test_commands_on_a_damaged_practice_say_what_to_restore_in_one_sentence(
    data_dir: Path,
    damaged: str,
    tmp_path: Path,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setenv("PRACTICEDESK_PASSWORD", OWNER_PASSWORD)
    args = [part.format(usb=usb) for part in command]
    head = args[:2] if args[0] == "audit" else args[:1]
    code = main([*head, "--data-dir", str(data_dir), "--user", OWNER, *args[len(head) :]])
    _, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
    assert "is damaged" in lines[0] and damaged in lines[0]
    assert list(usb.iterdir()) == []


def test_a_backup_into_the_data_folder_is_refused_from_the_command_line_too(
    closed_practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inside = closed_practice / "backups"
    inside.mkdir()
    monkeypatch.setenv("PRACTICEDESK_PASSWORD", OWNER_PASSWORD)
    code = main(
        ["backup", "--data-dir", str(closed_practice), "--user", OWNER, "--to", str(inside)]
    )
    _, err = capsys.readouterr()
    assert code == 1 and "is inside the data folder" in err
    assert list(inside.iterdir()) == []
