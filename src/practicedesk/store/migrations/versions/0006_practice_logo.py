"""The practice's logo for printed letterheads, kept in the database so backups and sync
carry it like every other detail of the practice.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.drop_column("logo")
