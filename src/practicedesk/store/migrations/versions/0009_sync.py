"""Sync: each change's base, the PCs this one knows, conflicts to review, key slots.

Revision ID: 0009
Revises: 0008

The change log written before this revision has no `base`. Every entry then came from this
PC's one line of history, so each update's base is what the previous entries of its row had
written: worked out here once, row by row, so that merging the old history shows no conflict
that never happened.
"""

import json

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("base", sa.Text(), nullable=False, server_default="{}"))
    _fill_bases(op.get_bind())
    op.create_table(
        "sync_peer",
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("applied_seq", sa.Integer(), nullable=False),
        sa.Column("held_seq", sa.Integer(), nullable=False),
        sa.Column("held_reason", sa.Text(), nullable=False),
        sa.Column("release_seq", sa.Integer(), nullable=False),
        sa.Column("clock_skew_ms", sa.Integer(), nullable=False),
        sa.Column("last_seen", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_sync_peer")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("winner", sa.Text(), nullable=False),
        sa.Column("winner_stamp", sa.String(length=64), nullable=False),
        sa.Column("loser", sa.Text(), nullable=False),
        sa.Column("loser_stamp", sa.String(length=64), nullable=False),
        sa.Column("kept_both", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_row_id"), ["row_id"], unique=False)
    op.create_table(
        "key_slot",
        sa.Column("lookup", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_slot")),
    )
    with op.batch_alter_table("key_slot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_key_slot_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_key_slot_lookup"), ["lookup"], unique=False)


def _fill_bases(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT seq, row_id, op, data, hlc FROM change_log WHERE row_id IN "
            "(SELECT row_id FROM change_log GROUP BY row_id HAVING count(*) > 1) "
            "ORDER BY row_id, seq"
        )
    )
    held: dict[str, str] = {}
    current = None
    updates = []
    for seq, row_id, kind, data, stamp in rows:
        if row_id != current:
            current, held = row_id, {}
        fields = json.loads(data)
        if kind == "delete":
            base = {name: [seen] for name, seen in held.items()}
            held["deleted_at"] = stamp
        else:
            base = {name: [held[name]] for name in fields if name in held}
        for name in fields:
            held[name] = stamp
        if base:
            updates.append({"seq": seq, "base": json.dumps(base, sort_keys=True)})
    if updates:
        bind.execute(sa.text("UPDATE change_log SET base = :base WHERE seq = :seq"), updates)


def downgrade() -> None:
    with op.batch_alter_table("key_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_slot_lookup"))
        batch_op.drop_index(batch_op.f("ix_key_slot_hlc"))
    op.drop_table("key_slot")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_row_id"))
    op.drop_table("sync_conflict")
    op.drop_table("sync_peer")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_column("base")
