"""A sync round the program cancels (closing while a slow share is read) stops where what is
done is committed and what is not is simply left to the next round."""

from __future__ import annotations

import pytest

from practicedesk.progress import Cancelled
from practicedesk.services.patients.listing import NewPatient
from tests.recording_progress import RecordingProgress
from tests.sync.conftest import Pair

READING = "Reading the other PCs' changes…"


def test_a_round_cancelled_while_reading_takes_nothing_in_and_the_next_takes_all(
    pair: Pair,
) -> None:
    for first, last in (("Ben", "Brooks"), ("Cleo", "Castro")):  # two batches from b
        pair.b.patients.add(NewPatient(first, last))
        pair.b.sync.run_round()
    progress = RecordingProgress(cancel_in=READING, after=1)
    with pytest.raises(Cancelled):
        pair.a.sync.run_round(progress)
    assert progress.of(READING) == [(0, 0)]  # stopped before the second batch was read
    assert pair.a.patients.count() == 1  # Ana alone: not half of what b sent
    report = pair.a.sync.run_round()
    assert report.received and report.reachable
    assert pair.a.patients.count() == 3


def test_a_round_reports_what_it_does(pair: Pair) -> None:
    pair.a.patients.add(NewPatient("Ben", "Brooks"))
    progress = RecordingProgress()
    pair.a.sync.run_round(progress)
    assert "Sending this PC's changes…" in progress.steps()
