"""E-mail reminders: the patient's consent, and what the queue needs to send each reminder
once (the visit time it speaks of, when a failed one goes again, which PC claimed it).

A patient whose preferred contact is already e-mail, with an address, has told the office
how to reach them: they start as agreeing. Everyone else starts as not agreeing, and is
listed for a call until the office ticks the box.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: SQLite adds them without copying the tables.
    op.add_column(
        "patient",
        sa.Column("email_reminders", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        "UPDATE patient SET email_reminders = 1 "
        "WHERE preferred_contact = 'email' AND email LIKE '%_@_%'"
    )
    op.add_column(
        "reminder_message",
        sa.Column("visit_starts_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
    )
    op.add_column(
        "reminder_message",
        sa.Column("next_try_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
    )
    op.add_column(
        "reminder_message",
        sa.Column("device", sa.String(length=40), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("reminder_message", schema=None) as batch_op:
        batch_op.drop_column("device")
        batch_op.drop_column("next_try_at")
        batch_op.drop_column("visit_starts_at")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_column("email_reminders")
