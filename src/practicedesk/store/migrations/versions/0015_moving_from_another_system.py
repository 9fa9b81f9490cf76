"""Moving from another system: the old system's id on patients, visits, policies and recalls
(so its later exports update rather than add), a recall's due date carried over from it, and
the remembered way each kind of export is read.

Revision ID: 0015
Revises: 0013 (re-chained after 0014 at merge, if another branch adds one)
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_LEGACY = ("patient", "appointment", "policy", "patient_recall")


def upgrade() -> None:
    op.create_table(
        "import_mapping",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mapping")),
    )
    with op.batch_alter_table("import_mapping", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_mapping_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_mapping_kind"), ["kind"], unique=False)

    # Plain ADD COLUMNs: SQLite adds them without copying the tables (and the patient
    # table keeps the triggers that feed its search index).
    for table in _LEGACY:
        op.add_column(table, sa.Column("legacy_id", sa.String(length=60), nullable=True))
        op.create_index(op.f(f"ix_{table}_legacy_id"), table, ["legacy_id"], unique=False)
    op.add_column("patient_recall", sa.Column("carried_due_on", sa.Date(), nullable=True))
    op.add_column("patient_recall", sa.Column("carried_as_of", sa.Date(), nullable=True))


def downgrade() -> None:
    # SQLite's own DROP COLUMN, not a batch copy: a copied patient table would lose the
    # triggers 0003 made for its search index.
    op.drop_column("patient_recall", "carried_as_of")
    op.drop_column("patient_recall", "carried_due_on")
    for table in reversed(_LEGACY):
        op.drop_index(op.f(f"ix_{table}_legacy_id"), table_name=table)
        op.drop_column(table, "legacy_id")
    with op.batch_alter_table("import_mapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_mapping_kind"))
        batch_op.drop_index(batch_op.f("ix_import_mapping_hlc"))
    op.drop_table("import_mapping")
