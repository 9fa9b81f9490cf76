"""An office with money: the starter procedures, a hygiene visit type that names its usual
procedures, a PPO with contracted fees, and Ana insured by it (80/50 after a $50 deductible)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.chart.insurance import PolicyChange, VerificationEntry
from practicedesk.services.schedule.records import AppointmentInfo, AppointmentTypeInfo
from tests.services.schedule_fixtures import Office, set_up_office

HYGIENE_CODES = ("D0120", "D1110", "D0274")  # $65 + $115 + $75 = $255 at the office's fees


@dataclass
class MoneyOffice:
    office: Office
    hygiene: AppointmentTypeInfo
    carrier_id: uuid.UUID
    policy_id: uuid.UUID

    @property
    def session(self):  # type: ignore[no-untyped-def]
        return self.office.session

    def arrived_visit(self, patient=None, day: int = 0, hour: int = 9) -> AppointmentInfo:  # type: ignore[no-untyped-def]
        """A hygiene visit, checked in: ready to check out."""
        who = patient or self.office.ana
        schedule = self.session.schedule
        visit = schedule.book(
            self.office.visit(who, day, hour, kind=self.hygiene, minutes=60),
            book_anyway=True,
        )
        schedule.set_status(visit.id, VisitStatus.ARRIVED)
        return schedule.get(visit.id)


def set_up_money(owner_session) -> MoneyOffice:  # type: ignore[no-untyped-def]
    office = set_up_office(owner_session)
    session = owner_session
    session.procedures.load_starter_list()
    hygiene = session.schedule_setup.save_appointment_type(
        "Hygiene", 60, "#B3E5FC", procedure_codes=HYGIENE_CODES
    )
    carrier = session.insurance.add_carrier("Bluewater Dental", "(800) 555-0100")
    policy = session.insurance.save_policy(
        office.ana.id,
        PolicyChange(
            carrier.id, "BW-1001", plan="PPO", deductible_cents=5_000,
            annual_max_cents=150_000, covers_preventive=100, covers_basic=80, covers_major=50,
        ),
    )  # fmt: skip
    for code, allowed in (("D0120", 5_000), ("D1110", 9_000), ("D0274", 6_000)):
        session.procedures.set_plan_fee(carrier.id, "PPO", code, allowed)
    session.insurance.verify(
        office.ana.id, policy,
        VerificationEntry("phone", "active", "REF-1", remaining_cents=120_000,
                          deductible_left_cents=5_000),
    )  # fmt: skip
    return MoneyOffice(office, hygiene, carrier.id, policy)
