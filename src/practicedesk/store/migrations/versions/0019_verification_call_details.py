"""What a verification call produces beyond the reference and the amounts: who was spoken to,
the plan's frequency limits (last cleaning, X-rays), and the co-pay or coinsurance, as typed.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs with an empty default: the checks already logged read as "not asked".
    op.add_column(
        "verification",
        sa.Column("spoken_to", sa.String(length=80), nullable=False, server_default=""),
    )
    op.add_column(
        "verification",
        sa.Column("frequency_limits", sa.Text(), nullable=False, server_default=""),
    )
    op.add_column(
        "verification",
        sa.Column("cost_share", sa.String(length=120), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("verification", schema=None) as batch_op:
        batch_op.drop_column("cost_share")
        batch_op.drop_column("frequency_limits")
        batch_op.drop_column("spoken_to")
