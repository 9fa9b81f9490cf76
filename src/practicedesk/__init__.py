"""PracticeDesk: the front desk of a small dental or medical office, offline and encrypted."""

__version__ = "0.1.0"
