"""The recall list's last visits on the PC a completed visit is synced to: each PC keeps them
from its own appointments (migration 0021's triggers), and they never travel as changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

from sqlalchemy import select

from practicedesk.domain.hours import local_instant
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.store.models import ChangeEntry
from tests.services.schedule_fixtures import ZONE, practice_today, set_up_office
from tests.store.last_visits import kept_and_grouped
from tests.sync.conftest import Pair
from tests.sync.sync_fixtures import rounds


def test_a_completed_visit_synced_in_is_kept_as_the_patients_last(pair: Pair) -> None:
    office = set_up_office(pair.a)
    rounds(pair.a, pair.b)
    visit = replace(
        office.visit(office.ana, 0, 9, kind=office.cleaning, provider=office.hygienist),
        starts_at=local_instant(practice_today() - timedelta(days=90), time(9), ZONE),
    )
    pair.a.schedule.record_many([RecordedVisit(visit, VisitStatus.COMPLETED)], reason="test")
    assert kept_and_grouped(pair.b) == (set(), set())
    rounds(pair.a, pair.b)
    table, answer = kept_and_grouped(pair.b)
    assert table == answer == kept_and_grouped(pair.a)[0]
    assert [(row[0], row[1], row[3]) for row in table] == [
        (office.ana.id.hex, office.cleaning.id.hex, office.hygienist.id.hex)
    ]
    for pc in (pair.a, pair.b):
        with pc._ctx.db.reading() as session:
            logged = set(session.scalars(select(ChangeEntry.table_name)))
        assert "appointment" in logged and "recall_last_visit" not in logged
