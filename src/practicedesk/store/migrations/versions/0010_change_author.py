"""Who made each change: the user's id beside each change-log entry, so that a conflict
between two PCs can name the people, not only the PCs.

Revision ID: 0010
Revises: 0009

Entries logged before this revision name nobody (""): the conflicts screen then names the PC.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds it without copying the change log, however long.
    op.add_column("change_log", sa.Column("by", sa.String(40), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_column("by")
