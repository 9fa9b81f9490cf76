"""The recall list's kept last visits against the answer they replace: the grouped query over
every completed visit that the list ran before migration 0021, word for word."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from practicedesk.services.session import PracticeSession

Row = tuple[str, str, str, str]  # patient, type ("" for none), start, provider: SQLite's text

_GROUPED = text(
    "SELECT patient_id, coalesce(type_id, ''), max(starts_at), provider_id FROM appointment "
    "WHERE deleted_at IS NULL AND status = 'completed' GROUP BY patient_id, type_id"
)
_KEPT = text("SELECT patient_id, type_id, starts_at, provider_id FROM recall_last_visit")


def grouped(connection: Any) -> set[Row]:
    """`connection`: anything that runs a statement (a Session or a Connection)."""
    return {tuple(str(value) for value in row) for row in connection.execute(_GROUPED)}  # type: ignore[misc]


def kept(connection: Any) -> set[Row]:
    return {tuple(str(value) for value in row) for row in connection.execute(_KEPT)}  # type: ignore[misc]


def kept_and_grouped(pc: PracticeSession) -> tuple[set[Row], set[Row]]:
    with pc._ctx.db.reading() as session:
        return kept(session), grouped(session)
