"""Option bundles and the shell's defaults, defined once for every command.

The plan options (``make``, ``show``), ``--created``, the output options (``--format``, ``-o``,
``--force``) and the calendar options (``--remind``, ``--busy-only``, ``--color``) are
decorators; the defaults the shell supplies (the clock, ``SOURCE_DATE_EPOCH``, the system zone)
are read here and nowhere in the library.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..core.inputs.zones import is_zone
from ..core.vocab import LEVELS, WEEKDAYS
from ..errors import UsageError
from ..formats import registry as formats
from . import params, report

if TYPE_CHECKING:
    from ..core.model import Plan, Times
    from ..goals.templates import Template

_F = TypeVar("_F", bound=Callable[..., Any])
IMPORT_HINT = report.IMPORT_HINT


def _stack(options: Sequence[Callable[[_F], _F]]) -> Callable[[_F], _F]:
    """One decorator that applies ``options`` in the order listed (as help shows them)."""
    def decorate(func: _F) -> _F:
        for option in reversed(options):
            func = option(func)
        return func
    return decorate


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta[report.QUIET] = True
    return value


quiet_option = click.option(
    "--quiet", "-q", is_flag=True, is_eager=True, expose_value=False, callback=_set_quiet,
    help="Print only warnings and errors, not what was written.")


def output_options(default: str, name: str, *, folders: bool = False) -> Callable[[_F], _F]:
    """--format, -o/--output, -f/--force and -q/--quiet; ``default`` and ``name`` are for the
    help; ``folders``: --format also offers the formats that write a folder (``make``'s
    fit)."""
    choices = [*formats.FORMATS, *(formats.FOLDER_FORMATS if folders else ())]
    return _stack([
        click.option("--format", "fmt", type=click.Choice(choices, case_sensitive=False),
                     default=None,
                     help=f"Output format.  [default: from the -o extension, else {default}]"),
        click.option("--output", "-o", default=None, metavar="PATH",
                     help=f"File to write; '-' for standard output.  [default: {name}]"),
        click.option("--force", "-f", is_flag=True, help="Overwrite PATH if it exists."),
        quiet_option,
    ])


def choose_format(fmt: str | None, output: str | None, default: str) -> formats.Format:
    """--format, else the format -o's extension names, else ``default``. An -o extension that
    names no format (``out.txt``) is refused rather than silently written as ``default``."""
    import os.path

    suffix = os.path.splitext(output or "")[1].lower()  # noqa: PTH122 - fast --help
    known = {f.extension: f for f in formats.FORMATS.values()}
    if fmt is None and output not in (None, "-") and suffix and suffix not in known:
        raise UsageError(f"output {output!r} ends in {suffix}, which names no format; use "
                         f"{', '.join(known)}, or give --format")
    chosen = (formats.choose(fmt, output) if fmt
              else known.get(suffix, formats.FORMATS[default]))
    formats.check_extension(chosen, output)
    return chosen


def _merge_color(func: _F) -> _F:
    """``--color`` (the old name of --calendar-color) still works, with a warning."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        old = kwargs.pop("old_color", None)
        if old is not None:
            report.warn("--color is now --calendar-color (--color will go in a later "
                        "version)")
            kwargs["color"] = kwargs.get("color") or old
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def calendar_color_option(func: _F) -> _F:
    """--calendar-color (and the hidden old --color, with a warning)."""
    return _stack([
        click.option("--calendar-color", "color", type=params.COLOR, default=None,
                     metavar="NAME", help="Calendar colour, a CSS colour name such as "
                                          "orange."),
        click.option("--color", "old_color", type=params.COLOR, default=None, hidden=True),
    ])(_merge_color(func))


def calendar_options(func: _F) -> _F:
    """--remind, --busy-only and --calendar-color (and the hidden old --color)."""
    return _stack([
        click.option("--remind", type=params.DURATION, default=None, metavar="DURATION",
                     help="Add a reminder this long before each workout: 30 (minutes), 30m, "
                          "2h, 1d. All-day events start at midnight."),
        click.option("--busy-only", is_flag=True,
                     help="Generic titles, no details, marked private; timed workouts "
                          "show as busy (all-day ones never do): for a calendar others can "
                          "see."),
        click.option("--calendar-color", "color", type=params.COLOR, default=None,
                     metavar="NAME", help="Calendar colour, a CSS colour name such as "
                                          "orange."),
        click.option("--color", "old_color", type=params.COLOR, default=None, hidden=True),
    ])(_merge_color(func))


def complete_plan_files(ctx: click.Context, param: click.Parameter,
                        incomplete: str) -> list[Any]:
    """Shell completion for PLAN: the plan files (.toml, .json) in the folder typed so far."""
    from click.shell_completion import CompletionItem

    folder, _, stem = incomplete.rpartition("/")
    try:
        names = sorted(os.listdir(folder or "."))  # noqa: PTH208 - fast --help
    except OSError:
        return []
    out = []
    for name in names:
        path = f"{folder}/{name}" if folder else name
        if not name.startswith(stem) or name.startswith("."):
            continue
        if os.path.isdir(path):  # noqa: PTH112 - no pathlib for --help's sake
            out.append(CompletionItem(path + "/", type="dir"))
        elif name.lower().endswith((".toml", ".json")):
            out.append(CompletionItem(path))
    return out


def plan_argument(*, required: bool = True) -> Callable[[_F], _F]:
    """PLAN: a plan file (or - for standard input), completed from the folder's plan files."""
    return click.argument("plan_path", metavar="PLAN", required=required,
                          shell_complete=complete_plan_files)


def plan_options(*, goal_required: bool = True) -> Callable[[_F], _F]:
    """The options that say which plan to build, shared by ``make`` and ``show``.

    --goal, --weeks, --level, --start, --days, --time, --tz and --equipment, in that order;
    --created is :func:`created_option`, apart so ``make --help`` keeps its order (it is
    listed last).
    ``goal_required=False`` for a command that can read a plan file instead; it then checks
    --goal itself.
    """
    options = [
        click.option("--goal", type=params.GOAL, required=goal_required,
                     help="What the plan is for; see 'planforge goals'."
                          + ("" if goal_required else "  [required unless --template]")),
        click.option("--weeks", type=params.WEEKS, default=8, show_default=True,
                     help="Length of the plan in weeks, 1 to 52."),
        click.option("--level", type=click.Choice(LEVELS, case_sensitive=False),
                     default="beginner",
                     show_default=True,
                     help="beginner: cannot yet run 5 minutes; returning: runs 10-15 minutes; "
                          "runner: runs 30 minutes."),
        click.option("--start", type=params.DATE, default=None, metavar="DATE",
                     help="First day of week 1: 2026-11-23, '23 November 2026', today, "
                          "tomorrow or a weekday.  [default: the next Monday]"),
        click.option("--days", type=params.WEEKDAY_LIST, default=None, metavar="DAYS",
                     help="Weekdays you can train, e.g. mon,wed,fri,sat, 'Mon Wed Fri' or "
                          "mon-fri.  [default: depends on --level]"),
        click.option("--time", "times", type=params.TIME, multiple=True,
                     metavar="[DAY=]TIME",
                     help="Start time of timed events, e.g. 07:00, 7am or '6:30 pm', or "
                          "sat=09:00 for one weekday; repeatable.  [default: all-day events]"),
        click.option("--tz", type=params.TIMEZONE, default=None, metavar="ZONE",
                     help="Time zone of --time: an IANA name or a city, e.g. Europe/London "
                          "or London.  [default: the system's zone]"),
        click.option("--equipment", type=params.EQUIPMENT_LIST, default=None, metavar="LIST",
                     help="What you have: none, or any of mat, chair, towel, band, dumbbells, "
                          "bench, foam-roller (comma-separated); the plan uses only that.  "
                          "[default: any]"),
    ]

    return _stack(options)


#: the names of the parameters :func:`plan_options` and :func:`created_option` add
PLAN_PARAMS = ("goal", "weeks", "level", "start", "days", "times", "tz", "equipment",
               "created")


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
    equipment: tuple[str, ...] | None = None,
) -> Plan:
    """The plan :func:`plan_options` and :func:`created_option` describe, with the shell's
    defaults (the clock, the environment, the system zone); notes go to standard error.
    A user template (by name or loaded) is recorded in ``plan.extra`` for ``next``."""
    from ..core.engine.progression import build_plan
    from ..goals.user import resolve_goal

    goal = resolve_goal(goal)

    chosen_times = parse_times(times)
    if chosen_times.all_day and tz is not None:
        report.note("--tz has no effect without --time; events are all-day")
    if not chosen_times.all_day and tz is None:
        tz = system_zone_noted()
    return record_template(build_plan(
        goal=goal,
        weeks=weeks,
        start=start or next_monday(dt.datetime.now().astimezone().date()),
        created=created or default_created(os.environ),
        level=level,
        days=days,
        timezone=None if chosen_times.all_day else tz,
        times=chosen_times,
        equipment=equipment,
    ), goal)


def parse_times(values: Sequence[tuple[int | None, dt.time]]) -> Times:
    """Repeated --time values as :class:`Times`; the same day twice is a usage error."""
    from ..core.model import Times

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


def system_zone_noted() -> str:
    """:func:`system_timezone`, saying which zone it is and, when ``$TZ`` is set but is no
    zone planforge can read, that it was passed over."""
    zone, unread = system_timezone()
    if unread:
        report.warn(f"TZ={unread!r} is not a time zone planforge can read (it takes IANA "
                    f"names like Europe/London); using {zone} instead: give --tz to choose")
    report.note(f"times in {zone}, the system's zone (--tz chooses another)")
    return zone


def system_timezone(
    environ: dict[str, str] | os._Environ[str] = os.environ,
    localtime: str | os.PathLike[str] = "/etc/localtime",
    timezone_file: str | os.PathLike[str] = "/etc/timezone",
) -> tuple[str, str]:
    """The machine's IANA zone: $TZ if it names one, else /etc/localtime's link, else
    /etc/timezone, else UTC; and $TZ's value when it is set but names no zone (else "")."""
    raw = environ.get("TZ", "").strip()
    tz = raw.removeprefix(":")
    if is_zone(tz):
        return tz, ""
    unread = raw
    try:
        target = os.readlink(localtime)  # noqa: PTH115 - no pathlib for --help's sake
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.rsplit("zoneinfo/", 1)[1]
        if is_zone(name):
            return name, unread
    try:
        with open(timezone_file, encoding="utf-8") as handle:  # noqa: PTH123 - as above
            name = handle.read().strip()
    except (OSError, UnicodeDecodeError):
        name = ""
    if is_zone(name):
        return name, unread
    return "UTC", unread


def record_template(plan: Plan, goal: str | Template) -> Plan:
    """``plan`` with the template it came from in ``extra`` when it is not a built-in goal
    (``next`` finds it there)."""
    if isinstance(goal, str):
        return plan
    from dataclasses import replace

    from ..goals.user import template_extra

    extra = template_extra(goal)
    if not extra:
        return plan
    return replace(plan, extra=(*(kv for kv in plan.extra if kv[0] not in dict(extra)), *extra))
