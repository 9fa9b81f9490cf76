"""The patient list's model keeps Qt's item model rules (pytest-qt's model tester)."""

from __future__ import annotations

from practicedesk.services.session import PracticeSession
from practicedesk.ui.patients.patient_list_model import PatientListModel


def test_the_patient_list_model_follows_qt_rules(
    qtmodeltester, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    patients = PatientListModel(session_with_patients.patients)
    patients.set_filter("")
    assert patients.rowCount() == 3
    qtmodeltester.check(patients)
