"""The patient chart's services on a real encrypted practice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.errors import InvalidInput, NotFound, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.chart.insurance import PolicyChange, VerificationEntry
from practicedesk.services.chart.items import AlertChange, AuthorizationChange, ReferralChange
from practicedesk.services.chart.records import PatientDetails, PhoneEntry
from practicedesk.services.chart.tasks import NewCommunication, NewTask
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.practice.settings import VERIFY_WITHIN_DAYS
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD
from tests.services.schedule_fixtures import Office, practice_today, set_up_office

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    return set_up_office(owner_session)


def _details(session: PracticeSession, patient_id: object) -> PatientDetails:
    return session.chart.open(patient_id).details  # type: ignore[arg-type]


def test_opening_a_chart_shows_the_header_facts_and_is_audited(office: Office) -> None:
    session = office.session
    session.schedule.book(office.visit(office.ana, 2, 10))
    chart = session.chart.open(office.ana.id)
    assert chart.summary.display_name == "Alvarez, Ana"
    assert chart.next_visit_label.endswith("10:00 AM")
    assert chart.insurance_status == "No insurance on file"
    assert chart.phones[0].display == "(503) 234-1111" and chart.phones[0].is_primary
    viewed = session.audit.entries(AuditFilter(action=Action.CHART_VIEWED))
    assert viewed[0].patient_id == office.ana.id
    assert [p.id for p in session.patients.recent()] == [office.ana.id]


def test_demographics_are_validated_and_changes_name_the_fields(office: Office) -> None:
    session = office.session
    details = _details(session, office.ben.id)
    values = {f: getattr(details, f) for f in PatientDetails.__dataclass_fields__}
    session.chart.update_details(
        office.ben.id, PatientDetails(**{**values, "preferred_name": "Benny", "city": " Salem "})
    )
    assert _details(session, office.ben.id).city == "Salem"
    assert session.patients.search("benny")[0].id == office.ben.id
    [entry] = session.audit.entries(AuditFilter(action=Action.CHART_CHANGED))
    assert entry.summary == "changed: preferred name, city"
    for bad, problem in (
        ({"first_name": " "}, "first and a last name"),
        ({"date_of_birth": practice_today() + timedelta(days=1)}, "future"),
        ({"email": "ben at home"}, "e-mail"),
        ({"responsible_type": "person"}, "responsible person's name"),
        ({"emergency_phone": "555-1234"}, "emergency contact's phone"),
    ):
        with pytest.raises(InvalidInput, match=problem):
            session.chart.update_details(office.ben.id, PatientDetails(**{**values, **bad}))


def test_phones_keep_one_primary_and_are_checked(office: Office) -> None:
    session = office.session
    with pytest.raises(InvalidInput, match="not a valid phone"):
        session.chart.set_phones(office.cleo.id, [PhoneEntry("home", "503 123 4567")])
    phones = session.chart.set_phones(
        office.cleo.id,
        [PhoneEntry("home", "503-234-9999"), PhoneEntry("mobile", "971.234.5678", True, True)],
    )
    assert [(p.kind, p.number, p.is_primary) for p in phones] == [
        ("mobile", "+19712345678", True),
        ("home", "+15032349999", False),
    ]
    assert session.patients.search("9999")[0].id == office.cleo.id
    assert session.chart.open(office.cleo.id).summary.phone == "(971) 234-5678"


def test_alerts_reach_the_appointment_book_and_the_day_sheet(office: Office) -> None:
    session = office.session
    session.chart_items.save_alert(office.ana.id, AlertChange("allergy", "Penicillin", "critical"))
    session.chart_items.save_alert(office.ana.id, AlertChange("condition", "Asthma", "info"))
    session.schedule.book(office.visit(office.ana, 0, 9))
    [visit] = session.schedule.day(office.monday).appointments
    assert visit.alert_level == "critical"
    assert visit.alert == "allergy: Penicillin; condition: Asthma"
    sheet = PdfReader(BytesIO(session.printouts.day_sheet(office.monday, office.dentist.id)))
    assert "ALERT: allergy: Penicillin" in sheet.pages[0].extract_text()
    with pytest.raises(InvalidInput):
        session.chart_items.save_alert(office.ana.id, AlertChange("hobby", "chess"))


def test_an_alert_of_another_patients_chart_is_not_changed_through_this_one(
    office: Office,
) -> None:
    items = office.session.chart_items
    alert = items.save_alert(office.ben.id, AlertChange("allergy", "Latex", "critical"))
    with pytest.raises(NotFound, match="no longer in this chart"):
        items.save_alert(office.ana.id, AlertChange("allergy", "Nothing", "info"), alert.id)
    [kept] = office.session.chart.open(office.ben.id).alerts
    assert (kept.text, kept.severity) == ("Latex", "critical")
    assert office.session.chart.open(office.ana.id).alerts == []


def test_clinicians_edit_alerts_but_not_demographics(office: Office, data_dir: object) -> None:
    office.session.users.add(
        "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
    )
    office.session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:  # type: ignore[arg-type]
        clinician.chart_items.save_alert(office.ben.id, AlertChange("medication", "Warfarin"))
        values = {
            f: getattr(clinician.chart.open(office.ben.id).details, f)
            for f in PatientDetails.__dataclass_fields__
        }
        with pytest.raises(PermissionDenied):
            clinician.chart.update_details(office.ben.id, PatientDetails(**values))
        with pytest.raises(PermissionDenied):  # registering a patient is a chart edit too
            clinician.patients.add(NewPatient("Dee", "Diaz"))
        with pytest.raises(PermissionDenied):
            clinician.patients.add_many([NewPatient("Eve", "Evans")], reason="a list")
        assert [p.id for p in clinician.patients.search("Ben")] == [office.ben.id]


def test_insurance_verification_is_logged_and_due_before_a_visit(office: Office) -> None:
    session = office.session
    carrier = session.insurance.add_carrier("Delta Dental of Oregon", "(800) 555-0100", "DDOR1")
    with pytest.raises(InvalidInput, match="already"):
        session.insurance.add_carrier("delta dental of oregon")
    policy = session.insurance.save_policy(
        office.ana.id, PolicyChange(carrier.id, "XZ123456789", plan="PPO Plus", copay_cents=2500)
    )
    session.schedule.book(office.visit(office.ana, 3, 9))
    chart = session.chart.open(office.ana.id)
    assert chart.policies[0].verification_due
    assert chart.insurance_status == "Delta Dental of Oregon: verification due"
    session.insurance.verify(
        office.ana.id, policy, VerificationEntry("phone", "active", "REF-778", 150_000)
    )
    chart = session.chart.open(office.ana.id)
    assert not chart.policies[0].verification_due
    assert chart.policies[0].last_verified.reference == "REF-778"
    assert chart.policies[0].last_verified.username == "olive"
    assert session.audit.entries(AuditFilter(action=Action.INSURANCE_VERIFIED))
    session.settings.set(VERIFY_WITHIN_DAYS, 1)  # the visit is days off: too early to ask again
    assert not session.chart.open(office.ana.id).policies[0].verification_due


def test_the_last_verification_of_a_policy_is_read_for_the_next_call(office: Office) -> None:
    insurance = office.session.insurance
    carrier = insurance.add_carrier("Delta Dental of Oregon")
    policy = insurance.save_policy(office.ana.id, PolicyChange(carrier.id, "XZ123456789"))
    assert insurance.last_verification(office.ana.id, policy) is None
    insurance.verify(office.ana.id, policy, VerificationEntry("phone", "active", "R-1", 90_000))
    call = VerificationEntry(
        "phone", "active", "R-2", 80_000, spoken_to=" Dana ",
        frequency_limits="cleaning 2/yr, last 06/12; BWX 1/yr", cost_share="20% basic",
    )  # fmt: skip
    insurance.verify(office.ana.id, policy, call)
    last = insurance.last_verification(office.ana.id, policy)
    assert last is not None
    assert (last.reference, last.remaining_cents, last.spoken_to) == ("R-2", 80_000, "Dana")
    assert (last.frequency_limits, last.cost_share) == (
        "cleaning 2/yr, last 06/12; BWX 1/yr", "20% basic",
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="80 characters"):
        insurance.verify(office.ana.id, policy, replace(call, spoken_to="x" * 81))
    with pytest.raises(NotFound):
        insurance.last_verification(office.ben.id, policy)  # not Ben's policy


def test_authorizations_and_referrals(office: Office) -> None:
    items = office.session.chart_items
    auth = items.save_authorization(
        office.ana.id, AuthorizationChange("Implant #19", "Delta", "submitted", practice_today())
    )
    items.save_authorization(
        office.ana.id,
        AuthorizationChange("Implant #19", "Delta", "approved", number="PA-9"),
        auth.id,
    )
    with pytest.raises(InvalidInput, match="end before"):
        items.save_authorization(
            office.ana.id,
            AuthorizationChange("x", valid_from=date(2027, 1, 2), valid_to=date(2027, 1, 1)),
        )
    surgeon = items.save_contact(
        None, name="Dr. Rosa Lind", organization="Coast Oral Surgery", specialty="oral surgery"
    )
    items.save_referral(
        office.ana.id,
        ReferralChange("outgoing", surgeon.id, "third molars", "sent", sent_on=practice_today()),
    )
    chart = office.session.chart.open(office.ana.id)
    assert [(a.status, a.number) for a in chart.authorizations] == [("approved", "PA-9")]
    assert chart.referrals[0].contact.organization == "Coast Oral Surgery"
    assert [c.name for c in items.contacts()] == ["Dr. Rosa Lind"]


def test_documents_are_checked_stored_encrypted_and_viewing_is_audited(
    office: Office, data_dir: object
) -> None:
    docs = office.session.documents
    with pytest.raises(InvalidInput, match="not a picture or a PDF"):
        docs.add(
            office.ana.id,
            b"MZ\x90\x00 an executable",
            category="other",
            title="x",
            file_name="setup.exe",
        )
    with pytest.raises(InvalidInput, match="category"):
        docs.add(office.ana.id, PNG, category="random", title="x")
    card = docs.add(
        office.ana.id,
        PNG,
        category="insurance card (front)",
        title="Delta card",
        file_name="card.png",
    )
    assert card.media_type == "image/png" and card.size == len(PNG)
    opened = docs.open(card.id)
    assert opened.content == PNG
    assert office.session.audit.entries(AuditFilter(action=Action.DOCUMENT_VIEWED))
    docs.remove(card.id)
    assert office.session.chart.open(office.ana.id).documents == []
    with pytest.raises(NotFound):
        docs.open(card.id)


def test_a_call_with_a_follow_up_creates_my_task(office: Office) -> None:
    tasks = office.session.tasks
    tasks.log(
        office.ben.id,
        NewCommunication("call", "in", "Asked about the bill", follow_up_on=practice_today()),
    )
    tasks.add(NewTask("Order impression trays", practice_today() - timedelta(days=1)))
    mine = tasks.mine()
    assert [t.title for t in mine] == ["Follow up: Asked about the bill"]
    everyone = tasks.list()
    assert [t.overdue for t in everyone] == [True, False]
    tasks.complete(mine[0].id)
    assert tasks.mine() == []
    chart = office.session.chart.open(office.ben.id)
    assert chart.communications[0].summary == "Asked about the bill"
    assert chart.open_tasks == []


def test_the_owner_merges_two_records_of_one_person(office: Office) -> None:
    session = office.session
    twin = session.patients.add(NewPatient("Anna", "Alvarez", email="ana@example.com"))
    session.schedule.book(office.visit(office.ana, 0, 9))
    session.schedule.book(office.visit(twin, 1, 9))
    session.chart_items.save_alert(twin.id, AlertChange("allergy", "Latex"))
    session.chart.merge(office.ana.id, twin.id)
    chart = session.chart.open(office.ana.id)
    assert [a.text for a in chart.alerts] == ["Latex"]
    assert chart.details.email == "ana@example.com"
    assert len(session.schedule.for_patient(office.ana.id)) == 2
    assert [p.id for p in session.patients.search("alvarez")] == [office.ana.id]
    with pytest.raises(NotFound, match="merged"):
        session.chart.open(twin.id)
    [merged] = session.audit.entries(AuditFilter(action=Action.PATIENTS_MERGED))
    assert merged.summary.endswith("2 records moved")  # the alert and the visit


def test_only_the_owner_merges(office: Office, data_dir: object) -> None:
    office.session.users.add(
        "maria", "Maria", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    office.session.close()
    with (
        open_practice(data_dir, "maria", OTHER_PASSWORD) as coordinator,
        pytest.raises(PermissionDenied),
    ):  # type: ignore[arg-type]
        coordinator.chart.merge(office.ana.id, office.ben.id)
