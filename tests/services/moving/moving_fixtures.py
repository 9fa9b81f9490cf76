"""An office moving from its old system: the schedule tests' office (two providers, two
chairs, hours, types), its patient list imported with the old system's ids, and one patient
typed in by hand with a birth date (found by name and birth date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practicedesk.services.patients.listing import NewPatient, PatientSummary
from practicedesk.services.session import PracticeSession
from tests.services.schedule_fixtures import Office, set_up_office

PATIENTS = (
    b"PatNum,First Name,Last Name,DOB\r\n"
    b"201,Dana,Reyes,1/2/1980\r\n"
    b"202,Eli,Reyes,3/4/2012\r\n"
    b"203,Fay,Stone,5/6/1990\r\n"
)


@dataclass
class MovingOffice:
    office: Office
    gus: PatientSummary  # typed in by hand: no old id, found by name and birth date

    @property
    def session(self) -> PracticeSession:
        return self.office.session


def set_up_moving(session: PracticeSession) -> MovingOffice:
    office = set_up_office(session)
    report = session.patient_import.run(PATIENTS, None, dry_run=False, file_name="patients.csv")
    assert report.added == 3
    gus = session.patients.add(NewPatient("Gus", "Stone", date(1955, 7, 8)))
    return MovingOffice(office, gus)
