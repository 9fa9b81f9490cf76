"""The `.pdbackup` file: a backup restores to the same practice, opens only with an owner's
password or the recovery code, and any damage or tampering is found and refused before a
restore touches anything."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from practicedesk.api import open_practice
from practicedesk.backup import header as backup_header
from practicedesk.backup import reading, writing
from practicedesk.errors import (
    BackupNotWritten,
    BackupRefused,
    DamagedBackup,
    PermissionDenied,
    WrongBackupPassword,
    WrongBackupRecoveryCode,
)
from practicedesk.security.recovery import new_recovery_code
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.backup.files import (
    OwnerPassword,
    RecoveryCode,
    read_backup_header,
    restore_backup,
    verify_backup,
)
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store.engine import make_engine
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, PRACTICE, make_practice
from tests.services.record_fixtures import build_full_record

OWNER_KEY = OwnerPassword(OWNER, OWNER_PASSWORD)
# Random bytes do not compress: the database, and so the backup, spans several chunks.
SCAN = b"\x89PNG\r\n\x1a\n" + os.urandom(2_500_000)
_PREAMBLE = struct.Struct(">8sHI")


@dataclass(frozen=True)
class Made:
    backup: Path
    source: Path  # the practice's data folder, closed
    recovery_code: str
    tables: dict[str, list[tuple[Any, ...]]]  # the database when the backup was taken
    scan_id: uuid.UUID


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                 "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")
        ).scalars().all()  # fmt: skip
        return {
            name: sorted(
                (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))),
                key=repr,
            )
            for name in names
        }


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """A practice with a full chart, a large scan and a coordinator, and one backup of it."""
    root = tmp_path_factory.mktemp("made")
    (root / "backups").mkdir()
    created = make_practice(root / "practice")
    with created.session as session:
        record = build_full_record(session)
        scan = session.documents.add(
            record.office.ana.id, SCAN, category="x-ray or image", title="Panoramic"
        )
        session.users.add(
            "cora", "Cora Desk", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
        )
        tables = _dump(session._ctx.db.engine)
        info = session.backups.make(root / "backups")
    return Made(info.path, root / "practice", created.recovery_code, tables, scan.id)


@pytest.fixture
def backup(made: Made, tmp_path: Path) -> Path:
    """A copy each test may damage."""
    return Path(shutil.copy(made.backup, tmp_path / made.backup.name))


def _folder_digest(folder: Path) -> str:
    """Every file's name and bytes: equal digests mean nothing in the folder changed."""
    digest = hashlib.sha256()
    if not folder.exists():
        return "absent"
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _frames(data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """Where the header ends, and each chunk's (start, end) in the file."""
    _, _, length = _PREAMBLE.unpack_from(data)
    position = _PREAMBLE.size + length + 32
    header_end, frames = position, []
    while position < len(data):
        (size,) = struct.unpack_from(">I", data, position)
        end = position + 4 + 12 + size
        frames.append((position, end))
        position = end
    return header_end, frames


# -- round trip ----------------------------------------------------------------------------


def test_a_restored_backup_opens_with_the_owners_password_and_equals_the_practice(
    made: Made, tmp_path: Path
) -> None:
    target = tmp_path / "restored"
    result = restore_backup(made.backup, target, OWNER_KEY)

    assert result.safety_copy is None
    key = reading.master_key(reading.read_header(made.backup), OWNER_KEY)
    engine = make_engine(target / "practice.db", key)
    try:
        restored = _dump(engine)
    finally:
        engine.dispose()
    *kept, restore_entry = sorted(restored.pop("audit_log"), key=lambda row: row[0])
    expected = dict(made.tables)
    assert kept == sorted(expected.pop("audit_log"), key=lambda row: row[0])
    restored_meta, expected_meta = restored.pop("local_meta"), expected.pop("local_meta")
    assert dict(restored_meta)["device_id"] != dict(expected_meta)["device_id"]  # a new replica
    assert [r for r in restored_meta if r[0] != "device_id"] == [
        r for r in expected_meta if r[0] != "device_id"
    ]
    assert restored == expected
    assert Action.BACKUP_RESTORED in restore_entry
    with open_practice(target, OWNER, OWNER_PASSWORD) as session:
        assert session.documents.open(made.scan_id).content == SCAN
        assert session.practice.details().name == PRACTICE.name
        assert session.audit.verify().ok  # the log's chain came back whole
    with open_practice(target, "cora", OTHER_PASSWORD) as session:  # every user is back
        assert session.user.role is Role.COORDINATOR


def test_the_header_shows_practice_date_and_counts_without_a_password(made: Made) -> None:
    info = read_backup_header(made.backup)

    assert info.practice_name == PRACTICE.name
    assert info.created_at.tzinfo is not None
    assert info.counts["document"] == len(made.tables["document"]) == 2
    assert info.counts["patient"] == len(made.tables["patient"])
    assert "2 documents" in info.summary


def test_the_recovery_code_opens_and_restores_a_backup(made: Made, tmp_path: Path) -> None:
    code = RecoveryCode(made.recovery_code.lower().replace("-", " "))
    assert verify_backup(made.backup, code).practice_name == PRACTICE.name

    restore_backup(made.backup, tmp_path / "restored", code)
    with open_practice(tmp_path / "restored", OWNER, OWNER_PASSWORD) as session:
        entries = session.audit.entries(AuditFilter(action=Action.BACKUP_RESTORED))
    assert [entry.summary.endswith("with the recovery code") for entry in entries] == [True]


@pytest.mark.parametrize(
    "secret",
    [
        OwnerPassword(OWNER, "not the owner's password at all"),
        OwnerPassword("nobody", OWNER_PASSWORD),
        OwnerPassword("cora", OTHER_PASSWORD),  # not an owner: her key is not in the header
    ],
    ids=["wrong password", "unknown user", "coordinator"],
)
def test_only_an_owners_password_opens_a_backup(
    made: Made, tmp_path: Path, secret: OwnerPassword
) -> None:
    with pytest.raises(WrongBackupPassword, match="do not open this backup"):
        verify_backup(made.backup, secret)
    with pytest.raises(WrongBackupPassword):
        restore_backup(made.backup, tmp_path / "restored", secret)
    assert not (tmp_path / "restored").exists()


def test_a_wrong_recovery_code_fails_clearly(made: Made) -> None:
    with pytest.raises(WrongBackupRecoveryCode, match="recovery code does not open"):
        verify_backup(made.backup, RecoveryCode(new_recovery_code()))


# -- damage and tampering ------------------------------------------------------------------


def _damage(path: Path, change: str) -> None:
    data = bytearray(path.read_bytes())
    header_end, frames = _frames(bytes(data))
    if change == "cut in the header":
        del data[header_end // 2 :]
    elif change == "cut in a chunk":
        del data[frames[1][0] + 100 :]
    elif change == "cut between chunks":
        del data[frames[-1][0] :]
    elif change == "one byte cut":
        del data[-1:]
    elif change == "one byte added":
        data += b"\0"
    elif change == "two chunks swapped":
        (a0, a1), (b0, b1) = frames[0], frames[1]
        data[a0:b1] = data[b0:b1] + data[a0:a1]
    elif change == "a middle chunk dropped":
        del data[frames[1][0] : frames[1][1]]
    elif change == "a chunk repeated":
        data[frames[1][0] : frames[1][0]] = data[frames[0][0] : frames[0][1]]
    elif change == "header rewritten with a valid checksum":
        body = bytes(data[_PREAMBLE.size : header_end - 32])
        forged = body.replace(PRACTICE.name.encode(), b"Another Dental Office")
        start = _PREAMBLE.pack(b"PDBACKUP", 1, len(forged)) + forged
        data[:header_end] = start + hashlib.sha256(start).digest()
    elif change == "empty file":
        data.clear()
    path.write_bytes(bytes(data))


DAMAGE = [
    "cut in the header",
    "cut in a chunk",
    "cut between chunks",
    "one byte cut",
    "one byte added",
    "two chunks swapped",
    "a middle chunk dropped",
    "a chunk repeated",
    "header rewritten with a valid checksum",
    "empty file",
]


def test_the_backup_under_test_has_several_chunks(made: Made) -> None:
    assert len(_frames(made.backup.read_bytes())[1]) >= 3


@pytest.mark.parametrize("change", DAMAGE)
def test_a_damaged_backup_fails_verification_and_says_so(backup: Path, change: str) -> None:
    _damage(backup, change)
    with pytest.raises(DamagedBackup, match=r"damaged|not a PracticeDesk backup"):
        verify_backup(backup, OWNER_KEY)


def _flip(path: Path, position: int) -> None:
    data = bytearray(path.read_bytes())
    data[position % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


def _landmarks(path: Path) -> dict[str, int]:
    data = path.read_bytes()
    header_end, frames = _frames(data)
    first, last = frames[0][0], frames[-1][0]
    return {
        "magic": 0,
        "format version": 9,
        "header length": 12,
        "header text": _PREAMBLE.size + 40,
        "header checksum": header_end - 1,
        "first chunk length": first + 3,
        "first chunk nonce": first + 6,
        "first chunk data": first + 500,
        "middle chunk data": frames[1][0] + 70_000,
        "last chunk tag": len(data) - 1,
        "last chunk length": last,
    }


LANDMARKS = [
    "magic",
    "format version",
    "header length",
    "header text",
    "header checksum",
    "first chunk length",
    "first chunk nonce",
    "first chunk data",
    "middle chunk data",
    "last chunk tag",
    "last chunk length",
]


@pytest.mark.parametrize("place", LANDMARKS)
def test_one_flipped_byte_anywhere_is_found(backup: Path, place: str) -> None:
    _flip(backup, _landmarks(backup)[place])
    with pytest.raises(DamagedBackup):
        verify_backup(backup, OWNER_KEY)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fraction=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_one_flipped_byte_at_any_position_is_found(
    made: Made, tmp_path: Path, fraction: float
) -> None:
    copy = tmp_path / "flipped.pdbackup"
    shutil.copy(made.backup, copy)
    _flip(copy, int(fraction * made.backup.stat().st_size))
    with pytest.raises(DamagedBackup):
        verify_backup(copy, OWNER_KEY)


@pytest.mark.parametrize("change", ["two chunks swapped", "one byte cut", "a middle chunk dropped"])
def test_a_damaged_backup_is_refused_by_restore_and_nothing_changes(
    made: Made, backup: Path, tmp_path: Path, change: str
) -> None:
    existing = tmp_path / "existing"
    shutil.copytree(made.source, existing)
    before = _folder_digest(existing)
    _damage(backup, change)

    with pytest.raises(DamagedBackup):
        restore_backup(backup, tmp_path / "empty", OWNER_KEY)
    with pytest.raises(DamagedBackup):
        restore_backup(backup, existing, OWNER_KEY, replace=True)

    assert _folder_digest(existing) == before
    # No empty folder made, no staging folder left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([backup.name, "existing"])


# -- restoring over a practice -------------------------------------------------------------


def test_a_practice_is_replaced_only_when_asked_and_a_copy_of_it_is_kept(
    made: Made, tmp_path: Path
) -> None:
    existing = tmp_path / "existing"
    shutil.copytree(made.source, existing)
    with open_practice(existing, OWNER, OWNER_PASSWORD) as session:
        session.patients.add(NewPatient("Zed", "Later"))  # after the backup was taken
    before = _folder_digest(existing)

    with pytest.raises(BackupRefused, match="already a practice"):
        restore_backup(made.backup, existing, OWNER_KEY)
    assert _folder_digest(existing) == before

    result = restore_backup(made.backup, existing, OWNER_KEY, replace=True)

    assert result.safety_copy is not None
    assert {"practice.db", "keystore.json"} <= {p.name for p in result.safety_copy.iterdir()}
    with open_practice(existing, OWNER, OWNER_PASSWORD) as session:
        assert not session.patients.search("Zed Later")


def test_a_backup_of_another_practice_needs_its_own_confirmation(
    made: Made, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    make_practice(other).session.close()
    before = _folder_digest(other)

    with pytest.raises(BackupRefused, match="different practice"):
        restore_backup(made.backup, other, OWNER_KEY, replace=True)
    assert _folder_digest(other) == before

    restore_backup(made.backup, other, OWNER_KEY, replace=True, other_practice=True)
    with open_practice(other, "cora", OTHER_PASSWORD):  # the backed-up practice's user
        pass


# -- writing -------------------------------------------------------------------------------


def test_a_backup_taken_while_another_thread_writes_is_one_moment_between_transactions(
    data_dir: Path, tmp_path: Path
) -> None:
    created = make_practice(data_dir)
    session = created.session
    stop = threading.Event()
    added: list[int] = []

    def keep_writing() -> None:
        while not stop.is_set():
            session.patients.add(NewPatient("Writer", f"Number{len(added)}"))
            added.append(len(added) + 1)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(added) < 20:
            stop.wait(0.01)
        info = session.backups.make(tmp_path)
        while len(added) < info.counts["patient"] + 20:  # the front desk went on meanwhile
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
        session.close()

    restore_backup(info.path, tmp_path / "restored", OWNER_KEY)
    key = reading.master_key(reading.read_header(info.path), OWNER_KEY)
    engine = make_engine(tmp_path / "restored" / "practice.db", key)
    try:
        with engine.connect() as connection:
            patients = connection.execute(text("SELECT count(*) FROM patient")).scalar_one()
            audited = connection.execute(
                text("SELECT count(*) FROM audit_log WHERE action = 'patient added'")
            ).scalar_one()
    finally:
        engine.dispose()
    assert 20 <= patients < len(added)
    assert audited == patients  # each patient and its audit entry were one transaction


def test_an_interrupted_backup_leaves_no_file_with_a_backup_name(
    owner_session: PracticeSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def encrypt_then_fail(*args: Any) -> Iterator[bytes]:
        yield b"\0" * 1000
        raise OSError(28, "No space left on device")

    backups = tmp_path / "backups"
    backups.mkdir()
    monkeypatch.setattr(writing.chunks, "encrypt", encrypt_then_fail)
    with pytest.raises(BackupNotWritten, match="cannot be written"):
        owner_session.backups.make(backups)
    assert list(backups.iterdir()) == []


def test_a_backup_that_does_not_read_back_is_removed(
    owner_session: PracticeSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_back_fails(path: Path, key: bytes, progress: object) -> None:
        raise backup_header.damaged(path, "a piece fails its check")

    backups = tmp_path / "backups"
    backups.mkdir()
    monkeypatch.setattr(writing.reading, "verify_with_key", read_back_fails)
    with pytest.raises(BackupNotWritten, match="did not read back"):
        owner_session.backups.make(backups)
    assert list(backups.iterdir()) == []


def test_a_missing_backup_folder_is_not_made(
    owner_session: PracticeSession, tmp_path: Path
) -> None:
    with pytest.raises(BackupNotWritten, match="not there"):
        owner_session.backups.make(tmp_path / "usb-drive")
    assert not (tmp_path / "usb-drive").exists()


def test_only_the_owner_makes_backups_and_each_step_is_audited(
    owner_session: PracticeSession, data_dir: Path, tmp_path: Path
) -> None:
    owner_session.users.add(
        "cora", "Cora Desk", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    info = owner_session.backups.make(tmp_path)
    owner_session.backups.verify(info.path, OWNER_PASSWORD)
    with pytest.raises(WrongBackupPassword):
        owner_session.backups.verify(info.path, OTHER_PASSWORD)
    entries = owner_session.audit.entries()
    actions = [entry.action for entry in entries]
    assert actions[:3] == [Action.BACKUP_VERIFIED, Action.BACKUP_VERIFIED, Action.BACKUP_MADE]
    assert "failed" in entries[0].summary and "good" in entries[1].summary
    owner_session.close()

    with (
        open_practice(data_dir, "cora", OTHER_PASSWORD) as session,
        pytest.raises(PermissionDenied, match="owner"),
    ):
        session.backups.make(tmp_path)
