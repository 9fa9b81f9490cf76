"""The same write and read workload on SQLCipher and on plain SQLite (≤ 1.3×).

Both engines are built like the program's (store/engine.py): WAL, synchronous=FULL, foreign
keys, temp_store in memory, a 64 MiB cache, secure_delete, BEGIN IMMEDIATE for writes; the
encrypted one adds the raw key. The plain one uses the same sqlcipher3 module without a key
(SQLCipher with no key is plain SQLite), so both run the same SQLite release and only the
encryption differs; the stdlib's sqlite3 links an older, slower SQLite. The schema is the
program's, created by its migrations.
"""

from __future__ import annotations

import secrets
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select, text, update
from sqlalchemy.pool import QueuePool

from benchmarks.figures import Figure, interleave
from practicedesk.store import schema
from practicedesk.store.engine import PRAGMAS, WRITE_OPTION, make_engine
from practicedesk.store.models import Patient

ROWS = 20_000
UPDATES = 500
LOOKUPS = 3_000
_PLAIN_PRAGMAS = tuple(pragma for pragma in PRAGMAS if "cipher" not in pragma)


def _plain_engine(path: Path) -> Engine:
    import sqlcipher3.dbapi2 as sqlcipher

    engine = create_engine(
        f"sqlite+pysqlite:///{path}", module=sqlcipher, poolclass=QueuePool, pool_size=4
    )

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, record: Any, cargs: Any, cparams: Any) -> Any:
        connection = sqlcipher.connect(*cargs, **cparams)  # no key: a plain SQLite file
        connection.isolation_level = None
        for pragma in _PLAIN_PRAGMAS:
            connection.execute(pragma)
        return connection

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _workload(make: Callable[[Path], Engine]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        engine = make(Path(folder) / "bench.db")
        schema.upgrade(engine)
        writer = engine.execution_options(**{WRITE_OPTION: True})
        now = datetime.now(UTC)
        rows = [
            {
                "id": uuid.uuid4(), "first_name": f"First{i % 700}", "last_name": f"Last{i % 1900}",
                "preferred_name": "", "date_of_birth": date(1950 + i % 60, 1 + i % 12, 1 + i % 28),
                "phone": f"(503) 555-{i % 10000:04d}", "email": "", "created_at": now,
                "updated_at": now, "hlc": f"{i:015d}.000000.bench", "deleted_at": None,
            }
            for i in range(ROWS)
        ]  # fmt: skip
        ids = [row["id"] for row in rows]
        started = time.perf_counter()
        with writer.begin() as connection:
            connection.execute(insert(Patient), rows)
        for i in range(UPDATES):
            with writer.begin() as connection:
                connection.execute(
                    update(Patient)
                    .where(Patient.id == ids[i * 37 % ROWS])
                    .values(phone="(971) 555-0000")
                )
        with engine.connect() as connection:
            for i in range(LOOKUPS):
                if i % 2:
                    connection.execute(
                        select(Patient.id, Patient.first_name)
                        .where(Patient.last_name.like(f"Last{i % 190}%"))
                        .order_by(Patient.last_name)
                        .limit(20)
                    ).all()
                else:
                    connection.execute(
                        select(Patient).where(Patient.id == ids[i * 13 % ROWS])
                    ).one()
            connection.execute(text("SELECT count(*) FROM patient")).scalar_one()
        elapsed = time.perf_counter() - started
        engine.dispose()
        return elapsed


def measure(runs: int) -> Figure:
    key = secrets.token_bytes(32)
    encrypted, plain = interleave(
        runs,
        lambda: _workload(lambda path: make_engine(path, key)),
        lambda: _workload(_plain_engine),
    )
    return Figure(
        name="encryption",
        what=f"insert {ROWS:,} patients, {UPDATES} single-row updates, {LOOKUPS:,} indexed reads: "
        "SQLCipher vs plain SQLite",
        samples=encrypted,
        baseline_samples=plain,
        unit="s",
        target=1.3,
        ratio=True,
    )
