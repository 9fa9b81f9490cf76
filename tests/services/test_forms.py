"""Forms filled for a patient: pre-filled, drafted, signed for good, amended, printed."""

from __future__ import annotations

import base64
import uuid
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from practicedesk.api import open_practice
from practicedesk.errors import InvalidInput, PermissionDenied
from practicedesk.forms.answers import Answer, Signature, YesNo
from practicedesk.forms.model import FieldType, FormTemplate
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.chart.records import PatientDetails
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import PatientForm
from tests.conftest import OTHER_PASSWORD
from tests.services.schedule_fixtures import Office, set_up_office

# A 1×1 PNG: the smallest real picture.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def complete(template: FormTemplate, signer: str = "Zoë Tester") -> dict[str, Answer]:
    """An answer to every field that the template's rules accept."""
    answers: dict[str, Answer] = {}
    for field in template.fields:
        kind = field.type
        if kind is FieldType.PARAGRAPH:
            continue
        if kind in (FieldType.SIGNATURE, FieldType.INITIALS):
            answers[field.id] = Signature(signer, "11/29/2026", PNG)
        elif kind is FieldType.YES_NO:
            answers[field.id] = YesNo(False)
        elif kind is FieldType.SINGLE_CHOICE:
            answers[field.id] = field.options[0]
        elif kind is FieldType.MULTIPLE_CHOICE:
            answers[field.id] = (field.options[0],)
        elif kind is FieldType.DATE:
            answers[field.id] = "01/02/2020"
        elif kind is FieldType.NUMBER:
            answers[field.id] = str(int(field.min or 1))
        elif kind is FieldType.PHONE:
            answers[field.id] = "(503) 555-0100"
        elif kind is FieldType.EMAIL:
            answers[field.id] = "someone@example.org"
        else:
            answers[field.id] = "Yes, understood"
    return answers


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    session = owner_session
    office = set_up_office(session)
    details = session.chart.read(office.ana.id).details
    values = {f: getattr(details, f) for f in PatientDetails.__dataclass_fields__}
    values.update(date_of_birth=date(1984, 6, 9), street="12 Quay Street", city="Portsmouth")
    session.chart.update_details(office.ana.id, PatientDetails(**values))
    return office


def test_a_form_starts_pre_filled_from_the_chart(office: Office) -> None:
    forms = office.session.forms
    filled = forms.start(office.ana.id, "consent-to-treatment")
    assert filled.info.status == "draft" and filled.info.template_version >= 1
    assert "Ana Alvarez" in filled.answers.values()
    assert "06/09/1984" in filled.answers.values()
    assert [f.id for f in forms.for_patient(office.ana.id)] == [filled.info.id]


def test_the_surgical_consent_names_the_procedure_of_the_visit(office: Office) -> None:
    session = office.session
    visit = session.schedule.book(
        office.visit(office.ana, 0, 9, kind=office.extraction, minutes=60)
    )
    facts = session.forms.facts(office.ana.id, visit.id)
    assert facts["appointment.procedure"] == "Extraction"
    assert facts["appointment.provider"] == "Dr. Ada Park"
    assert facts["appointment.arrival"] == "8:30 AM"  # surgery: half an hour early
    filled = session.forms.start(office.ana.id, "surgical-consent", visit.id)
    assert filled.answers["procedure"] == "Extraction"


def test_drafts_keep_what_was_typed(office: Office) -> None:
    forms = office.session.forms
    draft = forms.start(office.ana.id, "medical-history")
    answers = dict(draft.answers) | {"allergies": YesNo(True, "Penicillin: hives")}
    forms.save_draft(draft.info.id, answers)
    assert forms.open(draft.info.id).answers["allergies"] == YesNo(True, "Penicillin: hives")


def test_a_missing_required_answer_blocks_signing(office: Office) -> None:
    forms = office.session.forms
    draft = forms.start(office.ana.id, "medical-history")
    answers = complete(draft.template)
    del answers["allergies"]
    with pytest.raises(InvalidInput, match="cannot be signed yet"):
        forms.sign(draft.info.id, answers, "Ana Alvarez")
    assert forms.open(draft.info.id).info.status == "draft"


def test_a_signed_form_is_sealed_and_cannot_change(office: Office) -> None:
    session = office.session
    forms = session.forms
    draft = forms.start(office.ana.id, "hipaa-acknowledgement")
    info = forms.sign(draft.info.id, complete(draft.template, "Ana Alvarez"), "Ana Alvarez")
    assert info.status == "signed" and info.signer_name == "Ana Alvarez"
    assert forms.intact(info.id)
    with pytest.raises(InvalidInput, match="signed form cannot be changed"):
        forms.save_draft(info.id, {})
    with pytest.raises(InvalidInput, match="signed form cannot be changed"):
        forms.sign(info.id, complete(draft.template), "Someone Else")
    with pytest.raises(InvalidInput):
        forms.discard(info.id)
    assert session.audit.entries(AuditFilter(action=Action.FORM_SIGNED))
    with session._ctx.db.writing() as db:  # someone edits the database behind the program
        db.execute(
            update(PatientForm).where(PatientForm.id == info.id).values(signer_name="Mallory")
        )
    assert not forms.intact(info.id)


def test_a_signature_that_is_not_a_picture_is_refused(office: Office) -> None:
    forms = office.session.forms
    draft = forms.start(office.ana.id, "hipaa-acknowledgement")
    answers = complete(draft.template)
    field = next(f.id for f in draft.template.fields if f.type is FieldType.SIGNATURE)
    answers[field] = Signature("Ana Alvarez", "11/29/2026", b"not a picture")
    with pytest.raises(InvalidInput, match="signature"):
        forms.sign(draft.info.id, answers, "Ana Alvarez")


def test_a_changed_template_never_changes_a_signed_form(office: Office) -> None:
    session = office.session
    forms = session.forms
    draft = forms.start(office.ana.id, "hipaa-acknowledgement")
    signed = forms.sign(draft.info.id, complete(draft.template), "Ana Alvarez")
    text = forms.template_text("hipaa-acknowledgement")
    text = text.replace(f"version: {draft.template.version}", "version: 99", 1)
    text = text.replace(f"title: {draft.template.title}", "title: Our own privacy notice", 1)
    forms.save_own_template(text)
    assert forms.template("hipaa-acknowledgement").version == 99
    again = forms.open(signed.id)
    assert again.template.version == draft.template.version
    assert again.template.title == draft.template.title
    assert forms.intact(signed.id)
    newer = forms.start(office.ana.id, "hipaa-acknowledgement")
    assert (newer.info.template_version, newer.info.title) == (99, "Our own privacy notice")


def test_an_amendment_is_a_new_draft_naming_the_signed_form(office: Office) -> None:
    forms = office.session.forms
    draft = forms.start(office.ana.id, "financial-policy")
    signed = forms.sign(draft.info.id, complete(draft.template), "Ana Alvarez")
    amendment = forms.amend(signed.id)
    assert amendment.info.amends_id == signed.id and amendment.info.status == "draft"
    assert not any(isinstance(a, Signature) for a in amendment.answers.values())
    assert forms.open(signed.id).info.status == "signed"
    with pytest.raises(InvalidInput, match="Only a signed form"):
        forms.amend(amendment.info.id)


def test_printing_a_signed_form_shows_the_answers_and_is_audited(office: Office) -> None:
    session = office.session
    forms = session.forms
    draft = forms.start(office.ana.id, "consent-to-treatment")
    signed = forms.sign(draft.info.id, complete(draft.template, "Ana Alvarez"), "Ana Alvarez")
    text = "\n".join(page.extract_text() for page in PdfReader(_io(forms.pdf(signed.id))).pages)
    assert "Ana Alvarez" in text and "06/09/1984" in text
    assert session.audit.entries(AuditFilter(action=Action.FORM_PRINTED))


def test_blank_forms_print_with_or_without_a_patient(office: Office) -> None:
    forms = office.session.forms
    blank = PdfReader(_io(forms.blank("medical-history")))
    assert "Patient:" in blank.pages[0].extract_text()
    filled = PdfReader(_io(forms.blank("consent-to-treatment", office.ana.id)))
    assert "Ana Alvarez" in filled.pages[0].extract_text()


def test_a_broken_own_template_is_reported_not_raised(office: Office) -> None:
    from practicedesk.store.models import OwnTemplate

    with office.session._ctx.db.writing() as db:  # e.g. arrived from a newer program's PC
        db.add(OwnTemplate(template_id="broken", content=b"id: broken\nversion: [\n"))
    found = office.session.forms.templates()
    assert "medical-history" in found.templates
    assert [p.path.name for p in found.problems] == ["broken.yaml"]


def test_clinicians_cannot_start_forms(office: Office, data_dir: Path) -> None:
    office.session.users.add(
        "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
    )
    patient = office.session.patients.add(NewPatient("Lee", "Ortiz"))
    office.session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:
        with pytest.raises(PermissionDenied):
            clinician.forms.start(patient.id, "medical-history")
        assert clinician.forms.for_patient(patient.id) == []


def _io(pdf: bytes):  # type: ignore[no-untyped-def]
    from io import BytesIO

    return BytesIO(pdf)


def test_a_new_allergy_in_the_history_is_offered_not_applied(office: Office) -> None:
    from practicedesk.services.chart.items import AlertChange

    session = office.session
    session.chart_items.save_alert(office.ana.id, AlertChange("allergy", "Latex"))
    draft = session.forms.start(office.ana.id, "medical-history")
    answers = complete(draft.template) | {
        "allergies": YesNo(True, "Codeine: vomiting"),
        "allergy_list": ("Latex",),
    }
    signed = session.forms.sign(draft.info.id, answers, "Ana Alvarez")
    offered = session.forms.proposed_alerts(signed.id)
    assert [(a.kind, a.text) for a in offered if a.kind == "allergy"] == [
        ("allergy", "Codeine: vomiting")
    ]
    assert [a.text for a in session.chart.read(office.ana.id).alerts] == ["Latex"]


@pytest.mark.parametrize("character", ["\x0c", "\x00", "\x1b"])
def test_a_pasted_control_character_is_refused_with_its_line_not_a_crash(
    office: Office, character: str
) -> None:
    from practicedesk.forms.safe_yaml import TemplateError

    forms = office.session.forms
    text = forms.template_text("financial-policy")
    version = forms.template("financial-policy").version
    lines = text.replace(f"version: {version}", f"version: {version + 1}", 1).splitlines()
    lines[2] += character
    changed = "\n".join(lines) + "\n"
    for attempt in (forms.check_template, forms.save_own_template):
        with pytest.raises(TemplateError) as refused:
            attempt(changed)
        assert refused.value.line == 3
        assert f"U+{ord(character):04X}" in refused.value.message
    assert forms.template("financial-policy").shipped


def test_the_owner_makes_a_form_the_practices_own(office: Office) -> None:
    from practicedesk.forms.safe_yaml import TemplateError

    forms = office.session.forms
    text = forms.template_text("financial-policy")
    shipped = forms.template("financial-policy")
    changed = text.replace(f"title: {shipped.title}", "title: Our payment terms", 1)
    with pytest.raises(InvalidInput, match=f"Raise the version to {shipped.version + 1}"):
        forms.save_own_template(changed)
    changed = changed.replace(f"version: {shipped.version}", f"version: {shipped.version + 1}", 1)
    saved = forms.save_own_template(changed)
    assert (saved.title, saved.shipped) == ("Our payment terms", False)
    assert forms.template("financial-policy").title == "Our payment terms"
    with pytest.raises(TemplateError, match=r"line 3.*titel"):
        forms.check_template("id: x\nversion: 1\ntitel: A typo\nsections: []\n")
    forms.remove_own_template("financial-policy")
    assert forms.template("financial-policy").title == shipped.title
    entries = office.session.audit.entries(AuditFilter(action=Action.SETTING_CHANGED))
    assert any("financial-policy saved" in e.summary for e in entries)


def _recorded_as(office: Office, patient_id: uuid.UUID, sex: str) -> None:
    session = office.session
    details = session.chart.read(patient_id).details
    values = {f: getattr(details, f) for f in PatientDetails.__dataclass_fields__}
    session.chart.update_details(patient_id, PatientDetails(**{**values, "sex": sex}))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(_io(pdf)).pages)


def test_the_womens_questions_are_not_asked_of_a_man_but_print_on_a_blank_form(
    office: Office,
) -> None:
    forms = office.session.forms
    _recorded_as(office, office.ben.id, "male")
    _recorded_as(office, office.ana.id, "female")
    his = forms.start(office.ben.id, "medical-history")
    assert "Women" not in [s.title for s in his.template.sections]
    assert "Women" not in [s.title for s in forms.open(his.info.id).template.sections]
    forms.sign(his.info.id, complete(his.template, "Ben Brooks"), "Ben Brooks")
    assert "pregnant" not in _text(forms.pdf(his.info.id))
    assert "pregnant" not in _text(forms.blank("medical-history", office.ben.id))
    hers = forms.start(office.ana.id, "medical-history")
    assert "Women" in [s.title for s in hers.template.sections]
    assert "pregnant" in _text(forms.blank("medical-history", office.ana.id))
    assert "pregnant" in _text(forms.blank("medical-history"))
    unknown = forms.start(office.cleo.id, "medical-history")
    assert "Women" in [s.title for s in unknown.template.sections], "not recorded: asked"


def test_allergies_written_under_the_list_are_offered_for_the_chart(office: Office) -> None:
    forms = office.session.forms
    draft = forms.start(office.ana.id, "medical-history")
    answers = complete(draft.template, "Ana Alvarez") | {
        "allergies": YesNo(True), "allergy_list": ("Other (please say what below)",),
        "allergy_details": "Shellfish: throat swelling",
    }  # fmt: skip
    forms.sign(draft.info.id, answers, "Ana Alvarez")
    texts = [alert.text for alert in forms.proposed_alerts(draft.info.id)]
    assert "Shellfish: throat swelling" in texts
    assert not any(text.startswith("Other") for text in texts)
