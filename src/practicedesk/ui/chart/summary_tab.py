"""The Summary tab: the chart on one screen, with each recall and when it is due."""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from practicedesk.domain.recall import RecallState
from practicedesk.services.chart.records import Chart
from practicedesk.services.recall.lists import RecallInfo
from practicedesk.ui.widgets.formats import format_date, format_money, practice_date


def _money(cents: int | None) -> str:
    return "" if cents is None else format_money(cents)


class SummaryTab(QScrollArea):
    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.text = QLabel()
        self.text.setObjectName("chartSummary")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setMargin(8)
        self.setWidget(self.text)
        self.setWidgetResizable(True)
        self._chart: Chart | None = None
        self._recalls: list[RecallInfo] = []
        self._balance: list[str] = []

    def show_chart(self, chart: Chart) -> None:
        self._chart = chart
        self._render()

    def show_recalls(self, recalls: list[RecallInfo]) -> None:
        """The recalls come on their own read, after the chart."""
        self._recalls = recalls
        self._render()

    def show_balance(self, due: str, split: str) -> None:
        """The account's balance, for those who see money (the chart asks separately)."""
        self._balance = [escape(due), escape(split)]
        self._render()

    def _render(self) -> None:
        chart = self._chart
        if chart is None:
            return
        left = [
            ("Contact", _contact_lines(chart)),
            ("People", _people_lines(chart)),
            ("Insurance", _insurance_lines(chart) or ["No insurance on file"]),
            ("Recall", [_recall_line(r) for r in self._recalls] or ["None"]),
        ]
        if self._balance:
            left.append(("Account", self._balance))
        right = [
            ("Medical alerts", _alert_lines(chart) or ["None recorded"]),
            ("Open tasks", [_task_line(t.title, t.due_on) for t in chart.open_tasks] or ["None"]),
            ("Latest communications", _talk_lines(chart, self.zone) or ["None"]),
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


def _recall_line(recall: RecallInfo) -> str:
    """ "Hygiene: due 03/14/2027, every 6 months (last 09/14/2026)", overdue in red."""
    name = f"<b>{escape(recall.name)}</b>"
    if recall.state is RecallState.OFF:
        return f"{name}: turned off for this patient"
    if recall.state is RecallState.SCHEDULED:
        when = f"booked {format_date(recall.booked_on)}"
    else:
        when = f"due {format_date(recall.due)}" if recall.due else "no due date"
    if recall.state is RecallState.OVERDUE:
        when = f"<span style='color:#B3261E'><b>{when}, overdue</b></span>"
    every = f"every {recall.interval}" + (" (this patient's own)" if recall.own_terms else "")
    last = f", last {format_date(recall.last_done)}" if recall.last_done else ""
    return f"{name}: {when}, {escape(every)}{last}"


def _task_line(title: str, due: object) -> str:
    return escape(title + (f" (due {format_date(due)})" if due else ""))  # type: ignore[arg-type]


def _talk_lines(chart: Chart, zone: ZoneInfo) -> list[str]:
    return [
        escape(f"{practice_date(c.at, zone)} {c.kind} {c.direction}: {c.summary}")
        for c in chart.communications[:5]
    ]
