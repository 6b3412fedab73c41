"""``planforge workouts``: a plan file's sessions as watch workouts (FIT) or intervals.icu text.

``--format fit`` (the default) writes a folder: one FIT workout file per session of a window
of weeks and ``schedule.fit``, encoded with Garmin's FIT SDK, the optional extra
``planforge[fit]``; without it the command says what to install and writes nothing.
``--format icu`` writes intervals.icu's workout text and needs nothing more.

Imported by :mod:`planforge.cli` to register the command; it imports neither the plan model
nor a writer until the command runs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import click

from ..errors import UsageError
from .options import complete_plan_files

if TYPE_CHECKING:
    from ..services.watch import Watched

WATCH_FORMATS = ("fit", "icu")
_RANGE_RE = re.compile(r"([0-9]{1,3})(?:\s*-\s*([0-9]{1,3}))?")


class WeekRangeType(click.ParamType[tuple[int, int]]):
    """``1-4`` or ``3``: the first and last week (the plan decides what is in range)."""

    name = "weeks"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        text = str(value).strip()
        match = _RANGE_RE.fullmatch(text)
        if match is None:
            self.fail(f"{text[:40]!r} is not a week or a range of weeks; expected N or N-M "
                      "like 1-4", param, ctx)
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            self.fail(f"{text!r} is not a range of weeks; expected N-M with 1 <= N <= M, "
                      "like 1-4", param, ctx)
        return first, last


WEEK_RANGE = WeekRangeType()


@click.command(short_help="Write a plan file's workouts for a watch.")
@click.argument("plan_file", metavar="PLAN", shell_complete=complete_plan_files)
@click.option("--weeks", "window", type=WEEK_RANGE, default=None, metavar="N-M",
              help="The weeks to write, e.g. 1-4.  [default: fit: from week 1, as many "
                   "whole weeks as hold at most 30 workouts (a watch holds about 30 "
                   "scheduled workouts); icu: the whole plan]")
@click.option("--format", "fmt", type=click.Choice(WATCH_FORMATS), default=None,
              help="fit: a folder of FIT workout files and schedule.fit for a watch; icu: "
                   "intervals.icu workout text.  [default: icu for a .txt name, else fit]")
@click.option("--output", "-o", required=True, metavar="PATH",
              help="The folder to write the FIT files to (made if missing), or the .txt "
                   "file for icu ('-' for standard output).")
@click.option("--with-page", is_flag=True,
              help="fit: also write the plan's HTML page (index.html) into the folder, each "
                   "session of the window linking its .fit file.")
@click.option("--force", "-f", is_flag=True, help="Overwrite files that exist.")
def workouts(plan_file: str, window: tuple[int, int] | None, fmt: str | None, output: str,
             with_page: bool, force: bool) -> None:
    """Write a plan file's workouts for a watch: FIT files, or intervals.icu text.

    PLAN is a plan file (.toml or .json, as 'make --format toml' or '--format json' writes
    it; - for standard input) or a calendar (.ics) planforge wrote, which carries its plan.
    Copy the FIT folder's files to GARMIN/NewFiles on the watch over USB (--with-page adds
    the plan's page, index.html, linking each session's file); paste the intervals.icu text
    into intervals.icu, which sends it to Garmin, COROS, Wahoo, Suunto and Polar watches.

    \b
    Examples:
      planforge workouts plan.toml --weeks 1-4 -o watch/
      planforge workouts plan.ics --with-page -o watch/
      planforge workouts plan.toml --format icu \\
          -o plan-icu.txt
    """
    from .. import services
    from ..services.watch import require_extra

    fmt = fmt or ("icu" if output.lower().endswith(".txt") or output == "-" else "fit")
    if with_page and fmt != "fit":
        raise UsageError("--with-page writes the page beside the .fit files: it goes with "
                         "--format fit")
    require_extra(fmt)  # before reading anything: without the extra nothing is written
    from .plans import read_plan_arg

    plan = read_plan_arg(plan_file).plan
    watched = services.workouts(plan=plan, format=fmt, weeks=window, with_page=with_page)
    if watched.format == "icu":
        _write_icu(watched, output, force)
    else:
        _write_fit(watched, output, force, plan_file)


def _span(window: tuple[int, int]) -> str:
    return f"week {window[0]}" if window[0] == window[1] else f"weeks {window[0]}-{window[1]}"


def _write_icu(watched: Watched, output: str, force: bool) -> None:
    from ..formats.output import STDOUT, write_output

    write_output(output, watched.data, force=force)
    where = "standard output" if output == STDOUT else output
    click.echo(f"wrote {where}: {watched.workouts} workouts ({_span(watched.window)} of "
               f"{watched.last_week}) as intervals.icu workout text", err=True)


def _write_fit(watched: Watched, output: str, force: bool, plan_file: str) -> None:
    from ..formats.output import write_folder

    write_folder(output, watched.files, force=force)
    page = (f"; {watched.page}, the plan's page linking them" if watched.page else "")
    click.echo(f"wrote {output}: {watched.workouts} workouts ({_span(watched.window)} of "
               f"{watched.last_week}) and schedule.fit{page}", err=True)
    if watched.next_window is not None:
        first, last = watched.next_window
        weeks = str(first) if first == last else f"{first}-{last}"
        click.echo(f"A watch holds about 30 scheduled workouts; for the next weeks run: "
                   f"planforge workouts {plan_file} --weeks {weeks} -o OTHER-FOLDER", err=True)
    click.echo("Copy the files to GARMIN/NewFiles on the watch over USB.", err=True)


COMMANDS = (workouts,)
