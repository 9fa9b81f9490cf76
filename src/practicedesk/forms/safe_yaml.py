"""Reading a template file into YAML nodes that remember their line, refusing what a form
never needs but an attacker or an accident could use: files too big to be a form, nesting
deeper than a form goes, and anchors and aliases (`&x`, `*x`), which `yaml.safe_load` would
happily expand into millions of values from a few lines ("billion laughs")."""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import Node

from practicedesk.errors import PracticeDeskError

MAX_BYTES = 256 * 1024  # the longest shipped template is under 20 KB
MAX_DEPTH = 12  # a template needs 5: template → sections → section → fields → field → options


class TemplateError(PracticeDeskError):
    """A template file that cannot be used; the message names the file and the line."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path.name}, line {line}" if line else path.name
        super().__init__(f"The form template {where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


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
    loader = _GuardedLoader(text, path)
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
