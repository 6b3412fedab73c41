"""The commands of real life: ``missed`` (days missed, re-planned) and ``done`` (what was
done, from activity files or by hand): thin shells over :mod:`planforge.services.reallife`.

A plan file is the user's log: without ``-o`` they update PLAN itself, in one atomic step
that keeps its permissions and its format (a planforge .ics stays an .ics, with the
reminder and colour it had); with ``-o`` they write like ``shift``. docs/missed-and-done.md
is the guide.
"""

# os.path, not pathlib: importing this module must keep --help fast.

from __future__ import annotations

import datetime as dt
import os

import click

from ..errors import UsageError
from ..services.forms import help_text
from . import params, report
from .options import choose_format, default_created, output_options, plan_argument
from .plans import STDOUT, read_plan_arg


@click.command(short_help="Record days you missed; the plan takes you back as a coach would.")
@plan_argument()
@click.argument("first", metavar="FROM", type=params.DATE)
@click.argument("last", metavar="[TO]", type=params.DATE, required=False)
@output_options("PLAN's own (toml, json or ics)", "PLAN itself, updated in place")
def missed(plan_path: str, first: dt.date, last: dt.date | None, fmt: str | None,
           output: str | None, force: bool) -> None:
    """Record the days FROM to TO (default: FROM) as missed and re-plan.

    The workouts on those days stay on their dates, recorded as missed (a calendar shows
    them cancelled). Under 7 days without a run the plan carries on; after 7 to 13 days it
    repeats the last week you completed; after 14 days or more it steps back one step per
    further week off (R31). The weeks after move later with the same UIDs, so a calendar
    moves them. Dates as for make: 2027-03-08, '8 March 2027', today, monday. Updates PLAN
    in place (same format, same permissions) unless -o is given.

    \b
    Examples:
      planforge missed plan.toml 2027-03-08 2027-03-19
      planforge missed plan.ics today
    """
    from .. import services

    opened = read_plan_arg(plan_path)
    result = services.missed(plan=opened, first=first, last=last,
                             now=default_created(os.environ))
    _write(plan_path, opened.kind, result, fmt, output, force)


@click.command(short_help="Record what you did, from activity files or by hand.")
@plan_argument()
@click.argument("activities", metavar="[ACTIVITY]...", nargs=-1,
                type=click.Path(dir_okay=False))
@click.option("--on", type=params.DATE, default=None, metavar="DATE",
              help=help_text("done", "on"))
@click.option("--ran", type=params.MINUTES, default=None, metavar="MINUTES",
              help=help_text("done", "ran"))
@click.option("--longest", type=params.MINUTES, default=None, metavar="MINUTES",
              help=help_text("done", "longest"))
@output_options("PLAN's own (toml, json or ics)", "PLAN itself, updated in place")
def done(plan_path: str, activities: tuple[str, ...], on: dt.date | None,
         ran: float | None, longest: float | None, fmt: str | None, output: str | None,
         force: bool) -> None:
    """Record what you did: ACTIVITY files a watch or phone wrote (FIT, GPX, TCX), or the
    workouts of a day done as planned (--on DATE, --ran for minutes run).

    Each activity is matched to the planned run of its day, or the nearest within a day;
    its running and its longest stretch without a walk or pause of 30 s are measured from
    the track. A run done short (under 75 % of its running, or of its longest stretch)
    holds the step: the next week repeats it before the plan moves on (R32). Activities
    that match no planned run are reported, not recorded. Updates PLAN in place (same
    format, same permissions) unless -o is given. Reading FIT and GPX files needs
    planforge[activities].

    \b
    Examples:
      planforge done plan.toml Morning_Run.fit
      planforge done plan.ics --on today
      planforge done plan.toml --on 2027-03-09 --ran 12
    """
    from .. import services

    opened = read_plan_arg(plan_path)
    result = services.done(plan=opened, activities=activities, on=on, ran=ran,
                           longest=longest, now=default_created(os.environ))
    _write(plan_path, opened.kind, result, fmt, output, force)


def _write(plan_path: str, kind: str, result: object, fmt: str | None, output: str | None,
           force: bool) -> None:
    """Write the changed plan: to -o like ``shift``, else over PLAN in place."""
    from ..services.results import PlanResult

    assert isinstance(result, PlanResult)
    if output is not None:
        chosen = choose_format(fmt, output, kind)
        report.write_plan(result, chosen, output, force=force)
        return
    if plan_path == STDOUT:
        raise UsageError("the plan came from standard input: give -o FILE (or -o - for "
                         "standard output) to write it")
    chosen = choose_format(fmt, None, kind)
    if fmt is not None and chosen.name != kind:
        raise UsageError(f"{plan_path} is a {kind} plan file and is updated as one; to write "
                         f"it as {chosen.name}, give -o FILE")
    _update(plan_path, kind, result)


def _update(plan_path: str, kind: str, result: object) -> None:
    """PLAN rewritten in place, in its own format, keeping its permissions."""
    from ..formats.output import update_file
    from ..services import describe, reencode
    from ..services.results import PlanResult

    assert isinstance(result, PlanResult)
    with open(plan_path, "rb") as handle:  # noqa: PTH123 - fast --help
        original = handle.read()
    encoded = reencode(result.plan, kind=kind, original=original)
    unchanged = original == encoded.data
    if not unchanged:
        update_file(plan_path, encoded.data)
    report.say(result.changes)
    report.say([f"{plan_path} is unchanged" if unchanged else
                f"updated {plan_path}: {describe(result.plan)}"])
    for line in (*result.warnings, *encoded.warnings):
        report.warn(line)


COMMANDS = (missed, done)
