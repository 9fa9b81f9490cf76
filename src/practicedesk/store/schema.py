"""Bringing a practice file's schema up to this program's, or refusing a newer one.

The revision this program expects is written here so that opening an up-to-date file never
imports Alembic (half a second). Only when a file is behind is Alembic loaded, after a safety
copy of the file is made; a file whose revision this program does not know was made by a
newer PracticeDesk and is refused untouched. tests/store/test_schema.py keeps `REVISIONS`
equal to Alembic's history.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from practicedesk.errors import DamagedDatabase, NewerDatabase
from practicedesk.store.engine import WRITE_OPTION

REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0018",
    "0019",
    "0020",
    "0021",
    "0022",
    "0023",
)  # oldest first
HEAD = REVISIONS[-1]
_MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_empty(connection: Connection) -> bool:
    return not inspect(connection).get_table_names()


def ensure_current(engine: Engine, db_path: Path, safety_dir: Path) -> str | None:
    """Upgrade if needed. Returns the path of the safety copy made, if any. A database with
    no tables is not a practice to upgrade: making the tables in it would hide that its
    contents were lost (new practices get theirs from `upgrade`)."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        empty = is_empty(connection)
    if empty:
        raise DamagedDatabase(
            f"The practice database {db_path} is empty: what it held is gone (a disk, copy "
            "or sync program may have emptied it). Nothing was changed. Restore your most "
            "recent backup."
        )
    if revision == HEAD:
        return None
    if revision is not None and revision not in REVISIONS:
        raise NewerDatabase(
            f"The practice database {db_path} was made by a newer version of PracticeDesk. "
            "It was not changed. Install the newest PracticeDesk on this PC to open it."
        )
    safety_copy = _safety_copy(engine, safety_dir, revision or "none")
    upgrade(engine)
    return str(safety_copy)


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def _safety_copy(engine: Engine, safety_dir: Path, revision: str) -> Path:
    """An encrypted copy (same key) taken with VACUUM INTO: consistent even with a WAL."""
    safety_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = safety_dir / f"practice-before-upgrade-from-{revision}-{stamp}.db"
    raw = engine.raw_connection()  # VACUUM cannot run inside the BEGIN SQLAlchemy would send
    try:
        connection = raw.driver_connection
        assert connection is not None  # a pooled connection that is checked out is open
        connection.execute("VACUUM INTO ?", (str(target),))
    finally:
        raw.close()
    return target
