"""The PySide6 user interface. The only layer that imports Qt; it reaches data only through
services/ (never SQLAlchemy or store/), and runs slow work through ui/tasks.py."""
