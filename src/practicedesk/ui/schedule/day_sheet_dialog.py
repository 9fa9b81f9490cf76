"""Printing a day: choose all providers or one, then preview, print or save the day sheet."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from practicedesk.services.practice.staff import ProviderInfo
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.pdf_preview import PdfPreviewDialog


class DaySheetDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        day: date,
        providers: list[ProviderInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.day = session, day
        self.pdf: bytes | None = None
        self.setWindowTitle(self.tr("Day sheet"))
        self.intro.setText(
            self.tr("The visits of {day}.").format(
                day=day.strftime("%A, %B %d, %Y").replace(" 0", " ")
            )
        )
        self.intro.show()
        self.provider = QComboBox()
        self.provider.addItem(self.tr("All providers"), None)
        for provider in providers:
            self.provider.addItem(provider.name, provider.id)
        self.form.addRow(self.tr("Provider"), self.provider)
        self.layout_choice = QComboBox()
        self.layout_choice.addItem(self.tr("A page per provider, to carry to the chair"), False)
        self.layout_choice.addItem(self.tr("The whole office on one sheet, in time order"), True)
        self.form.addRow(self.tr("Layout"), self.layout_choice)
        self.provider.currentIndexChanged.connect(
            lambda: self.layout_choice.setEnabled(self.provider.currentData() is None)
        )
        self.ok_button().setText(self.tr("Preview"))

    def _on_ok_clicked(self) -> None:
        day, provider_id = self.day, self.provider.currentData()
        together = provider_id is None and bool(self.layout_choice.currentData())
        # The desk's copy says what each patient has to pay, for those who see money.
        printouts = (
            self.session.money_print
            if self.session.can(Permission.VIEW_MONEY)
            else self.session.printouts
        )
        self.submit(
            lambda: printouts.day_sheet(day, provider_id, whole_office=together),
            self._on_rendered,
            database=True,
        )

    def _on_rendered(self, pdf: bytes) -> None:
        self.pdf = pdf
        name = f"Day sheet {self.day.isoformat()}.pdf"
        PdfPreviewDialog(
            pdf, self.tr("Day sheet"), name, self.parentWidget(),
            printouts=self.session.printout_folder,
        ).exec()  # fmt: skip
