"""The ``planforge`` command: a thin shell over the library.

The shell reads the clock, the environment and the system zone; the library never does.
Errors are turned into one line and an exit code in one place, :class:`PlanforgeGroup`.
Importing this module does not import the engine or icalendar (``make`` imports them when it
runs), nor the plan model, the template loader or pathlib, so ``planforge --help`` and
``planforge goals`` stay fast (benchmarks/run.py measures them).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__, catalog, formats, params
from .constants import LEVELS, WEEKDAYS
from .errors import PlanforgeError, UsageError
from .zones import is_zone

if TYPE_CHECKING:
    from .model import Plan, Times
    from .templates import Template

_F = TypeVar("_F", bound=Callable[..., Any])
IMPORT_HINT = "Import: Google Calendar > Settings > Import & export."


class _HelpFormatter(click.HelpFormatter):
    """click's help formatter, given the width click would work out itself
    (``shutil.get_terminal_size``) without importing shutil, which loads zlib, bz2 and lzma:
    ~2 ms of ``planforge --help``. The help reads the same (tests/test_startup.py)."""

    def __init__(self, indent_increment: int = 2, width: int | None = None,
                 max_width: int | None = None) -> None:
        if width is None and click.formatting.FORCED_WIDTH is None:
            width = max(min(_terminal_columns(), 80 if max_width is None else max_width) - 2,
                        50)
        super().__init__(indent_increment, width, max_width)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, worked out as shutil does."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _Command(click.Command):
    context_class = _Context


class PlanforgeGroup(click.Group):
    """A group whose errors are one line: ``Error: ...`` on stderr and the right exit code."""

    context_class = _Context
    command_class = _Command

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            _one_line(exc)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            _one_line(exc)
        except PlanforgeError as exc:
            raise _error(exc.exit_code)(one_line(str(exc))) from None
        except BrokenPipeError:  # the reader of standard output went away (| head)
            from .output import silence_stdout

            silence_stdout()
            return None


def _one_line(exc: click.UsageError) -> NoReturn:
    """Re-raise a click usage error as one line (no usage block), keeping exit code 2."""
    message = exc.format_message()
    names_a_value = isinstance(exc, click.BadParameter) and not isinstance(
        exc, click.MissingParameter
    )
    if not names_a_value and exc.ctx is not None:
        message += f" Try '{exc.ctx.command_path} --help'."
    raise _error(exc.exit_code)(one_line(message)) from None


def one_line(text: str) -> str:
    """``text`` as one clean line: control characters, line breaks, format characters and
    lone surrogates (a file name, say, as the user typed it) escaped as Python writes them."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@functools.cache
def _error(exit_code: int) -> type[click.ClickException]:
    """A ClickException class that shows ``Error: message`` and exits with ``exit_code``."""
    return type(f"PlanforgeExit{exit_code}", (click.ClickException,), {"exit_code": exit_code})


@click.group("planforge", cls=PlanforgeGroup,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="planforge",
                      message="%(prog)s %(version)s")
def main() -> None:
    """Build a safe, progressive running-and-strength plan and write it as a calendar file.

    \b
    Example:
      planforge make --weeks 8 --goal glutes
    """


def plan_options(*, goal_required: bool = True) -> Callable[[_F], _F]:
    """The options that say which plan to build, shared by ``make`` and ``show``.

    --goal, --weeks, --level, --start, --days, --time and --tz, in that order; --created is
    :func:`created_option`, apart so ``make --help`` keeps its order (it is listed last).
    ``goal_required=False`` for a command that can read a plan file instead; it then checks
    --goal itself.
    """
    options = [
        click.option("--goal", type=params.GOAL, required=goal_required,
                     help="What the plan is for; see 'planforge goals'."),
        click.option("--weeks", type=params.WEEKS, default=8, show_default=True,
                     help="Length of the plan in weeks, 1 to 52."),
        click.option("--level", type=click.Choice(LEVELS), default="beginner",
                     show_default=True,
                     help="beginner: cannot yet run 5 minutes; returning: runs 10-15 minutes; "
                          "runner: runs 30 minutes."),
        click.option("--start", type=params.DATE, default=None, metavar="DATE",
                     help="First day of week 1, YYYY-MM-DD.  [default: the next Monday]"),
        click.option("--days", type=params.WEEKDAY_LIST, default=None, metavar="DAYS",
                     help="Weekdays you can train, e.g. mon,wed,fri,sat.  "
                          "[default: depends on --level]"),
        click.option("--time", "times", type=params.TIME, multiple=True,
                     metavar="[DAY=]HH:MM",
                     help="Start time of timed events, e.g. 07:00, or sat=09:00 for one "
                          "weekday; repeatable.  [default: all-day events]"),
        click.option("--tz", type=params.TIMEZONE, default=None, metavar="ZONE",
                     help="IANA time zone of --time, e.g. Europe/London.  "
                          "[default: the system's zone]"),
    ]

    def decorate(func: _F) -> _F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


#: the names of the parameters :func:`plan_options` and :func:`created_option` add
PLAN_PARAMS = ("goal", "weeks", "level", "start", "days", "times", "tz", "created")

created_option = click.option(
    "--created", type=params.DATETIME, default=None, metavar="DATETIME",
    help="Creation time stamped into the file (DTSTAMP), ISO 8601.  "
         "[default: $SOURCE_DATE_EPOCH if set, else now]")


def build_from_options(
    goal: str | Template,
    weeks: int,
    level: str,
    start: dt.date | None,
    days: tuple[int, ...] | None,
    times: Sequence[tuple[int | None, dt.time]],
    tz: str | None,
    created: dt.datetime | None,
) -> Plan:
    """The plan :func:`plan_options` and :func:`created_option` describe, with the shell's
    defaults (the clock, the environment, the system zone); notes go to standard error.
    A user template (by name or loaded) is recorded in ``plan.extra`` for ``next``."""
    from .engine import build_plan  # here, not at the top: keeps --help and goals fast
    from .user_templates import record_template, resolve_goal

    goal = resolve_goal(goal)

    chosen_times = _times(times)
    if chosen_times.all_day and tz is not None:
        click.echo("note: --tz has no effect without --time; events are all-day", err=True)
    return record_template(build_plan(
        goal=goal,
        weeks=weeks,
        start=start or next_monday(dt.datetime.now().astimezone().date()),
        created=created or default_created(os.environ),
        level=level,
        days=days,
        timezone=None if chosen_times.all_day else (tz or system_timezone()),
        times=chosen_times,
    ), goal)


@main.command()
@plan_options(goal_required=False)
@click.option("--template", "template_file", default=None, metavar="FILE",
              help="Build from a goal template file of your own instead of --goal; see "
                   "'planforge goals --show'.")
@click.option("--format", "fmt", type=click.Choice(list(formats.FORMATS)), default=None,
              help="Output format.  [default: from the -o extension, else ics]")
@click.option("--output", "-o", default=None, metavar="PATH",
              help="File to write; '-' for standard output.  [default: planforge-GOAL-Nw.ics]")
@click.option("--force", "-f", is_flag=True, help="Overwrite PATH if it exists.")
@click.option("--remind", type=params.DURATION, default=None, metavar="DURATION",
              help="Add a reminder this long before each workout, e.g. 30m, 2h, 1d.")
@click.option("--busy-only", is_flag=True,
              help="Generic titles, no details, marked private and busy: for a calendar "
                   "others can see.")
@click.option("--color", type=params.COLOR, default=None, metavar="NAME",
              help="Calendar colour, a CSS colour name such as orange.")
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
    fmt: str | None,
    output: str | None,
    force: bool,
    remind: dt.timedelta | None,
    busy_only: bool,
    color: str | None,
    created: dt.datetime | None,
) -> None:
    """Build a plan and write it as an .ics calendar (or JSON, TOML ...)."""
    from .cli_plans import template_for_make

    chosen = formats.choose(fmt, output)
    formats.check_extension(chosen, output)
    source = template_for_make(goal, template_file, click.get_current_context())
    name = source if isinstance(source, str) else source.name
    output = output or f"planforge-{name}-{weeks}w{chosen.extension}"
    plan = build_from_options(source, weeks, level, start, days, times, tz, created)
    rendered = chosen.render(plan, formats.RenderOptions(remind=remind, busy_only=busy_only,
                                                          color=color))
    data, warnings = rendered.data, rendered.warnings
    from .output import STDOUT, write_output

    write_output(output, data, force=force)

    counts = {kind: sum(s.kind == kind for s in plan.sessions)
              for kind in ("run", "strength", "mobility")}
    labels = {"run": "runs", "strength": "strength", "mobility": "mobility"}
    parts = ", ".join(f"{n} {labels[k]}" for k, n in counts.items() if n)
    where = "standard output" if output == STDOUT else output
    click.echo(
        f"wrote {where}: {plan.weeks} weeks, {len(plan.sessions)} workouts ({parts}), "
        f"{plan.start.isoformat()} to {plan.end.isoformat()}",
        err=True,
    )
    click.echo(plan.summary, err=True)
    for line in plan.left_out:
        click.echo(line, err=True)
    if start is not None and start < dt.datetime.now().astimezone().date():
        click.echo(f"warning: start date {start.isoformat()} is in the past", err=True)
    for line in warnings:
        click.echo(f"warning: {line}", err=True)
    if chosen.is_calendar:
        click.echo(IMPORT_HINT, err=True)


@main.command()
@click.option("--show", metavar="NAME", default=None,
              help="Print goal NAME's template (TOML), to start a template of your own from.")
def goals(show: str | None) -> None:
    """List the goals with a one-line description each (your own templates too)."""
    from .user_templates import template_text, user_goal_lines

    if show is not None:
        click.echo(template_text(show.strip()), nl=False)
        return
    rows = [(name, catalog.description(name)) for name in catalog.builtin_goals()]
    mine, warnings = user_goal_lines()
    rows += [(name, f"{text}  (user template)") for name, text in mine]
    width = max((len(n) for n, _ in rows), default=0)
    for name, text in rows:
        click.echo(f"{name:<{width}}  {text}")
    for line in warnings:
        click.echo(line, err=True)


def _times(values: Sequence[tuple[int | None, dt.time]]) -> Times:
    """Repeated --time values as :class:`Times`; the same day twice is a usage error."""
    from .model import Times

    default: dt.time | None = None
    by_day: dict[int, dt.time] = {}
    for day, at in values:
        if day is None:
            if default is not None:
                raise UsageError("--time HH:MM is given twice; give one default time")
            default = at
        else:
            if day in by_day:
                raise UsageError(f"--time for {WEEKDAYS[day]} is given twice")
            by_day[day] = at
    return Times(default=default, by_weekday=tuple(sorted(by_day.items())))


def next_monday(today: dt.date) -> dt.date:
    """The first Monday after ``today`` (a week on, when today is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def default_created(environ: dict[str, str] | os._Environ[str]) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now; UTC, whole seconds."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds")
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is out of range") from None
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def system_timezone(
    environ: dict[str, str] | os._Environ[str] = os.environ,
    localtime: str | os.PathLike[str] = "/etc/localtime",
    timezone_file: str | os.PathLike[str] = "/etc/timezone",
) -> str:
    """The machine's IANA zone: $TZ if it names one, else /etc/localtime's link, else
    /etc/timezone, else UTC."""
    tz = environ.get("TZ", "").strip().removeprefix(":")
    if is_zone(tz):
        return tz
    try:
        target = os.readlink(localtime)  # noqa: PTH115 - no pathlib for --help's sake
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.rsplit("zoneinfo/", 1)[1]
        if is_zone(name):
            return name
    try:
        with open(timezone_file, encoding="utf-8") as handle:  # noqa: PTH123 - as above
            name = handle.read().strip()
    except (OSError, UnicodeDecodeError):
        name = ""
    if is_zone(name):
        return name
    return "UTC"


# Commands kept in modules of their own register themselves on ``main`` when imported.
from . import cli_show  # noqa: E402, F401  (planforge show)
from .cli_plans import register  # noqa: E402  (render, check, shift, next, schema)

register(main)
