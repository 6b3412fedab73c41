"""The plan-file commands: ``render``, ``check``, ``shift``, ``next`` and ``schema``.

They read a plan file (TOML or JSON, see :mod:`planforge.planfile`), change it with
:mod:`planforge.replan` or the engine, and write with :func:`planforge.output.write_output`
in the format ``--format`` or ``-o``'s extension picks. Where they write is the user's
choice or a default name in the current folder made from the plan file's own name
(``club-plan.toml`` -> ``club-plan-rendered.ics``): never something a plan file says.

Importing this module imports neither the engine nor icalendar (``goals`` stays fast);
each command imports what it needs when it runs. ``cli`` registers the commands.
"""

# os.path, not pathlib, like cli.py: importing this module must keep --help and goals fast.
# ruff: noqa: PTH119, PTH122

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from ..errors import UsageError
from ..formats import registry as formats
from . import params, report
from .options import (
    calendar_options,
    choose_format,
    default_created,
    output_options,
    parse_times,
    plan_argument,
    system_zone_noted,
)

if TYPE_CHECKING:
    from ..core.model import Plan, Times
    from ..core.replan.shift import Change
    from ..core.rules.check import Finding
    from ..formats.planfile import Kind
    from ..goals.templates import Template

STDOUT = "-"  # as planforge.output.STDOUT
_F = TypeVar("_F", bound=Callable[..., Any])
SHIFT = params.SHIFT


def _choose(fmt: str | None, output: str | None, default: str) -> formats.Format:
    return choose_format(fmt, output, default)


def _default_name(plan_path: str, suffix: str, chosen: formats.Format) -> str:
    """``PLANSTEM-suffix.ext`` in the current folder (the plan's folder is not used)."""
    name = "plan" if plan_path == STDOUT else os.path.basename(plan_path)
    stem = os.path.splitext(name)[0] if not name.startswith(".") else name
    return f"{stem or 'plan'}-{suffix}{chosen.extension}"


def _suffix(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[1].lower()


_write = report.write_plan
_say = report.say
_printable = report.printable


# ----------------------------------------------------------------------------- check


@click.command(short_help="Check a plan file against the training rules.")
@plan_argument(required=False)
@click.option("--strict", is_flag=True,
              help="Fail on warnings too (except those a plan planforge wrote is expected to "
                   "show; it says which).")
@click.option("--explain", metavar="RULE", default=None,
              help="Print what rule RULE (R1 to R39) asks and its source, and exit.")
@click.pass_context
def check(ctx: click.Context, plan_path: str | None, strict: bool, explain: str | None) -> None:
    """Check a plan file (TOML or JSON; - for standard input) against the format and the
    training rules.

    Prints one finding per line (week, day, rule id, numbers). Exit status: 0 when no rule
    is broken (warnings alone pass unless --strict), 1 when one is, 2 when PLAN cannot be
    read or is not a valid plan file.

    \b
    Examples:
      planforge check plan.toml
      planforge check --explain R20
    """
    from ..core.rules.texts import BY_ID
    from ..core.rules.texts import explain as explain_rule

    if explain is not None:
        if explain.strip().upper() not in BY_ID:
            last = max(int(rule[1:]) for rule in BY_ID)
            raise UsageError(f"unknown rule {explain!r}; the rules are R1 to R{last}")
        import shutil

        width = min(shutil.get_terminal_size().columns, 80) - 1
        click.echo(explain_rule(explain, width=max(width, 40)))
        return
    if plan_path is None:
        param = next(p for p in ctx.command.params if p.name == "plan_path")
        raise click.MissingParameter(ctx=ctx, param=param)
    from ..core.rules.check import check_plan

    plan, _ = read_plan_arg(plan_path)
    findings = check_plan(plan)
    try:
        for finding in findings:
            click.echo(_printable(str(finding)))
    except BrokenPipeError:  # a reader that went away (| head): the verdict still stands
        from ..formats.output import silence_stdout

        silence_stdout()
    _verdict(ctx, "standard input" if plan_path == STDOUT else plan_path, plan, findings,
             strict=strict)


def _verdict(ctx: click.Context, plan_path: str, plan: Plan, findings: Sequence[Finding],
             *, strict: bool) -> None:
    """The summary line on standard error, and exit 1 when a rule is broken (or, with
    --strict, when a warning is not one planforge's own plans are expected to show)."""
    from ..core.rules.texts import BY_ID, expected_warnings, strict_failures

    n_errors = sum(f.severity == "error" for f in findings)
    n_warnings = len(findings) - n_errors
    if not findings:
        click.echo(f"{plan_path}: keeps every rule ({_plural_weeks(plan.weeks)}, "
                   f"{len(plan.sessions)} workouts)", err=True)
    else:
        click.echo(f"{plan_path}: {n_errors} error{'s' if n_errors != 1 else ''}, "
                   f"{n_warnings} warning{'s' if n_warnings != 1 else ''}", err=True)
    expected = expected_warnings(findings)
    if strict and expected:
        click.echo(f"--strict: the {', '.join(expected)} warnings pass: "
                   f"{'; '.join(BY_ID[r].expected_warning for r in expected)} "
                   f"(planforge check --explain {expected[0]})", err=True)
    if n_errors or (strict and strict_failures(findings)):
        ctx.exit(1)


def read_plan_arg(plan_path: str) -> tuple[Plan, Kind | Literal["ics"]]:
    """The plan file PLAN names, or standard input for ``-``."""
    from ..formats.planfile import read_plan, read_plan_stream, stale_titles

    if plan_path == STDOUT:
        import sys

        plan, kind = read_plan_stream(sys.stdin.buffer, source="standard input")
    else:
        plan, kind = read_plan(plan_path)
    for line in stale_titles(plan, source="standard input" if plan_path == STDOUT
                             else plan_path):
        report.warn(line)
    return plan, kind


# ----------------------------------------------------------------------------- render


@click.command(short_help="Write a plan file as a calendar, re-dated.")
@plan_argument()
@click.option("--start", type=params.DATE, default=None, metavar="DATE",
              help="New first day of week 1 (as for make); every workout moves with it.  "
                   "[default: the plan's own]")
@click.option("--days", type=params.WEEKDAY_LIST, default=None, metavar="DAYS",
              help="Lay every week out afresh on these weekdays, e.g. mon,wed,fri,sat.  "
                   "[default: the plan's own]")
@click.option("--time", "times", type=params.TIME, multiple=True, metavar="[DAY=]TIME",
              help="Start time of timed events, e.g. 07:00, 7am or sat=09:00; repeatable.  "
                   "[default: the plan's own]")
@click.option("--tz", type=params.TIMEZONE, default=None, metavar="ZONE",
              help="Time zone of the times, e.g. Europe/London or London.  [default: the "
                   "plan's own, else the system's]")
@click.option("--all-day", is_flag=True, help="All-day events, whatever the plan's times.")
@output_options("ics", "PLANSTEM-rendered.ics")
@calendar_options
def render(plan_path: str, start: dt.date | None, days: tuple[int, ...] | None,
           times: Sequence[tuple[int | None, dt.time]], tz: str | None, all_day: bool,
           fmt: str | None, output: str | None, force: bool, remind: dt.timedelta | None,
           busy_only: bool, color: str | None) -> None:
    """Write a plan file, possibly someone else's, as a calendar re-based on your dates.

    PLAN is a plan file (.toml or .json; - for standard input). --start moves every workout
    by the same number of days (so every rule still holds); --days lays each week out again
    on your weekdays, within the rules. A plan whose dates do not change keeps its UIDs:
    rendering it again gives the same bytes. A copy on other dates gets UIDs of its own.
    Default output: PLANSTEM-rendered.ics in this folder.

    \b
    Example:
      planforge render club.toml --start 2027-01-04 \\
          --time 07:00 --tz Europe/London
    """

    new_times = render_times(times, all_day)
    chosen = _choose(fmt, output, "ics")
    output = output or _default_name(plan_path, "rendered", chosen)
    plan, _ = read_plan_arg(plan_path)
    change = rebased(plan, plan_path, start=start, days=days, times=new_times, tz=tz,
                     all_day=all_day)
    _write(change.plan, chosen, output, force=force,
           report=[f"note: {line}" for line in change.report],
           options=formats.RenderOptions(remind=remind, busy_only=busy_only, color=color))


def render_times(times: Sequence[tuple[int | None, dt.time]], all_day: bool) -> Times | None:
    """``render``'s new times: all-day, the --time values, or None to keep the plan's own."""
    from ..core.model import Times

    if all_day and times:
        raise UsageError("--all-day and --time do not go together; give one of them")
    return Times() if all_day else (parse_times(times) if times else None)


def rebased(plan: Plan, plan_path: str, *, start: dt.date | None,
            days: tuple[int, ...] | None, times: Times | None, tz: str | None,
            all_day: bool) -> Change:
    """What ``render`` makes of the plan read from ``plan_path`` (its notes on standard
    error); the web page (:mod:`planforge.web`) calls it too."""
    from ..core.replan.shift import rebase
    from ..core.rules.check import check_plan, errors
    from ..publish.feed import copy_without_feed

    zone = tz
    if times is not None and not times.all_day:
        zone = tz or plan.timezone or system_zone_noted()
    elif tz is not None and (plan.times.all_day or all_day):
        report.note("--tz has no effect without times; events are all-day")
        zone = None
    broken = errors(check_plan(plan))
    if broken:
        click.echo(f"warning: {plan_path} breaks the training rules ({len(broken)} error"
                   f"{'s' if len(broken) != 1 else ''}); 'planforge check {plan_path}' lists "
                   "them", err=True)
    change = rebase(plan, start=start, days=days, timezone=zone, times=times)
    # a copy on other dates never takes over the original's published feed
    return replace(change, plan=copy_without_feed(plan, change.plan))


# ----------------------------------------------------------------------------- shift


@click.command(short_help="Move workouts later, or repeat a week.")
@plan_argument()
@click.option("--from", "from_date", type=params.DATE, required=True, metavar="DATE",
              help="The first workout date to move (the first one you missed).")
@click.option("--by", type=SHIFT, default=None, metavar="DURATION",
              help="Move every workout from DATE on this much later: 3d, 1w, 2w ...")
@click.option("--repeat-week", is_flag=True,
              help="Do the week containing DATE again (any week may be); the weeks after it "
                   "move later, after a lighter week when the rules need one (R6).")
@output_options("PLAN's own (toml, json or ics)", "PLANSTEM-shifted.toml")
def shift(plan_path: str, from_date: dt.date, by: dt.timedelta | None, repeat_week: bool,
          fmt: str | None, output: str | None, force: bool) -> None:
    """Move workouts later after missed ones, or repeat a week; keeps the rules.

    Moved workouts keep their UIDs and get a higher SEQUENCE, so a calendar that imported
    the plan moves them; a repeated week's workouts get new UIDs. Any week may be repeated:
    when a copy would make four build weeks in a row, a lighter week comes first. Prints
    what moved. Default output: PLANSTEM-shifted.toml (or .json or .ics, like PLAN) in this
    folder.

    \b
    Examples:
      planforge shift plan.toml --from 2026-12-16 --by 1w
      planforge shift plan.toml --from 2026-12-16 \\
          --repeat-week -o plan.ics
    """
    from ..core.replan.repeat import repeat_week as repeat
    from ..core.replan.shift import shift as move

    check_shift_choice(by, repeat_week)
    plan, kind = read_plan_arg(plan_path)
    chosen = _choose(fmt, output, kind)
    output = output or _default_name(plan_path, "shifted", chosen)
    change = move(plan, from_date=from_date, by=by) if by is not None else repeat(
        plan, from_date=from_date)
    _write(with_change_time(plan, change.plan), chosen, output, force=force, report=change.report)


def with_change_time(before: Plan, after: Plan) -> Plan:
    """``after``, recording now (or $SOURCE_DATE_EPOCH) as the time of its last change when
    a workout changed: a published feed's LAST-MODIFIED (:mod:`planforge.publish.feed`)."""
    from ..publish.feed import mark_modified

    if before.sessions == after.sessions:
        return after
    return mark_modified(before, after, at=default_created(os.environ))


def check_shift_choice(by: dt.timedelta | None, repeat_week: bool) -> None:
    """``shift`` takes one of --by and --repeat-week."""
    if (by is None) == (not repeat_week):
        raise UsageError("give --by DURATION or --repeat-week, one of them")


# ----------------------------------------------------------------------------- next


@click.command("next", short_help="Build the plan that follows a plan file.")
@plan_argument()
@click.option("--weeks", type=params.WEEKS, default=8, show_default=True,
              help="Length of the follow-on plan in weeks, 1 to 52.")
@click.option("--template", "template_file", default=None, metavar="FILE",
              help="The custom template PLAN was made from, when it is not in your "
                   "templates folder.")
@click.option("--created", type=params.DATETIME, default=None, metavar="DATETIME",
              help="Creation time stamped into the file, ISO 8601.  [default: "
                   "$SOURCE_DATE_EPOCH if set, else now]")
@output_options("PLAN's own (toml, json or ics)", "PLANSTEM-next.toml")
def next_plan(plan_path: str, weeks: int, template_file: str | None,
              created: dt.datetime | None, fmt: str | None, output: str | None,
              force: bool) -> None:
    """Build the plan that follows PLAN: the day after it ends, its progression carried on.

    Same goal, level, days, zone and times; new UIDs. Default output: PLANSTEM-next.toml
    (or .json or .ics, like PLAN) in this folder.

    \b
    Example:
      planforge next plan.toml --weeks 8 -o plan2.toml
    """
    from ..core.engine.progression import build_plan
    from ..core.replan.shift import progression_weeks
    from ..publish.feed import keep_feed
    from .options import record_template

    plan, kind = read_plan_arg(plan_path)
    chosen = _choose(fmt, output, kind)
    output = output or _default_name(plan_path, "next", chosen)
    template = follow_on_template(plan, plan_path, template_file)
    done = progression_weeks(plan)
    follow = record_template(build_plan(
        goal=template, weeks=weeks, start=plan.end + dt.timedelta(days=1),
        created=created or default_created(os.environ), level=plan.level, days=plan.days,
        timezone=plan.timezone, times=plan.times, continues=plan.continues + done,
        equipment=plan.equipment_choice), template)
    follow = keep_feed(plan, follow)  # a published feed goes on with the follow-on plan
    _write(follow, chosen, output, force=force, report=[
        f"follows {plan_path} ({_plural_weeks(follow.continues)} of the progression done); "
        f"this plan's weeks are numbered 1 to {weeks}"])
    click.echo(follow.summary, err=True)


def _plural_weeks(n: int) -> str:
    return f"{n} week" + ("" if n == 1 else "s")


def follow_on_template(plan: Plan, plan_path: str, template_file: str | None) -> Template:
    """The template a follow-on plan is built from: --template, else the custom template
    the plan names (looked up in the user's templates folder only), else its built-in goal."""
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
        template = load_template(template_file)
        if template.name != plan.goal:
            raise UsageError(f"{template_file} is the template of goal {template.name!r}, but "
                             f"{plan_path} is a {plan.goal!r} plan")
    elif name is not None:
        found = find_user_template(name)
        if found is None:
            raise UsageError(f"{plan_path} was made from the custom template {name!r}, which "
                             f"is not in {user_template_dir()}; pass it with --template FILE")
        template = load_template(found)
    elif plan.goal in builtin_goals():
        return load_goal(plan.goal)
    else:
        raise UsageError(f"{plan_path}: goal {plan.goal!r} is not a built-in goal and the plan "
                         "names no template; pass its template with --template FILE")
    if digest is not None and template.digest != digest:
        click.echo(f"note: the template {template.name!r} has changed since {plan_path} was "
                   "made; the follow-on plan uses it as it is now", err=True)
    return template


# ----------------------------------------------------------------------------- schema


@click.command(short_help="Print the JSON Schema of plan files.")
def schema() -> None:
    """Print the JSON Schema of plan files (format planforge-plan/1)."""
    from ..formats.output import write_output
    from ..formats.schemacheck import schema_bytes

    write_output(STDOUT, schema_bytes(), force=False)


def template_for_make(goal: str | None, template_file: str | None,
                      ctx: click.Context) -> str | Template:
    """What ``make`` builds from: a built-in goal's name, or a user or --template template."""
    from ..goals.templates import load_template
    from ..goals.user import resolve_goal

    if goal is not None and template_file is not None:
        raise UsageError("give --goal or --template, not both")
    if template_file is not None:
        return load_template(template_file)
    if goal is None:
        raise click.UsageError("Missing option '--goal' (a goal 'planforge goals' lists), or "
                               "--template FILE.", ctx)
    return resolve_goal(goal)


COMMANDS = (render, check, shift, next_plan, schema)
