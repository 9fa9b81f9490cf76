"""The `.pdbackup` file: writing it, checking it, restoring it (docs/backup-format.md).

This package knows the file format, the database snapshot and the data folder's files; it
knows nothing of who is signed in, permissions or the audit log, which services/backup/files.py
adds on top. Nothing here may import Qt or services/.
"""
