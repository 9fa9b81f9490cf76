"""The recall list's last visits kept in their own table: each patient's last completed visit
of each type, with its provider, one row a pair (docs/decisions/0024, "The last visits kept").

The table is derived and belongs to this PC's copy: it is filled here from the appointments
and kept by triggers on `appointment`, so every write of a visit (the book, sync applying
another PC's rows, merging patients, imports, a restored file being upgraded) updates it in
the same statement, and nothing syncs or logs it. A visit booked without a type is kept
under the type "" so that the pair can be a primary key.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# The last completed, not deleted visit of the pair, ties on the start going to the smallest
# provider id: what the grouped query over `ix_appointment_done` that this table replaces
# answered (SQLite keeps the first row holding the max, and the index orders the providers).
_RECOMPUTE = """
    DELETE FROM recall_last_visit
        WHERE patient_id = {row}.patient_id AND type_id = coalesce({row}.type_id, '');
    INSERT INTO recall_last_visit (patient_id, type_id, starts_at, provider_id)
        SELECT patient_id, coalesce(type_id, ''), starts_at, provider_id FROM appointment
        WHERE status = 'completed' AND deleted_at IS NULL
            AND patient_id = {row}.patient_id AND type_id IS {row}.type_id
        ORDER BY starts_at DESC, provider_id LIMIT 1;
"""
_LIVE = "{row}.status = 'completed' AND {row}.deleted_at IS NULL"
TRIGGERS = {
    "recall_last_visit_insert": f"""
        CREATE TRIGGER recall_last_visit_insert AFTER INSERT ON appointment
        WHEN {_LIVE.format(row="NEW")}
        BEGIN {_RECOMPUTE.format(row="NEW")} END""",
    "recall_last_visit_update": f"""
        CREATE TRIGGER recall_last_visit_update
        AFTER UPDATE OF status, deleted_at, patient_id, type_id, starts_at, provider_id
        ON appointment
        WHEN ({_LIVE.format(row="OLD")}) OR ({_LIVE.format(row="NEW")})
        BEGIN {_RECOMPUTE.format(row="OLD")} {_RECOMPUTE.format(row="NEW")} END""",
    "recall_last_visit_delete": f"""
        CREATE TRIGGER recall_last_visit_delete AFTER DELETE ON appointment
        WHEN {_LIVE.format(row="OLD")}
        BEGIN {_RECOMPUTE.format(row="OLD")} END""",
}


def upgrade() -> None:
    op.create_table(
        "recall_last_visit",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("type_id", sa.String(length=32), nullable=False),
        sa.Column("starts_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("patient_id", "type_id", name=op.f("pk_recall_last_visit")),
        sqlite_with_rowid=False,
    )
    op.execute(
        """
        INSERT INTO recall_last_visit (patient_id, type_id, starts_at, provider_id)
        SELECT patient_id, coalesce(type_id, ''), starts_at, provider_id FROM (
            SELECT patient_id, type_id, starts_at, provider_id, row_number() OVER (
                PARTITION BY patient_id, type_id ORDER BY starts_at DESC, provider_id
            ) AS latest
            FROM appointment WHERE status = 'completed' AND deleted_at IS NULL
        ) WHERE latest = 1
        """
    )
    for trigger in TRIGGERS.values():
        op.execute(trigger)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("recall_last_visit")
