"""The patient chart: full demographics, phones, alerts, insurance and its verification,
authorizations, referrals, documents, communications, tasks, recent patients, and the
FTS5 search index kept by triggers.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import practicedesk.store.models.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "carrier",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("payer_id", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carrier")),
    )
    with op.batch_alter_table("carrier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_carrier_hlc"), ["hlc"], unique=False)

    op.create_table(
        "recent_patient",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("opened_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "patient_id", name=op.f("pk_recent_patient")),
    )
    with op.batch_alter_table("recent_patient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recent_patient_opened_at"), ["opened_at"], unique=False
        )

    op.create_table(
        "referral_contact",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organization", sa.String(length=200), nullable=False),
        sa.Column("specialty", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("fax", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_contact")),
    )
    with op.batch_alter_table("referral_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_contact_hlc"), ["hlc"], unique=False)

    op.create_table(
        "communication",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_communication_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communication")),
    )
    with op.batch_alter_table("communication", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_communication_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_communication_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "document",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_by", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_document_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "patient_alert",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_patient_alert_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_alert")),
    )
    with op.batch_alter_table("patient_alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_alert_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patient_alert_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "patient_phone",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("may_text", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_patient_phone_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_phone")),
    )
    with op.batch_alter_table("patient_phone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_phone_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patient_phone_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "policy",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("carrier_id", sa.Uuid(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("plan", sa.String(length=200), nullable=False),
        sa.Column("member_id", sa.String(length=60), nullable=False),
        sa.Column("group_number", sa.String(length=60), nullable=False),
        sa.Column("subscriber_name", sa.String(length=200), nullable=False),
        sa.Column("subscriber_relationship", sa.String(length=20), nullable=False),
        sa.Column("subscriber_birth_date", sa.Date(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("copay_cents", sa.Integer(), nullable=True),
        sa.Column("deductible_cents", sa.Integer(), nullable=True),
        sa.Column("annual_max_cents", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["carrier_id"], ["carrier.id"], name=op.f("fk_policy_carrier_id_carrier")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_policy_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy")),
    )
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_policy_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "referral",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("scheduled_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["referral_contact.id"],
            name=op.f("fk_referral_contact_id_referral_contact"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_referral_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "authorization",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("policy_id", sa.Uuid(), nullable=True),
        sa.Column("procedure", sa.String(length=200), nullable=False),
        sa.Column("payer", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_authorization_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["policy.id"], name=op.f("fk_authorization_policy_id_policy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authorization")),
    )
    with op.batch_alter_table("authorization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authorization_hlc"), ["hlc"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_authorization_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "task",
        sa.Column("patient_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("done_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("communication_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["communication_id"],
            ["communication.id"],
            name=op.f("fk_task_communication_id_communication"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_task_patient_id_patient")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "verification",
        sa.Column("policy_id", sa.Uuid(), nullable=False),
        sa.Column("verified_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("remaining_cents", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", practicedesk.store.models.types.UTCDateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", practicedesk.store.models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["policy.id"], name=op.f("fk_verification_policy_id_policy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification")),
    )
    with op.batch_alter_table("verification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verification_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_verification_policy_id"), ["policy_id"], unique=False)

    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chart_number", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("middle_name", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("suffix", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("sex", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("gender_identity", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("pronouns", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("street", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("street2", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("city", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("region", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("postal_code", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("preferred_language", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("preferred_contact", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "responsible_type", sa.String(length=10), nullable=False, server_default="self"
            )
        )
        batch_op.add_column(sa.Column("responsible_patient_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("responsible_name", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("responsible_phone", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "responsible_relationship", sa.String(length=40), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("emergency_name", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("emergency_phone", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "emergency_relationship", sa.String(length=40), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), nullable=False, server_default="active")
        )
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("merged_into", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_patient_chart_number"), ["chart_number"], unique=False)
    # Words first, then the index: an external-content FTS5 table must never be told to
    # delete a row it was not given (that reads as a damaged database).
    _fill_existing_patients()
    _create_search_index()


_FTS = (
    "CREATE VIRTUAL TABLE patient_fts USING fts5(search_text, content='patient', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER patient_fts_insert AFTER INSERT ON patient BEGIN "
    "INSERT INTO patient_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER patient_fts_delete AFTER DELETE ON patient BEGIN "
    "INSERT INTO patient_fts(patient_fts, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER patient_fts_update AFTER UPDATE OF search_text ON patient BEGIN "
    "INSERT INTO patient_fts(patient_fts, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO patient_fts(rowid, search_text) VALUES (new.rowid, new.search_text); END",
)


def _create_search_index() -> None:
    for statement in _FTS:
        op.execute(statement)
    op.execute("INSERT INTO patient_fts(patient_fts) VALUES ('rebuild')")


def _fill_existing_patients() -> None:
    """Chart numbers in the order patients were added, and their search words."""
    from practicedesk.domain.search_terms import patient_terms

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, first_name, last_name, preferred_name, date_of_birth, phone, email "
            "FROM patient ORDER BY created_at, id"
        )
    ).all()
    # The dialect's own DATE reads SQLite's text; the generic Date has no processor (None).
    read_date = sa.Date().dialect_impl(bind.dialect).result_processor(bind.dialect, None)
    assert read_date is not None
    for number, row in enumerate(rows, start=1):
        born = read_date(row.date_of_birth) if row.date_of_birth else None
        text = patient_terms(
            first=row.first_name,
            middle="",
            last=row.last_name,
            preferred=row.preferred_name,
            born=born,
            phones=[row.phone] if row.phone else [],
            chart_number=number,
            email=row.email,
        )
        bind.execute(
            sa.text(
                "UPDATE patient SET chart_number = :number, search_text = :text WHERE id = :id"
            ),
            {"number": number, "text": text, "id": row.id},
        )


def downgrade() -> None:
    for name in ("patient_fts_insert", "patient_fts_delete", "patient_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS patient_fts")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_chart_number"))
        batch_op.drop_column("search_text")
        batch_op.drop_column("merged_into")
        batch_op.drop_column("notes")
        batch_op.drop_column("status")
        batch_op.drop_column("emergency_relationship")
        batch_op.drop_column("emergency_phone")
        batch_op.drop_column("emergency_name")
        batch_op.drop_column("responsible_relationship")
        batch_op.drop_column("responsible_phone")
        batch_op.drop_column("responsible_name")
        batch_op.drop_column("responsible_patient_id")
        batch_op.drop_column("responsible_type")
        batch_op.drop_column("preferred_contact")
        batch_op.drop_column("preferred_language")
        batch_op.drop_column("postal_code")
        batch_op.drop_column("region")
        batch_op.drop_column("city")
        batch_op.drop_column("street2")
        batch_op.drop_column("street")
        batch_op.drop_column("pronouns")
        batch_op.drop_column("gender_identity")
        batch_op.drop_column("sex")
        batch_op.drop_column("suffix")
        batch_op.drop_column("middle_name")
        batch_op.drop_column("chart_number")

    with op.batch_alter_table("verification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verification_policy_id"))
        batch_op.drop_index(batch_op.f("ix_verification_hlc"))

    op.drop_table("verification")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_patient_id"))
        batch_op.drop_index(batch_op.f("ix_task_hlc"))
        batch_op.drop_index(batch_op.f("ix_task_due_on"))
        batch_op.drop_index(batch_op.f("ix_task_assignee_id"))

    op.drop_table("task")
    with op.batch_alter_table("authorization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authorization_patient_id"))
        batch_op.drop_index(batch_op.f("ix_authorization_hlc"))

    op.drop_table("authorization")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_patient_id"))
        batch_op.drop_index(batch_op.f("ix_referral_hlc"))

    op.drop_table("referral")
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_patient_id"))
        batch_op.drop_index(batch_op.f("ix_policy_hlc"))

    op.drop_table("policy")
    with op.batch_alter_table("patient_phone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_phone_patient_id"))
        batch_op.drop_index(batch_op.f("ix_patient_phone_hlc"))

    op.drop_table("patient_phone")
    with op.batch_alter_table("patient_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_alert_patient_id"))
        batch_op.drop_index(batch_op.f("ix_patient_alert_hlc"))

    op.drop_table("patient_alert")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_patient_id"))
        batch_op.drop_index(batch_op.f("ix_document_hlc"))

    op.drop_table("document")
    with op.batch_alter_table("communication", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_communication_patient_id"))
        batch_op.drop_index(batch_op.f("ix_communication_hlc"))

    op.drop_table("communication")
    with op.batch_alter_table("referral_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_contact_hlc"))

    op.drop_table("referral_contact")
    with op.batch_alter_table("recent_patient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recent_patient_opened_at"))

    op.drop_table("recent_patient")
    with op.batch_alter_table("carrier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carrier_hlc"))

    op.drop_table("carrier")
