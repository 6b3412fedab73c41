"""``planforge make``: build a plan from a goal and write it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import click

from ..formats import registry as formats
from . import report
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


COMMANDS = (make,)
