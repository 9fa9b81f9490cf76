"""The A/R report's index on claims: each account's claims, and whether and when each was
closed, read from the index alone for the few thousand accounts not settled, instead of
every claim's whole row (docs/decisions/0029). The ledger's (account, day) index goes: it is
the first two columns of the aging index (0020), which serves every query it served.

Revision ID: 0022
Revises: 0021
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

COLUMNS = ["account_id", "deleted_at", "closed_on", "id", "estimate_cents"]


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index("ix_claim_aging", COLUMNS, unique=False)
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entry_account_posted")


def downgrade() -> None:
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_entry_account_posted", ["account_id", "posted_on"], unique=False
        )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_aging")
