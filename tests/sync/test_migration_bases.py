"""Migration 0009 works out the base of every change logged before sync existed: folding the
old log must show no conflict that never happened."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from sqlalchemy import select, text

from practicedesk.services.chart.records import PhoneEntry
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store import sync_log
from practicedesk.store.models import ChangeEntry
from tests.sync.sync_fixtures import edit, set_deleted

_MIGRATION = (
    Path(__file__).resolve().parents[2] / "src/practicedesk/store/migrations/versions/0009_sync.py"
)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("practicedesk_migration_0009", _MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _history(pc: PracticeSession) -> dict[sync_log.RowKey, sync_log.RowState]:
    with pc._ctx.db.reading() as session:
        keys = {
            (table, str(row))
            for table, row in session.execute(select(ChangeEntry.table_name, ChangeEntry.row_id))
        }
        return sync_log.row_states(session, keys)


def _bases(pc: PracticeSession) -> dict[str, dict]:
    with pc._ctx.db.reading() as session:
        return {
            hlc: json.loads(base)
            for hlc, base in session.execute(select(ChangeEntry.hlc, ChangeEntry.base))
        }


def _conflicts(states: dict) -> list:
    return [found for state in states.values() for found in state.conflicts(sync_log.FREE_TEXT)]


def test_backfilled_bases_point_at_the_previous_write(owner_session: PracticeSession) -> None:
    pc = owner_session
    ana = pc.patients.add(NewPatient("Ana", "Alvarez", phone="(603) 555-0188"))
    bo = pc.patients.add(NewPatient("Bo", "Baker"))
    edit(pc, ana.id, email="ana@one.example")
    edit(pc, ana.id, email="ana@two.example", city="Rye")
    edit(pc, ana.id, notes="First note.")
    edit(pc, ana.id, notes="Second note.")
    set_deleted(pc, ana.id, True)
    set_deleted(pc, ana.id, False)
    edit(pc, ana.id, city="Dover")
    set_deleted(pc, ana.id, True)
    pc.chart.set_phones(
        bo.id,
        [PhoneEntry(kind="home", number="(603) 555-0101"), PhoneEntry("mobile", "(603) 555-0102")],
    )
    pc.chart.set_phones(bo.id, [PhoneEntry(kind="home", number="(603) 555-0109")])

    before = _history(pc)
    assert _conflicts(before) == []
    original_bases = _bases(pc)
    assert any(original_bases.values())

    with pc._ctx.db.writing() as session:
        session.connection().execute(text("UPDATE change_log SET base = '{}'"))
    # Without bases every later write looks made apart from the one before it.
    assert _conflicts(_history(pc))

    with pc._ctx.db.writing() as session:
        _migration()._fill_bases(session.connection())

    after = _history(pc)
    assert _conflicts(after) == []
    assert _bases(pc) == original_bases
    for key, state in before.items():
        assert after[key].values(sync_log.FREE_TEXT) == state.values(sync_log.FREE_TEXT)
        assert after[key].deleted == state.deleted
    assert after[("patient", str(ana.id))].deleted
    assert after[("patient", str(ana.id))].values()["city"] == "Dover"
