"""The public API names its types: what the documented calls take or return is importable
from `practicedesk.api`, and docs/API.md, the calls' annotations and the exports agree."""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import practicedesk.api as api
from practicedesk.errors import PracticeDeskError
from practicedesk.services.session import PracticeSession

DOCS = (Path(__file__).resolve().parents[1] / "docs" / "API.md").read_text(encoding="utf-8")
TABLE_ROWS = [line for line in DOCS.splitlines() if line.startswith("|")]
SESSION_ROWS = re.findall(r"^\| `session\.(\w+)` \| (.*) \|$", DOCS, re.MULTILINE)


def _documented_calls(session: PracticeSession) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every call a row of the session table names, as `attribute.method`, and the
    functions named beside it; a name the docs give that does not exist fails here."""
    for attribute, cell in SESSION_ROWS:
        service = getattr(session, attribute)
        for method in sorted(set(re.findall(r"`(\w+)\(", cell) + re.findall(r" (\w+)\(", cell))):
            if method[0].isupper():
                continue  # a value built in place, e.g. `AuditFilter(...)`
            call = getattr(type(service), method, None) or getattr(api, method)
            yield f"{attribute}.{method}", call
    for name in ("open_practice", "create_practice", "recover_access"):
        yield name, getattr(api, name)


def _package_classes(hint: Any) -> Iterator[type]:
    if isinstance(hint, type) and hint.__module__.startswith("practicedesk."):
        yield hint
        return
    for argument in typing.get_args(hint):
        yield from _package_classes(argument)


def _taken_or_returned(calls: list[Callable[..., Any]]) -> set[type]:
    """The package's classes in the calls' annotations, and in the fields of those
    dataclasses in turn: a script reading `chart.policies[0].verifications` meets them too."""
    found: set[type] = set()
    waiting = [cls for call in calls for h in typing.get_type_hints(call).values()
               for cls in _package_classes(h)]  # fmt: skip
    while waiting:
        cls = waiting.pop()
        if cls in found:
            continue
        found.add(cls)
        if dataclasses.is_dataclass(cls):
            for hint in typing.get_type_hints(cls).values():
                waiting += _package_classes(hint)
    return found


def test_every_type_a_documented_call_takes_or_returns_is_exported(
    owner_session: PracticeSession,
) -> None:
    calls = dict(_documented_calls(owner_session))
    assert {"schedule.book", "insurance.verify", "audit.entries", "backups.make"} <= set(calls)
    missing = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in _taken_or_returned(list(calls.values()))
        if getattr(api, cls.__name__, None) is not cls
    )
    assert not missing, f"not importable from practicedesk.api: {missing}"


def test_every_export_is_in_all_and_documented() -> None:
    named = set(re.findall(r"`(\w+)", "\n".join(TABLE_ROWS)))
    public = {
        name
        for name, value in vars(api).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("practicedesk")
    }
    assert public == set(api.__all__), "an import in api.py that __all__ leaves out, or the reverse"
    assert set(api.__all__) - named == set(), "exported but not in docs/API.md's tables"


def test_every_class_the_docs_tables_name_is_exported() -> None:
    """A class named in a table is one a script will want to import; the errors are the
    exception, living in practicedesk.errors as the docs say."""
    classes = {
        name: value
        for module_name, module in list(sys.modules.items())
        if module_name.startswith("practicedesk.") and module is not None
        for name, value in vars(module).items()
        if isinstance(value, type) and value.__module__ == module_name
    }
    named = set(re.findall(r"`([A-Z]\w*)", "\n".join(TABLE_ROWS)))
    documented_classes = {name for name in named if name in classes}
    assert {"NewAppointment", "VerificationEntry", "OwnerPassword"} <= documented_classes
    missing = sorted(
        name
        for name in documented_classes
        if name not in api.__all__ and not issubclass(classes[name], PracticeDeskError)
    )
    assert not missing, f"named in docs/API.md but not exported by practicedesk.api: {missing}"
