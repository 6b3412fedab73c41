"""A small JSON Schema validator for the schema planforge ships (no runtime dependency).

It knows the keywords ``schema/plan.schema.json`` uses (draft 2020-12): ``type``, ``enum``,
``const``, ``properties``, ``required``, ``additionalProperties``, ``items``, ``minItems``,
``maxItems``, ``uniqueItems``, ``minimum``, ``maximum``, ``minLength``, ``maxLength``,
``pattern`` and local ``$ref``; a schema using any other keyword is refused when it is
loaded, so the schema and this code cannot drift apart silently. The tests check that the
``jsonschema`` package agrees with it.

The first problem found is reported as :class:`SchemaViolation` with the path of the field
(``sessions[3].main[0].seconds``) and a sentence a person editing the file understands.
Two deliberate strictnesses beyond the standard: ``integer`` means a whole number written
without a fraction (``8``, not ``8.0``), and a ``number`` must be finite.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "plan.schema.json"

_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description"})
_KEYWORDS = frozenset({
    "type", "enum", "const", "properties", "required", "additionalProperties", "items",
    "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "minLength", "maxLength",
    "pattern", "$ref",
}) | _ANNOTATIONS
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


@functools.cache
def plan_schema() -> Mapping[str, Any]:
    schema: Mapping[str, Any] = json.loads(schema_bytes())
    _check_keywords(schema, "#")
    return schema


def validate(instance: Any, schema: Mapping[str, Any] | None = None) -> None:
    """Raise :class:`SchemaViolation` for the first way ``instance`` breaks the schema."""
    root = plan_schema() if schema is None else schema
    if schema is not None:
        _check_keywords(root, "#")
    _Validator(root).check(instance, root, "")


def _check_keywords(schema: Any, where: str) -> None:
    if isinstance(schema, bool):
        return
    if not isinstance(schema, dict):
        raise ValueError(f"schema at {where} is not an object")
    unknown = set(schema) - _KEYWORDS
    if unknown:
        raise ValueError(f"schema at {where} uses unsupported keywords: {sorted(unknown)}")
    for key in ("properties", "$defs"):
        for name, sub in schema.get(key, {}).items():
            _check_keywords(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties"):
        if key in schema:
            _check_keywords(schema[key], f"{where}/{key}")


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":  # an int is finite, and may be too large for math.isfinite
        return (isinstance(value, int | float) and not isinstance(value, bool)
                and (isinstance(value, int) or math.isfinite(value)))
    if name == "boolean":
        return isinstance(value, bool)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    if name == "null":
        return value is None
    raise ValueError(f"unknown type {name!r} in the schema")


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, bool) else str(value).lower()
    return text if len(text) <= 60 else text[:57] + "..."


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Validator:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def resolve(self, ref: str) -> Mapping[str, Any]:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported, not {ref!r}")
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node  # type: ignore[no-any-return]

    def fail(self, path: str, problem: str) -> SchemaViolation:
        return SchemaViolation(path, problem)

    def check(self, value: Any, schema: Mapping[str, Any] | bool, path: str) -> None:
        if schema is True:
            return
        if schema is False:
            raise self.fail(path, "is not allowed here")
        if "$ref" in schema:
            self.check(value, self.resolve(schema["$ref"]), path)
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_is_type(value, t) for t in types):
                words = " or ".join(_TYPE_WORDS[t] for t in types)
                raise self.fail(path, f"must be {words}, not {_show(value)}")
        if "const" in schema and not _same(value, schema["const"]):
            raise self.fail(path, f"must be {_show(schema['const'])}, not {_show(value)}")
        if "enum" in schema and not any(_same(value, v) for v in schema["enum"]):
            choices = ", ".join(str(v) for v in schema["enum"])
            raise self.fail(path, f"{_show(value)} is not one of: {choices}")
        if isinstance(value, str):
            self.check_string(value, schema, path)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self.check_number(value, schema, path)
        elif isinstance(value, list):
            self.check_array(value, schema, path)
        elif isinstance(value, dict):
            self.check_object(value, schema, path)

    def check_string(self, value: str, schema: Mapping[str, Any], path: str) -> None:
        low = schema.get("minLength")
        if low is not None and len(value) < low:
            raise self.fail(path, "must not be empty" if low == 1
                            else f"must be at least {low} characters long")
        high = schema.get("maxLength")
        if high is not None and len(value) > high:
            raise self.fail(path, f"is {len(value)} characters long; at most {high} are allowed")
        pattern = schema.get("pattern")
        if pattern is not None and not re.search(pattern, value, re.ASCII):
            what = schema.get("description", f"matching {pattern}")
            raise self.fail(path, f"{_show(value)} is not {what}")

    def check_number(self, value: float, schema: Mapping[str, Any], path: str) -> None:
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                raise self.fail(path, f"{_show(value)} is out of range; must be from {low} "
                                      f"to {high}")
            bound = f"at least {low}" if low is not None else f"at most {high}"
            raise self.fail(path, f"{_show(value)} is out of range; must be {bound}")

    def check_array(self, value: list[Any], schema: Mapping[str, Any], path: str) -> None:
        low, high = schema.get("minItems"), schema.get("maxItems")
        if low is not None and len(value) < low:
            raise self.fail(path, "must not be empty" if low == 1
                            else f"has {len(value)} items; it needs {low}")
        if high is not None and len(value) > high:
            raise self.fail(path, f"has {len(value)} items; at most {high} are allowed")
        if schema.get("uniqueItems"):
            for i, item in enumerate(value):
                if any(_same(item, earlier) for earlier in value[:i]):
                    raise self.fail(f"{path}[{i}]", f"{_show(item)} is repeated")
        items = schema.get("items")
        if items is not None:
            for i, item in enumerate(value):
                self.check(item, items, f"{path}[{i}]")

    def check_object(self, value: dict[str, Any], schema: Mapping[str, Any], path: str) -> None:
        properties: Mapping[str, Any] = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                raise self.fail(_join(path, key), "missing")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                self.check(item, properties[key], _join(path, str(key)))
            elif extra is False:
                raise self.fail(_join(path, str(key)),
                                f"unknown field; expected one of: {', '.join(properties)}")
            else:
                self.check(item, extra, _join(path, str(key)))


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return bool(a == b)
