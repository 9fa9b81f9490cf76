"""The self-test's Qt parts: QtPdf previews the sample page and Qt's printer prints it."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.selftest.parts import run_part
from practicedesk.ui import self_test


@pytest.mark.parametrize("part", self_test.qt_parts(), ids=lambda part: part.name)
def test_every_qt_part_passes_here(part: self_test.Part, tmp_path: Path) -> None:
    result = run_part(part, tmp_path)
    assert result.ok, result.line()


def test_without_a_display_the_window_system_line_says_offscreen(tmp_path: Path) -> None:
    result = run_part(self_test.Part("Window system", self_test.check_window_system), tmp_path)
    assert "offscreen, no display here" in result.detail


def test_printing_writes_a_pdf_file_of_one_page(tmp_path: Path) -> None:
    assert self_test.check_printing(tmp_path).startswith("1 page printed")
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


def test_a_page_qtpdf_cannot_open_fails_the_preview_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(self_test, "sample_pdf", lambda: b"%PDF-1.4 cut short")
    result = run_part(self_test.Part("PDF preview", self_test.check_pdf_preview), tmp_path)
    assert not result.ok
    assert "QtPdf could not open the page" in result.detail


def test_from_source_the_about_box_runs_python_with_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(self_test.sys, "frozen", raising=False)
    assert self_test.self_test_command()[1:] == ["-m", "practicedesk", "--self-test"]


def test_in_a_windows_bundle_the_about_box_runs_the_console_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A windowed PracticeDesk.exe has nowhere to print; practicedesk-cli.exe beside it has."""
    bundle = tmp_path / "Programs" / "PracticeDesk – Zoë"
    monkeypatch.setattr(self_test.sys, "frozen", True, raising=False)
    monkeypatch.setattr(self_test.sys, "platform", "win32")
    monkeypatch.setattr(self_test.sys, "executable", str(bundle / "PracticeDesk.exe"))
    assert self_test.self_test_command() == [str(bundle / "practicedesk-cli.exe"), "--self-test"]


def test_in_a_linux_bundle_the_about_box_runs_the_program_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(self_test.sys, "frozen", True, raising=False)
    monkeypatch.setattr(self_test.sys, "platform", "linux")
    monkeypatch.setattr(self_test.sys, "executable", "/opt/practicedesk/practicedesk")
    assert self_test.self_test_command() == ["/opt/practicedesk/practicedesk", "--self-test"]


def test_on_windows_the_console_program_starts_without_a_console_window() -> None:
    class CreateProcessArguments:  # what Qt hands the modifier on Windows
        flags = 0x00000400  # CREATE_UNICODE_ENVIRONMENT, already set by Qt

    arguments = CreateProcessArguments()
    self_test._without_console_window(arguments)
    assert arguments.flags == 0x00000400 | 0x08000000
