"""Pre-surgery readiness on a real practice: each item follows the chart, hand ticks are kept
and audited, and the board lists the coming surgeries with their colours."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from practicedesk.api import open_practice
from practicedesk.domain.readiness import Colour, Key, State
from practicedesk.errors import InvalidInput, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.chart.insurance import PolicyChange, VerificationEntry
from practicedesk.services.chart.items import AuthorizationChange, ReferralChange
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD
from tests.services.schedule_fixtures import Office, practice_today, set_up_office
from tests.services.test_forms import PNG, complete


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


@pytest.fixture
def surgery(office: Office) -> uuid.UUID:
    visit = office.session.schedule.book(
        office.visit(office.ana, 0, 9, kind=office.extraction, minutes=60)
    )
    return visit.id


def state(office: Office, surgery: uuid.UUID, key: Key) -> State:
    return office.session.readiness.checklist(surgery).item(key).state


def _sign(office: Office, template_id: str, appointment_id: uuid.UUID | None = None) -> None:
    forms = office.session.forms
    draft = forms.start(office.ana.id, template_id, appointment_id)
    forms.sign(draft.info.id, complete(draft.template, "Ana Alvarez"), "Ana Alvarez")


def test_a_new_surgery_with_an_empty_chart_lacks_what_only_a_person_can_bring(
    office: Office, surgery: uuid.UUID
) -> None:
    result = office.session.readiness.checklist(surgery)
    states = {item.key: item.state for item in result.items}
    assert states[Key.INSURANCE_CARD] is State.NOT_NEEDED  # no policy: self-pay
    assert states[Key.INSURANCE_VERIFIED] is State.NOT_NEEDED
    missing = {k for k, s in states.items() if s is State.MISSING}
    assert missing == set(Key) - {Key.INSURANCE_CARD, Key.INSURANCE_VERIFIED}
    assert result.item(Key.PHOTO_ID).detail == "no photo ID on file"


@pytest.mark.parametrize(
    ("category", "key"),
    [("photo ID", Key.PHOTO_ID), ("insurance card (front)", Key.INSURANCE_CARD)],
)
def test_a_scan_on_file_ticks_its_item(
    office: Office, surgery: uuid.UUID, category: str, key: Key
) -> None:
    insurance = office.session.insurance
    carrier = insurance.add_carrier("Delta Dental", "(800) 555-0100")
    insurance.save_policy(office.ana.id, PolicyChange(carrier.id, "A-1"))
    assert state(office, surgery, key) is State.MISSING
    office.session.documents.add(office.ana.id, PNG, category=category, title="scan")
    assert state(office, surgery, key) is State.DONE


def test_verifying_the_policy_ticks_the_verification(office: Office, surgery: uuid.UUID) -> None:
    insurance = office.session.insurance
    carrier = insurance.add_carrier("Delta Dental", "(800) 555-0100")
    policy = insurance.save_policy(office.ana.id, PolicyChange(carrier.id, "A-1"))
    assert state(office, surgery, Key.INSURANCE_VERIFIED) is State.MISSING
    insurance.verify(office.ana.id, policy, VerificationEntry("phone", "active"))
    item = office.session.readiness.checklist(surgery).item(Key.INSURANCE_VERIFIED)
    assert item.state is State.DONE
    assert item.detail == f"verified {practice_today():%m/%d/%Y}"


@pytest.mark.parametrize(
    ("status", "expected", "colour"),
    [
        ("submitted", State.WAITING, Colour.AMBER),
        ("approved", State.DONE, Colour.AMBER),
        ("denied", State.MISSING, Colour.RED),
    ],
)
def test_a_pre_authorization_follows_its_status(
    office: Office, surgery: uuid.UUID, status: str, expected: State, colour: Colour
) -> None:
    office.session.chart_items.save_authorization(
        office.ana.id, AuthorizationChange("D7140 extraction", "Delta", status, practice_today())
    )
    result = office.session.readiness.checklist(surgery)
    assert result.item(Key.AUTHORIZATION).state is expected
    if result.days_to_act > 2:  # closer, an answer still to come from the payer is too late
        assert result.colour is colour


def test_an_incoming_referral_waits_until_received(office: Office, surgery: uuid.UUID) -> None:
    items = office.session.chart_items
    change = ReferralChange("incoming", None, "Third molars", "sent", sent_on=practice_today())
    referral_id = items.save_referral(office.ana.id, change)
    assert state(office, surgery, Key.REFERRAL) is State.WAITING
    received = ReferralChange("incoming", None, "Third molars", "received",
                              received_on=practice_today())  # fmt: skip
    items.save_referral(office.ana.id, received, referral_id)
    assert state(office, surgery, Key.REFERRAL) is State.DONE


@pytest.mark.parametrize(
    ("template_id", "key"),
    [
        ("medical-history", Key.MEDICAL_HISTORY),
        ("surgical-consent", Key.CONSENT),
        ("pre-operative-instructions", Key.PRE_OP),
    ],
)
def test_a_signed_form_ticks_its_item(
    office: Office, surgery: uuid.UUID, template_id: str, key: Key
) -> None:
    assert state(office, surgery, key) is State.MISSING
    office.session.forms.start(office.ana.id, template_id, surgery)  # a draft is not enough
    assert state(office, surgery, key) is State.MISSING
    _sign(office, template_id, surgery)
    assert state(office, surgery, key) is State.DONE


def test_printing_the_packet_counts_as_pre_op_instructions_given(
    office: Office, surgery: uuid.UUID
) -> None:
    office.session.forms.packet(surgery)
    item = office.session.readiness.checklist(surgery).item(Key.PRE_OP)
    assert item.state is State.DONE and item.detail.startswith("printed ")


def test_hand_ticks_are_kept_audited_and_can_be_taken_back(
    office: Office, surgery: uuid.UUID
) -> None:
    session = office.session
    heard: list[frozenset[str]] = []
    session.subscribe(heard.append)
    session.readiness.tick(surgery, "escort", True, "her  son drives")
    item = session.readiness.checklist(surgery).item(Key.ESCORT)
    assert item.state is State.DONE and item.ticked
    assert item.detail.endswith(": her son drives") and session.user.username in item.detail
    assert "schedule" in heard[-1]
    session.readiness.tick(surgery, "escort", False)
    assert state(office, surgery, Key.ESCORT) is State.MISSING
    session.readiness.tick(surgery, "escort", True)
    assert state(office, surgery, Key.ESCORT) is State.DONE
    entries = session.audit.entries(AuditFilter(action=Action.READINESS_TICKED))
    assert [e.summary for e in entries] == [
        "escort: confirmed",
        "escort: unticked",
        "escort: confirmed",
    ]
    assert entries[0].patient_id == office.ana.id


def test_an_item_the_chart_settles_cannot_be_ticked(office: Office, surgery: uuid.UUID) -> None:
    with pytest.raises(InvalidInput):
        office.session.readiness.tick(surgery, "photo_id", True)


def test_a_clinician_sees_the_checklist_but_cannot_tick(
    office: Office, surgery: uuid.UUID, data_dir: Path
) -> None:
    office.session.users.add(
        "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
    )
    office.session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:
        assert clinician.readiness.checklist(surgery).item(Key.ESCORT).state is State.MISSING
        with pytest.raises(PermissionDenied):
            clinician.readiness.tick(surgery, "escort", True)


def test_the_board_lists_open_surgeries_within_the_window(
    office: Office, surgery: uuid.UUID
) -> None:
    schedule = office.session.schedule
    exam = office.visit(office.ben, 0, 9, provider=office.hygienist, room=office.chair2)
    schedule.book(exam)  # not surgery
    late = schedule.book(office.visit(office.cleo, 21, 9, kind=office.extraction, minutes=60))
    gone = schedule.book(office.visit(office.cleo, 1, 9, kind=office.extraction, minutes=60))
    schedule.cancel(gone.id, "patient called")
    board = office.session.readiness.board(days=14)
    assert [row.appointment_id for row in board] == [surgery]
    [row] = board
    assert (row.patient_name, row.procedure, row.provider) == (
        "Alvarez, Ana",
        "Extraction",
        "Dr. Ada Park",
    )
    assert "photo ID" in row.missing and "escort" in row.missing
    assert row.colour in (Colour.AMBER, Colour.RED)
    days = (office.monday - practice_today()).days + 22
    assert late.id in [r.appointment_id for r in office.session.readiness.board(days=days)]


def test_a_surgery_with_everything_in_place_is_green(office: Office, surgery: uuid.UUID) -> None:
    session = office.session
    session.documents.add(office.ana.id, PNG, category="photo ID", title="licence")
    for template_id in ("medical-history", "surgical-consent", "pre-operative-instructions"):
        _sign(office, template_id, surgery)
    for key in ("authorization", "referral", "escort"):
        session.readiness.tick(surgery, key, True)
    [row] = session.readiness.board()
    assert row.colour is Colour.GREEN and row.missing == ""
    assert row.starts_at == office.at(0, 9)
