"""When a treatment plan's item was accepted or declined. The "Accepted, not booked" worklist
showed the item's last change as its acceptance, and a booking, an edit or a synced field
moved it. Items already decided take their last change as the best date there is.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "plan_item",
        sa.Column("decided_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
    )
    op.execute("UPDATE plan_item SET decided_at = updated_at WHERE status != 'proposed'")


def downgrade() -> None:
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_column("decided_at")
