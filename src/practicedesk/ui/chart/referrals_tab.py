"""The Referrals & authorizations tab, with the dialogs for a referral, a pre-authorization
and a referral contact."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.services.chart.items import (
    AUTHORIZATION_STATUSES,
    REFERRAL_STATUSES,
    AuthorizationChange,
    ReferralChange,
)
from practicedesk.services.chart.records import (
    AuthorizationInfo,
    Chart,
    ContactInfo,
    ReferralInfo,
)
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import choice_box, select_value
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.formats import format_date
from practicedesk.ui.widgets.list_panel import ListPanelWidget
from practicedesk.ui.widgets.optional_date import OptionalDateEdit


class AuthorizationDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        item: AuthorizationInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id, self.item = session, patient_id, item
        self.setWindowTitle(self.tr("Pre-authorization"))
        self.procedure = QLineEdit(item.procedure if item else "")
        self.payer = QLineEdit(item.payer if item else "")
        self.status = choice_box(AUTHORIZATION_STATUSES)
        self.submitted = OptionalDateEdit(item.submitted_on if item else None)
        self.number = QLineEdit(item.number if item else "")
        self.valid_from = OptionalDateEdit(item.valid_from if item else None)
        self.valid_to = OptionalDateEdit(item.valid_to if item else None)
        self.notes = QLineEdit(item.notes if item else "")
        if item is not None:
            select_value(self.status, item.status)
        for label, widget in (
            (self.tr("Procedure"), self.procedure),
            (self.tr("Payer"), self.payer),
            (self.tr("Status"), self.status),
            (self.tr("Submitted"), self.submitted),
            (self.tr("Authorization number"), self.number),
            (self.tr("Valid from"), self.valid_from),
            (self.tr("Valid to"), self.valid_to),
            (self.tr("Notes"), self.notes),
        ):
            self.form.addRow(label, widget)
        self.ok_button().setText(self.tr("Save"))

    def _on_ok_clicked(self) -> None:
        change = AuthorizationChange(
            procedure=self.procedure.text(),
            payer=self.payer.text(),
            status=self.status.currentData(),
            submitted_on=self.submitted.value(),
            number=self.number.text(),
            valid_from=self.valid_from.value(),
            valid_to=self.valid_to.value(),
            notes=self.notes.text(),
            policy_id=self.item.policy_id if self.item else None,
        )
        items, patient_id = self.session.chart_items, self.patient_id
        item_id = self.item.id if self.item else None
        self.submit(lambda: items.save_authorization(patient_id, change, item_id))


class ReferralDialog(FormDialog):
    def __init__(
        self,
        session: PracticeSession,
        patient_id: uuid.UUID,
        contacts: list[ContactInfo],
        item: ReferralInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id, self.item = session, patient_id, item
        self.setWindowTitle(self.tr("Referral"))
        self.direction = QComboBox()
        self.direction.addItem(self.tr("Outgoing (we refer the patient)"), "outgoing")
        self.direction.addItem(self.tr("Incoming (referred to us)"), "incoming")
        self.contact = QComboBox()
        self.contact.addItem(self.tr("(not chosen)"), None)
        for contact in contacts:
            label = contact.name + (f", {contact.organization}" if contact.organization else "")
            self.contact.addItem(label, contact.id)
        new_contact = QPushButton(self.tr("New…"))
        new_contact.clicked.connect(self._on_new_contact)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.contact, 1)
        contact_row.addWidget(new_contact)
        self.reason = QLineEdit(item.reason if item else "")
        self.status = choice_box(REFERRAL_STATUSES)
        self.dates = {
            name: OptionalDateEdit(getattr(item, name) if item else None)
            for name in ("requested_on", "sent_on", "received_on", "scheduled_on", "completed_on")
        }
        self.notes = QLineEdit(item.notes if item else "")
        if item is not None:
            select_value(self.direction, item.direction)
            select_value(self.status, item.status)
            if item.contact:
                select_value(self.contact, item.contact.id)
        self.form.addRow(self.tr("Direction"), self.direction)
        self.form.addRow(self.tr("Provider"), contact_row)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.form.addRow(self.tr("Status"), self.status)
        for name, edit in self.dates.items():
            self.form.addRow(self.tr(name.replace("_on", "").capitalize()), edit)
        self.form.addRow(self.tr("Notes"), self.notes)
        self.ok_button().setText(self.tr("Save"))

    def _on_new_contact(self) -> None:
        dialog = ContactDialog(self.session, self)
        if dialog.exec() and dialog.saved is not None:
            self.contact.addItem(dialog.saved.name, dialog.saved.id)
            self.contact.setCurrentIndex(self.contact.count() - 1)

    def _on_ok_clicked(self) -> None:
        change = ReferralChange(
            direction=self.direction.currentData(),
            contact_id=self.contact.currentData(),
            reason=self.reason.text(),
            status=self.status.currentData(),
            notes=self.notes.text(),
            **{name: edit.value() for name, edit in self.dates.items()},
        )
        items, patient_id = self.session.chart_items, self.patient_id
        item_id = self.item.id if self.item else None
        self.submit(lambda: items.save_referral(patient_id, change, item_id))


class ContactDialog(FormDialog):
    """A referring or receiving provider for the directory."""

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.saved: ContactInfo | None = None
        self.setWindowTitle(self.tr("Referring provider"))
        self.fields = {
            name: QLineEdit()
            for name in ("name", "organization", "specialty", "phone", "fax", "email", "address")
        }
        for name, edit in self.fields.items():
            self.form.addRow(self.tr(name.capitalize()), edit)
        self.ok_button().setText(self.tr("Add to the directory"))

    def _on_ok_clicked(self) -> None:
        values = {name: edit.text() for name, edit in self.fields.items()}
        items = self.session.chart_items
        self.submit(lambda: items.save_contact(None, **values), self._on_saved)

    def _on_saved(self, contact: ContactInfo) -> None:
        self.saved = contact


class ReferralsTab(QWidget):
    def __init__(
        self, session: PracticeSession, patient_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        editable = session.can(Permission.EDIT_CHART)
        self.referrals = ListPanelWidget(
            ["Direction", "Provider", "Reason", "Status", "Dates"], "No referrals."
        )
        self.add_referral = self.referrals.add_button(self.tr("Add referral…"), enabled=editable)
        self.change_referral = self.referrals.add_button(
            self.tr("Change…"), needs_row=True, enabled=editable
        )
        self.authorizations = ListPanelWidget(
            ["Procedure", "Payer", "Status", "Number", "Valid"], "No pre-authorizations."
        )
        self.add_authorization = self.authorizations.add_button(
            self.tr("Add pre-authorization…"), enabled=editable
        )
        self.change_authorization = self.authorizations.add_button(
            self.tr("Change…"), needs_row=True, enabled=editable
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Referrals")))
        layout.addWidget(self.referrals, 1)
        layout.addWidget(QLabel(self.tr("Pre-authorizations")))
        layout.addWidget(self.authorizations, 1)
        self.add_referral.clicked.connect(lambda: self._edit_referral(None))
        self.change_referral.clicked.connect(lambda: self._edit_referral(self.referrals.selected()))
        self.referrals.sig_activated.connect(self._edit_referral)
        self.add_authorization.clicked.connect(lambda: self._edit_authorization(None))
        self.change_authorization.clicked.connect(
            lambda: self._edit_authorization(self.authorizations.selected())
        )
        self.authorizations.sig_activated.connect(self._edit_authorization)

    def show_chart(self, chart: Chart) -> None:
        referral_rows = []
        for r in chart.referrals:
            who = r.contact.name if r.contact else ""
            dates = ", ".join(
                f"{label} {format_date(value)}"
                for label, value in (
                    ("sent", r.sent_on),
                    ("received", r.received_on),
                    ("seen", r.completed_on),
                )
                if value
            )
            referral_rows.append((r, [r.direction, who, r.reason, r.status, dates]))
        self.referrals.set_rows(referral_rows)
        self.authorizations.set_rows(
            [
                (a, [a.procedure, a.payer, a.status, a.number, _validity(a)])
                for a in chart.authorizations
            ]
        )

    def _edit_referral(self, item: ReferralInfo | None) -> None:
        if self.session.can(Permission.EDIT_CHART):
            items = self.session.chart_items
            run_task(
                self,
                items.contacts,
                lambda contacts: ReferralDialog(
                    self.session, self.patient_id, contacts, item, self
                ).exec(),
            )

    def _edit_authorization(self, item: AuthorizationInfo | None) -> None:
        if self.session.can(Permission.EDIT_CHART):
            AuthorizationDialog(self.session, self.patient_id, item, self).exec()


def _validity(item: AuthorizationInfo) -> str:
    if not item.valid_from and not item.valid_to:
        return ""
    return f"{format_date(item.valid_from)} – {format_date(item.valid_to)}"
