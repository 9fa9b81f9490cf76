"""The Summary tab: the chart on one screen."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from practicedesk.services.chart.records import Chart
from practicedesk.ui.widgets.formats import format_date


def _money(cents: int | None) -> str:
    return "" if cents is None else f"${cents / 100:,.2f}"


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

    def show_chart(self, chart: Chart) -> None:
        left = [
            ("Contact", _contact_lines(chart)),
            ("People", _people_lines(chart)),
            ("Insurance", _insurance_lines(chart) or ["No insurance on file"]),
        ]
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
