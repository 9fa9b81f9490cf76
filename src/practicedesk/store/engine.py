"""The SQLCipher engine: one encrypted file, keyed with a raw 256-bit key on every connection.

The key is applied in `do_connect`, before SQLAlchemy's first statement (a plain `connect`
listener would run too late). Transactions are begun by hand so that writing sessions take
the write lock at once (`BEGIN IMMEDIATE`) instead of failing half-way with "database is
locked". `synchronous=FULL` because a change the coordinator saw saved must survive a power
cut; `secure_delete` so deleted text does not linger in free pages. Bound parameters are
hidden from error messages: they would carry patient data into logs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from practicedesk.domain.search_terms import fold
from practicedesk.errors import DamagedDatabase, UnsupportedLibrary

MIN_SQLCIPHER = (4, 7, 0)
MIN_SQLITE = (3, 51, 3)
WRITE_OPTION = "practicedesk_write"

PRAGMAS = (
    # OFF, against DESIGN.md's list: it tripled write time for no real gain while Python
    # holds the key in memory it cannot wipe (docs/decisions/0008-cipher-memory-security.md).
    "PRAGMA cipher_memory_security = OFF",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    # 128 MiB of decrypted pages a connection may keep; only pages read are held, so a small
    # practice never fills it (docs/decisions/0030-a-larger-page-cache.md).
    "PRAGMA cache_size = -131072",
    "PRAGMA busy_timeout = 10000",
)


def library_versions() -> tuple[tuple[int, ...], tuple[int, ...]]:
    import sqlcipher3.dbapi2 as sqlcipher

    connection = sqlcipher.connect(":memory:")
    try:
        cipher = connection.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        connection.close()
    cipher_version = tuple(int(part) for part in cipher.split()[0].split("."))
    return cipher_version, tuple(sqlcipher.sqlite_version_info)


def check_library_versions() -> None:
    """Fail closed on an SQLCipher or SQLite with known weaknesses or missing features."""
    cipher, sqlite = library_versions()
    if cipher < MIN_SQLCIPHER or sqlite < MIN_SQLITE:
        raise UnsupportedLibrary(
            "The encryption library on this PC is too old "
            f"(SQLCipher {'.'.join(map(str, cipher))}, SQLite {'.'.join(map(str, sqlite))}). "
            "Reinstall PracticeDesk to get the version it was built with."
        )


def make_engine(path: Path, key: bytes) -> Engine:
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    import sqlcipher3.dbapi2 as sqlcipher

    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=False,
        hide_parameters=True,
        connect_args={"check_same_thread": False},
    )
    hex_key = key.hex()

    @event.listens_for(engine, "do_connect")
    def _open_with_key(dialect: Any, record: Any, cargs: Any, cparams: Any) -> Any:
        connection = sqlcipher.connect(*cargs, **cparams)
        connection.isolation_level = None  # we say BEGIN ourselves, see below
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        for pragma in PRAGMAS:
            connection.execute(pragma)
        connection.create_function("folded", 1, _folded, deterministic=True)
        return connection

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _folded(text: str | None) -> str:
    return fold(text or "")


def probe(engine: Engine, path: Path) -> None:
    """Read the schema once: a wrong key or a foreign file fails here, cheaply.

    Deeper damage (a file cut short, a flipped byte deep inside) is found by
    `integrity_problems`, which reads every page and so runs after login, off the UI thread.
    """
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    except DBAPIError as exc:
        raise damaged(path) from exc


def file_salt(path: Path) -> str:
    """SQLCipher's per-file salt: the first 16 bytes, never changed by writes or VACUUM."""
    try:
        with path.open("rb") as handle:
            return handle.read(16).hex()
    except OSError:
        return ""


def integrity_problems(engine: Engine, *, thorough: bool = True) -> list[str]:
    """Every page's MAC (SQLCipher's check: a flipped bit anywhere fails it) and, when
    `thorough`, the b-tree structure too; an empty list means the file is sound. On the
    20,000-patient demo practice (207 MB) the MACs take 0.85 s and the structure 1.6 s more."""
    try:
        with engine.connect() as connection:
            problems = [
                str(row[0]) for row in connection.exec_driver_sql("PRAGMA cipher_integrity_check")
            ]
            if problems or not thorough:
                return problems
            quick = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check")]
    except DBAPIError as exc:
        return [f"the database could not be read to the end ({type(exc.orig).__name__})"]
    return [line for line in quick if line != "ok"]


# SQLite's result codes for a file that is not what it should be (the low byte holds the
# primary code; SQLCipher reports a page whose check fails as one of these).
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def is_damage(exc: BaseException) -> bool:
    """Whether a database error (SQLAlchemy's, or the driver's own from a raw connection)
    says the file is damaged."""
    driver_error = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(driver_error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def damaged(path: Path) -> DamagedDatabase:
    return DamagedDatabase(
        f"The practice database {path} cannot be read: it is damaged or is not a "
        "PracticeDesk database. Nothing was changed. Restore your most recent backup, or "
        "ask for help before trying anything else with this file."
    )
