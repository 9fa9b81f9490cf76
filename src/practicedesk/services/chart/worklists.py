"""The coordinator's to-do lists drawn from the charts: insurance to verify before coming
visits, and referrals and pre-authorizations still waiting on someone. Each row says which
patient and why, so the list can be worked from top to bottom without opening every chart."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from practicedesk.domain.chart_rules import verification_due
from practicedesk.domain.visit_status import VisitStatus
from practicedesk.security.roles import Permission
from practicedesk.services.context import Context
from practicedesk.services.practice.settings import VERIFY_WITHIN_DAYS, read_setting
from practicedesk.services.schedule.setup import practice_zone
from practicedesk.store.models import (
    Appointment,
    Authorization,
    Carrier,
    Patient,
    Policy,
    Referral,
    ReferralContact,
    Verification,
)

LOOK_AHEAD_DAYS = 14
_WAITING_REFERRALS = ("requested", "sent")
_WAITING_AUTHORIZATIONS = ("draft", "submitted")


@dataclass(frozen=True, slots=True)
class VerifyItem:
    patient_id: uuid.UUID
    patient_name: str
    chart_number: int | None
    visit_at: datetime
    carrier_name: str
    carrier_phone: str
    member_id: str
    rank: int
    last_verified: date | None
    policy_id: uuid.UUID  # the policy to verify, for the row's Verify action


@dataclass(frozen=True, slots=True)
class WaitingItem:
    """A referral or pre-authorization nobody has closed yet, oldest first."""

    patient_id: uuid.UUID
    patient_name: str
    kind: str  # "referral in", "referral out", "pre-authorization"
    what: str
    status: str
    since: date | None
    who: str


class WorklistService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def insurance_to_verify(self, days_ahead: int = LOOK_AHEAD_DAYS) -> list[VerifyItem]:
        """Each policy of a patient booked in the next `days_ahead` days that is due for
        verification by the practice's rule, soonest visit first."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            window = read_setting(session, VERIFY_WITHIN_DAYS)
            zone = practice_zone(session)
            now = datetime.now(UTC)
            today = now.astimezone(zone).date()
            first_visit = (
                select(Appointment.patient_id, func.min(Appointment.starts_at).label("at"))
                .where(
                    Appointment.deleted_at.is_(None),
                    Appointment.starts_at >= now,
                    Appointment.starts_at < now + timedelta(days=days_ahead),
                    Appointment.status.in_(
                        [VisitStatus.SCHEDULED.value, VisitStatus.CONFIRMED.value]
                    ),
                )
                .group_by(Appointment.patient_id)
                .subquery()
            )
            last_check = (
                select(Verification.policy_id, func.max(Verification.verified_at).label("at"))
                .where(Verification.deleted_at.is_(None))
                .group_by(Verification.policy_id)
                .subquery()
            )
            rows = session.execute(
                select(Patient, Policy, Carrier, first_visit.c.at, last_check.c.at)
                .join(first_visit, first_visit.c.patient_id == Patient.id)
                .join(Policy, Policy.patient_id == Patient.id)
                .join(Carrier, Carrier.id == Policy.carrier_id)
                .outerjoin(last_check, last_check.c.policy_id == Policy.id)
                .where(
                    Patient.deleted_at.is_(None),
                    Policy.deleted_at.is_(None),
                    Policy.active.is_(True),
                )
                .order_by(first_visit.c.at, Policy.rank)
            ).all()
            found = []
            for patient, policy, carrier, visit_at, checked_at in rows:
                visit_at = _aware(visit_at)
                last = _aware(checked_at).astimezone(zone).date() if checked_at else None
                if verification_due(visit_at.astimezone(zone).date(), last, window, today):
                    found.append(
                        VerifyItem(
                            patient.id,
                            f"{patient.last_name}, {patient.first_name}",
                            patient.chart_number,
                            visit_at,
                            carrier.name,
                            carrier.phone,
                            policy.member_id,
                            policy.rank,
                            last,
                            policy.id,
                        )
                    )
            return found

    def waiting(self) -> list[WaitingItem]:
        """Referrals requested or sent and not yet back; authorizations not yet decided."""
        self._ctx.require(Permission.VIEW_CHART)
        with self._ctx.db.reading() as session:
            items = []
            for referral, patient, contact in session.execute(
                select(Referral, Patient, ReferralContact)
                .join(Patient, Patient.id == Referral.patient_id)
                .outerjoin(ReferralContact, ReferralContact.id == Referral.contact_id)
                .where(
                    Referral.deleted_at.is_(None),
                    Patient.deleted_at.is_(None),
                    Referral.status.in_(_WAITING_REFERRALS),
                )
            ):
                items.append(
                    WaitingItem(
                        patient.id,
                        f"{patient.last_name}, {patient.first_name}",
                        "referral in" if referral.direction == "incoming" else "referral out",
                        referral.reason,
                        referral.status,
                        referral.sent_on or referral.requested_on,
                        contact.name if contact else "",
                    )
                )
            for authorization, patient in session.execute(
                select(Authorization, Patient)
                .join(Patient, Patient.id == Authorization.patient_id)
                .where(
                    Authorization.deleted_at.is_(None),
                    Patient.deleted_at.is_(None),
                    Authorization.status.in_(_WAITING_AUTHORIZATIONS),
                )
            ):
                items.append(
                    WaitingItem(
                        patient.id,
                        f"{patient.last_name}, {patient.first_name}",
                        "pre-authorization",
                        authorization.procedure,
                        authorization.status,
                        authorization.submitted_on,
                        authorization.payer,
                    )
                )
            return sorted(items, key=lambda item: (item.since is None, item.since or date.max))


def _aware(moment: datetime) -> datetime:
    """SQLite hands aggregated instants back without their zone; they are stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
