"""The appointment book: hours, exceptions, types, appointments, history, series, waitlist.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointment_series",
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_series")),
    )
    with op.batch_alter_table("appointment_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointment_series_hlc"), ["hlc"], unique=False)

    op.create_table(
        "appointment_type",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("provider_kinds", sa.Text(), nullable=False),
        sa.Column("surgical", sa.Boolean(), nullable=False),
        sa.Column("packet", sa.String(length=60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_type")),
    )
    with op.batch_alter_table("appointment_type", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointment_type_hlc"), ["hlc"], unique=False)

    op.create_table(
        "schedule_exception",
        sa.Column("resource_type", sa.String(length=10), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=True),
        sa.Column("starts_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("ends_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_exception")),
    )
    with op.batch_alter_table("schedule_exception", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedule_exception_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_schedule_exception_resource_id"), ["resource_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_schedule_exception_starts_at"), ["starts_at"], unique=False
        )

    op.create_table(
        "working_hours",
        sa.Column("resource_type", sa.String(length=10), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_hours")),
    )
    with op.batch_alter_table("working_hours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_working_hours_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_working_hours_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "appointment",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=True),
        sa.Column("type_id", sa.Uuid(), nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        sa.Column("starts_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("booked_by", sa.String(length=40), nullable=False),
        sa.Column("booked_over", sa.Text(), nullable=False),
        sa.Column("confirmed_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("confirmed_via", sa.String(length=20), nullable=False),
        sa.Column("confirmed_by", sa.String(length=40), nullable=False),
        sa.Column("arrived_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("seated_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("completed_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("no_show_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("cancelled_by", sa.String(length=40), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_appointment_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name=op.f("fk_appointment_provider_id_provider")
        ),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], name=op.f("fk_appointment_room_id_room")),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["appointment_series.id"],
            name=op.f("fk_appointment_series_id_appointment_series"),
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["appointment_type.id"],
            name=op.f("fk_appointment_type_id_appointment_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
    )
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appointment_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            "ix_appointment_patient_start", ["patient_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            "ix_appointment_provider_start", ["provider_id", "starts_at"], unique=False
        )
        batch_op.create_index("ix_appointment_room_start", ["room_id", "starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointment_series_id"), ["series_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointment_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "appointment_event",
        sa.Column("appointment_id", sa.Uuid(), nullable=False),
        sa.Column("at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_appointment_event_appointment_id_appointment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_event")),
    )
    with op.batch_alter_table("appointment_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_event_appointment_id"), ["appointment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_appointment_event_hlc"), ["hlc"], unique=False)

    op.create_table(
        "waitlist_entry",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("appointment_id", sa.Uuid(), nullable=True),
        sa.Column("type_id", sa.Uuid(), nullable=True),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=20), nullable=False),
        sa.Column("earliest_time", sa.Time(), nullable=True),
        sa.Column("latest_time", sa.Time(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_waitlist_entry_appointment_id_appointment"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_waitlist_entry_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name=op.f("fk_waitlist_entry_provider_id_provider")
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["appointment_type.id"],
            name=op.f("fk_waitlist_entry_type_id_appointment_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entry")),
    )
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_waitlist_entry_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_waitlist_entry_patient_id"), ["patient_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waitlist_entry_patient_id"))
        batch_op.drop_index(batch_op.f("ix_waitlist_entry_hlc"))

    op.drop_table("waitlist_entry")
    with op.batch_alter_table("appointment_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_event_hlc"))
        batch_op.drop_index(batch_op.f("ix_appointment_event_appointment_id"))

    op.drop_table("appointment_event")
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_starts_at"))
        batch_op.drop_index(batch_op.f("ix_appointment_series_id"))
        batch_op.drop_index("ix_appointment_room_start")
        batch_op.drop_index("ix_appointment_provider_start")
        batch_op.drop_index("ix_appointment_patient_start")
        batch_op.drop_index(batch_op.f("ix_appointment_hlc"))

    op.drop_table("appointment")
    with op.batch_alter_table("working_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_working_hours_resource_id"))
        batch_op.drop_index(batch_op.f("ix_working_hours_hlc"))

    op.drop_table("working_hours")
    with op.batch_alter_table("schedule_exception", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_exception_starts_at"))
        batch_op.drop_index(batch_op.f("ix_schedule_exception_resource_id"))
        batch_op.drop_index(batch_op.f("ix_schedule_exception_hlc"))

    op.drop_table("schedule_exception")
    with op.batch_alter_table("appointment_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_type_hlc"))

    op.drop_table("appointment_type")
    with op.batch_alter_table("appointment_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_series_hlc"))

    op.drop_table("appointment_series")
