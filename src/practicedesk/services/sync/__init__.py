"""Sync rounds through the shared folder: sending, receiving, merging, conflicts, snapshots."""
