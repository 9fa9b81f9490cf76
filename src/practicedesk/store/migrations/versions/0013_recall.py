"""Patients who come back: recall types, patients' own recall terms, the reminders to send,
the tasks that follow a visit by themselves; and what each communication was about (topic,
outcome, visit), so the call lists can count attempts.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_up_rule",
        sa.Column("appointment_type_id", sa.Uuid(), nullable=True),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_after_working_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_type_id"],
            ["appointment_type.id"],
            name=op.f("fk_follow_up_rule_appointment_type_id_appointment_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_rule")),
    )
    with op.batch_alter_table("follow_up_rule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_rule_appointment_type_id"),
            ["appointment_type_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_follow_up_rule_hlc"), ["hlc"], unique=False)

    op.create_table(
        "recall_type",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("interval_months", sa.Integer(), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("satisfied_by", sa.Text(), nullable=False),
        sa.Column("book_type_id", sa.Uuid(), nullable=True),
        sa.Column("everyone", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["book_type_id"],
            ["appointment_type.id"],
            name=op.f("fk_recall_type_book_type_id_appointment_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_type")),
    )
    with op.batch_alter_table("recall_type", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recall_type_hlc"), ["hlc"], unique=False)

    op.create_table(
        "patient_recall",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("recall_type_id", sa.Uuid(), nullable=False),
        sa.Column("interval_months", sa.Integer(), nullable=True),
        sa.Column("interval_days", sa.Integer(), nullable=True),
        sa.Column("off", sa.Boolean(), nullable=False),
        sa.Column("off_reason", sa.String(length=120), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_patient_recall_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["recall_type_id"],
            ["recall_type.id"],
            name=op.f("fk_patient_recall_recall_type_id_recall_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_recall")),
    )
    with op.batch_alter_table("patient_recall", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_recall_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patient_recall_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "reminder_message",
        sa.Column("appointment_id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("send_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("to_address", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("sent_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_reminder_message_appointment_id_appointment"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_reminder_message_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_message")),
    )
    with op.batch_alter_table("reminder_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminder_message_appointment_id"), ["appointment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminder_message_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reminder_message_patient_id"), ["patient_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminder_message_send_at"), ["send_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_message_status"), ["status"], unique=False)

    # Plain ADD COLUMNs: SQLite adds them without copying the communication log.
    op.add_column(
        "communication",
        sa.Column("topic", sa.String(length=20), nullable=False, server_default=""),
    )
    op.add_column(
        "communication",
        sa.Column("outcome", sa.String(length=20), nullable=False, server_default=""),
    )
    op.add_column("communication", sa.Column("appointment_id", sa.Uuid(), nullable=True))
    with op.batch_alter_table("communication", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_communication_appointment_id"), ["appointment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_communication_topic"), ["topic"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("communication", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_communication_topic"))
        batch_op.drop_index(batch_op.f("ix_communication_appointment_id"))
        batch_op.drop_column("appointment_id")
        batch_op.drop_column("outcome")
        batch_op.drop_column("topic")

    with op.batch_alter_table("reminder_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_message_status"))
        batch_op.drop_index(batch_op.f("ix_reminder_message_send_at"))
        batch_op.drop_index(batch_op.f("ix_reminder_message_patient_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_message_hlc"))
        batch_op.drop_index(batch_op.f("ix_reminder_message_appointment_id"))

    op.drop_table("reminder_message")
    with op.batch_alter_table("patient_recall", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_recall_patient_id"))
        batch_op.drop_index(batch_op.f("ix_patient_recall_hlc"))

    op.drop_table("patient_recall")
    with op.batch_alter_table("recall_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recall_type_hlc"))

    op.drop_table("recall_type")
    with op.batch_alter_table("follow_up_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_rule_hlc"))
        batch_op.drop_index(batch_op.f("ix_follow_up_rule_appointment_type_id"))

    op.drop_table("follow_up_rule")
