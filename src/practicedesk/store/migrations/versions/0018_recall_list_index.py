"""The recall list's index: each patient's completed visits by type, in time order, with the
provider, so the last completed visit of each (patient, type) is found by walking the index
in order instead of reading and sorting every wide appointment row (docs/decisions/0024,
"Making the list fast").

Revision ID: 0018
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_appointment_done",
            ["status", "patient_id", "type_id", "starts_at", "provider_id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index("ix_appointment_done")
