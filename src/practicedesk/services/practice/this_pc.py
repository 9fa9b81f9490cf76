"""Whether this PC syncs, and through which folder: kept in this copy's `local_meta`, never
synced (each PC has its own path to the share). Read by sync itself and by what numbers
charts differently once a practice has more than one PC (services/patients/chart_numbers.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from practicedesk.store.database import get_meta

SHARE_KEY = "sync.share"
NAME_KEY = "sync.pc_name"


def share_of(session: Session) -> str:
    """The shared folder's path, or "" when this PC does not sync."""
    return get_meta(session, SHARE_KEY) or ""
