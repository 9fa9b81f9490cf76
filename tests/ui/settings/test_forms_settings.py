"""Settings → Forms: the owner edits a copy, a mistake is shown at its line, saving works."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from practicedesk.services.session import PracticeSession
from practicedesk.ui.settings.forms_tab import FormsSettingsTab, TemplateEditorDialog


def _editor() -> TemplateEditorDialog:
    [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, TemplateEditorDialog)
                and w.isVisible()]  # fmt: skip
    return dialog


def test_the_owner_customises_a_form_from_settings(qtbot, owner_session: PracticeSession) -> None:  # type: ignore[no-untyped-def]
    tab = FormsSettingsTab(owner_session)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.table.rowCount() >= 9, timeout=5_000)
    row = next(
        r for r in range(tab.table.rowCount()) if tab.table.item(r, 1).text() == "financial-policy"
    )
    tab.table.selectRow(row)
    tab.customise.click()
    editor = _editor()
    text = editor.text.toPlainText()
    assert "version: 2" in text  # the copy starts one version up
    editor.text.setPlainText(text.replace("title:", "titel:", 1))
    editor.check.click()
    assert "titel" in editor.message.text()
    assert editor.text.textCursor().selectedText().startswith("titel")
    editor.text.setPlainText(text.replace("title: Financial", "title: Our financial", 1))
    editor.check.click()
    assert editor.message.text().startswith("It reads well")
    editor._on_save()
    qtbot.waitUntil(lambda: editor.saved is not None, timeout=5_000)
    qtbot.waitUntil(
        lambda: any(tab.table.item(r, 3).text() == "our own" for r in range(tab.table.rowCount())),
        timeout=5_000,
    )
    assert owner_session.forms.template("financial-policy").title.startswith("Our financial")


def test_the_owner_customises_a_packet_from_settings(qtbot, owner_session: PracticeSession) -> None:  # type: ignore[no-untyped-def]
    tab = FormsSettingsTab(owner_session)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.table.rowCount() >= 13, timeout=5_000)
    row = next(
        r for r in range(tab.table.rowCount()) if tab.table.item(r, 1).text() == "pre-surgery"
    )
    assert tab.table.item(row, 0).text().startswith("Packet:")
    tab.table.selectRow(row)
    tab.customise.click()
    editor = _editor()
    text = editor.text.toPlainText().replace("- template: surgical-consent", "- template: nope", 1)
    editor.text.setPlainText(text)
    editor.check.click()
    assert "nope" in editor.message.text()
    editor.text.setPlainText(
        editor.text.toPlainText().replace("template: nope", "template: surgical-consent")
    )
    editor._on_save()
    qtbot.waitUntil(lambda: editor.saved is not None, timeout=5_000)
    assert owner_session.forms.packets().packets["pre-surgery"].shipped is False


def test_a_pasted_page_break_is_shown_at_its_line(qtbot, owner_session: PracticeSession) -> None:  # type: ignore[no-untyped-def]
    tab = FormsSettingsTab(owner_session)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.table.rowCount() >= 9, timeout=5_000)
    row = next(
        r for r in range(tab.table.rowCount()) if tab.table.item(r, 1).text() == "financial-policy"
    )
    tab.table.selectRow(row)
    tab.customise.click()
    editor = _editor()
    text = editor.text.toPlainText()
    line = next(n for n, words in enumerate(text.splitlines(), 1) if words.startswith("title:"))
    editor.text.setPlainText(text.replace("title:", "title:\x0c", 1))
    editor.check.click()
    assert f"line {line}: holds a form feed (page break)" in editor.message.text()
    assert editor.text.textCursor().selectedText().startswith("title:")
