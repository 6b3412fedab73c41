"""``planforge goals``: list the goals, print one's template, start one of your own.

A module of its own so that listing the goals imports only the catalogue and the goal type,
not what ``make`` needs to build and write a plan.
"""

from __future__ import annotations

import click
from click.core import ParameterSource

from ..errors import UsageError
from . import params


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
    from ..services.goals import goal_descriptions, new_template, template_text, user_goals

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
    rows = list(goal_descriptions())
    mine, warnings = user_goals()
    rows += [(name, f"{text}  (user template)") for name, text in mine]
    width = max((len(n) for n, _ in rows), default=0)
    for name, text in rows:
        click.echo(f"{name:<{width}}  {text}")
    for line in warnings:
        click.echo(line, err=True)


COMMANDS = (goals,)
