"""Loading a whole set of definitions (form templates, packets): the shipped ones, then the
practice's own, which win on a shared id.

Templates and packets are found and overridden the same way, so the rule lives here once: a
file that cannot be used is logged and reported among the set's problems rather than
stopping the rest, and two files in one folder with the same id are refused (the second would
silently hide the first)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol, TypeVar

from practicedesk.forms.safe_yaml import DefinitionError, line_of_key, yaml_files

log = logging.getLogger(__name__)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Definition = TypeVar("Definition", bound=_Identified)
Problem = TypeVar("Problem", bound=DefinitionError)


def load_definitions(
    shipped_folder: Path,
    own_folder: Path | None,
    own: Mapping[str, bytes] | None,
    *,
    from_file: Callable[[Path, bool], Definition],
    from_text: Callable[[bytes, str], Definition],
    problem: type[Problem],
) -> tuple[dict[str, Definition], list[Problem]]:
    """Files in `shipped_folder`, then in `own_folder`, then `own`: texts kept elsewhere (the
    database) by a name for messages. `from_file(path, shipped)` and `from_text(raw, name)`
    read one definition, raising `problem` for one that cannot be used."""
    found: dict[str, Definition] = {}
    problems: list[Problem] = []
    for folder, shipped in ((shipped_folder, True), (own_folder, False)):
        if folder is None or not folder.is_dir():
            continue
        seen: dict[str, Path] = {}
        for path in yaml_files(folder):
            try:
                definition = from_file(path, shipped)
                if definition.id in seen:
                    raise problem(
                        path, line_of_key(path, "id"),
                        f"has the id '{definition.id}', which {seen[definition.id].name} in the "
                        "same folder already uses; give one of them another id",
                    )  # fmt: skip
            except problem as error:
                log.warning("Skipped a broken %s: %s", problem.kind, error.message)
                problems.append(error)
                continue
            seen[definition.id] = path
            found[definition.id] = definition
    for name, raw in sorted((own or {}).items()):
        try:
            definition = from_text(raw, name)
        except problem as error:
            log.warning("Skipped a broken %s: %s", problem.kind, error.message)
            problems.append(error)
            continue
        found[definition.id] = definition
    return found, problems
