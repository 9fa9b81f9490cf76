"""Small dialogs of the book: why a visit is cancelled, whether to move over a conflict, to
book a second visit of one type close by, or to change a repeating visit's followers too."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget

from practicedesk.services.schedule.records import AppointmentInfo
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


def ask_second_visit(
    parent: QWidget, zone: tzinfo, patient_name: str, nearby: list[AppointmentInfo]
) -> bool:
    """A visit of this type already booked close by: book as well? Enter books anyway: the
    question is there to be seen, not to cost a key more."""
    when = ", ".join(
        v.starts_at.astimezone(zone).strftime("%a %m/%d/%Y %I:%M %p").replace(" 0", " ")
        for v in nearby
    )
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(box.tr("Another visit of this type"))
    box.setText(
        box.tr("{name} already has a {type} visit close to this time: {when}.").format(
            name=patient_name, type=nearby[0].type_name, when=when
        )
    )
    box.setInformativeText(box.tr("Book this one as well?"))
    book = box.addButton(box.tr("Book as well"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(box.tr("Don't book"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(book)
    box.exec()
    return box.clickedButton() is book


def ask_whole_series(parent: QWidget, visit: AppointmentInfo) -> bool:
    """A repeating visit changed: this one only, or it and all that follow?"""
    box = QMessageBox(parent)
    box.setWindowTitle(box.tr("A repeating visit"))
    box.setText(
        box.tr(
            "{name}'s visit repeats. Change this one only, or this one and all that follow?"
        ).format(name=visit.patient_name)
    )
    box.addButton(box.tr("This visit only"), QMessageBox.ButtonRole.RejectRole)
    following = box.addButton(box.tr("This and all that follow"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    return box.clickedButton() is following
