"""The Qt/Python pairing canary (STACK-NOTES, first point).

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method that
returns nothing, and the process aborts after about 5,000 calls. If a future upgrade brings
that pairing back, this test fails instead of the front desk crashing mid-morning.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_many_void_qt_calls_do_not_leak_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        widget.setObjectName("canary")
    after = sys.getrefcount(None)
    # Other threads may hold a few more or fewer; the bug would drop it by 20,000.
    assert after > before - 1_000
