"""The built-in goal templates as a catalogue: where they are, their names, one line each.

Cheap on purpose: ``planforge --help``, ``planforge goals`` and every ``--goal`` check use it,
so it imports nothing but ``os`` and never parses TOML. :mod:`planforge.goals.templates` loads and
validates a whole template when a plan is built (and re-exports ``builtin_dir`` and
``builtin_goals``).

Where the files are: inside the installed package (the wheel force-includes
``templates/plans`` as ``planforge/goals/plans``), or, for a source checkout and an
editable install, at the top of the repository, three levels above this file.
"""

# os.path, not pathlib: importing pathlib (and the urllib.parse it pulls in) is a few
# milliseconds that --help would pay for nothing.
# ruff: noqa: PTH112, PTH118, PTH120, PTH123, PTH208

from __future__ import annotations

import functools
import os

#: larger template files are refused by the loader (templates.MAX_TEMPLATE_BYTES)
_MAX_BYTES = 256 * 1024
_DESCRIPTION_MAX_CHARS = 100  # the loader's limit on ``description``


@functools.cache
def builtin_dir() -> str:
    """The folder of the built-in templates (a path string; :func:`templates.builtin_dir`
    gives it as a Path)."""
    here = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(here, "plans")  # the wheel carries them here (pyproject.toml)
    if os.path.isdir(installed):
        return installed
    # a source checkout (editable install): src/planforge/goals -> the repository's top
    top = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    return os.path.join(top, "templates", "plans")


def builtin_goals() -> tuple[str, ...]:
    """The built-in goals: the names of the ``*.toml`` files in :func:`builtin_dir`, sorted."""
    try:
        names = os.listdir(builtin_dir())
    except OSError:
        return ()
    goals = []
    for name in names:
        if os.path.normcase(name).endswith(".toml"):
            dot = name.rfind(".")  # the stem as pathlib gives it
            goals.append(name[:dot] if 0 < dot < len(name) - 1 else name)
    return tuple(sorted(goals))


def description(goal: str) -> str:
    """The one-line description of a built-in goal, as the loaded template has it.

    Read straight from the file when its top-level ``description = "..."`` line is plain
    (one line, no escapes, nothing that could make the line mean something else) and passes
    the loader's checks for that field; otherwise the template is loaded and validated, so a
    broken description fails as it does for ``make`` (:class:`~planforge.errors.TemplateError`).
    """
    quick = _quick_description(os.path.join(builtin_dir(), f"{goal}.toml"))
    if quick is not None:
        return quick
    from .templates import load_goal

    return load_goal(goal).description


def _quick_description(path: str) -> str | None:
    """The value of the top-level ``description`` key, or None when it is not plainly there."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if len(raw) > _MAX_BYTES:
        return None
    found: str | None = None
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("["):
            break  # the first table: top-level keys come before it
        if '"""' in stripped or "'''" in stripped:
            return None  # a multi-line string could hold a line that looks like a key
        key, equals, value = stripped.partition("=")
        if not equals or key.strip() != "description":
            continue
        if found is not None:
            return None  # a repeated key is an error the loader reports
        found = _plain_string(value.strip())
        if found is None:
            return None
    if found is None:
        return None
    # the loader's checks for description: non-empty, at most 100 characters, no control
    # characters (a single line already)
    if not found.strip() or len(found) > _DESCRIPTION_MAX_CHARS:
        return None
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in found):
        return None
    return found.strip()


def _plain_string(value: str) -> str | None:
    """A TOML one-line string with no escapes (``"..."`` or ``'...'``), an optional comment
    after it; None for anything else."""
    if len(value) < 2 or value[0] not in "\"'":
        return None
    quote = value[0]
    end = value.find(quote, 1)
    if end < 0:
        return None
    inner, rest = value[1:end], value[end + 1:].strip()
    if rest and not rest.startswith("#"):
        return None
    if quote == '"' and "\\" in inner:
        return None
    return inner
