"""``planforge make``: build a plan from a goal and write it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import click

from ..errors import UsageError
from ..formats import registry as formats
from . import params, report
from .options import (
    calendar_options,
    choose_format,
    created_option,
    created_or_default,
    output_options,
    plan_options,
    system_zone,
    today,
)


class _TakesNoArguments(click.Command):
    """``make`` takes options only; a stray word that names a goal (``planforge make glutes``)
    gets the option it belongs to, as ``show glutes`` does."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)  # extra arguments allowed, to be looked at here
        if rest and not ctx.resilient_parsing:
            from ..services.inputs import known_goals, normal_name

            goals = [normal_name(word) for word in rest if normal_name(word) in known_goals()]
            s = "s" if len(rest) != 1 else ""
            if len(rest) == 1 and goals:
                raise UsageError(f"Got unexpected extra argument ({rest[0]}); to build goal "
                                 f"{goals[0]}'s plan: planforge make --goal {goals[0]}")
            ctx.fail(f"Got unexpected extra argument{s} ({' '.join(rest)})")
        return rest


@click.command(cls=_TakesNoArguments, context_settings={"allow_extra_args": True},
               short_help="Build a plan and write it as a calendar.")
@plan_options(goal_required=False)
@click.option("--template", "template_file", default=None, metavar="FILE",
              help="Build from a goal template file of your own instead of --goal; see "
                   "'planforge goals --show'.")
@click.option("--race", type=params.DATE, default=None, metavar="DATE",
              help="End the plan with a race on DATE (a parkrun-style 5K): the plan runs from "
                   "--start to the week holding DATE, its last week a lighter taper; --weeks "
                   "then follows from DATE (give it only if it agrees). A race too soon for "
                   "the plan to reach safely is refused with the earliest date. See "
                   "docs/race.md.")
@click.option("--race-distance", type=params.RACE_DISTANCE, default="5k", show_default=True,
              help="The race's distance (with --race).")
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
    race: dt.date | None,
    race_distance: str,
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
      planforge make --goal glutes --race 2027-05-22
    """
    from .. import services
    from ..services.inputs import times_from

    chosen = choose_format(fmt, output, "ics")
    ctx = click.get_current_context()
    given_weeks = ctx.get_parameter_source("weeks") != click.core.ParameterSource.DEFAULT
    if race is None and ctx.get_parameter_source("race_distance") not in (
            None, click.core.ParameterSource.DEFAULT):
        raise UsageError("--race-distance needs --race DATE", option="--race-distance")
    result = services.make(goal=goal, template=template_file,
                           weeks=weeks if race is None or given_weeks else None, level=level,
                           start=start, days=days, times=times_from(times), timezone=tz,
                           equipment=equipment, created=created_or_default(created),
                           today=today(), system_zone=system_zone(), race=race,
                           race_distance=race_distance)
    report.tell(result.messages)
    report.write_plan(result, chosen, output or f"{result.stem}{chosen.extension}", force=force,
                      options=formats.RenderOptions(remind=remind, busy_only=busy_only,
                                                    color=color))


COMMANDS = (make,)
