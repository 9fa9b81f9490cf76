"""The Appointments tab: every visit of the patient, newest first."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget

from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.list_panel import ListPanelWidget


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
