"""What a form template is, once read: frozen values the screens, the printer and the
signed-form store can share without caring which file (or version) they came from."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    NUMBER = "number"
    PHONE = "phone"
    EMAIL = "email"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    SIGNATURE = "signature"
    INITIALS = "initials"
    PARAGRAPH = "paragraph"


# Types short enough to share a printed line with their neighbours (width: half or third).
NARROW_TYPES = frozenset(
    {
        FieldType.TEXT,
        FieldType.DATE,
        FieldType.NUMBER,
        FieldType.PHONE,
        FieldType.EMAIL,
        FieldType.SINGLE_CHOICE,
    }
)
WIDTHS = {"full": 1.0, "half": 0.5, "third": 1 / 3}


@dataclass(frozen=True, slots=True)
class Field:
    id: str  # unique in the template; "" for a static paragraph without one
    type: FieldType
    label: str = ""
    required: bool = False
    help: str = ""
    bind: str = ""  # a name from bindings.BINDINGS, or ""
    width: str = "full"  # full, half, third
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    pattern: str = ""
    options: tuple[str, ...] = ()
    lines: int = 3  # writing lines a blank long_text gets
    explain: str = ""  # yes_no: the "please explain" prompt, or "" for none
    text: str = ""  # paragraph: the words printed
    line: int = 0  # where the field starts in its file, for messages


SEXES = ("female", "male")  # the recorded sexes a section may be limited to


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    fields: tuple[Field, ...]
    intro: str = ""
    for_sex: tuple[str, ...] = ()  # empty: everyone; else only patients recorded so (or not)

    def applies_to(self, sex: str) -> bool:
        """A section for women is left out for a patient recorded as male, and the reverse;
        asked of everyone else (sex not recorded, unknown or intersex), and always printed
        on a blank form, where nobody is known yet."""
        return not self.for_sex or sex not in SEXES or sex in self.for_sex


@dataclass(frozen=True, slots=True)
class FormTemplate:
    id: str
    version: int
    title: str
    sections: tuple[Section, ...]
    intro: str = ""
    source: Path | None = None  # the file it was read from
    shipped: bool = True  # False for a practice's own template

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    def for_patient(self, sex: str, answered: Collection[str] = ()) -> FormTemplate:
        """The form as this patient sees and signs it: sections for the other sex left out,
        unless they hold an answer already (the chart's sex was changed since)."""
        return replace(self, sections=tuple(
            s for s in self.sections
            if s.applies_to(sex) or any(f.id in answered for f in s.fields)
        ))  # fmt: skip

    def field(self, field_id: str) -> Field:
        for candidate in self.fields:
            if candidate.id == field_id:
                return candidate
        raise KeyError(field_id)
