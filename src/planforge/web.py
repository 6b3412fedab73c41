"""What the web page calls: planforge's operations for a form, with the files kept in memory.

The page in ``web/`` runs planforge itself in the browser (Pyodide) and calls the functions
here, nothing else. A form arrives as a dict from an option's name (without its dashes) to its
value, just as it would follow on the command line: text, ``True`` for a flag, a list for a
repeatable option such as ``time``. Like the command line, this is a thin shell over
:mod:`planforge.services`: each form is read by :func:`planforge.services.formread.read_form`
(the readers the command line's options use, with the same messages), one operation runs,
and the files come back instead of being written::

    {"ok": True, "errors": [], "notes": [...], "summary": [...], "workouts": 98,
     "messages": [{"kind": "note", "text": "..."}, {"kind": "warning", ...}, ...],
     "files": {"ics": b"...", "toml": b"...", "html": b"..."},
     "names": {"ics": "planforge-glutes-8w.ics", ...},
     "command": "planforge make --goal=glutes ... -o planforge-glutes-8w.ics"}

and on a bad value ``{"ok": False, "errors": [{"option": "--weeks", "message": "60 weeks is
out of range; expected 1 to 52", "line": "Invalid value for '--weeks': ..."}], ...}``: every
bad value of the form at once, each with the line the command line shows for it.

The page passes ``start`` and ``created``; without them the shell's defaults apply as on the
command line (the browser's clock: the next Monday, now; ``SOURCE_DATE_EPOCH`` where an
environment has it). Times without ``tz`` are in UTC, the
zone a browser's Python has (the page sends the browser's own zone).
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import (
    MissingOptionError,
    PlanFileProblems,
    PlanforgeError,
    RuleBreakError,
    UsageError,
)
from .services.text import one_line

if TYPE_CHECKING:
    from .services.formread import Form
    from .services.results import PlanResult

Values = Mapping[str, object]
Result = dict[str, Any]
#: the change that keeps the rules, as the page's own fields say it (RuleBreakError.instead)
INSTEAD = {"repeat-week": "'Instead, do that week again'",
           "rest-week": "moving the plan a week later, to rest a week"}
#: the zone of times given without one: a browser's Python has no system zone to read
BROWSER_ZONE = "UTC"


def form_info(*, today: str) -> Result:
    """What the page's forms show: the goals, levels, weekdays, each level's default days,
    the next Monday after ``today`` (the browser's date, YYYY-MM-DD), the equipment a plan may
    use, the largest plan file read, the time zones (the page's searchable list), and for each
    option of ``make``, ``render`` and ``shift`` its help and choices."""
    from .services import next_monday
    from .services.forms import FIELDS
    from .services.goals import default_days, goal_descriptions, max_plan_bytes
    from .services.inputs import EQUIPMENT, LEVELS, WEEKDAYS, WORDS, zone_names

    return {
        "version": __version__,
        "max_plan_bytes": max_plan_bytes(),
        "goals": [{"name": name, "description": text} for name, text in goal_descriptions()],
        "levels": list(LEVELS),
        "weekdays": list(WEEKDAYS),
        "default_days": {level: [WEEKDAYS[d] for d in default_days(level)]
                         for level in LEVELS},
        "start": next_monday(dt.date.fromisoformat(today)).isoformat(),
        "equipment": [{"name": name, "words": WORDS[name]} for name in EQUIPMENT],
        "zones": sorted(name for name in zone_names()
                        if not name.startswith(("posix/", "right/"))),
        "options": {command: {f.name: {"help": f.help,
                                       "choices": list(f.choices) if f.choices else None,
                                       "flag": f.flag, "multiple": f.multiple}
                              for f in fields}
                    for command, fields in FIELDS.items()},
    }


def warm_up() -> None:
    """A one-week plan made and thrown away: everything the first plan needs is imported and
    run once. The page's worker calls it right after it is ready, before the person's first
    plan (which would otherwise wait for those imports)."""
    answer = make_plan({"goal": "general", "weeks": "1", "start": "2026-01-05",
                        "time": ["07:00"], "tz": "Europe/London",
                        "created": "2026-01-01T00:00:00Z"})
    if not answer["ok"]:
        raise RuntimeError(f"planforge.web.warm_up: {answer['errors']}")


def make_plan(values: Values) -> Result:
    """``planforge make`` with these options: the plan as .ics, TOML plan file and HTML."""
    return _run(lambda: _make(values))


def describe_plan(plan_file: bytes, name: str) -> Result:
    """A plan file someone shared, read as ``planforge render`` reads it: what it holds
    (``plan``: goal, weeks, dates, days, times and zone) or why it is no plan file."""
    return _run(lambda: _describe_plan(plan_file, name))


def render_plan(plan_file: bytes, name: str, values: Values) -> Result:
    """``planforge render NAME`` with these options, on the plan file's bytes."""
    return _run(lambda: _render(plan_file, name, values))


def shift_plan(plan_file: bytes, name: str, values: Values) -> Result:
    """``planforge shift NAME`` with these options (``from`` and ``by`` or ``repeat-week``)."""
    return _run(lambda: _shift(plan_file, name, values))


def missed_days(plan_file: bytes, name: str, values: Values) -> Result:
    """``planforge missed NAME FROM [TO]`` (``from``, ``to``): the workouts of those days
    recorded as missed and the plan re-planned (R31), as the three files."""
    return _run(lambda: _missed(plan_file, name, values))


def record_done(plan_file: bytes, name: str, values: Values,
                activity: bytes | None = None, activity_name: str | None = None) -> Result:
    """``planforge done NAME [ACTIVITY]`` (``on``, ``ran``, ``longest``): an activity file's
    bytes (FIT, GPX or TCX) matched to its planned run, or a day done as planned, recorded
    in the plan."""
    return _run(lambda: _done(plan_file, name, values, activity, activity_name))


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


# ----------------------------------------------------------------------------- the operations


def _make(values: Values) -> Result:
    from . import services
    from .services.inputs import times_from

    form = _read("make", values)
    given = dict(form.values)
    times = times_from(given.pop("times", []))
    options = _options(given)
    created = given.pop("created", None) or _created()
    result = services.make(**given, times=times, created=created, today=_today(),
                           system_zone=services.SystemZone(BROWSER_ZONE))
    return _files(result, form, options, ["planforge", "make", *to_args(values)])


def _describe_plan(plan_file: bytes, name: str) -> Result:
    from . import services

    opened = services.read_plan(data=bytes(plan_file), source=name)
    plan = opened.plan
    times = [] if plan.times.default is None else [plan.times.default.strftime("%H:%M")]
    times += [f"{_weekday(d)}={at.strftime('%H:%M')}" for d, at in plan.times.by_weekday]
    return {"plan": {"name": name, "kind": opened.kind, "goal": plan.goal,
                     "title": plan.goal_title, "level": plan.level, "weeks": plan.weeks,
                     "start": plan.start.isoformat(), "end": plan.end.isoformat(),
                     "days": [_weekday(d) for d in plan.days], "times": times,
                     "timezone": plan.timezone, "workouts": len(plan.sessions)}}


def _render(plan_file: bytes, name: str, values: Values) -> Result:
    from . import services
    from .services.inputs import times_from

    form = _read("render", values)
    given = dict(form.values)
    times = given.pop("times", None)
    options = _options(given)
    opened = services.read_plan(data=bytes(plan_file), source=name)
    result = services.render(plan=opened, **given,
                             times=times_from(times) if times else None,
                             system_zone=services.SystemZone(BROWSER_ZONE))
    return _files(result, form, options, ["planforge", "render", name, *to_args(values)],
                  opened.messages, changes_prefix="note: ")


def _shift(plan_file: bytes, name: str, values: Values) -> Result:
    from . import services
    from .services.replan import check_shift_choice

    form = _read("shift", values)
    given = dict(form.values)
    check_shift_choice(given.get("by"), bool(given.get("repeat_week")))
    opened = services.read_plan(data=bytes(plan_file), source=name)
    result = services.shift(plan=opened, **given, now=_created())
    return _files(result, form, _options({}), ["planforge", "shift", name, *to_args(values)],
                  opened.messages)


def _missed(plan_file: bytes, name: str, values: Values) -> Result:
    from . import services

    form = _read("missed", values)
    opened = services.read_plan(data=bytes(plan_file), source=name)
    result = services.missed(plan=opened, **dict(form.values), now=_created())
    return _files(result, form, _options({}), ["planforge", "missed", name,
                                               *[str(v) for v in values.values()]],
                  opened.messages)


def _done(plan_file: bytes, name: str, values: Values, activity: bytes | None,
          activity_name: str | None) -> Result:
    from . import services

    form = _read("done", values)
    opened = services.read_plan(data=bytes(plan_file), source=name)
    given = [(activity_name or "activity", bytes(activity))] if activity is not None else []
    result = services.done(plan=opened, activities=given, **dict(form.values), now=_created())
    return _files(result, form, _options({}),
                  ["planforge", "done", name, *([activity_name or "activity"] if given else []),
                   *to_args(values)], opened.messages)


# ----------------------------------------------------------------------------- helpers


def _run(work: Callable[[], Result]) -> Result:
    """``work``, with the errors a terminal would show turned into ``errors`` (the library's
    own words)."""
    result: Result = {"ok": False, "errors": [], "notes": []}
    try:
        result.update(work())
        result["ok"] = True
    except _FormErrors as exc:
        result["errors"] += exc.errors
        result["notes"] = exc.notes
    except MissingOptionError as exc:
        result["errors"].append({"option": exc.option, "message": str(exc),
                                 "line": str(exc)})
    except PlanforgeError as exc:
        lines = exc.lines() if isinstance(exc, PlanFileProblems) else (str(exc),)
        text = " ".join(one_line(line) for line in lines)
        option = exc.option if isinstance(exc, UsageError | RuleBreakError) else None
        if isinstance(exc, RuleBreakError) and exc.instead in INSTEAD:
            text += f"; try {INSTEAD[exc.instead]} instead"
        result["errors"].append({"option": option, "message": text, "line": text})
    return result


class _FormErrors(Exception):
    """Every bad value of a form, each as the command line reports it."""

    def __init__(self, errors: list[dict[str, Any]], notes: list[str]) -> None:
        super().__init__(errors)
        self.errors = errors
        self.notes = notes


def _read(command: str, values: Values) -> Form:
    """The form read by its fields' readers; every bad value raises at once."""
    from .services.formread import read_form

    form = read_form(command, dict(values), today=_today())
    if form.errors:
        raise _FormErrors([{"option": e.option, "message": one_line(e.message),
                            "line": one_line(e.line)} for e in form.errors],
                          [str(m) for m in form.messages])
    return form


def _today() -> dt.date:
    """The shell's today (the browser's, in the page)."""
    return dt.datetime.now().astimezone().date()


def _created() -> dt.datetime:
    """The shell's clock for what it stamps: ``SOURCE_DATE_EPOCH`` when the environment has it
    (as on the command line), else now."""
    import os

    from .services.inputs import default_created

    return default_created(os.environ, now=dt.datetime.now(dt.UTC))


def _options(given: dict[str, Any]) -> Any:
    """The calendar options among the form's values (taken out of ``given``)."""
    from .formats.registry import RenderOptions

    return RenderOptions(remind=given.pop("remind", None),
                         busy_only=bool(given.pop("busy_only", False)),
                         color=given.pop("color", None))


def _files(result: PlanResult, form: Form, options: Any, command: list[str],
           read: tuple[Any, ...] = (), *, changes_prefix: str = "") -> Result:
    """The plan as the three files the page offers, written by the registry's writers, and
    what the command reports of it: its notes, the summary and the warnings."""
    from .formats.registry import RenderOptions
    from .services import describe, encode

    plan = result.plan
    ics = encode(plan, format="ics", options=options)
    files = {"ics": ics.data,
             "toml": encode(plan, format="toml", options=RenderOptions()).data,
             "html": encode(plan, format="html", options=RenderOptions()).data}
    names = {kind: f"{result.stem}.{kind}" for kind in files}
    said = [(m.kind, m.text) for m in (*form.messages, *read, *result.messages)]
    said += [("change", line) for line in result.changes]
    said += [("note", line) for line in ics.notes]
    warned = [("warning", text) for text in (*result.warnings, *ics.warnings)]
    notes = [f"{changes_prefix}{text}" if kind == "change" else f"{kind}: {text}"
             for kind, text in said]
    return {"files": files, "names": names, "workouts": len(plan.sessions),
            "start": plan.start.isoformat(), "end": plan.end.isoformat(),
            "notes": notes,
            "summary": [describe(plan), plan.summary, *plan.left_out],
            "warnings": [f"warning: {text}" for _, text in warned],
            # the same, as data: what the page shows (its words, without a terminal's
            # "note:" and "warning:")
            "messages": [{"kind": kind, "text": text} for kind, text in [*said, *warned]],
            "command": shlex.join([*command, "-o", names["ics"]])}


def _weekday(day: int) -> str:
    from .services.inputs import WEEKDAYS

    return WEEKDAYS[day] if 0 <= day < len(WEEKDAYS) else str(day)
