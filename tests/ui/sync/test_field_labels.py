"""Field labels on the conflicts screen: the front desk's words for the synced columns."""

from __future__ import annotations

import pytest

from practicedesk.store import sync_log
from practicedesk.ui.sync import field_labels
from practicedesk.ui.sync.field_labels import field_label

SYNCED = {
    name: {column.name for column in table.columns}
    for name, table in sync_log.synced_tables().items()
}


@pytest.mark.parametrize(
    ("table", "field", "label"),
    [
        ("patient", "street", "Street"),
        ("patient", "date_of_birth", "Date of birth"),
        ("patient", "street2", "Street, line 2"),
        ("patient", "postal_code", "ZIP code"),
        ("patient", "notes", "Notes"),
        ("patient", "deleted_at", "Deleted"),
        ("appointment", "room_id", "Chair"),
        ("appointment", "starts_at", "Time"),
        ("policy", "member_id", "Member ID"),  # an insurer's number, not a link to a record
        ("carrier", "payer_id", "Payer ID"),
        ("carrier", "name", "Insurance company"),
        ("patient_alert", "text", "Alert"),
        ("task", "title", "What needs doing"),
        ("patient_phone", "number", "Phone number"),
        ("referral", "contact_id", "Referring provider"),
    ],
)
def test_the_columns_a_person_edits_read_as_on_their_screens(
    table: str, field: str, label: str
) -> None:
    assert field_label(table, field) == label


def test_an_unknown_column_reads_as_its_name_in_words() -> None:
    assert field_label("patient", "favourite_chair_id") == "Favourite chair"
    assert field_label("no_such_table", "next_recall_on") == "Next recall on"
    assert field_label("patient", "x") == "X"


def test_every_column_of_every_synced_table_gets_a_label() -> None:
    for table, columns in SYNCED.items():
        for column in columns:
            label = field_label(table, column)
            assert label.strip() and "_" not in label, (table, column, label)


def test_the_labels_name_only_columns_that_exist() -> None:
    """A renamed or removed column must not leave a stale label behind unnoticed."""
    every = set().union(*SYNCED.values())
    assert set(field_labels._COMMON) <= every
    for table, labels in field_labels._BY_TABLE.items():
        assert table in SYNCED, table
        assert set(labels) <= SYNCED[table], (table, set(labels) - SYNCED[table])
