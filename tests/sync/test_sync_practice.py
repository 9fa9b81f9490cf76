"""What a round does beyond merging rows: joining, passwords, tasks for a person, held
batches, clocks that disagree."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput, WrongPassword
from practicedesk.services.opening import open_practice
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.services.schedule_fixtures import set_up_office
from tests.sync.conftest import Pair
from tests.sync.sync_fixtures import (
    conflict_keys,
    contents,
    details,
    device,
    edit,
    first_pc,
    join,
    rounds,
    set_deleted,
    sync_tasks,
    tables_sent_as_own,
)

NEW_PASSWORD = "copper kettles hum softly"


def test_a_pc_joined_from_the_snapshot_receives_later_changes(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    assert device(a) != device(b)
    assert [p.id for p in b.patients.search("Alvarez")] == [ana.id]
    assert b.sync.status().state == "in step"
    assert [peer.name for peer in b.sync.peers()] == ["Front desk"]

    bo = a.patients.add(NewPatient("Bo", "Baker"))
    edit(a, ana.id, city="Rye")
    rounds(a, b)
    assert [p.id for p in b.patients.search("Baker")] == [bo.id]
    assert details(b, ana.id).city == "Rye"
    # Nothing B holds from the snapshot went back out as B's own: B's only changes are the
    # chart numbers it claimed on joining.
    assert tables_sent_as_own(b) == {"chart_number_block"}
    assert len(list((pair.share / device(b)).glob("*.pdbatch"))) == 1
    assert [peer.name for peer in a.sync.peers()] == ["Hygiene"]


def test_a_pc_joining_late_starts_from_the_snapshot_and_takes_in_the_rest(pair: Pair) -> None:
    a, b, ana = pair.a, pair.b, pair.ana
    edit(b, ana.id, email="ana@b.example")
    rounds(a, b)
    a.sync.write_snapshot(pair.share)
    a.patients.add(NewPatient("Bo", "Baker"))  # after the snapshot, in a batch only
    edit(b, ana.id, city="Dover")
    rounds(a, b)
    c = join(pair.root, pair.share, "c", "Office")
    try:
        rounds(a, b, c)
        assert contents(a) == contents(b) == contents(c)
        assert details(c, ana.id).city == "Dover"
        assert [p.last_name for p in c.patients.search("Baker")] == ["Baker"]
        assert conflict_keys(c) == []
    finally:
        c.close()


def test_a_password_changed_on_one_pc_opens_the_other(pair: Pair) -> None:
    a, b = pair.a, pair.b
    a.change_password(OWNER_PASSWORD, NEW_PASSWORD)
    rounds(a, b)
    b_dir = b.data_dir
    b.close()

    with pytest.raises(WrongPassword):
        open_practice(b_dir, OWNER, OWNER_PASSWORD).close()
    reopened = open_practice(b_dir, OWNER, NEW_PASSWORD)
    pair.b = reopened  # closed by the fixture
    assert [p.last_name for p in reopened.patients.search("Alvarez")] == ["Alvarez"]


def test_a_new_pc_joins_with_the_new_password(pair: Pair) -> None:
    from practicedesk.services.joining import join_practice

    pair.a.change_password(OWNER_PASSWORD, NEW_PASSWORD)
    pair.a.sync.run_round()
    with pytest.raises(WrongPassword):
        join_practice(pair.root / "c", pair.share, OWNER, OWNER_PASSWORD, "Office")
    c, report = join_practice(pair.root / "c2", pair.share, OWNER, NEW_PASSWORD, "Office")
    try:
        assert report.problems == []
    finally:
        c.close()


@pytest.fixture
def office_pair(tmp_path: Path) -> tuple[PracticeSession, PracticeSession, object]:
    share = tmp_path / "share"
    a = first_pc(tmp_path, share)
    office = set_up_office(a)
    a.sync.run_round()
    b = join(tmp_path, share, "b", "Hygiene")
    yield a, b, office
    a.close()
    b.close()


def test_one_chair_booked_twice_keeps_both_visits_and_makes_one_task(
    office_pair, pc_elsewhere
) -> None:
    a, b, office = office_pair
    on_a = a.schedule.book(office.visit(office.ana, 1, 9))
    on_b = b.schedule.book(office.visit(office.ben, 1, 9, provider=office.hygienist))
    rounds(a, b, times=3)

    for pc in (a, b):
        assert pc.schedule.get(on_a.id).patient_id == office.ana.id
        assert pc.schedule.get(on_b.id).patient_id == office.ben.id
        (task,) = sync_tasks(pc)
        assert "Chair 1" in task["title"] and "Double booking" in task["title"]
        # 09:00 where the practice is, though this PC's clock is in New Zealand.
        assert f"at 09:00 on {office.at(1, 9):%d %b %Y}" in task["title"]
        assert task["kind"] == "double-booking"
        assert task["deleted_at"] is False
    assert sync_tasks(a) == sync_tasks(b)
    assert conflict_keys(a) == conflict_keys(b) == []
    assert contents(a) == contents(b)


def test_a_conflict_names_the_chair_each_pc_chose_and_times_in_words(office_pair) -> None:
    """Values read as the front desk knows them, not as ids and ISO text."""
    a, b, office = office_pair
    visit = a.schedule.book(office.visit(office.ana, 1, 9))
    rounds(a, b)
    a.schedule.move(visit.id, room_id=office.chair2.id)
    b.schedule.move(visit.id, room_id=None)
    edit(a, office.ana.id, date_of_birth=date(1980, 3, 12))
    edit(b, office.ana.id, date_of_birth=date(1981, 3, 12))
    rounds(a, b)

    for pc in (a, b):
        by_field = {conflict.field: conflict for conflict in pc.sync.conflicts()}
        chairs = {by_field["room_id"].winner, by_field["room_id"].loser}
        assert chairs == {"Chair 2", "(empty)"}
        births = {by_field["date_of_birth"].winner, by_field["date_of_birth"].loser}
        assert births == {"12 Mar 1980", "12 Mar 1981"}


def test_a_visit_moved_on_both_pcs_shows_both_times_in_words(office_pair, pc_elsewhere) -> None:
    a, b, office = office_pair
    visit = a.schedule.book(office.visit(office.ana, 1, 9))
    rounds(a, b)
    a.schedule.move(visit.id, starts_at=office.at(1, 10), book_anyway=True)
    b.schedule.move(visit.id, starts_at=office.at(1, 14), book_anyway=True)
    rounds(a, b)

    (conflict,) = [c for c in a.sync.conflicts() if c.field == "starts_at"]
    shown = {conflict.winner, conflict.loser}
    # In the practice's time, whatever zone this PC's clock is set to.
    assert shown == {f"{office.at(1, hour):%d %b %Y} {hour:02d}:00" for hour in (10, 14)}


def test_a_task_both_pcs_made_reads_its_note_once(office_pair) -> None:
    a, b, office = office_pair
    a.schedule.book(office.visit(office.ana, 1, 9))
    b.schedule.book(office.visit(office.ben, 1, 9, provider=office.hygienist))
    rounds(a, b, times=3)
    for pc in (a, b):
        (task,) = sync_tasks(pc)
        assert task["notes"] == "Found when the practice's PCs shared their changes."


def test_a_record_deleted_before_it_was_ever_shared_still_carries_its_visits(
    office_pair,
) -> None:
    a, b, office = office_pair
    dana = b.patients.add(NewPatient("Dana", "Dale"))
    visit = b.schedule.book(office.visit(dana, 1, 11))
    set_deleted(b, dana.id, True)
    rounds(b, a, times=2)
    # The visit is still in B's book, so it must be in A's, with the patient it points at.
    assert a.schedule.get(visit.id).patient_id == dana.id
    assert a.patients.search("Dale") == []
    assert contents(a) == contents(b)


@pytest.mark.parametrize("status", [VisitStatus.NO_SHOW, VisitStatus.CANCELLED])
def test_a_visit_that_no_longer_holds_its_time_makes_no_task(office_pair, status) -> None:
    a, b, office = office_pair
    on_a = a.schedule.book(office.visit(office.ana, 1, 9))
    a.schedule.set_status(on_a.id, status, reason="called in")
    b.schedule.book(office.visit(office.ben, 1, 9, provider=office.hygienist))
    rounds(a, b, times=3)
    assert b.schedule.get(on_a.id).status == status
    assert sync_tasks(a) == sync_tasks(b) == []


def test_visits_without_a_chair_with_different_providers_make_no_task(office_pair) -> None:
    a, b, office = office_pair
    a.schedule.book(replace(office.visit(office.ana, 1, 9), room_id=None))
    b.schedule.book(
        replace(office.visit(office.ben, 1, 9, provider=office.hygienist), room_id=None)
    )
    rounds(a, b, times=3)
    assert sync_tasks(a) == sync_tasks(b) == []


def test_visits_in_different_chairs_make_no_task(office_pair) -> None:
    a, b, office = office_pair
    a.schedule.book(office.visit(office.ana, 1, 9))
    b.schedule.book(office.visit(office.ben, 1, 9, provider=office.hygienist, room=office.chair2))
    rounds(a, b, times=3)
    assert sync_tasks(a) == sync_tasks(b) == []


def test_one_patient_registered_on_both_pcs_makes_one_task(pair: Pair) -> None:
    a, b = pair.a, pair.b
    born = date(1984, 5, 17)
    on_a = a.patients.add(NewPatient("Dana", "Dale", date_of_birth=born))
    on_b = b.patients.add(NewPatient("Dana", "Dale", date_of_birth=born))
    rounds(a, b, times=3)

    for pc in (a, b):
        found = {p.id for p in pc.patients.search("Dale")}
        assert found == {on_a.id, on_b.id}
        twice = [t for t in sync_tasks(pc) if "registered twice" in t["title"]]
        assert len(twice) == 1
        assert twice[0]["patient_id"] in (on_a.id, on_b.id)
    assert sync_tasks(a) == sync_tasks(b)
    assert conflict_keys(a) == conflict_keys(b) == []
    assert contents(a) == contents(b)


def test_a_batch_deleting_many_records_waits_for_the_owner(pair: Pair) -> None:
    a, b = pair.a, pair.b
    many = a.patients.add_many(
        [NewPatient(f"Temp{n}", "Import") for n in range(30)], reason="test import"
    )
    rounds(a, b)
    assert b.patients.count("Import") == 30
    for patient_id in many:
        set_deleted(a, patient_id, True)
    kept = b.patients.add(NewPatient("Bo", "Baker"))
    a.sync.run_round()

    report = b.sync.run_round()
    assert len(report.held) == 1 and "deletes 30 records" in report.held[0]
    assert b.patients.count("Import") == 30
    status = b.sync.status()
    assert status.state == "held" and status.held
    (peer,) = b.sync.peers()
    assert peer.held
    # Still held on the next round, and B's own changes still go out meanwhile.
    assert b.sync.run_round().held
    a.sync.run_round()
    assert [p.id for p in a.patients.search("Baker")] == [kept.id]

    with pytest.raises(InvalidInput):
        b.sync.release(device(b))
    b.sync.release(device(a))
    report = b.sync.run_round()
    assert report.held == [] and report.received >= 30
    assert b.patients.count("Import") == 0
    assert b.sync.status().state == "in step"
    rounds(a, b)
    assert contents(a) == contents(b)


def test_a_few_deletions_are_not_held(pair: Pair) -> None:
    a, b = pair.a, pair.b
    ids = a.patients.add_many([NewPatient(f"T{n}", "Few") for n in range(24)], reason="test")
    rounds(a, b)
    for patient_id in ids:
        set_deleted(a, patient_id, True)
    a.sync.run_round()
    report = b.sync.run_round()
    assert report.held == []
    assert b.patients.count("Few") == 0


class _ShiftedTime:
    """`time` as services/sync/rounds.py sees it, on a PC whose clock is `shift_s` ahead."""

    def __init__(self, shift_s: int) -> None:
        self.shift_s = shift_s

    def time(self) -> float:
        return time.time() + self.shift_s

    def time_ns(self) -> int:
        return time.time_ns() + self.shift_s * 10**9


def test_clocks_an_hour_apart_still_converge_and_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import practicedesk.services.opening as opening
    import practicedesk.services.sync.rounds as sync_module

    share = tmp_path / "share"
    a = first_pc(tmp_path, share)
    ana = a.patients.add(NewPatient("Ana", "Alvarez"))
    a.sync.run_round()
    hour_behind = _ShiftedTime(-3600)
    with monkeypatch.context() as patched:
        patched.setattr(opening, "_now_ms", lambda: hour_behind.time_ns() // 1_000_000)
        patched.setattr(sync_module, "time", hour_behind)
        b = join(tmp_path, share, "b", "Hygiene")
    try:

        def b_round():
            with monkeypatch.context() as patched:
                patched.setattr(sync_module, "time", hour_behind)
                return b.sync.run_round()

        edit(a, ana.id, preferred_name="Annie", city="Rye")
        time.sleep(0.005)
        edit(b, ana.id, preferred_name="Nana", email="ana@b.example")  # later, by the hour
        a.sync.run_round()
        b_report = b_round()
        a_report = a.sync.run_round()

        assert any(
            "Front desk" in w and re.search(r"(59|60) minutes ahead of", w)
            for w in b_report.clock_warnings
        ), b_report.clock_warnings
        assert any(
            "Hygiene" in w and re.search(r"(59|60) minutes behind", w)
            for w in a_report.clock_warnings
        ), a_report.clock_warnings
        (peer,) = a.sync.peers()
        assert abs(peer.clock_skew_s + 3600) < 60

        # Stamped an hour earlier, B's edit loses on both PCs, and both list it.
        for pc in (a, b):
            seen = details(pc, ana.id)
            assert (seen.preferred_name, seen.city, seen.email) == ("Annie", "Rye", "ana@b.example")
            (conflict,) = pc.sync.conflicts()
            assert (conflict.winner, conflict.loser) == ("Annie", "Nana")
        # An edit B makes after seeing A's sorts after it despite the clock, so it wins.
        edit(b, ana.id, preferred_name="Anita")
        b_round()
        a.sync.run_round()
        for pc in (a, b):
            assert details(pc, ana.id).preferred_name == "Anita"
        assert contents(a) == contents(b)
        assert conflict_keys(a) == conflict_keys(b)
    finally:
        b.close()
        a.close()


def test_clocks_a_minute_apart_are_not_reported(pair: Pair, monkeypatch) -> None:
    import practicedesk.services.sync.rounds as sync_module

    a, b = pair.a, pair.b
    with monkeypatch.context() as patched:
        patched.setattr(sync_module, "time", _ShiftedTime(60))
        assert b.sync.run_round().clock_warnings == []
    assert a.sync.run_round().clock_warnings == []
