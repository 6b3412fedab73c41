"""What the web page calls: planforge's commands for a form, with the files kept in memory.

The page in ``web/`` runs planforge itself in the browser (Pyodide) and calls the functions
here, nothing else. A form arrives as a dict from an option's name (without its dashes) to its
value, just as it would follow on the command line: text, ``True`` for a flag, a list for a
repeatable option such as ``time``. Each function turns the dict into the command's arguments
and lets that command's own click parser read them, so every value is checked by the same
parameter type with the same message as in a terminal; then it calls the same functions the
command calls and returns the files instead of writing them::

    {"ok": True, "errors": [], "notes": [...], "summary": [...], "workouts": 98,
     "files": {"ics": b"...", "toml": b"...", "html": b"..."},
     "names": {"ics": "planforge-glutes-8w.ics", ...},
     "command": "planforge make --goal=glutes ... -o planforge-glutes-8w.ics"}

and on a bad value ``{"ok": False, "errors": [{"option": "--weeks", "message": "60 weeks is
out of range; expected 1 to 52", "line": "Invalid value for '--weeks': ..."}], ...}``.

Like ``cli``, this module is a shell over the library: it reads no clock (the page passes
``start`` and ``created``; without them the command's own defaults apply), no file and no
environment of its own. Notes a command prints on standard error come back in ``notes``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import io
import re
import shlex
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import PlanforgeError

if TYPE_CHECKING:
    from .core.model import Plan
    from .formats.registry import RenderOptions

Values = Mapping[str, object]
Result = dict[str, Any]
_OPTION = re.compile(r"--[a-z][a-z-]*")
_DEFAULT_NOTE = re.compile(r"\s*\[default: [^\]]*\]|\s*\[required\]")


def form_info(*, today: str) -> Result:
    """What the page's forms show: the goals, levels, weekdays, each level's default days,
    the next Monday after ``today`` (the browser's date, YYYY-MM-DD), the equipment a plan may
    use, the largest plan file read, the time zones (the page's searchable list), and for each
    option of ``make``, ``render`` and ``shift`` its help and choices."""
    from .cli.make import make
    from .cli.options import next_monday
    from .cli.plans import render, shift
    from .core.engine.progression import default_days
    from .core.inputs.zones import zone_names
    from .core.vocab import LEVELS, WEEKDAYS
    from .formats.planfile import MAX_PLAN_BYTES
    from .goals import catalog
    from .goals.equipment import EQUIPMENT, WORDS
    from .goals.user import builtin_description

    return {
        "version": __version__,
        "max_plan_bytes": MAX_PLAN_BYTES,
        "goals": [{"name": name, "description": builtin_description(name)}
                  for name in catalog.builtin_goals()],
        "levels": list(LEVELS),
        "weekdays": list(WEEKDAYS),
        "default_days": {level: [WEEKDAYS[d] for d in default_days(level)]
                         for level in LEVELS},
        "start": next_monday(dt.date.fromisoformat(today)).isoformat(),
        "equipment": [{"name": name, "words": WORDS[name]} for name in EQUIPMENT],
        "zones": sorted(name for name in zone_names()
                        if not name.startswith(("posix/", "right/"))),
        "options": {command.name: _describe(command) for command in (make, render, shift)},
    }


def warm_up() -> None:
    """Import what the first plan needs, so that the page's first answer is quick: the page
    calls this while it starts (in its worker, where nothing waits on it)."""
    import importlib

    for name in ("core.engine.progression", "formats.ics", "formats.html", "formats.planfile",
                 "cli.make", "cli.plans"):
        importlib.import_module(f"{__package__}.{name}")


def _describe(command: click.Command) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        name = next((o for o in param.opts if o.startswith("--")), param.opts[0])
        choices = param.type.choices if isinstance(param.type, click.Choice) else None
        out[name.removeprefix("--")] = {
            "help": _DEFAULT_NOTE.sub("", param.help or "").strip(),
            "choices": [str(c) for c in choices] if choices is not None else None,
            "flag": param.is_flag,
            "multiple": param.multiple,
        }
    return out


def make_plan(values: Values) -> Result:
    """``planforge make`` with these options: the plan as .ics, TOML plan file and HTML."""
    return _run(lambda notes: _make(values, notes))


def describe_plan(plan_file: bytes, name: str) -> Result:
    """A plan file someone shared, read as ``planforge render`` reads it: what it holds
    (``plan``: goal, weeks, dates, days, times and zone) or why it is no plan file."""
    return _run(lambda notes: _describe_plan(plan_file, name))


def render_plan(plan_file: bytes, name: str, values: Values) -> Result:
    """``planforge render NAME`` with these options, on the plan file's bytes."""
    return _run(lambda notes: _render(plan_file, name, values, notes))


def shift_plan(plan_file: bytes, name: str, values: Values) -> Result:
    """``planforge shift NAME`` with these options (``from`` and ``by`` or ``repeat-week``)."""
    return _run(lambda notes: _shift(plan_file, name, values, notes))


def to_args(values: Values) -> list[str]:
    """The form as command-line arguments: ``--name=value``; a flag when True; one
    ``--name=item`` per item of a list; nothing for None, False or a missing value."""
    args: list[str] = []
    for key, value in values.items():
        flag = f"--{key}"
        if value is True:
            args.append(flag)
        elif value is None or value is False:
            continue
        elif isinstance(value, list | tuple):
            args += [f"{flag}={item}" for item in value]
        else:
            args.append(f"{flag}={value}")
    return args


# ----------------------------------------------------------------------------- the commands


def _make(values: Values, notes: list[str]) -> Result:
    from .cli.make import make
    from .cli.options import build_from_options
    from .cli.plans import template_for_make

    args = to_args(values)
    ctx = _parse(make, args)
    params = ctx.params
    source = template_for_make(params["goal"], None, ctx)
    wanted = inspect.signature(build_from_options).parameters
    kwargs = {name: params[name] for name in wanted if name in params}
    plan = build_from_options(**{**kwargs, "goal": source})
    stem = f"planforge-{params['goal']}-{plan.weeks}w"
    return _files(plan, _options(params), stem, ["planforge", "make", *args])


def _describe_plan(plan_file: bytes, name: str) -> Result:
    from .formats.planfile import read_plan_bytes

    plan, kind = read_plan_bytes(bytes(plan_file), source=name)
    times = [] if plan.times.default is None else [plan.times.default.strftime("%H:%M")]
    times += [f"{_weekday(d)}={at.strftime('%H:%M')}" for d, at in plan.times.by_weekday]
    return {"plan": {"name": name, "kind": kind, "goal": plan.goal, "title": plan.goal_title,
                     "level": plan.level, "weeks": plan.weeks, "start": plan.start.isoformat(),
                     "end": plan.end.isoformat(), "days": [_weekday(d) for d in plan.days],
                     "times": times, "timezone": plan.timezone,
                     "workouts": len(plan.sessions)}}


def _render(plan_file: bytes, name: str, values: Values, notes: list[str]) -> Result:
    from .cli.plans import rebased, render, render_times
    from .formats.planfile import read_plan_bytes

    args = to_args(values)
    params = _parse(render, [*args, "--", name]).params
    times = render_times(params["times"], params["all_day"])
    plan, _ = read_plan_bytes(bytes(plan_file), source=name)
    change = rebased(plan, name, start=params["start"], days=params["days"], times=times,
                     tz=params["tz"], all_day=params["all_day"])
    notes += [f"note: {line}" for line in change.report]
    return _files(change.plan, _options(params), f"{_stem(name)}-rendered",
                  ["planforge", "render", name, *args])


def _shift(plan_file: bytes, name: str, values: Values, notes: list[str]) -> Result:
    from .cli.plans import check_shift_choice, shift, with_change_time
    from .core.replan.repeat import repeat_week
    from .core.replan.shift import shift as move
    from .formats.planfile import read_plan_bytes

    args = to_args(values)
    params = _parse(shift, [*args, "--", name]).params
    check_shift_choice(params["by"], params["repeat_week"])
    plan, _ = read_plan_bytes(bytes(plan_file), source=name)
    by = params["by"]
    change = (move(plan, from_date=params["from_date"], by=by) if by is not None
              else repeat_week(plan, from_date=params["from_date"]))
    notes += change.report
    return _files(with_change_time(plan, change.plan), _options({}), f"{_stem(name)}-shifted",
                  ["planforge", "shift", name, *args])


# ----------------------------------------------------------------------------- helpers


def _run(work: Callable[[list[str]], Result]) -> Result:
    """``work`` with what it prints on standard error collected as notes, and the errors a
    terminal would show turned into ``errors`` (the library's own words)."""
    notes: list[str] = []
    captured = io.StringIO()
    result: Result = {"ok": False, "errors": [], "notes": notes}
    try:
        with contextlib.redirect_stderr(captured):
            result.update(work(notes))
        result["ok"] = True
    except _FormErrors as exc:
        result["errors"] += exc.errors
    except click.UsageError as exc:
        result["errors"].append(_usage_error(exc))
    except PlanforgeError as exc:
        text = _one_line(str(exc))
        found = _OPTION.search(text)
        result["errors"].append({"option": found[0] if found else None, "message": text,
                                 "line": text})
    notes[:0] = [line for line in captured.getvalue().splitlines() if line.strip()]
    return result


def _usage_error(exc: click.UsageError) -> dict[str, Any]:
    line = _one_line(exc.format_message())
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        opts = [o for o in exc.param.opts if o.startswith("--")] or exc.param.opts
        message = exc.message if not isinstance(exc, click.MissingParameter) else line
        return {"option": opts[0] if opts else None, "message": _one_line(message),
                "line": line}
    found = _OPTION.search(line)
    return {"option": found[0] if found else None, "message": line, "line": line}


class _FormErrors(Exception):
    """Every bad value of a form, each as the command line reports it."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _parse(command: click.Command, args: list[str]) -> click.Context:
    """The command's own parser on ``args``: values converted, or click's usage error.

    The command line stops at the first bad value; a form shows them all, so the parser
    runs again without each bad option in turn (each message is still the command's own)."""
    try:
        return command.make_context(command.name, list(args))
    except click.BadParameter as first:
        errors = [_usage_error(first)]
        rest = list(args)
        exc: click.BadParameter | None = first
        while exc is not None and exc.param is not None and len(errors) < 20:
            names = tuple(exc.param.opts)
            kept = [a for a in rest if a not in names and not a.startswith(
                tuple(f"{n}=" for n in names))]
            if kept == rest:
                break
            rest, exc = kept, None
            try:
                command.make_context(command.name, list(rest))  # click empties the list
            except click.MissingParameter:
                break
            except click.BadParameter as later:
                errors.append(_usage_error(later))
                exc = later
            except click.UsageError:
                break
        raise _FormErrors(errors) from None


def _options(params: Mapping[str, Any]) -> RenderOptions:
    from .formats.registry import RenderOptions

    return RenderOptions(remind=params.get("remind"), busy_only=bool(params.get("busy_only")),
                         color=params.get("color"))


def _files(plan: Plan, options: RenderOptions, stem: str, command: list[str]) -> Result:
    """The plan as the three files the page offers, written by the registry's writers, and
    what ``make`` reports of it."""
    from .formats.digest import counts_phrase
    from .formats.registry import FORMATS, RenderOptions

    ics = FORMATS["ics"].render(plan, options)
    files = {"ics": ics.data,
             "toml": FORMATS["toml"].render(plan, RenderOptions()).data,
             "html": FORMATS["html"].render(plan, RenderOptions()).data}
    names = {kind: f"{stem}.{kind}" for kind in files}
    return {"files": files, "names": names, "workouts": len(plan.sessions),
            "start": plan.start.isoformat(), "end": plan.end.isoformat(),
            "summary": [f"{plan.weeks} weeks, {counts_phrase(plan)}, "
                        f"{plan.start.isoformat()} to {plan.end.isoformat()}",
                        plan.summary, *plan.left_out],
            "warnings": [f"warning: {w}" for w in ics.warnings],
            "command": shlex.join([*command, "-o", names["ics"]])}


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base[1:] else base
    return stem or "plan"


def _weekday(day: int) -> str:
    from .core.vocab import WEEKDAYS

    return WEEKDAYS[day] if 0 <= day < len(WEEKDAYS) else str(day)


def _one_line(text: str) -> str:
    from .cli.app import one_line

    return one_line(text)
