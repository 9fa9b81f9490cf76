"""Settings → Forms: the practice's form templates, shipped and its own. The owner makes a
form the practice's own by editing a copy of its text; the copy is checked as it is saved
(a mistake is shown with its line), needs a higher version, and never changes a form
already filled. Broken files in the practice's folder are listed with the reason."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.forms.model import FormTemplate
from practicedesk.forms.packets import PacketDefinition, PacketError, PacketSet
from practicedesk.forms.safe_yaml import TemplateError
from practicedesk.forms.templates import TemplateSet
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import message_line, show_inline
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.list_panel import ListPanelWidget


class TemplateEditorDialog(QDialog):
    """The text of a form template or, with `packet=True`, of a packet."""

    def __init__(
        self,
        session: PracticeSession,
        text: str,
        title: str,
        parent: QWidget | None = None,
        *,
        packet: bool = False,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.packet = packet
        self.saved: FormTemplate | PacketDefinition | None = None
        self.setWindowTitle(self.tr("Our own form: {title}").format(title=title))
        self.resize(900, 760)
        intro = QLabel(
            self.tr(
                "Change the wording or the fields, then raise the version number by one. "
                "Forms already filled keep the version they were filled on. The format is "
                "described in docs/forms.md."
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("templateText")
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.message = message_line()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.check = buttons.addButton(self.tr("Check"), QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.check.clicked.connect(self._on_check)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)

    def _on_check(self) -> None:
        forms, text = self.session.forms, self.text.toPlainText()
        try:
            checked = forms.check_packet(text) if self.packet else forms.check_template(text)
        except PracticeDeskError as error:
            self._show_problem(error)
            return
        parts = len(checked.forms) if isinstance(checked, PacketDefinition) else len(checked.fields)
        self.message.setText(
            self.tr("It reads well: {title}, version {version}, {n} parts.").format(
                title=checked.title, version=checked.version, n=parts
            )
        )

    def _on_save(self) -> None:
        forms, text = self.session.forms, self.text.toPlainText()
        save = forms.save_own_packet if self.packet else forms.save_own_template
        run_task(self, lambda: save(text), self._on_saved, self._show_problem)

    def _on_saved(self, saved: FormTemplate | PacketDefinition) -> None:
        self.saved = saved
        self.accept()

    def _show_problem(self, error: BaseException) -> None:
        show_inline(error, self.message, self)
        line = getattr(error, "line", None)
        if line:  # put the cursor where the problem is
            block = self.text.document().findBlockByLineNumber(line - 1)
            cursor = QTextCursor(block)
            cursor.select(QTextCursor.SelectionType.LineUnderCursor)
            self.text.setTextCursor(cursor)
            self.text.setFocus()


class FormsSettingsTab(ListPanelWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(
            ["Form", "Id", "Version", "Wording", "Problem"],
            "No form templates could be read.",
            parent,
        )
        self.session = session
        self.set_column_widths({1: 200, 2: 70, 3: 110})
        owner = session.can(Permission.EDIT_PRACTICE)
        self.customise = self.add_button(self.tr("Make our own…"), needs_row=True, enabled=owner)
        self.restore = self.add_button(
            self.tr("Back to the shipped wording"), needs_row=True, enabled=owner
        )
        self.preview = self.add_button(self.tr("Preview blank…"), needs_row=True)
        note = QLabel(
            self.tr("Only the owner changes forms.")
            if not owner
            else self.tr(
                "The practice's own forms are kept in its database, so backups and the "
                "other PCs carry them."
            )
        )
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        layout = self.layout()
        assert layout is not None  # ListPanelWidget lays out its buttons and table
        layout.addWidget(note)
        self.customise.clicked.connect(self._on_customise)
        self.sig_activated.connect(lambda _row: self._on_customise())
        self.restore.clicked.connect(self._on_restore)
        self.preview.clicked.connect(self._on_preview)

    def refresh(self) -> None:
        forms = self.session.forms
        run_task(self, lambda: (forms.templates(), forms.packets()), self._show)

    def _show(self, found_both: tuple[TemplateSet, PacketSet]) -> None:
        found, packets = found_both
        rows: list[tuple[object, list[str]]] = []
        for template in sorted(found.templates.values(), key=lambda t: t.title):
            wording = self.tr("shipped") if template.shipped else self.tr("our own")
            rows.append(
                (template, [template.title, template.id, str(template.version), wording, ""])
            )
        for packet in sorted(packets.packets.values(), key=lambda p: p.title):
            wording = self.tr("shipped") if packet.shipped else self.tr("our own")
            title = self.tr("Packet: {title}").format(title=packet.title)
            rows.append((packet, [title, packet.id, str(packet.version), wording, ""]))
        problems: list[TemplateError | PacketError] = [*found.problems, *packets.problems]
        for problem in problems:
            rows.append((None, ["", problem.path.name, "", self.tr("cannot be used"),
                                problem.message]))  # fmt: skip
        self.set_rows(rows)

    def _chosen(self) -> FormTemplate | PacketDefinition | None:
        chosen = self.selected()
        return chosen if isinstance(chosen, FormTemplate | PacketDefinition) else None

    def _on_customise(self) -> None:
        chosen = self._chosen()
        if chosen is None or not self.session.can(Permission.EDIT_PRACTICE):
            return
        packet = isinstance(chosen, PacketDefinition)
        forms = self.session.forms
        text = forms.packet_text(chosen.id) if packet else forms.template_text(chosen.id)
        if chosen.shipped:  # a copy starts one version up, as the owner will change it
            text = text.replace(f"version: {chosen.version}", f"version: {chosen.version + 1}", 1)
        dialog = TemplateEditorDialog(self.session, text, chosen.title, self, packet=packet)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()

    def _on_restore(self) -> None:
        template = self._chosen()
        if template is None or template.shipped:
            return
        packet = isinstance(template, PacketDefinition)
        answer = QMessageBox.question(
            self,
            self.tr("Back to the shipped wording"),
            self.tr(
                "Remove the practice's own {title}? Forms already filled keep their wording."
            ).format(title=template.title),
        )
        if answer == QMessageBox.StandardButton.Yes:
            forms = self.session.forms
            remove = forms.remove_own_packet if packet else forms.remove_own_template
            run_task(self, lambda: remove(template.id), lambda _: self.refresh())

    def _on_preview(self) -> None:
        template = self._chosen()
        if not isinstance(template, FormTemplate):
            return  # a packet prints for a visit: from the appointment book
        forms = self.session.forms

        def show(pdf: bytes) -> None:
            from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog

            PdfPreviewDialog(
                pdf, template.title, f"{template.id}.pdf", self,
                printouts=self.session.printout_folder,
            ).open()  # fmt: skip

        run_task(self, lambda: forms.blank(template.id), show)
