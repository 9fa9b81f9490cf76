"""Reading form templates: the shipped ones in resources/forms/ and a practice's own.

A template is YAML an office owner may edit by hand, so every mistake is answered with the
file, the line and what to change, in plain words; unknown keys are refused rather than
ignored (a misspelt `requried:` would otherwise silently do nothing). Loading the whole set
never stops at a broken file: the broken one is reported and skipped, the rest load, and a
practice's own template replaces the shipped one with the same id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from practicedesk.forms.bindings import BINDINGS, PLACEHOLDER, PLACEHOLDERS
from practicedesk.forms.loading import load_definitions
from practicedesk.forms.model import (
    NARROW_TYPES,
    SEXES,
    WIDTHS,
    Field,
    FieldType,
    FormTemplate,
    Section,
)
from practicedesk.forms.safe_yaml import (
    NodeReader,
    TemplateError,
    nodes_of,
    read_nodes,
)
from practicedesk.resources import resource

__all__ = ["TemplateError", "TemplateSet", "load_template", "load_templates", "shipped_folder"]

_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_TEMPLATE_KEYS = {"id", "version", "title", "intro", "sections"}
_SECTION_KEYS = {"title", "intro", "fields", "for_sex"}
_COMMON = {"id", "type", "label", "required", "help"}
_TEXTUAL = {"bind", "width"}
_KEYS_BY_TYPE: dict[FieldType, set[str]] = {
    FieldType.TEXT: _COMMON | _TEXTUAL | {"max_length", "pattern"},
    FieldType.LONG_TEXT: _COMMON | {"bind", "max_length", "lines"},
    FieldType.DATE: _COMMON | _TEXTUAL,
    FieldType.NUMBER: _COMMON | _TEXTUAL | {"min", "max"},
    FieldType.PHONE: _COMMON | _TEXTUAL | {"pattern"},
    FieldType.EMAIL: _COMMON | _TEXTUAL | {"max_length"},
    FieldType.SINGLE_CHOICE: _COMMON | {"options", "width"},
    FieldType.MULTIPLE_CHOICE: _COMMON | {"options"},
    FieldType.YES_NO: _COMMON | {"explain"},
    FieldType.SIGNATURE: _COMMON,
    FieldType.INITIALS: _COMMON,
    FieldType.PARAGRAPH: {"id", "type", "text"},
}


@dataclass(frozen=True, slots=True)
class TemplateSet:
    """What loading found: usable templates by id, and the files that could not be used."""

    templates: dict[str, FormTemplate]
    problems: list[TemplateError]


def shipped_folder() -> Path:
    return resource("forms")


def load_templates(
    own_folder: Path | None = None, own: Mapping[str, bytes] | None = None
) -> TemplateSet:
    """The shipped templates, then the practice's own (which win on a shared id): files in
    `own_folder`, then `own`, texts kept elsewhere (the database) by a name for messages."""
    templates, problems = load_definitions(
        shipped_folder(), own_folder, own,
        from_file=lambda path, shipped: load_template(path, shipped=shipped),
        from_text=lambda raw, name: template_of(raw, name, shipped=False),
        problem=TemplateError,
    )  # fmt: skip
    return TemplateSet(templates, problems)


def load_template(path: Path, *, shipped: bool = True) -> FormTemplate:
    node, loader = read_nodes(path)
    return _Reader(path, loader).template(node, shipped)


def template_of(raw: bytes, name: str, *, shipped: bool = True) -> FormTemplate:
    """A template from its bytes: how a signed form is shown again with the very template it
    was signed on, whatever has happened to the file since."""
    path = Path(name)
    node, loader = nodes_of(raw, path)
    return _Reader(path, loader).template(node, shipped)


class _Reader(NodeReader):
    """Turns checked nodes into the model; every check says which key is wrong and why."""

    def __init__(self, path: Path, loader: yaml.SafeLoader) -> None:
        super().__init__(path, loader)
        self._ids: dict[str, int] = {}

    def _fail(self, node: Node, problem: str) -> TemplateError:
        return TemplateError(self._path, node.start_mark.line + 1, problem)

    def template(self, node: Node, shipped: bool) -> FormTemplate:
        keys = self._mapping(node, "The template", _TEMPLATE_KEYS, {"id", "version", "title"})
        id_ = self._identifier(keys["id"], "id")
        version = self._scalar(keys["version"], "version", int)
        if version < 1:
            raise self._fail(keys["version"], "the version must be a whole number from 1 up")
        if "sections" not in keys:
            raise self._fail(node, "has no 'sections:'; a form needs at least one section")
        sections = tuple(
            self._section(item, n) for n, item in enumerate(self._list(keys["sections"]), 1)
        )
        return FormTemplate(
            id=id_,
            version=version,
            title=self._text(keys["title"], "title"),
            intro=self._text(keys["intro"], "intro") if "intro" in keys else "",
            sections=sections,
            source=self._path,
            shipped=shipped,
        )

    def _section(self, node: Node, number: int) -> Section:
        where = f"Section {number}"
        keys = self._mapping(node, where, _SECTION_KEYS, {"title", "fields"})
        fields = tuple(self._field(item) for item in self._list(keys["fields"]))
        return Section(
            title=self._text(keys["title"], "title"),
            intro=self._text(keys["intro"], "intro") if "intro" in keys else "",
            fields=fields,
            for_sex=self._sexes(keys["for_sex"]) if "for_sex" in keys else (),
        )

    def _sexes(self, node: Node) -> tuple[str, ...]:
        named = tuple(self._scalar(item, "for_sex", str) for item in self._list(node))
        wrong = [sex for sex in named if sex not in SEXES]
        if wrong:
            raise self._fail(node, f"for_sex lists {' or '.join(SEXES)}, as in 'for_sex: [female]'")
        return named

    def _field(self, node: Node) -> Field:
        if not isinstance(node, MappingNode):
            raise self._fail(node, "each field must be a set of 'key: value' lines under a '-'")
        type_node = {key: value for key, _, value in self._pairs(node)}.get("type")
        if type_node is None:
            raise self._fail(node, "this field has no 'type:'; " + _TYPE_HINT)
        try:
            kind = FieldType(self._scalar(type_node, "type", str))
        except ValueError:
            raise self._fail(
                type_node, f"'{self._raw(type_node)}' is not a field type; {_TYPE_HINT}"
            ) from None
        required = {"text"} if kind is FieldType.PARAGRAPH else {"id", "label"}
        keys = self._mapping(node, f"A {kind.value} field", _KEYS_BY_TYPE[kind], required)
        values: dict[str, Any] = {"type": kind, "line": node.start_mark.line + 1}
        if "id" in keys:
            values["id"] = self._identifier(keys["id"], "id")
            if values["id"] in self._ids:
                raise self._fail(
                    keys["id"],
                    f"the field id '{values['id']}' is already used on line "
                    f"{self._ids[values['id']]}; every field needs its own id",
                )
            self._ids[values["id"]] = values["line"]
        else:
            values["id"] = ""
        for key in ("label", "help", "explain", "text"):
            if key in keys:
                values[key] = self._text(keys[key], key)
        if "required" in keys:
            values["required"] = self._scalar(keys["required"], "required", bool)
        self._limits(keys, values)
        if "bind" in keys:
            values["bind"] = self._binding(keys["bind"])
        if "width" in keys:
            values["width"] = self._width(keys["width"], kind)
        if "options" in keys:
            values["options"] = self._options(keys["options"])
        elif kind in (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE):
            raise self._fail(node, f"a {kind.value} field needs 'options:', a list of choices")
        return Field(**values)

    def _limits(self, keys: dict[str, Node], values: dict[str, Any]) -> None:
        if "max_length" in keys:
            values["max_length"] = self._positive(keys["max_length"], "max_length")
        if "lines" in keys:
            values["lines"] = self._positive(keys["lines"], "lines", most=30)
        for key in ("min", "max"):
            if key in keys:
                values[key] = float(self._scalar(keys[key], key, (int, float)))
        low, high = values.get("min"), values.get("max")
        if low is not None and high is not None and low > high:
            raise self._fail(keys["min"], "'min' is larger than 'max'; swap them")
        if "pattern" in keys:
            pattern = self._text(keys["pattern"], "pattern")
            try:
                re.compile(pattern)
            except re.error as error:
                raise self._fail(
                    keys["pattern"], f"the pattern is not a valid regular expression ({error})"
                ) from None
            values["pattern"] = pattern

    # Node checks, each naming the key and the expected shape.

    def _text(self, node: Node, key: str) -> str:
        text = self._plain_text(node, key)
        for name in PLACEHOLDER.findall(text) if key != "pattern" else ():
            if name not in PLACEHOLDERS:
                raise self._fail(
                    node,
                    f"'{{{name}}}' in '{key}' is not something the form can fill in; "
                    f"use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}",
                )
        return text

    def _identifier(self, node: Node, key: str) -> str:
        value = self._text(node, key)
        if not _ID.fullmatch(value):
            raise self._fail(
                node,
                f"'{key}' must be lower-case letters, digits, '-' or '_' (such as "
                f"'medical-history' or 'home_phone'), not '{value}'",
            )
        return value

    def _positive(self, node: Node, key: str, most: int = 100_000) -> int:
        value = self._scalar(node, key, int)
        if not 1 <= value <= most:
            raise self._fail(node, f"'{key}' must be a whole number from 1 to {most}")
        return int(value)

    def _binding(self, node: Node) -> str:
        value = self._text(node, "bind")
        if value not in BINDINGS:
            raise self._fail(
                node,
                f"'{value}' is not a chart fact a field can be filled from; see docs/forms.md "
                "for the list (such as patient.full_name or appointment.procedure)",
            )
        return value

    def _width(self, node: Node, kind: FieldType) -> str:
        value = self._text(node, "width")
        if value not in WIDTHS:
            raise self._fail(node, f"'width' must be full, half or third, not '{value}'")
        if value != "full" and kind not in NARROW_TYPES:
            raise self._fail(node, f"a {kind.value} field is always full width")
        return value

    def _options(self, node: Node) -> tuple[str, ...]:
        options = tuple(self._text(item, "options") for item in self._list(node))
        if len(set(options)) != len(options):
            raise self._fail(node, "the same option is listed twice")
        return options


_TYPE_HINT = "use one of: " + ", ".join(t.value for t in FieldType)
