"""A patient's policy whose last check is months old: due again before a coming visit, with
answers for the next call to start from."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from practicedesk.services.chart.insurance import PolicyChange, VerificationEntry
from practicedesk.services.patients.listing import PatientSummary
from practicedesk.store.models import Verification
from tests.services.schedule_fixtures import Office

CHECKED_DAYS_AGO = 90


def policy_checked_long_ago(office: Office, patient: PatientSummary) -> uuid.UUID:
    insurance = office.session.insurance
    carrier = insurance.add_carrier("Bluewater Dental", "(800) 555-0100")
    policy = insurance.save_policy(patient.id, PolicyChange(carrier.id, "BW-1001", plan="PPO"))
    insurance.verify(
        patient.id, policy,
        VerificationEntry("phone", "active", "OLD-1", remaining_cents=120_000,
                          deductible_left_cents=5_000),
    )  # fmt: skip
    with office.session._ctx.db.writing() as db:  # as if made months ago
        for row in db.scalars(select(Verification).where(Verification.policy_id == policy)):
            row.verified_at -= timedelta(days=CHECKED_DAYS_AGO)
    return policy
