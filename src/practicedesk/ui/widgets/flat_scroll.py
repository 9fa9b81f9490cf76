"""A body that scrolls as part of its page: no frame of its own, and as wide as the page.

The reports and the form being filled in show a long body under a fixed heading; a framed
scroll area would draw a box round it that looks like a field to type in.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def flat_scroll(body: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    return scroll
