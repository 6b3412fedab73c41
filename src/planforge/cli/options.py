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

from ..errors import UsageError
from ..formats import registry as formats
from ..services.forms import help_text
from . import params, report

if TYPE_CHECKING:
    from ..services import SystemZone

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
                     metavar="NAME", help=help_text("make", "calendar-color")),
        click.option("--color", "old_color", type=params.COLOR, default=None, hidden=True),
    ])(_merge_color(func))


def calendar_options(func: _F) -> _F:
    """--remind, --busy-only and --calendar-color (and the hidden old --color)."""
    return _stack([
        click.option("--remind", type=params.DURATION, default=None, metavar="DURATION",
                     help=help_text("make", "remind")),
        click.option("--busy-only", is_flag=True, help=help_text("make", "busy-only")),
        click.option("--calendar-color", "color", type=params.COLOR, default=None,
                     metavar="NAME", help=help_text("make", "calendar-color")),
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
                     help=help_text("make", "goal")
                          + ("" if goal_required else "  [required unless --template]")),
        click.option("--weeks", type=params.WEEKS, default=8, show_default=True,
                     help=help_text("make", "weeks")),
        click.option("--level", type=params.LEVEL, default="beginner", show_default=True,
                     help=help_text("make", "level")),
        click.option("--start", type=params.DATE, default=None, metavar="DATE",
                     help=help_text("make", "start")),
        click.option("--days", type=params.WEEKDAY_LIST, default=None, metavar="DAYS",
                     help=help_text("make", "days")),
        click.option("--time", "times", type=params.TIME, multiple=True,
                     metavar="[DAY=]TIME", help=help_text("make", "time")),
        click.option("--tz", type=params.TIMEZONE, default=None, metavar="ZONE",
                     help=help_text("make", "tz")),
        click.option("--equipment", type=params.EQUIPMENT_LIST, default=None, metavar="LIST",
                     help=help_text("make", "equipment")),
    ]

    return _stack(options)


#: the names of the parameters :func:`plan_options` and :func:`created_option` add
PLAN_PARAMS = ("goal", "weeks", "level", "start", "days", "times", "tz", "equipment",
               "created")


created_option = click.option(
    "--created", type=params.DATETIME, default=None, metavar="DATETIME",
    help=help_text("make", "created"))


def today() -> dt.date:
    """The shell's today: the machine's local date (``--start`` defaults from it)."""
    return dt.datetime.now().astimezone().date()


def created_or_default(created: dt.datetime | None) -> dt.datetime:
    """``--created``, else :func:`default_created` of the environment."""
    return created or default_created(os.environ)


def default_created(environ: dict[str, str] | os._Environ[str]) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now; UTC, whole seconds."""
    from ..services.inputs import default_created as created

    return created(environ, now=dt.datetime.now(dt.UTC))


def system_zone() -> SystemZone:
    """The machine's zone for the library (it says, as a note, when it falls back to it)."""
    from ..services import SystemZone

    name, unread = system_timezone()
    return SystemZone(name, unread)


def system_timezone(
    environ: dict[str, str] | os._Environ[str] = os.environ,
    localtime: str | os.PathLike[str] = "/etc/localtime",
    timezone_file: str | os.PathLike[str] = "/etc/timezone",
) -> tuple[str, str]:
    """The machine's IANA zone: $TZ if it names one, else /etc/localtime's link, else
    /etc/timezone, else UTC; and $TZ's value when it is set but names no zone (else "")."""
    raw = environ.get("TZ", "").strip()
    from ..services.inputs import is_zone

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
