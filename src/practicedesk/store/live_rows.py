"""A row read by its id that is still in use.

A row a person removes is kept as a tombstone (`deleted_at`, see models/base.py) so that the
removal travels to the other PCs; to the person a removed row and one that never existed are
the same: gone. Services read such rows here, and say in their own words what is gone.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.orm import Session

from practicedesk.errors import NotFound
from practicedesk.store.models.base import Synced

Row = TypeVar("Row", bound=Synced)


def live_row(session: Session, model: type[Row], row_id: uuid.UUID, missing: str) -> Row:
    """The row, or `NotFound(missing)` when it was removed or never existed."""
    row = session.get(model, row_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(missing)
    return row
