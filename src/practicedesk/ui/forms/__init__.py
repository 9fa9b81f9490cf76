"""Filling and signing a form on screen, and the "hand to patient" mode; no database here."""
