"""Packets printed for a visit through FormService: the appointment type's packet by default,
pre-filled from the chart and the visit, signed forms printed as signed, the practice's own
packets, what cannot be printed said plainly, and every print audited."""

from __future__ import annotations

import re
import uuid
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from practicedesk.api import open_practice
from practicedesk.errors import InvalidInput, NotFound, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.chart.records import PatientDetails
from practicedesk.services.forms.packet_batch import make_packets
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD, PRACTICE
from tests.recording_progress import RecordingProgress
from tests.services.schedule_fixtures import Office, set_up_office
from tests.services.test_forms import complete

PROCEDURE = "Removal of wisdom tooth 32"


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    session = owner_session
    office = set_up_office(session)
    details = session.chart.read(office.ana.id).details
    values = {f: getattr(details, f) for f in PatientDetails.__dataclass_fields__}
    values.update(date_of_birth=date(1984, 6, 9))
    session.chart.update_details(office.ana.id, PatientDetails(**values))
    return office


@pytest.fixture
def surgery(office: Office) -> AppointmentInfo:
    """Ana's extraction on Monday at 9:00, its procedure written in the visit's notes."""
    schedule = office.session.schedule
    visit = schedule.book(office.visit(office.ana, 0, 9, kind=office.extraction, minutes=60))
    return schedule.update_notes(visit.id, PROCEDURE)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def test_a_surgery_prints_its_types_pre_surgery_packet_by_default(
    office: Office, surgery: AppointmentInfo
) -> None:
    pages = _pages(office.session.forms.packet(surgery.id))
    text = "\n".join(pages)
    assert "Getting ready for your surgery" in text and "Packet pre-surgery" in text
    assert "Ana Alvarez" in text and "06/09/1984" in text
    assert "8:30 AM" in text  # a surgery: half an hour early
    assert "Dr. Ada Park" in text
    assert PRACTICE.phone in text
    consent = [page for page in pages if "Consent for surgery" in page]
    assert consent and PROCEDURE in consent[0]
    total = len(pages)
    assert total >= 3
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {total}" in page
        assert "Ana Alvarez" in page


def test_the_patients_serious_alerts_print_in_a_banner_on_the_first_page(
    office: Office, surgery: AppointmentInfo
) -> None:
    from practicedesk.services.chart.items import AlertChange

    items = office.session.chart_items
    items.save_alert(surgery.patient_id, AlertChange("allergy", "Penicillin", "critical"))
    items.save_alert(surgery.patient_id, AlertChange("condition", "Seasonal hay fever", "info"))
    pages = _pages(office.session.forms.packet(surgery.id))
    assert "ALLERGY: Penicillin" in pages[0]
    assert "hay fever" not in " ".join(pages)


def test_another_packet_is_printed_when_named(office: Office, surgery: AppointmentInfo) -> None:
    text = "\n".join(_pages(office.session.forms.packet(surgery.id, "post-op-extraction")))
    assert "Packet post-op-extraction" in text
    assert "Getting ready for your surgery" not in text


def test_a_visit_whose_type_prints_no_packet_is_refused(office: Office) -> None:
    exam = office.session.schedule.book(office.visit(office.ben, 0, 10))
    with pytest.raises(InvalidInput, match="no packet"):
        office.session.forms.packet(exam.id)


def test_an_unknown_packet_or_visit_is_not_found(office: Office, surgery: AppointmentInfo) -> None:
    with pytest.raises(NotFound, match="no-such-packet"):
        office.session.forms.packet(surgery.id, "no-such-packet")
    with pytest.raises(NotFound):
        office.session.forms.packet(uuid.uuid4())


def test_a_form_signed_for_the_visit_prints_completed_in_the_packet(
    office: Office, surgery: AppointmentInfo
) -> None:
    forms = office.session.forms
    before = "\n".join(_pages(forms.packet(surgery.id)))
    assert "Signed on" not in before
    draft = forms.start(office.ana.id, "surgical-consent", surgery.id)
    forms.sign(draft.info.id, complete(draft.template, "Ana Alvarez"), "Ana Alvarez")
    after = "\n".join(_pages(forms.packet(surgery.id)))
    assert re.search(r"Signed on .* by Ana Alvarez", after)
    assert PROCEDURE in after


def test_a_form_signed_for_another_visit_does_not_print_as_signed(
    office: Office, surgery: AppointmentInfo
) -> None:
    forms = office.session.forms
    other = office.session.schedule.book(
        office.visit(office.ana, 1, 9, kind=office.extraction, minutes=60)
    )
    draft = forms.start(office.ana.id, "surgical-consent", other.id)
    forms.sign(draft.info.id, complete(draft.template, "Ana Alvarez"), "Ana Alvarez")
    assert "Signed on" not in "\n".join(_pages(forms.packet(surgery.id)))


def test_the_practices_own_packet_replaces_the_shipped_one(
    office: Office, surgery: AppointmentInfo
) -> None:
    forms = office.session.forms
    text = forms.packet_text("pre-surgery")
    text = text.replace("title: Getting ready for your surgery", "title: Before your big day")
    text = text.replace("heading: Getting ready for your surgery", "heading: Before your big day")
    with pytest.raises(InvalidInput, match="Raise the version"):
        forms.save_own_packet(text)
    forms.save_own_packet(text.replace("version: 1", "version: 2", 1))
    found = office.session.forms.packets()
    assert not found.problems
    assert found.packets["pre-surgery"].shipped is False
    assert found.packets["pre-surgery"].title == "Before your big day"
    printed = "\n".join(_pages(office.session.forms.packet(surgery.id)))
    assert "Before your big day" in printed
    assert "Getting ready for your surgery" not in printed


def test_a_pasted_page_break_in_a_packet_is_refused_with_its_line(office: Office) -> None:
    from practicedesk.forms.packets import PacketError

    forms = office.session.forms
    lines = forms.packet_text("pre-surgery").replace("version: 1", "version: 2", 1).splitlines()
    lines[3] += "\x0c"
    changed = "\n".join(lines) + "\n"
    for attempt in (forms.check_packet, forms.save_own_packet):
        with pytest.raises(PacketError) as refused:
            attempt(changed)
        assert refused.value.message.startswith(
            "The packet your packet.yaml, line 4: holds a form feed (page break), U+000C"
        )
    assert forms.packets().packets["pre-surgery"].shipped


def test_a_packet_naming_a_missing_form_is_reported_not_printed(
    office: Office, surgery: AppointmentInfo
) -> None:
    from practicedesk.store.models import OwnPacket

    odd = b"id: odd\nversion: 1\ntitle: Odd\nforms:\n  - template: no-such-form\n"
    with office.session._ctx.db.writing() as db:  # e.g. its form was removed on another PC
        db.add(OwnPacket(packet_id="odd", content=odd))
    found = office.session.forms.packets()
    assert [p.path.name for p in found.problems] == ["odd.yaml"]
    assert "no-such-form" in found.problems[0].message
    assert found.problems[0].line == 5
    assert "odd" not in found.packets and "pre-surgery" in found.packets
    with pytest.raises(NotFound):
        office.session.forms.packet(surgery.id, "odd")


def test_the_days_surgical_visits_are_the_open_ones_with_a_packet(
    office: Office, surgery: AppointmentInfo
) -> None:
    session = office.session
    setup = session.schedule_setup
    implant = setup.save_appointment_type("Implant", 120, "#F48FB1", surgical=True, packet="")
    session.schedule.book(office.visit(office.ben, 0, 10))  # an exam
    session.schedule.book(office.visit(office.cleo, 0, 13, kind=implant, minutes=120))
    cancelled = session.schedule.book(
        office.visit(office.ben, 0, 15, kind=office.extraction, minutes=60)
    )
    session.schedule.cancel(cancelled.id, "patient called")
    assert [v.id for v in session.forms.surgical_visits(office.monday)] == [surgery.id]
    tuesday = office.at(1, 9).astimezone(office.session.schedule.zone()).date()
    assert session.forms.surgical_visits(tuesday) == []


def test_printing_a_packet_is_audited(office: Office, surgery: AppointmentInfo) -> None:
    audit = office.session.audit
    before = audit.count(AuditFilter(action=Action.FORM_PRINTED))
    office.session.forms.packet(surgery.id)
    entries = audit.entries(AuditFilter(action=Action.FORM_PRINTED))
    assert len(entries) == before + 1
    assert "Getting ready for your surgery packet printed" in entries[0].summary
    assert (
        entries[0].patient_id == office.ana.id
        and entries[0].username == office.session.user.username
    )


def test_a_days_packets_are_made_one_by_one_and_cancelling_stops_between_two(
    office: Office, surgery: AppointmentInfo
) -> None:
    session = office.session
    session.schedule.book(office.visit(office.ben, 0, 13, kind=office.extraction, minutes=60))
    visits = session.forms.surgical_visits(office.monday)
    printed = session.audit.count(AuditFilter(action=Action.FORM_PRINTED))
    progress = RecordingProgress(cancel_in="Making the packet for Alvarez, Ana…")
    made = list(make_packets(session.forms, visits, progress))
    assert [visit.patient_name for visit, _pdf in made] == ["Alvarez, Ana"]
    assert "Getting ready for your surgery" in _pages(made[0][1])[0]
    # The one not made was not audited as printed either.
    assert session.audit.count(AuditFilter(action=Action.FORM_PRINTED)) == printed + 1

    progress = RecordingProgress()
    made = list(make_packets(session.forms, visits, progress))
    assert [visit.patient_name for visit, _pdf in made] == ["Alvarez, Ana", "Brooks, Ben"]
    assert [done for done, _total, _text in progress.reports] == [0, 1, 2]
    assert {total for _done, total, _text in progress.reports} == {2}


def test_a_clinician_may_not_print_a_packet(
    office: Office, surgery: AppointmentInfo, data_dir: Path
) -> None:
    office.session.users.add(
        "kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False
    )
    office.session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:
        with pytest.raises(PermissionDenied):
            clinician.forms.packet(surgery.id)
        # seeing which surgeries are booked is not printing them
        assert [v.id for v in clinician.forms.surgical_visits(office.monday)] == [surgery.id]


def test_a_visit_of_a_type_turned_off_since_still_prints_its_packet(
    office: Office, surgery: AppointmentInfo
) -> None:
    """Turning a type off stops new bookings of it; the surgeries already booked still happen
    and still need their packets, at the surgical arrival time."""
    kind = office.extraction
    office.session.schedule_setup.save_appointment_type(
        kind.name, kind.minutes, kind.colour, provider_kinds=kind.provider_kinds,
        surgical=True, packet="pre-surgery", active=False, type_id=kind.id,
    )  # fmt: skip
    text = "\n".join(_pages(office.session.forms.packet(surgery.id)))
    assert "Packet pre-surgery" in text and "8:30 AM" in text
    assert [v.id for v in office.session.forms.surgical_visits(office.monday)] == [surgery.id]
