"""What the move from another system leaves behind besides the rows it brought: the way each
kind of export was read, remembered so the next export (the last Friday's changes) is read
the same way on any PC."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practicedesk.store.models.base import Base, Synced


class ImportMapping(Synced, Base):
    """One kind of export's columns and values (services/moving/mappings.py says what the
    JSON holds). Its id is made from the kind, so two PCs saving one make one row."""

    __tablename__ = "import_mapping"

    kind: Mapped[str] = mapped_column(String(20), index=True)  # appointments, insurance…
    body: Mapped[str] = mapped_column(Text, default="{}")  # JSON
