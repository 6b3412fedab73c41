"""``planforge show``: the plan at a glance in the terminal, before it goes into a calendar.

A thin command: it builds the plan from the same options as ``make`` and prints
:func:`planforge.preview.preview_lines`. Colour only on a terminal that takes it: never when
standard output is not a terminal (click strips the styles), when ``NO_COLOR`` is set to
anything non-empty (https://no-color.org) or when ``TERM=dumb``.

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

from .cli import build_from_options, created_option, main, plan_options


def wants_color(environ: Mapping[str, str]) -> bool | None:
    """False when the environment asks for no colour; None lets click ask the terminal."""
    if environ.get("NO_COLOR", "") != "" or environ.get("TERM", "") == "dumb":
        return False
    return None


@main.command()
@plan_options()
@created_option
def show(
    goal: str,
    weeks: int,
    level: str,
    start: dt.date | None,
    days: tuple[int, ...] | None,
    times: Sequence[tuple[int | None, dt.time]],
    tz: str | None,
    created: dt.datetime | None,
) -> None:
    """Show a plan in the terminal: a week-by-week grid, weekly minutes and the summary.

    \b
    Example:
      planforge show --weeks 12 --goal thighs
    """
    from .preview import preview_lines  # here: keeps --help and goals fast

    plan = build_from_options(goal, weeks, level, start, days, times, tz, created)
    echo_lines(preview_lines(plan, color=True))


def echo_lines(lines: list[str]) -> None:
    """Print ``lines`` (styles stripped unless the terminal takes colour); a reader that
    went away (``| head``) ends the output quietly."""
    try:
        click.echo("\n".join(lines), color=wants_color(os.environ))
        sys.stdout.flush()
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
