"""Printed pages as pictures, to measure where the ink fell: an address must show in an
envelope's window, a label's text must stay on its label. pdftoppm (Debian's poppler-utils,
which CI installs) draws the pages the way a printer driver would."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

DPI = 100
needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="pdftoppm is not installed (apt-get install poppler-utils)",
)

Box = tuple[float, float, float, float]  # left, top, right, bottom, in inches from the top left


def page_images(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
        )
        pictures = []
        for path in sorted(Path(folder).glob("page-*.png")):
            with Image.open(path) as picture:
                pictures.append(picture.convert("L"))
        return pictures


def ink(page: Image.Image, within: Box, dpi: int = DPI) -> Box | None:
    """The box around every dark pixel inside `within`, or None if it is blank there."""
    left, top, right, bottom = (round(edge * dpi) for edge in within)
    region = page.crop((left, top, right, bottom)).point(lambda v: 255 if v < 160 else 0)
    found = region.getbbox()
    if found is None:
        return None
    x0, y0, x1, y1 = found
    return ((left + x0) / dpi, (top + y0) / dpi, (left + x1) / dpi, (top + y1) / dpi)


def inside(box: Box, frame: Box) -> bool:
    return frame[0] <= box[0] and frame[1] <= box[1] and box[2] <= frame[2] and box[3] <= frame[3]
