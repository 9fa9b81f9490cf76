"""Long work has one way to show progress (ui/tasks.py), and no code spins the event loop
from inside a handler: `processEvents` lets a click start a second backup inside the first,
or close a window whose handler is still running. `QProgressDialog` is refused with it, as
its `setValue` calls `processEvents` whenever the dialog is modal."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "practicedesk"
REFUSED = {"processEvents", "QProgressDialog"}


def _names(path: Path) -> list[tuple[int, str]]:
    """The names in the code itself: text and comments may still speak of them."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(token.start[0], token.string) for token in tokens if token.type == tokenize.NAME]


def test_no_source_file_spins_the_event_loop_or_builds_its_own_progress_window() -> None:
    files = sorted(SOURCE.rglob("*.py"))
    assert len(files) > 100  # the tree was found
    found = [
        f"{path.relative_to(SOURCE)}:{line}: {name}"
        for path in files
        for line, name in _names(path)
        if name in REFUSED
    ]
    assert found == []
