"""Exporting a patient's record: only roles allowed to, and every export and print in the
audit log with its format and chart number and no other patient detail."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from practicedesk.api import open_practice
from practicedesk.errors import InvalidInput, NotFound, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Document
from tests.conftest import OTHER_PASSWORD, OWNER, OWNER_PASSWORD
from tests.services.record_fixtures import FullRecord, build_full_record

EXPORTS = (Action.CHART_PRINTED, Action.CHART_EXPORTED)


@pytest.fixture
def record(owner_session: PracticeSession) -> FullRecord:
    return build_full_record(owner_session)


def _exports(session: PracticeSession) -> list[tuple[str, str]]:
    return [
        (entry.action, entry.summary)
        for action in EXPORTS
        for entry in session.audit.entries(AuditFilter(action=action))
    ]


def test_each_print_and_export_is_audited_by_format_and_chart_number(record: FullRecord) -> None:
    session = record.office.session
    ana = record.office.ana
    patient_id = session.record_export.find_by_chart_number(record.chart_number)
    assert patient_id == ana.id
    assert _exports(session) == []
    session.record_export.summary_pdf(patient_id)
    session.record_export.fhir_bundle(patient_id)
    session.record_export.fhir_bundle(patient_id)
    number = record.chart_number
    assert sorted(_exports(session)) == [
        (Action.CHART_EXPORTED, f"FHIR R4B bundle (JSON), chart {number}"),
        (Action.CHART_EXPORTED, f"FHIR R4B bundle (JSON), chart {number}"),
        (Action.CHART_PRINTED, f"chart summary (PDF), chart {number}"),
    ]
    entries = session.audit.entries(AuditFilter(patient_id=ana.id))
    exported = [e for e in entries if e.action in EXPORTS]
    assert {(e.subject_type, e.subject_id, e.username) for e in exported} == {
        ("patient", str(ana.id), OWNER)
    }
    assert session.audit.verify().ok


def test_a_role_without_the_export_permission_is_refused_and_nothing_is_logged(
    record: FullRecord, data_dir: Path
) -> None:
    session = record.office.session
    session.users.add("kim", "Dr. Kim", Role.CLINICIAN, OTHER_PASSWORD, must_change_password=False)
    session.close()
    with open_practice(data_dir, "kim", OTHER_PASSWORD) as clinician:
        exports = clinician.record_export
        for attempt in (
            lambda: exports.find_by_chart_number(record.chart_number),
            lambda: exports.summary_pdf(record.office.ana.id),
            lambda: exports.fhir_bundle(record.office.ana.id),
        ):
            with pytest.raises(PermissionDenied, match="export or print patient records"):
                attempt()
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as owner:
        assert _exports(owner) == []


def test_a_coordinator_may_export(record: FullRecord, data_dir: Path) -> None:
    session = record.office.session
    session.users.add(
        "maria", "Maria", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    session.close()
    with open_practice(data_dir, "maria", OTHER_PASSWORD) as coordinator:
        patient_id = coordinator.record_export.find_by_chart_number(record.chart_number)
        assert coordinator.record_export.summary_pdf(patient_id).startswith(b"%PDF-")
    with open_practice(data_dir, OWNER, OWNER_PASSWORD) as owner:
        [(action, _)] = _exports(owner)
        assert action == Action.CHART_PRINTED
        [entry] = owner.audit.entries(AuditFilter(action=action))
        assert entry.username == "maria"


def test_an_unknown_or_merged_chart_number_is_explained(owner_session: PracticeSession) -> None:
    exports = owner_session.record_export
    with pytest.raises(NotFound, match="No patient has chart number 999"):
        exports.find_by_chart_number(999)
    kept = owner_session.patients.add(NewPatient("Ana", "Alvarez"))
    twin = owner_session.patients.add(NewPatient("Anna", "Alvarez"))
    owner_session.chart.merge(kept.id, twin.id)
    with pytest.raises(NotFound, match=f"merged into chart {kept.chart_number}"):
        exports.find_by_chart_number(twin.chart_number)  # type: ignore[arg-type]


def test_a_damaged_document_stops_the_export_before_it_is_logged(record: FullRecord) -> None:
    session = record.office.session
    with session._ctx.db.writing() as db:
        db.execute(update(Document).values(content=b"\x89PNG\r\n\x1a\n damaged"))
    with pytest.raises(InvalidInput, match=r"Gull card.*damaged"):
        session.record_export.fhir_bundle(record.office.ana.id)
    assert _exports(session) == []
