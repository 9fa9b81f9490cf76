"""Finding the files in `resources/` (fonts, form templates, packets, icons, styles).

They live at the top of the source tree during development, inside the package once
installed from a wheel (see pyproject.toml), and next to the executable in a frozen
installer build. This is the only place that knows.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # drawn by installer/make_icons.py


@cache
def resources_dir() -> Path:
    candidates = [
        _PACKAGE_DIR / "resources",  # installed wheel
        _PACKAGE_DIR.parent.parent / "resources",  # source tree (editable install)
    ]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("PracticeDesk's resources folder is missing; reinstall the program")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def icon_files() -> list[Path]:
    """The program's icon, one PNG per size in `ICON_SIZES`."""
    return [resource("icons", f"practicedesk-{size}.png") for size in ICON_SIZES]
