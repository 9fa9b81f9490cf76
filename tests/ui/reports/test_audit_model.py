"""The audit log's model keeps Qt's item model rules (pytest-qt's model tester)."""

from __future__ import annotations

from practicedesk.services.audit import AuditFilter
from practicedesk.services.session import PracticeSession
from practicedesk.ui.reports.audit_model import AuditModel


def test_the_audit_model_follows_qt_rules(
    qtmodeltester, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    audit = AuditModel(session_with_patients.audit, session_with_patients.zone())
    audit.set_filter(AuditFilter())
    assert audit.rowCount() > 0
    qtmodeltester.check(audit)
