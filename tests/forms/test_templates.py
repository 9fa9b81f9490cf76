"""Form templates as data: the shipped ones all load, and every mistake an owner can make
in their own copy is answered with the file, the line and what is wrong, while the other
templates still load."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from practicedesk.forms.answers import Signature, YesNo, problems
from practicedesk.forms.bindings import BINDINGS, prefill
from practicedesk.forms.model import FieldType
from practicedesk.forms.templates import (
    TemplateError,
    load_template,
    load_templates,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
SHIPPED = {
    "new-patient-registration",
    "medical-history",
    "hipaa-acknowledgement",
    "financial-policy",
    "consent-to-treatment",
    "surgical-consent",
    "pre-operative-instructions",
    "post-operative-extraction",
    "post-operative-implant",
}

GOOD = """\
id: check-in
version: 2
title: Check-in
sections:
  - title: You
    fields:
      - id: name
        type: text
        label: Name
        required: true
        max_length: 20
        bind: patient.full_name
      - id: visits
        type: number
        label: Visits this year
        min: 0
        max: 50
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> TemplateError:
    path = _write(tmp_path, "broken.yaml", text)
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert "broken.yaml" in caught.value.message
    return caught.value


def test_every_shipped_template_loads_with_an_id_and_version() -> None:
    loaded = load_templates()
    assert loaded.problems == []
    assert set(loaded.templates) == SHIPPED
    for template in loaded.templates.values():
        assert template.version >= 1
        assert template.shipped
        assert template.fields


def test_the_surgical_consent_fills_the_procedure_from_the_appointment() -> None:
    template = load_templates().templates["surgical-consent"]
    values = prefill(template, {"appointment.procedure": "Implant #19", "patient.full_name": ""})
    assert values == {"procedure": "Implant #19"}


def test_every_binding_in_the_shipped_templates_is_a_known_one() -> None:
    for template in load_templates().templates.values():
        for field in template.fields:
            assert not field.bind or field.bind in BINDINGS


def test_a_good_template_keeps_its_rules(tmp_path: Path) -> None:
    template = load_template(_write(tmp_path, "good.yaml", GOOD))
    name = template.field("name")
    assert (name.type, name.required, name.max_length, name.line) == (
        FieldType.TEXT,
        True,
        20,
        7,
    )
    assert template.field("visits").max == 50


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("id: x\nversion: 1\ntitle: [unclosed\n", 4, "not valid YAML"),
        ("id: x\nversion: 1\n  title: bad indent\n", 3, "not valid YAML"),
        (GOOD.replace("max_length: 20", "max_lenght: 20"), 11, "'max_lenght' is not a key"),
        (GOOD.replace("type: number", "type: checkbox"), 14, "'checkbox' is not a field type"),
        (GOOD.replace("version: 2", "version: two"), 2, "'version' must be a whole number"),
        (GOOD.replace("required: true", "required: maybe"), 10, "'required' must be true or false"),
        (GOOD.replace("bind: patient.full_name", "bind: patient.shoe_size"), 12, "chart fact"),
        (GOOD.replace("min: 0", "min: 90"), 16, "'min' is larger than 'max'"),
        (GOOD.replace("id: visits", "id: name"), 13, "already used on line 7"),
        (GOOD.replace("id: check-in", "id: Check In"), 1, "lower-case letters"),
        (GOOD.replace("        label: Name\n", ""), 7, "needs 'label:'"),
        (GOOD + "      - id: pat\n        type: text\n        label: P\n        pattern: '[a-'\n",
         21, "not a valid regular expression"),
        (GOOD + "      - type: paragraph\n        text: Call {practice.fax}\n", 19,
         "'{practice.fax}'"),
        (GOOD + "      - id: pick\n        type: single_choice\n        label: Pick\n", 18,
         "needs 'options:'"),
        (GOOD.replace("sections:", "extra: 1\nsections:"), 4, "'extra' is not a key"),
    ],
)  # fmt: skip
def test_a_broken_template_names_the_file_and_the_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    error = _error(tmp_path, text)
    assert error.line == line, error.message
    assert f"line {line}" in error.message
    assert words in error.message


def test_billion_laughs_aliases_are_refused_before_they_expand(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{b}: &{b} [*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a}]" for a, b in
              zip("abcdefgh", "bcdefghi", strict=True)]  # fmt: skip
    error = _error(tmp_path, "\n".join(lines) + "\n")
    assert error.line == 1
    assert "anchor or alias" in error.message


def test_a_huge_file_is_refused_without_parsing_it(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD + "# padding\n" * 40_000)
    assert "at most 256 KB" in error.message


def test_a_deeply_nested_document_is_refused(tmp_path: Path) -> None:
    error = _error(tmp_path, "id: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested more than" in error.message


def test_text_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(b"id: x\nversion: 1\ntitle: Caf\xe9\n")
    with pytest.raises(TemplateError, match=r"broken\.yaml, line 3: is not UTF-8"):
        load_template(path)


def test_python_object_tags_are_not_constructed(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("title: Check-in", "title: !!python/object:os.system x"))
    assert error.line == 3


def test_the_practices_own_template_replaces_the_shipped_one(tmp_path: Path) -> None:
    own = GOOD.replace("id: check-in", "id: medical-history").replace("version: 2", "version: 7")
    _write(tmp_path, "my-history.yaml", own)
    loaded = load_templates(tmp_path)
    history = loaded.templates["medical-history"]
    assert (history.version, history.shipped, history.title) == (7, False, "Check-in")
    assert set(loaded.templates) == SHIPPED


def test_a_broken_file_is_skipped_and_reported_while_the_others_load(tmp_path: Path) -> None:
    _write(tmp_path, "a-broken.yaml", GOOD.replace("type: number", "type: slider"))
    _write(tmp_path, "b-good.yaml", GOOD)
    _write(tmp_path, "c-twin.yaml", GOOD)
    loaded = load_templates(tmp_path)
    assert set(loaded.templates) == SHIPPED | {"check-in"}
    assert loaded.templates["check-in"].source == tmp_path / "b-good.yaml"
    messages = [p.message for p in loaded.problems]
    assert any("a-broken.yaml, line 14" in m and "'slider'" in m for m in messages)
    assert any("c-twin.yaml, line 1" in m and "b-good.yaml" in m for m in messages)


def test_answers_that_break_the_rules_block_signing() -> None:
    template = load_templates().templates["medical-history"]
    found = problems(
        template,
        {"under_care": YesNo(None), "physician_name": "x" * 200, "hospitalized": YesNo(False)},
    )
    assert any(p.startswith("Are you being treated") and "fill this in" in p for p in found)
    assert any(p.startswith("Name of your physician") and "at most 120" in p for p in found)
    assert any(p.startswith("Signature") for p in found)
    assert not any(p.startswith("Have you been in hospital") for p in found)


def test_a_number_outside_its_range_is_a_problem(tmp_path: Path) -> None:
    template = load_template(_write(tmp_path, "ok.yaml", GOOD))
    signed = {"name": "Zoë", "visits": "51"}
    assert problems(template, signed) == ["Visits this year: at most 50, please"]
    assert problems(template, {**signed, "visits": "3"}) == []
    assert problems(template, {"name": Signature("", "")}) == ["Name: please fill this in"]


def test_a_section_for_one_sex_is_left_out_for_the_other_and_kept_when_unknown(
    tmp_path: Path,
) -> None:
    text = GOOD + (
        "  - title: Women\n"
        "    for_sex: [female]\n"
        "    fields:\n"
        "      - id: pregnant\n"
        "        type: yes_no\n"
        "        label: Could you be pregnant?\n"
        "        required: true\n"
    )
    template = load_template(_write(tmp_path, "check-in.yaml", text))
    titles = {sex: [s.title for s in template.for_patient(sex).sections]
              for sex in ("female", "male", "", "unknown", "intersex")}  # fmt: skip
    assert titles["male"] == ["You"]
    assert all(titles[sex] == ["You", "Women"] for sex in ("female", "", "unknown", "intersex"))
    assert problems(template.for_patient("male"), {"name": "Bo"}) == []
    kept = template.for_patient("male", {"pregnant": YesNo(False)})
    assert [s.title for s in kept.sections] == ["You", "Women"], "an answer already given stays"
    error = _error(tmp_path, text.replace("[female]", "[women]"))
    assert error.line == 19 and "for_sex lists female or male" in error.message


BRITISH = re.compile(
    r"\b(anaesth\w*|anaemi\w*|haem\w*|oedema|apnoea|jeweller\w*|colour\w*|favour\w*|"
    r"behaviour\w*|centre|paediatr\w*|orthopaed\w*|labour|cheque|programme)\b",
    re.IGNORECASE,
)


def test_shipped_wording_is_american_english() -> None:
    """The offices it ships to write "anesthetic" and "anemia"; a practice's own copy may
    spell as it likes. (Field ids are not shown, so an old id keeps its spelling.)"""
    found = {
        name: BRITISH.findall(re.sub(r"^\s*- id: .*$", "", text, flags=re.MULTILINE))
        for name, text in (
            (path.name, path.read_text(encoding="utf-8"))
            for folder in ("forms", "packets")
            for path in sorted((RESOURCES / folder).glob("*.yaml"))
        )
    }
    assert {name: words for name, words in found.items() if words} == {}
