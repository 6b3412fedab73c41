"""``planforge make`` and ``planforge goals``: build a plan from a goal; list the goals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import click

from ..formats import registry as formats
from ..goals import catalog
from .options import (
    IMPORT_HINT,
    build_from_options,
    calendar_options,
    created_option,
    output_options,
    plan_options,
)


@click.command()
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
    """Build a plan and write it as an .ics calendar (or JSON, TOML ...)."""
    from .plans import template_for_make

    chosen = formats.choose(fmt, output)
    formats.check_extension(chosen, output)
    source = template_for_make(goal, template_file, click.get_current_context())
    name = source if isinstance(source, str) else source.name
    output = output or f"planforge-{name}-{weeks}w{chosen.extension}"
    plan = build_from_options(source, weeks, level, start, days, times, tz, created,
                              equipment)
    rendered = chosen.render(plan, formats.RenderOptions(remind=remind, busy_only=busy_only,
                                                          color=color))
    data, warnings = rendered.data, rendered.warnings
    from ..formats.output import STDOUT, write_output

    if chosen.folder:  # fit: a folder of watch files
        from ..formats.fitfolder import WatchFile, write_folder

        write_folder(output, [WatchFile(*f) for f in rendered.files], force=force)
    else:
        write_output(output, data, force=force)

    counts = {kind: sum(s.kind == kind for s in plan.sessions)
              for kind in ("run", "strength", "mobility")}
    labels = {"run": "runs", "strength": "strength", "mobility": "mobility"}
    parts = ", ".join(f"{n} {labels[k]}" for k, n in counts.items() if n)
    where = "standard output" if output == STDOUT else output
    click.echo(
        f"wrote {where}: {plan.weeks} week{'s' if plan.weeks != 1 else ''}, "
        f"{len(plan.sessions)} workouts ({parts}), "
        f"{plan.start.isoformat()} to {plan.end.isoformat()}",
        err=True,
    )
    if chosen.folder:
        click.echo(f"{len(rendered.files) - 1} watch workouts and schedule.fit: copy them to "
                   "GARMIN/NewFiles on the watch over USB.", err=True)
    click.echo(plan.summary, err=True)
    for line in plan.left_out:
        click.echo(line, err=True)
    if start is not None and start < dt.datetime.now().astimezone().date():
        click.echo(f"warning: start date {start.isoformat()} is in the past", err=True)
    for line in warnings:
        click.echo(f"warning: {line}", err=True)
    if chosen.is_calendar:
        click.echo(IMPORT_HINT, err=True)


@click.command()
@click.option("--show", metavar="NAME", default=None,
              help="Print goal NAME's template (TOML), to start a template of your own from.")
def goals(show: str | None) -> None:
    """List the goals with a one-line description each (your own templates too)."""
    from ..goals.user import builtin_description, template_text, user_goal_lines

    if show is not None:
        click.echo(template_text(show.strip()), nl=False)
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
