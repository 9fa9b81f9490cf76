"""Hand ticks on a surgery's readiness checklist.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "readiness_tick",
        sa.Column("appointment_id", sa.Uuid(), nullable=False),
        sa.Column("item_key", sa.String(length=30), nullable=False),
        sa.Column("ticked_by", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_readiness_tick_appointment_id_appointment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_tick")),
    )
    with op.batch_alter_table("readiness_tick", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_readiness_tick_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_readiness_tick_appointment_id"), ["appointment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("readiness_tick", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readiness_tick_appointment_id"))
        batch_op.drop_index(batch_op.f("ix_readiness_tick_hlc"))
    op.drop_table("readiness_tick")
