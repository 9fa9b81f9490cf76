"""The Forms tab: the patient's forms, drafts and signed, and the ways to fill them — at the
desk, or handed to the patient in patient mode — to print them, blank or filled, and to
amend a signed one. Signing a medical history offers the alerts it tells of."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import suppress

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.forms.answers import Answer
from practicedesk.forms.chart_updates import ProposedAlert
from practicedesk.services.chart.items import AlertChange
from practicedesk.services.chart.records import Chart
from practicedesk.services.forms.filling import FilledForm, FormInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line, show_done, show_inline, show_note, show_problem
from practicedesk.ui.forms.form_view import FormViewWidget
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.formats import format_date, practice_date
from practicedesk.ui.widgets.list_panel import ListPanelWidget

AUTOSAVE_MS = 1500


def _today(session: PracticeSession) -> str:
    """A form's date line: the practice's day, not this PC's (they differ after 7 PM in New
    York on a PC set to UTC)."""
    return format_date(session.today())


class FillFormDialog(QDialog):
    """A form at the desk: drafts saved on Save or closing, Sign seals it."""

    def __init__(
        self,
        session: PracticeSession,
        filled: FilledForm,
        signer: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.filled, self.signer = session, filled, signer
        self.signed: FormInfo | None = None
        signed = filled.info.status == "signed"
        self.setWindowTitle(filled.info.title)
        self.resize(980, 760)
        self.view = FormViewWidget(
            filled.template, filled.answers, signer_name=signer, today=_today(session)
        )
        self.view.set_read_only(signed)
        self.message = message_line()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save = buttons.addButton(self.tr("Save draft"), QDialogButtonBox.ButtonRole.ActionRole)
        self.sign = buttons.addButton(self.tr("Sign…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save.setVisible(not signed)
        self.sign.setVisible(not signed)
        if signed:
            show_note(
                self.message,
                self.tr("Signed {when} by {who}. A signed form cannot change; amend it.").format(
                    when=(
                        practice_date(filled.info.signed_at, session.zone())
                        if filled.info.signed_at
                        else ""
                    ),
                    who=filled.info.signer_name,
                ),
            )
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.save.clicked.connect(self.save_draft)
        self._autosave = QTimer(self)  # drafts save as you go: a pause in typing is enough
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        if not signed:
            self.view.sig_changed.connect(self._autosave.start)
        self.sign.clicked.connect(self._on_sign_clicked)

    def save_draft(self) -> None:
        self._autosave.stop()
        forms, form_id, answers = self.session.forms, self.filled.info.id, self.view.answers()
        run_task(
            self,
            lambda: forms.save_draft(form_id, answers),
            lambda _: show_done(self.message, self.tr("Draft saved.")),
            lambda error: show_inline(error, self.message, self),
        )

    def _on_sign_clicked(self) -> None:
        found = self.view.reveal_problems()
        if found:
            show_problem(self.message, self.tr("Not yet: ") + " ".join(found[:3]))
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Sign"), self.tr("Name of the person signing:"), text=self.signer
        )
        if ok and name.strip():
            self.sign_as(name.strip())

    def sign_as(self, name: str) -> None:
        self._autosave.stop()
        forms, form_id, answers = self.session.forms, self.filled.info.id, self.view.answers()
        run_task(
            self,
            lambda: forms.sign(form_id, answers, name),
            self._on_signed,
            lambda error: show_inline(error, self.message, self),
        )

    def _on_signed(self, info: FormInfo) -> None:
        self.signed = info
        self.accept()

    def reject(self) -> None:
        self._autosave.stop()
        if self.filled.info.status == "draft" and self.signed is None:
            # Closing keeps what was typed: the draft is the paper on the clipboard. (Signed
            # meanwhile in patient mode, it refuses; nothing typed there is lost.)
            with suppress(PracticeDeskError):
                self.session.forms.save_draft(self.filled.info.id, self.view.answers())
        super().reject()


class ChartUpdatesDialog(QDialog):
    """What the signed history tells that the chart does not say: tick to add."""

    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        proposed: list[ProposedAlert],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        self.setWindowTitle(self.tr("Chart updates from the medical history"))
        intro = QLabel(
            self.tr(
                "The patient's answers mention these, which the chart's alerts do not. Tick "
                "the ones to add; the others are left out."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.boxes: list[tuple[QCheckBox, ProposedAlert]] = []
        for alert in proposed:
            box = QCheckBox(f"{alert.kind}: {alert.text}  ({alert.severity})")
            box.setChecked(alert.severity != "info")
            layout.addWidget(box)
            self.boxes.append((box, alert))
        self.message = QLabel()
        self.message.setObjectName("fieldProblem")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add ticked alerts"))
        buttons.accepted.connect(self._on_add)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_add(self) -> None:
        chosen = [alert for box, alert in self.boxes if box.isChecked()]
        items, patient_id = self.session.chart_items, self.patient_id

        def work() -> None:
            for alert in chosen:
                change = AlertChange(alert.kind, alert.text, alert.severity, notes="From the "
                                     "patient's medical history")  # fmt: skip
                items.save_alert(patient_id, change)

        run_task(self, work, lambda _: self.accept(), lambda e: show_inline(e, self.message, self))


class FormsTab(ListPanelWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ["Form", "State", "Date", "Signed by", "Version"],
            "No forms yet. Start one, print one to fill on paper, or hand the tablet over.",
            parent,
        )
        self.session, self.patient_id = session, patient_id
        self.zone = session.zone()
        self.patient_name = ""
        self.set_column_widths({1: 120, 2: 110, 3: 180, 4: 70})
        editable = session.can(Permission.EDIT_CHART)
        printing = session.can(Permission.EXPORT_RECORDS)
        self.new_form = self._menu_button(self.tr("New form"), editable, self._start)
        self.print_blank = self._menu_button(self.tr("Print to fill"), printing, self._blank)
        self.open_button = self.add_button(self.tr("Open…"), needs_row=True)
        self.hand_over = self.add_button(self.tr("Hand to patient…"), enabled=False)
        self.print_form = self.add_button(self.tr("Print…"), needs_row=True, enabled=printing)
        self.amend = self.add_button(self.tr("Amend…"), needs_row=True, enabled=editable)
        self.discard = self.add_button(self.tr("Discard draft"), needs_row=True, enabled=editable)
        self.open_button.clicked.connect(lambda: self._open(self.selected()))
        self.sig_activated.connect(self._open)
        self.hand_over.clicked.connect(self._on_hand_over)
        self.print_form.clicked.connect(self._on_print)
        self.amend.clicked.connect(self._on_amend)
        self.discard.clicked.connect(self._on_discard)
        self.forms: list[FormInfo] = []
        self._signed_meanwhile: list[uuid.UUID] = []
        self._patient_window: QWidget | None = None

    def _menu_button(self, text: str, enabled: bool, action: Callable[[str], None]) -> QToolButton:
        """A button whose menu lists the templates, filled when it first opens."""
        button = QToolButton()
        button.setText(text)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setEnabled(enabled)
        menu = QMenu(button)
        button.setMenu(menu)
        menu.aboutToShow.connect(lambda m=menu, a=action: self._fill_menu(m, a))
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def _fill_menu(self, menu: QMenu, action: Callable[[str], None]) -> None:
        if menu.actions():
            return
        found = self.session.forms.templates()
        for template in sorted(found.templates.values(), key=lambda t: t.title):
            menu.addAction(template.title, _for_template(action, template.id))
        for problem in found.problems:
            item = menu.addAction(self.tr("(cannot be used) {why}").format(why=problem.message))
            item.setEnabled(False)

    def show_chart(self, chart: Chart) -> None:
        summary = chart.summary
        self.patient_name = f"{summary.first_name} {summary.last_name}"
        forms, patient_id = self.session.forms, self.patient_id
        run_task(self, lambda: forms.for_patient(patient_id), self._show_forms)

    def _show_forms(self, forms: list[FormInfo]) -> None:
        self.forms = forms
        rows = []
        for info in forms:
            state = "signed" if info.status == "signed" else "draft"
            if info.amends_id is not None:
                state += " (amendment)"
            when = info.signed_at or info.updated_at
            rows.append(
                (
                    info,
                    [
                        info.title,
                        state,
                        practice_date(when, self.zone),
                        info.signer_name,
                        str(info.template_version),
                    ],
                )
            )
        self.set_rows(rows)
        drafts = sum(1 for info in forms if info.status == "draft")
        self.hand_over.setEnabled(self.session.can(Permission.EDIT_CHART) and drafts > 0)
        self.hand_over.setToolTip(
            self.tr("Hands the patient their {n} draft form(s) to fill in and sign").format(
                n=drafts
            )
            if drafts
            else self.tr("Start the forms the patient should fill first (New form)")
        )

    # -- actions ------------------------------------------------------------------------------

    def _start(self, template_id: str) -> None:
        forms, patient_id = self.session.forms, self.patient_id
        run_task(self, lambda: forms.start(patient_id, template_id), self.fill)

    def _open(self, info: FormInfo | None) -> None:
        if info is not None:
            forms = self.session.forms
            run_task(self, lambda: forms.open(info.id), self.fill)

    def fill(self, filled: FilledForm) -> FillFormDialog:
        dialog = FillFormDialog(self.session, filled, self.patient_name, self)
        dialog.finished.connect(lambda _r, d=dialog: self._after_fill(d))
        dialog.open()
        return dialog

    def _after_fill(self, dialog: FillFormDialog) -> None:
        if dialog.signed is not None:
            self.offer_chart_updates(dialog.signed.id)

    def offer_chart_updates(self, form_id: uuid.UUID) -> None:
        forms = self.session.forms
        run_task(self, lambda: forms.proposed_alerts(form_id), self._on_proposed)

    def _on_proposed(self, proposed: list[ProposedAlert]) -> None:
        if proposed:
            ChartUpdatesDialog(self.session, self.patient_id, proposed, self).open()

    def _on_print(self) -> None:
        info = self.selected()
        if info is not None:
            forms = self.session.forms
            run_task(self, lambda: forms.pdf(info.id), lambda pdf: _preview(pdf, info.title, self))

    def _blank(self, template_id: str) -> None:
        forms, patient_id = self.session.forms, self.patient_id
        run_task(
            self,
            lambda: forms.blank(template_id, patient_id),
            lambda pdf: _preview(pdf, self.tr("Form to fill"), self),
        )

    def _on_amend(self) -> None:
        info = self.selected()
        if info is not None and info.status == "signed":
            forms = self.session.forms
            run_task(self, lambda: forms.amend(info.id), self.fill)

    def _on_discard(self) -> None:
        info = self.selected()
        if info is None or info.status != "draft":
            return
        answer = QMessageBox.question(
            self, self.tr("Discard draft"), self.tr("Throw away this draft of {title}?").format(
                title=info.title
            ),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            forms = self.session.forms
            run_task(self, lambda: forms.discard(info.id))

    def _on_hand_over(self) -> None:
        drafts = [info for info in self.forms if info.status == "draft"]
        if not drafts:
            QMessageBox.information(
                self,
                self.tr("Hand to patient"),
                self.tr("Start the forms the patient should fill first (New form)."),
            )
            return
        forms = self.session.forms
        run_task(self, lambda: [forms.open(info.id) for info in drafts], self.hand_to_patient)

    def hand_to_patient(self, filled: list[FilledForm]) -> QWidget:
        from practicedesk.ui.forms.patient_mode import PatientModeWindow

        session, name = self.session, self.patient_name
        views = [
            (f.info.title, FormViewWidget(f.template, f.answers, large=True, signer_name=name,
                                          today=_today(session)))
            for f in filled
        ]  # fmt: skip

        def sign(index: int, answers: dict[str, Answer]) -> None:
            session.forms.sign(filled[index].info.id, answers, name)

        def save(index: int, answers: object) -> None:
            with suppress(PracticeDeskError):  # signed already: the pause came after signing
                session.forms.save_draft(filled[index].info.id, answers)  # type: ignore[arg-type]

        window = PatientModeWindow(views, sign, session.unlock_screen, session.user.display_name)
        window.sig_draft_changed.connect(save)
        window.sig_signed.connect(
            lambda index, _answers: self._signed_in_patient_mode(filled[index])
        )
        window.sig_unlocked.connect(lambda: self.show_chart_again())
        self._patient_window = window
        run_task(self, session.lock_screen)  # handing the screen over is locking it: audited
        window.start()
        return window

    def _signed_in_patient_mode(self, filled: FilledForm) -> None:
        self._signed_meanwhile.append(filled.info.id)

    def show_chart_again(self) -> None:
        """Back at the desk: refresh the list and offer what the history told."""
        self._patient_window = None
        for form_id in self._signed_meanwhile:
            self.offer_chart_updates(form_id)
        self._signed_meanwhile = []
        forms, patient_id = self.session.forms, self.patient_id
        run_task(self, lambda: forms.for_patient(patient_id), self._show_forms)


def _preview(pdf: bytes, title: str, parent: QWidget) -> None:
    from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

    PdfPreviewDialog(pdf, title, f"{title}.pdf", parent).open()


def _for_template(action: Callable[[str], None], template_id: str) -> Callable[[], None]:
    """A menu entry's call, its template bound now: a lambda made in the loop would see only
    the last one."""
    return lambda: action(template_id)
