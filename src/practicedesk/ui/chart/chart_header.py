"""The chart's header: who (name, age, birth date, chart number), the red alert banner, the
insurance status, the next visit, the open tasks and the balance due — what matters at a
glance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from practicedesk.domain.recall import RecallState
from practicedesk.services.chart.records import Chart
from practicedesk.services.recall.lists import RecallInfo
from practicedesk.ui.widgets.formats import format_date

PHOTO = QSize(84, 104)


class ChartHeaderWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartHeader")
        self.name = QLabel()
        self.name.setObjectName("chartName")
        self.facts = QLabel()
        self.facts.setObjectName("chartFacts")
        self.alerts = QLabel()
        self.alerts.setObjectName("alertBanner")
        self.alerts.setWordWrap(True)
        self.insurance = QLabel()
        self.next_visit = QLabel()
        self.tasks = QLabel()
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Insurance:")), 0, 0)
        grid.addWidget(self.insurance, 0, 1)
        grid.addWidget(QLabel(self.tr("Next visit:")), 0, 2)
        grid.addWidget(self.next_visit, 0, 3)
        grid.addWidget(QLabel(self.tr("Open tasks:")), 0, 4)
        grid.addWidget(self.tasks, 0, 5)
        self.balance_title = QLabel(self.tr("Balance:"))
        self.balance = QLabel()
        self.balance.setObjectName("chartBalance")
        grid.addWidget(self.balance_title, 0, 6)
        grid.addWidget(self.balance, 0, 7)
        self.show_balance(None)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)
        self.recall = QLabel()
        self.recall.setObjectName("chartRecall")
        grid.addWidget(QLabel(self.tr("Recall:")), 1, 0)
        grid.addWidget(self.recall, 1, 1, 1, 5)
        self.photo = QLabel()
        self.photo.setObjectName("patientPhoto")
        self.photo.setFixedSize(PHOTO)
        self.photo.setScaledContents(False)
        self.photo.hide()
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.addWidget(self.name)
        text.addWidget(self.facts)
        text.addWidget(self.alerts)
        text.addLayout(grid)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self.photo)
        layout.addLayout(text, 1)

    def show_photo(self, image: QImage | None) -> None:
        """The newest "patient photo" document, so the right person is greeted by name."""
        if image is None or image.isNull():
            self.photo.hide()
            return
        scaled = image.scaled(
            PHOTO, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.photo.setPixmap(QPixmap.fromImage(scaled))
        self.photo.show()

    def show_balance(self, text: str | None, *, owing: bool = False) -> None:
        """What the account owes ("Owes $45.00", "Credit $20.00"); None hides it (a user who
        does not see money, or a chart merged away)."""
        for label in (self.balance_title, self.balance):
            label.setVisible(text is not None)
        self.balance.setText(text or "")
        self.balance.setProperty("state", "due" if owing else "")
        self.balance.style().unpolish(self.balance)
        self.balance.style().polish(self.balance)

    def show_chart(self, chart: Chart) -> None:
        summary, details = chart.summary, chart.details
        self.name.setText(summary.display_name)
        facts = []
        if summary.date_of_birth:
            facts.append(
                self.tr("{age} years, born {date}").format(
                    age=chart.age, date=format_date(summary.date_of_birth)
                )
            )
        if summary.chart_number:
            facts.append(self.tr("Chart {label}").format(label=summary.chart_label))
        else:
            facts.append(self.tr("Chart number to come at the next sync"))
        if details.pronouns:
            facts.append(details.pronouns)
        if summary.phone:
            facts.append(summary.phone)
        if details.status != "active":
            facts.append(details.status.upper())
        self.facts.setText("   ·   ".join(facts))
        serious = [a for a in chart.active_alerts if a.severity in ("warning", "critical")]
        if serious:
            self.alerts.setText("⚠ " + "   ⚠ ".join(f"{a.kind.upper()}: {a.text}" for a in serious))
        self.alerts.setVisible(bool(serious))
        due = bool(chart.policies and chart.policies[0].verification_due)
        self.insurance.setText(chart.insurance_status)
        self.insurance.setProperty("state", "due" if due else "")
        self.insurance.style().unpolish(self.insurance)
        self.insurance.style().polish(self.insurance)
        self.next_visit.setText(chart.next_visit_label or self.tr("none booked"))
        self.tasks.setText(str(len(chart.open_tasks)))

    def show_recalls(self, recalls: list[RecallInfo]) -> None:
        """The recall to think of next, "Hygiene due 03/14/2027", in red once overdue."""
        shown = next_recall(recalls)
        if shown is None:
            text = self.tr("none")
        elif shown.state is RecallState.SCHEDULED:
            text = self.tr("{name} booked {date}").format(
                name=shown.name, date=format_date(shown.booked_on)
            )
        else:
            text = self.tr("{name} due {date}").format(name=shown.name, date=format_date(shown.due))
        overdue = shown is not None and shown.state is RecallState.OVERDUE
        self.recall.setText(text + (self.tr(" (overdue)") if overdue else ""))
        self.recall.setProperty("state", "due" if overdue else "")
        self.recall.style().unpolish(self.recall)
        self.recall.style().polish(self.recall)


def next_recall(recalls: list[RecallInfo]) -> RecallInfo | None:
    """The soonest due of the recalls still to book; when every one is booked, the soonest
    booked. Recalls turned off are not mentioned."""
    waiting = [r for r in recalls if r.state not in (RecallState.OFF, RecallState.SCHEDULED)]
    if waiting:
        return min(waiting, key=lambda r: (r.due is None, r.due or date.max))
    booked = [r for r in recalls if r.state is RecallState.SCHEDULED and r.booked_on]
    return min(booked, key=lambda r: r.booked_on or date.max, default=None)
