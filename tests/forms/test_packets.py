"""Packet definitions as data: the shipped ones load and name only forms that exist, and every
mistake in a practice's own packet is answered with the file and the line while the other
packets still load."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from practicedesk.forms.packets import (
    DEFAULT_GREETING,
    FillMode,
    PacketError,
    load_packet,
    load_packets,
)
from practicedesk.forms.templates import load_templates

TEMPLATE_IDS = set(load_templates().templates)
SHIPPED = {"new-patient", "pre-surgery", "post-op-extraction", "post-op-implant"}

GOOD = """\
id: check-up
version: 3
title: Check-up packet
for:
  surgical: false
  appointment_types: [Exam]
letter:
  text: |-
    See you on {appointment.date}.

    Bring this.
  details:
    - label: Arrive at
      fact: appointment.arrival
forms:
  - template: medical-history
    mode: blank
  - template: hipaa-acknowledgement
bring:
  - Your insurance card
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_shipped_packet_loads_and_names_only_existing_forms() -> None:
    loaded = load_packets(TEMPLATE_IDS)
    assert loaded.problems == []
    assert set(loaded.packets) == SHIPPED
    for packet in loaded.packets.values():
        assert packet.shipped and packet.version >= 1 and packet.forms
        assert {f.template for f in packet.forms} <= TEMPLATE_IDS
        assert packet.letter is not None


def test_the_shipped_packets_hold_what_the_office_hands_out() -> None:
    packets = load_packets(TEMPLATE_IDS).packets
    assert [f.template for f in packets["new-patient"].forms] == [
        "new-patient-registration",
        "medical-history",
        "hipaa-acknowledgement",
        "financial-policy",
        "consent-to-treatment",
    ]
    surgery = packets["pre-surgery"]
    assert [f.template for f in surgery.forms] == ["pre-operative-instructions", "surgical-consent"]
    assert surgery.audience.surgical
    assert surgery.letter is not None
    facts = {d.fact for d in surgery.letter.details}
    assert {"appointment.date", "appointment.arrival", "appointment.provider"} <= facts
    assert {"practice.address", "practice.phone"} <= facts
    assert any("escort" in item or "drive you home" in item for item in surgery.bring)
    for post_op in ("post-op-extraction", "post-op-implant"):
        letter = packets[post_op].letter
        assert letter is not None
        assert "practice.after_hours_phone" in {d.fact for d in letter.details}


def test_a_good_packet_keeps_what_it_says(tmp_path: Path) -> None:
    packet = load_packet(_write(tmp_path, "good.yaml", GOOD), TEMPLATE_IDS)
    assert (packet.id, packet.version, packet.title) == ("check-up", 3, "Check-up packet")
    assert [(f.template, f.mode, f.line) for f in packet.forms] == [
        ("medical-history", FillMode.BLANK, 16),
        ("hipaa-acknowledgement", FillMode.PREFILLED, 18),
    ]
    assert packet.audience.appointment_types == ("Exam",)
    assert packet.letter is not None
    assert packet.letter.greeting == DEFAULT_GREETING
    assert packet.letter.text == "See you on {appointment.date}.\n\nBring this."
    assert packet.bring == ("Your insurance card",)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("template: hipaa-acknowledgement", "template: hipaa"), 18,
         "no form template with the id 'hipaa'"),
        (GOOD.replace("mode: blank", "mode: filled"), 17, "must be prefilled or blank"),
        (GOOD.replace("fact: appointment.arrival", "fact: appointment.parking"), 14,
         "'appointment.parking' is not a chart fact"),
        (GOOD.replace("See you on {appointment.date}", "See you {appointment.when}"), 8,
         "'{appointment.when}'"),
        (GOOD.replace("surgical: false", "surgical: sometimes"), 5, "must be true or false"),
        (GOOD.replace("version: 3", "version: three"), 2, "must be a whole number"),
        (GOOD.replace("bring:", "bringg:"), 19, "'bringg' is not a key"),
        (GOOD.replace("  text: |-", "  txt: |-"), 8, "'txt' is not a key the letter takes"),
        (GOOD.replace("id: check-up", "id: Check Up"), 1, "lower-case letters"),
        (GOOD.replace("template: hipaa-acknowledgement", "template: medical-history"), 18,
         "listed twice"),
        (GOOD.replace("bring:\n  - Your insurance card\n", "bring: []\n"), 19,
         "a list of one or more"),
        ("id: x\nversion: 1\ntitle: [unclosed\n", 4, "not valid YAML"),
        ("a: &a [x]\nb: *a\n", 1, "anchor or alias"),
    ],
)  # fmt: skip
def test_a_broken_packet_names_the_file_and_the_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = _write(tmp_path, "broken.yaml", text)
    with pytest.raises(PacketError) as caught:
        load_packet(path, TEMPLATE_IDS)
    message = caught.value.message
    assert message.startswith(f"The packet broken.yaml, line {line}:"), message
    assert words in message


def test_a_packet_without_forms_is_refused(tmp_path: Path) -> None:
    text = GOOD[: GOOD.index("forms:")]
    with pytest.raises(PacketError, match=r"broken\.yaml, line 1: The packet needs 'forms:'"):
        load_packet(_write(tmp_path, "broken.yaml", text), TEMPLATE_IDS)


def test_the_practices_own_packet_replaces_the_shipped_one(tmp_path: Path) -> None:
    own = GOOD.replace("id: check-up", "id: pre-surgery").replace("version: 3", "version: 9")
    _write(tmp_path, "our-surgery.yaml", own)
    loaded = load_packets(TEMPLATE_IDS, tmp_path)
    surgery = loaded.packets["pre-surgery"]
    assert (surgery.version, surgery.shipped, surgery.title) == (9, False, "Check-up packet")
    assert set(loaded.packets) == SHIPPED
    assert loaded.problems == []


def test_a_packet_may_name_the_practices_own_form(tmp_path: Path) -> None:
    _write(tmp_path, "p.yaml", GOOD.replace("template: medical-history", "template: our-intake"))
    assert "check-up" not in load_packets(TEMPLATE_IDS, tmp_path).packets
    loaded = load_packets(TEMPLATE_IDS | {"our-intake"}, tmp_path)
    assert loaded.packets["check-up"].forms[0].template == "our-intake"


def test_a_broken_file_is_skipped_and_reported_while_the_others_load(tmp_path: Path) -> None:
    _write(tmp_path, "a-broken.yaml", GOOD.replace("mode: blank", "mode: pink"))
    _write(tmp_path, "b-good.yaml", GOOD)
    _write(tmp_path, "c-twin.yaml", GOOD)
    _write(tmp_path, "d-surgery.yaml", GOOD.replace("id: check-up", "id: pre-surgery") + "x: 1\n")
    loaded = load_packets(TEMPLATE_IDS, tmp_path)
    assert set(loaded.packets) == SHIPPED | {"check-up"}
    assert loaded.packets["check-up"].source == tmp_path / "b-good.yaml"
    assert loaded.packets["pre-surgery"].shipped  # the broken copy leaves the shipped one
    messages = [p.message for p in loaded.problems]
    assert len(messages) == 3
    assert any("a-broken.yaml, line 17" in m and "'pink'" in m for m in messages)
    assert any("c-twin.yaml, line 1" in m and "b-good.yaml" in m for m in messages)
    assert any("d-surgery.yaml, line 21" in m for m in messages)
