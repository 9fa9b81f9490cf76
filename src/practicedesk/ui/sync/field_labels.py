"""The fields of synced records in the front desk's words, for the conflicts screen.

A sync conflict names its field by the database column ("date_of_birth", "room_id"); the
person choosing between two values should read the label they know from the chart, the
appointment book or Settings ("Date of birth", "Chair"). The words match those screens (a
US practice: "State", "ZIP code"). Pure on purpose — no database, no Qt — so any layer may
use it, and a column added later still reads sensibly through the fallback.
"""

from __future__ import annotations

# Columns that mean the same in every table that has them.
_COMMON: dict[str, str] = {
    "deleted_at": "Deleted",  # the tombstone: its values read "yes" / "no"
    "patient_id": "Patient",
    "appointment_id": "Visit",
    "policy_id": "Insurance policy",
    "provider_id": "Provider",
    "room_id": "Chair",
    "type_id": "Visit type",
    "name": "Name",
    "phone": "Phone",
    "email": "E-mail",
    "street": "Street",
    "city": "City",
    "region": "State",
    "postal_code": "ZIP code",
    "status": "Status",
    "notes": "Notes",
    "note": "Note",
    "kind": "Kind",
    "colour": "Colour",
    "active": "In use",
    "sort_order": "Order",
    "minutes": "Length (minutes)",
    "username": "User",
    "summary": "Summary",
    "direction": "Direction",
    "title": "Title",
    "content": "Content",
    "resource_type": "Provider or chair",
    "resource_id": "Which provider or chair",
}

# Where a column's meaning depends on its table, or the fallback would read oddly.
_BY_TABLE: dict[str, dict[str, str]] = {
    "patient": {
        "chart_number": "Chart number",
        "first_name": "First name",
        "middle_name": "Middle name",
        "last_name": "Last name",
        "preferred_name": "Preferred name",
        "date_of_birth": "Date of birth",
        "gender_identity": "Gender identity",
        "street2": "Street, line 2",
        "preferred_language": "Language",
        "preferred_contact": "Contact by",
        "responsible_type": "Responsible party",
        "responsible_patient_id": "Responsible patient",
        "responsible_name": "Responsible party's name",
        "responsible_phone": "Responsible party's phone",
        "responsible_relationship": "Responsible party's relationship",
        "emergency_name": "Emergency contact",
        "emergency_phone": "Emergency contact's phone",
        "emergency_relationship": "Emergency contact's relationship",
        "merged_into": "Merged into",
        "search_text": "Search words",
    },
    "patient_phone": {
        "kind": "Phone kind",
        "number": "Phone number",
        "is_primary": "The number to call first",
        "may_text": "May get text messages",
    },
    "patient_alert": {"kind": "Alert kind", "text": "Alert", "severity": "Severity"},
    "appointment": {
        "series_id": "Repeating visits",
        "starts_at": "Time",
        "booked_by": "Booked by",
        "booked_over": "Booked over",
        "confirmed_at": "Confirmed",
        "confirmed_via": "Confirmed by (how)",
        "confirmed_by": "Confirmed by",
        "arrived_at": "Arrived",
        "seated_at": "Seated",
        "completed_at": "Checked out",
        "no_show_at": "No-show",
        "cancelled_at": "Cancelled",
        "cancelled_by": "Cancelled by",
        "cancel_reason": "Reason for cancelling",
    },
    "appointment_event": {"at": "When", "kind": "What happened"},
    "appointment_series": {"every_weeks": "Every (weeks)", "count": "Visits", "until": "Until"},
    "appointment_type": {
        "provider_kinds": "Taken by",
        "surgical": "Surgical",
        "packet": "Packet it prints",
    },
    "carrier": {"name": "Insurance company", "payer_id": "Payer ID"},
    "policy": {
        "carrier_id": "Insurance company",
        "rank": "Order",
        "plan": "Plan",
        "member_id": "Member ID",
        "group_number": "Group number",
        "subscriber_name": "Subscriber",
        "subscriber_relationship": "Subscriber is the patient's",
        "subscriber_birth_date": "Subscriber's date of birth",
        "effective_on": "Effective",
        "ends_on": "Ends",
        "copay_cents": "Co-pay",
        "deductible_cents": "Deductible",
        "annual_max_cents": "Annual maximum",
    },
    "verification": {
        "verified_at": "Verified",
        "username": "Verified by",
        "method": "How",
        "result": "Result",
        "reference": "Reference number",
        "remaining_cents": "Benefits remaining",
    },
    "authorization": {
        "procedure": "Procedure",
        "payer": "Payer",
        "submitted_on": "Submitted",
        "number": "Authorization number",
        "valid_from": "Valid from",
        "valid_to": "Valid until",
    },
    "referral": {
        "contact_id": "Referring provider",
        "reason": "Reason",
        "requested_on": "Requested",
        "sent_on": "Sent",
        "received_on": "Received",
        "scheduled_on": "Scheduled",
        "completed_on": "Completed",
    },
    "referral_contact": {
        "organization": "Practice or organisation",
        "specialty": "Specialty",
        "fax": "Fax",
        "address": "Address",
    },
    "communication": {
        "at": "When",
        "kind": "How",
        "username": "Logged by",
        "follow_up_on": "Follow up on",
    },
    "task": {
        "title": "What needs doing",
        "due_on": "Due",
        "assignee_id": "For",
        "created_by": "Made by",
        "done_at": "Done",
        "done_by": "Done by",
        "communication_id": "From the communication",
    },
    "waitlist_entry": {
        "appointment_id": "Visit to move",
        "weekdays": "Days",
        "earliest_time": "From",
        "latest_time": "Until",
        "until": "Waiting until",
    },
    "schedule_exception": {"starts_at": "From", "ends_at": "Until"},
    "working_hours": {"weekday": "Day", "start_time": "From", "end_time": "Until"},
    "document": {
        "category": "Category",
        "file_name": "File name",
        "media_type": "File type",
        "size": "Size",
        "sha256": "Fingerprint",
        "added_by": "Added by",
    },
    "patient_form": {
        "template_id": "Form",
        "template_version": "Form version",
        "template_text": "Form text",
        "answers": "Answers",
        "signer_name": "Signed by",
        "signed_at": "Signed",
        "signed_with": "Signed with",
        "content_sha256": "Fingerprint",
        "amends_id": "Corrects",
    },
    "readiness_tick": {"item_key": "Checklist item", "ticked_by": "Ticked by"},
    "app_user": {"username": "User name", "display_name": "Name", "role": "Role"},
    "key_slot": {"lookup": "User", "slot": "Password key"},
    "practice": {"name": "Practice name", "time_zone": "Time zone", "logo": "Logo on printouts"},
    "setting": {"key": "Setting", "value": "Value"},
}


def field_label(table: str, field: str) -> str:
    """`field` of a `table` row as the front desk calls it; an unknown column reads as its
    name in words ("follow_up_id" → "Follow up"), never as an empty label."""
    label = _BY_TABLE.get(table, {}).get(field) or _COMMON.get(field)
    if label:
        return label
    words = " ".join(part for part in field.removesuffix("_id").split("_") if part) or field
    return words[:1].upper() + words[1:]
