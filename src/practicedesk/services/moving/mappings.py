"""How one kind of export is read: which column holds which field, what the old system's
values mean in PracticeDesk (its provider 3 is Dr. Park, its chair "OP2" is Chair 2, its
status 5 is a no-show), and whether its dates are written day first.

A mapping starts from a preset (interop/moving/presets.py), is changed on the import screen
or given as a JSON file, and is remembered in the practice after an import (synced, so any
PC reads the next export the same way). The JSON is the same everywhere:

    {"columns": {"patient_id": "PatNum", "starts": "AptDateTime"},
     "values": {"provider": {"1": "Dr. Ada Park"}, "status": {"5": "no-show"}},
     "day_first": false}

A flat {"field": "header"} object, as the patient import takes, is read as its columns.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput
from practicedesk.interop.csv_fields import FieldSet, header_key, load_json_object
from practicedesk.interop.moving.presets import Preset
from practicedesk.store.models import ImportMapping

_NAMESPACE = uuid.UUID("5b0c6f7e-2f38-4f0b-9c61-8f0f0a3c2d17")


@dataclass(frozen=True, slots=True)
class MoveMapping:
    columns: Mapping[str, str | None] = field(default_factory=dict)  # field → header
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # what → old → new
    day_first: bool = False

    def value_map(self, what: str) -> Mapping[str, str]:
        return self.values.get(what, {})

    def with_values(self, what: str, chosen: Mapping[str, str]) -> MoveMapping:
        """This mapping with `chosen` added to (and overriding) the values of `what`."""
        merged = {**self.values, what: {**self.values.get(what, {}), **chosen}}
        return MoveMapping(self.columns, merged, self.day_first)

    def to_json(self) -> str:
        return json.dumps(
            {
                "columns": dict(self.columns),
                "values": {what: dict(found) for what, found in self.values.items()},
                "day_first": self.day_first,
            },
            indent=2,
            sort_keys=True,
            ensure_ascii=False,
        )


def from_preset(preset: Preset, kind: str) -> MoveMapping:
    return MoveMapping(
        dict(preset.columns.get(kind, {})),
        {what: dict(found) for what, found in preset.values.get(kind, {}).items()},
    )


def load_file(data: bytes, fields: FieldSet, wanted: Sequence[str]) -> MoveMapping:
    """A mapping file as the import screen saves it (or a flat column mapping), checked:
    fields this kind has, text headers, text values for the things it maps (`wanted`)."""
    loaded = load_json_object(data, "mapping file", '{"columns": {"patient_id": "PatNum"}}')
    return _checked(loaded, fields, wanted, "mapping file")


def _checked(
    loaded: Mapping[str, object], fields: FieldSet, wanted: Sequence[str], where: str
) -> MoveMapping:
    if "columns" not in loaded and "values" not in loaded and "day_first" not in loaded:
        loaded = {"columns": loaded}
    unknown = set(loaded) - {"columns", "values", "day_first"}
    if unknown:
        raise InvalidInput(
            f"The {where} has {', '.join(sorted(unknown))}; it holds only columns, values and "
            "day_first."
        )
    columns = loaded.get("columns", {})
    values = loaded.get("values", {})
    day_first = loaded.get("day_first", False)
    if not isinstance(columns, dict) or not isinstance(values, dict):
        raise InvalidInput(f"In the {where}, columns and values must each be an object.")
    if not isinstance(day_first, bool):
        raise InvalidInput(f"In the {where}, day_first must be true or false.")
    fields.check_names(columns)
    for name, header in columns.items():
        if header is not None and not isinstance(header, str):
            raise InvalidInput(
                f"In the {where}, {name} must be a column's header in quotes (or null)."
            )
    for what, found in values.items():
        if what not in wanted:
            raise InvalidInput(
                f"The {where} gives values for {what!r}; this import matches only: "
                f"{', '.join(wanted) or 'none'}."
            )
        if not isinstance(found, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in found.items()
        ):
            raise InvalidInput(
                f'In the {where}, the values for {what} must be pairs of text, like {{"1": '
                '"Dr. Ada Park"}.'
            )
    return MoveMapping(dict(columns), {w: dict(v) for w, v in values.items()}, day_first)


def columns_in_file(
    headers: Sequence[str], *layers: Mapping[str, str | None]
) -> dict[str, str | None]:
    """The column choices of a preset and a remembered mapping that this file can honour:
    a column the file does not have is dropped (an older export, fewer columns) and found by
    its header name instead, where it can be. Later layers win."""
    keys = {header_key(header) for header in headers}
    chosen: dict[str, str | None] = {}
    for layer in layers:
        for name, header in layer.items():
            if header is None or header == "" or header_key(header) in keys:
                chosen[name] = header
    return chosen


def read_saved(session: Session, kind: str) -> MoveMapping | None:
    """The mapping remembered for `kind`; None if there is none or it no longer reads (a PC
    running an older version synced one this version does not know)."""
    row = session.get(ImportMapping, _row_id(kind))
    if row is None or row.deleted_at is not None:
        return None
    try:
        loaded = json.loads(row.body)
        return MoveMapping(
            dict(loaded.get("columns", {})),
            {what: dict(found) for what, found in loaded.get("values", {}).items()},
            bool(loaded.get("day_first", False)),
        )
    except (ValueError, TypeError, AttributeError):
        return None


def save(session: Session, kind: str, mapping: MoveMapping) -> bool:
    """Remember `mapping` for `kind`; False when it was remembered unchanged."""
    body = mapping.to_json()
    row = session.get(ImportMapping, _row_id(kind))
    if row is None:
        session.add(ImportMapping(id=_row_id(kind), kind=kind, body=body))
    elif row.body == body and row.deleted_at is None:
        return False
    else:
        row.body, row.deleted_at = body, None
    session.flush()
    return True


def _row_id(kind: str) -> uuid.UUID:
    """One row per kind on every PC, so two PCs remembering one kind write one row."""
    return uuid.uuid5(_NAMESPACE, f"import-mapping:{kind}")
