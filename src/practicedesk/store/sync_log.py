"""The change log as sync sees it: every row's merged state, other PCs' changes taken in, and
rows brought up to date from what their changes add up to.

A row's state is the fold of every change logged for it, this PC's and the others', by the
rules of `domain/merge.py`; since that fold ignores order and repeats, the log is the one
truth and the table row is only its current reading. Taking in a batch therefore means:
log the changes not seen before, fold each touched row again, write the rows (Core
statements, so change capture does not log them as this PC's), and work out the row's
conflicts again. A row whose insert has not arrived yet, or whose parent row has not, waits
and is tried again on the next round.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Column, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from practicedesk.domain.hlc import Stamp
from practicedesk.domain.merge import TOMBSTONE, Change, RowState, apply, local_change
from practicedesk.store.models import Base, ChangeEntry, SyncConflict, Synced

# Fields whose edits on two PCs keep both texts rather than hiding one (merge rule 5).
FREE_TEXT = frozenset({"notes", "summary"})
# Fields worked out from others on each PC; never sent, never merged (services recompute them).
DERIVED: Mapping[str, frozenset[str]] = {"patient": frozenset({"search_text"})}

RowKey = tuple[str, str]  # table name, row id as text
_CHUNK = 400


def synced_tables() -> dict[str, Table]:
    return {
        mapper.local_table.name: mapper.local_table
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Synced) and isinstance(mapper.local_table, Table)
    }


_TABLES = synced_tables()
_CHANGE_LOG = cast(Table, ChangeEntry.__table__)
_ORDER = {table.name: index for index, table in enumerate(Base.metadata.sorted_tables)}


def to_change(entry: Any) -> Change:
    """A change-log row (ORM object or Core row) as the merge rules take it."""
    fields = json.loads(entry.data)
    for name in DERIVED.get(entry.table_name, ()):
        fields.pop(name, None)
    base = {
        name: tuple(Stamp.decode(text) for text in stamps)
        for name, stamps in json.loads(entry.base or "{}").items()
    }
    return Change(
        entry.table_name,
        str(entry.row_id),
        entry.op,
        fields,
        Stamp.decode(entry.hlc),
        base,
        entry.by,
    )


def row_states(session: Session, keys: Iterable[RowKey]) -> dict[RowKey, RowState]:
    """Each row's state, folded from all its logged changes (rows never logged are absent)."""
    ids = sorted({key[1] for key in keys})
    return {
        (state.table, state.row_id): state
        for start in range(0, len(ids), _CHUNK)
        for state in _fold(_logged(session, ids[start : start + _CHUNK]))
    }


# The change-log columns `to_change` reads.
LOGGED = (
    ChangeEntry.table_name,
    ChangeEntry.row_id,
    ChangeEntry.op,
    ChangeEntry.data,
    ChangeEntry.base,
    ChangeEntry.hlc,
    ChangeEntry.by,
)


def _logged(session: Session, row_ids: Sequence[str]) -> Sequence[Any]:
    """The logged changes of these rows (no more than `_CHUNK` of them), in row order."""
    return session.execute(
        select(*LOGGED)
        .where(ChangeEntry.row_id.in_([uuid.UUID(text) for text in row_ids]))
        .order_by(ChangeEntry.row_id)
    ).all()


def _fold(entries: Iterable[Any]) -> Iterator[RowState]:
    """Each row's state from its change-log entries (in row order), one row after another,
    so that a caller can use a state and let it go before the next one is made."""
    for _, group in itertools.groupby(entries, key=lambda entry: entry.row_id):
        states: dict[RowKey, RowState] = {}
        for entry in group:
            change = to_change(entry)
            key = (change.table, change.row_id)
            states[key] = apply(states.get(key), change)
        yield from states.values()


def local_base(
    state: RowState | None, table: str, op: str, fields: Mapping[str, Any]
) -> dict[str, list[str]]:
    """The base of a change made on this PC: the versions its user was shown."""
    if state is None:
        return {}
    made = local_change(state, table, state.row_id, op, fields, _ANY_STAMP, FREE_TEXT)  # type: ignore[arg-type]
    return {name: [stamp.encode() for stamp in stamps] for name, stamps in made.base.items()}


_ANY_STAMP = Stamp(0, 0, "local")  # local_change needs a stamp; only its base is used here


def entry_row(change: Change, now: datetime) -> dict[str, Any]:
    return {
        "hlc": change.stamp.encode(),
        "device_id": change.device,
        "table_name": change.table,
        "row_id": uuid.UUID(change.row_id),
        "op": change.op,
        "data": json.dumps(dict(change.fields), sort_keys=True),
        "base": json.dumps(
            {name: [s.encode() for s in stamps] for name, stamps in change.base.items()},
            sort_keys=True,
        ),
        "at": now,
        "by": change.by,
    }


def record(session: Session, changes: Sequence[Change], now: datetime) -> list[Change]:
    """Log the changes this copy has not logged yet; returns those (a repeat is a no-op)."""
    fresh: dict[str, Change] = {}
    for change in changes:
        fresh.setdefault(change.stamp.encode(), change)
    stamps = list(fresh)
    for start in range(0, len(stamps), _CHUNK):
        known = session.scalars(
            select(ChangeEntry.hlc).where(ChangeEntry.hlc.in_(stamps[start : start + _CHUNK]))
        )
        for stamp in known:
            fresh.pop(stamp, None)
    if fresh:
        # Core, not the ORM's bulk insert: the rows are plain already, and the ORM's
        # handling of them took 0.12-0.16 s for 10,000 against 0.08 s for the insert itself.
        session.execute(insert(_CHANGE_LOG), [entry_row(c, now) for c in fresh.values()])
    return list(fresh.values())


@dataclass
class Materialized:
    written: list[RowKey] = field(default_factory=list)
    waiting: list[RowKey] = field(default_factory=list)  # insert or parent not here yet
    unknown: list[RowKey] = field(default_factory=list)  # a table this program does not have


def materialize(session: Session, keys: Iterable[RowKey]) -> Materialized:
    """Write each row as its changes add up to, parents before children; refresh conflicts.

    One row at a time: folded, written and its conflicts worked out, then let go. A round may
    bring 10,000 rows, and holding all their states at once (some 50 objects a row) had the
    garbage collector walk them again and again: a fifth of the round."""
    wanted = sorted(set(keys), key=lambda key: (_ORDER.get(key[0], 1 << 30), key[1]))
    result = Materialized()
    with session.no_autoflush:
        for table_name, group in itertools.groupby(wanted, key=lambda key: key[0]):
            table = _TABLES.get(table_name)
            rows = list(group)
            for start in range(0, len(rows), _CHUNK):
                chunk = rows[start : start + _CHUNK]
                if table is None:
                    result.unknown += chunk
                _materialize_chunk(session, table, chunk, result)
    return result


def _materialize_chunk(
    session: Session, table: Table | None, keys: list[RowKey], result: Materialized
) -> None:
    """Rows of one table (None: a table this program does not have, whose rows only have
    their conflicts worked out), read and written in bulk."""
    ids = [key[1] for key in keys]
    wanted = set(keys)
    current = _current_rows(session, table, ids) if table is not None else {}
    inserts: list[tuple[RowKey, dict[str, Any]]] = []
    folded: list[str] = []
    conflicts: list[dict[str, Any]] = []
    for state in _fold(_logged(session, ids)):
        key = (state.table, state.row_id)
        if key not in wanted:
            continue  # the same id logged under another table
        folded.append(state.row_id)
        conflicts += _conflict_rows(state)
        if table is None:
            continue
        written = _write_row(session, table, state, current.get(state.row_id))
        if isinstance(written, dict):
            inserts.append((key, written))
        elif written:
            result.written.append(key)
        else:
            result.waiting.append(key)
    if table is not None:
        done, waiting = _insert_all(session, table, inserts)
        result.written += done
        result.waiting += waiting
    _replace_conflicts(session, folded, conflicts)


def _current_rows(session: Session, table: Table, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = [uuid.UUID(text) for text in ids[start : start + _CHUNK]]
        for row in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[str(row["id"])] = dict(row)
    return found


def _insert_all(
    session: Session, table: Table, rows: list[tuple[RowKey, dict[str, Any]]]
) -> tuple[list[RowKey], list[RowKey]]:
    """New rows in one statement per shape; one by one only if that one fails (a parent row
    or a unique name not here yet), so a single waiting row does not hold back the rest."""
    shapes: dict[frozenset[str], list[tuple[RowKey, dict[str, Any]]]] = defaultdict(list)
    for key, values in rows:
        shapes[frozenset(values)].append((key, values))
    done: list[RowKey] = []
    waiting: list[RowKey] = []
    for group in shapes.values():
        try:
            with session.begin_nested():
                session.execute(insert(table), [values for _, values in group])
            done += [key for key, _ in group]
        except (IntegrityError, StatementError):
            for key, values in group:
                (done if _execute(session, insert(table).values(values)) else waiting).append(key)
    return done, waiting


def _write_row(
    session: Session, table: Table, state: RowState, current: dict[str, Any] | None
) -> bool | dict[str, Any]:
    """Update one row from its state, or return the values of a new row to insert; False
    when the row must wait for a later round (its insert has not arrived)."""
    columns = _written_columns(table)
    values: dict[str, Any] = {}
    try:
        for name, value in state.values(FREE_TEXT).items():
            column = columns.get(name)
            if column is not None:
                values[name] = from_json(column, value)
    except (ValueError, TypeError):
        return False
    stamps = [leaf.stamp for register in state.registers.values() for leaf in register.leaves]
    newest = max(stamps)
    values["hlc"] = newest.encode()
    values["updated_at"] = _stamp_time(newest)
    deleted = state.deleted
    tombstone = state.registers.get(TOMBSTONE)
    if current is None:
        required, defaults = _shape(table)
        if not required <= values.keys():
            # The insert has not arrived yet; a deleted row has nothing to wait for.
            return deleted
        values["id"] = uuid.UUID(state.row_id)
        values["created_at"] = _stamp_time(min(stamps))
        # Deleted before this PC ever saw it: written as a tombstone all the same, as the
        # other PCs hold it, so rows pointing at it (a visit, a phone) can be written too.
        values["deleted_at"] = (
            _stamp_time(tombstone.winner.stamp)
            if deleted and tombstone is not None and tombstone.winner is not None
            else None
        )
        for name, make in defaults.items():
            if name not in values:
                values[name] = make()
        return values
    if deleted and tombstone is not None and tombstone.winner is not None:
        values["deleted_at"] = current["deleted_at"] or _stamp_time(tombstone.winner.stamp)
    else:
        values["deleted_at"] = None
    changed = {name: value for name, value in values.items() if current.get(name) != value}
    if set(changed) <= {"hlc", "updated_at"}:
        return True
    return _execute(session, update(table).where(table.c.id == current["id"]).values(changed))


@functools.cache
def _written_columns(table: Table) -> dict[str, Column[Any]]:
    """The columns a row's merged fields are written to: not those the program keeps itself."""
    skip = Synced.BOOKKEEPING | DERIVED.get(table.name, frozenset())
    return {name: column for name, column in table.c.items() if name not in skip}


@functools.cache
def _shape(table: Table) -> tuple[frozenset[str], dict[str, Callable[[], Any]]]:
    """A table's columns a new row must be given, and how to fill the others."""
    skip = Synced.BOOKKEEPING | DERIVED.get(table.name, frozenset())
    required = frozenset(
        column.name
        for column in table.columns
        if column.name not in skip and not column.nullable and column.default is None
    )
    defaults: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        if column.default is not None:
            # DefaultGenerator declares no `arg`; the defaults our models use (values and
            # callables) are ColumnDefaults, which all have one.
            defaults[column.name] = _filler(column.default.arg)  # type: ignore[attr-defined]
    return required, defaults


def _filler(arg: Any) -> Callable[[], Any]:
    """A column's default as a call without arguments: a callable default is given the
    execution context SQLAlchemy would pass, of which it needs none here."""
    if callable(arg):
        return lambda: arg(None)
    return lambda: arg


def _execute(session: Session, statement: Any) -> bool:
    try:
        with session.begin_nested():
            session.execute(statement)
    except (IntegrityError, StatementError):
        return False
    return True


def from_json(column: Column[Any], value: Any) -> Any:
    """A value as the change log holds it (store/changes.py `_jsonable`), back in its type."""
    if value is None:
        return None
    kind = python_type(column)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is datetime:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if kind is date:
        return date.fromisoformat(value)
    if kind is time:
        return time.fromisoformat(value)
    if kind is bytes:
        return base64.b64decode(value, validate=True)
    if kind is Decimal:
        return Decimal(value)
    if kind is bool:
        if not isinstance(value, bool):
            raise TypeError("not a yes/no value")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("not a whole number")
        return value
    if kind is str and not isinstance(value, str):
        raise TypeError("not text")
    return value


@functools.cache
def python_type(column: Column[Any]) -> type:
    """The Python type a column holds, looked up once per column."""
    column_type = column.type
    if isinstance(column_type, TypeDecorator):  # UTCDateTime says `object`; its impl knows
        column_type = column_type.impl_instance
    return column_type.python_type


def _stamp_time(stamp: Stamp) -> datetime:
    return datetime.fromtimestamp(stamp.wall_ms / 1000, UTC)


def refresh_conflicts(session: Session, states: Sequence[RowState]) -> None:
    """Replace the listed rows' conflicts with what their states say now."""
    _replace_conflicts(
        session,
        [state.row_id for state in states],
        [row for state in states for row in _conflict_rows(state)],
    )


def _replace_conflicts(session: Session, row_ids: list[str], rows: list[dict[str, Any]]) -> None:
    ids = [uuid.UUID(text) for text in row_ids]
    for start in range(0, len(ids), _CHUNK):
        session.execute(
            delete(SyncConflict).where(SyncConflict.row_id.in_(ids[start : start + _CHUNK]))
        )
    if rows:
        session.execute(insert(SyncConflict), rows)


def _conflict_rows(state: RowState) -> list[dict[str, Any]]:
    return [
        {
            "table_name": found.table,
            "row_id": uuid.UUID(found.row_id),
            "field": found.field,
            "winner": json.dumps(found.winner.value),
            "winner_stamp": found.winner.stamp.encode(),
            "loser": json.dumps(found.loser.value),
            "loser_stamp": found.loser.stamp.encode(),
            "kept_both": found.kept_both,
        }
        for found in state.conflicts(FREE_TEXT)
    ]
