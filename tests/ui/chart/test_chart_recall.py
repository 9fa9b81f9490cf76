"""The chart shows when a patient is due back, and the owner sets a patient's own terms."""

from __future__ import annotations

import pytest

from practicedesk.domain.recall import add_months
from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.chart_widget import ChartWidget
from practicedesk.ui.chart.recall_terms_dialog import RecallTermsDialog
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.formats import format_date
from tests.services.schedule_fixtures import ZONE, Office, practice_today, set_up_office
from tests.ui.recall.conftest import cleaned


@pytest.fixture
def office(owner_session: PracticeSession) -> Office:
    """Ana's last cleaning was seven months ago: hygiene is overdue, bitewings due later."""
    office = set_up_office(owner_session)
    owner_session.recall_types.add_usual()
    cleaned(office, office.ana, add_months(practice_today(), -7))
    return office


@pytest.fixture
def chart(qtbot, office: Office) -> ChartWidget:  # type: ignore[no-untyped-def]
    widget = ChartWidget(office.session, office.ana.id)
    qtbot.addWidget(widget)
    widget.show()
    widget.load()
    qtbot.waitUntil(lambda: bool(widget.recalls), timeout=5_000)
    return widget


def test_the_header_shows_the_overdue_recall_in_red_and_the_summary_lists_each(
    chart: ChartWidget,
) -> None:
    due = add_months(add_months(practice_today(), -7), 6)
    assert chart.header.recall.text() == f"Hygiene due {format_date(due)} (overdue)"
    assert chart.header.recall.property("state") == "due"
    summary = chart.summary.text.text()
    assert f"due {format_date(due)}, overdue" in summary
    assert "Bitewing X-rays</b>: due" in summary and "every 12 months" in summary


def test_a_recall_turned_off_leaves_the_header_and_the_recall_list(
    qtbot, chart: ChartWidget, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def turn_hygiene_off(dialog: RecallTermsDialog) -> int:
        hygiene = next(k for k in office.session.recall_types.list() if k.name == "Hygiene")
        select_value(dialog.recall, hygiene.id, key=lambda kind: kind.id)
        assert dialog.now.text() == "Now every 6 months (the usual)."
        dialog.off.setChecked(True)
        assert not dialog.months.isEnabled()
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=5_000)
        assert dialog.message.text() == "Say why the recall is turned off, such as moved away."
        dialog.reason.setText("Moved to Portland")
        dialog.ok_button().click()
        qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5_000)
        return 1

    monkeypatch.setattr(RecallTermsDialog, "exec", turn_hygiene_off)
    assert chart.recall_terms.isVisible()
    chart.recall_terms.click()
    qtbot.waitUntil(lambda: chart.header.recall.text().startswith("Bitewing"), timeout=5_000)
    assert chart.header.recall.property("state") == ""
    assert "Hygiene</b>: turned off for this patient" in chart.summary.text.text()
    assert office.ana.id not in {row.patient_id for row in office.session.recall.list()}


def test_once_every_recall_is_booked_the_header_says_when(
    qtbot, chart: ChartWidget, office: Office
) -> None:  # type: ignore[no-untyped-def]
    """A cleaning satisfies both hygiene and bitewings: booked, both are scheduled."""
    booked = office.session.schedule.book(
        office.visit(office.ana, 7, 9, kind=office.cleaning, minutes=60)
    )
    chart.refresh()
    day = format_date(booked.starts_at.astimezone(ZONE).date())
    qtbot.waitUntil(lambda: chart.header.recall.text() == f"Hygiene booked {day}", timeout=5_000)
    assert chart.summary.text.text().count(f"booked {day}") == 2
