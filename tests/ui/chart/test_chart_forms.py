"""Forms from the chart: the medical history filled and signed in patient mode, the staff
password to get back, the signed form in the chart, and the new allergy offered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from practicedesk.forms.answers import YesNo
from practicedesk.services.patients.listing import PatientSummary
from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.chart_widget import ChartWidget
from practicedesk.ui.chart.forms_tab import ChartUpdatesDialog, FillFormDialog
from practicedesk.ui.shell.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.services.test_forms import complete

PATIENTS = 1


@pytest.fixture
def window(qtbot, session_with_patients: PracticeSession) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(session_with_patients)
    main.show()
    yield main
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ChartUpdatesDialog | FillFormDialog):
            widget.done(0)
    main.close()
    main.deleteLater()


@pytest.fixture
def bruno(session_with_patients: PracticeSession) -> PatientSummary:
    return session_with_patients.patients.search("Okafor")[0]


def _chart(qtbot, window: MainWindow, patient: PatientSummary) -> ChartWidget:  # type: ignore[no-untyped-def]
    window._on_patient_requested(patient.id, patient.display_name)
    chart = window.page(PATIENTS).tabs.currentWidget()
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
    return chart


def _shown(kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_medical_history_in_patient_mode_then_the_allergy_is_offered(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    session = session_with_patients
    draft = session.forms.start(bruno.id, "medical-history")
    chart = _chart(qtbot, window, bruno)
    tab = chart.forms
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=5_000)
    assert tab.table.item(0, 1).text() == "draft"

    mode = tab.hand_to_patient([session.forms.open(draft.info.id)])
    view = mode.view(0)
    answers = complete(draft.template, "Bruno Okafor")
    answers["allergies"] = YesNo(True)
    answers["allergy_details"] = "Codeine: vomiting"
    view.set_answers(answers)
    with qtbot.waitSignal(mode.sig_signed, timeout=5_000):
        qtbot.mouseClick(mode.sign, Qt.MouseButton.LeftButton)
    assert mode.pages.currentWidget() is mode.thanks
    assert session.forms.open(draft.info.id).info.status == "signed"
    assert mode.close() is False  # the patient cannot leave it

    qtbot.mouseClick(mode.staff, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(mode.password, OWNER_PASSWORD)
    with qtbot.waitSignal(mode.sig_unlocked, timeout=10_000):
        qtbot.mouseClick(mode.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_shown(ChartUpdatesDialog)), timeout=5_000)
    offered = _shown(ChartUpdatesDialog)[0]
    texts = {box.text(): box for box, _alert in offered.boxes}
    codeine = next(box for text, box in texts.items() if "Codeine: vomiting" in text)
    assert codeine.isChecked()
    for box, _alert in offered.boxes:
        box.setChecked(box is codeine)
    offered.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: [a.text for a in session.chart.read(bruno.id).alerts] == ["Codeine: vomiting"],
        timeout=5_000,
    )
    qtbot.waitUntil(lambda: tab.table.item(0, 1).text() == "signed", timeout=5_000)
    assert tab.table.item(0, 3).text() == "Bruno Okafor"
    qtbot.waitUntil(lambda: "Codeine" in chart.header.alerts.text(), timeout=5_000)


def test_a_form_at_the_desk_keeps_its_draft_and_cannot_be_signed_incomplete(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    session = session_with_patients
    chart = _chart(qtbot, window, bruno)
    dialog = chart.forms.fill(session.forms.start(bruno.id, "consent-to-treatment"))
    dialog.sign.click()
    assert dialog.message.text().startswith("Not yet")
    dialog.reject()  # closing keeps what was typed
    qtbot.waitUntil(lambda: chart.forms.table.rowCount() == 1, timeout=5_000)
    assert session.forms.for_patient(bruno.id)[0].status == "draft"


def test_a_signed_form_opens_read_only_and_prints(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    session = session_with_patients
    draft = session.forms.start(bruno.id, "hipaa-acknowledgement")
    session.forms.sign(draft.info.id, complete(draft.template), "Bruno Okafor")
    chart = _chart(qtbot, window, bruno)
    dialog = chart.forms.fill(session.forms.open(draft.info.id))
    assert dialog.view.is_read_only() and not dialog.sign.isVisible()
    assert "cannot change" in dialog.message.text()
    dialog.done(0)


def test_a_draft_at_the_desk_saves_itself_after_a_pause(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    session = session_with_patients
    chart = _chart(qtbot, window, bruno)
    draft = session.forms.start(bruno.id, "medical-history")
    dialog = chart.forms.fill(draft)
    warfarin = YesNo(True, "Warfarin 5 mg")
    dialog.view.set_answers({"blood_thinners": warfarin})
    dialog.view.sig_changed.emit()  # as a keystroke does
    qtbot.waitUntil(
        lambda: session.forms.open(draft.info.id).answers.get("blood_thinners") == warfarin,
        timeout=5_000,
    )
    qtbot.waitUntil(lambda: dialog.message.text() == "Draft saved.", timeout=5_000)
    assert dialog.message.property("state") == "ok", "a success is not shown as an error"
    dialog.done(0)


def test_hand_to_patient_waits_for_a_form_to_hand_over(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    chart = _chart(qtbot, window, bruno)
    tab = chart.forms
    qtbot.waitUntil(lambda: "New form" in tab.hand_over.toolTip(), timeout=5_000)
    assert not tab.hand_over.isEnabled()
    session_with_patients.forms.start(bruno.id, "consent-to-treatment")
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=5_000)
    assert tab.hand_over.isEnabled()
    assert "1 draft" in tab.hand_over.toolTip()
