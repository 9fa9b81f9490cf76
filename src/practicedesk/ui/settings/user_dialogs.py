"""The owner's dialogs for one user: add, edit, and set a temporary password."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from practicedesk.services.session import PracticeSession
from practicedesk.services.users.accounts import Role, UserInfo
from practicedesk.ui.widgets.combo import select_value
from practicedesk.ui.widgets.form_dialog import FormDialog
from practicedesk.ui.widgets.password_field import NewPasswordWidget


def _role_box(selected: Role = Role.COORDINATOR) -> QComboBox:
    box = QComboBox()
    for role in Role:
        box.addItem(role.label, role)
    select_value(box, selected)
    return box


class AddUserDialog(FormDialog):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Add a user"))
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("e.g. maria"))
        self.display_name = QLineEdit()
        self.role = _role_box()
        self.password = NewPasswordWidget(lambda: [self.username.text()])
        self.must_change = QCheckBox(self.tr("They choose their own password at first sign-in"))
        self.must_change.setChecked(True)
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Name"), self.display_name)
        self.form.addRow(self.tr("Role"), self.role)
        self.form.addRow(self.tr("Password"), self.password)
        self.form.addRow("", self.must_change)
        self.ok_button().setText(self.tr("Add user"))
        self.ok_button().setEnabled(False)
        self.password.sig_validity_changed.connect(self.ok_button().setEnabled)

    def _on_ok_clicked(self) -> None:
        users = self.session.users
        username, name = self.username.text(), self.display_name.text()
        role, password = self.role.currentData(), self.password.value()
        must_change = self.must_change.isChecked()
        self.submit(
            lambda: users.add(username, name, role, password, must_change_password=must_change)
        )


class EditUserDialog(FormDialog):
    def __init__(
        self, session: PracticeSession, user: UserInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Change {username}").format(username=user.username))
        self.user = user
        self.display_name = QLineEdit(user.display_name)
        self.role = _role_box(user.role)
        self.form.addRow(self.tr("User name"), QLabel(user.username))
        self.form.addRow(self.tr("Name"), self.display_name)
        self.form.addRow(self.tr("Role"), self.role)
        self.ok_button().setText(self.tr("Save"))

    def _on_ok_clicked(self) -> None:
        users, user_id = self.session.users, self.user.id
        name, role = self.display_name.text(), self.role.currentData()
        self.submit(lambda: users.update(user_id, name, role))


class TemporaryPasswordDialog(FormDialog):
    """Reset a forgotten password, or turn an account back on: the owner sets a temporary one."""

    def __init__(
        self,
        session: PracticeSession,
        user: UserInfo,
        *,
        enabling: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.user = user
        self.enabling = enabling
        title = (
            self.tr("Turn on {username}") if enabling else self.tr("New password for {username}")
        )
        self.setWindowTitle(title.format(username=user.username))
        intro = QLabel(
            self.tr(
                "Choose a temporary password and give it to {name} in person. They will choose "
                "their own the next time they sign in."
            ).format(name=user.display_name)
        )
        intro.setWordWrap(True)
        self.password = NewPasswordWidget(lambda: [user.username])
        self.form.addRow(intro)
        self.form.addRow(self.tr("Temporary password"), self.password)
        self.ok_button().setText(self.tr("Turn on") if enabling else self.tr("Set password"))
        self.ok_button().setEnabled(False)
        self.password.sig_validity_changed.connect(self.ok_button().setEnabled)

    def _on_ok_clicked(self) -> None:
        users, user_id, password = self.session.users, self.user.id, self.password.value()
        if self.enabling:
            self.submit(lambda: users.enable(user_id, password))
        else:
            self.submit(lambda: users.reset_password(user_id, password))
