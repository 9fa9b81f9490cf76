"""Reading packet definitions: which forms go together in one printed envelope, in which
order, with which cover letter and "what to bring" list.

Packets follow the templates' rules (forms/templates.py): YAML an owner may edit, read through
the guarded reader, every mistake answered with the file and the line, unknown keys refused,
a broken file reported and skipped, and a practice's own packet replacing the shipped one
with the same id. A packet is only as good as its forms, so one naming a form template that
is not there is refused when it is read, not when a patient's packet is printed. Nothing here
prints or reads the chart; the facts a letter names are looked up by the service.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml
from yaml.nodes import Node

from practicedesk.forms.bindings import BINDINGS, PLACEHOLDER
from practicedesk.forms.loading import load_definitions
from practicedesk.forms.safe_yaml import (
    DefinitionError,
    NodeReader,
    TemplateError,
    nodes_of,
    read_nodes,
)
from practicedesk.resources import resource

__all__ = [
    "Audience",
    "CoverLetter",
    "FillMode",
    "LetterDetail",
    "PacketDefinition",
    "PacketError",
    "PacketForm",
    "PacketSet",
    "load_packet",
    "load_packets",
    "shipped_folder",
]

_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_PACKET_KEYS = {"id", "version", "title", "for", "letter", "forms", "bring"}
_FOR_KEYS = {"new_patient", "surgical", "appointment_types", "note"}
_LETTER_KEYS = {"heading", "greeting", "text", "details", "closing"}
_DETAIL_KEYS = {"label", "fact"}
_FORM_KEYS = {"template", "mode"}
DEFAULT_GREETING = "Dear {patient.full_name},"


class PacketError(DefinitionError):
    kind = "packet"


class FillMode(StrEnum):
    PREFILLED = "prefilled"  # the chart's facts filled in, the rest left to write on
    BLANK = "blank"  # nothing filled in, e.g. a form the patient should write out themselves


@dataclass(frozen=True, slots=True)
class Audience:
    """Who the packet is meant for, as a guide for the staff and the screens that offer it;
    the appointment type's own packet setting decides what prints automatically."""

    new_patient: bool = False
    surgical: bool = False
    appointment_types: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class LetterDetail:
    label: str  # "Please arrive at"
    fact: str  # a name from bindings.BINDINGS


@dataclass(frozen=True, slots=True)
class CoverLetter:
    text: str  # paragraphs split by blank lines; "{fact}" placeholders from BINDINGS
    heading: str = ""
    greeting: str = DEFAULT_GREETING
    details: tuple[LetterDetail, ...] = ()
    closing: str = ""


@dataclass(frozen=True, slots=True)
class PacketForm:
    template: str  # a form template id
    mode: FillMode = FillMode.PREFILLED
    line: int = 0  # where it is named in its file, for messages


@dataclass(frozen=True, slots=True)
class PacketDefinition:
    id: str
    version: int
    title: str
    forms: tuple[PacketForm, ...]
    audience: Audience = Audience()
    letter: CoverLetter | None = None
    bring: tuple[str, ...] = ()
    source: Path | None = None
    shipped: bool = True  # False for a practice's own packet


@dataclass(frozen=True, slots=True)
class PacketSet:
    """What loading found: usable packets by id, and the files that could not be used."""

    packets: dict[str, PacketDefinition]
    problems: list[PacketError]


def shipped_folder() -> Path:
    return resource("packets")


def load_packets(
    template_ids: Collection[str],
    own_folder: Path | None = None,
    own: Mapping[str, bytes] | None = None,
) -> PacketSet:
    """The shipped packets, then the practice's own (which win on a shared id); every form a
    packet names must be among `template_ids`, the templates that loaded (practice's own
    included), so a packet whose form is broken or missing is reported, not half printed."""
    packets, problems = load_definitions(
        shipped_folder(), own_folder, own,
        from_file=lambda path, shipped: load_packet(path, template_ids, shipped=shipped),
        from_text=lambda raw, name: packet_of(raw, name, template_ids),
        problem=PacketError,
    )  # fmt: skip
    return PacketSet(packets, problems)


def load_packet(
    path: Path, template_ids: Collection[str], *, shipped: bool = True
) -> PacketDefinition:
    try:
        node, loader = read_nodes(path)
    except TemplateError as error:
        raise PacketError(path, error.line, error.problem) from error
    return _Reader(path, loader, template_ids).packet(node, shipped)


def packet_of(
    raw: bytes, name: str, template_ids: Collection[str], *, shipped: bool = False
) -> PacketDefinition:
    """A packet from its bytes (a practice's own, from the database); `name` names it in
    messages."""
    path = Path(name)
    try:
        node, loader = nodes_of(raw, path)
    except TemplateError as error:
        raise PacketError(path, error.line, error.problem) from error
    return _Reader(path, loader, template_ids).packet(node, shipped)


class _Reader(NodeReader):
    """Turns checked nodes into a definition; every check says which key is wrong and why."""

    def __init__(self, path: Path, loader: yaml.SafeLoader, template_ids: Collection[str]):
        super().__init__(path, loader)
        self._template_ids = template_ids

    def _fail(self, node: Node, problem: str) -> PacketError:
        return PacketError(self._path, node.start_mark.line + 1, problem)

    def packet(self, node: Node, shipped: bool) -> PacketDefinition:
        keys = self._mapping(node, "The packet", _PACKET_KEYS, {"id", "version", "title", "forms"})
        id_ = self._text(keys["id"], "id")
        if not _ID.fullmatch(id_):
            raise self._fail(
                keys["id"],
                "'id' must be lower-case letters, digits, '-' or '_' (such as 'pre-surgery'), "
                f"not '{id_}'",
            )
        version = self._scalar(keys["version"], "version", int)
        if version < 1:
            raise self._fail(keys["version"], "the version must be a whole number from 1 up")
        return PacketDefinition(
            id=id_,
            version=version,
            title=self._text(keys["title"], "title"),
            forms=self._forms(keys["forms"]),
            audience=self._audience(keys["for"]) if "for" in keys else Audience(),
            letter=self._letter(keys["letter"]) if "letter" in keys else None,
            bring=self._texts(keys["bring"], "bring") if "bring" in keys else (),
            source=self._path,
            shipped=shipped,
        )

    def _audience(self, node: Node) -> Audience:
        keys = self._mapping(node, "'for:'", _FOR_KEYS, set())
        flags = {
            k: self._scalar(keys[k], k, bool) for k in ("new_patient", "surgical") if k in keys
        }
        kinds = keys.get("appointment_types")
        return Audience(
            **flags,
            appointment_types=self._texts(kinds, "appointment_types") if kinds else (),
            note=self._text(keys["note"], "note") if "note" in keys else "",
        )

    def _letter(self, node: Node) -> CoverLetter:
        keys = self._mapping(node, "The letter", _LETTER_KEYS, {"text"})
        optional = {
            k: self._text(keys[k], k) for k in ("heading", "greeting", "closing") if k in keys
        }
        return CoverLetter(
            text=self._text(keys["text"], "text"),
            details=self._details(keys["details"]) if "details" in keys else (),
            **optional,
        )

    def _details(self, node: Node) -> tuple[LetterDetail, ...]:
        details = []
        for item in self._list(node):
            keys = self._mapping(item, "A detail", _DETAIL_KEYS, _DETAIL_KEYS)
            fact = self._text(keys["fact"], "fact")
            if fact not in BINDINGS:
                raise self._fail(keys["fact"], f"'{fact}' {_NOT_A_FACT}")
            details.append(LetterDetail(self._text(keys["label"], "label"), fact))
        return tuple(details)

    def _forms(self, node: Node) -> tuple[PacketForm, ...]:
        forms: list[PacketForm] = []
        for item in self._list(node):
            keys = self._mapping(item, "A form", _FORM_KEYS, {"template"})
            template = self._text(keys["template"], "template")
            line = keys["template"].start_mark.line + 1
            if template not in self._template_ids:
                raise self._fail(
                    keys["template"],
                    f"there is no form template with the id '{template}' (or its file is "
                    f"broken); the forms are: {', '.join(sorted(self._template_ids))}",
                )
            if any(f.template == template for f in forms):
                raise self._fail(keys["template"], f"the form '{template}' is listed twice")
            mode = FillMode.PREFILLED
            if "mode" in keys:
                word = self._text(keys["mode"], "mode")
                if word not in set(FillMode):
                    raise self._fail(
                        keys["mode"], f"'mode' must be prefilled or blank, not '{word}'"
                    )
                mode = FillMode(word)
            forms.append(PacketForm(template, mode, line))
        return tuple(forms)

    def _texts(self, node: Node, key: str) -> tuple[str, ...]:
        return tuple(self._text(item, key) for item in self._list(node))

    def _text(self, node: Node, key: str) -> str:
        """Text may name any chart fact in braces: a packet is always printed for one patient."""
        text = self._plain_text(node, key)
        for name in PLACEHOLDER.findall(text):
            if name not in BINDINGS:
                raise self._fail(node, f"'{{{name}}}' in '{key}' {_NOT_A_FACT}")
        return text


_NOT_A_FACT = (
    "is not a chart fact a packet can fill in; see docs/forms.md for the list (such as "
    "patient.first_name, appointment.arrival or practice.phone)"
)
