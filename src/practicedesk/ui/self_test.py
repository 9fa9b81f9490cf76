"""`practicedesk --self-test`: the Qt parts of the self-test, and the runner that prints a
line per part and the verdict.

The Qt parts go the program's own ways: the sample page (written by reportlab in
`selftest/native.py`) is previewed with QtPdf and printed through `paint_pages` onto a
QPrinter writing a PDF, as "Print…" in a preview does (there on a worker, here in turn).
Without a display (a server, a CI machine, an SSH session) Qt is started offscreen, and the
window-system line says so: the rest still runs.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QProcess,
    QSize,
    Signal,
    qVersion,
)
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from practicedesk.build_info import build_info
from practicedesk.resources import ICON_SIZES
from practicedesk.selftest.native import SAMPLE_NAMES, native_parts, sample_pdf
from practicedesk.selftest.parts import Part, PartResult, run_part, verdict
from practicedesk.ui.app_icon import application_icon
from practicedesk.ui.widgets.pdf_preview import paint_pages

_PREVIEW_DPI = 100
SELF_TEST_FLAG = "--self-test"


def qt_parts() -> list[Part]:
    return [
        Part("Window system", check_window_system),
        Part("PDF preview", check_pdf_preview),
        Part("Printing", check_printing),
    ]


def run_self_test(write: Callable[[str], None]) -> int:
    """Write a header, a line per part as it finishes, and the verdict; 0 when all pass."""
    _offscreen_without_display()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("PracticeDesk")
    info = build_info()
    write(
        f"PracticeDesk {info.version} self-test, {info.describe()}; "
        f"{platform.system()} {platform.release()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    results = run_in_temporary_folder(
        [*native_parts(), *qt_parts()], lambda result: write(result.line())
    )
    write(verdict(results))
    return 0 if all(result.ok for result in results) else 1


def run_in_temporary_folder(
    parts: Sequence[Part], on_result: Callable[[PartResult], None]
) -> list[PartResult]:
    """Every part in its own folder inside one temporary folder, removed afterwards."""
    results = []
    with tempfile.TemporaryDirectory(prefix="practicedesk-self-test-") as folder:
        for part in parts:
            result = run_part(part, Path(folder))
            on_result(result)
            results.append(result)
    return results


def _offscreen_without_display() -> None:
    """On Linux with no X or Wayland display, Qt would abort: start it offscreen instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def check_window_system(folder: Path) -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    platform_name = app.platformName()
    sizes = application_icon().availableSizes()
    if len(sizes) != len(ICON_SIZES):
        raise RuntimeError(f"the icon loaded in {len(sizes)} of {len(ICON_SIZES)} sizes")
    where = "offscreen, no display here" if platform_name == "offscreen" else platform_name
    return f"Qt {qVersion()} (PySide6 {pyside_version}) on {where}, icon in {len(sizes)} sizes"


def check_pdf_preview(folder: Path) -> str:
    """QtPdf opens the page, paints it, and reads its text back, CJK names included."""
    document, _buffer = _open_pdf(sample_pdf())
    points = document.pagePointSize(0)
    size = QSize(int(points.width() / 72 * _PREVIEW_DPI), int(points.height() / 72 * _PREVIEW_DPI))
    image = document.render(0, size)
    if image.isNull() or _ink(image) == 0:
        raise RuntimeError("the page rendered blank")
    text = "".join(document.getAllText(0).text().split())
    missing = [name for name in SAMPLE_NAMES if "".join(name.split()) not in text]
    if missing:
        raise RuntimeError(f"{len(missing)} of {len(SAMPLE_NAMES)} names did not read back")
    return f"page painted at {image.width()}×{image.height()}, its text read back"


def check_printing(folder: Path) -> str:
    """The page goes through Qt's printer, as from a preview's Print…, into a PDF file."""
    target = folder / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    if not paint_pages(sample_pdf(), printer):
        raise RuntimeError("the printer would not start")
    printed, _printed_buffer = _open_pdf(target.read_bytes())
    if printed.pageCount() != 1:
        raise RuntimeError(f"the printed file has {printed.pageCount()} pages, not 1")
    return f"1 page printed to PDF through QPrinter ({target.stat().st_size // 1024} KB)"


def _open_pdf(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    """The document and the buffer it reads from, which must outlive it."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise RuntimeError(f"QtPdf could not open the page ({document.error().name})")
    return document, buffer


def _ink(image: QImage) -> int:
    """How many of a small copy's pixels are dark: text was painted, not only paper."""
    small = image.scaled(QSize(85, 110)).convertToFormat(QImage.Format.Format_RGB32)
    return sum(
        QColor(small.pixel(x, y)).lightness() < 128
        for x in range(small.width())
        for y in range(small.height())
    )


def self_test_command() -> list[str]:
    """This very program with `--self-test`: the bundle's executable (on Windows its console
    twin, as the windowed PracticeDesk.exe has nowhere to print), or Python and the package
    when run from source."""
    if not getattr(sys, "frozen", False):
        return [sys.executable, "-m", "practicedesk", SELF_TEST_FLAG]
    if sys.platform == "win32":
        return [str(Path(sys.executable).with_name("practicedesk-cli.exe")), SELF_TEST_FLAG]
    return [sys.executable, SELF_TEST_FLAG]


class SelfTestProcess(QObject):
    """Runs `practicedesk --self-test` in its own process, for the About box.

    Its own process because the self-test makes a practice, derives keys and prints a page
    (seconds of work, some of it Qt's on the UI thread), and because a library that crashes
    must not take the running program, and its open practice, down with it.
    """

    sig_finished = Signal(str)  # the verdict line, or why there is none

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.output = ""
        self._process = QProcess(self)
        self._process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        hide_console = getattr(self._process, "setCreateProcessArgumentsModifier", None)
        if sys.platform == "win32" and hide_console is not None:
            hide_console(_without_console_window)  # no black window flashing up on Windows

    def start(self) -> None:
        program, *arguments = self_test_command()
        self._process.start(program, arguments)

    def running(self) -> bool:
        return self._process.state() != QProcess.ProcessState.NotRunning

    def stop(self) -> None:
        if self.running():
            self._process.finished.disconnect(self._on_finished)
            self._process.kill()
            self._process.waitForFinished(2000)

    def _on_finished(self, _code: int, _status: QProcess.ExitStatus) -> None:
        self.output = bytes(self._process.readAll().data()).decode("utf-8", "replace")
        lines = self.output.strip().splitlines()
        last = lines[-1] if lines else ""
        if not last.startswith("Self-test "):
            last = self.tr("The self-test stopped before its end; see the details.")
        self.sig_finished.emit(last)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.sig_finished.emit(self.tr("The self-test could not be started."))


def _without_console_window(arguments: object) -> None:
    """Windows only: CreateProcess's CREATE_NO_WINDOW for practicedesk-cli.exe."""
    arguments.flags |= 0x08000000  # type: ignore[attr-defined]
