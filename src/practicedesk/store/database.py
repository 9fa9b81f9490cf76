"""Sessions over the encrypted engine: short reading sessions, and writing sessions that take
the write lock up front, capture changes, and commit or roll back as one unit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from practicedesk.domain.hlc import HybridClock, Stamp
from practicedesk.store import changes
from practicedesk.store.engine import WRITE_OPTION
from practicedesk.store.models import ChangeEntry, LocalMeta


class Database:
    def __init__(self, engine: Engine, path: Path, clock: HybridClock) -> None:
        self.engine = engine
        self.path = path
        self.clock = clock
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        changes.install(self._write, lambda: self.clock)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: everything inside is committed together or not at all."""
        with self._write() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


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
