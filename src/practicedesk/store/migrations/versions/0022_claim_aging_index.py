"""The A/R report's indexes on claims: each account's claims, and whether and when each was
closed, read from the index alone for the few thousand accounts not settled, instead of
every claim's whole row; and a claim's entries with their day, kind and amount, so that
which claims have entries on both sides of a day, and what the old ones settled, are found
without reading the ledger's rows (docs/decisions/0029). The ledger's (account, day) index
goes: it is the first two columns of the aging index (0020), which serves every query it
served; so does the claim's new one for the old (claim_id).

Revision ID: 0022
Revises: 0021
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

CLAIM = ["account_id", "deleted_at", "closed_on", "id", "estimate_cents"]
ENTRY = ["claim_id", "posted_on", "deleted_at", "kind", "amount_cents", "account_id"]


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index("ix_claim_aging", CLAIM, unique=False)
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_entry_claim", ENTRY, unique=False)
        batch_op.drop_index("ix_ledger_entry_claim_id")
        batch_op.drop_index("ix_ledger_entry_account_posted")


def downgrade() -> None:
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_entry_account_posted", ["account_id", "posted_on"], unique=False
        )
        batch_op.create_index("ix_ledger_entry_claim_id", ["claim_id"], unique=False)
        batch_op.drop_index("ix_ledger_entry_claim")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_aging")
