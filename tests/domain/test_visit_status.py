"""The desk's status steps: forward on purpose; the steps back belong to undo."""

from __future__ import annotations

from practicedesk.domain.visit_status import VisitStatus, is_forward_step


def test_the_desks_steps_go_forward_only_and_a_late_arrival_still_checks_in() -> None:
    assert is_forward_step(VisitStatus.SCHEDULED, VisitStatus.ARRIVED)
    assert is_forward_step(VisitStatus.ARRIVED, VisitStatus.COMPLETED)
    assert is_forward_step(VisitStatus.NO_SHOW, VisitStatus.ARRIVED)
    assert not is_forward_step(VisitStatus.COMPLETED, VisitStatus.SEATED)
    assert not is_forward_step(VisitStatus.SEATED, VisitStatus.ARRIVED)
    assert not is_forward_step(VisitStatus.CANCELLED, VisitStatus.SCHEDULED)
    assert not is_forward_step(VisitStatus.COMPLETED, VisitStatus.NO_SHOW)
