"""How long work says how far it is, and hears that the person asked it to stop.

Long work (a backup, its check, a restore, a patient import, a batch of packets, a sync
round) takes a `Progress`: it calls `report(done, total, text)` as it goes and looks at
`cancelled` where stopping is safe, raising `Cancelled` there after undoing what it began.
The screen's side (ui/tasks.py) turns the reports into a progress window with a Cancel
button; scripts and tests pass `NO_PROGRESS` or a fake that records.

It lives here, beside errors.py, rather than in services/: the backup file's own code
(backup/writing.py, reading.py, restoring.py) does the long part and may not import the
services above it, and both must name the same protocol. It is no domain rule either, so
domain/ is not its place. It imports nothing, so every layer may use it.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """`total` 0 means "how much is not known": the bar then only shows that work goes on.
    `text` says what is being done now, in words for the person waiting."""

    def report(self, done: int, total: int, text: str) -> None: ...

    @property
    def cancelled(self) -> bool: ...


class Cancelled(Exception):
    """The person stopped the work and it stopped, leaving nothing half-done. Not a
    `PracticeDeskError`: nothing went wrong, so nothing alarming is shown; and not a bug."""

    def __init__(self) -> None:
        super().__init__("Stopped before it was finished.")


class _NoProgress:
    """For work nobody watches (scripts, the command line, timers without a window)."""

    def report(self, done: int, total: int, text: str) -> None:
        """Nobody is told."""

    @property
    def cancelled(self) -> bool:
        return False


NO_PROGRESS: Progress = _NoProgress()


def stop_if_cancelled(progress: Progress) -> None:
    """Called only where everything begun so far can still be undone."""
    if progress.cancelled:
        raise Cancelled()
