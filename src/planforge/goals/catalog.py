"""The built-in goal templates as a catalogue: where they are, their names, one line each.

Cheap on purpose: ``planforge --help``, ``planforge goals`` and every ``--goal`` check use it,
so it imports nothing but ``os`` (and :mod:`tomllib`, when ``goals`` reads a description).
:mod:`planforge.goals.templates` loads and validates a whole template when a plan is built
(and re-exports ``builtin_dir`` and ``builtin_goals``); it imports this module, never the
other way round.

Where the files are: inside the installed package (the wheel force-includes
``templates/plans`` as ``planforge/goals/plans``), or, for a source checkout and an
editable install, at the top of the repository, three levels above this file.
"""

# os.path, not pathlib: importing pathlib (and the urllib.parse it pulls in) is a few
# milliseconds that --help would pay for nothing.
# ruff: noqa: PTH112, PTH118, PTH120, PTH123, PTH208

from __future__ import annotations

import os

#: larger template files are refused by the loader (templates.MAX_TEMPLATE_BYTES)
_MAX_BYTES = 256 * 1024
_DESCRIPTION_MAX_CHARS = 100  # the loader's limit on ``description``
#: what a goal's name may be (a template's ``name``, a file in the templates folder): it names
#: plan files, ``planforge-NAME-8w.ics``
GOAL_NAME = r"[a-z0-9][a-z0-9-]{0,39}"


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


def _top_level(text: str) -> str:
    """The part of a TOML document before its first table header: its top-level keys.

    TOML puts every top-level key before the first ``[table]`` or ``[[array]]`` line, so that
    part alone parses to the same top-level values (``goals`` reads only ``description``;
    parsing the whole template was most of its time). A cut inside a multi-line string or
    array makes the part invalid TOML, and then the caller runs the full loader.
    """
    at = 0
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end + 1  # TOML's newline is LF (or CRLF)
        if text[at:end].lstrip(" \t").startswith("["):
            return text[:at]
        at = end
    return text


def quick_description(path: str) -> str | None:
    """The top-level ``description`` of the TOML file at ``path`` when the loader would accept
    it as it is; None for anything else (the caller then runs the full loader)."""
    import tomllib  # here, not at the top: ``planforge --help`` never reads a template

    from .bounds import toml_problem

    try:
        with open(path, "rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
        if len(raw) > _MAX_BYTES:
            return None
        head = _top_level(raw.decode("utf-8"))
        if toml_problem(head):
            return None  # the full loader says what is wrong
        data = tomllib.loads(head)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None  # ValueError: a number of over 4300 digits
    found = data.get("description")
    # the loader's checks for description: a non-empty string of at most 100 characters,
    # one line, no control characters
    if not isinstance(found, str) or not found.strip() or len(found) > _DESCRIPTION_MAX_CHARS:
        return None
    if "\n" in found.strip() or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in found):
        return None
    return found.strip()
