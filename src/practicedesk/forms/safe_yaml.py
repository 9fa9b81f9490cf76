"""Reading a template file into YAML nodes that remember their line, refusing what a form
never needs but an attacker or an accident could use: files too big to be a form, nesting
deeper than a form goes, and anchors and aliases (`&x`, `*x`), which `yaml.safe_load` would
happily expand into millions of values from a few lines ("billion laughs")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from practicedesk.errors import PracticeDeskError

MAX_BYTES = 256 * 1024  # the longest shipped template is under 20 KB
MAX_DEPTH = 12  # a template needs 5: template → sections → section → fields → field → options


class DefinitionError(PracticeDeskError):
    """A definition file (a form template, a packet) that cannot be used; the message names
    the kind of file, the file and the line, for the owner who wrote it to correct."""

    kind = "file"

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path.name}, line {line}" if line else path.name
        super().__init__(f"The {self.kind} {where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class TemplateError(DefinitionError):
    kind = "form template"


class _GuardedLoader(yaml.SafeLoader):
    def __init__(self, text: str, path: Path) -> None:
        super().__init__(text)
        self._path = path
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise TemplateError(
                self._path,
                line,
                "uses a YAML anchor or alias (& or *); write each value out in full instead",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise TemplateError(
                self._path, line, f"is nested more than {MAX_DEPTH} levels deep; a form never is"
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_nodes(path: Path) -> tuple[Node, _GuardedLoader]:
    """The file's single YAML document as nodes, with the loader that turns scalars into
    values; every refusal is a TemplateError saying where and why."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TemplateError(
                path,
                None,
                f"is {size // 1024} KB; a template may be at most {MAX_BYTES // 1024} KB",
            )
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as error:
        raise TemplateError(path, None, f"could not be read ({error.strerror})") from error
    return nodes_of(raw, path)


def nodes_of(raw: bytes, path: Path) -> tuple[Node, _GuardedLoader]:
    """The same, for a template's bytes from elsewhere (the copy kept with a signed form);
    `path` only names it in messages."""
    if len(raw) > MAX_BYTES:
        raise TemplateError(path, None, f"is larger than {MAX_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TemplateError(
            path, raw[: error.start].count(b"\n") + 1, "is not UTF-8 text; save it as UTF-8"
        ) from error
    try:
        loader = _GuardedLoader(text, path)
    except ReaderError as error:
        raise _unacceptable(path, text, error) from error
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "is not valid YAML"
        raise TemplateError(
            path,
            line,
            f"is not valid YAML ({problem}); check the indentation, and put text that holds "
            "a colon or starts with a quote in quotes",
        ) from error
    except yaml.YAMLError as error:
        raise TemplateError(path, None, f"is not valid YAML ({error})") from error
    finally:
        loader.dispose()
    if node is None:
        raise TemplateError(path, 1, "is empty")
    return node, loader


# Characters an editor shows as nothing or as a box: named, so the owner knows what to delete.
_CONTROL_NAMES = {
    0x00: "a NUL character",
    0x07: "a bell character",
    0x08: "a backspace",
    0x0B: "a vertical tab",
    0x0C: "a form feed (page break)",
    0x1B: "an escape character (ESC)",
    0x7F: "a delete character",
}


def _unacceptable(path: Path, text: str, error: ReaderError) -> TemplateError:
    """YAML refuses control characters (a page break pasted from a word processor, a stray
    NUL or ESC) before it reads a line, so its error has only an offset: name the line and
    the character instead."""
    line = text.count("\n", 0, error.position) + 1
    code = int(error.character)  # a code point: the loader was given text, not bytes
    control = code < 0x20 or 0x7F <= code <= 0x9F
    name = _CONTROL_NAMES.get(code, "a control character" if control else "a character")
    return TemplateError(
        path,
        line,
        f"holds {name}, U+{code:04X}, which a template may not contain; it is usually "
        "invisible: delete it, or retype the line",
    )


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a templates or packets folder, in a stable order."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def line_of_key(path: Path, key: str) -> int | None:
    """Where a top-level key is written, for a message about the file as a whole."""
    for number, text in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
        if text.startswith(f"{key}:"):
            return number
    return None


class NodeReader:
    """The checks form templates and packets share: each names the key and the shape it
    expected; `_fail` makes the error of the kind of file being read."""

    def __init__(self, path: Path, loader: yaml.SafeLoader) -> None:
        self._path = path
        self._loader = loader

    def _fail(self, node: Node, problem: str) -> PracticeDeskError:
        raise NotImplementedError

    def _pairs(self, node: MappingNode) -> list[tuple[str, Node, Node]]:
        """(key, key node, value node): a wrong key is reported on its own line."""
        pairs: list[tuple[str, Node, Node]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self._fail(key_node, "a key must be a plain word such as 'label'")
            pairs.append((str(key_node.value), key_node, value_node))
        return pairs

    def _mapping(
        self, node: Node, what: str, allowed: set[str], required: set[str]
    ) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self._fail(node, f"{what} must be a set of 'key: value' lines")
        keys: dict[str, Node] = {}
        for key, key_node, value in self._pairs(node):
            if key in keys:
                raise self._fail(key_node, f"'{key}' is given twice; keep one")
            if key not in allowed:
                raise self._fail(
                    key_node,
                    f"'{key}' is not a key {what.lower()} takes (it takes: "
                    f"{', '.join(sorted(allowed))})",
                )
            keys[key] = value
        missing = sorted(required - keys.keys())
        if missing:
            raise self._fail(node, f"{what} needs '{missing[0]}:'")
        return keys

    def _list(self, node: Node) -> list[Node]:
        if not isinstance(node, SequenceNode) or not node.value:
            raise self._fail(node, "expected a list of one or more items, each starting with '-'")
        return list(node.value)

    def _raw(self, node: Node) -> str:
        """The value as written, cut short so that a message stays one readable line."""
        if not isinstance(node, ScalarNode):
            return "(a list or mapping)"
        text = str(node.value)
        return text if len(text) <= 60 else text[:59] + "…"

    def _value(self, node: Node) -> Any:
        """A scalar's value as YAML reads it, or None for one it cannot read: a date that is
        no date (2024-13-45), a number with thousands of digits, a tag YAML does not know."""
        if not isinstance(node, ScalarNode):
            return None
        try:
            return self._loader.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return None

    def _scalar(self, node: Node, key: str, kind: type | tuple[type, ...]) -> Any:
        value = self._value(node)
        wanted = kind if isinstance(kind, tuple) else (kind,)
        if value is None or (isinstance(value, bool) and bool not in wanted):
            value = None
        if not isinstance(value, wanted):
            names = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
            expected = " or ".join(names[k] for k in wanted)
            raise self._fail(node, f"'{key}' must be {expected}, not '{self._raw(node)}'")
        return value

    def _plain_text(self, node: Node, key: str) -> str:
        """Text, trimmed and not empty; the caller checks what its braces may name."""
        if not (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:str"):
            raise self._fail(
                node, f"'{key}' must be text; put it in quotes if it looks like a number or yes/no"
            )
        text = str(node.value).strip()
        if not text:
            raise self._fail(node, f"'{key}' is empty")
        return text
