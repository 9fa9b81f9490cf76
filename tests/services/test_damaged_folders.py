"""Bad input: every broken or missing file gets a clear message and nothing is overwritten."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from practicedesk.api import open_practice
from practicedesk.errors import (
    DamagedDatabase,
    DamagedKeystore,
    DataFolderInUse,
    DataFolderMissing,
    DataFolderNotLocal,
    DataFolderReadOnly,
    NewerDatabase,
    PracticeAlreadyExists,
    PracticeNotFound,
    WeakPassword,
)
from practicedesk.services.opening import NewOwner, create_practice
from practicedesk.store.data_folder import DataFolder
from tests.conftest import FAST_KDF, OWNER, OWNER_PASSWORD, PRACTICE, make_practice

_BOOKKEEPING = {"practicedesk.lock", "login-attempts.json", "practice.db-shm"}


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file's content; SQLite's shared-memory index and an empty new WAL are not data."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
        and path.name not in _BOOKKEEPING
        and not (path.name.endswith("-wal") and path.stat().st_size == 0)
    }


def _refused(folder: Path, error: type[Exception], *words: str) -> str:
    before = _fingerprint(folder)
    with pytest.raises(error) as raised:
        open_practice(folder, OWNER, OWNER_PASSWORD)
    assert _fingerprint(folder) == before, "a refused practice must be left exactly as it was"
    message = raised.value.message  # type: ignore[attr-defined]
    for word in words:
        assert word in message
    DataFolder(folder).lock().release()  # and the folder is not left held
    return message


def test_missing_keystore(closed_practice: Path) -> None:
    (closed_practice / "keystore.json").unlink()
    _refused(closed_practice, DamagedKeystore, "keystore.json", "backup")


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\xff\xfe\x00garbage", b'{"format": "something-else"}', b"[]"],
)
def test_unreadable_keystore(closed_practice: Path, content: bytes) -> None:
    (closed_practice / "keystore.json").write_bytes(content)
    _refused(closed_practice, DamagedKeystore, str(closed_practice / "keystore.json"))


def test_keystore_edited_by_hand(closed_practice: Path) -> None:
    path = closed_practice / "keystore.json"
    data = json.loads(path.read_text())
    data["version"] += 5
    path.write_text(json.dumps(data))
    _refused(closed_practice, DamagedKeystore, "changed outside PracticeDesk")


def test_keystore_put_back_from_an_older_copy(closed_practice: Path, tmp_path: Path) -> None:
    old = tmp_path / "old-keystore.json"
    shutil.copy(closed_practice / "keystore.json", old)
    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.change_password(OWNER_PASSWORD, "copper kettle on a windy hill")
    shutil.copy(old, closed_practice / "keystore.json")
    _refused(closed_practice, DamagedKeystore, "older copy")


def test_keystore_of_another_practice(closed_practice: Path, tmp_path: Path) -> None:
    other = make_practice(tmp_path / "other")
    other.session.close()
    shutil.copy(tmp_path / "other" / "keystore.json", closed_practice / "keystore.json")
    _refused(closed_practice, DamagedDatabase, "do not belong together")


def test_database_of_another_practice(closed_practice: Path, tmp_path: Path) -> None:
    other = make_practice(tmp_path / "other")
    other.session.close()
    shutil.copy(tmp_path / "other" / "practice.db", closed_practice / "practice.db")
    _refused(closed_practice, DamagedDatabase, "do not belong together")


def test_database_cut_short(closed_practice: Path) -> None:
    database = closed_practice / "practice.db"
    database.write_bytes(database.read_bytes()[:4096])
    _refused(closed_practice, DamagedDatabase, "practice.db", "backup")


def test_database_replaced_by_random_bytes(closed_practice: Path) -> None:
    database = closed_practice / "practice.db"
    database.write_bytes(os.urandom(database.stat().st_size))
    _refused(closed_practice, DamagedDatabase, "practice.db")


def test_database_damaged_inside_keeps_its_header(closed_practice: Path) -> None:
    database = closed_practice / "practice.db"
    data = bytearray(database.read_bytes())
    data[16:4096] = os.urandom(4096 - 16)  # the first page, past the salt
    database.write_bytes(bytes(data))
    _refused(closed_practice, DamagedDatabase, "cannot be read", "backup")


def test_database_replaced_by_a_plain_sqlite_file(closed_practice: Path) -> None:
    database = closed_practice / "practice.db"
    database.unlink()
    plain = sqlite3.connect(database)
    plain.execute("CREATE TABLE patient (name TEXT)")
    plain.commit()
    plain.close()
    _refused(closed_practice, DamagedDatabase, "unencrypted", "not a PracticeDesk database")


def test_database_made_by_a_newer_program(closed_practice: Path) -> None:
    with (
        open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session,
        session._ctx.db.engine.begin() as connection,
    ):
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    _refused(closed_practice, NewerDatabase, "newer version", "not changed")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DataFolderMissing, match="connect it"):
        open_practice(tmp_path / "E-drive" / "practice", OWNER, OWNER_PASSWORD)


def test_folder_without_a_practice(tmp_path: Path) -> None:
    with pytest.raises(PracticeNotFound, match="no practice"):
        open_practice(tmp_path, OWNER, OWNER_PASSWORD)


def test_read_only_folder(closed_practice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.name == "posix" and os.geteuid() != 0:
        closed_practice.chmod(0o555)
    else:  # root ignores permissions: make the write probe fail as a read-only disk would
        real_write = Path.write_bytes

        def read_only(self: Path, data: bytes) -> int:
            if self.name == ".practicedesk-write-test":
                raise PermissionError(30, "Read-only file system")
            return real_write(self, data)

        monkeypatch.setattr(Path, "write_bytes", read_only)
    try:
        _refused(closed_practice, DataFolderReadOnly, "cannot write")
    finally:
        closed_practice.chmod(0o755)


def test_folder_already_in_use(owner_session: object, data_dir: Path) -> None:
    with pytest.raises(DataFolderInUse, match="already open"):
        open_practice(data_dir, OWNER, OWNER_PASSWORD)


def test_cloud_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFolderNotLocal, match="OneDrive"):
        make_practice(tmp_path / "OneDrive - Smile Dental" / "practice")
    assert not (tmp_path / "OneDrive - Smile Dental").exists()


def test_creating_over_an_existing_practice_is_refused(closed_practice: Path) -> None:
    before = _fingerprint(closed_practice)
    with pytest.raises(PracticeAlreadyExists):
        make_practice(closed_practice)
    assert _fingerprint(closed_practice) == before


def test_a_weak_owner_password_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "practice"
    with pytest.raises(WeakPassword):
        create_practice(
            folder, PRACTICE, NewOwner(OWNER, "Olive", "passwordpassword"), kdf_params=FAST_KDF
        )
    assert not folder.exists() or not any(folder.iterdir())
