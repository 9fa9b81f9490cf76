"""Sync between the practice's PCs as the front desk sees it (services/sync/rounds.py)."""
