"""planforge: a safe, progressive running-and-strength plan, written as an .ics calendar.

The public API is exported lazily (PEP 562): ``import planforge`` is cheap and loads neither
the engine nor icalendar until a name that needs them is used, so ``planforge --help`` and
``planforge goals`` start fast.

    >>> import datetime as dt, planforge
    >>> plan = planforge.build_plan(goal="glutes", weeks=8, start=dt.date(2026, 11, 23),
    ...                             created=dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
    >>> ics_bytes = planforge.render_ics(plan)
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import TYPE_CHECKING, Any


def _source_version() -> str:
    """The version in the source tree's pyproject.toml, for a checkout run without installing."""
    import tomllib
    from pathlib import Path

    try:
        pyproject = Path(__file__).resolve().parent.parent.parent / "pyproject.toml"
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == "planforge":
            return str(project.get("version", "0.0.0"))
    except (OSError, ValueError):
        pass
    return "0.0.0"


try:
    __version__: str = metadata.version("planforge")
except metadata.PackageNotFoundError:  # a source tree on sys.path, not installed
    __version__ = _source_version()

if TYPE_CHECKING:
    from .engine import build_plan, default_days
    from .errors import (
        OutputError,
        PlanFileError,
        PlanforgeError,
        TemplateError,
        UnknownGoalError,
        UsageError,
    )
    from .ics import render_ics
    from .model import LEVELS, WEEKDAYS, Block, Exercise, Plan, Segment, Session, Times
    from .output import write_output
    from .rules import Finding, check_plan
    from .serialize import plan_to_dict, plan_to_json
    from .templates import Template, builtin_goals, load_goal, load_template

#: public name -> the submodule that defines it
_EXPORTS: dict[str, str] = {
    "build_plan": "engine",
    "default_days": "engine",
    "render_ics": "ics",
    "plan_to_dict": "serialize",
    "plan_to_json": "serialize",
    "check_plan": "rules",
    "Finding": "rules",
    "write_output": "output",
    "Plan": "model",
    "Session": "model",
    "Exercise": "model",
    "Block": "model",
    "Segment": "model",
    "Times": "model",
    "LEVELS": "model",
    "WEEKDAYS": "model",
    "Template": "templates",
    "builtin_goals": "templates",
    "load_goal": "templates",
    "load_template": "templates",
    "PlanforgeError": "errors",
    "UsageError": "errors",
    "UnknownGoalError": "errors",
    "TemplateError": "errors",
    "PlanFileError": "errors",
    "OutputError": "errors",
}

__all__ = [  # noqa: RUF022 - grouped by module, like _EXPORTS
    "__version__",
    "build_plan",
    "default_days",
    "render_ics",
    "plan_to_dict",
    "plan_to_json",
    "check_plan",
    "Finding",
    "write_output",
    "Plan",
    "Session",
    "Exercise",
    "Block",
    "Segment",
    "Times",
    "LEVELS",
    "WEEKDAYS",
    "Template",
    "builtin_goals",
    "load_goal",
    "load_template",
    "PlanforgeError",
    "UsageError",
    "UnknownGoalError",
    "TemplateError",
    "PlanFileError",
    "OutputError",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
