"""Every time the program shows is on the practice's clocks (New York in these tests), with
this PC's clock set to Auckland: the backup list, the audit log and a policy's verification
log must agree with the book and the printouts, not with the PC."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, QTime

from practicedesk.services.chart.insurance import PolicyChange, VerificationEntry
from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.insurance_tab import InsuranceTab
from practicedesk.ui.reports.audit_view import AuditLogWidget
from practicedesk.ui.settings.backups_tab import BackupsTab
from practicedesk.ui.widgets.formats import format_date
from practicedesk.ui.widgets.qt_dates import from_qdate

PRACTICE = ZoneInfo("America/New_York")


def _new_york(moment: datetime) -> str:
    """The moment as a New York wall clock reads it, day and time in this PC's locale."""
    local = moment.astimezone(PRACTICE)
    clock = QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{format_date(local.date())} {clock}"


def test_the_audit_log_shows_the_practice_time_and_day(
    qtbot, pc_elsewhere: str, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    view = AuditLogWidget(session_with_patients)
    qtbot.addWidget(view)
    view.refresh()
    newest = session_with_patients.audit.entries(view.current_filter(), limit=1)[0]
    assert view.model.data(view.model.index(0, 0)) == _new_york(newest.at)
    assert from_qdate(view.until.date()) == session_with_patients.today()


def test_the_verification_log_shows_the_practice_time(
    qtbot, pc_elsewhere: str, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    session = session_with_patients
    patient = session.patients.search("Okafor")[0]
    carrier = session.insurance.add_carrier("Gull Mutual Dental", "(800) 555-0142", "GMD01")
    policy = session.insurance.save_policy(patient.id, PolicyChange(carrier.id, "GM-5521-07"))
    session.insurance.verify(patient.id, policy, VerificationEntry("portal", "active", "V-31"))
    chart = session.chart.read(patient.id)
    (check,) = chart.policies[0].verifications
    tab = InsuranceTab(session, patient.id)
    qtbot.addWidget(tab)
    tab.show_chart(chart)
    assert tab.log.item(0).text().startswith(f"{_new_york(check.verified_at)}  ")
    shown = tab.policies.table.item(0, 5).text()
    assert shown.startswith(format_date(check.verified_at.astimezone(PRACTICE).date()))


def test_the_backup_list_shows_the_practice_time(
    qtbot, pc_elsewhere: str, owner_session: PracticeSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    owner_session.backup_schedule.set_places(tmp_path, None)
    owner_session.backup_schedule.run_now()
    (made,) = owner_session.backup_schedule.listing()[0].backups
    assert made.taken_at is not None
    tab = BackupsTab(owner_session)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.backups.topLevelItemCount() == 1)
    qtbot.waitUntil(lambda: tab.backups.topLevelItem(0).childCount() == 1)
    assert tab.backups.topLevelItem(0).child(0).text(1) == _new_york(made.taken_at)


def test_a_verification_made_on_a_new_york_evening_is_dated_that_evening(
    qtbot, pc_elsewhere: str, session_with_patients: PracticeSession, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """9 PM in New York on December 4th is already December 5th in UTC: the chart's header
    and the Last verified column say the 4th, the practice's day."""
    from datetime import UTC

    from practicedesk.services.chart import insurance
    from practicedesk.ui.chart.chart_header import ChartHeaderWidget

    evening = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(insurance, "utcnow", lambda: evening)
    session = session_with_patients
    patient = session.patients.search("Okafor")[0]
    carrier = session.insurance.add_carrier("Gull Mutual Dental", "(800) 555-0142", "GMD01")
    policy = session.insurance.save_policy(patient.id, PolicyChange(carrier.id, "GM-5521-07"))
    session.insurance.verify(patient.id, policy, VerificationEntry("portal", "active", "V-31"))
    chart = session.chart.read(patient.id)
    assert chart.insurance_status == "Gull Mutual Dental: verified 12/04/2026 (active)"
    header = ChartHeaderWidget()
    qtbot.addWidget(header)
    header.show_chart(chart)
    assert header.insurance.text() == chart.insurance_status
    tab = InsuranceTab(session, patient.id)
    qtbot.addWidget(tab)
    tab.show_chart(chart)
    assert tab.policies.table.item(0, 5).text().startswith(format_date(date(2026, 12, 4)))
