"""The demo practice's recalls, calls and follow-up rules, read back through the services as
the recall list, the confirmation list and the chart would: worked out from the visits, a
believable spread (overdue, due, scheduled), and the same for the same seed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.demo.builder import DEMO_PASSWORD, build_demo
from practicedesk.domain.recall import RecallState
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.recall.lists import RecallFilter
from practicedesk.services.session import PracticeSession
from tests.conftest import FAST_KDF

PATIENTS = 120
NOW = datetime.now(UTC)  # one moment for both builds; the lists count days from today
EVERY_STATE = RecallFilter(states=frozenset(RecallState))


def _build(folder: Path) -> Path:
    build_demo(folder, patients=PATIENTS, seed=11, kdf_params=FAST_KDF, now=NOW)
    return folder


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("demo") / "practice")


@pytest.fixture
def demo(demo_folder: Path) -> Iterator[PracticeSession]:
    with open_practice(demo_folder, "frontdesk", DEMO_PASSWORD) as session:
        yield session


def _today(session: PracticeSession) -> date:
    return NOW.astimezone(session.schedule.zone()).date()


def test_every_active_patient_has_a_hygiene_recall_worked_out_from_their_visits(
    demo: PracticeSession,
) -> None:
    kinds = {k.name: k for k in demo.recall_types.list()}
    assert set(kinds) == {"Hygiene", "Periodontal maintenance", "Bitewing X-rays"}
    hygiene = kinds["Hygiene"]
    rows = [r for r in demo.recall.list(EVERY_STATE) if r.recall == "Hygiene"]
    active = [p for p in demo.patients.page(limit=PATIENTS) if p.status == "active"]
    assert {r.patient_id for r in rows} == {p.id for p in active}
    turned_off = [r.patient_id for r in rows if r.state is RecallState.OFF]
    assert len(turned_off) == 2  # moved away, sees another dentist
    for patient in turned_off:
        (off,) = [r for r in demo.recall.for_patient(patient) if r.name == "Hygiene"]
        assert off.own_terms
    states = Counter(r.state for r in rows)
    assert states[RecallState.OVERDUE] >= 3
    assert states[RecallState.DUE] + states[RecallState.DUE_SOON] >= 1
    assert states[RecallState.SCHEDULED] >= 10 and states[RecallState.NOT_DUE] >= 10
    for row in rows:  # the due date is the last cleaning (or perio visit) plus six months
        if row.last_done is not None:
            info = next(r for r in demo.recall.for_patient(row.patient_id) if r.name == "Hygiene")
            assert info.recall_type_id == hygiene.id and info.last_done == row.last_done


def test_the_hygienist_sees_each_patient_about_every_six_months_or_three_on_perio(
    demo: PracticeSession,
) -> None:
    today = _today(demo)
    zone = demo.schedule.zone()
    seen: dict[object, list[tuple[date, str]]] = defaultdict(list)
    for visit in demo.schedule.between(today - timedelta(days=366), today):
        if visit.status is VisitStatus.COMPLETED and visit.type_name in (
            "Cleaning", "Perio maintenance",
        ):  # fmt: skip
            seen[visit.patient_id].append(
                (visit.starts_at.astimezone(zone).date(), visit.type_name)
            )
    assert len(seen) > PATIENTS / 2
    for visits in seen.values():
        kinds = {kind for _, kind in visits}
        assert len(kinds) == 1, visits  # a patient is on one kind of hygiene visit
        least = 50 if kinds == {"Perio maintenance"} else 140  # booked up to 5 weeks early
        days = sorted(day for day, _ in visits)
        assert all((later - earlier).days >= least for earlier, later in pairwise(days))


def test_the_front_desk_has_tried_some_overdue_patients_and_confirmed_part_of_tomorrow(
    demo: PracticeSession,
) -> None:
    listed = demo.recall.list()
    tried = [r for r in listed if r.attempts and r.recall == "Hygiene"]
    assert tried and all(r.state is RecallState.OVERDUE for r in tried)
    assert {r.last_outcome for r in tried} <= {
        "left message", "no answer", "will call back", "postcard sent", "wrong number",
    }  # fmt: skip
    unconfirmed = demo.calls.confirmations()
    assert unconfirmed and any(row.attempts for row in unconfirmed)
    first = min(row.starts_at for row in unconfirmed).astimezone(demo.schedule.zone()).date()
    day = demo.schedule.day(first)
    confirmed = [v for v in day.appointments if v.status is VisitStatus.CONFIRMED]
    assert confirmed, "part of the next day is confirmed already"
    chart = demo.chart.read(confirmed[0].patient_id)
    assert any(c.summary.startswith("Confirmation ") and c.summary.endswith(": confirmed")
               for c in chart.communications)  # fmt: skip


def test_broken_appointments_wait_on_the_unscheduled_list_and_rules_follow_visits(
    demo: PracticeSession,
) -> None:
    assert len(demo.calls.unscheduled()) >= 3
    rules = [(r.trigger, r.title) for r in demo.follow_ups.rules()]
    assert sorted(rules) == [
        ("completed", "Post-op call"), ("completed", "Post-op call"),
        ("no-show", "Call to reschedule the missed visit"),
    ]  # fmt: skip


def test_the_same_seed_gives_the_same_recalls(demo_folder: Path, tmp_path: Path) -> None:
    def recalls(folder: Path) -> list[tuple[str, str, date, RecallState, int, str]]:
        with open_practice(folder, "frontdesk", DEMO_PASSWORD) as session:
            rows = session.recall.list(EVERY_STATE)
        return sorted((r.name, r.recall, r.due, r.state, r.attempts, r.last_outcome) for r in rows)

    assert recalls(_build(tmp_path / "again")) == recalls(demo_folder)
