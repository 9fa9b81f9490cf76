"""What a committed write touched: the areas services announce and views listen for.

A use case announces the areas it changed after its commit (`Context.announce`); each page
of the window lists the areas it shows and refreshes only when one of them changed. One enum
for both sides, so a misspelt area is a type error (mypy, run in the suite) and, at run time,
a `ValueError` in `announce`, never a screen that silently stops refreshing.
"""

from __future__ import annotations

from enum import StrEnum


class Area(StrEnum):
    PRACTICE = "practice"  # the practice's details and logo
    SETTINGS = "settings"
    STAFF = "staff"  # providers and chairs
    USERS = "users"
    PATIENTS = "patients"  # the patient list and everything in a chart
    TASKS = "tasks"
    SCHEDULE = "schedule"  # visits
    SCHEDULE_SETUP = "schedule setup"  # hours, time off, closures, appointment types
    WAITLIST = "waitlist"
    FORMS = "forms"  # templates, packets, filled forms
    MONEY = "money"  # the ledger, claims, closed days, fees
    BACKUPS = "backups"
    SYNC = "sync"
