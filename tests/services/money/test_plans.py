"""Treatment plans as the coordinator uses them: items in phases priced with the patient's
insurance, accepted and declined, booked from the plan, and the accepted ones not yet booked
kept on a worklist."""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from sqlalchemy import text

from practicedesk.domain.estimates import ProcedureCategory
from practicedesk.domain.money import format_cents
from practicedesk.errors import InvalidInput, NotFound, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.money.desk import CheckOut, CheckOutLine
from practicedesk.services.money.plan_records import ItemStatus, NewPlanItem, PlanStatus
from practicedesk.services.opening import open_practice
from practicedesk.store import schema
from practicedesk.store.engine import WRITE_OPTION
from tests.conftest import OTHER_PASSWORD
from tests.services.money.money_fixtures import MoneyOffice, set_up_money
from tests.store.alembic_steps import downgrade

CROWN, FILLING = "D2740", "D2391"  # $1,250 major; $180 basic


@pytest.fixture
def money(owner_session) -> MoneyOffice:  # type: ignore[no-untyped-def]
    return set_up_money(owner_session)


def _plan(money: MoneyOffice, *items: NewPlanItem, patient=None) -> uuid.UUID:  # type: ignore[no-untyped-def]
    plans = money.session.plans
    plan_id = plans.create((patient or money.office.ana).id, "Upper right")
    for item in items:
        plans.add_item(plan_id, item)
    return plan_id


def _book(money: MoneyOffice, day: int = 1, patient=None) -> uuid.UUID:  # type: ignore[no-untyped-def]
    office = money.office
    visit = office.session.schedule.book(
        office.visit(patient or office.ana, day, 10, minutes=60), book_anyway=True
    )
    return visit.id


def test_each_item_and_phase_adds_up_to_the_plans_total(money: MoneyOffice) -> None:
    plan_id = _plan(
        money, NewPlanItem(FILLING, "30", phase=1), NewPlanItem(CROWN, "3", phase=2),
        NewPlanItem("d0120", phase=1),
    )  # fmt: skip
    plan = money.session.plans.read(plan_id)
    assert [(i.phase, i.code, i.tooth) for i in plan.items] == [
        (1, FILLING, "30"), (1, "D0120", ""), (2, CROWN, "3"),
    ]  # fmt: skip
    filling, exam, crown = plan.items
    # The $50 deductible goes to the first basic item; the plan pays 80% of the rest.
    assert (filling.fee, filling.insurance, filling.patient) == (18_000, 10_400, 7_600)
    assert (exam.fee, exam.allowed, exam.insurance, exam.patient) == (6_500, 5_000, 5_000, 0)
    assert (crown.insurance, crown.patient) == (62_500, 62_500)
    for item in plan.items:
        assert item.insurance + item.patient + (item.fee - item.allowed) == item.fee
    assert plan.phases == (1, 2)
    one, two = plan.phase_totals(1), plan.phase_totals(2)
    assert (one.fee, one.insurance, one.patient) == (24_500, 15_400, 7_600)
    assert (plan.totals.fee, plan.totals.insurance, plan.totals.patient) == (
        one.fee + two.fee, one.insurance + two.insurance, one.patient + two.patient,
    )  # fmt: skip
    assert plan.totals.write_off == 1_500
    assert plan.insurer == "Bluewater Dental PPO" and "verified" in plan.coverage_note


def test_the_annual_maximum_runs_out_across_the_phases(money: MoneyOffice) -> None:
    plans = money.session.plans
    plan_id = _plan(money, *(NewPlanItem(CROWN, tooth, phase=n) for n, tooth in
                             ((1, "3"), (2, "14"), (3, "19"))))  # fmt: skip
    first, second, third = plans.read(plan_id).items
    assert first.insurance == 60_000  # half of $1,250 less the $50 deductible
    assert second.insurance == 60_000  # all that is left of the $1,200 maximum
    assert (third.insurance, third.patient) == (0, 125_000)
    assert plans.read(plan_id).totals.insurance == 120_000
    plans.decide([first.id], accepted=False)
    declined, second, third = plans.read(plan_id).items
    assert declined.status is ItemStatus.DECLINED
    assert (second.insurance, third.insurance) == (60_000, 60_000)  # the maximum goes to them
    assert plans.read(plan_id).totals.fee == 250_000  # a declined item is out of the totals
    assert plans.read(plan_id).phases == (2, 3)  # phase 1 holds only the declined crown


def test_an_uninsured_patient_is_quoted_the_office_fees_and_keeps_the_quoted_fee(
    money: MoneyOffice,
) -> None:
    session, ben = money.session, money.office.ben
    plan_id = _plan(money, NewPlanItem(CROWN, "30"), NewPlanItem(FILLING, "2", fee=15_000),
                    patient=ben)  # fmt: skip
    crown = next(p for p in session.procedures.list() if p.code == CROWN)
    session.procedures.save(CROWN, crown.name, ProcedureCategory.MAJOR, 140_000,
                            procedure_id=crown.id)  # fmt: skip
    plan = session.plans.read(plan_id)
    assert [(i.fee, i.insurance, i.patient) for i in plan.items] == [
        (125_000, 0, 125_000), (15_000, 0, 15_000),
    ]  # fmt: skip
    assert plan.insurer == "" and "No insurance" in plan.coverage_note


def test_an_unknown_code_or_a_negative_fee_is_refused_and_adds_nothing(
    money: MoneyOffice,
) -> None:
    plans = money.session.plans
    plan_id = _plan(money)
    with pytest.raises(InvalidInput, match="D9999 is not on the procedure list"):
        plans.add_item(plan_id, NewPlanItem("D9999"))
    with pytest.raises(InvalidInput, match="not on the procedure list"):
        plans.add_item(plan_id, NewPlanItem("  "))
    with pytest.raises(InvalidInput, match="below zero"):
        plans.add_item(plan_id, NewPlanItem(CROWN, fee=-1))
    with pytest.raises(InvalidInput, match="title"):
        plans.create(money.office.ana.id, "   ")
    assert plans.read(plan_id).items == ()


def test_items_can_be_changed_and_removed_and_the_plan_presented(money: MoneyOffice) -> None:
    plans = money.session.plans
    plan_id = _plan(money, NewPlanItem(CROWN, "3"), NewPlanItem(FILLING, "30"))
    crown, filling = plans.read(plan_id).items
    plans.edit_item(crown.id, NewPlanItem(CROWN, "4", phase=2, fee=110_000))
    plans.remove_item(filling.id)
    (crown,) = plans.read(plan_id).items
    assert (crown.tooth, crown.phase, crown.fee) == ("4", 2, 110_000)
    plans.present(plan_id)
    (summary,) = plans.for_patient(money.office.ana.id)
    assert summary.status is PlanStatus.PRESENTED and summary.presented_on is not None
    assert summary.items == 1
    plans.remove(plan_id)
    assert plans.for_patient(money.office.ana.id) == []
    with pytest.raises(NotFound):
        plans.read(plan_id)


def test_accepted_items_wait_on_the_worklist_until_booked(money: MoneyOffice) -> None:
    session = money.session
    plans = session.plans
    plan_id = _plan(money, NewPlanItem(CROWN, "3"), NewPlanItem(FILLING, "30"),
                    NewPlanItem("D0120"))  # fmt: skip
    crown, filling, exam = plans.read(plan_id).items
    plans.decide([crown.id, filling.id], accepted=True)
    plans.decide([exam.id], accepted=False)
    waiting = plans.accepted_not_booked()
    assert [(w.code, w.tooth, w.why) for w in waiting] == [(CROWN, "3", "accepted"),
                                                           (FILLING, "30", "accepted")]  # fmt: skip
    assert waiting[0].patient_name == "Alvarez, Ana" and waiting[0].plan_title == "Upper right"
    visit_id = _book(money)
    plans.mark_booked(crown.id, visit_id)
    crown_now = plans.read(plan_id).items[0]
    assert (crown_now.status, crown_now.appointment_id) == (ItemStatus.BOOKED, visit_id)
    assert [w.code for w in plans.accepted_not_booked()] == [FILLING]
    (summary,) = plans.for_patient(money.office.ana.id)
    assert summary.accepted_not_booked == 1
    session.schedule.cancel(visit_id, "patient called")
    assert {(w.code, w.why) for w in plans.accepted_not_booked()} == {
        (CROWN, "cancelled"), (FILLING, "accepted"),
    }  # fmt: skip


def test_the_worklist_dates_and_orders_items_by_the_patients_decision(money: MoneyOffice) -> None:
    """Not by the item's last change: an edit, a booking since cancelled or a synced field
    once moved an item down the worklist and gave it a later "Accepted" date."""
    plans = money.session.plans
    plan_id = _plan(money, NewPlanItem(CROWN, "3"), NewPlanItem(FILLING, "30"))
    crown, filling = plans.read(plan_id).items
    plans.decide([crown.id], accepted=True)
    plans.decide([filling.id], accepted=True)
    accepted_on = {w.code: w.accepted_on for w in plans.accepted_not_booked()}
    plans.edit_item(crown.id, NewPlanItem(CROWN, "4"))
    visit_id = _book(money)
    plans.mark_booked(crown.id, visit_id)
    money.session.schedule.cancel(visit_id, "patient called")
    waiting = plans.accepted_not_booked()
    assert [(w.code, w.tooth, w.why) for w in waiting] == [(CROWN, "4", "cancelled"),
                                                           (FILLING, "30", "accepted")]  # fmt: skip
    assert {w.code: w.accepted_on for w in waiting} == accepted_on


def test_the_upgrade_dates_the_items_decided_before_it_by_their_last_change(
    money: MoneyOffice,
) -> None:
    pc = money.session
    plan_id = _plan(money, NewPlanItem(CROWN, "3"), NewPlanItem(FILLING, "30"),
                    NewPlanItem("D0120"))  # fmt: skip
    crown, filling, _exam = pc.plans.read(plan_id).items
    pc.plans.decide([crown.id], accepted=True)
    pc.plans.decide([filling.id], accepted=False)
    engine = pc._ctx.db.engine.execution_options(**{WRITE_OPTION: True})
    downgrade(engine, "0022")
    schema.upgrade(pc._ctx.db.engine)
    with engine.connect() as connection:
        query = text("SELECT code, decided_at = updated_at FROM plan_item")
        decided = dict(connection.execute(query).all())
    assert decided == {CROWN: 1, FILLING: 1, "D0120": None}


def test_booking_needs_an_accepted_item_and_the_same_patients_visit(money: MoneyOffice) -> None:
    plans = money.session.plans
    plan_id = _plan(money, NewPlanItem(CROWN, "3"))
    (crown,) = plans.read(plan_id).items
    with pytest.raises(InvalidInput, match="accept it"):
        plans.mark_booked(crown.id, _book(money))
    plans.decide([crown.id], accepted=True)
    with pytest.raises(InvalidInput, match="another patient"):
        plans.mark_booked(crown.id, _book(money, day=2, patient=money.office.ben))
    plans.mark_booked(crown.id, _book(money, day=3))
    with pytest.raises(InvalidInput, match="booked for a visit"):
        plans.decide([crown.id], accepted=False)
    with pytest.raises(InvalidInput, match="booked for a visit"):
        plans.remove_item(crown.id)


def test_plan_changes_are_audited_and_need_the_desks_permission(
    money: MoneyOffice, data_dir: Path
) -> None:
    session = money.session
    plan_id = _plan(money, NewPlanItem(CROWN, "3"))
    entries = session.audit.entries(AuditFilter(action=Action.PLAN_CHANGED))
    assert {e.summary for e in entries} >= {
        "plan “Upper right” drawn up",
        "D2740 added ($1,250.00)",
    }
    session.users.add("cleo", "Cleo Clinician", Role.CLINICIAN, OTHER_PASSWORD,
                      must_change_password=False)  # fmt: skip
    session.close()
    with open_practice(data_dir, "cleo", OTHER_PASSWORD) as clinician:
        with pytest.raises(PermissionDenied):
            clinician.plans.read(plan_id)
        with pytest.raises(PermissionDenied):
            clinician.plans.add_item(plan_id, NewPlanItem(FILLING))


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages
    )


def _strokes() -> bytes:
    picture = Image.new("RGB", (300, 60), "white")
    ImageDraw.Draw(picture).line([(10, 50), (150, 10), (290, 40)], fill="black", width=5)
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_printed_plan_says_what_the_patient_is_expected_to_pay(money: MoneyOffice) -> None:
    session = money.session
    plan_id = _plan(money, NewPlanItem(FILLING, "30"), NewPlanItem(CROWN, "3", phase=2))
    plan = session.plans.read(plan_id)
    text = _text(session.plan_paper.pdf(plan_id))
    assert "Ana Alvarez" in text and "Upper right" in text and "Bluewater Dental PPO" in text
    assert f"Your estimated portion {format_cents(plan.totals.patient)}" in text
    assert "This is an estimate" in text
    (printed,) = session.audit.entries(AuditFilter(action=Action.MONEY_PRINTED))
    assert printed.summary == "plan “Upper right” printed"


def test_a_signed_plan_is_filed_in_the_chart_and_its_items_are_frozen(money: MoneyOffice) -> None:
    session, ana = money.session, money.office.ana
    plans = session.plans
    plan_id = _plan(money, NewPlanItem(FILLING, "30"), NewPlanItem(CROWN, "3"))
    filling, crown = plans.read(plan_id).items
    plans.decide([crown.id], accepted=False)
    with pytest.raises(InvalidInput, match="who is signing"):
        session.plan_paper.sign(plan_id, "  ", _strokes())
    document_id = session.plan_paper.sign(plan_id, "Ana Alvarez", _strokes())
    plan = plans.read(plan_id)
    assert plan.signed_form_id == document_id and plan.status is PlanStatus.PRESENTED
    assert [i.status for i in plan.items] == [ItemStatus.ACCEPTED, ItemStatus.DECLINED]
    signed = session.documents.open(document_id)
    assert signed.info.category == "signed form" and signed.info.media_type == "application/pdf"
    assert "Signed on" in _text(signed.content) and "by Ana Alvarez" in _text(signed.content)
    assert document_id in {d.id for d in session.chart.open(ana.id).documents}
    for change in (
        lambda: plans.add_item(plan_id, NewPlanItem("D0120")),
        lambda: plans.edit_item(filling.id, NewPlanItem(FILLING, "31")),
        lambda: plans.remove_item(filling.id),
        lambda: plans.remove(plan_id),
    ):
        with pytest.raises(InvalidInput, match="signed"):
            change()
    with pytest.raises(InvalidInput, match="already signed"):
        session.plan_paper.sign(plan_id, "Ana Alvarez", _strokes())
    assert [w.code for w in plans.accepted_not_booked()] == [FILLING]


def test_a_visit_booked_from_the_plan_checks_out_at_the_quoted_fees_and_marks_them_done(
    money: MoneyOffice,
) -> None:
    session = money.session
    plans = session.plans
    plan_id = _plan(money, NewPlanItem(CROWN, "3", fee=110_000), NewPlanItem("D0120"))
    crown, exam = plans.read(plan_id).items
    plans.decide([crown.id, exam.id], accepted=True)
    visit = money.arrived_visit()  # a hygiene visit: D0120 D1110 D0274 as usual
    plans.mark_booked(crown.id, visit.id)
    plans.mark_booked(exam.id, visit.id)
    draft = session.desk.check_out_draft(visit.id)
    assert [(line.code, line.tooth, line.fee) for line in draft.lines] == [
        (CROWN, "3", 110_000), ("D0120", "", 6_500), ("D1110", "", 11_500), ("D0274", "", 7_500),
    ]  # fmt: skip
    # Check-in asks for the crown's portion: half of $1,100 after the $50 deductible.
    assert session.desk.to_collect(visit.id).visit_portion == draft.patient == 57_500
    first = draft.lines[0]  # only the crown is done today
    session.desk.check_out(CheckOut(visit.id, (CheckOutLine(first.code, first.tooth, first.fee),)))
    crown, exam = plans.read(plan_id).items
    assert (crown.status, exam.status) == (ItemStatus.DONE, ItemStatus.BOOKED)  # exam not charged
    with pytest.raises(InvalidInput, match="done"):
        plans.decide([crown.id], accepted=False)
