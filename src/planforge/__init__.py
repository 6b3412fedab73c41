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

from typing import TYPE_CHECKING, Any

#: the one place the version is written: pyproject.toml reads it from here (hatchling's
#: ``[tool.hatch.version]``), so the installed metadata always agrees. A literal, not a
#: metadata look-up: importing importlib.metadata would cost ``--help`` more than click does.
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .core.engine.progression import build_plan, default_days
    from .core.inputs.natural import parse_clock, parse_date, parse_days, parse_reminder
    from .core.inputs.zonenames import resolve_zone
    from .core.model import LEVELS, WEEKDAYS, Block, Exercise, Plan, Segment, Session, Times
    from .core.rules.check import Finding, check_plan
    from .errors import (
        FileError,
        OutputError,
        PlanFileError,
        PlanFileProblems,
        PlanforgeError,
        RuleBreakError,
        TemplateError,
        UnknownGoalError,
        UsageError,
    )
    from .formats.ics import build_calendar, render_ics
    from .formats.json import plan_to_dict, plan_to_json
    from .formats.output import write_output
    from .formats.planfile import load_plan, plan_from_dict, plan_to_toml
    from .goals.templates import Template, builtin_goals, load_goal, load_template

#: public name -> the submodule that defines it
_EXPORTS: dict[str, str] = {
    "build_plan": "core.engine.progression",
    "default_days": "core.engine.progression",
    "render_ics": "formats.ics",
    "build_calendar": "formats.ics",
    "plan_to_dict": "formats.json",
    "plan_to_json": "formats.json",
    "load_plan": "formats.planfile",
    "plan_from_dict": "formats.planfile",
    "plan_to_toml": "formats.planfile",
    "check_plan": "core.rules.check",
    "Finding": "core.rules.check",
    "write_output": "formats.output",
    "Plan": "core.model",
    "Session": "core.model",
    "Exercise": "core.model",
    "Block": "core.model",
    "Segment": "core.model",
    "Times": "core.model",
    "LEVELS": "core.model",
    "WEEKDAYS": "core.model",
    "Template": "goals.templates",
    "builtin_goals": "goals.templates",
    "load_goal": "goals.templates",
    "load_template": "goals.templates",
    "PlanforgeError": "errors",
    "UsageError": "errors",
    "UnknownGoalError": "errors",
    "TemplateError": "errors",
    "PlanFileError": "errors",
    "OutputError": "errors",
    "FileError": "errors",
    "RuleBreakError": "errors",
    "PlanFileProblems": "errors",
    "parse_date": "core.inputs.natural",
    "parse_days": "core.inputs.natural",
    "parse_clock": "core.inputs.natural",
    "parse_reminder": "core.inputs.natural",
    "resolve_zone": "core.inputs.zonenames",
}

__all__ = [  # noqa: RUF022 - grouped by module, like _EXPORTS
    "__version__",
    "build_plan",
    "default_days",
    "render_ics",
    "build_calendar",
    "plan_to_dict",
    "plan_to_json",
    "load_plan",
    "plan_from_dict",
    "plan_to_toml",
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
    "FileError",
    "RuleBreakError",
    "PlanFileProblems",
    "parse_date",
    "parse_days",
    "parse_clock",
    "parse_reminder",
    "resolve_zone",
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
