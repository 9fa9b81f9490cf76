"""Alembic migrations; run through store/schema.py, never by hand on a practice's file."""
