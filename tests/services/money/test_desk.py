"""Money at the desk as a coordinator uses it: check-out, payments, corrections, refunds, and
what the guarantor's account then says."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from practicedesk.domain.ledger import EntryKind
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidAmount, InvalidInput, PermissionDenied, WrongPassword
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.chart.insurance import PolicyChange
from practicedesk.services.money.desk import (
    CheckOut,
    CheckOutLine,
    NewAdjustment,
    NewPayment,
    OwnerApproval,
)
from practicedesk.services.opening import open_practice
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD
from tests.services.money.money_fixtures import HYGIENE_CODES, MoneyOffice, set_up_money
from tests.sync.sync_fixtures import edit


@pytest.fixture
def money(owner_session: PracticeSession) -> MoneyOffice:
    return set_up_money(owner_session)


def _checkout(money: MoneyOffice, visit_id: uuid.UUID, **kwargs: object) -> CheckOut:
    return CheckOut(visit_id, tuple(CheckOutLine(code) for code in HYGIENE_CODES), **kwargs)  # type: ignore[arg-type]


def test_a_check_out_posts_the_charges_the_plans_write_off_and_a_claim_for_the_rest(
    money: MoneyOffice,
) -> None:
    desk, visit = money.session.desk, money.arrived_visit()
    draft = desk.check_out_draft(visit.id)
    assert [line.code for line in draft.lines] == list(HYGIENE_CODES)
    assert (draft.fee, draft.insurance, draft.patient) == (25_500, 20_000, 0)
    result = desk.check_out(_checkout(money, visit.id))
    kinds = sorted(e.kind for e in result.entries)
    assert kinds.count(EntryKind.CHARGE) == 3 and kinds.count(EntryKind.ADJUSTMENT) == 3
    assert result.balance_after.total == 20_000  # $255 less $55 of contractual write-off
    assert result.balance_after.insurance_pending == 20_000
    assert result.balance_after.patient_due == 0
    (claim,) = money.session.claims.for_patient(money.office.ana.id)
    assert (claim.billed, claim.estimate, claim.status) == (25_500, 20_000, "to send")
    assert money.session.schedule.get(visit.id).status is VisitStatus.COMPLETED


def test_pressing_enter_twice_checks_out_once(money: MoneyOffice) -> None:
    visit = money.arrived_visit()
    payment = NewPayment(money.office.ana.id, 1_000, "cash", appointment_id=visit.id)
    checkout = _checkout(money, visit.id, payment=payment)
    first = money.session.desk.check_out(checkout)
    second = money.session.desk.check_out(checkout)
    assert {e.id for e in first.entries} == {e.id for e in second.entries}
    account = money.session.desk.account(money.office.ana.id)
    assert len(account.entries) == 7  # 3 charges, 3 write-offs, 1 payment
    assert account.balance.total == 19_000
    assert account.running == tuple(
        sum(e.amount for e in account.entries[: n + 1]) for n in range(7)
    )
    assert len(money.session.claims.for_patient(money.office.ana.id)) == 1


def test_an_uninsured_patient_pays_the_office_fees_at_check_out(money: MoneyOffice) -> None:
    ben = money.office.ben
    visit = money.arrived_visit(ben)
    draft = money.session.desk.check_out_draft(visit.id)
    assert draft.patient == 25_500 and draft.insurance == 0 and draft.plan == ""
    payment = NewPayment(ben.id, draft.to_collect, "card", reference="4242 auth 0099")
    result = money.session.desk.check_out(_checkout(money, visit.id, payment=payment))
    assert result.balance_after.total == 0
    assert money.session.claims.for_patient(ben.id) == []


def test_check_in_asks_for_the_estimate_or_the_co_pay_and_what_is_already_due(
    money: MoneyOffice,
) -> None:
    ana, ben = money.office.ana, money.office.ben
    session = money.session
    session.desk.adjust(NewAdjustment(ben.id, 2_000, "correction", credit=False))
    uninsured = session.desk.to_collect(money.arrived_visit(ben).id)
    assert (uninsured.visit_portion, uninsured.balance_due, uninsured.total) == (
        25_500,
        2_000,
        27_500,
    )
    assert uninsured.how == "no insurance on file"
    insured = session.desk.to_collect(money.arrived_visit(ana, day=1).id)
    assert (insured.visit_portion, insured.how) == (0, "estimate")
    carrier = money.carrier_id
    session.insurance.save_policy(
        ana.id, PolicyChange(carrier, "BW-1001", plan="PPO", copay_cents=2_500), money.policy_id
    )
    assert session.desk.to_collect(money.arrived_visit(ana, day=2).id).how == "co-pay"
    assert session.desk.to_collect(money.arrived_visit(ana, day=3).id).visit_portion == 2_500


@pytest.mark.parametrize(
    ("amount", "method", "reference", "refused"),
    [
        (0, "cash", "", InvalidAmount),
        (-500, "cash", "", InvalidAmount),
        (500, "barter", "", InvalidInput),
        (500, "card", "4242 4242 4242 4242", InvalidInput),
    ],
    ids=["zero", "negative", "unknown method", "a whole card number"],
)
def test_a_payment_that_cannot_be_right_is_refused_and_posts_nothing(
    money: MoneyOffice, amount: int, method: str, reference: str, refused: type[Exception]
) -> None:
    ben = money.office.ben
    with pytest.raises(refused):
        money.session.desk.take_payment(NewPayment(ben.id, amount, method, reference))
    assert money.session.desk.account(ben.id).entries == ()


def test_a_payment_to_a_merged_chart_is_refused(money: MoneyOffice) -> None:
    session = money.session
    twin = session.patients.add(NewPatient("Ben", "Brooks"))
    session.chart.merge(money.office.ben.id, twin.id)
    with pytest.raises(InvalidInput, match="merged"):
        session.desk.take_payment(NewPayment(twin.id, 500, "cash"))


def test_a_mistaken_payment_is_corrected_by_a_reversal_never_by_an_edit(
    money: MoneyOffice,
) -> None:
    ben, desk = money.office.ben, money.session.desk
    desk.adjust(NewAdjustment(ben.id, 4_000, "correction", credit=False))
    paid = desk.take_payment(NewPayment(ben.id, 4_000, "cash"))
    assert desk.balance(ben.id).total == 0
    desk.reverse(paid.id, "paid by check, not cash")
    account = desk.account(ben.id)
    assert account.balance.total == 4_000
    assert [e.kind for e in account.entries][-2:] == [EntryKind.PAYMENT, EntryKind.REVERSAL]
    assert account.entries[-2].reversed
    with pytest.raises(InvalidInput):
        desk.reverse(paid.id, "again")


def test_refunds_are_never_more_than_was_paid_and_need_the_owner(
    money: MoneyOffice, data_dir: Path
) -> None:
    session, ben = money.session, money.office.ben
    session.desk.take_payment(NewPayment(ben.id, 3_000, "check", "1042"))
    with pytest.raises(InvalidAmount):
        session.desk.refund(NewPayment(ben.id, 3_001, "check", "77"))
    session.users.add("cara", "Cara Desk", Role.COORDINATOR, OTHER_PASSWORD,
                      must_change_password=False)  # fmt: skip
    session.close()
    with open_practice(data_dir, "cara", OTHER_PASSWORD) as coordinator:
        with pytest.raises(PermissionDenied, match="owner"):
            coordinator.desk.refund(NewPayment(ben.id, 1_000, "check", "78"))
        with pytest.raises(WrongPassword):
            coordinator.desk.refund(
                NewPayment(ben.id, 1_000, "check", "78"), OwnerApproval(OWNER, "not it at all")
            )
        refund = coordinator.desk.refund(
            NewPayment(ben.id, 1_000, "check", "78"), OwnerApproval(OWNER, OWNER_PASSWORD)
        )
        assert refund.kind is EntryKind.REFUND and refund.posted_by == "cara"
        assert coordinator.desk.balance(ben.id).credit == 2_000
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as owner:
        (entry,) = owner.audit.entries(AuditFilter(text="refund"))
        assert entry.username == "cara" and f"allowed by {OWNER}" in entry.summary


def test_a_coordinator_adjusts_small_amounts_and_asks_the_owner_for_larger_ones(
    money: MoneyOffice, data_dir: Path
) -> None:
    session, ben = money.session, money.office.ben
    session.users.add("cara", "Cara Desk", Role.COORDINATOR, OTHER_PASSWORD,
                      must_change_password=False)  # fmt: skip
    session.close()
    with open_practice(data_dir, "cara", OTHER_PASSWORD) as coordinator:
        coordinator.desk.adjust(NewAdjustment(ben.id, 2_500, "courtesy", credit=False))
        with pytest.raises(PermissionDenied):
            coordinator.desk.adjust(NewAdjustment(ben.id, 20_000, "courtesy"))
        with pytest.raises(PermissionDenied):
            coordinator.desk.adjust(NewAdjustment(ben.id, 100, "small-balance write-off"))
        assert coordinator.desk.balance(ben.id).total == 2_500


def test_a_family_shares_the_guarantors_account(money: MoneyOffice) -> None:
    session, ana = money.session, money.office.ana
    kid = session.patients.add(NewPatient("Kai", "Alvarez"))
    edit(session, kid.id, responsible_type="patient", responsible_patient_id=ana.id,
         responsible_relationship="parent")  # fmt: skip
    session.desk.take_payment(NewPayment(kid.id, 1_500, "cash"))
    account = session.desk.account(kid.id)
    assert account.account_id == ana.id
    assert set(account.members) == {"Alvarez, Ana", "Alvarez, Kai"}
    assert session.desk.balance(ana.id).credit == 1_500
    assert account.entries[0].patient_name == "Kai Alvarez"


def test_every_money_action_is_in_the_audit_log_with_its_user(money: MoneyOffice) -> None:
    session, ben = money.session, money.office.ben
    session.desk.take_payment(NewPayment(ben.id, 500, "cash"))
    session.desk.adjust(NewAdjustment(ben.id, 500, "courtesy", credit=False))
    summaries = [e.summary for e in session.audit.entries(AuditFilter(action=Action.MONEY_POSTED))]
    assert any(s.startswith("cash payment: $5.00") for s in summaries)
    assert any(s.startswith("adjustment (courtesy): $5.00") for s in summaries)


def test_a_usual_procedure_missing_from_the_list_does_not_stop_check_in_or_check_out(
    money: MoneyOffice,
) -> None:
    session, ben = money.session, money.office.ben
    session.schedule_setup.save_appointment_type(
        "Hygiene", 60, "#B3E5FC", type_id=money.hygiene.id,
        procedure_codes=(*HYGIENE_CODES, "D1X10"),
    )  # fmt: skip
    visit = money.arrived_visit(ben)
    assert session.desk.to_collect(visit.id).visit_portion == 25_500
    draft = session.desk.check_out_draft(visit.id)
    assert [line.code for line in draft.lines] == list(HYGIENE_CODES)
