"""The money screens' fixtures: an office with money (tests/services/money/money_fixtures.py)
seen by its owner, or by a coordinator who needs the owner for write-offs and refunds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from practicedesk.security.roles import Role
from practicedesk.services.opening import open_practice
from practicedesk.services.session import PracticeSession
from tests.conftest import OTHER_PASSWORD
from tests.services.money.money_fixtures import MoneyOffice, set_up_money

COORDINATOR = "cara"


@pytest.fixture
def money(owner_session: PracticeSession) -> MoneyOffice:
    return set_up_money(owner_session)


@pytest.fixture
def coordinator(money: MoneyOffice, data_dir: Path) -> Iterator[PracticeSession]:
    """The same office, signed in as its coordinator (the owner's session is closed)."""
    money.session.users.add(COORDINATOR, "Cara Desk", Role.COORDINATOR, OTHER_PASSWORD,
                            must_change_password=False)  # fmt: skip
    money.session.close()
    session = open_practice(data_dir, COORDINATOR, OTHER_PASSWORD)
    yield session
    session.close()
