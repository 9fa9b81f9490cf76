"""Documents in the chart: scans of an ID or insurance card, referral letters, lab reports.

Images and PDFs only, at most 25 MB each, checked by their first bytes rather than their
file name. They are stored inside the encrypted database like everything else, so no scan
ever lies on the disk in clear; opening one is audited.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.charts import patient_row
from practicedesk.services.chart.records import DocumentInfo
from practicedesk.services.context import Actor, Context
from practicedesk.store.live_rows import live_row
from practicedesk.store.models import Document
from practicedesk.store.models.base import utcnow

MAX_BYTES = 25 * 1024 * 1024
CATEGORIES = (
    "photo ID",
    "insurance card (front)",
    "insurance card (back)",
    "referral letter",
    "lab report",
    "x-ray or image",
    "signed form",
    "patient photo",
    "other",
)
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"BM", "image/bmp"),
)


def media_type_of(content: bytes) -> str | None:
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return media_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True, slots=True)
class DocumentContent:
    info: DocumentInfo
    content: bytes


class DocumentService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def add(
        self,
        patient_id: uuid.UUID,
        content: bytes,
        *,
        category: str,
        title: str,
        file_name: str = "",
    ) -> DocumentInfo:
        self._ctx.require(Permission.EDIT_CHART)
        if category not in CATEGORIES:
            raise InvalidInput(f"Choose a category: {', '.join(CATEGORIES)}.")
        if not content:
            raise InvalidInput(f"{file_name or 'The file'} is empty.")
        if len(content) > MAX_BYTES:
            raise InvalidInput(
                f"{file_name or 'The file'} is larger than 25 MB; scan it at a lower resolution."
            )
        media_type = media_type_of(content)
        if media_type is None:
            raise InvalidInput(
                f"{file_name or 'The file'} is not a picture or a PDF, so it cannot be added."
            )
        title = " ".join(title.split()) or category
        with self._ctx.db.writing() as session:
            patient_row(session, patient_id)
            row = file_document(
                session, self._ctx.actor, patient_id, content,
                category=category, title=title, file_name=file_name, media_type=media_type,
            )  # fmt: skip
            info = _info(row)
        self._ctx.announce(Area.PATIENTS)
        return info

    def open(self, document_id: uuid.UUID) -> DocumentContent:
        """The file itself, checked against its hash; the view is audited."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.writing() as session:
            row = live_row(
                session, Document, document_id, "That document is no longer in the chart."
            )
            if hashlib.sha256(row.content).hexdigest() != row.sha256:
                raise InvalidInput(
                    "This document's stored copy is damaged; restore it from a backup."
                )
            self._audit(session, row.patient_id, row.id, audit.Action.DOCUMENT_VIEWED, row.title)
            return DocumentContent(_info(row), row.content)

    def thumbnail_source(self, document_id: uuid.UUID) -> bytes:
        """The file, for the chart's thumbnails: part of viewing the chart, which is itself
        audited, so not one audit entry per picture each time the tab is shown."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            row = live_row(
                session, Document, document_id, "That document is no longer in the chart."
            )
            return bytes(row.content)

    def remove(self, document_id: uuid.UUID) -> None:
        self._ctx.require(Permission.EDIT_CHART)
        with self._ctx.db.writing() as session:
            row = live_row(
                session, Document, document_id, "That document is no longer in the chart."
            )
            row.deleted_at = utcnow()
            self._audit(session, row.patient_id, row.id, audit.Action.DOCUMENT_REMOVED, row.title)
        self._ctx.announce(Area.PATIENTS)

    def _audit(
        self,
        session: Session,
        patient_id: uuid.UUID,
        document_id: uuid.UUID,
        action: str,
        summary: str,
    ) -> None:
        audit.record(
            session,
            self._ctx.actor,
            action,
            summary,
            subject_type="document",
            subject_id=str(document_id),
            patient_id=patient_id,
        )


def file_document(
    session: Session,
    actor: Actor,
    patient_id: uuid.UUID,
    content: bytes,
    *,
    category: str,
    title: str,
    file_name: str,
    media_type: str,
) -> Document:
    """A document in the patient's chart, its hash taken, audited, in the caller's
    transaction: a scan added at the desk, or a signed copy another use case made."""
    row = Document(
        patient_id=patient_id,
        category=category,
        title=title,
        file_name=file_name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        added_by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor, audit.Action.DOCUMENT_ADDED, f"{category}: {title}",
        subject_type="document", subject_id=str(row.id), patient_id=patient_id,
    )  # fmt: skip
    return row


def _info(row: Document) -> DocumentInfo:
    return DocumentInfo(
        row.id,
        row.category,
        row.title,
        row.file_name,
        row.media_type,
        row.size,
        row.added_by,
        row.created_at,
    )
