"""Sessions over the encrypted engine: short reading sessions, and writing sessions that take
the write lock up front, capture changes, and commit or roll back as one unit.

A read-only database (a backup opened to look something up) refuses every change to the
practice's records with the reason it was given, and rolls back even this PC's own
bookkeeping (audit entries, recent patients): services run unchanged, nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, Table, event, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from practicedesk.domain.hlc import HybridClock, Stamp
from practicedesk.errors import InvalidInput
from practicedesk.store import changes
from practicedesk.store.engine import WRITE_OPTION
from practicedesk.store.models import Base, ChangeEntry, LocalMeta, Synced


class Database:
    def __init__(
        self, engine: Engine, path: Path, clock: HybridClock, *, read_only: str = ""
    ) -> None:
        self.engine = engine
        self.path = path
        self.clock = clock
        self.read_only = read_only  # why nothing may be written; "" for a normal database
        self.author = ""  # the signed-in user's id, logged with each change they make
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        self._listeners = changes.install(self._write, lambda: self.clock)
        if read_only:
            refusals: list[changes.Listener] = [
                ("before_flush", self._refuse_records),
                ("do_orm_execute", self._refuse_statements),
            ]
            for name, function in refusals:
                event.listen(self._write, name, function)
            self._listeners += refusals

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: everything inside is committed together or not at all."""
        if not self.read_only:
            with self._write() as session, session.begin():
                session.info[changes.AUTHOR] = self.author
                yield session
            return
        with self._write() as session:
            session.begin()
            try:
                yield session
            finally:
                session.rollback()

    def _refuse_records(self, session: Session, *_: Any) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, Synced):
                raise InvalidInput(self.read_only)

    def _refuse_statements(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            if table is None or table.name in _SYNCED_TABLES:
                raise InvalidInput(self.read_only)

    def close(self) -> None:
        """SQLAlchemy's event registry is global and holds listeners strongly; ours refer
        back to this database, so without removing them every practice ever opened in the
        process stayed in memory with its engine and statement caches."""
        for name, function in self._listeners:
            event.remove(self._write, name, function)
        self._listeners = []
        self.engine.dispose()


_SYNCED_TABLES = frozenset(
    cast(Table, mapper.local_table).name
    for mapper in Base.registry.mappers
    if issubclass(mapper.class_, Synced)
)


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(LocalMeta, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(LocalMeta, key)
    if row is None:
        session.add(LocalMeta(key=key, value=value))
    else:
        row.value = value


def last_stamp(session: Session) -> Stamp | None:
    """The newest stamp this copy has issued, so the clock never runs backwards on restart."""
    text = session.scalar(select(ChangeEntry.hlc).order_by(ChangeEntry.hlc.desc()).limit(1))
    return Stamp.decode(text) if text else None
