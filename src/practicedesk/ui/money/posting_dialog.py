"""The shape of every dialog that posts to the ledger: a form, the owner's approval when the
coordinator needs it, a line saying what went wrong, and one button that posts once.

Each dialog makes its entry's id when it opens, so pressing Enter twice, or again after a
refusal, can never post twice (the service adds nothing for an id already posted). A refusal
(a bad amount, a whole card number, a wrong owner password) stays in the dialog with what was
typed, and nothing is posted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from practicedesk.errors import PermissionDenied, PracticeDeskError, WrongPassword
from practicedesk.services.money.desk import OwnerApproval
from practicedesk.services.session import Permission, PracticeSession
from practicedesk.ui.errors import show_inline
from practicedesk.ui.money.owner_approval import OwnerApprovalWidget
from practicedesk.ui.widgets.form_dialog import FormDialog


class PostingDialog(FormDialog):
    sig_posted = Signal(object)  # what the service returned: the entry line posted

    def __init__(self, session: PracticeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entry_id = uuid.uuid4()  # made once: the post is the same however often sent
        self.approval = OwnerApprovalWidget()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self.approval)
        self.ok_button().setDefault(True)

    @property
    def owner_signed_in(self) -> bool:
        return self.session.can(Permission.ADJUST_ANY_AMOUNT)

    def needs_owner(self, needed: bool, why: str = "") -> None:
        """Show the approval box when the coordinator needs the owner for what is typed."""
        if needed and not self.owner_signed_in:
            if not self.approval.asked:
                self.approval.ask(why)
        elif self.approval.asked:
            self.approval.withdraw()

    def prepare(self) -> Callable[[OwnerApproval | None], Any]:
        """Read the form, on the UI thread, and return the posting to run on the worker; a
        value that is not right raises the user's error, shown in the dialog."""
        raise NotImplementedError

    def _on_ok_clicked(self) -> None:
        try:
            work = self.prepare()
        except PracticeDeskError as error:
            show_inline(error, self.message, self)
            return
        approval = self.approval.approval()
        self.submit(lambda: work(approval), self.sig_posted.emit)

    def _on_failed(self, error: BaseException) -> None:
        super()._on_failed(error)
        if isinstance(error, PermissionDenied) and not self.owner_signed_in:
            self.approval.ask(error.message)
        elif isinstance(error, WrongPassword) and self.approval.asked:
            self.approval.password.clear()
            self.approval.password.setFocus()
