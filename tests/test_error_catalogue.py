"""The error catalogue in docs/errors.md ('Error messages', issue 6 part 7) matches the source.

* Every message the catalogue lists exists in ``src/planforge``: each literal piece of it
  (between the ``…`` placeholders) is in one of the source's strings. f-strings are read with
  the module constants they name filled in (``{MAX_TEMPLATE_BYTES}`` is 262144), the rest
  as ``…``.
* Every error planforge raises for a user (a ``PlanforgeError`` subclass, or ``fail`` in a
  click parameter type, the template and plan-file readers and the schema check) is in the
  catalogue: a new message needs a row there.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "planforge"
ERRORS = {"UsageError", "TemplateError", "PlanFileError", "OutputError", "UnknownGoalError",
          "RuleBreakError", "PlanforgeError", "FileError", "ExtraMissingError"}


#: where the catalogue is (issue 20 moved it from README.md): its "## Error messages"
#: section, to the next section of that level or the end of the file
CATALOGUE = ROOT / "docs" / "errors.md"


def catalogue() -> str:
    text = CATALOGUE.read_text(encoding="utf-8")
    start = text.index("\n## Error messages\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def catalogued_patterns() -> list[str]:
    """The backticked messages in the first column of the catalogue's tables."""
    patterns = []
    for line in catalogue().splitlines():
        if not line.startswith("| `"):
            continue
        first = line.split(" | ")[0].removeprefix("| ")
        patterns += re.findall(r"`([^`]+)`", first)
    return patterns


def _value(node: ast.expr, namespace: dict[str, Any]) -> str:
    """A string expression as text: constants kept, names of module constants filled in,
    anything else ``…``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value))
                continue
            assert isinstance(part, ast.FormattedValue)
            try:
                value = eval(compile(ast.Expression(part.value), "<f>", "eval"), namespace)
                spec = _value(part.format_spec, namespace) if part.format_spec else ""
                if part.conversion == ord("r"):
                    value = repr(value)
                out.append(format(value, spec) if isinstance(value, int | str) else "…")
            except Exception:
                out.append("…")
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _value(node.left, namespace) + _value(node.right, namespace)
    return "…"


def _modules() -> Iterator[tuple[str, ast.Module, dict[str, Any]]]:
    for path in sorted(SRC.rglob("*.py")):
        dotted = ".".join(path.relative_to(SRC).with_suffix("").parts)
        dotted = dotted.removesuffix(".__init__").removesuffix("__init__")
        name = f"planforge.{dotted}".rstrip(".")
        module = importlib.import_module(name) if path.stem != "__main__" else None
        namespace = dict(vars(module)) if module is not None else {}
        yield str(path.relative_to(SRC)), ast.parse(path.read_text(encoding="utf-8")), namespace


def source_strings() -> list[str]:
    out = []
    for _, tree, namespace in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant | ast.JoinedStr):
                out.append(_value(node, namespace))
    return out


def pieces(message: str, shortest: int = 4) -> list[str]:
    """The literal parts of a message: split at ``…``, '; ' and ', ', trimmed."""
    parts = re.split(r"…|; |, ", message)
    trimmed = (p.strip(" :;,.'\"()[]/|") for p in parts)
    return [p for p in trimmed if len(p) >= shortest]


def test_the_catalogue_is_there() -> None:
    patterns = catalogued_patterns()
    assert len(patterns) > 100, len(patterns)


def test_every_catalogued_message_exists_in_the_source() -> None:
    strings = source_strings()
    missing = [(pattern, piece) for pattern in catalogued_patterns()
               for piece in pieces(pattern) if not any(piece in s for s in strings)]
    assert not missing, missing


def raised_messages() -> list[tuple[str, int, str]]:
    """(file, line, message) of every error raised for a user."""
    out = []
    for name, tree, namespace in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called not in ERRORS and called != "fail":
                continue
            texts = [_value(arg, namespace) for arg in node.args]
            message = max(texts, key=lambda t: len(t.replace("…", "")), default="")
            if message.replace("…", "").strip():
                out.append((name, node.lineno, message))
    return out


@pytest.mark.parametrize(("where", "message"),
                         [(f"{f}:{line}", m) for f, line, m in raised_messages()],
                         ids=lambda v: v if isinstance(v, str) and ":" in v[:20] else "")
def test_every_raised_message_is_catalogued(where: str, message: str) -> None:
    text = catalogue()
    found = [p for p in pieces(message, shortest=6) if p in text]
    assert found or not pieces(message, shortest=6), (
        f"{where}: the message {message!r} is not in docs/errors.md's 'Error messages'; add a row "
        "with what causes it and how to fix it")
