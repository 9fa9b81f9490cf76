"""Answers as JSON text, for drafts and signed forms in the database: one canonical form
(sorted keys, no spaces), so the same answers always give the same bytes and a signed
form's hash can be checked again years later."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from practicedesk.forms.answers import Answer, Signature, YesNo

MAX_CHARS = 8 * 1024 * 1024  # a signature image is tens of KB; a whole form never this much


def encode(answers: Mapping[str, Answer]) -> str:
    return json.dumps(
        {key: _plain(value) for key, value in answers.items()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def decode(text: str) -> dict[str, Answer]:
    """Refuses what `encode` never writes, so a damaged or altered row is not half-read."""
    if len(text) > MAX_CHARS:
        raise ValueError("the stored answers are too large to be a form's")
    raw = json.loads(text)
    if not isinstance(raw, dict):
        raise ValueError("the stored answers are not a mapping")
    return {str(key): _answer(value) for key, value in raw.items()}


def _plain(value: Answer) -> Any:
    if isinstance(value, YesNo):
        return {"yes": value.answer, "explanation": value.explanation}
    if isinstance(value, Signature):
        image = base64.b64encode(value.image_png).decode("ascii") if value.image_png else None
        return {"signer": value.signer, "signed_on": value.signed_on, "png": image}
    if isinstance(value, tuple):
        return list(value)
    return value


def _answer(value: Any) -> Answer:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    if isinstance(value, dict) and set(value) == {"yes", "explanation"}:
        if value["yes"] not in (True, False, None) or not isinstance(value["explanation"], str):
            raise ValueError("a stored yes/no answer is malformed")
        return YesNo(value["yes"], value["explanation"])
    if isinstance(value, dict) and set(value) == {"signer", "signed_on", "png"}:
        png = value["png"]
        image = base64.b64decode(png, validate=True) if isinstance(png, str) else None
        return Signature(str(value["signer"]), str(value["signed_on"]), image)
    raise ValueError("a stored answer is of no known kind")
