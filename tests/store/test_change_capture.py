"""Every write through the services leaves exactly the right change-log entries."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from practicedesk.domain.hlc import Stamp
from practicedesk.security.roles import Role
from practicedesk.services.patients import NewPatient
from practicedesk.services.practice import PracticeDetails
from practicedesk.services.session import PracticeSession
from practicedesk.services.settings import IDLE_LOCK_MINUTES
from practicedesk.store.changes import HardDeleteRefused
from practicedesk.store.models import ChangeEntry, Room
from tests.conftest import OTHER_PASSWORD, PRACTICE


def _entries_after(session: PracticeSession, seq: int) -> list[dict[str, Any]]:
    with session._ctx.db.reading() as db:
        rows = db.scalars(
            select(ChangeEntry).where(ChangeEntry.seq > seq).order_by(ChangeEntry.seq)
        )
        return [
            {
                "table": row.table_name,
                "row": row.row_id,
                "op": row.op,
                "data": json.loads(row.data),
                "hlc": row.hlc,
            }
            for row in rows
        ]


def _last_seq(session: PracticeSession) -> int:
    with session._ctx.db.reading() as db:
        return db.scalar(select(ChangeEntry.seq).order_by(ChangeEntry.seq.desc()).limit(1)) or 0


def test_adding_a_chair_logs_one_insert_with_every_field(owner_session: PracticeSession) -> None:
    start = _last_seq(owner_session)
    room = owner_session.staff.add_room("Chair 7", "#a5d6a7")
    [entry] = _entries_after(owner_session, start)
    assert entry["table"] == "room" and entry["op"] == "insert" and entry["row"] == room.id
    assert entry["data"] == {
        "name": "Chair 7",
        "colour": "#A5D6A7",
        "active": True,
        "sort_order": 1,
    }


def test_changing_one_field_logs_only_that_field(owner_session: PracticeSession) -> None:
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    start = _last_seq(owner_session)
    owner_session.staff.update_room(room.id, "Chair 7", "#90CAF9", True)
    [entry] = _entries_after(owner_session, start)
    assert entry["op"] == "update" and entry["data"] == {"colour": "#90CAF9"}


def test_saving_without_changes_logs_nothing(owner_session: PracticeSession) -> None:
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    start = _last_seq(owner_session)
    owner_session.staff.update_room(room.id, "Chair 7", "#A5D6A7", True)
    owner_session.practice.update(PRACTICE)
    assert _entries_after(owner_session, start) == []


def test_removing_a_chair_is_a_logged_tombstone(owner_session: PracticeSession) -> None:
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    start = _last_seq(owner_session)
    owner_session.staff.remove_room(room.id)
    [entry] = _entries_after(owner_session, start)
    assert entry["op"] == "delete" and entry["row"] == room.id
    assert owner_session.staff.rooms() == []
    with owner_session._ctx.db.reading() as db:
        assert db.get(Room, room.id) is not None, "the row stays, marked deleted"


def test_each_service_write_is_captured(owner_session: PracticeSession) -> None:
    start = _last_seq(owner_session)
    owner_session.practice.update(_with_phone("(603) 555-0101"))
    owner_session.settings.set(IDLE_LOCK_MINUTES, 5)
    user = owner_session.users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    owner_session.users.disable(user.id)
    logged = _entries_after(owner_session, start)
    # Maria's keystore slot travels as its own rows: made, then emptied when turned off.
    assert [e["op"] for e in logged if e["table"] == "key_slot"] == ["insert", "update"]
    entries = [e for e in logged if e["table"] != "key_slot"]
    summary = [(e["table"], e["op"], e["data"]) for e in entries]
    assert summary[0] == ("practice", "update", {"phone": "(603) 555-0101"})
    assert summary[1] == ("setting", "update", {"value": "5"})
    assert summary[2][:2] == ("app_user", "insert")
    assert summary[2][2]["username"] == "maria" and summary[2][2]["role"] == "coordinator"
    assert summary[3] == ("app_user", "update", {"active": False})
    assert len(entries) == 4


def _with_phone(phone: str) -> PracticeDetails:
    values = {name: getattr(PRACTICE, name) for name in PRACTICE.__dataclass_fields__}
    return PracticeDetails(**{**values, "phone": phone})


def test_bulk_inserts_log_one_entry_per_row_with_rising_stamps(
    owner_session: PracticeSession,
) -> None:
    start = _last_seq(owner_session)
    owner_session.patients.add_many(
        [NewPatient(f"First{i}", f"Last{i}") for i in range(50)], reason="test"
    )
    entries = _entries_after(owner_session, start)
    assert len(entries) == 50
    assert {e["op"] for e in entries} == {"insert"}
    assert len({e["row"] for e in entries}) == 50
    stamps = [Stamp.decode(e["hlc"]) for e in entries]
    assert stamps == sorted(stamps) and len(set(stamps)) == 50


def test_a_failed_transaction_leaves_no_change_entries(owner_session: PracticeSession) -> None:
    start = _last_seq(owner_session)
    with pytest.raises(RuntimeError), owner_session._ctx.db.writing() as db:
        db.add(Room(name="Ghost chair", colour="#000000"))
        db.flush()
        raise RuntimeError("the disk filled up")
    assert _entries_after(owner_session, start) == []


def test_a_hard_delete_of_a_synced_row_is_refused(owner_session: PracticeSession) -> None:
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    start = _last_seq(owner_session)
    with pytest.raises(HardDeleteRefused), owner_session._ctx.db.writing() as db:
        db.delete(db.get(Room, room.id))
        db.flush()
    assert _entries_after(owner_session, start) == []
    assert [r.id for r in owner_session.staff.rooms()] == [room.id]
