"""Writing a plan file: the ``planforge-plan/1`` document as TOML (or JSON, :mod:`..json`)."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from ...core.model import Plan
from ..json import FORMAT, plan_to_dict, plan_to_json
from .read import Kind


def dump(plan: Plan, kind: Kind) -> bytes:
    """The plan as a plan file of the given kind."""
    return plan_to_toml(plan) if kind == "toml" else plan_to_json(plan)


def plan_to_toml(plan: Plan) -> bytes:
    """The ``planforge-plan/1`` document as TOML: the same structure as the JSON output.

    TOML has no null: a null value (``timezone``, ``time``, ``reached_most_days_week``,
    ``time.default``) is a key left out. Dates stay strings, as in JSON, so both kinds
    parse to the same data. A comment header says what the file is and how to render it.
    """
    doc = plan_to_dict(plan)
    lines = [
        f"# planforge plan file ({FORMAT}): {plan.weeks} week"
        f"{'s' if plan.weeks != 1 else ''}, {plan.start.isoformat()} to "
        f"{plan.end.isoformat()}, {len(plan.sessions)} workouts.",
        "# Edit it by hand if you like (titles, notes, dates, main sets), then:",
        "#   planforge check FILE.toml     check it against the training rules",
        "#   planforge render FILE.toml    write it as a calendar (.ics); --start, --tz,",
        "#                                 --time and --days re-base it on your own",
        "# A run's main set decides its minutes: run_min, walk_min, longest_run_min,",
        "# on_feet_min, total_run_min and duration_min are here to read and must agree",
        "# with it (delete them after editing main). The format: planforge's",
        "# docs/plan-files.md; planforge schema.",
        f"format = {_toml_value(doc['format'])}",
        "",
        "[plan]",
    ]
    for key, value in doc["plan"].items():
        if value is None:
            lines.append(f"# {key}: {_NULL_NOTES.get(key, 'none')}")
            continue
        lines.extend(_toml_pair(key, value))
    for session in doc["sessions"]:
        lines += ["", "[[sessions]]"]
        exercises = session["exercises"]
        for key, value in session.items():
            if key == "exercises" and exercises:
                continue
            lines.extend(_toml_pair(key, value))
        for exercise in exercises:
            lines += ["", "[[sessions.exercises]]"]
            for key, value in exercise.items():
                lines.extend(_toml_pair(key, value))
    return ("\n".join(lines) + "\n").encode("utf-8")


_NULL_NOTES = {
    "timezone": "left out: all-day events (timed ones need time and an IANA zone)",
    "time": 'left out: all-day events (for timed ones: time = { default = "07:00" })',
    "reached_most_days_week": "left out: 30 minutes on most days is not reached in this plan",
    "equipment_choice": "left out: made without --equipment (any equipment)",
    "outcome": "left out: the plan has no runs",
}
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r",
                 "\b": "\\b", "\f": "\\f"}


#: what a TOML string escapes: the quote, the backslash, Unicode category Cc (a fixed set:
#: C0, DEL, C1) and the lone surrogates (category Cs, refused); one search at C speed finds
#: that most strings hold none (batch writes a plan file per member)
_TOML_SPECIAL = re.compile('["\\\\\x00-\x1f\x7f-\x9f\ud800-\udfff]')


def _toml_string(text: str) -> str:
    if _TOML_SPECIAL.search(text) is None:
        return f'"{text}"'
    return '"' + _TOML_SPECIAL.sub(_toml_escape, text) + '"'


def _toml_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _TOML_ESCAPES:
        return _TOML_ESCAPES[char]
    if unicodedata.category(char) == "Cs":
        raise ValueError(f"a lone surrogate U+{ord(char):04X} cannot be written as TOML")
    return f"\\u{ord(char):04X}"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written as a plan number")
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = [f"{key} = {_toml_value(item)}" for key, item in value.items()
                 if item is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_pair(key: str, value: Any) -> list[str]:
    """``key = value``; a long array of strings or tables one item a line, for reading."""
    line = f"{key} = {_toml_value(value)}"
    if (isinstance(value, list) and len(line) > 100
            and all(isinstance(v, str | dict) for v in value)):
        return [f"{key} = [", *(f"  {_toml_value(item)}," for item in value), "]"]
    return [line]
