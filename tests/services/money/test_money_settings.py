"""The owner's money settings: the coordinator works within them and cannot move them."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicedesk.errors import PermissionDenied
from practicedesk.security.roles import Role
from practicedesk.services.money.desk import NewAdjustment
from practicedesk.services.opening import open_practice
from practicedesk.services.practice.settings import (
    ADJUSTMENT_LIMIT_CENTS,
    CLAIM_FOLLOW_UP_DAYS,
    GRID_MINUTES,
    STATEMENT_EVERY_DAYS,
    STATEMENT_MINIMUM_CENTS,
)
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD
from tests.services.money.money_fixtures import set_up_money


@pytest.fixture
def coordinator_dir(owner_session: PracticeSession, data_dir: Path) -> Path:
    set_up_money(owner_session)
    owner_session.users.add("cara", "Cara Desk", Role.COORDINATOR, OTHER_PASSWORD,
                            must_change_password=False)  # fmt: skip
    owner_session.close()
    return data_dir


@pytest.mark.parametrize(
    "setting",
    [ADJUSTMENT_LIMIT_CENTS, CLAIM_FOLLOW_UP_DAYS, STATEMENT_MINIMUM_CENTS, STATEMENT_EVERY_DAYS],
)
def test_a_coordinator_cannot_change_the_owners_money_settings(
    coordinator_dir: Path, setting: object
) -> None:
    with open_practice(coordinator_dir, "cara", OTHER_PASSWORD) as coordinator:
        before = coordinator.settings.get(setting)  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied, match="procedures and fees"):
            coordinator.settings.set(setting, before + 100)  # type: ignore[arg-type]
        assert coordinator.settings.get(setting) == before  # type: ignore[arg-type]
        coordinator.settings.set(GRID_MINUTES, 10)  # the book's own settings stay hers
        assert coordinator.settings.get(GRID_MINUTES) == 10


def test_a_coordinator_may_not_raise_her_own_adjustment_limit_to_post_a_large_courtesy(
    coordinator_dir: Path,
) -> None:
    with open_practice(coordinator_dir, "cara", OTHER_PASSWORD) as coordinator:
        ben = coordinator.patients.search("Ben")[0]
        with pytest.raises(PermissionDenied):
            coordinator.settings.set(ADJUSTMENT_LIMIT_CENTS, 1_000_000)
        with pytest.raises(PermissionDenied, match="owner"):
            coordinator.desk.adjust(NewAdjustment(ben.id, 20_000, "courtesy", credit=False))
        assert coordinator.desk.balance(ben.id).total == 0
