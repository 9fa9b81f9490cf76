"""Forms filled for a patient: drafts and signed forms.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patient_form",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("appointment_id", sa.Uuid(), nullable=True),
        sa.Column("template_id", sa.String(length=60), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("template_text", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signed_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("signed_with", sa.String(length=40), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("amends_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["amends_id"], ["patient_form.id"], name=op.f("fk_patient_form_amends_id_patient_form")
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_patient_form_appointment_id_appointment"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_patient_form_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_form")),
    )
    with op.batch_alter_table("patient_form", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_form_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patient_form_patient_id"), ["patient_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patient_form_template_id"), ["template_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("patient_form", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_form_template_id"))
        batch_op.drop_index(batch_op.f("ix_patient_form_patient_id"))
        batch_op.drop_index(batch_op.f("ix_patient_form_hlc"))
    op.drop_table("patient_form")
