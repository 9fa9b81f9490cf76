"""Shared-folder sync between the office's PCs (issue 7): the files in the shared folder.

`batches` seals one PC's changes into numbered files; `folder` tells this practice's share
from any other folder and lists the batches in it. The merge rules are pure and live in
domain/merge.py; applying batches to the database belongs to services/ (not built yet).
"""
