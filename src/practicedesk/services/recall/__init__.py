"""Patients who come back: recall types and lists, calls and their outcomes, confirmations,
reminders, and the visits not rebooked."""
