"""The chart's lists that are edited one item at a time: medical alerts, pre-authorizations,
referrals (and the directory of referring providers). Each change is audited with the
patient; alerts may be edited by clinicians too."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput, NotFound
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.chart.charts import contact_info, patient_row
from practicedesk.services.chart.records import AlertInfo, AuthorizationInfo, ContactInfo
from practicedesk.services.context import Context
from practicedesk.store.models import Authorization, PatientAlert, Referral, ReferralContact

ALERT_KINDS = ("allergy", "medication", "condition", "premedication", "alert")
SEVERITIES = ("info", "warning", "critical")
AUTHORIZATION_STATUSES = ("draft", "submitted", "approved", "denied", "expired")
REFERRAL_STATUSES = ("requested", "sent", "received", "scheduled", "completed")


@dataclass(frozen=True, slots=True)
class AlertChange:
    kind: str
    text: str
    severity: str = "warning"
    notes: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class AuthorizationChange:
    procedure: str
    payer: str = ""
    status: str = "draft"
    submitted_on: date | None = None
    number: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    notes: str = ""
    policy_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ReferralChange:
    direction: str  # incoming, outgoing
    contact_id: uuid.UUID | None
    reason: str
    status: str = "requested"
    requested_on: date | None = None
    sent_on: date | None = None
    received_on: date | None = None
    scheduled_on: date | None = None
    completed_on: date | None = None
    notes: str = ""


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"{what} is one of: {', '.join(allowed)}.")
    return value


class ChartItemsService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- alerts -------------------------------------------------------------------------------

    def save_alert(
        self, patient_id: uuid.UUID, change: AlertChange, alert_id: uuid.UUID | None = None
    ) -> AlertInfo:
        self._ctx.require(Permission.EDIT_ALERTS)
        _one_of(change.kind, ALERT_KINDS, "An alert")
        _one_of(change.severity, SEVERITIES, "A severity")
        if not change.text.strip():
            raise InvalidInput("Say what the alert is (for example: penicillin).")
        with self._ctx.db.writing() as session:
            row = _chart_item(session, PatientAlert, alert_id, patient_id)
            row.kind, row.text, row.severity = change.kind, change.text.strip(), change.severity
            row.notes, row.active = change.notes.strip(), change.active
            session.flush()
            verb = "added" if alert_id is None else ("changed" if change.active else "retired")
            self._audit(session, patient_id, f"{change.kind} alert {verb}")
            info = AlertInfo(row.id, row.kind, row.text, row.severity, row.notes, row.active)
        self._ctx.announce(Area.PATIENTS, Area.SCHEDULE)
        return info

    # -- pre-authorizations -------------------------------------------------------------------

    def save_authorization(
        self,
        patient_id: uuid.UUID,
        change: AuthorizationChange,
        authorization_id: uuid.UUID | None = None,
    ) -> AuthorizationInfo:
        self._ctx.require(Permission.EDIT_CHART)
        _one_of(change.status, AUTHORIZATION_STATUSES, "A pre-authorization's status")
        if not change.procedure.strip():
            raise InvalidInput("Say which procedure needs the authorization.")
        if change.valid_from and change.valid_to and change.valid_to < change.valid_from:
            raise InvalidInput("The authorization cannot end before it starts.")
        with self._ctx.db.writing() as session:
            row = _chart_item(session, Authorization, authorization_id, patient_id)
            for name in (
                "payer",
                "status",
                "submitted_on",
                "number",
                "valid_from",
                "valid_to",
                "notes",
                "policy_id",
            ):
                setattr(row, name, getattr(change, name))
            row.procedure = change.procedure.strip()
            session.flush()
            self._audit(session, patient_id, f"pre-authorization {change.status}")
            info = AuthorizationInfo(
                row.id, row.procedure, row.payer, row.status, row.submitted_on, row.number,
                row.valid_from, row.valid_to, row.notes, row.policy_id,
            )  # fmt: skip
        self._ctx.announce(Area.PATIENTS)
        return info

    # -- referrals ----------------------------------------------------------------------------

    def contacts(self) -> list[ContactInfo]:
        with self._ctx.db.reading() as session:
            rows = session.scalars(
                select(ReferralContact)
                .where(ReferralContact.deleted_at.is_(None))
                .order_by(ReferralContact.name)
            )
            return [contact_info(row) for row in rows]

    def save_contact(self, contact: ContactInfo | None, **values: str) -> ContactInfo:
        """Add a provider to the directory (contact None) or change one."""
        self._ctx.require(Permission.EDIT_CHART)
        if not values.get("name", contact.name if contact else "").strip():
            raise InvalidInput("The referring provider needs a name.")
        with self._ctx.db.writing() as session:
            row = session.get(ReferralContact, contact.id) if contact else ReferralContact()
            if row is None:
                raise NotFound("That provider is no longer in the directory.")
            if contact is None:
                session.add(row)
            for name, value in values.items():
                setattr(row, name, value.strip())
            session.flush()
            info = contact_info(row)
        self._ctx.announce(Area.PATIENTS)
        return info

    def save_referral(
        self, patient_id: uuid.UUID, change: ReferralChange, referral_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        self._ctx.require(Permission.EDIT_CHART)
        _one_of(change.direction, ("incoming", "outgoing"), "A referral")
        _one_of(change.status, REFERRAL_STATUSES, "A referral's status")
        with self._ctx.db.writing() as session:
            row = _chart_item(session, Referral, referral_id, patient_id)
            for name in (
                "direction",
                "contact_id",
                "status",
                "requested_on",
                "sent_on",
                "received_on",
                "scheduled_on",
                "completed_on",
                "notes",
            ):
                setattr(row, name, getattr(change, name))
            row.reason = change.reason.strip()
            session.flush()
            self._audit(session, patient_id, f"{change.direction} referral {change.status}")
            referral = row.id
        self._ctx.announce(Area.PATIENTS)
        return referral

    def _audit(self, session: Session, patient_id: uuid.UUID, summary: str) -> None:
        audit.record(
            session,
            self._ctx.actor,
            audit.Action.CHART_CHANGED,
            summary,
            subject_type="patient",
            subject_id=str(patient_id),
            patient_id=patient_id,
        )


def _chart_item(
    session: Session, model: Any, item_id: uuid.UUID | None, patient_id: uuid.UUID
) -> Any:
    """The chart's item to change, or (no id) a new one added to the chart: the patient must
    be on file, and an item removed since, or of another patient's chart, is refused."""
    patient_row(session, patient_id)
    if item_id is None:
        row = model(patient_id=patient_id)
        session.add(row)
        return row
    row = session.get(model, item_id)
    if row is None or row.deleted_at is not None or row.patient_id != patient_id:
        raise NotFound("That item is no longer in this chart.")
    return row
