"""Backups on demand and on schedule, the restore drill, and looking into an old backup."""
