"""What an outsider finds on disk: nothing readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from practicedesk.errors import DamagedDatabase, UnsupportedLibrary
from practicedesk.services.patients import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store import engine as engine_module
from practicedesk.store.engine import check_library_versions, make_engine, probe
from tests.conftest import OWNER, OWNER_NAME, PRACTICE


def test_database_and_wal_hold_no_names_in_clear(
    owner_session: PracticeSession, data_dir: Path
) -> None:
    owner_session.patients.add(NewPatient("Philippa", "Quennell-Abernathy"))
    wal = data_dir / "practice.db-wal"
    assert wal.exists(), "the session is open, so the write-ahead log holds the last writes"
    for path in (data_dir / "practice.db", wal):
        raw = path.read_bytes()
        for secret in (PRACTICE.name, OWNER, OWNER_NAME, "Quennell-Abernathy", "Philippa"):
            assert secret.encode() not in raw, f"{secret!r} readable in {path.name}"
            assert secret.encode("utf-16-le") not in raw
    assert not (data_dir / "practice.db").read_bytes().startswith(b"SQLite format 3")


def test_keystore_and_attempts_files_name_no_one(
    owner_session: PracticeSession, data_dir: Path
) -> None:
    for name in ("keystore.json", "login-attempts.json"):
        path = data_dir / name
        if path.exists():
            content = path.read_text(encoding="utf-8")
            assert OWNER not in content and PRACTICE.name not in content


def test_a_wrong_key_cannot_read_the_database(closed_practice: Path) -> None:
    engine = make_engine(closed_practice / "practice.db", b"\x01" * 32)
    try:
        with pytest.raises(DamagedDatabase):
            probe(engine, closed_practice / "practice.db")
    finally:
        engine.dispose()


def test_connections_use_wal_foreign_keys_and_full_sync(owner_session: PracticeSession) -> None:
    engine = owner_session._ctx.db.engine
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_an_old_encryption_library_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    check_library_versions()  # the one shipped passes
    monkeypatch.setattr(engine_module, "library_versions", lambda: ((4, 5, 0), (3, 45, 0)))
    with pytest.raises(UnsupportedLibrary, match="too old"):
        engine_module.check_library_versions()
