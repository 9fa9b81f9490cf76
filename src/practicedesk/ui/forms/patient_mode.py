"""The "hand to patient" window: one patient's forms in order, in large type, and no way out
but a staff password.

While it is up the rest of the program is out of reach: the window covers the screen, stays
on top, is modal to the application, and refuses Escape, closing and Alt+F4. Only a staff
password typed under "Staff: unlock" closes it. It stores nothing itself: drafts, signed
answers and the password check go to the caller's signals and callables, so the form
service can be wired in without this module knowing it exists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practicedesk.errors import PracticeDeskError
from practicedesk.forms.answers import Answer
from practicedesk.ui.errors import show_inline
from practicedesk.ui.forms.form_view import FormViewWidget, short_label
from practicedesk.ui.tasks import run_task
from practicedesk.ui.widgets.card import build_card, message_label

FormSource = FormViewWidget | Callable[[], FormViewWidget]
DRAFT_DELAY_MS = 1000  # a pause in typing, not every key, is worth a save


class PatientModeWindow(QWidget):
    sig_unlocked = Signal()
    sig_draft_changed = Signal(int, object)  # form index, dict[str, Answer]
    sig_signed = Signal(int, object)  # form index, dict[str, Answer]

    def __init__(
        self,
        forms: Sequence[tuple[str, FormSource]],
        on_form_done: Callable[[int, dict[str, Answer]], None],
        unlock: Callable[[str], None],
        staff_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.titles = [title for title, _source in forms]
        self._sources = [source for _title, source in forms]
        self.views: list[FormViewWidget | None] = [None] * len(forms)
        self.signed = [False] * len(forms)
        self.current = 0
        self._on_form_done = on_form_done
        self._unlock = unlock
        self._staff_name = staff_name
        self._unlocked = False
        self._pending_drafts: set[int] = set()
        self._page_before_unlock: QWidget | None = None
        self._build_ui()
        self._connect()
        self._show_form(0)

    # Building

    def _build_ui(self) -> None:
        self.setObjectName("patientMode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(self.tr("Forms"))
        self.progress = QLabel()
        self.progress.setObjectName("patientProgress")
        self.staff = QPushButton(self.tr("Staff: unlock"))
        self.staff.setObjectName("staffUnlock")
        self.staff.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never a Tab stop for the patient
        header = QWidget()
        header.setObjectName("patientHeader")
        top = QHBoxLayout(header)
        top.setContentsMargins(24, 10, 16, 10)
        top.addWidget(self.progress, 1)
        top.addWidget(self.staff)

        self.pages = QStackedWidget()
        self.form_pages = [QWidget() for _ in self._sources]
        for page in self.form_pages:
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.pages.addWidget(page)
        self.thanks = self._build_thanks()
        self.pages.addWidget(self.thanks)
        self.unlock_page = self._build_unlock()
        self.pages.addWidget(self.unlock_page)

        self.message = QLabel()
        self.message.setObjectName("patientMessage")
        self.message.setWordWrap(True)
        self.back = QPushButton(self.tr("Back"))
        self.next = QPushButton(self.tr("Next"))
        self.sign = QPushButton(self.tr("Sign"))
        self.sign.setObjectName("signButton")
        self.footer = QWidget()
        self.footer.setObjectName("patientFooter")
        bottom = QHBoxLayout(self.footer)
        bottom.setContentsMargins(24, 10, 24, 12)
        bottom.setSpacing(16)
        bottom.addWidget(self.back)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.next)
        bottom.addWidget(self.sign)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.footer)

    def _build_thanks(self) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("Thank you!"))
        title.setObjectName("thanksTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(self.tr("All your forms are done. Please hand the tablet back to us."))
        text.setObjectName("thanksText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(title)
        column.addSpacing(16)
        column.addWidget(text)
        column.addStretch(2)
        return page

    def _build_unlock(self) -> QWidget:
        page = QWidget()
        page.setObjectName("unlockPage")
        body = build_card(page, self.tr("Staff only"), min_width=520)
        who = QLabel(
            self.tr("{name}: type your password to end patient mode.").format(name=self._staff_name)
        )
        who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Staff password"))
        self.unlock_message = message_label()
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.return_button = QPushButton(self.tr("Back to the forms"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        body.addWidget(who)
        body.addSpacing(12)
        body.addWidget(self.password)
        body.addWidget(self.unlock_message)
        body.addLayout(buttons)
        return page

    def _connect(self) -> None:
        self.back.clicked.connect(lambda: self._show_form(self.current - 1))
        self.next.clicked.connect(lambda: self._show_form(self.current + 1))
        self.sign.clicked.connect(self._on_sign_clicked)
        self.staff.clicked.connect(self._on_staff_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.password.returnPressed.connect(self._on_unlock_clicked)
        self.return_button.clicked.connect(self._on_return_clicked)
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.flush_drafts)

    # What the caller asks

    def start(self) -> None:
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def view(self, index: int) -> FormViewWidget:
        """The form at `index`, built from its factory the first time it is needed."""
        view = self.views[index]
        if view is None:
            source = self._sources[index]
            view = source if isinstance(source, FormViewWidget) else source()
            view.sig_changed.connect(lambda: self._on_form_changed(index))
            layout = self.form_pages[index].layout()
            assert layout is not None  # each form page was given its layout when it was built
            layout.addWidget(view)
            self.views[index] = view
        return view

    def flush_drafts(self) -> None:
        """Hands over what was typed but not yet saved: before leaving a form or unlocking."""
        self.draft_timer.stop()
        pending, self._pending_drafts = sorted(self._pending_drafts), set()
        for index in pending:
            if not self.signed[index]:
                self.sig_draft_changed.emit(index, self.view(index).answers())

    # Moving between forms

    def _show_form(self, index: int) -> None:
        if not 0 <= index < len(self._sources):
            return
        self.flush_drafts()
        self.current = index
        view = self.view(index)
        self.pages.setCurrentWidget(self.form_pages[index])
        self.progress.setText(
            self.tr("Form {n} of {total}: {title}").format(
                n=index + 1, total=len(self._sources), title=self.titles[index]
            )
        )
        self.back.setEnabled(index > 0)
        self.next.setVisible(index < len(self._sources) - 1)
        self.next.setDefault(self.signed[index])
        self.sign.setVisible(not self.signed[index])
        self.message.setProperty("state", "ok" if self.signed[index] else "")
        self.message.setText(self.tr("Signed. Thank you.") if self.signed[index] else "")
        _repolish(self.message)
        view.scroll_area.verticalScrollBar().setValue(0)

    def _on_form_changed(self, index: int) -> None:
        self._pending_drafts.add(index)
        self.draft_timer.start()
        if index == self.current and self.message.text():
            self.message.clear()

    def _on_sign_clicked(self) -> None:
        index, view = self.current, self.view(self.current)
        found = view.reveal_problems()
        if found:
            self._say_what_is_missing(found)
            return
        answers = view.answers()
        try:
            self._on_form_done(index, answers)
        except PracticeDeskError as error:
            self.message.setText(error.message)
            return
        view.set_read_only(True)
        self.signed[index] = True
        self._pending_drafts.discard(index)
        self.sig_signed.emit(index, answers)
        unsigned = [i for i in range(len(self.signed)) if not self.signed[i]]
        if not unsigned:
            self._show_thanks()
            return
        self._show_form(next((i for i in unsigned if i > index), unsigned[0]))

    def _say_what_is_missing(self, found: list[str]) -> None:
        first = short_label(found[0].rpartition(": ")[0], 60)
        if len(found) == 1:
            text = self.tr("Not signed yet: please answer “{first}”.").format(first=first)
        else:
            text = self.tr(
                "Not signed yet: please answer “{first}” and {n} more, marked in red."
            ).format(first=first, n=len(found) - 1)
        self.message.setProperty("state", "problem")
        self.message.setText(text)
        _repolish(self.message)

    def _show_thanks(self) -> None:
        self.flush_drafts()
        self.pages.setCurrentWidget(self.thanks)
        self.progress.setText(self.tr("All forms done"))
        self.footer.hide()

    # Staff unlock

    def _on_staff_clicked(self) -> None:
        if self.pages.currentWidget() is self.unlock_page:
            return
        self._page_before_unlock = self.pages.currentWidget()
        self.pages.setCurrentWidget(self.unlock_page)
        self.footer.hide()
        self.password.clear()
        self.unlock_message.clear()
        self.password.setFocus()

    def _on_return_clicked(self) -> None:
        self.password.clear()
        if self._page_before_unlock is self.thanks:
            self._show_thanks()
            return
        self.footer.show()
        self._show_form(self.current)

    def _on_unlock_clicked(self) -> None:
        password = self.password.text()
        if not password:
            return
        self._set_unlock_busy(True)
        run_task(self, lambda: self._unlock(password), self._on_unlock_done, self._on_unlock_failed)

    def _on_unlock_done(self, _result: object) -> None:
        self.flush_drafts()
        self._unlocked = True
        self.sig_unlocked.emit()
        self.close()

    def _on_unlock_failed(self, error: BaseException) -> None:
        self._set_unlock_busy(False)
        self.password.clear()
        show_inline(error, self.unlock_message, self)

    def _set_unlock_busy(self, busy: bool) -> None:
        for widget in (self.password, self.unlock_button, self.return_button):
            widget.setEnabled(not busy)
        if not busy:
            self.password.setFocus()

    # Refusing the ways out

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocked:
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """A minimised window would uncover the program behind it."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.WindowStateChange
            and self.isMinimized()
            and not self._unlocked
        ):
            QTimer.singleShot(0, self.showFullScreen)


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
