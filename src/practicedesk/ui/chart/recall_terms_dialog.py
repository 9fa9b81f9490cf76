"""A patient's own terms for a recall: put on one that not everyone has (periodontal
maintenance), another interval than the recall's usual one, or turned off with the reason
(moved away, sees another dentist)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from practicedesk.domain.recall import RecallState
from practicedesk.services.recall.lists import RecallInfo
from practicedesk.services.recall.types import RecallTypeInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.chart_header import next_recall
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog


class RecallTermsDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        types: list[RecallTypeInfo],
        recalls: list[RecallInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            intro=self.tr(
                "Leave both at 0 for the recall's usual interval. A recall turned off stays "
                "off the recall list until it is turned on again here."
            ),
        )
        self.session, self.patient_id = session, patient_id
        self.saved: list[RecallInfo] | None = None
        self._has = {r.recall_type_id: r for r in recalls}
        self.setWindowTitle(self.tr("Recall for this patient"))
        self.recall = QComboBox()
        for kind in types:
            self.recall.addItem(kind.name, kind)
        self.now = QLabel()
        self.now.setObjectName("pageNote")
        self.months = QSpinBox()
        self.months.setRange(0, 120)
        self.months.setSuffix(self.tr(" months"))
        self.days = QSpinBox()
        self.days.setRange(0, 120)
        self.days.setSuffix(self.tr(" days"))
        interval = QHBoxLayout()
        interval.addWidget(self.months)
        interval.addWidget(self.days)
        interval.addStretch(1)
        self.off = QCheckBox(self.tr("Turn this recall off for the patient"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why: moved away, sees another dentist…"))
        self.form.addRow(self.tr("Recall"), self.recall)
        self.form.addRow("", self.now)
        self.form.addRow(self.tr("Own interval"), interval)
        self.form.addRow("", self.off)
        self.form.addRow(self.tr("Reason"), self.reason)
        upcoming = next_recall(recalls)
        if upcoming is not None:
            select_value(self.recall, upcoming.recall_type_id, key=lambda kind: kind.id)
        self.recall.currentIndexChanged.connect(self._on_recall_chosen)
        self.off.toggled.connect(self._on_off_toggled)
        self._on_recall_chosen()
        self._on_off_toggled(False)

    def _on_recall_chosen(self) -> None:
        kind: RecallTypeInfo | None = self.recall.currentData()
        if kind is None:
            self.now.setText(self.tr("There are no recall types yet: Settings → Recall."))
            self.ok_button().setEnabled(False)
            return
        mine = self._has.get(kind.id)
        if mine is None:
            self.now.setText(self.tr("Not on it yet; OK puts the patient on it."))
        elif mine.state is RecallState.OFF:
            self.now.setText(self.tr("Turned off now."))
        else:
            whose = self.tr("this patient's own") if mine.own_terms else self.tr("the usual")
            self.now.setText(
                self.tr("Now every {interval} ({whose}).").format(
                    interval=mine.interval, whose=whose
                )
            )
        self.off.setChecked(mine is not None and mine.state is RecallState.OFF)

    def _on_off_toggled(self, off: bool) -> None:
        self.reason.setEnabled(off)
        self.months.setEnabled(not off)
        self.days.setEnabled(not off)

    def _on_ok_clicked(self) -> None:
        kind: RecallTypeInfo | None = self.recall.currentData()
        if kind is None:
            return
        recall, patient_id = self.session.recall, self.patient_id
        months, days = self.months.value() or None, self.days.value() or None
        off, reason = self.off.isChecked(), self.reason.text()

        def save() -> list[RecallInfo]:
            return recall.set_terms(
                patient_id, kind.id, interval_months=months, interval_days=days, off=off,
                reason=reason,
            )  # fmt: skip

        self.submit(save, self._on_saved)

    def _on_saved(self, recalls: list[RecallInfo]) -> None:
        self.saved = recalls
