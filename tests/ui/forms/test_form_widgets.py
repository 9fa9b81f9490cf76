"""The form view and the signature pad as a patient uses them: draw, type, tick, sign."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from practicedesk.forms.answers import Signature, YesNo
from practicedesk.forms.model import FormTemplate
from practicedesk.forms.templates import load_template, shipped_folder
from practicedesk.ui.forms.form_view import FormViewWidget
from practicedesk.ui.widgets.formats import format_date
from practicedesk.ui.widgets.signature_pad import SignaturePadWidget

EVERY_TYPE = """\
id: every-type
version: 1
title: Every type
intro: Call {practice.phone} with questions.
sections:
  - title: All of them
    fields:
      - id: name
        type: text
        label: Name
        required: true
        width: half
      - id: born
        type: date
        label: Born
        width: half
      - id: notes
        type: long_text
        label: Notes
      - id: teeth
        type: number
        label: Teeth
        min: 0
        max: 32
      - id: phone
        type: phone
        label: Phone
      - id: email
        type: email
        label: E-mail
      - id: health
        type: single_choice
        label: Health
        options: [Good, Fair, Poor]
      - id: colour
        type: single_choice
        label: Colour
        options: [Red, Orange, Yellow, Green, Blue, Indigo, Violet]
      - id: conditions
        type: multiple_choice
        label: Conditions
        options: [Asthma, Diabetes, Epilepsy]
      - id: allergic
        type: yes_no
        label: Allergic?
        required: true
        explain: To what?
      - type: paragraph
        text: I agree with {practice.name}.
      - id: initials
        type: initials
        label: Initials
      - id: signature
        type: signature
        label: Signature
        required: true
"""


@pytest.fixture
def every_type(tmp_path: Path) -> FormTemplate:
    path = tmp_path / "every-type.yaml"
    path.write_text(EVERY_TYPE, encoding="utf-8")
    return load_template(path)


def _view(qtbot, template: FormTemplate, **kwargs: object) -> FormViewWidget:
    view = FormViewWidget(template, signer_name="Bruno Okafor", today="05/14/2025", **kwargs)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _draw(pad: SignaturePadWidget) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 60))
    for x in range(30, 170, 10):
        QTest.mouseMove(pad, QPoint(x, 60 + (x // 10 % 3) * 8))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(170, 50))


def test_drawing_on_the_pad_gives_a_png_with_ink_and_clear_empties_it(qtbot: QtBot) -> None:
    pad = SignaturePadWidget()
    qtbot.addWidget(pad)
    pad.resize(420, 150)
    pad.show()
    assert pad.is_empty() and pad.png_bytes() is None
    with qtbot.waitSignal(pad.sig_changed):
        _draw(pad)
    assert not pad.is_empty()
    png = pad.png_bytes()
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage.fromData(png)
    assert 0 < image.width() <= 600 and 0 < image.height() <= 200
    dark = [
        (x, y)
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).alpha() == 255 and image.pixelColor(x, y).lightness() < 128
    ]
    assert dark, "the strokes are in the picture"
    assert pad.clear_button.isVisible()
    with qtbot.waitSignal(pad.sig_changed):
        qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty() and pad.png_bytes() is None


def test_delete_key_clears_the_pad_for_keyboard_users(qtbot: QtBot) -> None:
    pad = SignaturePadWidget(initials=True)
    qtbot.addWidget(pad)
    pad.resize(220, 100)
    pad.show()
    _draw(pad)
    assert pad.focusPolicy() == Qt.FocusPolicy.StrongFocus
    qtbot.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.is_empty()


def test_each_field_type_answers_in_the_types_of_forms_answers(
    qtbot: QtBot, every_type: FormTemplate
) -> None:
    view = _view(qtbot, every_type, facts={"practice.phone": "(503) 555-0100"})
    editors = view.editors
    qtbot.keyClicks(editors["name"].edit, "Bruno Okafor")
    editors["born"].edit.setDate(QDate(1984, 3, 9))
    qtbot.keyClicks(editors["notes"].edit, "Nervous about needles")
    qtbot.keyClicks(editors["teeth"].edit, "28")
    qtbot.keyClicks(editors["phone"].edit, "503 555 0142")
    qtbot.keyClicks(editors["email"].edit, "bruno@example.org")
    editors["health"].group.buttons()[1].click()
    assert editors["colour"].combo is not None  # seven options: a list, not radios
    editors["colour"].combo.setCurrentIndex(5)
    editors["conditions"].boxes[0].click()
    editors["conditions"].boxes[2].click()
    editors["allergic"].no.click()
    _draw(editors["signature"].pad)
    answers = view.answers()
    signature = answers.pop("signature")
    assert answers == {
        "name": "Bruno Okafor",
        "born": format_date(date(1984, 3, 9)),  # as this PC's locale writes dates
        "notes": "Nervous about needles",
        "teeth": "28",
        "phone": "503 555 0142",
        "email": "bruno@example.org",
        "health": "Fair",
        "colour": "Blue",
        "conditions": ("Asthma", "Epilepsy"),
        "allergic": YesNo(False),
    }
    assert isinstance(signature, Signature)
    assert (signature.signer, signature.signed_on) == ("Bruno Okafor", "05/14/2025")
    assert signature.image_png and signature.image_png.startswith(b"\x89PNG")
    assert "initials" not in view.answers()  # not drawn, not answered
    assert view.problems() == []


def test_answers_given_back_are_shown_and_returned_unchanged(
    qtbot: QtBot, every_type: FormTemplate
) -> None:
    kept = Signature("Bruno Okafor", "05/01/2025", None)
    answers = {
        "name": "Bruno",
        "born": format_date(date(1984, 3, 9)),
        "conditions": ("Diabetes",),
        "allergic": YesNo(True, "Penicillin"),
        "colour": "Green",
        "signature": kept,
    }
    view = _view(qtbot, every_type, answers=answers)
    assert view.answers() == answers
    assert view.editors["allergic"].explain.isVisible()


def test_yes_shows_the_please_explain_box_and_no_hides_it(
    qtbot: QtBot, every_type: FormTemplate
) -> None:
    view = _view(qtbot, every_type)
    allergic = view.editors["allergic"]
    assert not allergic.explain.isVisible()
    allergic.yes.click()
    assert allergic.explain.isVisible()
    assert allergic.explain_prompt.text() == "To what?"
    qtbot.keyClicks(allergic.explain_edit, "Latex: a rash")
    assert view.answers()["allergic"] == YesNo(True, "Latex: a rash")
    allergic.no.click()
    assert not allergic.explain.isVisible()
    assert view.answers()["allergic"] == YesNo(False)


def test_a_missing_required_field_is_shown_and_named_before_signing(
    qtbot: QtBot, every_type: FormTemplate
) -> None:
    view = _view(qtbot, every_type)
    assert not view.message.isVisible()  # a fresh form does not open covered in red
    qtbot.keyClicks(view.editors["name"].edit, "Bruno")
    view.editors["allergic"].yes.click()
    assert any(p.startswith("Allergic?") for p in view.problems())  # yes, but to what?
    qtbot.keyClicks(view.editors["allergic"].explain_edit, "Latex")
    found = view.reveal_problems()
    assert found == ["Signature: please fill this in"]
    assert view.message.isVisible() and "Signature" in view.message.text()
    assert view._problem_labels["signature"].isVisible()
    assert view.editors["signature"].pad.property("invalid") is True
    view.editors["name"].edit.clear()
    assert view.editors["name"].edit.property("invalid") is True
    assert "Name: please fill this in" in view.problems()


def test_a_number_out_of_range_is_flagged_as_it_is_typed(
    qtbot: QtBot, every_type: FormTemplate
) -> None:
    view = _view(qtbot, every_type)
    qtbot.keyClicks(view.editors["teeth"].edit, "40")
    assert view._problem_labels["teeth"].text() == "at most 32, please"
    assert view._problem_labels["teeth"].isVisible()


def test_read_only_form_cannot_be_changed(qtbot: QtBot, every_type: FormTemplate) -> None:
    view = _view(qtbot, every_type, answers={"name": "Bruno", "allergic": YesNo(False)})
    view.set_read_only(True)
    qtbot.keyClicks(view.editors["name"].edit, " Okafor")
    assert not view.editors["allergic"].yes.isEnabled()
    pad = view.editors["signature"].pad
    _draw(pad)
    assert pad.is_empty()
    assert view.answers() == {"name": "Bruno", "allergic": YesNo(False)}


def test_practice_placeholders_are_filled_in_the_printed_words(
    qtbot: QtBot, every_type: FormTemplate
) -> None:
    from PySide6.QtWidgets import QLabel

    view = _view(qtbot, every_type, facts={"practice.name": "Riverside Dental"})
    texts = " ".join(label.text() for label in view.findChildren(QLabel))
    assert "I agree with Riverside Dental." in texts


@pytest.mark.parametrize("large", [False, True])
def test_the_medical_history_builds_in_both_sizes(qtbot: QtBot, large: bool) -> None:
    template = load_template(shipped_folder() / "medical-history.yaml")
    view = _view(qtbot, template, large=large)
    assert set(view.editors) == {f.id for f in template.fields if f.id}
    assert view.scroll_area.verticalScrollBar().maximum() > 0
    assert len(view.problems()) == 8  # seven required questions and the signature
