"""Conflicts between PCs as a person reviews them: what each listed one is, in words, and
settling one by keeping a value.

A conflict is listed by the merge (store/sync_log.py) when two PCs changed one field without
seeing each other's change; the value that lost is kept beside the winner. Settling it writes
a new change that has seen both, so every PC that takes it in settles it the same way.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.domain.hlc import Stamp
from practicedesk.domain.merge import resolve
from practicedesk.errors import InvalidInput
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.services.sync.rules import after_merge, describe_row
from practicedesk.store import sync_log
from practicedesk.store.models import AppUser, ChangeEntry, SyncConflict

_TABLES = sync_log.synced_tables()


@dataclass(frozen=True, slots=True)
class ConflictView:
    id: int
    table: str
    row_id: str
    field: str
    record: str  # what the row is, in words
    winner: str
    winner_from: str  # "Front desk, 24 Nov 10:42"
    loser: str
    loser_from: str
    kept_both: bool


def listed(session: Session, names: dict[str, str]) -> list[ConflictView]:
    """Every open conflict; `names` gives each device's PC name."""
    rows = list(session.scalars(select(SyncConflict).order_by(SyncConflict.id)))
    stamps = {row.winner_stamp for row in rows} | {row.loser_stamp for row in rows}
    people = _authors(session, stamps)
    zone = practice_zone(session)
    return [
        ConflictView(
            row.id,
            row.table_name,
            str(row.row_id),
            row.field,
            describe_row(session, row.table_name, row.row_id),
            _shown(session, row.table_name, row.field, row.winner),
            _from(row.winner_stamp, names, people, zone),
            _shown(session, row.table_name, row.field, row.loser),
            _from(row.loser_stamp, names, people, zone),
            row.kept_both,
        )
        for row in rows
    ]


def settle(session: Session, conflict_id: int, keep_loser: bool, stamp: Stamp, by: str) -> str:
    """Keep the winner or the loser as a new change stamped `stamp`; returns what was done,
    in words for the audit log."""
    row = session.get(SyncConflict, conflict_id)
    if row is None:
        raise InvalidInput("That conflict was settled already.")
    key = (row.table_name, str(row.row_id))
    state = sync_log.row_states(session, [key])[key]
    keep = json.loads(row.loser if keep_loser else row.winner)
    change = replace(resolve(state, row.field, keep, stamp), by=by)
    sync_log.record(session, [change], datetime.now(UTC))
    done = sync_log.materialize(session, [key])
    # Written with Core like a merge, so what a merge recomputes is recomputed here too
    # (a patient's search words after a name was chosen).
    after_merge(session, set(done.written))
    return f"{row.table_name}.{row.field}: kept the {'other' if keep_loser else 'shown'} value"


def refresh_listed(session: Session, done: set[sync_log.RowKey]) -> None:
    """Work out again the listed conflicts of rows a round did not touch: an edit made here
    since (a note rewritten after seeing both texts, a deletion) may have settled them."""
    listed = {
        (table, str(row_id))
        for table, row_id in session.execute(
            select(SyncConflict.table_name, SyncConflict.row_id).distinct()
        )
    } - done
    if listed:
        states = sync_log.row_states(session, listed)
        sync_log.refresh_conflicts(
            session, [states[key] for key in sorted(listed) if key in states]
        )


def _shown(session: Session, table: str, field: str, value: str) -> str:
    """A stored value as the front desk reads it: a record it points to by what it is, a
    time in this PC's zone, an amount in dollars."""
    loaded = json.loads(value)
    if loaded is None or loaded == "":
        return "(empty)"
    if loaded is True:
        return "yes"
    if loaded is False:
        return "no"
    column = _TABLES[table].c.get(field) if table in _TABLES else None
    if column is None:
        return str(loaded)
    if column.foreign_keys and isinstance(loaded, str):
        target = next(iter(column.foreign_keys)).column.table.name
        try:
            return describe_row(session, target, uuid.UUID(loaded))
        except ValueError:
            return str(loaded)
    if field.endswith("_cents") and type(loaded) is int:
        return f"${loaded / 100:,.2f}"
    kind = sync_log.python_type(column)
    try:
        if kind is datetime and isinstance(loaded, str):
            moment = datetime.fromisoformat(loaded)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            return f"{moment.astimezone(practice_zone(session)):%d %b %Y %H:%M}"
        if kind is date and isinstance(loaded, str):
            return f"{date.fromisoformat(loaded):%d %b %Y}"
    except ValueError:
        pass
    return str(loaded)


def _authors(session: Session, stamps: set[str]) -> dict[str, str]:
    """Stamp -> the name of the user who made that change, where the log says."""
    made_by: dict[str, str] = {}
    wanted = sorted(stamps)
    for start in range(0, len(wanted), 400):
        rows = session.execute(
            select(ChangeEntry.hlc, ChangeEntry.by).where(
                ChangeEntry.hlc.in_(wanted[start : start + 400]), ChangeEntry.by != ""
            )
        )
        made_by.update((row.hlc, row.by) for row in rows)
    users = {str(user.id): user.display_name for user in session.scalars(select(AppUser))}
    return {stamp: users[by] for stamp, by in made_by.items() if by in users}


def _from(stamp_text: str, names: dict[str, str], people: dict[str, str], zone: ZoneInfo) -> str:
    """ "Maria Lopez on Front desk, 24 Nov 10:42": who, where and when (the practice's
    time) the value was set."""
    stamp = Stamp.decode(stamp_text)
    when = datetime.fromtimestamp(stamp.wall_ms / 1000, zone)
    where = names.get(stamp.device) or stamp.device
    who = people.get(stamp_text)
    return f"{who + ' on ' if who else ''}{where}, {when:%d %b %H:%M}"
