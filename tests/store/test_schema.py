"""Schema revisions: the program's list matches Alembic's, a newer file is refused untouched,
an older one is upgraded after a safety copy, and an up-to-date open never loads Alembic."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from practicedesk.api import open_practice
from practicedesk.errors import NewerDatabase
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.patients.listing import NewPatient
from practicedesk.store import schema
from practicedesk.store.data_folder import DataFolder
from tests.conftest import OWNER, OWNER_PASSWORD

MIGRATIONS = Path(__file__).resolve().parents[2] / "src" / "practicedesk" / "store" / "migrations"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_known_revisions_are_alembics_history_oldest_first() -> None:
    script = ScriptDirectory.from_config(_alembic_config())
    history = tuple(revision.revision for revision in script.walk_revisions())[::-1]
    assert history == schema.REVISIONS
    assert script.get_heads() == [schema.HEAD]


def test_a_database_from_a_newer_program_is_refused_and_left_byte_for_byte(
    closed_practice: Path,
) -> None:
    with (
        open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session,
        session._ctx.db.engine.begin() as connection,
    ):
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database, keystore = closed_practice / "practice.db", closed_practice / "keystore.json"
    assert not (closed_practice / "practice.db-wal").exists(), "closing folds the WAL back in"
    before, keystore_before = _sha256(database), _sha256(keystore)

    with pytest.raises(NewerDatabase) as refused:
        open_practice(closed_practice, OWNER, OWNER_PASSWORD)

    assert str(database) in refused.value.message
    assert "newer version" in refused.value.message and "not changed" in refused.value.message
    assert _sha256(database) == before
    assert _sha256(keystore) == keystore_before
    assert not (closed_practice / "safety-copies").exists()
    DataFolder(closed_practice).lock().release()  # and the folder is not left held
    # Refused again the same way: the first attempt wrote no "upgrade" into it.
    with pytest.raises(NewerDatabase):
        open_practice(closed_practice, OWNER, OWNER_PASSWORD)
    assert _sha256(database) == before


def test_an_older_practice_is_upgraded_after_an_encrypted_safety_copy(
    closed_practice: Path,
) -> None:
    from alembic import command

    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.patients.add(NewPatient("Imogen", "Older"))
        config = _alembic_config()
        with session._ctx.db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, schema.REVISIONS[0])

    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        assert [p.last_name for p in session.patients.page()] == ["Older"]
        [upgraded] = session.audit.entries(AuditFilter(action=Action.SCHEMA_UPGRADED))
        with session._ctx.db.engine.connect() as connection:
            assert schema.current_revision(connection) == schema.HEAD

    [copy] = (closed_practice / "safety-copies").iterdir()
    assert copy.name in upgraded.summary
    assert not copy.read_bytes().startswith(b"SQLite format 3")
    assert b"Older" not in copy.read_bytes()


def test_patients_from_before_chart_numbers_are_found_by_birth_date_after_the_upgrade(
    closed_practice: Path,
) -> None:
    """Revision 0003 indexes the patients already there, birth dates included."""
    from alembic import command

    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        session.patients.add(NewPatient("Imogen", "Older", date_of_birth=date(1961, 5, 4)))
        config = _alembic_config()
        with session._ctx.db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")

    with open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session:
        assert [p.last_name for p in session.patients.search("5/4/1961")] == ["Older"]


def test_opening_an_up_to_date_practice_never_imports_alembic(closed_practice: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from practicedesk.api import open_practice
        with open_practice({str(closed_practice)!r}, {OWNER!r}, {OWNER_PASSWORD!r}) as s:
            s.users.list()
        print("alembic" in sys.modules, "practicedesk.store.schema" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    # The schema module was used (so the check ran), yet Alembic stayed unloaded.
    assert result.stdout.split() == ["False", "True"]


def test_the_migrations_build_exactly_the_models_tables(closed_practice: Path) -> None:
    """A hand-written migration that forgets a column or an index shows up here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from practicedesk.store.models import Base

    with (
        open_practice(closed_practice, OWNER, OWNER_PASSWORD) as session,
        session._ctx.db.engine.connect() as connection,
    ):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    # The FTS5 index and its shadow tables are made by hand in 0003; they have no model.
    differences = [d for d in differences if "patient_fts" not in repr(d)]
    assert differences == []
