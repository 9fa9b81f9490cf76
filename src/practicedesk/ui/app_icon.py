"""The program's icon for its windows, the taskbar and the window switcher.

Built from the PNG sizes in `resources/icons` (drawn from the SVG by
installer/make_icons.py), so that no SVG support has to be loaded or bundled; Qt picks the
size each place asks for.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from practicedesk.resources import icon_files


@cache
def application_icon() -> QIcon:
    icon = QIcon()
    for path in icon_files():
        if path.is_file():
            icon.addFile(str(path))
    return icon
