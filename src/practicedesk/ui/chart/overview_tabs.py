"""The Summary tab (the chart on one screen) and the Appointments tab (every visit)."""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from practicedesk.services.chart.records import Chart
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.list_panel import ListPanelWidget
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date, format_money


def _money(cents: int | None) -> str:
    return "" if cents is None else format_money(cents)


class SummaryTab(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setObjectName("chartSummary")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setMargin(8)
        self.setWidget(self.text)
        self.setWidgetResizable(True)
        self._chart: Chart | None = None
        self._balance: list[str] = []

    def show_balance(self, due: str, split: str) -> None:
        """The account's balance, for those who see money (the chart asks separately)."""
        self._balance = [escape(due), escape(split)]
        if self._chart is not None:
            self.show_chart(self._chart)

    def show_chart(self, chart: Chart) -> None:
        self._chart = chart
        left = [
            ("Contact", _contact_lines(chart)),
            ("People", _people_lines(chart)),
            ("Insurance", _insurance_lines(chart) or ["No insurance on file"]),
        ]
        if self._balance:
            left.append(("Account", self._balance))
        right = [
            ("Medical alerts", _alert_lines(chart) or ["None recorded"]),
            ("Open tasks", [_task_line(t.title, t.due_on) for t in chart.open_tasks] or ["None"]),
            ("Latest communications", _talk_lines(chart) or ["None"]),
        ]
        if chart.details.notes:
            right.append(("Notes", [escape(chart.details.notes)]))
        columns = "".join(
            "<td width='50%' valign='top' style='padding-right:24px'>"
            + "".join(
                f"<h3>{escape(title)}</h3><p>{'<br>'.join(lines)}</p>" for title, lines in part
            )
            + "</td>"
            for part in (left, right)
        )
        self.text.setText(f"<table width='100%'><tr>{columns}</tr></table>")


_RANKS = ("Primary", "Secondary", "Third", "Fourth")


def _contact_lines(chart: Chart) -> list[str]:
    details = chart.details
    lines = []
    for phone in chart.phones:
        extra = (" (primary)" if phone.is_primary else "") + (
            ", may text" if phone.may_text else ""
        )
        lines.append(escape(f"{phone.kind}: {phone.display}{extra}"))
    place = f"{details.region} {details.postal_code}".strip()
    address = ", ".join(p for p in (details.street, details.street2, details.city, place) if p)
    lines += [escape(text) for text in (details.email, address) if text]
    if details.preferred_contact:
        lines.append(escape(f"prefers {details.preferred_contact}"))
    return lines or ["—"]


def _people_lines(chart: Chart) -> list[str]:
    details = chart.details
    lines = [escape(f"Responsible: {chart.responsible_label}")]
    if details.emergency_name:
        who = f"{details.emergency_name} ({details.emergency_relationship or 'contact'})"
        lines.append(escape(f"Emergency: {who} {details.emergency_phone}".strip()))
    return lines


def _alert_lines(chart: Chart) -> list[str]:
    lines = []
    for alert in chart.active_alerts:
        text = f"<b>{escape(alert.kind)}</b>: {escape(alert.text)}"
        lines.append(
            text if alert.severity == "info" else f"<span style='color:#B3261E'>{text}</span>"
        )
    return lines


def _insurance_lines(chart: Chart) -> list[str]:
    lines = []
    for policy in chart.policies:
        line = f"{_RANKS[policy.rank - 1]}: {policy.carrier_name} {policy.plan}".strip()
        line += f" — member {policy.member_id}"
        if policy.copay_cents is not None:
            line += f", co-pay {_money(policy.copay_cents)}"
        due = " <b style='color:#B3261E'>verification due</b>" if policy.verification_due else ""
        lines.append(escape(line) + due)
    return lines


def _task_line(title: str, due: object) -> str:
    return escape(title + (f" (due {format_date(due)})" if due else ""))  # type: ignore[arg-type]


def _talk_lines(chart: Chart) -> list[str]:
    return [
        escape(f"{c.at:%m/%d/%Y} {c.kind} {c.direction}: {c.summary}")
        for c in chart.communications[:5]
    ]


class VisitsTab(ListPanelWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(["When", "Type", "Provider", "Status", "Notes"], "No visits yet.", parent)
        self.session, self.patient_id = session, patient_id
        self.set_column_widths({0: 200, 1: 150, 2: 170, 3: 120})

    def refresh(self) -> None:
        session, patient_id = self.session, self.patient_id

        def load() -> tuple[list[AppointmentInfo], dict[uuid.UUID, str], object]:
            visits = session.schedule.for_patient(patient_id)
            providers = {p.id: p.name for p in session.staff.providers(include_inactive=True)}
            return visits, providers, session.schedule.zone()

        run_task(self, load, self._on_loaded)

    def _on_loaded(
        self, loaded: tuple[list[AppointmentInfo], dict[uuid.UUID, str], object]
    ) -> None:
        visits, providers, zone = loaded
        rows = []
        for visit in sorted(visits, key=lambda v: v.starts_at, reverse=True):
            when = visit.starts_at.astimezone(zone).strftime("%a %m/%d/%Y %I:%M %p")  # type: ignore[arg-type]
            status = visit.status.label + (
                f": {visit.cancel_reason}" if visit.cancel_reason else ""
            )
            rows.append(
                (
                    visit,
                    [
                        when,
                        visit.type_name,
                        providers.get(visit.provider_id, ""),
                        status,
                        visit.notes,
                    ],
                )
            )
        self.set_rows(rows)
