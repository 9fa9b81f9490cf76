"""The SQLCipher engine, as an outsider and as the program see it: nothing readable on disk,
a wrong key opens nothing, old libraries are refused, and every connection has the pragmas
the design relies on."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from practicedesk.errors import DamagedDatabase, UnsupportedLibrary, WrongPassword
from practicedesk.security.roles import Role
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store import engine as engine_module
from practicedesk.store.engine import (
    MIN_SQLCIPHER,
    MIN_SQLITE,
    check_library_versions,
    make_engine,
    probe,
)
from practicedesk.store.models import PatientPhone
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_NAME, PRACTICE

# Distinctive enough that finding them by chance in random bytes is out of the question.
PATIENT_FIRST, PATIENT_LAST = "Philippa", "Quennell-Abernathy"
COLLEAGUE, COLLEAGUE_NAME = "wilhelmina.z", "Wilhelmina Zoltanski"
SECRETS = (
    PRACTICE.name,
    PRACTICE.street,
    OWNER,
    OWNER_NAME,
    COLLEAGUE,
    COLLEAGUE_NAME,
    PATIENT_FIRST,
    PATIENT_LAST,
)


@pytest.fixture
def busy_practice(owner_session: PracticeSession, data_dir: Path) -> PracticeSession:
    """A practice with a colleague and a patient, still open, so the WAL holds the writes."""
    owner_session.users.add(COLLEAGUE, COLLEAGUE_NAME, Role.COORDINATOR, OTHER_PASSWORD)
    owner_session.patients.add(
        NewPatient(PATIENT_FIRST, PATIENT_LAST, phone="(603) 555-0188", city="Rye")
    )
    return owner_session


def _readable_secrets(path: Path) -> list[str]:
    raw = path.read_bytes()
    return [
        secret
        for secret in SECRETS
        for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le"))
        if encoded in raw
    ]


def test_the_database_file_never_starts_like_a_plain_sqlite_file(
    busy_practice: PracticeSession, data_dir: Path
) -> None:
    header = (data_dir / "practice.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    assert not header.startswith(b"SQLite format 3")


def test_database_and_write_ahead_log_hold_no_names_in_clear(
    busy_practice: PracticeSession, data_dir: Path
) -> None:
    database, wal = data_dir / "practice.db", data_dir / "practice.db-wal"
    assert wal.exists() and wal.stat().st_size > 0, "an open practice keeps recent writes here"
    assert _readable_secrets(database) == []
    assert _readable_secrets(wal) == []


def test_no_file_the_program_writes_in_the_data_folder_names_anyone(
    busy_practice: PracticeSession, data_dir: Path
) -> None:
    busy_practice.lock_screen()
    with pytest.raises(WrongPassword):  # so the login-attempts file has something in it
        busy_practice.unlock_screen("not the password at all")
    written = [path for path in data_dir.rglob("*") if path.is_file()]
    assert {path.name for path in written} >= {
        "practice.db",
        "practice.db-wal",
        "keystore.json",
        "login-attempts.json",
    }
    for path in written:
        assert _readable_secrets(path) == [], f"names readable in {path.name}"


def test_the_names_are_there_for_the_right_key(busy_practice: PracticeSession) -> None:
    """The scan above would pass on an empty file; this shows the data really was written."""
    [patient] = busy_practice.patients.search(PATIENT_LAST)
    assert patient.first_name == PATIENT_FIRST
    assert COLLEAGUE in {user.username for user in busy_practice.users.list()}


def test_a_wrong_key_fails_when_the_database_is_probed(closed_practice: Path) -> None:
    database = closed_practice / "practice.db"
    before = database.read_bytes()
    engine = make_engine(database, os.urandom(32))
    try:
        with pytest.raises(DamagedDatabase) as refused:
            probe(engine, database)
    finally:
        engine.dispose()
    assert str(database) in refused.value.message
    assert "backup" in refused.value.message
    assert database.read_bytes() == before


def test_a_key_of_the_wrong_length_is_a_bug_caught_before_any_file_is_touched(
    tmp_path: Path,
) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        make_engine(tmp_path / "practice.db", b"\x01" * 16)
    assert not (tmp_path / "practice.db").exists()


def test_the_shipped_encryption_library_passes_the_version_check() -> None:
    check_library_versions()
    cipher, sqlite = engine_module.library_versions()
    assert cipher >= MIN_SQLCIPHER and sqlite >= MIN_SQLITE


@pytest.mark.parametrize(
    ("cipher", "sqlite"),
    [((4, 5, 6), MIN_SQLITE), (MIN_SQLCIPHER, (3, 45, 1)), ((3, 0, 0), (3, 7, 0))],
)
def test_an_old_encryption_library_is_refused_with_its_versions_named(
    monkeypatch: pytest.MonkeyPatch, cipher: tuple[int, ...], sqlite: tuple[int, ...]
) -> None:
    monkeypatch.setattr(engine_module, "library_versions", lambda: (cipher, sqlite))
    with pytest.raises(UnsupportedLibrary) as refused:
        check_library_versions()
    assert "too old" in refused.value.message
    assert ".".join(map(str, cipher)) in refused.value.message
    assert "Reinstall" in refused.value.message


def test_every_pooled_connection_uses_wal_foreign_keys_and_full_sync(
    owner_session: PracticeSession,
) -> None:
    engine = owner_session._ctx.db.engine
    # Two at once, so the second is a new connection rather than the first handed back.
    with engine.connect() as first, engine.connect() as second:
        for connection in (first, second):
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1


def test_a_row_pointing_at_a_missing_patient_is_refused(owner_session: PracticeSession) -> None:
    with pytest.raises(IntegrityError), owner_session._ctx.db.writing() as db:
        db.add(PatientPhone(patient_id=uuid.uuid4(), kind="mobile", number="+16035550188"))
        db.flush()
    with owner_session._ctx.db.reading() as db:
        assert db.query(PatientPhone).count() == 0
