"""A consistent copy of the live database, and the checks a copy must pass before it is trusted.

The copy is taken with SQLite's online backup API in one step, on a connection from the
program's own pool: in WAL mode that is one read transaction, so writers carry on while it
runs and the copy is the database as it stood between two transactions. The copy is keyed
with the same master key, so it is as encrypted on disk as the original: nothing in this
package ever writes a page of the database in clear.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from practicedesk.store.models import Base


@dataclass(frozen=True, slots=True)
class Facts:
    """What the header says about the snapshot, read from the snapshot itself."""

    practice_id: str
    practice_name: str
    schema_revision: str
    counts: dict[str, int]
    owner_ids: frozenset[str]


def take(engine: Engine, target: Path, master_key: bytes) -> None:
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert source is not None  # a pooled connection that is checked out is open
        with keyed(target, master_key) as copy:
            source.backup(copy)
    finally:
        raw.close()


@contextmanager
def keyed(path: Path, master_key: bytes) -> Iterator[Any]:
    import sqlcipher3.dbapi2 as sqlcipher

    connection = sqlcipher.connect(str(path), isolation_level=None)
    with closing(connection):
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{master_key.hex()}'\"")
        yield connection


def facts(connection: Any) -> Facts:
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    counts = {
        table.name: int(connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0])
        for table in Base.metadata.sorted_tables
        if table.name in tables
    }
    practice_id, name = connection.execute(
        "SELECT id, name FROM practice WHERE deleted_at IS NULL"
    ).fetchone()
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    owners = connection.execute(
        "SELECT id FROM app_user WHERE role = 'owner' AND active AND deleted_at IS NULL"
    ).fetchall()
    return Facts(
        practice_id=str(uuid.UUID(str(practice_id))),
        practice_name=str(name),
        schema_revision=str(revision),
        counts=dict(sorted(counts.items())),
        owner_ids=frozenset(str(uuid.UUID(str(row[0]))) for row in owners),
    )


def problems(connection: Any) -> list[str]:
    """Every page's MAC, then SQLite's full structural check; empty when the copy is sound."""
    found = [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
    found += [
        str(row[0]) for row in connection.execute("PRAGMA integrity_check") if str(row[0]) != "ok"
    ]
    return found
