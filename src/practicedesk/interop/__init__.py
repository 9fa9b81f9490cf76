"""Moving data in and out: CSV import, iCalendar and FHIR export (issues 3 and 4)."""
