"""Entries posted on earlier days, for tests that need an account with a history (aging,
statements since the last one): posted through the same function and rules as at the desk,
only with an earlier "today", as the entries of past days were."""

from __future__ import annotations

import uuid
from datetime import timedelta

from practicedesk.domain.ledger import EntryKind
from practicedesk.services.money import accounts
from practicedesk.services.money.accounts import Posting
from practicedesk.services.money.receivables import record_sent
from practicedesk.services.session import PracticeSession
from tests.services.schedule_fixtures import practice_today


def post_days_ago(
    session: PracticeSession, patient_id: uuid.UUID, kind: EntryKind, amount: int, days_ago: int,
    **details: object,
) -> uuid.UUID:  # fmt: skip
    """Post one entry `days_ago` days before today; returns its id."""
    with session._ctx.db.writing() as db:
        row = accounts.post(
            db,
            Posting(patient_id, kind, amount, **details),  # type: ignore[arg-type]
            practice_today() - timedelta(days=days_ago),
            session.user.username,
        )
        return row.id


def statement_sent_days_ago(
    session: PracticeSession, account_id: uuid.UUID, due: int, days_ago: int
) -> None:
    with session._ctx.db.writing() as db:
        record_sent(db, [(account_id, due)], practice_today() - timedelta(days=days_ago), "olive")
