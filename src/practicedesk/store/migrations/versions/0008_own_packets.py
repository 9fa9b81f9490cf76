"""The practice's own packets, in the database beside its own form templates.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "own_packet",
        sa.Column("packet_id", sa.String(length=60), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_packet")),
        sa.UniqueConstraint("packet_id", name=op.f("uq_own_packet_packet_id")),
    )
    with op.batch_alter_table("own_packet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_own_packet_hlc"), ["hlc"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("own_packet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_own_packet_hlc"))
    op.drop_table("own_packet")
