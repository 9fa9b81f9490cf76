"""Chart numbers across PCs: never given twice while they work apart, and the task about a
number an older version gave twice, closed by the owner's renumbering."""

from __future__ import annotations

from sqlalchemy import func, select

from practicedesk.services.patients import chart_numbers
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import ChartNumberBlock
from tests.services.record_fixtures import share_number
from tests.sync.conftest import Pair
from tests.sync.sync_fixtures import rounds, sync_tasks


def _add(session: PracticeSession, first: str, last: str) -> int | None:
    return session.patients.add(NewPatient(first, last)).chart_number


def test_two_pcs_apart_for_a_week_never_give_out_one_number(pair: Pair) -> None:
    """Each PC registers more charts than its reserve while the share is out of reach;
    the ones past its reserve wait for a number and get one at the next round."""
    a, b = pair.a, pair.b
    in_hand = _in_hand(a)
    count = in_hand + 20
    on_a = [a.patients.add(NewPatient(f"A{n}", "Front")) for n in range(count)]
    on_b = [b.patients.add(NewPatient(f"B{n}", "Hygiene")) for n in range(count)]
    assert sum(p.chart_number is None for p in on_a) == 20
    waiting = next(p for p in on_b if p.chart_number is None)
    assert b.chart.read(waiting.id).summary.chart_label == ""
    rounds(a, b, times=3)
    for pc in (a, b):
        numbers = [pc.chart.read(p.id).summary.chart_number for p in on_a + on_b]
        assert None not in numbers
        assert len(set(numbers) | {pair.ana.chart_number}) == 2 * count + 1
        assert sync_tasks(pc) == []
    assert (
        a.chart.read(waiting.id).summary.chart_number
        == b.chart.read(waiting.id).summary.chart_number
    )


def _in_hand(pc: PracticeSession) -> int:
    with pc._ctx.db.reading() as session:
        own = chart_numbers.own_blocks(session, pc._ctx.db.clock.device)
        return len(own) * 50 - len(chart_numbers.used_in(session, own))


def test_a_number_given_twice_becomes_a_task_the_owners_renumbering_closes(pair: Pair) -> None:
    a, b = pair.a, pair.b
    bo = b.patients.add(NewPatient("Bo", "Bell"))
    share_number(b, bo.id, pair.ana.chart_number)
    rounds(a, b)
    (task,) = sync_tasks(a)
    assert task["kind"] == "chart-number" and task["done_at"] is None
    choice = a.chart.renumber_choice(task["patient_id"])
    assert {choice.patient.id, *(p.id for p in choice.sharing)} == {pair.ana.id, bo.id}
    a.chart.renumber(bo.id)
    rounds(a, b)
    for pc in (a, b):
        (task,) = sync_tasks(pc)
        assert task["done_at"] is not None


def test_a_pc_that_stops_syncing_numbers_above_every_block_claimed(pair: Pair) -> None:
    a, b = pair.a, pair.b
    rounds(a, b)
    b.sync.stop()
    with b._ctx.db.reading() as session:
        claimed = session.scalar(select(func.max(ChartNumberBlock.last)))
    assert claimed is not None and claimed > 100  # both PCs' blocks, and the top-ups
    assert _add(b, "Cy", "Cole") == claimed + 1
