"""Settings → Reminders (the owner's): the mail server and a test e-mail, when reminders go,
their words, and which PC sends them. Off until the owner turns them on.

The password box stays empty: a stored password is never read back into the window;
typing one replaces it, leaving it empty keeps it. Saving and the test e-mail run off the UI
thread (the test talks to the mail server, which may be slow to answer).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from practicedesk.domain.reminder_text import PLACEHOLDERS, health_details
from practicedesk.domain.reminders import ReminderRule
from practicedesk.interop.smtp_channel import Security
from practicedesk.services.reminders.setup import (
    MAX_DAYS_BEFORE,
    MAX_RULES,
    ReminderSetup,
    SenderState,
)
from practicedesk.services.session import PracticeSession
from practicedesk.ui.errors import message_line
from practicedesk.ui.reminders.runner import reminder_runner
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.combo import select_value

_PORTS = {Security.STARTTLS: 587, Security.TLS: 465, Security.NONE: 25}


class RemindersTab(QWidget):
    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.loaded: ReminderSetup | None = None
        self._names: dict[str, str] = {}  # device id -> PC name
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        self.enabled = QCheckBox(self.tr("Send e-mail reminders of coming visits"))
        self.sending_pc = QComboBox()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.take_over = QPushButton(self.tr("This PC takes over now…"))
        sending = QFormLayout()
        sending.addRow(self.enabled)
        sending.addRow(self.tr("Sent by"), self.sending_pc)
        sending.addRow(self.state)
        sending.addRow(self.take_over)

        self.host, self.user = QLineEdit(), QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. smtp.office365.com"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.security = QComboBox()
        for security, label in (
            (Security.STARTTLS, self.tr("STARTTLS (usually port 587)")),
            (Security.TLS, self.tr("TLS (usually port 465)")),
            (Security.NONE, self.tr("None: only for a relay in the office")),
        ):
            self.security.addItem(label, security)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.from_address, self.from_name = QLineEdit(), QLineEdit()
        self.test = QPushButton(self.tr("Send a test e-mail…"))
        server = QFormLayout()
        for label, widget in (
            (self.tr("Mail server"), self.host), (self.tr("Port"), self.port),
            (self.tr("Security"), self.security), (self.tr("User name"), self.user),
            (self.tr("Password"), self.password), (self.tr("From address"), self.from_address),
            (self.tr("From name"), self.from_name),
        ):  # fmt: skip
            server.addRow(label, widget)
        server.addRow(self.test)

        when = QVBoxLayout()
        self.rules: list[tuple[QCheckBox, QSpinBox, QTimeEdit]] = []
        for _ in range(MAX_RULES):
            on, days, at = QCheckBox(), QSpinBox(), QTimeEdit()
            days.setRange(0, MAX_DAYS_BEFORE)
            days.setSuffix(self.tr(" day(s) before, at"))
            at.setDisplayFormat("hh:mm AP")
            row = QHBoxLayout()
            row.addWidget(on)
            row.addWidget(days)
            row.addWidget(at)
            row.addStretch(1)
            when.addLayout(row)
            self.rules.append((on, days, at))

        self.subject = QLineEdit()
        self.text = QPlainTextEdit()
        self.text.setMinimumHeight(160)
        self.attach = QCheckBox(self.tr("Attach the visit as a calendar entry (.ics)"))
        names = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        help_text = QLabel(self.tr("Placeholders: {names}").format(names=names))
        help_text.setWordWrap(True)
        self.health = message_line()
        words = QFormLayout()
        words.addRow(self.tr("Subject"), self.subject)
        words.addRow(self.tr("Text"), self.text)
        words.addRow(help_text)
        words.addRow(self.health)
        words.addRow(self.attach)

        self.save = QPushButton(self.tr("Save"))
        content = QWidget()
        column = QVBoxLayout(content)
        for title, layout in (
            (self.tr("Sending"), sending), (self.tr("Mail server"), server),
            (self.tr("When"), when), (self.tr("Words"), words),
        ):  # fmt: skip
            box = QGroupBox(title)
            box.setLayout(layout)
            column.addWidget(box)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        column.addLayout(buttons)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _connect(self) -> None:
        self.save.clicked.connect(self._on_save_clicked)
        self.test.clicked.connect(self._on_test_clicked)
        self.take_over.clicked.connect(self._on_take_over_clicked)
        self.security.currentIndexChanged.connect(self._on_security_changed)
        self.subject.textChanged.connect(self._on_words_edited)
        self.text.textChanged.connect(self._on_words_edited)

    def refresh(self) -> None:
        setup = self.session.reminder_setup
        run_task(self, lambda: (setup.get(), setup.pc_names(), setup.sender()), self._show)

    def _show(self, loaded: tuple[ReminderSetup, dict[str, str], SenderState]) -> None:
        reminders, names, state = loaded
        self.loaded, self._names = reminders, names
        self.enabled.setChecked(reminders.enabled)
        self.sending_pc.clear()
        this_pc = self.session.reminder_setup.this_pc
        for device, name in names.items():
            label = self.tr("This PC ({name})").format(name=name) if device == this_pc else name
            self.sending_pc.addItem(label, device)
        if reminders.sender_device and reminders.sender_device not in names:
            self.sending_pc.addItem(reminders.sender_name or reminders.sender_device,
                                reminders.sender_device)  # fmt: skip
        select_value(self.sending_pc, reminders.sender_device or this_pc)
        self.state.setText(state.text)
        self.take_over.setVisible(bool(state.waiting_for))
        self.host.setText(reminders.host)
        self.security.blockSignals(True)
        select_value(self.security, reminders.security)
        self.security.blockSignals(False)
        self.port.setValue(reminders.port)
        self.user.setText(reminders.user)
        self.password.clear()
        self.password.setPlaceholderText(
            self.tr("stored: leave empty to keep it") if reminders.password_set else ""
        )
        self.from_address.setText(reminders.from_address)
        self.from_name.setText(reminders.from_name)
        for index, (on, days, at) in enumerate(self.rules):
            rule = reminders.rules[index] if index < len(reminders.rules) else None
            on.setChecked(rule is not None)
            days.setValue(rule.days_before if rule else 1)
            at.setTime(QTime(rule.at.hour, rule.at.minute) if rule else QTime(9, 0))
        self.subject.setText(reminders.subject)
        self.text.setPlainText(reminders.text)
        self.attach.setChecked(reminders.attach_calendar)

    def current(self) -> ReminderSetup:
        assert self.loaded is not None
        rules = tuple(
            ReminderRule(days.value(), time(at.time().hour(), at.time().minute()))
            for on, days, at in self.rules
            if on.isChecked()
        )
        device = self.sending_pc.currentData() or ""
        return replace(
            self.loaded, enabled=self.enabled.isChecked(), host=self.host.text(),
            port=self.port.value(), security=Security(self.security.currentData()),
            user=self.user.text(), from_address=self.from_address.text(),
            from_name=self.from_name.text(), rules=rules, subject=self.subject.text(),
            text=self.text.toPlainText(), attach_calendar=self.attach.isChecked(),
            sender_device=device, sender_name=self._names.get(device, self.loaded.sender_name),
        )  # fmt: skip

    def _on_security_changed(self) -> None:
        self.port.setValue(_PORTS[self.security.currentData()])

    def _on_words_edited(self) -> None:
        extra = health_details(self.subject.text() + self.text.toPlainText())
        self.health.setText(
            self.tr(
                "Reminders go by ordinary e-mail. These tell more than needed: {names}."
            ).format(names=", ".join(f"{{{name}}}" for name in extra))
            if extra
            else ""
        )

    def _on_save_clicked(self) -> None:
        if self.loaded is None:
            return
        reminders, setup = self.current(), self.session.reminder_setup
        password = self.password.text() or None
        runner = reminder_runner(self.session)

        def saved(_result: object) -> None:
            runner.run_now()  # a new sender hears of it, or this one starts
            self.refresh()

        run_task(self, lambda: setup.save(reminders, password), saved)

    def _on_test_clicked(self) -> None:
        address, ok = QInputDialog.getText(
            self, self.tr("Send a test e-mail"),
            self.tr("Send the reminder, with made-up details, to (save first):"),
        )  # fmt: skip
        if not ok or not address.strip():
            return
        reminders = self.session.reminders

        def sent(_result: object) -> None:
            QMessageBox.information(
                self, self.tr("Test e-mail sent"),
                self.tr("The mail server took it. Check that it arrived at {address}.").format(
                    address=address.strip()
                ),
            )  # fmt: skip

        run_task(self, lambda: reminders.send_test(address), sent, database=False)

    def _on_take_over_clicked(self) -> None:
        answer = QMessageBox.warning(
            self, self.tr("Take over sending"),
            self.tr(
                "Only if the PC that sent the reminders will never run PracticeDesk again: "
                "whatever it sent and never synced may go out a second time. Take over now?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            setup = self.session.reminder_setup
            run_task(self, setup.take_over, lambda _r: self.refresh())
