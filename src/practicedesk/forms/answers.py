"""What an answer to a field may be, and the template's rules an answer must keep before a
form can be signed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from practicedesk.forms.model import Field, FieldType, FormTemplate


@dataclass(frozen=True, slots=True)
class YesNo:
    answer: bool | None  # None: not answered
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class Signature:
    signer: str  # the name printed under the signature
    signed_on: str  # the date (and time) as the office prints it
    image_png: bytes | None = None  # the strokes, when signed on screen


# Text-like fields, a single choice, a scale's point ("4"), dates and numbers arrive as the
# strings to print; a multiple choice as the options ticked.
Answer = str | tuple[str, ...] | YesNo | Signature


def problems(template: FormTemplate, answers: Mapping[str, Answer]) -> list[str]:
    """Every rule the answers break, in the form's order, worded for the person filling it:
    a form with any problem cannot be signed."""
    found = []
    for field in template.fields:
        if field.type is FieldType.PARAGRAPH:
            continue
        message = _problem(field, answers.get(field.id))
        if message:
            found.append(f"{field.label or field.id}: {message}")
    return found


def _problem(field: Field, answer: Answer | None) -> str:
    if _is_empty(answer):
        return "please fill this in" if field.required else ""
    if isinstance(answer, str):
        if field.max_length is not None and len(answer) > field.max_length:
            return f"at most {field.max_length} characters, please"
        if field.pattern and not re.fullmatch(field.pattern, answer):
            return "this does not look right; please check it"
        if field.type is FieldType.NUMBER:
            return _number_problem(field, answer)
        if field.type is FieldType.SINGLE_CHOICE and answer not in field.options:
            return "please choose one of the options"
        if field.type is FieldType.SCALE and answer not in field.options:
            return f"please choose a number from {field.options[0]} to {field.options[-1]}"
    if isinstance(answer, tuple) and not set(answer) <= set(field.options):
        return "please choose from the options"
    explained = isinstance(answer, YesNo) and answer.explanation.strip()
    if isinstance(answer, YesNo) and answer.answer and field.explain and not explained:
        return field.explain.rstrip(".?") + ", please"  # "Yes" to an allergy, but to what?
    return ""


def _number_problem(field: Field, answer: str) -> str:
    try:
        number = float(answer)
    except ValueError:
        return "please write a number"
    if field.min is not None and number < field.min:
        return f"at least {field.min:g}, please"
    if field.max is not None and number > field.max:
        return f"at most {field.max:g}, please"
    return ""


def _is_empty(answer: Answer | None) -> bool:
    if answer is None:
        return True
    if isinstance(answer, YesNo):
        return answer.answer is None
    if isinstance(answer, Signature):
        return not answer.signer.strip() and answer.image_png is None
    if isinstance(answer, str):
        return not answer.strip()
    return not answer
