"""Opening another system's exports: damaged or hostile files refused in one sentence, rows
that cannot be read named by their line, patients named by id or by name."""

from __future__ import annotations

from datetime import date

import pytest

from practicedesk.errors import InvalidInput
from practicedesk.interop.moving import appointment_rows, balance_rows, recall_rows
from practicedesk.interop.moving.rows import LegacyFile, PatientRef, Refused, patient_ref


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary data"),
        (b"PK\x03\x04rest of a zip", "Excel workbook"),
        (b"%PDF-1.7\n", "one column"),
        (b"PatNum\r\n1\r\n", "one column"),
        (b"1001,2026-01-05 09:00,40\r\n1002,2026-01-05 10:00,40\r\n", "holds data"),
        (b"AptDateTime,Pattern\r\n2026-01-05 09:00,//XX//\r\n", "No column says whose"),
    ],
)
def test_a_file_that_is_no_export_is_refused_whole(data: bytes, refusal: str) -> None:
    with pytest.raises(InvalidInput, match=refusal):
        LegacyFile(data, appointment_rows.FIELDS)


def test_rows_too_wide_or_with_a_quote_left_open_are_named_by_their_line() -> None:
    data = (
        b"PatNum,AptDateTime,Pattern,ProvNum,Note\r\n"
        b"1,2026-01-05 09:00,//XX//,1,fine\r\n"
        b"2,2026-01-05 10:00,//XX//,1,one,two,three\r\n"
        b'3,2026-01-05 11:00,//XX//,1,"left open\r\n'
        b"4,2026-01-05 12:00,//XX//,1,swallowed\r\n"
    )
    rows = list(LegacyFile(data, appointment_rows.FIELDS).rows())
    assert rows[0].problems == ()
    assert rows[1].line == 3 and "7 values but the header names 5" in rows[1].problems[0]
    assert rows[2].line == 4 and "runs over several lines" in rows[2].problems[0]


def test_a_value_far_too_long_is_refused_without_quoting_it() -> None:
    data = b"PatNum,AptDateTime,Pattern,ProvNum\r\n" + b"1," + b"9" * 500 + b",//,1\r\n"
    [row] = LegacyFile(data, appointment_rows.FIELDS).rows()
    assert row.problems == ("The visit's date is over 40 characters.",)


def test_a_patient_is_named_by_id_by_one_name_column_or_by_two() -> None:
    problems: list[str] = []
    assert patient_ref({"patient_id": "77"}, problems, day_first=False) == PatientRef("77")
    assert patient_ref(
        {"patient_name": "Park, Ana B", "date_of_birth": "1/2/1980"}, problems, day_first=False
    ) == PatientRef("", "Ana B", "Park", date(1980, 1, 2))
    assert patient_ref({"patient_name": "Ana Park"}, problems, day_first=False).last_name == "Park"
    # An aging report puts the guarantor's number where a name might be.
    assert patient_ref({"patient_name": "1042"}, problems, day_first=False).legacy_id == "1042"
    assert problems == []
    patient_ref({"patient_name": ""}, problems, day_first=False)
    assert problems == ["The row does not say whose it is: the patient's id and name are empty."]


def test_open_dentals_appointment_row_becomes_a_visit_with_its_hygienist() -> None:
    data = (
        b"AptNum,PatNum,AptDateTime,Pattern,ProvNum,ProvHyg,IsHygiene,Op,AptStatus,"
        b"DateTimeArrived\r\n"
        b"9,77,2026-01-05 09:00:00,XXXXXXXXXXXX,1,3,1,2,2,2026-01-05 08:55:00\r\n"
        b"10,77,2026-01-05 09:00:00,XXXX,1,0,0,2,6,0001-01-01 00:00:00\r\n"
    )
    statuses = {"2": "completed", "6": "not a visit"}
    first, second = [
        appointment_rows.read_visit(row, day_first=False, statuses=statuses, confirmations={})
        for row in LegacyFile(data, appointment_rows.FIELDS).rows()
    ]
    assert not isinstance(first, Refused)
    assert (first.provider, first.minutes, first.chair) == ("3", 60, "2")
    assert first.arrived == (date(2026, 1, 5), first.arrived[1]) if first.arrived else False
    assert isinstance(second, Refused) and second.left_out


def test_a_recall_and_a_balance_row_are_read_with_their_reasons() -> None:
    recalls = b"PatNum,RecallTypeNum,DateDue,RecallInterval,IsDisabled\r\n5,1,soon,x,maybe\r\n"
    [row] = LegacyFile(recalls, recall_rows.FIELDS).rows()
    refused = recall_rows.read_recall(row, day_first=False)
    assert isinstance(refused, Refused) and len(refused.reasons) == 3
    balances = b'Guarantor,0-30 Days,> 90 Days,Total\r\n"Park, Ana",10.00,5.00,15.00\r\n'
    [row] = LegacyFile(balances, balance_rows.FIELDS).rows()
    read = balance_rows.read_balance(row)
    assert not isinstance(read, Refused)
    assert (read.total, read.buckets) == (1500, (1000, 0, 0, 500))
