"""One editor per kind of form field, each giving and taking the answer types of
forms/answers.py, so the form view never has to know how a date or a yes/no is held."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from practicedesk.forms.answers import Answer, Signature, YesNo
from practicedesk.forms.model import Field, FieldType
from practicedesk.ui.widgets.formats import format_date, full_year_date_format
from practicedesk.ui.widgets.optional_date import OptionalDateEdit
from practicedesk.ui.widgets.qt_dates import from_qdate
from practicedesk.ui.widgets.signature_pad import SignaturePadWidget

_RADIO_LIMIT = 5  # more options than this read better as a list to open
# The on-screen keyboard a tablet should offer for each kind of line.
_KEYBOARDS = {
    FieldType.PHONE: Qt.InputMethodHint.ImhDialableCharactersOnly,
    FieldType.EMAIL: Qt.InputMethodHint.ImhEmailCharactersOnly,
    FieldType.NUMBER: Qt.InputMethodHint.ImhFormattedNumbersOnly,
}


class FieldEditor(QWidget):
    """The common face of every editor: an answer in, an answer out, a change signal."""

    sig_changed = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field

    def value(self) -> Answer | None:
        raise NotImplementedError

    def set_value(self, answer: Answer | None) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self

    def set_invalid(self, invalid: bool) -> None:
        target = self.focus_target()
        if target.property("invalid") != invalid:
            target.setProperty("invalid", invalid)
            target.style().unpolish(target)
            target.style().polish(target)


class LineEditor(FieldEditor):
    """Text, phone, e-mail and number: one line each, with the on-screen keyboard a tablet
    should offer for it."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit()
        if field.max_length:
            self.edit.setMaxLength(field.max_length)
        if field.type in _KEYBOARDS:
            self.edit.setInputMethodHints(_KEYBOARDS[field.type])
        _single(self, self.edit)
        self.edit.textChanged.connect(self.sig_changed)

    def value(self) -> Answer | None:
        return self.edit.text().strip() or None

    def set_value(self, answer: Answer | None) -> None:
        self.edit.setText(answer if isinstance(answer, str) else "")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def focus_target(self) -> QWidget:
        return self.edit


class LongTextEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        line = self.edit.fontMetrics().lineSpacing()
        self.edit.setMinimumHeight(min(max(field.lines, 2), 6) * line + 14)
        _single(self, self.edit)
        self.edit.textChanged.connect(self.sig_changed)

    def value(self) -> Answer | None:
        return self.edit.toPlainText().strip() or None

    def set_value(self, answer: Answer | None) -> None:
        self.edit.setPlainText(answer if isinstance(answer, str) else "")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def focus_target(self) -> QWidget:
        return self.edit


class DateEditor(FieldEditor):
    """The answer is the date as this office writes it (four-digit year), like the printed
    form; a date handed in another common way is still understood."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = OptionalDateEdit()
        self.edit.setMinimumWidth(150)
        _single(self, self.edit, stretch=True)
        self.edit.dateChanged.connect(self.sig_changed)

    def value(self) -> Answer | None:
        chosen = self.edit.value()
        return format_date(chosen) if chosen else None

    def set_value(self, answer: Answer | None) -> None:
        self.edit.set_value(parse_date(answer) if isinstance(answer, str) else None)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.edit.setCalendarPopup(not read_only)

    def focus_target(self) -> QWidget:
        return self.edit


def parse_date(text: str) -> date | None:
    for fmt in (full_year_date_format(QLocale()), "M/d/yyyy", "yyyy-MM-dd"):
        parsed = QDate.fromString(text.strip(), fmt)
        if parsed.isValid():
            return from_qdate(parsed)
    return None


class ChoiceEditor(FieldEditor):
    """A single choice: radio buttons for a few options, a list to open for many. A scale is
    one too, its points as buttons between its words for the lowest and the highest."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo: QComboBox | None = None
        self.group = QButtonGroup(self)
        if len(field.options) > _RADIO_LIMIT:
            self.combo = QComboBox()
            self.combo.addItem(self.tr("Choose…"), "")
            for option in field.options:
                self.combo.addItem(option, option)
            _single(self, self.combo)
            self.combo.currentIndexChanged.connect(self.sig_changed)
            return
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(18)
        if field.low:
            row.addWidget(QLabel(field.low))
        for option in field.options:
            button = QRadioButton(option)
            self.group.addButton(button)
            row.addWidget(button)
        if field.high:
            row.addWidget(QLabel(field.high))
        row.addStretch(1)
        self.group.buttonToggled.connect(self._on_button_toggled)

    def value(self) -> Answer | None:
        if self.combo is not None:
            return self.combo.currentData() or None
        checked = self.group.checkedButton()
        return checked.text() if checked else None

    def set_value(self, answer: Answer | None) -> None:
        if self.combo is not None:
            found = self.combo.findText(answer) if isinstance(answer, str) else -1
            self.combo.setCurrentIndex(max(found, 0))
            return
        _check_only(self.group, answer if isinstance(answer, str) else None)

    def set_read_only(self, read_only: bool) -> None:
        if self.combo is not None:
            self.combo.setEnabled(not read_only)
        for button in self.group.buttons():
            button.setEnabled(not read_only)

    def focus_target(self) -> QWidget:
        if self.combo is not None:
            return self.combo
        return self.group.buttons()[0] if self.group.buttons() else self

    def _on_button_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:  # moving to another option also unchecks the old one: announce it once
            self.sig_changed.emit()


class MultiChoiceEditor(FieldEditor):
    def __init__(self, field: Field, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.boxes: list[QCheckBox] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        columns = columns if len(field.options) > 4 else 1
        rows = -(-len(field.options) // columns)
        for index, option in enumerate(field.options):
            box = QCheckBox(option)
            box.toggled.connect(self.sig_changed)
            self.boxes.append(box)
            grid.addWidget(box, index % rows, index // rows)  # down the columns, as printed
        for column in range(columns):
            grid.setColumnStretch(column, 1)

    def value(self) -> Answer | None:
        ticked = tuple(box.text() for box in self.boxes if box.isChecked())
        return ticked or None

    def set_value(self, answer: Answer | None) -> None:
        chosen = set(answer) if isinstance(answer, tuple) else set()
        for box in self.boxes:
            box.setChecked(box.text() in chosen)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes:
            box.setEnabled(not read_only)

    def focus_target(self) -> QWidget:
        return self.boxes[0] if self.boxes else self


class YesNoEditor(FieldEditor):
    """Yes and No, and the "please explain" box only once Yes is chosen: a No never keeps
    an explanation the patient can no longer see."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.yes = QRadioButton(self.tr("Yes"))
        self.no = QRadioButton(self.tr("No"))
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        self.buttons = QWidget()
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(18)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.explain = QWidget()
        self.explain_prompt = QLabel(field.explain)
        self.explain_prompt.setObjectName("explainPrompt")
        self.explain_prompt.setWordWrap(True)
        self.explain_edit = QPlainTextEdit()
        self.explain_edit.setTabChangesFocus(True)
        self.explain_edit.setAccessibleName(field.explain)
        self.explain_edit.setFixedHeight(self.explain_edit.fontMetrics().lineSpacing() * 2 + 16)
        self.explain_prompt.setBuddy(self.explain_edit)
        box = QVBoxLayout(self.explain)
        box.setContentsMargins(24, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.explain_prompt)
        box.addWidget(self.explain_edit)
        self.explain.setVisible(False)
        self.group.buttonToggled.connect(self._on_toggled)
        self.explain_edit.textChanged.connect(self.sig_changed)

    def _on_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.explain.setVisible(bool(self.field.explain) and self.yes.isChecked())
            self.sig_changed.emit()

    def value(self) -> Answer | None:
        if not (self.yes.isChecked() or self.no.isChecked()):
            return None
        if self.no.isChecked():
            return YesNo(False)
        explanation = self.explain_edit.toPlainText().strip() if self.field.explain else ""
        return YesNo(True, explanation)

    def set_value(self, answer: Answer | None) -> None:
        if not isinstance(answer, YesNo) or answer.answer is None:
            _check_only(self.group, None)
        else:
            (self.yes if answer.answer else self.no).setChecked(True)
        self.explain_edit.setPlainText(answer.explanation if isinstance(answer, YesNo) else "")
        self.explain.setVisible(bool(self.field.explain) and self.yes.isChecked())

    def set_read_only(self, read_only: bool) -> None:
        self.yes.setEnabled(not read_only)
        self.no.setEnabled(not read_only)
        self.explain_edit.setReadOnly(read_only)

    def focus_target(self) -> QWidget:
        return self.yes

    def set_invalid(self, invalid: bool) -> None:
        for button in (self.yes, self.no):
            if button.property("invalid") != invalid:
                button.setProperty("invalid", invalid)
                button.style().unpolish(button)
                button.style().polish(button)


class SignatureEditor(FieldEditor):
    """The pad, and who signs when underneath. The name and date are the caller's: the
    widget only puts them with the ink once there is ink."""

    def __init__(
        self, field: Field, signer_name: str, today: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, parent)
        self.signer_name, self.today = signer_name, today
        self.kept: Signature | None = None  # given back with set_value, until redrawn
        initials = field.type is FieldType.INITIALS
        self.pad = SignaturePadWidget(initials=initials)
        self.pad.setAccessibleName(field.label)
        self.caption = QLabel()
        self.caption.setObjectName("signatureCaption")
        self.caption.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        if initials:
            row = QHBoxLayout()
            row.addWidget(self.pad)
            row.addStretch(1)
            column.addLayout(row)
        else:
            self.pad.setMaximumWidth(720)
            column.addWidget(self.pad)
            column.addWidget(self.caption)
        self.pad.sig_changed.connect(self._on_pad_changed)
        self._show_caption()

    def _on_pad_changed(self) -> None:
        self.kept = None
        self._show_caption()
        self.sig_changed.emit()

    def _show_caption(self) -> None:
        answer = self.value()
        if isinstance(answer, Signature):
            text = self.tr("Signed on {date} by {name}").format(
                date=answer.signed_on, name=answer.signer
            )
        else:
            text = self.tr("{name}, {date}").format(name=self.signer_name, date=self.today)
        self.caption.setText(text.strip(" ,"))

    def value(self) -> Answer | None:
        if self.kept is not None:
            return self.kept
        png = self.pad.png_bytes()
        if png is None:
            return None
        return Signature(self.signer_name, self.today, png)

    def set_value(self, answer: Answer | None) -> None:
        self.kept = answer if isinstance(answer, Signature) else None
        self.pad.set_png(self.kept.image_png if self.kept else None)
        self._show_caption()

    def set_read_only(self, read_only: bool) -> None:
        self.pad.set_read_only(read_only)

    def focus_target(self) -> QWidget:
        return self.pad


def make_editor(field: Field, *, signer_name: str, today: str, columns: int) -> FieldEditor | None:
    """None for a paragraph, which has nothing to answer."""
    if field.type in (FieldType.TEXT, FieldType.PHONE, FieldType.EMAIL, FieldType.NUMBER):
        return LineEditor(field)
    if field.type is FieldType.LONG_TEXT:
        return LongTextEditor(field)
    if field.type is FieldType.DATE:
        return DateEditor(field)
    if field.type in (FieldType.SINGLE_CHOICE, FieldType.SCALE):
        return ChoiceEditor(field)
    if field.type is FieldType.MULTIPLE_CHOICE:
        return MultiChoiceEditor(field, columns)
    if field.type is FieldType.YES_NO:
        return YesNoEditor(field)
    if field.type in (FieldType.SIGNATURE, FieldType.INITIALS):
        return SignatureEditor(field, signer_name, today)
    return None


def _single(owner: QWidget, widget: QWidget, *, stretch: bool = False) -> None:
    layout = QHBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)


def _check_only(group: QButtonGroup, text: str | None) -> None:
    """An exclusive group cannot be emptied by unchecking; lift the rule for a moment."""
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(button.text() == text)
    group.setExclusive(True)
