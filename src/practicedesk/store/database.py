"""Sessions over the encrypted engine: short reading sessions, and writing sessions that take
the write lock up front, capture changes, and commit or roll back as one unit.

A read-only database (a backup opened to look something up) refuses every change to the
practice's records with the reason it was given, and rolls back even this PC's own
bookkeeping (audit entries, recent patients): services run unchanged, nothing is written.

A damaged database (a page that fails its check, found by a read or by the integrity check)
is marked so: every later write is refused before it starts, since writing on top of damage
can spread it, and every error of the kind becomes one `DamagedDatabase` saying what to do
(the advice, naming the newest backup, comes from whoever opened the database).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, Table, event, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from practicedesk.domain.hlc import HybridClock, Stamp
from practicedesk.errors import DamagedDatabase, InvalidInput
from practicedesk.store import changes
from practicedesk.store.engine import WRITE_OPTION, integrity_problems, is_damage
from practicedesk.store.models import Base, ChangeEntry, LedgerEntry, LocalMeta, Synced


class Database:
    def __init__(
        self, engine: Engine, path: Path, clock: HybridClock, *, read_only: str = ""
    ) -> None:
        self.engine = engine
        self.path = path
        self.clock = clock
        self.read_only = read_only  # why nothing may be written; "" for a normal database
        self.author = ""  # the signed-in user's id, logged with each change they make
        self.damage = ""  # what was found wrong with the file; "" while none was
        # What to tell the user to do about damage (the opener knows the backups).
        self.damage_advice: Callable[[], str] = lambda: ""
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        self._listeners = changes.install(self._write, lambda: self.clock)
        event.listen(self._write, "before_flush", _keep_the_ledger_append_only)
        self._listeners.append(("before_flush", _keep_the_ledger_append_only))
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
        try:
            with self._read() as session, session.begin():
                yield session
        except DBAPIError as exc:
            self._raise_if_damage(exc)
            raise

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: everything inside is committed together or not at all."""
        if self.damage:
            raise self.damaged_error()
        if not self.read_only:
            try:
                with self._write() as session, session.begin():
                    session.info[changes.AUTHOR] = self.author
                    yield session
            except DBAPIError as exc:
                self._raise_if_damage(exc)
                raise
            return
        with self._write() as session:
            session.begin()
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def damage_checked(self) -> Iterator[None]:
        """Around work that reads the file through a raw connection (a backup's snapshot):
        damage found there is remembered and worded as damage a session finds. A known
        damaged file is refused at once: a backup of it would carry the damage."""
        if self.damage:
            raise self.damaged_error()
        try:
            yield
        except (DBAPIError, sqlcipher.DatabaseError) as exc:
            if not is_damage(exc):
                raise
            self.mark_damaged(type(exc).__name__)
            raise self.damaged_error() from exc

    def mark_damaged(self, problem: str) -> None:
        """From now on nothing is written to this file."""
        self.damage = self.damage or problem

    def integrity_problems(self, *, thorough: bool = True) -> list[str]:
        """Read and check every page (slow: seconds on a large practice, so the window runs
        it on a worker after sign-in); a damaged file is marked, so nothing more is written."""
        problems = integrity_problems(self.engine, thorough=thorough)
        if problems:
            self.mark_damaged(problems[0])
        return problems

    def damaged_error(self) -> DamagedDatabase:
        advice = self.damage_advice() or "Restore your most recent backup"
        return DamagedDatabase(
            f"The practice database {self.path} is damaged: part of it fails its check. "
            f"PracticeDesk writes nothing more to it. {advice}, and keep the damaged file "
            "for whoever supports you."
        )

    def _raise_if_damage(self, exc: DBAPIError) -> None:
        """A damaged page, or a write SQLCipher refuses once it found one, becomes the plain
        message; any other database error stays what it is (a bug, or a full disk)."""
        if is_damage(exc):
            self.mark_damaged(type(exc.orig).__name__)
        if self.damage:
            raise self.damaged_error() from exc

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


def _keep_the_ledger_append_only(session: Session, *_: Any) -> None:
    """A ledger entry is never changed or deleted: a mistake is corrected by a new entry
    that reverses it (domain/ledger.py). A bug that tried otherwise stops here, loudly."""
    for obj in session.deleted:
        if isinstance(obj, LedgerEntry):
            raise RuntimeError("ledger entries are never deleted; post a reversal")
    for obj in session.dirty:
        if isinstance(obj, LedgerEntry) and session.is_modified(obj):
            raise RuntimeError("ledger entries are never changed; post a reversal")


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
