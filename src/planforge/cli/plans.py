"""The plan-file commands: ``render``, ``check``, ``shift``, ``next`` and ``schema``.

Each reads a plan file (TOML, JSON or a planforge .ics; ``-`` for standard input) with
:func:`planforge.services.read_plan`, calls one operation of :mod:`planforge.services`, and
writes what it returns with :func:`planforge.formats.output.write_output` in the format
``--format`` or ``-o``'s extension picks. Where they write is the user's choice or a default
name in the current folder made from the plan file's own name (``club-plan.toml`` ->
``club-plan-rendered.ics``): never something a plan file says.

Importing this module imports neither the engine nor icalendar (``goals`` stays fast);
each command imports what it needs when it runs. ``cli`` registers the commands.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ..formats import registry as formats
from ..services.forms import help_text
from . import params, report
from .options import (
    calendar_options,
    choose_format,
    created_or_default,
    default_created,
    output_options,
    plan_argument,
    system_zone,
)

if TYPE_CHECKING:
    from ..services.results import PlanFile

STDOUT = "-"  # as planforge.formats.output.STDOUT


def read_plan_arg(plan_path: str) -> PlanFile:
    """The plan file PLAN names, or standard input for ``-``; its warnings said."""
    from ..services import read_plan

    if plan_path == STDOUT:
        import sys

        opened = read_plan(stream=sys.stdin.buffer)
    else:
        opened = read_plan(path=plan_path)
    report.tell(opened.messages)
    return opened


# ----------------------------------------------------------------------------- check


@click.command(short_help="Check a plan file against the training rules.")
@plan_argument(required=False)
@click.option("--strict", is_flag=True,
              help="Fail on warnings too (except those a plan planforge wrote is expected to "
                   "show; it says which).")
@click.option("--explain", metavar="RULE", default=None,
              help="Print what rule RULE (R1 to R39) asks and its source, and exit.")
@click.pass_context
def check(ctx: click.Context, plan_path: str | None, strict: bool, explain: str | None) -> None:
    """Check a plan file (TOML or JSON; - for standard input) against the format and the
    training rules.

    Prints one finding per line (week, day, rule id, numbers). Exit status: 0 when no rule
    is broken (warnings alone pass unless --strict), 1 when one is, 2 when PLAN cannot be
    read or is not a valid plan file.

    \b
    Examples:
      planforge check plan.toml
      planforge check --explain R20
    """
    from .. import services

    if explain is not None:
        import shutil

        width = min(shutil.get_terminal_size().columns, 80) - 1
        click.echo(services.explain(explain, width=max(width, 40)))
        return
    if plan_path is None:
        param = next(p for p in ctx.command.params if p.name == "plan_path")
        raise click.MissingParameter(ctx=ctx, param=param)
    checked = services.check(plan=read_plan_arg(plan_path), strict=strict)
    report.tell(checked.messages)
    try:
        for finding in checked.findings:
            click.echo(report.printable(str(finding)))
    except BrokenPipeError:  # a reader that went away (| head): the verdict still stands
        from ..formats.output import silence_stdout

        silence_stdout()
    click.echo(checked.verdict, err=True)
    if checked.expected_note is not None:
        click.echo(checked.expected_note, err=True)
    if not checked.passed:
        ctx.exit(1)


# ----------------------------------------------------------------------------- render


@click.command(short_help="Write a plan file as a calendar, re-dated.")
@plan_argument()
@click.option("--start", type=params.DATE, default=None, metavar="DATE",
              help=help_text("render", "start"))
@click.option("--days", type=params.WEEKDAY_LIST, default=None, metavar="DAYS",
              help=help_text("render", "days"))
@click.option("--time", "times", type=params.TIME, multiple=True, metavar="[DAY=]TIME",
              help=help_text("render", "time"))
@click.option("--tz", type=params.TIMEZONE, default=None, metavar="ZONE",
              help=help_text("render", "tz"))
@click.option("--all-day", is_flag=True, help=help_text("render", "all-day"))
@output_options("ics", "PLANSTEM-rendered.ics")
@calendar_options
def render(plan_path: str, start: dt.date | None, days: tuple[int, ...] | None,
           times: Sequence[tuple[int | None, dt.time]], tz: str | None, all_day: bool,
           fmt: str | None, output: str | None, force: bool, remind: dt.timedelta | None,
           busy_only: bool, color: str | None) -> None:
    """Write a plan file, possibly someone else's, as a calendar re-based on your dates.

    PLAN is a plan file (.toml or .json; - for standard input). --start moves every workout
    by the same number of days (so every rule still holds); --days lays each week out again
    on your weekdays, within the rules. A plan whose dates do not change keeps its UIDs:
    rendering it again gives the same bytes. A copy on other dates gets UIDs of its own.
    Default output: PLANSTEM-rendered.ics in this folder.

    \b
    Example:
      planforge render club.toml --start 2027-01-04 \\
          --time 07:00 --tz Europe/London
    """
    from .. import services
    from ..services.inputs import times_from
    from ..services.replan import check_render_times

    new_times = times_from(times) if times else None
    check_render_times(new_times, all_day)
    chosen = choose_format(fmt, output, "ics")
    result = services.render(plan=read_plan_arg(plan_path), start=start, days=days,
                             times=new_times, all_day=all_day, timezone=tz,
                             system_zone=system_zone())
    report.tell(result.messages)
    report.write_plan(result, chosen, output or f"{result.stem}{chosen.extension}",
                      force=force, changes_prefix="note: ",
                      options=formats.RenderOptions(remind=remind, busy_only=busy_only,
                                                    color=color))


# ----------------------------------------------------------------------------- shift


@click.command(short_help="Move workouts later, or repeat a week.")
@plan_argument()
@click.option("--from", "from_date", type=params.DATE, required=True, metavar="DATE",
              help=help_text("shift", "from"))
@click.option("--by", type=params.SHIFT, default=None, metavar="DURATION",
              help=help_text("shift", "by"))
@click.option("--repeat-week", is_flag=True, help=help_text("shift", "repeat-week"))
@output_options("PLAN's own (toml, json or ics)", "PLANSTEM-shifted.toml")
def shift(plan_path: str, from_date: dt.date, by: dt.timedelta | None, repeat_week: bool,
          fmt: str | None, output: str | None, force: bool) -> None:
    """Move workouts later after missed ones, or repeat a week; keeps the rules.

    Moved workouts keep their UIDs and get a higher SEQUENCE, so a calendar that imported
    the plan moves them; a repeated week's workouts get new UIDs. Any week may be repeated:
    when a copy would make four build weeks in a row, a lighter week comes first. Prints
    what moved. Default output: PLANSTEM-shifted.toml (or .json or .ics, like PLAN) in this
    folder.

    \b
    Examples:
      planforge shift plan.toml --from 2026-12-16 --by 1w
      planforge shift plan.toml --from 2026-12-16 \\
          --repeat-week -o plan.ics
    """
    from .. import services
    from ..services.replan import check_shift_choice

    check_shift_choice(by, repeat_week)
    opened = read_plan_arg(plan_path)
    chosen = choose_format(fmt, output, opened.kind)
    result = services.shift(plan=opened, from_date=from_date, by=by, repeat_week=repeat_week,
                            now=default_created(os.environ))
    report.write_plan(result, chosen, output or f"{result.stem}{chosen.extension}",
                      force=force)


# ----------------------------------------------------------------------------- next


@click.command("next", short_help="Build the plan that follows a plan file.")
@plan_argument()
@click.option("--weeks", type=params.WEEKS, default=8, show_default=True,
              help="Length of the follow-on plan in weeks, 1 to 52.")
@click.option("--template", "template_file", default=None, metavar="FILE",
              help="The custom template PLAN was made from, when it is not in your "
                   "templates folder.")
@click.option("--created", type=params.DATETIME, default=None, metavar="DATETIME",
              help="Creation time stamped into the file, ISO 8601.  [default: "
                   "$SOURCE_DATE_EPOCH if set, else now]")
@output_options("PLAN's own (toml, json or ics)", "PLANSTEM-next.toml")
def next_plan(plan_path: str, weeks: int, template_file: str | None,
              created: dt.datetime | None, fmt: str | None, output: str | None,
              force: bool) -> None:
    """Build the plan that follows PLAN: the day after it ends, its progression carried on.

    Same goal, level, days, zone and times; new UIDs. Default output: PLANSTEM-next.toml
    (or .json or .ics, like PLAN) in this folder.

    \b
    Example:
      planforge next plan.toml --weeks 8 -o plan2.toml
    """
    from .. import services

    opened = read_plan_arg(plan_path)
    chosen = choose_format(fmt, output, opened.kind)
    result = services.next_plan(plan=opened, weeks=weeks, template=template_file,
                                created=created_or_default(created))
    report.tell(result.messages)
    report.write_plan(result, chosen, output or f"{result.stem}{chosen.extension}",
                      force=force)


# ----------------------------------------------------------------------------- schema


@click.command(short_help="Print the JSON Schema of plan files.")
def schema() -> None:
    """Print the JSON Schema of plan files (format planforge-plan/1)."""
    from .. import services
    from ..formats.output import write_output

    write_output(STDOUT, services.schema(), force=False)


COMMANDS = (render, check, shift, next_plan, schema)
