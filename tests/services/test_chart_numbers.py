"""Chart numbers as the office meets them: one after another on one PC, never twice across
PCs that work apart, and the owner's renumbering that keeps the old number findable."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.errors import AmbiguousChartNumber, InvalidInput, NotFound, PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.audit import Action, AuditFilter
from practicedesk.services.opening import open_practice
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD
from tests.services.record_fixtures import share_number


def _add(session: PracticeSession, first: str, last: str) -> int | None:
    return session.patients.add(NewPatient(first, last)).chart_number


def test_a_practice_on_one_pc_numbers_its_charts_one_after_another(
    owner_session: PracticeSession,
) -> None:
    assert [_add(owner_session, "Ana", name) for name in ("Ames", "Bell", "Cole")] == [1, 2, 3]


def test_a_renumbered_chart_keeps_its_old_number_findable_and_it_is_never_given_again(
    owner_session: PracticeSession,
) -> None:
    ana = owner_session.patients.add(NewPatient("Ana", "Ames"))
    _add(owner_session, "Bo", "Bell")
    renumbered = owner_session.chart.renumber(ana.id)
    assert renumbered.chart_number == 3
    assert renumbered.chart_label == "#3 (formerly #1)"
    assert [p.id for p in owner_session.patients.search("#1")] == [ana.id]
    assert owner_session.chart.read(ana.id).summary.former_chart_numbers == (1,)
    # Neither the old number nor a number typed that some chart had is handed out again.
    assert _add(owner_session, "Cy", "Cole") == 4
    with pytest.raises(InvalidInput, match="Chart number 1 is or was another chart's"):
        owner_session.chart.renumber(ana.id, 1)
    (entry,) = owner_session.audit.entries(AuditFilter(action=Action.CHART_RENUMBERED))
    assert entry.summary == "chart 1 is now chart 3" and entry.patient_id == ana.id
    with pytest.raises(NotFound, match="Chart 1 was renumbered and is chart 3 now"):
        owner_session.record_export.find_by_chart_number(1)


def test_only_the_owner_renumbers_a_chart(owner_session: PracticeSession, data_dir: Path) -> None:
    ana = owner_session.patients.add(NewPatient("Ana", "Ames"))
    owner_session.users.add(
        "cara", "Cara", Role.COORDINATOR, OTHER_PASSWORD, must_change_password=False
    )
    owner_session.close()
    with open_practice(data_dir, "cara", OTHER_PASSWORD) as coordinator:
        with pytest.raises(PermissionDenied):
            coordinator.chart.renumber(ana.id)
        assert coordinator.chart.read(ana.id).summary.chart_number == 1


def test_a_number_two_charts_share_is_refused_by_name_never_one_picked(
    owner_session: PracticeSession,
) -> None:
    ana = owner_session.patients.add(NewPatient("Ana", "Ames"))
    bo = owner_session.patients.add(NewPatient("Bo", "Bell"))
    share_number(owner_session, bo.id, 1)
    with pytest.raises(AmbiguousChartNumber) as refused:
        owner_session.record_export.find_by_chart_number(1)
    assert "Ames, Ana" in refused.value.message and "Bell, Bo" in refused.value.message
    owner_session.chart.renumber(bo.id)
    assert owner_session.record_export.find_by_chart_number(1) == ana.id
