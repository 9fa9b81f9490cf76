"""Measured figures for PracticeDesk: `python -m benchmarks` (see README.md)."""
