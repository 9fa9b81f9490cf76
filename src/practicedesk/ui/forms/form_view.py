"""A form to fill on screen, built from its template: the same sections, fields, widths and
required marks as the printed form, answered in the types of forms/answers.py.

It takes plain values (a template, answers, the practice's facts, who signs and the date)
and knows nothing of the database or the services: the caller loads and stores. A problem is
shown next to its field once the field has been touched, and every problem once signing is
tried, so a fresh form does not open covered in red.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from practicedesk.forms.answers import Answer, problems
from practicedesk.forms.bindings import fill_placeholders
from practicedesk.forms.model import NARROW_TYPES, Field, FieldType, FormTemplate, Section
from practicedesk.ui.errors import message_line
from practicedesk.ui.forms.field_editors import FieldEditor, YesNoEditor, make_editor
from practicedesk.ui.widgets.flat_scroll import flat_scroll

_COLUMNS = 6  # a full line; half takes 3, a third 2
_SPANS = {"full": 6, "half": 3, "third": 2}
_SHOWN_PROBLEMS = 4  # more than this and the list hides the form it is about


class FormViewWidget(QWidget):
    sig_changed = Signal()

    def __init__(
        self,
        template: FormTemplate,
        answers: Mapping[str, Answer] | None = None,
        *,
        large: bool = False,
        facts: Mapping[str, str] | None = None,
        signer_name: str = "",
        today: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.large = large
        self.facts = dict(facts or {})
        self.signer_name = signer_name
        self.today = today
        self.editors: dict[str, FieldEditor] = {}
        self._cells: dict[str, QWidget] = {}
        self._problem_labels: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._revealed = False
        self._loading = False
        self._read_only = False
        self._build_ui()
        self.set_answers(answers or {})

    # Building

    def _build_ui(self) -> None:
        self.setObjectName("formView")
        self.setProperty("large", self.large)  # the style sheet's patient-mode sizes
        content = QWidget()
        content.setObjectName("formContent")
        content.setMaximumWidth(1100 if self.large else 980)
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(*((32, 24, 32, 32) if self.large else (16, 12, 16, 16)))
        self.body.setSpacing(8)
        title = self._label(self.template.title, "formTitle")
        self.body.addWidget(title)
        if self.template.intro:
            self.body.addWidget(self._label(self.template.intro, "formIntro"))
        for section in self.template.sections:
            self._add_section(section)
        self.body.addStretch(1)
        page = QWidget()
        page.setObjectName("formPage")
        centred = QHBoxLayout(page)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addWidget(content, 1)
        self.scroll_area = flat_scroll(page)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message = QLabel()
        self.message.setObjectName("formProblems")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.scroll_area, 1)
        outer.addWidget(self.message)

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(fill_placeholders(text, self.facts))
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _add_section(self, section: Section) -> None:
        self.body.addSpacing(20 if self.large else 12)
        heading = self._label(section.title, "formSection")
        heading.setIndent(0)  # a QLabel with a border indents its text otherwise
        self.body.addWidget(heading)
        if section.intro:
            self.body.addWidget(self._label(section.intro, "sectionIntro"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(28 if self.large else 18)
        grid.setVerticalSpacing(22 if self.large else 12)
        for column in range(_COLUMNS):
            grid.setColumnStretch(column, 1)
        row, column = 0, 0
        for field in section.fields:
            span = _SPANS.get(field.width, _COLUMNS) if field.type in NARROW_TYPES else _COLUMNS
            if column + span > _COLUMNS:
                row, column = row + 1, 0
            grid.addWidget(self._cell(field), row, column, 1, span, Qt.AlignmentFlag.AlignTop)
            column += span
            if column >= _COLUMNS:
                row, column = row + 1, 0
        self.body.addLayout(grid)

    def _cell(self, field: Field) -> QWidget:
        cell = QWidget()
        cell.setObjectName("fieldCell")
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6 if self.large else 4)
        if field.type is FieldType.PARAGRAPH:
            text = QLabel(_paragraph_html(fill_placeholders(field.text, self.facts)))
            text.setObjectName("formParagraph")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            column.addWidget(text)
            return cell
        editor = make_editor(
            field, signer_name=self.signer_name, today=self.today, columns=2 if self.large else 3
        )
        assert editor is not None
        label = QLabel(self._label_html(field))
        label.setObjectName("fieldLabel")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setBuddy(editor.focus_target())
        editor.focus_target().setAccessibleName(field.label)
        if isinstance(editor, YesNoEditor):
            question = QHBoxLayout()
            question.setSpacing(24)
            question.addWidget(label, 1)
            question.addWidget(editor.buttons, 0, Qt.AlignmentFlag.AlignTop)
            column.addLayout(question)
            column.addWidget(editor.explain)
        else:
            column.addWidget(label)
            column.addWidget(editor)
        problem = message_line()
        problem.hide()
        column.addWidget(problem)
        editor.sig_changed.connect(lambda: self._on_field_changed(field.id))
        self.editors[field.id] = editor
        self._cells[field.id] = cell
        self._problem_labels[field.id] = problem
        return cell

    def _label_html(self, field: Field) -> str:
        text = html.escape(fill_placeholders(field.label, self.facts))
        if field.required:
            text += ' <span style="color:#B3261E">*</span>'
        if field.help:
            text += f' <span style="color:#5A6B77">({html.escape(field.help)})</span>'
        return text

    # Answers

    def answers(self) -> dict[str, Answer]:
        found = {field_id: editor.value() for field_id, editor in self.editors.items()}
        return {field_id: answer for field_id, answer in found.items() if answer is not None}

    def set_answers(self, answers: Mapping[str, Answer]) -> None:
        """Shows answers kept earlier (a draft, a signed form) without counting as edits."""
        self._loading = True
        try:
            for field_id, editor in self.editors.items():
                editor.set_value(answers.get(field_id))
        finally:
            self._loading = False
        self._touched = {field_id for field_id in answers if field_id in self.editors}
        self._refresh_problems()

    def problems(self) -> list[str]:
        return problems(self.template, self.answers())

    def reveal_problems(self) -> list[str]:
        """Before signing: every problem shown, and the first field with one brought into view."""
        self._revealed = True
        found = self._refresh_problems()
        first = next((fid for fid in self.editors if self._problem_labels[fid].isVisible()), None)
        if first is not None:
            self.scroll_area.ensureWidgetVisible(self._cells[first], 0, 40)
            self.editors[first].focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        return found

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for editor in self.editors.values():
            editor.set_read_only(read_only)
        self._refresh_problems()

    def is_read_only(self) -> bool:
        return self._read_only

    def _on_field_changed(self, field_id: str) -> None:
        if self._loading:
            return
        self._touched.add(field_id)
        self._refresh_problems()
        self.sig_changed.emit()

    def _refresh_problems(self) -> list[str]:
        answers = self.answers()
        shown: list[str] = []
        for field_id, editor in self.editors.items():
            field = editor.field
            found = problems(_alone(self.template, field), answers)
            visible = bool(found) and not self._read_only
            visible = visible and (self._revealed or field_id in self._touched)
            label = self._problem_labels[field_id]
            label.setText(found[0].split(": ", 1)[-1] if found else "")
            label.setVisible(visible)
            editor.set_invalid(visible)
            if visible:
                shown.append(found[0])
        self._show_message(shown)
        return problems(self.template, answers)

    def _show_message(self, shown: list[str]) -> None:
        if not shown:
            self.message.hide()
            return
        limit = _SHOWN_PROBLEMS - 1 if self.large else _SHOWN_PROBLEMS
        items = "".join(f"<li>{html.escape(_worded(p))}</li>" for p in shown[:limit])
        more = len(shown) - limit
        if more > 0:
            items += "<li>" + html.escape(self.tr("…and {n} more").format(n=more)) + "</li>"
        heading = html.escape(self.tr("Before this form can be signed:"))
        self.message.setText(f"<b>{heading}</b><ul style='margin:0'>{items}</ul>")
        self.message.show()


def _worded(problem: str) -> str:
    """ "Label?: please fill this in" reads badly; a dash and a shortened label read better."""
    label, _sep, message = problem.rpartition(": ")
    return f"{short_label(label)} — {message}" if label else problem


def short_label(label: str, limit: int = 80) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _alone(template: FormTemplate, field: Field) -> FormTemplate:
    """A one-field template: `problems()` is the one rulebook, asked about one field."""
    return FormTemplate(template.id, template.version, template.title, (Section("", (field,)),))


def _paragraph_html(text: str) -> str:
    """As printed: lines starting with "- " are bullets, other lines run together."""
    parts: list[str] = []
    prose: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if prose:
            parts.append("<p>" + " ".join(prose) + "</p>")
            prose.clear()
        if bullets:
            parts.append("<ul style='margin-top:2px; margin-bottom:2px'>" + "".join(bullets))
            parts.append("</ul>")
            bullets.clear()

    for line in text.splitlines():
        if line.startswith("- "):
            if prose:
                flush()
            bullets.append(f"<li>{html.escape(line[2:].strip())}</li>")
        elif line.strip():
            if bullets:
                flush()
            prose.append(html.escape(line.strip()))
        else:
            flush()
    flush()
    return "".join(parts)
