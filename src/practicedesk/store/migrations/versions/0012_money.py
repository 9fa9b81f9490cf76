"""Money at the desk: procedures and plan fees, the ledger, claims, closed days, statements
sent and treatment plans; what a policy covers by category, the deductible left at a
verification, and the usual procedures of an appointment type.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_close",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("closed_by", sa.String(length=40), nullable=False),
        sa.Column("covers", sa.Text(), nullable=False),
        sa.Column("counted_cash_cents", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_close")),
    )
    with op.batch_alter_table("day_close", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_close_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_day_close_hlc"), ["hlc"], unique=False)

    op.create_table(
        "procedure",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("fee_cents", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_procedure_hlc"), ["hlc"], unique=False)

    op.create_table(
        "plan_fee",
        sa.Column("carrier_id", sa.Uuid(), nullable=False),
        sa.Column("plan", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("allowed_cents", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["carrier_id"], ["carrier.id"], name=op.f("fk_plan_fee_carrier_id_carrier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_fee")),
    )
    with op.batch_alter_table("plan_fee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_fee_hlc"), ["hlc"], unique=False)
        batch_op.create_index("ix_plan_fee_plan", ["carrier_id", "plan", "code"], unique=False)

    op.create_table(
        "statement_sent",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("amount_due_cents", sa.Integer(), nullable=False),
        sa.Column("sent_by", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["patient.id"], name=op.f("fk_statement_sent_account_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_sent")),
    )
    with op.batch_alter_table("statement_sent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statement_sent_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_statement_sent_hlc"), ["hlc"], unique=False)

    op.create_table(
        "treatment_plan",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("presented_on", sa.Date(), nullable=True),
        sa.Column("signed_form_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_treatment_plan_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_plan")),
    )
    with op.batch_alter_table("treatment_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_treatment_plan_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_treatment_plan_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "claim",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("policy_id", sa.Uuid(), nullable=True),
        sa.Column("carrier_id", sa.Uuid(), nullable=True),
        sa.Column("appointment_id", sa.Uuid(), nullable=True),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.Column("service_on", sa.Date(), nullable=False),
        sa.Column("billed_cents", sa.Integer(), nullable=False),
        sa.Column("estimate_cents", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["patient.id"], name=op.f("fk_claim_account_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"], ["appointment.id"], name=op.f("fk_claim_appointment_id_appointment")
        ),
        sa.ForeignKeyConstraint(
            ["carrier_id"], ["carrier.id"], name=op.f("fk_claim_carrier_id_carrier")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_claim_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["policy.id"], name=op.f("fk_claim_policy_id_policy")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name=op.f("fk_claim_provider_id_provider")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_status"), ["status"], unique=False)

    op.create_table(
        "plan_item",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("tooth", sa.String(length=40), nullable=False),
        sa.Column("fee_cents", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("appointment_id", sa.Uuid(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_plan_item_appointment_id_appointment"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["treatment_plan.id"], name=op.f("fk_plan_item_plan_id_treatment_plan")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_item")),
    )
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_item_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_item_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "ledger_entry",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("posted_on", sa.Date(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=True),
        sa.Column("reverses", sa.Uuid(), nullable=True),
        sa.Column("appointment_id", sa.Uuid(), nullable=True),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.Column("procedure_code", sa.String(length=20), nullable=False),
        sa.Column("tooth", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.String(length=80), nullable=False),
        sa.Column("posted_by", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["patient.id"], name=op.f("fk_ledger_entry_account_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_ledger_entry_appointment_id_appointment"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_ledger_entry_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_ledger_entry_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["provider.id"], name=op.f("fk_ledger_entry_provider_id_provider")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entry")),
    )
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_entry_account_posted", ["account_id", "posted_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_entry_appointment_id"), ["appointment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ledger_entry_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entry_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ledger_entry_patient_id"), ["patient_id"], unique=False
        )
        batch_op.create_index("ix_ledger_entry_posted", ["posted_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entry_reverses"), ["reverses"], unique=False)

    # Plain ADD COLUMNs: SQLite adds them without copying the tables.
    op.add_column(
        "appointment_type",
        sa.Column("procedure_codes", sa.Text(), nullable=False, server_default=""),
    )

    for column in ("covers_preventive", "covers_basic", "covers_major"):
        op.add_column("policy", sa.Column(column, sa.Integer(), nullable=True))

    op.add_column("verification", sa.Column("deductible_left_cents", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("verification", schema=None) as batch_op:
        batch_op.drop_column("deductible_left_cents")

    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.drop_column("covers_major")
        batch_op.drop_column("covers_basic")
        batch_op.drop_column("covers_preventive")

    with op.batch_alter_table("appointment_type", schema=None) as batch_op:
        batch_op.drop_column("procedure_codes")

    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entry_reverses"))
        batch_op.drop_index("ix_ledger_entry_posted")
        batch_op.drop_index(batch_op.f("ix_ledger_entry_patient_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entry_hlc"))
        batch_op.drop_index(batch_op.f("ix_ledger_entry_claim_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entry_appointment_id"))
        batch_op.drop_index("ix_ledger_entry_account_posted")

    op.drop_table("ledger_entry")
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_item_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_item_hlc"))

    op.drop_table("plan_item")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_status"))
        batch_op.drop_index(batch_op.f("ix_claim_patient_id"))
        batch_op.drop_index(batch_op.f("ix_claim_hlc"))

    op.drop_table("claim")
    with op.batch_alter_table("treatment_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_treatment_plan_patient_id"))
        batch_op.drop_index(batch_op.f("ix_treatment_plan_hlc"))

    op.drop_table("treatment_plan")
    with op.batch_alter_table("statement_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_sent_hlc"))
        batch_op.drop_index(batch_op.f("ix_statement_sent_account_id"))

    op.drop_table("statement_sent")
    with op.batch_alter_table("plan_fee", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_fee_plan")
        batch_op.drop_index(batch_op.f("ix_plan_fee_hlc"))

    op.drop_table("plan_fee")
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_hlc"))
        batch_op.drop_index(batch_op.f("ix_procedure_code"))

    op.drop_table("procedure")
    with op.batch_alter_table("day_close", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_day_close_hlc"))
        batch_op.drop_index(batch_op.f("ix_day_close_day"))

    op.drop_table("day_close")
