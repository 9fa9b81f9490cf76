"""The Alerts tab (allergies, medications, conditions) with the dialog that adds or changes
an alert."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from practicedesk.services.chart.items import ALERT_KINDS, SEVERITIES, AlertChange
from practicedesk.services.chart.records import AlertInfo, Chart
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.widgets.combo import choice_box, select_value
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.list_panel import ListPanelWidget


class AlertDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        alert: AlertInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id, self.alert = session, patient_id, alert
        self.setWindowTitle(self.tr("Medical alert"))
        self.kind = choice_box(ALERT_KINDS)
        self.text = QLineEdit(alert.text if alert else "")
        self.text.setPlaceholderText(self.tr("e.g. penicillin, warfarin, heart murmur"))
        self.severity = choice_box(SEVERITIES)
        self.notes = QLineEdit(alert.notes if alert else "")
        self.active = QCheckBox(self.tr("Still applies"))
        self.active.setChecked(alert.active if alert else True)
        select_value(self.severity, alert.severity if alert else "warning")
        if alert is not None:
            select_value(self.kind, alert.kind)
        for label, widget in (
            (self.tr("Kind"), self.kind),
            (self.tr("What"), self.text),
            (self.tr("Severity"), self.severity),
            (self.tr("Notes"), self.notes),
        ):
            self.form.addRow(label, widget)
        self.form.addRow(self.active)
        self.ok_button().setText(self.tr("Save"))

    def _on_ok_clicked(self) -> None:
        change = AlertChange(
            self.kind.currentData(),
            self.text.text(),
            self.severity.currentData(),
            self.notes.text(),
            self.active.isChecked(),
        )
        items, patient_id = self.session.chart_items, self.patient_id
        alert_id = self.alert.id if self.alert else None
        self.submit(lambda: items.save_alert(patient_id, change, alert_id))


class AlertsTab(ListPanelWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ["Kind", "What", "Severity", "Notes", "Applies"],
            "No allergies, medications, conditions or other alerts recorded.",
            parent,
        )
        self.session, self.patient_id = session, patient_id
        allowed = session.can(Permission.EDIT_ALERTS)
        self.add = self.add_button(self.tr("Add alert…"), enabled=allowed)
        self.change = self.add_button(self.tr("Change…"), needs_row=True, enabled=allowed)
        self.add.clicked.connect(lambda: self._edit(None))
        self.change.clicked.connect(lambda: self._edit(self.selected()))
        self.sig_activated.connect(self._edit)

    def show_chart(self, chart: Chart) -> None:
        ordered = sorted(
            chart.alerts, key=lambda a: (not a.active, SEVERITIES[::-1].index(a.severity))
        )
        self.set_rows(
            [
                (a, [a.kind, a.text, a.severity, a.notes, "yes" if a.active else "no longer"])
                for a in ordered
            ]
        )

    def _edit(self, alert: AlertInfo | None) -> None:
        if self.session.can(Permission.EDIT_ALERTS):
            AlertDialog(self.session, self.patient_id, alert, self).exec()
