"""Shared-folder sync between the office's PCs (issue 7): change batches, merge, transport.

Empty until then; the change log it will send is already written by store/changes.py.
"""
