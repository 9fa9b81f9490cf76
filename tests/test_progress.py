"""The `Progress` protocol every long piece of work takes (practicedesk/progress.py)."""

from __future__ import annotations

import pytest

from practicedesk.errors import PracticeDeskError
from practicedesk.progress import NO_PROGRESS, Cancelled, Progress, stop_if_cancelled
from tests.recording_progress import RecordingProgress


def test_work_nobody_watches_is_never_cancelled() -> None:
    NO_PROGRESS.report(3, 10, "Writing the backup…")
    assert NO_PROGRESS.cancelled is False
    stop_if_cancelled(NO_PROGRESS)  # goes on


def test_cancelled_work_stops_where_it_asks() -> None:
    progress: Progress = RecordingProgress(cancel_in="Copying", after=1)
    stop_if_cancelled(progress)
    progress.report(0, 0, "Copying")
    with pytest.raises(Cancelled):
        stop_if_cancelled(progress)


def test_a_cancellation_is_not_an_error_the_person_must_act_on() -> None:
    assert not issubclass(Cancelled, PracticeDeskError)
    assert "Stopped" in str(Cancelled())
