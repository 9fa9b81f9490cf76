"""The guarded YAML reader under awkward input: whatever bytes an owner's editor, a damaged
disk or a paste from a word processor leaves in a template or packet, the answer is the
template's (or packet's) own error with a line to look at, never a crash dialog."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practicedesk.forms.packets import PacketError, packet_of
from practicedesk.forms.templates import TemplateError, template_of
from tests.forms.test_packets import GOOD as GOOD_PACKET
from tests.forms.test_packets import TEMPLATE_IDS
from tests.forms.test_templates import GOOD as GOOD_TEMPLATE

# What YAML gives meaning to, and values its constructors choke on, to splice into good files.
_FRAGMENTS = [
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!", "!!int ", "!!str ",
    "!!binary ", "!!timestamp ", "!!float ", "!!python/object:os.system ", "!foo ", "?", "? ",
    "|", "|-", ">", "#", "'", '"', "\t", "\n", "  ", "    ", "%YAML 1.1\n", "%TAG ! x\n",
    "---\n", "...\n", "2024-13-45", "2024-02-30 25:61:61", "1" * 5000, ".inf", "-.nan", "0x",
    "0o9", "0b2", "1_000", "1e999", "~", "null", "yes", "\x0c", "\x00", "\x1b", "\x85",
    "\u2028", "\ufeff", "\ud800", "\uffff", "{patient.full_name}", "{", "é",
]  # fmt: skip
_QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _template_refuses_only_in_its_own_words(raw: bytes) -> None:
    try:
        template_of(raw, "fuzzed.yaml", shipped=False)
    except TemplateError as error:
        assert error.message.startswith("The form template fuzzed.yaml")


def _packet_refuses_only_in_its_own_words(raw: bytes) -> None:
    try:
        packet_of(raw, "fuzzed.yaml", TEMPLATE_IDS)
    except PacketError as error:
        assert error.message.startswith("The packet fuzzed.yaml")


@st.composite
def _spliced(draw: st.DrawFn, good: str) -> bytes:
    """A good file with a few fragments, or any characters, put in at random places."""
    text = good
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        piece = draw(st.sampled_from(_FRAGMENTS) | st.text(max_size=3))
        text = text[:where] + piece + text[where + cut :]
    return text.encode("utf-8", "surrogatepass")


@_QUICK
@given(st.binary(max_size=600))
def test_any_bytes_make_a_template_or_a_template_error(raw: bytes) -> None:
    _template_refuses_only_in_its_own_words(raw)


@_QUICK
@given(_spliced(GOOD_TEMPLATE))
def test_a_template_damaged_anywhere_gives_a_template_error(raw: bytes) -> None:
    _template_refuses_only_in_its_own_words(raw)


@_QUICK
@given(st.binary(max_size=600))
def test_any_bytes_make_a_packet_or_a_packet_error(raw: bytes) -> None:
    _packet_refuses_only_in_its_own_words(raw)


@_QUICK
@given(_spliced(GOOD_PACKET))
def test_a_packet_damaged_anywhere_gives_a_packet_error(raw: bytes) -> None:
    _packet_refuses_only_in_its_own_words(raw)


@pytest.mark.parametrize(
    ("character", "name"),
    [("\x0c", "a form feed (page break), U+000C"), ("\x00", "a NUL character, U+0000"),
     ("\x1b", "an escape character (ESC), U+001B"), ("\x9b", "a control character, U+009B")],
)  # fmt: skip
def test_a_control_character_is_named_with_its_line(character: str, name: str) -> None:
    text = GOOD_TEMPLATE.replace("title: Check-in", f"title: Check{character}in")
    with pytest.raises(TemplateError) as caught:
        template_of(text.encode("utf-8"), "mine.yaml", shipped=False)
    assert caught.value.line == 3
    assert caught.value.message.startswith(f"The form template mine.yaml, line 3: holds {name}")


def test_a_control_character_in_a_packet_is_named_with_its_line() -> None:
    text = GOOD_PACKET.replace("Bring this.", "Bring\x0cthis.")
    with pytest.raises(PacketError) as caught:
        packet_of(text.encode("utf-8"), "mine.yaml", TEMPLATE_IDS)
    assert caught.value.line == 11
    assert "line 11: holds a form feed (page break), U+000C" in caught.value.message


@pytest.mark.parametrize("version", ["2024-13-45", "1" * 5000, "!!int many", "!!float x"])
def test_a_value_yaml_cannot_read_is_named_with_its_line(version: str) -> None:
    text = GOOD_TEMPLATE.replace("version: 2", f"version: {version}")
    with pytest.raises(TemplateError) as caught:
        template_of(text.encode("utf-8"), "mine.yaml", shipped=False)
    assert caught.value.line == 2
    assert "'version' must be a whole number" in caught.value.message
    assert len(caught.value.message) < 200
