"""planforge's operations, the ones people run, as a library: every shell calls these.

The command line (:mod:`planforge.cli`) and the web page (:mod:`planforge.web`) are thin
shells over this package, as sqlite-utils' ``cli.py`` is over its ``db.py``: a shell reads
its inputs (options, form fields) with the readers of :mod:`.inputs`, supplies the defaults
only a shell knows (the clock, ``SOURCE_DATE_EPOCH``, the machine's zone), calls one
operation, and shows what it returns. docs/library.md is the reference, with examples.

* reading: :func:`read_plan` (a plan file from a path, bytes or a stream);
* the plan operations: :func:`make` and :func:`next_plan` (:mod:`.plans`), :func:`render`
  and :func:`shift` (:mod:`.replan`), :func:`check`, :func:`explain` and :func:`schema`
  (:mod:`.rules`);
* feeds and clubs: :func:`publish`, :func:`open_server` and :func:`serve_until_stopped`
  (:mod:`.feeds`), :func:`batch` (:mod:`.club`);
* files (:mod:`.files`): :func:`encode` (a plan in a format of the registry) and
  :func:`describe` (what it holds, in one line);
* watch files: :func:`workouts` (:mod:`.watch`); the terminal view: :func:`preview`;
* real life (:mod:`.reallife`): :func:`missed` (days missed, re-planned), :func:`done`
  (activity files or a day done as planned, recorded) and :func:`read_activity`.

Every operation takes keyword arguments with typed values, checks them again (a library
caller has no command line in front of it), and returns a frozen dataclass of
:mod:`.results` holding its result and its words as data: notes and warnings
(:class:`Message`), what changed, the plan's summary. Nothing here prints, reads the clock or
draws random numbers. Errors are :class:`planforge.errors.PlanforgeError` subclasses; each
says how a command ends (``exit_code``).

Like :mod:`planforge`, the names load when first used: importing this package imports no
engine, writer or calendar library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .club import Batched, batch
    from .feeds import Published, open_server, publish, serve_until_stopped
    from .files import describe, encode, reencode
    from .plans import (
        SystemZone,
        follow_on_template,
        make,
        next_monday,
        next_plan,
        read_plan,
        stem_of,
    )
    from .reallife import ActivityRead, done, missed, read_activity
    from .replan import render, shift
    from .results import Checked, Encoded, Message, PlanFile, PlanResult
    from .rules import check, explain, schema
    from .show import preview
    from .watch import Watched, workouts

#: public name -> the submodule that defines it
_EXPORTS: dict[str, str] = {
    "read_plan": "plans",
    "make": "plans",
    "render": "replan",
    "shift": "replan",
    "next_plan": "plans",
    "check": "rules",
    "explain": "rules",
    "schema": "rules",
    "follow_on_template": "plans",
    "next_monday": "plans",
    "stem_of": "plans",
    "SystemZone": "plans",
    "publish": "feeds",
    "Published": "feeds",
    "open_server": "feeds",
    "serve_until_stopped": "feeds",
    "batch": "club",
    "Batched": "club",
    "encode": "files",
    "describe": "files",
    "reencode": "files",
    "missed": "reallife",
    "done": "reallife",
    "read_activity": "reallife",
    "ActivityRead": "reallife",
    "workouts": "watch",
    "Watched": "watch",
    "preview": "show",
    "Message": "results",
    "PlanFile": "results",
    "PlanResult": "results",
    "Encoded": "results",
    "Checked": "results",
}

__all__ = [  # noqa: RUF022 - grouped by module, like _EXPORTS
    "read_plan",
    "make",
    "render",
    "shift",
    "next_plan",
    "check",
    "explain",
    "schema",
    "follow_on_template",
    "next_monday",
    "stem_of",
    "SystemZone",
    "publish",
    "Published",
    "open_server",
    "serve_until_stopped",
    "batch",
    "Batched",
    "encode",
    "describe",
    "reencode",
    "missed",
    "done",
    "read_activity",
    "ActivityRead",
    "workouts",
    "Watched",
    "preview",
    "Message",
    "PlanFile",
    "PlanResult",
    "Encoded",
    "Checked",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
