"""The words of an appointment reminder: the owner's template and what fills it.

A reminder leaves the office by ordinary e-mail, so by default it says as little as lets
the patient come: their first name, the day and time, and the practice's name and phone.
What the visit is for (`{procedure}`) and with whom (`{provider}`) go in only where the
owner writes them into the template. A template is plain text with `{name}` placeholders
from the list below and nothing else: no format specifications and no attribute look-ups,
so a template can never reach into the program; a value put in is never read as a
placeholder in its turn. Pure: the caller formats the day and time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from practicedesk.domain.reminders import ReminderRule

PLACEHOLDERS: dict[str, str] = {
    "first_name": "the patient's first name (or the name they go by)",
    "day": "the visit's day, e.g. Tuesday, March 3",
    "time": "the visit's time, e.g. 9:30 AM",
    "practice_name": "the practice's name",
    "practice_phone": "the practice's phone",
    "provider": "who the visit is with (only if you add it)",
    "procedure": "what the visit is for (health information: only if you add it)",
}
MINIMAL = frozenset({"first_name", "day", "time", "practice_name", "practice_phone"})

DEFAULT_SUBJECT = "Your appointment at {practice_name} on {day}"
DEFAULT_TEXT = """Hello {first_name},

This is a reminder of your appointment at {practice_name} on {day} at {time}.

If you need to change it, please call us at {practice_phone}.

{practice_name}
"""

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_STRAY = re.compile(r"[{}]")


def template_problems(template: str) -> list[str]:
    """Sentences naming what is wrong with a template; none when it can be used."""
    problems = []
    for name in _PLACEHOLDER.findall(template):
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{known}}}" for known in PLACEHOLDERS)
            problems.append(f"{{{name}}} is not a placeholder PracticeDesk knows ({known}).")
    if _STRAY.search(_PLACEHOLDER.sub("", template)):
        problems.append("A brace { or } stands alone: placeholders are written like {day}.")
    return problems


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with each placeholder replaced by its value, in one pass."""
    if problems := template_problems(template):
        raise ValueError(problems[0])
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), template)


def health_details(template: str) -> list[str]:
    """The placeholders beyond the minimum a template uses, for the owner to see."""
    return sorted(set(_PLACEHOLDER.findall(template)) - MINIMAL)


def rule_text(rule: ReminderRule) -> str:
    """How a rule reads, and its key in a reminder's id: "2 days before at 10:00"."""
    at = rule.at.strftime("%H:%M")
    if rule.days_before == 0:
        return f"the same day at {at}"
    if rule.days_before == 1:
        return f"the day before at {at}"
    return f"{rule.days_before} days before at {at}"
