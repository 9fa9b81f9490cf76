"""Chart numbers two PCs never give out twice: the blocks each PC claimed, a renumbered
chart's former numbers, and the kind of a task the program made (so it can offer a remedy).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chart_number_block",
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chart_number_block")),
    )
    with op.batch_alter_table("chart_number_block", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chart_number_block_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_chart_number_block_first"), ["first"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_chart_number_block_device_id"), ["device_id"], unique=False
        )
    # Plain ADD COLUMNs: SQLite adds them without copying the tables.
    op.add_column(
        "patient",
        sa.Column("former_chart_numbers", sa.Text(), nullable=False, server_default=""),
    )
    op.add_column("task", sa.Column("kind", sa.String(20), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_column("former_chart_numbers")
    with op.batch_alter_table("chart_number_block", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chart_number_block_device_id"))
        batch_op.drop_index(batch_op.f("ix_chart_number_block_first"))
        batch_op.drop_index(batch_op.f("ix_chart_number_block_hlc"))
    op.drop_table("chart_number_block")
