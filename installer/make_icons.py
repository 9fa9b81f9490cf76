"""Draw PracticeDesk's icon files from `resources/icons/practicedesk.svg`.

    .venv/bin/python installer/make_icons.py

Run it after changing the SVG, and commit what it writes: PNGs in every size a window, a
taskbar or a Linux menu asks for (so the program needs no SVG support at run time), and
`practicedesk.ico` for Windows (the executable, the Start menu and the installer). The
.ico holds the same PNGs, a form every Windows since Vista reads.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (the width byte is 0 for 256)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def main() -> int:
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "practicedesk.svg"))
    if not renderer.isValid():
        print("The SVG could not be read.", file=sys.stderr)
        return 1
    pngs = {size: render(renderer, size) for size in SIZES}
    for size, png in pngs.items():
        (ICONS / f"practicedesk-{size}.png").write_bytes(png)
    (ICONS / "practicedesk.ico").write_bytes(ico(pngs))
    print(f"Wrote {len(pngs)} PNGs and practicedesk.ico into {ICONS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
