"""The same write and read workload on SQLCipher and on plain SQLite (≤ 1.3×).

The encrypted side is the program's own engine (`store.engine.make_engine`, raw 256-bit key)
and schema (`store.schema.upgrade`). The plain side is built like it, line for line: same
pool and connect arguments, same pragmas (WAL, synchronous=FULL, foreign keys, temp_store
in memory, 128 MiB cache, secure_delete, busy timeout) except the key and cipher ones, and the
same BEGIN / BEGIN IMMEDIATE handling. It uses the same `sqlcipher3` module without a key:
SQLCipher with no key is plain SQLite of the same release, so only encryption differs. (The
stdlib's `sqlite3` links the system's SQLite, here an older release; pass its module to
`plain_engine` to compare with that too.)

The workload, timed alone (rows are generated before the clock starts), on a new file each run:
- 20,000 patients inserted in one transaction (Core insert; the FTS5 triggers index them);
- 500 single-row update transactions (phone and search words, so the FTS5 index changes);
- 3,000 reads on one connection: 1,500 last-name prefix lookups on the name index
  (`LIMIT 20`) and 1,500 primary-key gets of a whole row.
"""

from __future__ import annotations

import itertools
import random
import secrets
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select, update
from sqlalchemy.pool import QueuePool

from benchmarks.figures import Figure, interleave
from practicedesk.domain.search_terms import patient_terms
from practicedesk.store import schema
from practicedesk.store.engine import PRAGMAS, WRITE_OPTION, make_engine
from practicedesk.store.models import Patient

ROWS = 20_000
UPDATES = 500
LOOKUPS = 1_500  # of each of the two kinds
_PLAIN_PRAGMAS = tuple(pragma for pragma in PRAGMAS if "cipher" not in pragma)
_SYLLABLES = (
    "an", "ber", "cal", "dor", "el", "fin", "gar", "hol", "is", "jan", "kel", "lor",
    "mar", "nor", "os", "per", "quin", "ros", "sal", "tor", "ul", "ver", "wil", "zan",
)  # fmt: skip


def plain_engine(path: Path, module: ModuleType | None = None) -> Engine:
    """`store.engine.make_engine` without the key and cipher pragmas."""
    if module is None:
        import sqlcipher3.dbapi2 as module  # no key given: a plain SQLite file

    dbapi = module
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        module=dbapi,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=False,
        hide_parameters=True,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, record: Any, cargs: Any, cparams: Any) -> Any:
        connection = dbapi.connect(*cargs, **cparams)
        connection.isolation_level = None
        for pragma in _PLAIN_PRAGMAS:
            connection.execute(pragma)
        return connection

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _rows(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    rows = []
    for i in range(ROWS):
        first, last = _name(rng), _name(rng)
        born = date(1940 + rng.randrange(80), 1 + rng.randrange(12), 1 + rng.randrange(28))
        phone = f"(503) 555-{rng.randrange(10_000):04d}"
        words = patient_terms(first=first, middle="", last=last, preferred="", born=born,
                              phones=[phone], chart_number=i + 1, email="")  # fmt: skip
        rows.append({
            "id": uuid.uuid4(), "chart_number": i + 1, "first_name": first, "last_name": last,
            "date_of_birth": born, "phone": phone, "search_text": words, "created_at": now,
            "updated_at": now, "hlc": f"{i:015d}.000000.bench", "deleted_at": None,
        })  # fmt: skip
    return rows


def _after(prefix: str) -> str:
    """The first string that no longer starts with `prefix`: the prefix's range end."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def workload(make: Callable[[Path], Engine], seed: int = 1) -> dict[str, float]:
    """Seconds for each phase of the workload on a new database made by `make`."""
    rows = _rows(seed)
    rng = random.Random(seed + 1)
    ids = [row["id"] for row in rows]
    prefixes = [row["last_name"][:3] for row in rng.sample(rows, LOOKUPS)]
    gets = rng.sample(ids, LOOKUPS)
    changed = rng.sample(rows, UPDATES)
    with tempfile.TemporaryDirectory() as folder:
        engine = make(Path(folder) / "bench.db")
        schema.upgrade(engine)
        writer = engine.execution_options(**{WRITE_OPTION: True})
        marks = [time.perf_counter()]
        with writer.begin() as connection:
            connection.execute(insert(Patient), rows)
        marks.append(time.perf_counter())
        for row in changed:
            with writer.begin() as connection:
                connection.execute(
                    update(Patient)
                    .where(Patient.id == row["id"])
                    .values(phone="(971) 555-0000", search_text=row["search_text"] + " 9715550000")
                )
        marks.append(time.perf_counter())
        with engine.connect() as connection:
            for prefix, key in zip(prefixes, gets, strict=True):
                connection.execute(
                    select(Patient.id, Patient.first_name, Patient.last_name)
                    .where(Patient.last_name >= prefix, Patient.last_name < _after(prefix))
                    .order_by(Patient.last_name)
                    .limit(20)
                ).all()
                connection.execute(select(Patient).where(Patient.id == key)).one()
        marks.append(time.perf_counter())
        engine.dispose()
    phases = [later - earlier for earlier, later in itertools.pairwise(marks)]
    return {"total_s": marks[-1] - marks[0], "insert_s": phases[0], "update_s": phases[1],
            "read_s": phases[2]}  # fmt: skip


def measure(runs: int) -> Figure:
    key = secrets.token_bytes(32)
    encrypted, plain = interleave(
        runs,
        lambda: workload(lambda path: make_engine(path, key)),
        lambda: workload(plain_engine),
    )
    return Figure(
        name="encryption",
        what=f"insert {ROWS:,} patients, {UPDATES} single-row updates, {2 * LOOKUPS:,} indexed "
        "reads (name prefix, primary key): SQLCipher vs the same SQLite without a key",
        samples=[run["total_s"] for run in encrypted],
        baseline_samples=[run["total_s"] for run in plain],
        unit="s",
        target=1.3,
        ratio=True,
        extra={
            f"{side}_{phase}": [run[phase] for run in runs_]
            for side, runs_ in (("encrypted", encrypted), ("plain", plain))
            for phase in ("insert_s", "update_s", "read_s")
        },
    )
