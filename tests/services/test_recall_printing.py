"""Recall postcards, labels and the recall list on paper and in a spreadsheet, as the
coordinator uses them: the cards go to those chosen who have an address, each one a
"postcard sent" in the patient's log and on the recall list, and the print is audited."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date, time, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from practicedesk.domain.hours import local_instant
from practicedesk.domain.new_patient import NewPatient
from practicedesk.domain.recall import RecallState, add_months
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.errors import InvalidInput, PermissionDenied
from practicedesk.progress import Cancelled
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.chart.items import AlertChange
from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.recall.lists import RecallFilter
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD
from tests.recording_progress import RecordingProgress
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office
from tests.services.test_one_transaction import transactions


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    office = set_up_office(owner_session)
    assert owner_session.recall_types.add_usual() >= 1  # Hygiene, from the Cleaning type
    return office


def _mailable(office: Office, first: str, last: str, cleaned_months_ago: int) -> PatientSummary:
    """A patient with a mailing address whose last cleaning was that many months ago."""
    person = office.session.patients.add(
        NewPatient(first, last, phone="(503) 234-9876", street=f"{len(last)} Alder St",
                   city="Portland", region="OR", postal_code="97201")
    )  # fmt: skip
    _cleaned(office, person, add_months(practice_today(), -cleaned_months_ago))
    return person


def _cleaned(office: Office, patient: PatientSummary, day: date) -> None:
    visit = replace(
        office.visit(patient, 0, 9, kind=office.cleaning, minutes=60),
        starts_at=local_instant(day, time(9), ZONE),
    )
    office.session.schedule.record_many(
        [RecordedVisit(visit, VisitStatus.COMPLETED)], reason="test history"
    )


def _text(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def _postcards_sent(session: PracticeSession, patient: PatientSummary) -> list[str]:
    return [
        c.summary
        for c in session.chart.read(patient.id).communications
        if c.summary.startswith("Recall letter: postcard sent")
    ]


def test_postcards_print_four_to_a_sheet_and_each_is_a_postcard_sent_on_the_list(
    office: Office,
) -> None:
    session = office.session
    people = [_mailable(office, f"Pat{n}", f"Mailer{n}", 8) for n in range(5)]
    mailing = session.recall_print.postcards([p.id for p in people])
    assert mailing.labels is None and mailing.no_address == ()
    assert mailing.postcards is not None
    pages = PdfReader(BytesIO(mailing.postcards)).pages
    assert len(pages) == 2  # four cards, then one
    assert [float(v) for v in pages[0].mediabox[2:]] == [792, 612]  # letter, turned sideways
    assert set(mailing.mailed) == {p.id for p in people}
    rows = {r.patient_id: r for r in session.recall.list() if r.recall == "Hygiene"}
    for person in people:
        assert _postcards_sent(session, person) == ["Recall letter: postcard sent. Hygiene"]
        row = rows[person.id]
        assert (row.attempts, row.last_outcome, row.last_attempt) == (
            1, "postcard sent", practice_today(),
        )  # fmt: skip
    (entry,) = session.audit.entries(AuditFilter(action=Action.RECALL_PRINTED))
    assert entry.summary == "recall postcards for 5 patients"


def test_a_card_greets_the_patient_and_names_the_recall_and_nothing_of_their_health(
    office: Office,
) -> None:
    session = office.session
    ana = _mailable(office, "Anabel", "Quill", 7)
    session.chart_items.save_alert(ana.id, AlertChange("allergy", "Penicillin", "critical"))
    mailing = session.recall_print.postcards([ana.id])
    assert mailing.postcards is not None
    (card,) = _text(mailing.postcards)
    assert "Hello Anabel," in card and "Hygiene" in card
    assert "Anabel Quill 5 Alder St Portland, OR 97201" in card
    assert "Harbor Test Dental 12 Quay Street Portsmouth, NH 03801 (603) 436-2200" in card
    assert "Please call us at (603) 436-2200" in card
    for private in ("Penicillin", "234-9876", "Cleaning", "overdue"):
        assert private not in card


def test_patients_without_an_address_are_left_out_named_and_not_logged(office: Office) -> None:
    session = office.session
    cleo = office.cleo  # no address on file
    _cleaned(office, cleo, add_months(practice_today(), -9))
    dan = _mailable(office, "Dan", "Dunmore", 9)
    mailing = session.recall_print.postcards([cleo.id, dan.id])
    assert mailing.mailed == (dan.id,) and mailing.no_address == ("Chen, Cleo",)
    assert _postcards_sent(session, cleo) == []
    with pytest.raises(InvalidInput, match="mailing address"):
        session.recall_print.postcards([cleo.id])
    assert _postcards_sent(session, cleo) == []


def test_labels_come_thirty_to_a_sheet_in_the_cards_order_and_count_as_postcards(
    office: Office,
) -> None:
    session = office.session
    people = [_mailable(office, "Lee", f"Label{n:02d}", 10) for n in range(31)]
    mailing = session.recall_print.labels([p.id for p in reversed(people)])
    assert mailing.postcards is None and mailing.labels is not None
    pages = _text(mailing.labels)
    assert len(pages) == 2
    assert pages[0].startswith("Lee Label00 ") and pages[1].startswith("Lee Label30 ")
    assert mailing.mailed == tuple(p.id for p in people)  # by name, whatever the order chosen
    assert all(_postcards_sent(session, p) for p in people)
    both = session.recall_print.postcards([people[0].id], labels=True)
    assert both.postcards is not None and both.labels is not None
    assert len(_postcards_sent(session, people[0])) == 2  # one more card, not two


def test_the_monthly_mailing_skips_those_sent_a_postcard_lately_and_those_not_due(
    office: Office,
) -> None:
    session = office.session
    overdue = _mailable(office, "Olive", "Overdue", 8)
    later = _mailable(office, "Luke", "Later", 3)  # due in about three months
    today = practice_today()
    first = session.recall_print.postcards_due_by(today + timedelta(days=20))
    assert first.mailed == (overdue.id,)
    again = session.recall_print.postcards_due_by(today + timedelta(days=20))
    assert (again.postcards, again.mailed) == (None, ())
    far = session.recall_print.postcards_due_by(add_months(today, 4), resend_after_days=0)
    assert set(far.mailed) == {overdue.id, later.id}
    assert far.postcards is not None
    luke = next(page for page in _text(far.postcards) if "Luke" in page)
    due = add_months(today, 3)
    assert f"will be due in {due:%B %Y}" in luke


def test_a_mailing_is_one_transaction_and_a_cancelled_one_logs_nothing(office: Office) -> None:
    session = office.session
    people = [_mailable(office, "Cy", f"Cancel{n}", 8) for n in range(3)]
    with transactions(session) as begun:
        session.recall_print.postcards([p.id for p in people])
    assert len(begun) == 1, begun

    others = [_mailable(office, "Di", f"Stopped{n:02d}", 8) for n in range(12)]
    midway = RecordingProgress(cancel_in="Noting each postcard in the patient's chart")
    with pytest.raises(Cancelled):
        session.recall_print.postcards([p.id for p in others], progress=midway)
    assert midway.steps() == ["Reading the recall list", "Printing",
                              "Noting each postcard in the patient's chart"]  # fmt: skip
    assert all(_postcards_sent(session, p) == [] for p in others)  # ten were, then undone
    assert session.audit.count(AuditFilter(action=Action.RECALL_PRINTED)) == 1


def test_a_clinician_may_not_print_postcards_or_export_the_list(office: Office) -> None:
    session = office.session
    person = _mailable(office, "Nia", "Nolist", 8)
    session.users.add("kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False)
    session.close()
    from practicedesk.api import open_practice

    with open_practice(session.data_dir, "kim", OTHER_PASSWORD) as clinician:
        with pytest.raises(PermissionDenied):
            clinician.recall_print.postcards([person.id])
        with pytest.raises(PermissionDenied):
            clinician.recall_print.recall_list_csv()


def test_the_recall_list_as_csv_and_pdf_holds_the_list_and_is_audited(office: Office) -> None:
    session = office.session
    olive = _mailable(office, "Olive", "Oakes", 8)
    _mailable(office, "Una", "Upton", 4)  # not due yet: not on the list
    session.calls.log(olive.id, "recall", "left message")
    data = session.recall_print.recall_list_csv(RecallFilter())
    assert data.startswith(b"\xef\xbb\xbf")  # the mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    names = [row["Patient"] for row in rows]
    assert "Oakes, Olive" in names and "Upton, Una" not in names
    oakes = next(row for row in rows if row["Patient"] == "Oakes, Olive" and row["Recall"] ==
                 "Hygiene")  # fmt: skip
    assert oakes["Due"] == add_months(add_months(practice_today(), -8), 6).isoformat()
    assert (oakes["State"], oakes["Attempts"], oakes["Last outcome"]) == (
        "Overdue", "1", "left message",
    )  # fmt: skip
    overdue_only = session.recall_print.recall_list_pdf(
        RecallFilter(states=frozenset({RecallState.OVERDUE}))
    )
    text = " ".join(_text(overdue_only))
    assert "Oakes, Olive" in text and "Upton" not in text
    assert "Overdue" in text and "1 · left message" not in text  # the dot is a line break
    (exported,) = session.audit.entries(AuditFilter(action=Action.RECALL_EXPORTED))
    (printed,) = session.audit.entries(AuditFilter(action=Action.RECALL_PRINTED))
    assert exported.summary.startswith(f"recall list as CSV, {len(rows)} lines")
    assert printed.summary.startswith("recall list, ") and "(Overdue)" in printed.summary
