"""Change capture: every insert, update and tombstone made through the services leaves
exactly the right change-log entries (table, row, operation, and only the changed fields),
written in the same transaction as the change itself."""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from practicedesk.api import open_practice
from practicedesk.domain.hlc import Stamp
from practicedesk.security.roles import Role
from practicedesk.services import opening
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.practice.settings import DECLARED, IDLE_LOCK_MINUTES
from practicedesk.services.practice.staff import ProviderKind
from practicedesk.services.session import PracticeSession
from practicedesk.store.changes import HardDeleteRefused
from practicedesk.store.models import ChangeEntry, Patient, Room, Setting
from practicedesk.store.models.base import utcnow
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD, PRACTICE


@dataclass(frozen=True, slots=True)
class Logged:
    table: str
    row: uuid.UUID
    op: str
    data: dict[str, Any]
    hlc: str
    device: str


def _last_seq(session: PracticeSession) -> int:
    with session._ctx.db.reading() as db:
        return db.scalar(select(func.max(ChangeEntry.seq))) or 0


def _logged_since(session: PracticeSession, seq: int) -> list[Logged]:
    with session._ctx.db.reading() as db:
        rows = db.scalars(
            select(ChangeEntry).where(ChangeEntry.seq > seq).order_by(ChangeEntry.seq)
        ).all()
        return [
            Logged(r.table_name, r.row_id, r.op, json.loads(r.data), r.hlc, r.device_id)
            for r in rows
        ]


def _row_stamp(session: PracticeSession, model: Any, row_id: uuid.UUID) -> str:
    with session._ctx.db.reading() as db:
        return str(db.get(model, row_id).hlc)


# -- inserts, updates, tombstones ------------------------------------------------------------


def test_adding_a_chair_logs_one_insert_with_each_of_its_fields(
    owner_session: PracticeSession,
) -> None:
    start = _last_seq(owner_session)
    room = owner_session.staff.add_room("Chair 7", "#a5d6a7")
    [entry] = _logged_since(owner_session, start)
    assert (entry.table, entry.row, entry.op) == ("room", room.id, "insert")
    assert entry.data == {"name": "Chair 7", "colour": "#A5D6A7", "active": True, "sort_order": 1}
    assert entry.hlc == _row_stamp(owner_session, Room, room.id)
    assert entry.device == owner_session._ctx.db.clock.device


def test_changing_only_the_colour_logs_only_the_colour(owner_session: PracticeSession) -> None:
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    start = _last_seq(owner_session)
    owner_session.staff.update_room(room.id, "Chair 7", "#90CAF9", True)
    [entry] = _logged_since(owner_session, start)
    assert (entry.table, entry.row, entry.op) == ("room", room.id, "update")
    assert entry.data == {"colour": "#90CAF9"}
    assert entry.hlc == _row_stamp(owner_session, Room, room.id)


def test_retiring_a_provider_logs_only_that_it_is_inactive(
    owner_session: PracticeSession,
) -> None:
    staff = owner_session.staff
    dentist = staff.add_provider("Dr. Ada Park", ProviderKind.DENTIST, "#112233")
    start = _last_seq(owner_session)
    staff.update_provider(dentist.id, "Dr. Ada Park", ProviderKind.DENTIST, "#112233", False)
    [entry] = _logged_since(owner_session, start)
    assert (entry.table, entry.row, entry.op, entry.data) == (
        "provider",
        dentist.id,
        "update",
        {"active": False},
    )


def test_removing_a_chair_logs_one_delete_and_keeps_the_row_as_a_tombstone(
    owner_session: PracticeSession,
) -> None:
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    start = _last_seq(owner_session)
    owner_session.staff.remove_room(room.id)
    [entry] = _logged_since(owner_session, start)
    assert (entry.table, entry.row, entry.op) == ("room", room.id, "delete")
    assert owner_session.staff.rooms(include_inactive=True) == []
    with owner_session._ctx.db.reading() as db:
        tombstone = db.get(Room, room.id)
        assert tombstone is not None and tombstone.deleted_at is not None
        assert tombstone.hlc == entry.hlc


def test_a_tombstoned_setting_brought_back_logs_the_value_and_the_return(
    owner_session: PracticeSession,
) -> None:
    with owner_session._ctx.db.writing() as db:
        row = db.scalars(select(Setting).where(Setting.key == IDLE_LOCK_MINUTES.key)).one()
        row.deleted_at = utcnow()
        setting_id = row.id
    start = _last_seq(owner_session)
    owner_session.settings.set(IDLE_LOCK_MINUTES, 7)
    [entry] = _logged_since(owner_session, start)
    assert (entry.table, entry.row, entry.op) == ("setting", setting_id, "update")
    assert entry.data == {"value": "7", "deleted_at": None}
    assert owner_session.settings.get(IDLE_LOCK_MINUTES) == 7


def test_saving_without_a_change_logs_nothing(owner_session: PracticeSession) -> None:
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    owner_session.settings.set(IDLE_LOCK_MINUTES, 12)
    me = owner_session.user
    start = _last_seq(owner_session)
    owner_session.staff.update_room(room.id, "  Chair   7 ", "#a5d6a7", True)
    owner_session.practice.update(PRACTICE)
    owner_session.settings.set(IDLE_LOCK_MINUTES, 12)
    owner_session.users.update(me.user_id, me.display_name, Role.OWNER)
    assert _logged_since(owner_session, start) == []


def test_saving_a_chair_provider_or_setting_unchanged_adds_no_audit_entry(
    owner_session: PracticeSession,
) -> None:
    """The audit log says what changed; a save of the same values changed nothing."""
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    dentist = owner_session.staff.add_provider("Dr. Ada Park", ProviderKind.DENTIST, "#1E88E5")
    owner_session.settings.set(IDLE_LOCK_MINUTES, 12)
    before = owner_session.audit.count()
    owner_session.staff.update_room(room.id, "Chair 7", "#a5d6a7", True)
    owner_session.staff.update_provider(
        dentist.id, "Dr. Ada Park", ProviderKind.DENTIST, "#1E88E5", True
    )
    owner_session.settings.set(IDLE_LOCK_MINUTES, 12)
    assert owner_session.audit.count() == before
    owner_session.staff.update_room(room.id, "Chair 8", "#a5d6a7", True)
    assert owner_session.audit.count() == before + 1


# -- each service that writes ------------------------------------------------------------------


def test_changing_the_practice_details_logs_exactly_the_changed_fields(
    owner_session: PracticeSession,
) -> None:
    start = _last_seq(owner_session)
    owner_session.practice.update(replace(PRACTICE, phone="(603) 555-0101", city="Dover"))
    [entry] = _logged_since(owner_session, start)
    assert (entry.table, entry.op) == ("practice", "update")
    assert entry.data == {"phone": "(603) 555-0101", "city": "Dover"}


def test_a_setting_change_logs_its_new_value(owner_session: PracticeSession) -> None:
    start = _last_seq(owner_session)
    owner_session.settings.set(IDLE_LOCK_MINUTES, 5)
    [entry] = _logged_since(owner_session, start)
    assert (entry.table, entry.op, entry.data) == ("setting", "update", {"value": "5"})


def test_user_changes_are_logged_insert_update_and_turned_off(
    owner_session: PracticeSession,
) -> None:
    users = owner_session.users
    start = _last_seq(owner_session)
    maria = users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    users.update(maria.id, "Maria López", Role.CLINICIAN)
    users.disable(maria.id)
    users.enable(maria.id, "copper kettle on a windy hill")
    logged = _logged_since(owner_session, start)
    # Her keystore slot travels too: made, emptied when turned off, filled again.
    assert [e.op for e in logged if e.table == "key_slot"] == ["insert", "update", "update"]
    # ...each slot change right after the step that made it, and none for a new name or role.
    assert [(e.table, e.op) for e in logged] == [
        ("app_user", "insert"),
        ("key_slot", "insert"),
        ("app_user", "update"),
        ("app_user", "update"),
        ("key_slot", "update"),
        ("app_user", "update"),
        ("key_slot", "update"),
    ]
    entries = [e for e in logged if e.table != "key_slot"]
    assert [(e.table, e.row, e.op) for e in entries] == [("app_user", maria.id, "insert")] + [
        ("app_user", maria.id, "update")
    ] * 3
    assert [e.data for e in entries] == [
        {
            "username": "maria",
            "display_name": "Maria Lopez",
            "role": "coordinator",
            "active": True,
        },
        {"display_name": "Maria López", "role": "clinician"},
        {"active": False},
        {"active": True},
    ]


def test_password_changes_travel_only_as_wrapped_keys(owner_session: PracticeSession) -> None:
    """A password changed on one PC must open the others, so the user's keystore slot (the
    key wrapped by the password) is logged; the password itself never is."""
    maria = owner_session.users.add("maria", "Maria Lopez", Role.COORDINATOR, OTHER_PASSWORD)
    start = _last_seq(owner_session)
    owner_session.users.reset_password(maria.id, "copper kettle on a windy hill")
    owner_session.change_password(OWNER_PASSWORD, "tidal pools and quiet gulls")
    entries = _logged_since(owner_session, start)
    assert [(e.table, e.op, sorted(e.data)) for e in entries] == [
        ("key_slot", "update", ["slot"]),
        ("key_slot", "update", ["slot"]),
    ]
    assert len({e.row for e in entries}) == 2
    for entry in entries:
        text = json.dumps(entry.data)
        assert "copper kettle" not in text and "tidal pools" not in text
        assert json.loads(entry.data["slot"])["wrapped"]["ciphertext"]


def test_adding_a_patient_logs_the_patient_and_the_phone(owner_session: PracticeSession) -> None:
    start = _last_seq(owner_session)
    added = owner_session.patients.add(NewPatient("Ana", "Alvarez", phone="(603) 555-0188"))
    entries = _logged_since(owner_session, start)
    assert [(e.table, e.op) for e in entries] == [
        ("patient", "insert"),
        ("patient_phone", "insert"),
    ]
    patient, phone = entries
    assert patient.row == added.id and phone.data["patient_id"] == str(added.id)
    assert phone.data["number"] == "+16035550188"
    assert patient.data["last_name"] == "Alvarez" and patient.data["first_name"] == "Ana"
    assert "search_text" not in patient.data, "search words are worked out on each PC, not sent"
    assert [p.id for p in owner_session.patients.search("555-0188")] == [added.id]


def test_a_bulk_add_logs_one_insert_per_row_like_a_single_add(
    owner_session: PracticeSession,
) -> None:
    one = owner_session.patients.add(NewPatient("Solo", "Single", date(1980, 5, 1)))
    start = _last_seq(owner_session)
    new = [
        NewPatient(f"First{i}", f"Last{i}", date(1980, 1, 1 + i % 28), phone=phone)
        for i, phone in enumerate(["(603) 555-0101", ""] * 20)
    ]
    ids = owner_session.patients.add_many(new, reason="test import")
    entries = _logged_since(owner_session, start)

    patients = [e for e in entries if e.table == "patient"]
    phones = [e for e in entries if e.table == "patient_phone"]
    assert len(entries) == 40 + 20 and len(patients) == 40 and len(phones) == 20
    assert {e.op for e in entries} == {"insert"}
    assert [e.row for e in patients] == ids
    assert {p.data["patient_id"] for p in phones} == {str(ids[i]) for i in range(0, 40, 2)}
    assert [e.data["last_name"] for e in patients] == [f"Last{i}" for i in range(40)]
    # The same fields as the flush hook writes for one patient added by hand.
    with owner_session._ctx.db.reading() as db:
        single = db.scalars(
            select(ChangeEntry).where(ChangeEntry.row_id == one.id, ChangeEntry.op == "insert")
        ).one()
    assert set(patients[0].data) == set(json.loads(single.data))


def test_a_bulk_add_goes_in_as_one_statement_whatever_fields_each_row_leaves_empty(
    owner_session: PracticeSession,
) -> None:
    """Rows that differ in which columns are empty share one INSERT. Through the ORM's bulk
    insert each run of alike rows was a statement of its own, and the demo's ledger (charges
    with a claim, write-offs without, payments without a visit) went in a row at a time."""
    inserts: list[bool] = []

    def count(*args: Any) -> None:  # connection, cursor, statement, parameters, context, many
        if args[2].startswith("INSERT INTO patient ("):
            inserts.append(args[5])

    engine = owner_session._ctx.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        born = [date(1980, 1, 1), None, None, date(1990, 2, 2)] * 10
        owner_session.patients.add_many(
            [NewPatient(f"First{i}", f"Last{i}", day) for i, day in enumerate(born)], reason="test"
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert inserts == [True]
    assert owner_session.patients.count() == 40


def test_each_entry_names_the_user_who_made_the_change(owner_session: PracticeSession) -> None:
    """So a conflict between two PCs can say who set each value, not only where."""
    start = _last_seq(owner_session)
    owner_session.patients.add(NewPatient("Ana", "Alvarez", phone="(603) 555-0188"))
    owner_session.patients.add_many([NewPatient("Bo", "Baker")], reason="test import")
    with owner_session._ctx.db.reading() as db:
        authors = db.scalars(select(ChangeEntry.by).where(ChangeEntry.seq > start)).all()
    assert len(authors) == 3
    assert set(authors) == {str(owner_session.user.user_id)}


# -- stamps -------------------------------------------------------------------------------------


def test_clock_stamps_strictly_increase_across_services_and_a_restart(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import make_practice

    created = make_practice(data_dir)
    session = created.session
    session.staff.add_room("Chair 1", "#A5D6A7")
    session.patients.add_many([NewPatient(f"F{i}", f"L{i}") for i in range(30)], reason="x")
    session.settings.set(IDLE_LOCK_MINUTES, 3)
    session.close()
    # The PC's clock set back a day before the next start must not turn the stamps around.
    real_now = opening._now_ms
    monkeypatch.setattr(opening, "_now_ms", lambda: real_now() - 86_400_000)
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as session:
        session.staff.add_room("Chair 2", "#90CAF9")
        session.settings.set(IDLE_LOCK_MINUTES, 4)
        entries = _logged_since(session, 0)
    stamps = [Stamp.decode(e.hlc) for e in entries]
    # The practice, its owner, the owner's keystore slot and the declared settings.
    set_up = 1 + 1 + 1 + len(DECLARED)
    assert len(stamps) == set_up + 1 + 30 + 1 + 1 + 1
    assert all(earlier < later for earlier, later in itertools.pairwise(stamps))
    assert [e.hlc for e in entries] == sorted(e.hlc for e in entries), "text order agrees"


# -- one transaction ---------------------------------------------------------------------------


def test_a_failed_transaction_leaves_neither_the_row_nor_its_entry(
    owner_session: PracticeSession,
) -> None:
    start = _last_seq(owner_session)
    with pytest.raises(RuntimeError, match="disk filled"), owner_session._ctx.db.writing() as db:
        db.add(Room(name="Ghost chair", colour="#000000"))
        db.flush()
        assert db.scalar(select(func.count(ChangeEntry.seq)).where(ChangeEntry.seq > start)) == 1
        raise RuntimeError("the disk filled up")
    assert _logged_since(owner_session, start) == []
    assert owner_session.staff.rooms(include_inactive=True) == []


def test_a_change_and_its_entry_become_visible_together(owner_session: PracticeSession) -> None:
    db = owner_session._ctx.db
    start = _last_seq(owner_session)
    with db.writing() as writer:
        writer.add(Room(name="Chair 8", colour="#FFFFFF"))
        writer.flush()
        # Another connection sees neither until the transaction commits.
        with db.reading() as reader:
            assert reader.scalar(select(func.count()).select_from(Room)) == 0
            assert reader.scalar(select(func.count()).where(ChangeEntry.seq > start)) == 0
    [entry] = _logged_since(owner_session, start)
    assert entry.table == "room" and [r.name for r in owner_session.staff.rooms()] == ["Chair 8"]


def test_a_failed_service_call_leaves_no_entry(owner_session: PracticeSession) -> None:
    """A refused user name is found inside the write: the whole transaction is undone."""
    start = _last_seq(owner_session)
    with pytest.raises(Exception, match="already a user"):
        owner_session.users.add(OWNER, "Second Olive", Role.CLINICIAN, OTHER_PASSWORD)
    assert _logged_since(owner_session, start) == []


def test_a_hard_delete_of_a_synced_row_is_refused_and_nothing_is_written(
    owner_session: PracticeSession,
) -> None:
    patient = owner_session.patients.add(NewPatient("Ana", "Alvarez"))
    room = owner_session.staff.add_room("Chair 7", "#A5D6A7")
    start = _last_seq(owner_session)
    with pytest.raises(HardDeleteRefused), owner_session._ctx.db.writing() as db:
        db.get(Room, room.id).name = "Renamed on the way out"  # type: ignore[union-attr]
        db.delete(db.get(Patient, patient.id))
        db.flush()
    assert _logged_since(owner_session, start) == []
    assert [r.name for r in owner_session.staff.rooms()] == ["Chair 7"]
    assert [p.id for p in owner_session.patients.page()] == [patient.id]
    # A set-up row on its own is refused the same way, not only a patient.
    with pytest.raises(HardDeleteRefused), owner_session._ctx.db.writing() as db:
        db.delete(db.get(Room, room.id))
        db.flush()
    assert _logged_since(owner_session, start) == []
    assert [r.id for r in owner_session.staff.rooms()] == [room.id]


def test_a_chart_edit_is_one_update_without_its_search_words(
    owner_session: PracticeSession,
) -> None:
    from practicedesk.services.chart.records import PatientDetails, PhoneEntry

    patient = owner_session.patients.add(NewPatient("Ines", "Okoro"))
    before = _last_seq(owner_session)
    details = owner_session.chart.read(patient.id).details
    values = {f: getattr(details, f) for f in PatientDetails.__dataclass_fields__}
    owner_session.chart.update_details(
        patient.id, PatientDetails(**values | {"preferred_name": "Nessa"})
    )
    edits = [e for e in _logged_since(owner_session, before) if e.table == "patient"]
    assert [(e.op, sorted(e.data)) for e in edits] == [("update", ["preferred_name"])]
    before = _last_seq(owner_session)
    owner_session.chart.set_phones(patient.id, [PhoneEntry("mobile", "(503) 555-0133")])
    edits = [e for e in _logged_since(owner_session, before) if e.table == "patient"]
    assert [(e.op, sorted(e.data)) for e in edits] == [("update", ["phone"])]
