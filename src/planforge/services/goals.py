"""The goals: what ``planforge goals`` lists and prints, a template of the user's own started
from one, and the defaults a goal and level give a plan.

Like the command that calls it, importing this imports only the catalogue: ``planforge
goals`` stays fast; a template is loaded when one is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..goals.templates import Template


def goal_descriptions() -> tuple[tuple[str, str], ...]:
    """The built-in goals with their one-line descriptions, in the catalogue's order."""
    from ..goals import catalog
    from ..goals.user import builtin_description

    return tuple((name, builtin_description(name)) for name in catalog.builtin_goals())


def user_goals() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The user's usable templates as (name, description), and a warning for each file in
    their templates folder that cannot be used."""
    from ..goals.user import user_goal_lines

    mine, warnings = user_goal_lines()
    return tuple(mine), tuple(warnings)


def template_text(goal: str) -> str:
    """Goal ``goal``'s template (TOML), as ``planforge goals --show`` prints it: to read, or
    to save and build from with ``--template`` (it names no goal of its own, so any file
    name will do)."""
    from ..goals.user import template_text as text

    return text(goal)


def new_template(name: str, *, source: str = "glutes") -> str:
    """A template of the user's own, ``NAME.toml`` in their templates folder (made if
    missing), copied from goal ``source``'s; its path."""
    from ..goals.user import new_template as new

    return new(name, source=source)


def default_days(level: str, goal: str | Template | None = None) -> tuple[int, ...]:
    """The weekdays (0 = Monday) a plan of ``level`` (and ``goal``) uses when none are
    chosen."""
    from ..core.engine.progression import default_days as days

    return days(level, goal)


def max_plan_bytes() -> int:
    """The largest plan file planforge reads."""
    from ..formats.planfile import MAX_PLAN_BYTES

    return MAX_PLAN_BYTES
