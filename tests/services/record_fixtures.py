"""A made-up patient with something in every part of the chart, entered through the services
as the front desk would: for the record export's tests (PDF, FHIR, service, command line)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path

from practicedesk.domain.visit_status import VisitStatus
from practicedesk.services.chart.insurance import PolicyChange, VerificationEntry
from practicedesk.services.chart.items import AlertChange, AuthorizationChange, ReferralChange
from practicedesk.services.chart.records import PatientDetails, PhoneEntry
from practicedesk.services.chart.tasks import NewCommunication, NewTask
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.schedule.records import RecordedVisit
from practicedesk.services.session import PracticeSession
from practicedesk.store.models import Patient
from tests.conftest import make_practice
from tests.services.schedule_fixtures import Office, practice_today, set_up_office

_PAGE = 4096  # SQLCipher's page size

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


@dataclass
class FullRecord:
    office: Office
    chart_number: int
    visits: int  # every visit in the chart, cancelled ones included


def build_full_record(session: PracticeSession) -> FullRecord:
    """Ana Alvarez: two phones, three alerts (one retired), a verified policy, past and
    future visits (one cancelled), a referral, a pre-authorization, a scanned card, a call
    and an open task."""
    office = set_up_office(session)
    ana = office.ana
    chart = session.chart.open(ana.id)
    values = {f.name: getattr(chart.details, f.name) for f in fields(PatientDetails)}
    values.update(
        middle_name="Beatriz", date_of_birth=date(1984, 6, 9), sex="female",
        email="ana.alvarez@example.org", street="44 Lantern Lane", city="Portsmouth",
        region="NH", postal_code="03801", preferred_language="Spanish",
        emergency_name="Tomas Alvarez", emergency_relationship="brother",
        emergency_phone="(503) 234-2222",
    )  # fmt: skip
    session.chart.update_details(ana.id, PatientDetails(**values))
    session.chart.set_phones(
        ana.id,
        [PhoneEntry("mobile", "(503) 234-1111", True, True), PhoneEntry("work", "503-234-3333")],
    )
    items = session.chart_items
    items.save_alert(ana.id, AlertChange("allergy", "Penicillin", "critical", "hives"))
    items.save_alert(ana.id, AlertChange("premedication", "Amoxicillin 2 g before cleanings"))
    old = items.save_alert(ana.id, AlertChange("condition", "Sprained wrist", "info"))
    items.save_alert(
        ana.id, AlertChange("condition", "Sprained wrist", "info", active=False), old.id
    )

    carrier = session.insurance.add_carrier("Gull Mutual Dental", "(800) 555-0142", "GMD01")
    policy = session.insurance.save_policy(
        ana.id,
        PolicyChange(carrier.id, "GM-5521-07", plan="Harbor PPO", group_number="G-88",
                     copay_cents=2500, deductible_cents=5000),
    )  # fmt: skip
    session.insurance.verify(ana.id, policy, VerificationEntry("portal", "active", "V-31"))

    schedule = session.schedule
    schedule.book(office.visit(ana, 0, 9))
    gone = schedule.book(office.visit(ana, 2, 10, kind=office.cleaning, minutes=60))
    schedule.cancel(gone.id, "moving away for a month")
    past = office.visit(ana, -14, 9, kind=office.cleaning, provider=office.hygienist, minutes=60)
    missed = office.visit(ana, -21, 11)
    done = office.at(-14, 10)
    schedule.record_many(
        [
            RecordedVisit(past, VisitStatus.COMPLETED, arrived_at=done, completed_at=done),
            RecordedVisit(missed, VisitStatus.NO_SHOW, no_show_at=office.at(-21, 12)),
        ],
        reason="history",
    )

    surgeon = items.save_contact(None, name="Dr. Rosa Lind", organization="Coast Oral Surgery")
    items.save_referral(
        ana.id, ReferralChange("outgoing", surgeon.id, "third molars", "sent",
                               sent_on=practice_today() - timedelta(days=3)),
    )  # fmt: skip
    items.save_authorization(
        ana.id, AuthorizationChange("Implant #19", "Gull Mutual", "approved", number="PA-9")
    )
    session.documents.add(
        ana.id, PNG, category="insurance card (front)", title="Gull card", file_name="card.png"
    )
    session.tasks.log(ana.id, NewCommunication("call", "in", "Asked whether implants are covered"))
    session.tasks.add(NewTask("Send the implant estimate", practice_today(), patient_id=ana.id))
    number = session.chart.read(ana.id).summary.chart_number
    assert number is not None
    return FullRecord(office, number, visits=4)


def share_number(session: PracticeSession, patient_id: object, number: int | None) -> None:
    """Give a chart a number another chart has, as two PCs of an older version could."""
    with session._ctx.db.writing() as db:
        row = db.get(Patient, patient_id)
        assert row is not None
        row.chart_number = number


def damage_a_practice(data_dir: Path) -> str:
    """A practice with a verified backup, then one byte flipped in the patients' table's
    first page (a page sign-in never reads). Returns the backup's file name."""
    with make_practice(data_dir).session as session:
        session.patients.add_many(
            [NewPatient(f"First{n}", f"Last{n}") for n in range(300)], reason="test"
        )
        run = session.backup_schedule.run_now()
        with session._ctx.db.engine.connect() as connection:
            root = connection.exec_driver_sql(
                "SELECT rootpage FROM sqlite_master WHERE name = 'patient'"
            ).scalar_one()
    database = data_dir / "practice.db"
    data = bytearray(database.read_bytes())
    data[(root - 1) * _PAGE + 100] ^= 0xFF
    database.write_bytes(bytes(data))
    (result,) = run.results
    assert result.ok and result.file_name
    return result.file_name
