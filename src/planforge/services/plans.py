"""Plan files read, and plans made: ``make`` and ``next`` (the replanning of a plan file is
:mod:`.replan`, its check :mod:`.rules`).

Each is a function of keyword arguments with typed values (dates, weekday numbers,
:class:`~planforge.core.model.Times`, IANA zone names); each checks them again (a library
caller has no command line in front of it) and returns a frozen dataclass of
:mod:`.results`. The shell's defaults are arguments: ``created`` (the clock or
``SOURCE_DATE_EPOCH``), ``today`` and ``system_zone``; nothing here reads the clock, the
environment or the machine's zone, and nothing prints.

Only the standard library is imported at first: the engine, the rules and the readers are
imported by the operation that needs them (``planforge make --help`` stays fast).
"""

# os.path, not pathlib: the command line imports this module when a command runs.
# ruff: noqa: PTH119, PTH122

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, BinaryIO

from ..errors import MissingOptionError, UsageError
from .results import PlanFile, PlanResult, Said

if TYPE_CHECKING:
    from ..core.model import Plan, Race, Times
    from ..goals.templates import Template

#: the name messages give a plan read from standard input
STDIN = "standard input"


@dataclass(frozen=True, slots=True)
class SystemZone:
    """The zone of the machine the shell runs on (the shell reads it; the library never
    does): ``name``, an IANA zone, and ``unread``, the value of ``$TZ`` when it was set but
    names no zone planforge can read (so the zone came from elsewhere)."""

    name: str
    unread: str = ""


# ----------------------------------------------------------------------------- reading


def read_plan(*, path: str | os.PathLike[str] | None = None, data: bytes | None = None,
              stream: BinaryIO | None = None, source: str | None = None) -> PlanFile:
    """A plan file (TOML, JSON, or a planforge .ics carrying its plan) from exactly one of
    ``path``, ``data`` (its bytes) or ``stream`` (standard input, say). ``source`` is the
    name messages use (default: the path, or "standard input").

    Raises :class:`~planforge.errors.PlanFileError` naming the file and field of the first
    problem (:class:`~planforge.errors.PlanFileProblems` for several)."""
    from ..formats.planfile import read_plan as read_path
    from ..formats.planfile import read_plan_bytes, read_plan_stream, stale_titles

    given = [value for value in (path, data, stream) if value is not None]
    if len(given) != 1:
        raise UsageError("read_plan takes one of path, data and stream")
    if path is not None:
        name = source or os.fspath(path)
        plan, kind = read_path(os.fspath(path))
        stem = stem_of(os.fspath(path))
    elif data is not None:
        name = source or "plan"
        plan, kind = read_plan_bytes(bytes(data), source=name)
        stem = stem_of(name)
    else:
        assert stream is not None
        name = source or STDIN
        plan, kind = read_plan_stream(stream, source=name)
        stem = "plan" if name == STDIN else stem_of(name)
    said = Said()
    for line in stale_titles(plan, source=name):
        said.warn(line)
    return PlanFile(plan=plan, kind=kind, source=name, stem=stem, messages=said.all())


def stem_of(name: str) -> str:
    """A plan file's name without its folder and extension (``plans/club.toml`` -> ``club``);
    the default names of what is made from it start with it."""
    base = os.path.basename(name)
    stem = os.path.splitext(base)[0] if not base.startswith(".") else base
    return stem or "plan"


def plan_file_of(plan: Plan | PlanFile) -> PlanFile:
    from ..core.model import Plan

    if isinstance(plan, PlanFile):
        return plan
    if not isinstance(plan, Plan):
        raise UsageError(f"plan must be a planforge.Plan or a PlanFile, not {plan!r}")
    return PlanFile(plan=plan, kind="toml", source="the plan", stem="plan")


# ----------------------------------------------------------------------------- make


def make(
    *,
    goal: str | None = None,
    template: str | os.PathLike[str] | Template | None = None,
    weeks: int | None = None,
    level: str = "beginner",
    start: dt.date | None = None,
    days: Sequence[int] | None = None,
    times: Times | None = None,
    timezone: str | None = None,
    equipment: Sequence[str] | None = None,
    created: dt.datetime,
    today: dt.date | None = None,
    system_zone: SystemZone | None = None,
    race: dt.date | None = None,
    race_distance: str = "5k",
) -> PlanResult:
    """A new plan, as ``planforge make`` builds it.

    ``goal``: a built-in goal's or a user template's name; or ``template``: a goal template
    file (or a loaded :class:`~planforge.goals.templates.Template`). ``start``: the first day
    (default: the first Monday after ``today``). ``times``: start times (None: all-day
    events); their zone is ``timezone``, else ``system_zone``'s. ``equipment``: the
    equipment the user has (None: any; ``()``: none). ``created``: the time stamped into the
    files (aware). ``weeks``: the plan's length (None: 8, or up to the race).

    ``race``: a race day (R39, docs/race.md): the plan ends with a ``race_distance`` race
    on it, after a taper week; its weeks run from the start to the week holding the race
    (``weeks``, when given, must be that week). A race the progression cannot reach is
    refused (:class:`~planforge.errors.RaceTooSoonError`, with the earliest date).
    """
    from ..core.engine.progression import build_plan
    from ..core.model import Times

    source = _goal_source(goal, template)
    name = source if isinstance(source, str) else source.name
    if start is None:
        if today is None:
            raise UsageError("give start, or today for the first Monday after it")
        start = next_monday(today)
    chosen_race, weeks = _race_and_weeks(race, race_distance, start, weeks)
    said = Said()
    chosen = times if times is not None else Times()
    if chosen.all_day and timezone is not None:
        said.note("--tz has no effect without --time; events are all-day")
    if not chosen.all_day and timezone is None:
        timezone = fallback_zone(system_zone, said)
    plan = record_template(build_plan(
        goal=source, weeks=weeks, start=start, created=created, level=level,
        days=None if days is None else tuple(days),
        timezone=None if chosen.all_day else timezone, times=chosen,
        equipment=None if equipment is None else tuple(equipment), race=chosen_race), source)
    late = today is not None and start < today
    return PlanResult(plan=plan, stem=f"planforge-{name}-{weeks}w", messages=said.all(),
                      summary=(plan.summary, *plan.left_out),
                      warnings=(f"start date {start} is in the past",) if late else ())


def _race_and_weeks(race: dt.date | None, distance: str, start: dt.date,
                    weeks: int | None) -> tuple[Race | None, int]:
    """The race (None: no race) and the plan's weeks: given, or up to the race's week."""
    from ..core.engine.progression import MAX_WEEKS
    from ..core.engine.race import check_race, race_week
    from ..core.model import Race

    if race is None:
        return None, 8 if weeks is None else weeks
    if not isinstance(race, dt.date) or isinstance(race, dt.datetime):
        raise UsageError(f"race must be a date, not {race!r}", option="--race")
    chosen = Race(date=race, distance=str(distance).lower())
    check_race(chosen, start)
    week = race_week(start, race)
    if week > MAX_WEEKS:
        raise UsageError(f"a race on {race.isoformat()} is in week {week} of a plan starting "
                         f"{start.isoformat()}; a plan holds at most {MAX_WEEKS} weeks: "
                         "choose a later start (--start)", option="--race")
    if weeks is not None and weeks != week:
        raise UsageError(f"--weeks {weeks} does not match --race {race.isoformat()}, in week "
                         f"{week} of a plan starting {start.isoformat()}; leave out --weeks "
                         "(the plan then runs to the race)", option="--weeks")
    return chosen, week


def _goal_source(goal: str | None, template: str | os.PathLike[str] | Template | None
                 ) -> str | Template:
    """What ``make`` builds from: a built-in goal's name, or a user or given template."""
    from ..goals.user import resolve_goal

    if goal is not None and template is not None:
        raise UsageError("give --goal or --template, not both")
    if template is not None:
        if isinstance(template, str | os.PathLike):
            from ..goals.templates import load_template

            return load_template(os.fspath(template), named_by_file=False)
        return template
    if goal is None:
        raise MissingOptionError("--goal", "Missing option '--goal' (a goal 'planforge goals' "
                                           "lists), or --template FILE.")
    from ..core.inputs.natural import match_name
    from ..goals.user import known_goals

    return resolve_goal(match_name(goal, known_goals(), "goal"))


def next_monday(today: dt.date) -> dt.date:
    """The first Monday after ``today`` (a week on, when today is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def fallback_zone(system_zone: SystemZone | None, said: Said) -> str:
    """The zone timed workouts fall back to: the shell's system zone, said as a note."""
    if system_zone is None:
        raise UsageError("timed workouts need a time zone")
    if system_zone.unread:
        said.warn(f"TZ={system_zone.unread!r} is not a time zone planforge can read (it takes "
                  f"IANA names like Europe/London); using {system_zone.name} instead: give "
                  "--tz to choose")
    said.note(f"times in {system_zone.name}, the system's zone (--tz chooses another)")
    return system_zone.name


def record_template(plan: Plan, goal: str | Template) -> Plan:
    """``plan`` with the template it came from in ``extra`` when it is not a built-in goal
    (``next`` finds it there)."""
    if isinstance(goal, str):
        return plan
    from ..goals.user import template_extra

    extra = template_extra(goal)
    if not extra:
        return plan
    return replace(plan, extra=(*(kv for kv in plan.extra if kv[0] not in dict(extra)), *extra))


# ----------------------------------------------------------------------------- next


def next_plan(
    *,
    plan: Plan | PlanFile,
    weeks: int = 8,
    template: str | os.PathLike[str] | None = None,
    created: dt.datetime,
) -> PlanResult:
    """The plan that follows ``plan`` (``planforge next``): from the day after it ends, same
    goal, level, days, zone and times, its progression carried on; new UIDs, and the plan's
    published feed goes on with it. ``template``: the custom template file ``plan`` was made
    from, when it is not in the user's templates folder."""
    from ..core.engine.progression import build_plan
    from ..core.replan.shift import progression_weeks
    from ..publish.feed import keep_feed

    opened = plan_file_of(plan)
    before = opened.plan
    said = Said()
    source = follow_on_template(before, opened.source, template, said)
    done = progression_weeks(before)
    follow = record_template(build_plan(
        goal=source, weeks=weeks, start=before.end + dt.timedelta(days=1), created=created,
        level=before.level, days=before.days, timezone=before.timezone, times=before.times,
        continues=before.continues + done, equipment=before.equipment_choice), source)
    follow = keep_feed(before, follow)  # a published feed goes on with the follow-on plan
    return PlanResult(
        plan=follow, stem=f"{opened.stem}-next", messages=said.all(),
        changes=(f"follows {opened.source} ({plural_weeks(follow.continues)} of the "
                 f"progression done); this plan's weeks are numbered 1 to {weeks}",),
        summary=(follow.summary,))


def plural_weeks(n: int) -> str:
    return f"{n} week" + ("" if n == 1 else "s")


def follow_on_template(plan: Plan, source: str, template_file: str | os.PathLike[str] | None,
                       said: Said | None = None) -> Template:
    """The template a follow-on (or a club member's) plan is built from: ``template_file``,
    else the custom template the plan names (looked up in the user's templates folder only),
    else its built-in goal."""
    from ..goals.templates import builtin_goals, load_goal, load_template
    from ..goals.user import (
        EXTRA_TEMPLATE,
        EXTRA_TEMPLATE_SHA256,
        find_user_template,
        user_template_dir,
    )

    extra = dict(plan.extra)
    name = extra.get(EXTRA_TEMPLATE)
    digest = extra.get(EXTRA_TEMPLATE_SHA256)
    if template_file is not None:
        template = load_template(os.fspath(template_file), named_by_file=False)
        if template.name != plan.goal:
            raise UsageError(f"{os.fspath(template_file)} is the template of goal "
                             f"{template.name!r}, but {source} is a {plan.goal!r} plan")
    elif name is not None:
        found = find_user_template(name)
        if found is None:
            raise UsageError(f"{source} was made from the custom template {name!r}, which "
                             f"is not in {user_template_dir()}; pass it with --template FILE")
        template = load_template(found)
    elif plan.goal in builtin_goals():
        return load_goal(plan.goal)
    else:
        raise UsageError(f"{source}: goal {plan.goal!r} is not a built-in goal and the plan "
                         f"names no template; {goal_hint(plan.goal)}pass its template with "
                         "--template FILE")
    if digest is not None and template.digest != digest and said is not None:
        said.note(f"the template {template.name!r} has changed since {source} was made; the "
                  "follow-on plan uses it as it is now")
    return template


def goal_hint(goal: str) -> str:
    """``did you mean 'glutes'? Correct the plan file's goal, or `` for a near miss."""
    import difflib

    from ..goals.templates import builtin_goals

    close = difflib.get_close_matches(goal, builtin_goals(), n=1, cutoff=0.6)
    if not close:
        return ""
    return f"did you mean {close[0]!r}? Correct the plan file's goal, or "
