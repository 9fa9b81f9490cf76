"""The one place where errors become dialogs.

A `PracticeDeskError` is something the user can act on: its message is shown as is, in a
warning box. Anything else is a bug: it goes to the crash handler, which logs it and says so
in plain words.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from practicedesk.errors import PracticeDeskError


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    if isinstance(error, PracticeDeskError):
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title or box.tr("PracticeDesk"))
        box.setText(error.message)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
        return
    from practicedesk.ui.crash import report_bug

    report_bug(error, parent)


def show_inline(error: BaseException, label: QLabel, parent: QWidget | None = None) -> None:
    """For forms: a user's error goes into the form's message line; a bug to the crash dialog."""
    if isinstance(error, PracticeDeskError):
        _say(label, error.message, "problem")
        return
    from practicedesk.ui.crash import report_bug

    report_bug(error, parent)


def message_line() -> QLabel:
    """The line a form says its problems, successes and notes in (see `_say`): named for the
    style sheet, which colours it by its state, and wrapped, as a sentence may be long."""
    label = QLabel()
    label.setObjectName("fieldProblem")
    label.setWordWrap(True)
    return label


def show_problem(label: QLabel, text: str) -> None:
    """What stops the form, found on the screen before any service was asked."""
    _say(label, text, "problem")


def show_done(label: QLabel, text: str) -> None:
    """Success in a form's message line: in green, not the red its problems are shown in."""
    _say(label, text, "ok")


def show_note(label: QLabel, text: str) -> None:
    """Something to know, neither a problem nor a success (who may change this screen)."""
    _say(label, text, "note")


def _say(label: QLabel, text: str, state: str) -> None:
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)
    label.setVisible(True)
