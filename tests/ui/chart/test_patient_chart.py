"""The chart as the coordinator uses it: find by keyboard, edit, save, leave, add, spot a
duplicate, add documents, log a call."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from practicedesk.services.audit import AuditFilter
from practicedesk.services.chart.records import PhoneEntry
from practicedesk.services.patients.listing import NewPatient, PatientSummary
from practicedesk.services.session import PracticeSession
from practicedesk.ui.chart.chart_widget import ChartWidget
from practicedesk.ui.patients.new_patient_dialog import NewPatientDialog
from practicedesk.ui.patients.patients_page import PatientsPage
from practicedesk.ui.shell.main_window import MainWindow
from practicedesk.ui.widgets.patient_picker import QuickPatientDialog

PATIENTS = 1
# A 1×1 PNG: the smallest real picture the document check accepts.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.fixture
def bruno(session_with_patients: PracticeSession) -> PatientSummary:
    patient = session_with_patients.patients.search("Okafor")[0]
    session_with_patients.chart.set_phones(patient.id, [PhoneEntry("mobile", "(503) 555-0142")])
    return patient


@pytest.fixture
def window(qtbot, session_with_patients: PracticeSession) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(session_with_patients)
    main.show()
    yield main
    for index, page in main._pages.items():  # what a test left typed would ask on closing
        if index == PATIENTS:
            for chart in page.charts():
                chart.demographics._show_loaded()
    main.close()
    main.deleteLater()


def _open_chart(qtbot, window: MainWindow, patient: PatientSummary) -> ChartWidget:  # type: ignore[no-untyped-def]
    window._on_patient_requested(patient.id, patient.display_name)
    page = window.page(PATIENTS)
    chart = page.tabs.currentWidget()
    assert isinstance(chart, ChartWidget)
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
    return chart


def test_ctrl_f_then_typing_and_enter_opens_the_chart(
    qtbot, window: MainWindow, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitExposed(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "okaf")
    qtbot.waitUntil(window.search.popup.isVisible, timeout=3_000)
    assert window.search.results.count() == 1
    assert window.search.results.item(0).text().startswith("Okafor, Bruno")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    page = window.page(PATIENTS)
    assert window.pages.currentIndex() == PATIENTS
    chart = page.tabs.currentWidget()
    assert isinstance(chart, ChartWidget) and chart.patient_id == bruno.id
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=5_000)
    assert chart.header.name.text() == "Okafor, Bruno"
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Okafor, Bruno"


def test_arrow_keys_pick_among_matches_by_phone(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    other = session_with_patients.patients.add(NewPatient("Dana", "Okafor", phone="5035550199"))
    window.search.setFocus()
    qtbot.keyClicks(window.search, "503 555")
    qtbot.waitUntil(lambda: window.search.results.count() == 2, timeout=3_000)
    first = window.search.results.currentItem().data(Qt.ItemDataRole.UserRole)[0]
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    qtbot.keyClick(window.search, Qt.Key.Key_Enter)
    chart = window.page(PATIENTS).tabs.currentWidget()
    assert chart.patient_id == ({bruno.id, other.id} - {first}).pop()


def test_opening_a_chart_is_audited_and_remembered(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    chart = _open_chart(qtbot, window, bruno)
    chart.refresh()  # reading again after a change is not another view
    qtbot.wait(50)
    entries = session_with_patients.audit.entries(AuditFilter(action="chart viewed"))
    assert [e.patient_id for e in entries] == [bruno.id]
    assert session_with_patients.patients.recent()[0].id == bruno.id


def test_edit_and_save_a_phone_number(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    chart = _open_chart(qtbot, window, bruno)
    tab = chart.demographics
    chart.tabs.setCurrentWidget(tab)
    assert not tab.save.isEnabled()
    tab.phones.table.item(0, 1).setText("503.555.0177")
    assert tab.has_unsaved_changes() and tab.save.isEnabled()
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.text() == "Saved.", timeout=5_000)
    phones = session_with_patients.chart.read(bruno.id).phones
    assert [p.number for p in phones] == ["+15035550177"]
    assert not tab.has_unsaved_changes()


def test_a_bad_phone_number_is_caught_as_typed(
    qtbot, window: MainWindow, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    tab = _open_chart(qtbot, window, bruno).demographics
    tab.phones.table.item(0, 1).setText("555-01")
    assert not tab.save.isEnabled()
    assert "555-01" in tab.message.text()


def test_closing_a_chart_with_unsaved_changes_asks_first(
    qtbot,
    window: MainWindow,
    session_with_patients: PracticeSession,
    bruno: PatientSummary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    chart = _open_chart(qtbot, window, bruno)
    page: PatientsPage = window.page(PATIENTS)
    chart.demographics.inputs["preferred_name"].setText("Bru")
    assert page.tabs.tabText(page.tabs.indexOf(chart)).endswith("*")
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])

    def answer(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", answer)
    index = page.tabs.indexOf(chart)
    assert not page.close_chart_at(index)  # Cancel: the chart stays, with what was typed
    assert page.tabs.indexOf(chart) == index
    assert chart.demographics.inputs["preferred_name"].text() == "Bru"
    assert page.close_chart_at(index)  # Discard: it closes and nothing is saved
    assert len(asked) == 2 and "Okafor, Bruno" in asked[0]
    assert session_with_patients.chart.read(bruno.id).details.preferred_name == ""


def test_save_when_leaving_saves(
    qtbot,
    window: MainWindow,
    session_with_patients: PracticeSession,
    bruno: PatientSummary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    chart = _open_chart(qtbot, window, bruno)
    chart.demographics.inputs["preferred_name"].setText("Bru")
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Save)
    page = window.page(PATIENTS)
    assert page.close_chart_at(page.tabs.indexOf(chart))
    assert session_with_patients.chart.read(bruno.id).details.preferred_name == "Bru"


def test_signing_out_with_unsaved_changes_asks_first(
    qtbot, window: MainWindow, bruno: PatientSummary, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    chart = _open_chart(qtbot, window, bruno)
    chart.demographics.inputs["email"].setText("bruno@example.org")
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Cancel)
    signed_out: list[bool] = []
    window.sig_signed_out.connect(lambda: signed_out.append(True))
    window.sign_out()
    assert not signed_out and window.isVisible()


def test_adding_an_existing_patient_warns_of_the_duplicate(
    qtbot, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    patients = session_with_patients.patients
    known = patients.add(NewPatient("Amelia", "Zimmerman-Hart", date(1984, 5, 6)))
    dialog = NewPatientDialog(session_with_patients)
    qtbot.addWidget(dialog)
    dialog.inputs["first_name"].setText("Amelia")
    dialog.inputs["last_name"].setText("Zimmermann-Hart")
    dialog.born.set_value(date(1984, 5, 6))
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: dialog.duplicates.count() == 1, timeout=5_000)
    assert not dialog.duplicates.isHidden() and not dialog.duplicates_note.isHidden()
    assert known.display_name in dialog.duplicates.item(0).text()
    assert dialog.ok_button().text() == "Add anyway"
    assert patients.count("Zimmermann") == 0  # nothing added yet
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: dialog.created is not None, timeout=5_000)
    assert not dialog.picked_existing
    assert patients.count("Zimmermann-Hart") == 1


def test_choosing_the_duplicate_adds_nobody(qtbot, session_with_patients: PracticeSession) -> None:  # type: ignore[no-untyped-def]
    patients = session_with_patients.patients
    known = patients.add(NewPatient("Nadia", "Kowalski", phone="(503) 555-0110"))
    before = patients.count()
    dialog = QuickPatientDialog(session_with_patients, ["Nadia", "Kowalska"])
    qtbot.addWidget(dialog)
    dialog.phone.setText("503-555-0110")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: dialog.duplicates.count() == 1, timeout=5_000)
    dialog.duplicates.itemDoubleClicked.emit(dialog.duplicates.item(0))
    assert dialog.picked_existing and dialog.created.id == known.id
    assert patients.count() == before


def test_someone_new_is_added_without_a_question(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    dialog = NewPatientDialog(session_with_patients)
    qtbot.addWidget(dialog)
    dialog.inputs["first_name"].setText("Quentin")
    dialog.inputs["last_name"].setText("Abernathy")
    dialog.inputs["phone"].setText("(503) 555-0188")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: dialog.created is not None, timeout=5_000)
    assert dialog.duplicates.isHidden()
    found = session_with_patients.patients.search("Abernathy")
    assert [p.phone for p in found] == ["(503) 555-0188"]


def test_a_document_dropped_in_is_stored_and_shown(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.ui.chart.documents_tab import AddDocumentDialog

    scan = tmp_path / "insurance_card_back.png"
    scan.write_bytes(PNG)
    chart = _open_chart(qtbot, window, bruno)
    dialog = AddDocumentDialog(session_with_patients, bruno.id, [scan], chart)
    qtbot.addWidget(dialog)
    assert dialog.rows[0][1].currentText() == "insurance card (back)"
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: chart.documents.list.count() == 1, timeout=5_000)
    stored = session_with_patients.chart.read(bruno.id).documents
    assert [(d.category, d.file_name) for d in stored] == [
        ("insurance card (back)", "insurance_card_back.png")
    ]


def test_a_file_that_is_not_a_scan_is_refused_in_the_dialog(
    qtbot, session_with_patients: PracticeSession, bruno, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.ui.chart.documents_tab import AddDocumentDialog

    script = tmp_path / "letter.png"
    script.write_bytes(b"MZ\x90\x00 not a picture")
    dialog = AddDocumentDialog(session_with_patients, bruno.id, [script])
    qtbot.addWidget(dialog)
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: "not a picture or a PDF" in dialog.message.text(), timeout=5_000)
    assert session_with_patients.chart.read(bruno.id).documents == []


def test_a_call_with_a_follow_up_makes_a_task(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.ui.chart.communication_tab import CommunicationDialog

    chart = _open_chart(qtbot, window, bruno)
    dialog = CommunicationDialog(session_with_patients, bruno.id, chart)
    qtbot.addWidget(dialog)
    dialog.summary.setPlainText("Asked for a call back about the crown estimate")
    dialog.follow_up.set_value(date(2030, 1, 15))
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: chart.tasks.table.rowCount() == 1, timeout=5_000)
    assert chart.communication.table.rowCount() == 1
    assert chart.header.tasks.text() == "1"
    mine = session_with_patients.tasks.mine()
    assert [t.title for t in mine] == ["Follow up: Asked for a call back about the crown estimate"]


def test_export_the_record_and_print_the_summary(
    qtbot,
    window: MainWindow,
    bruno,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    import json

    from PySide6.QtWidgets import QApplication, QFileDialog

    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    chart = _open_chart(qtbot, window, bruno)
    target = tmp_path / "okafor.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    chart.export_fhir.click()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    patient = bundle["entry"][0]["resource"]
    assert patient["name"][0]["family"] == "Okafor"
    chart.print_summary.click()

    def preview() -> PdfPreviewDialog | None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog)]
        return shown[0] if shown else None

    qtbot.waitUntil(lambda: preview() is not None, timeout=10_000)
    dialog = preview()
    assert dialog is not None and dialog.page_count() >= 1
    dialog.close()


def test_another_patient_can_be_made_responsible(
    qtbot,
    window: MainWindow,
    session_with_patients: PracticeSession,
    bruno,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.ui.chart import responsible_dialog

    parent = session_with_patients.patients.search("Zimmerman")[0]
    chart = _open_chart(qtbot, window, bruno)
    tab = chart.demographics
    tab.responsible.setCurrentIndex(tab.responsible.findData("patient"))
    assert not tab.save.isEnabled()
    assert "Choose which patient is responsible." in tab.message.text()

    class Chooses(responsible_dialog.ResponsiblePatientDialog):
        def exec(self) -> int:
            self.picker.choose(parent)
            self._on_ok_clicked()
            return 1

    monkeypatch.setattr(responsible_dialog, "ResponsiblePatientDialog", Chooses)
    tab.responsible_patient.click()
    assert tab.responsible_patient.text() == parent.display_name
    assert tab.save.isEnabled()
    tab.save.click()
    qtbot.waitUntil(lambda: tab.message.text() == "Saved.", timeout=5_000)
    qtbot.waitUntil(lambda: "Zimmerman" in chart.summary.text.text(), timeout=5_000)
    stored = session_with_patients.chart.read(bruno.id)
    assert stored.details.responsible_patient_id == parent.id
    assert stored.responsible_label.startswith("Amelia Zimmerman")


def test_the_patient_photo_shows_in_the_header(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno
) -> None:  # type: ignore[no-untyped-def]
    chart = _open_chart(qtbot, window, bruno)
    assert chart.header.photo.isHidden()
    session_with_patients.documents.add(
        bruno.id, PNG, category="patient photo", title="Photo", file_name="bruno.png"
    )
    qtbot.waitUntil(lambda: not chart.header.photo.isHidden(), timeout=5_000)
    assert not chart.header.photo.pixmap().isNull()


def test_the_owner_renumbers_a_chart_and_the_header_shows_its_former_number(
    qtbot, window: MainWindow, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    from practicedesk.ui.widgets.renumber_dialog import RenumberDialog

    chart = _open_chart(qtbot, window, bruno)
    assert chart.renumber.isVisible()
    qtbot.mouseClick(chart.renumber, Qt.MouseButton.LeftButton)
    dialog = chart.findChild(RenumberDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.number.text() == "4", timeout=5_000)  # after charts 1–3
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: "#4 (formerly #2)" in chart.header.facts.text(), timeout=5_000)


def test_consent_to_email_reminders_is_ticked_on_the_chart_and_saved(
    qtbot, window: MainWindow, session_with_patients: PracticeSession, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    chart = _open_chart(qtbot, window, bruno)
    tab = chart.demographics
    chart.tabs.setCurrentWidget(tab)
    assert not tab.email_reminders.isChecked()
    tab.inputs["email"].setText("bruno@example.org")
    qtbot.mouseClick(tab.email_reminders, Qt.MouseButton.LeftButton)
    assert tab.has_unsaved_changes()
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.text() == "Saved.", timeout=5_000)
    details = session_with_patients.chart.read(bruno.id).details
    assert (details.email, details.email_reminders) == ("bruno@example.org", True)


def test_an_open_chart_shows_a_visit_booked_elsewhere_without_switching_tabs(
    qtbot, window: MainWindow, session_with_patients: PracticeSession
) -> None:  # type: ignore[no-untyped-def]
    from tests.services.schedule_fixtures import set_up_office

    office = set_up_office(session_with_patients)
    chart = _open_chart(qtbot, window, office.ana)
    chart.tabs.setCurrentWidget(chart.visits)
    qtbot.waitUntil(lambda: chart.visits.table.rowCount() == 0, timeout=3_000)
    assert chart.header.next_visit.text() == "none booked"
    session_with_patients.schedule.book(office.visit(office.ana, 7, 9))  # from the book, say
    expected = session_with_patients.chart.read(office.ana.id).next_visit_label
    qtbot.waitUntil(lambda: chart.header.next_visit.text() == expected, timeout=3_000)
    qtbot.waitUntil(lambda: chart.visits.table.rowCount() == 1, timeout=3_000)
    assert chart.tabs.currentWidget() is chart.visits


def test_every_chart_tab_shows_on_a_1366_pixel_screen(
    qtbot, window: MainWindow, bruno: PatientSummary
) -> None:  # type: ignore[no-untyped-def]
    """The owner's twelve tabs, Ledger last, once scrolled out of sight behind the tab bar's
    arrows on the commonest laptop screen (resources/styles: the chart's flat tabs)."""
    window.resize(1366, 768)
    chart = _open_chart(qtbot, window, bruno)
    assert chart.tabs.count() == 12
    qtbot.waitUntil(lambda: chart.tabs.width() > 0 and chart.tabs.isVisible(), timeout=5_000)
    bar = chart.tabs.tabBar()
    assert bar.sizeHint().width() <= chart.tabs.width()
    last = bar.tabRect(bar.count() - 1)
    assert last.right() <= bar.width()
