"""Use cases: the one API that ui/, cli/ and scripts call.

Each service checks permissions, runs one transaction, writes the audit entry inside it, and
returns plain frozen dataclasses (never ORM objects). After a write it announces which areas
changed so that only the affected views refresh.
"""
