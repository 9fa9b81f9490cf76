"""Handing the post-visit survey to the patient: one call that the visit's menu, Today's
patients and the check-out dialog can each make.

It starts the visit's survey (or reopens its draft), so the answers belong to that visit
and its provider, and shows it in patient mode: large type, no way out but a staff
password, saved as a draft while the patient pauses, sealed when they press Sign. Handing
the screen over is audited as a screen lock, as for any form.
"""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtWidgets import QWidget

from practicedesk.errors import InvalidInput, PracticeDeskError
from practicedesk.forms.answers import Answer
from practicedesk.services.forms.filling import FilledForm
from practicedesk.services.reports.satisfaction import SURVEY_TEMPLATE
from practicedesk.services.schedule.records import AppointmentInfo
from practicedesk.services.session import PracticeSession
from practicedesk.ui.forms.form_view import FormViewWidget
from practicedesk.ui.forms.patient_mode import PatientModeWindow
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date


def hand_survey_to_patient(
    parent: QWidget, session: PracticeSession, visit: AppointmentInfo
) -> None:
    """Start the visit's survey on the database worker, then hand the screen over; a survey
    already answered for this visit is said, not started twice."""
    forms = session.forms

    def prepare() -> tuple[FilledForm, dict[str, str]]:
        mine = [
            info for info in forms.for_patient(visit.patient_id)
            if info.template_id == SURVEY_TEMPLATE and info.appointment_id == visit.id
        ]  # fmt: skip
        if any(info.status == "signed" for info in mine):
            raise InvalidInput(
                f"{visit.patient_name} has already answered the survey for this visit."
            )
        filled = forms.open(mine[0].id) if mine else forms.start(
            visit.patient_id, SURVEY_TEMPLATE, visit.id
        )  # fmt: skip
        return filled, forms.facts(visit.patient_id, visit.id)

    run_task(parent, prepare, lambda ready: _hand_over(parent, session, visit, *ready))


def _hand_over(
    parent: QWidget,
    session: PracticeSession,
    visit: AppointmentInfo,
    filled: FilledForm,
    facts: dict[str, str],
) -> PatientModeWindow:
    """The window is the main window's child (a window of its own, kept alive by it), so
    nothing else need hold it while the patient answers."""
    name = visit.patient_name
    view = FormViewWidget(filled.template, filled.answers, large=True, facts=facts,
                          signer_name=name, today=format_date(session.today()))  # fmt: skip
    form_id = filled.info.id

    def sign(_index: int, answers: dict[str, Answer]) -> None:
        session.forms.sign(form_id, answers, name)

    def save(_index: int, answers: object) -> None:
        with suppress(PracticeDeskError):  # signed already: the pause came after signing
            session.forms.save_draft(form_id, answers)  # type: ignore[arg-type]

    window = PatientModeWindow([(filled.info.title, view)], sign, session.unlock_screen,
                               session.user.display_name, parent.window())  # fmt: skip
    window.sig_draft_changed.connect(save)
    window.sig_unlocked.connect(window.deleteLater)
    run_task(parent, session.lock_screen)  # handing the screen over is locking it: audited
    window.start()
    return window
