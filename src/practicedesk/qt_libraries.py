"""The system libraries Qt's window system needs on Linux, checked before Qt is loaded.

Without one of them Qt prints its own message ("could not load the Qt platform plugin xcb"),
which names a plugin rather than the package to install, and sometimes a library that is
present. Asking the dynamic loader for each library first lets the program say exactly which
packages are missing and the one line that installs them.

It imports nothing from the package (run.py loads this file by path before PracticeDesk is
installed) and nothing from Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys

# Debian/Ubuntu package for each library; a desktop has most, libxcb-cursor0 is often missing.
QT_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}


def missing_packages(libraries: dict[str, str] = QT_LIBRARIES) -> list[str]:
    """The packages whose library the loader cannot find; none off Linux or without a
    window system to open (offscreen), where Qt does not need them."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return []
    missing = set()
    for library, package in libraries.items():
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.add(package)
    return sorted(missing)


def advice(packages: list[str]) -> str:
    return (
        "PracticeDesk cannot open its window: this PC lacks system libraries Qt needs "
        f"({', '.join(packages)}). Install them with:\n"
        f"  sudo apt-get install -y {' '.join(packages)}"
    )
