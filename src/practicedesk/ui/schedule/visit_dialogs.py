"""Small dialogs of the book: why a visit is cancelled, and whether to move over a conflict."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget

from practicedesk.ui.widgets.form_dialog import FormDialog

CANCEL_REASONS = (
    "Patient called, ill",
    "Patient called, cannot come",
    "Rescheduled by the office",
    "Provider unavailable",
    "Weather or transport",
)


class CancelDialog(FormDialog):
    def __init__(self, patient_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cancel the visit"))
        self.intro.setText(self.tr("Why is {name}'s visit cancelled?").format(name=patient_name))
        self.intro.show()
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([self.tr(reason) for reason in CANCEL_REASONS])
        self.form.addRow(self.tr("Reason"), self.reason)
        self.ok_button().setText(self.tr("Cancel the visit"))
        self.cancel_button().setText(self.tr("Keep it"))

    def _on_ok_clicked(self) -> None:
        if not self.reason.currentText().strip():
            self.message.setText(self.tr("Say why, for the record."))
            return
        self.accept()


def confirm_over_conflicts(parent: QWidget, conflicts: list[str], action: str) -> bool:
    """Ask, listing every conflict; True only for an explicit "do it anyway"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(box.tr("This time has a problem"))
    box.setText("\n".join(f"• {line}" for line in conflicts))
    box.setInformativeText(
        box.tr("{action} anyway? The conflict is recorded with the visit.").format(action=action)
    )
    anyway = box.addButton(
        box.tr("{action} anyway").format(action=action), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(box.tr("Don't"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is anyway


def show_waitlist_offers(parent: QWidget, names: list[str]) -> None:
    """Tell the coordinator who on the waitlist would take the time just freed."""
    if not names:
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(box.tr("A time was freed"))
    box.setText(box.tr("These waitlist patients would take the time just freed:"))
    box.setInformativeText("\n".join(names))
    box.exec()
