"""The A/R report's index on the ledger: every column aging needs, in account and day order,
so SQLite finds the accounts that are not settled and reads their entries from the index
alone, without a wide row (docs/decisions/0027). `deleted_at` is a column of it, not a
partial index's condition: SQLite reads a partial index's rows back from the table.

Revision ID: 0020
Revises: 0019
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

COLUMNS = [
    "account_id", "posted_on", "deleted_at", "id", "kind", "amount_cents", "claim_id",
    "reverses", "patient_id",
]  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_entry_aging", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entry_aging")
