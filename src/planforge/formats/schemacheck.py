"""The plan format's JSON Schema (``schema/plan.schema.json``), checked by ``fastjsonschema``.

The schema ships in the package and ``planforge schema`` prints it; :func:`validate` checks a
parsed document against it with `fastjsonschema <https://pypi.org/project/fastjsonschema/>`_
(draft 7; pure Python, so it runs in the browser page on Pyodide too; chosen by measurement,
docs/design.md "Which JSON Schema validator, measured"), and turns the validator's first error
into :class:`SchemaViolation`: the path of the field (``sessions[3].main[0].seconds``) and a
sentence a person editing the file understands (``0 is out of range; must be from 1 to 104``),
built from the error's keyword and the schema's own values, never from the validator's English.

What a schema cannot say stays in :mod:`planforge.formats.planfile` (real dates and zones,
workouts inside the plan, numbers that agree with one another). JSON has one kind of number:
as the standard says, ``8.0`` is a whole number; :func:`validate` hands back the document with
such numbers as ``int`` so that nothing after it sees a float where it counts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "plan.schema.json"

#: a plan document nests 8 levels deep (sessions[3].main[0].segments[1].seconds)
MAX_DEPTH = 64

_TYPE_WORDS = {
    "string": "a string", "integer": "a whole number", "number": "a number",
    "boolean": "true or false", "array": "an array", "object": "a table (object)",
    "null": "null (in TOML: left out)",
}


class SchemaViolation(ValueError):
    """``field`` (a path like ``plan.days[2]``, empty for the whole document) is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


def schema_bytes() -> bytes:
    """The shipped schema file, exactly as ``planforge schema`` prints it."""
    return SCHEMA_PATH.read_bytes()


def plan_schema() -> Mapping[str, Any]:
    """The shipped schema, parsed."""
    schema: Mapping[str, Any] = json.loads(schema_bytes())
    return schema


def validate(instance: Any, schema: Mapping[str, Any] | None = None) -> Any:
    """Raise :class:`SchemaViolation` for the first way ``instance`` breaks ``schema`` (the
    plan schema when None), in the order the schema lists its fields (the order planforge
    writes them); else return ``instance`` with whole floats (``8.0``) as ints.

    The validator is generated for each call (fastjsonschema writes Python code for the schema:
    about 80 ms for the plan schema, then some 25 ms for a 52-week plan): nothing is kept
    between calls.
    """
    import fastjsonschema  # here: only the plan-file commands read a plan file

    root = plan_schema() if schema is None else schema
    # JSON cannot hold NaN or infinity, TOML can; the schema has no word for them
    bad_number = _first_non_finite(instance, ())
    if bad_number is not None:
        value = _at(instance, bad_number)
        raise SchemaViolation(_field(bad_number), f"{value} is not a number a plan can hold")
    check = fastjsonschema.compile(dict(root))
    try:
        check(instance)
    except fastjsonschema.JsonSchemaValueException as error:
        raise _violation(error, instance) from None
    return _whole_numbers(instance)


def _violation(error: Any, instance: Any) -> SchemaViolation:
    """The validator's error (its keyword ``rule``, the subschema that holds it, and the path
    in the document, led by the name ``data``) as a field and a sentence."""
    path = _document_path(instance, error.path[1:])
    value = _at(instance, path)
    keyword = str(error.rule)
    here: Mapping[str, Any] = error.definition
    if keyword == "required":
        missing = next(k for k in here.get("required", ()) if k not in value)
        return SchemaViolation(_field((*path, missing)), "missing")
    if keyword == "additionalProperties":
        known = here.get("properties", {})
        extra = next(k for k in value if k not in known)
        return SchemaViolation(_field((*path, extra)),
                               f"unknown field; expected one of: {', '.join(known)}")
    if keyword == "uniqueItems":
        i = next(i for i, item in enumerate(value)
                 if any(_same(item, earlier) for earlier in value[:i]))
        return SchemaViolation(_field((*path, i)), f"{_show(value[i])} is repeated")
    return SchemaViolation(_field(path), _problem(keyword, value, here))


def _document_path(instance: Any, steps: Sequence[Any]) -> tuple[Any, ...]:
    """fastjsonschema's path (array indexes written as strings) with indexes as ints."""
    path: list[Any] = []
    node = instance
    for step in steps:
        part = int(step) if isinstance(node, list) else step
        path.append(part)
        node = node[part]
    return tuple(path)


def _problem(keyword: str, value: Any, here: Mapping[str, Any]) -> str:
    if keyword == "type":
        types = here["type"] if isinstance(here["type"], list) else [here["type"]]
        return f"must be {' or '.join(_TYPE_WORDS[t] for t in types)}, not {_show(value)}"
    if keyword == "const":
        return f"must be {_show(here['const'])}, not {_show(value)}"
    if keyword == "enum":
        return f"{_show(value)} is not one of: {', '.join(str(v) for v in here['enum'])}"
    if keyword in ("minimum", "maximum"):
        low, high = here.get("minimum"), here.get("maximum")
        if low is not None and high is not None:
            return f"{_show(value)} is out of range; must be from {low} to {high}"
        bound = f"at least {low}" if low is not None else f"at most {high}"
        return f"{_show(value)} is out of range; must be {bound}"
    if keyword == "minLength":
        low = here["minLength"]
        return "must not be empty" if low == 1 else f"must be at least {low} characters long"
    if keyword == "maxLength":
        return f"is {len(value)} characters long; at most {here['maxLength']} are allowed"
    if keyword == "pattern":
        return f"{_show(value)} is not {here.get('description', 'matching ' + here['pattern'])}"
    if keyword == "minItems":
        low = here["minItems"]
        return "must not be empty" if low == 1 else f"has {len(value)} items; it needs {low}"
    if keyword == "maxItems":
        return f"has {len(value)} items; at most {here['maxItems']} are allowed"
    return f"breaks the schema's {keyword!r}"


def _first_non_finite(value: Any, path: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The path of the first NaN or infinity; :class:`SchemaViolation` for nesting deeper than
    any plan (the generated validator recurses once a level; Python stops at about a thousand)."""
    if isinstance(value, float) and not math.isfinite(value):
        return path
    if len(path) > MAX_DEPTH:
        raise SchemaViolation("", "is nested too deeply to be a plan file")
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _first_non_finite(item, (*path, key))
        if found is not None:
            return found
    return None


def _whole_numbers(value: Any) -> Any:
    """``value`` with every float that is a whole number as an int (8.0 -> 8)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


def _at(node: Any, path: Sequence[Any]) -> Any:
    for part in path:
        node = node[part]
    return node


def _field(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, bool) else str(value).lower()
    return text if len(text) <= 60 else text[:57] + "..."


def _same(a: Any, b: Any) -> bool:
    """JSON equality, as uniqueItems means it: true is not 1, 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return bool(a == b)
