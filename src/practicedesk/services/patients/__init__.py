"""Patients as a list: finding, registering, importing, and their chart numbers."""
