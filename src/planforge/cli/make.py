"""``planforge make`` and ``planforge goals``: build a plan from a goal; list the goals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import click
from click.core import ParameterSource

from ..errors import UsageError
from ..formats import registry as formats
from ..goals import catalog
from . import params, report
from .options import (
    build_from_options,
    calendar_options,
    choose_format,
    created_option,
    output_options,
    plan_options,
)


@click.command(short_help="Build a plan and write it as a calendar.")
@plan_options(goal_required=False)
@click.option("--template", "template_file", default=None, metavar="FILE",
              help="Build from a goal template file of your own instead of --goal; see "
                   "'planforge goals --show'.")
@output_options("ics", "planforge-GOAL-Nw.ics", folders=True)
@calendar_options
@created_option
def make(
    goal: str | None,
    template_file: str | None,
    weeks: int,
    level: str,
    start: dt.date | None,
    days: tuple[int, ...] | None,
    times: Sequence[tuple[int | None, dt.time]],
    tz: str | None,
    equipment: tuple[str, ...] | None,
    fmt: str | None,
    output: str | None,
    force: bool,
    remind: dt.timedelta | None,
    busy_only: bool,
    color: str | None,
    created: dt.datetime | None,
) -> None:
    """Build a plan and write it as an .ics calendar (or JSON, TOML ...).

    --goal (see 'planforge goals') is required, unless --template names a goal template
    file of your own. The report goes to standard error; -o - writes the file to standard
    output.

    \b
    Examples:
      planforge make --goal glutes --weeks 8
      planforge make --goal thighs --days mon-fri --time 7am \\
          --tz Europe/London -o plan.ics
    """
    from .plans import template_for_make

    chosen = choose_format(fmt, output, "ics")
    source = template_for_make(goal, template_file, click.get_current_context())
    name = source if isinstance(source, str) else source.name
    output = output or f"planforge-{name}-{weeks}w{chosen.extension}"
    plan = build_from_options(source, weeks, level, start, days, times, tz, created,
                              equipment)
    late = start is not None and start < dt.datetime.now().astimezone().date()
    report.write_plan(plan, chosen, output, force=force, report=(),
                      options=formats.RenderOptions(remind=remind, busy_only=busy_only,
                                                    color=color),
                      after=[plan.summary, *plan.left_out],
                      warnings=[f"start date {start} is in the past"] if late else [])


@click.command(short_help="List the goals; start one of your own.")
@click.option("--show", metavar="NAME", default=None, type=params.GOAL,
              help="Print goal NAME's template (TOML), to read or to start from.")
@click.option("--new", "new", metavar="NAME", default=None,
              help="Make a goal template of your own, NAME.toml in your templates folder "
                   "(created if missing), from --from's template.")
@click.option("--from", "source", metavar="GOAL", default="glutes", show_default=True,
              type=params.GOAL, help="The goal --new starts from.")
def goals(show: str | None, new: str | None, source: str) -> None:
    """List the goals with a one-line description each (your own templates too).

    \b
    Examples:
      planforge goals
      planforge goals --new my-glutes --from glutes
    """
    from ..goals.user import builtin_description, new_template, template_text, user_goal_lines

    ctx = click.get_current_context()
    if new is None and ctx.get_parameter_source("source") is ParameterSource.COMMANDLINE:
        raise UsageError("--from goes with --new NAME: planforge goals --new NAME --from GOAL")
    if show is not None:
        click.echo(template_text(show), nl=False)
        return
    if new is not None:
        path = new_template(new.strip(), source=source)
        click.echo(f"wrote {path}: edit it, then: planforge make --goal {new.strip()}",
                   err=True)
        return
    rows = [(name, builtin_description(name)) for name in catalog.builtin_goals()]
    mine, warnings = user_goal_lines()
    rows += [(name, f"{text}  (user template)") for name, text in mine]
    width = max((len(n) for n, _ in rows), default=0)
    for name, text in rows:
        click.echo(f"{name:<{width}}  {text}")
    for line in warnings:
        click.echo(line, err=True)


COMMANDS = (make, goals)
