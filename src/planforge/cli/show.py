"""``planforge show``: the plan at a glance in the terminal, before it goes into a calendar.

A thin command: it builds the plan from the same options as ``make`` (or reads a plan file
with :func:`planforge.services.read_plan`) and prints
:func:`planforge.services.preview`. Colour only on a terminal that takes it: never
when standard output is not a terminal (click strips the styles), when ``NO_COLOR`` is set
to anything non-empty (https://no-color.org) or when ``TERM=dumb``.

Imported by :mod:`planforge.cli` to register the command; it imports neither the engine nor
the preview until the command runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Mapping, Sequence

import click
from click.core import ParameterSource

from ..errors import UsageError
from . import report
from .options import (
    PLAN_PARAMS,
    complete_plan_files,
    created_option,
    created_or_default,
    plan_options,
    system_zone,
    today,
)


def wants_color(environ: Mapping[str, str], choice: str = "auto") -> bool | None:
    """``--color always|never``; for ``auto``: False when the environment asks for no colour,
    else None (click asks the terminal)."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR", "") != "" or environ.get("TERM", "") == "dumb":
        return False
    return None


@click.command(short_help="Show a plan in the terminal, week by week.")
@click.argument("plan_file", required=False, metavar="[PLAN]",
                shell_complete=complete_plan_files)
@plan_options(goal_required=False)
@click.option("--template", "template_file", default=None, metavar="FILE",
              help="Build from a goal template file of your own instead of --goal, as "
                   "'make --template' does.")
@created_option
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"],
                                                   case_sensitive=False),
              default="auto", show_default=True,
              help="Colour in the terminal: auto (on a terminal, unless NO_COLOR is set or "
                   "TERM=dumb), always or never.")
def show(
    plan_file: str | None,
    goal: str | None,
    template_file: str | None,
    weeks: int,
    level: str,
    start: dt.date | None,
    days: tuple[int, ...] | None,
    times: Sequence[tuple[int | None, dt.time]],
    tz: str | None,
    equipment: tuple[str, ...] | None,
    created: dt.datetime | None,
    color: str,
) -> None:
    """Show a plan in the terminal: a week-by-week grid, weekly minutes and the summary.

    PLAN is a plan file (.toml or .json, as the plan-file commands and 'make --format json'
    write it; - for standard input); without it the plan is built from the options, as
    'make' builds it (--goal is then required, unless --template). --time and --tz show
    each workout's start time.

    \b
    Examples:
      planforge show --weeks 12 --goal thighs
      planforge show my-plan.toml
    """
    from .. import services

    ctx = click.get_current_context()
    if plan_file is not None:
        given = [_flag(ctx, name) for name in (*PLAN_PARAMS, "template_file")
                 if ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)]
        if given:
            raise UsageError(f"give a plan file or plan options, not both: {plan_file} was "
                             f"given with {', '.join(given)}")
        from .plans import read_plan_arg  # here: keeps --help and goals fast

        _not_a_goal(plan_file)
        plan = read_plan_arg(plan_file).plan
    else:
        from ..services.inputs import times_from

        result = services.make(goal=goal, template=template_file, weeks=weeks, level=level,
                               start=start, days=days, times=times_from(times), timezone=tz,
                               equipment=equipment, created=created_or_default(created),
                               today=today(), system_zone=system_zone())
        report.tell(result.messages)
        plan = result.plan
    echo_lines(list(services.preview(plan, style=ansi_style)), color=color)


#: the ANSI look of each role of the preview (formats.terminal names the roles)
_STYLES: dict[str, dict[str, object]] = {
    "title": {"bold": True},
    "head": {"bold": True},
    "run": {"fg": "green"},
    "hard": {"fg": "red", "bold": True},
    "strength": {"fg": "magenta"},
    "mobility": {"fg": "blue"},
    "walk": {"fg": "yellow"},
    "deload": {"fg": "cyan", "bold": True},
    "bar-run": {"fg": "green"},
    "bar-walk": {"fg": "yellow"},
    "dim": {"dim": True},
    "done": {"fg": "green", "bold": True},
    "missed": {"fg": "red", "strikethrough": True},
}


def ansi_style(text: str, role: str) -> str:
    """``text`` with the ANSI style of ``role`` (``click.echo`` strips it off a non-terminal)."""
    style = _STYLES.get(role)
    if not style or not text:
        return text
    return click.style(text, **style)  # type: ignore[arg-type]


def _param(ctx: click.Context, name: str) -> click.Parameter:
    return next(p for p in ctx.command.params if p.name == name)


def _flag(ctx: click.Context, name: str) -> str:
    opts = getattr(_param(ctx, name), "opts", None) or [name]
    return str(max(opts, key=len))


def _not_a_goal(plan_file: str) -> None:
    """``planforge show glutes``: no such file, but a goal of that name; say how to show it."""
    if plan_file == "-" or os.path.exists(plan_file):  # noqa: PTH110 - fast --help
        return
    from ..services.inputs import known_goals, normal_name

    goal = normal_name(plan_file)
    if goal in known_goals():
        raise UsageError(f"no plan file {plan_file!r}; to show goal {goal}'s plan: "
                         f"planforge show --goal {goal}")


def echo_lines(lines: list[str], color: str = "auto") -> None:
    """Print ``lines`` (styles stripped unless the terminal takes colour); a reader that
    went away (``| head``) ends the output quietly."""
    try:
        click.echo("\n".join(lines), color=wants_color(os.environ, color))
        sys.stdout.flush()
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)

COMMANDS = (show,)
