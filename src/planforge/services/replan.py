"""Plan files changed: ``render`` (other dates, days, times or zone) and ``shift`` (workouts
moved later, or a week repeated). Like :mod:`.plans`, keyword arguments with typed values,
checked again; a :class:`~planforge.services.results.PlanResult` back; nothing read from the
clock or the machine (``now`` and ``system_zone`` are arguments)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import UsageError
from .plans import SystemZone, fallback_zone, plan_file_of
from .results import PlanFile, PlanResult, Said

if TYPE_CHECKING:
    from ..core.model import Plan, Times


def render(
    *,
    plan: Plan | PlanFile,
    start: dt.date | None = None,
    days: Sequence[int] | None = None,
    times: Times | None = None,
    all_day: bool = False,
    timezone: str | None = None,
    system_zone: SystemZone | None = None,
) -> PlanResult:
    """A plan file on the user's own dates, days, times or zone (``planforge render``).

    ``start`` moves every workout by the same number of days; ``days`` lays each week out
    again on those weekdays within the rules (:class:`~planforge.errors.RuleBreakError`
    when they cannot hold a week); ``times`` (None: the plan's own) or ``all_day``;
    ``timezone`` (default: the plan's own, else ``system_zone``'s). A copy on other dates
    gets UIDs of its own and never takes over the original's published feed.
    """
    from ..core.replan.shift import rebase
    from ..core.rules.check import check_plan, errors
    from ..publish.feed import copy_without_feed

    opened = plan_file_of(plan)
    original = opened.plan
    check_render_times(times, all_day)
    if all_day:
        from ..core.model import Times

        times = Times()
    said = Said()
    zone = timezone
    if times is not None and not times.all_day:
        zone = timezone or original.timezone or fallback_zone(system_zone, said)
    elif timezone is not None and (original.times.all_day or all_day):
        said.note("--tz has no effect without times; events are all-day")
        zone = None
    broken = errors(check_plan(original))
    if broken:
        s = "s" if len(broken) != 1 else ""
        said.warn(f"{opened.source} breaks the training rules ({len(broken)} error{s}); "
                  f"'planforge check {opened.source}' lists them")
    change = rebase(original, start=start, days=None if days is None else tuple(days),
                    timezone=zone, times=times)
    out = copy_without_feed(original, change.plan)
    return PlanResult(plan=out, stem=f"{opened.stem}-rendered", messages=said.all(),
                      changes=change.report)


def check_render_times(times: Times | None, all_day: bool) -> None:
    """``render`` takes new times or all-day events, not both."""
    if all_day and times is not None and not times.all_day:
        raise UsageError("--all-day and --time do not go together; give one of them",
                         option="--all-day")


# ----------------------------------------------------------------------------- shift


def shift(
    *,
    plan: Plan | PlanFile,
    from_date: dt.date,
    by: dt.timedelta | None = None,
    repeat_week: bool = False,
    now: dt.datetime,
) -> PlanResult:
    """Workouts moved later after missed ones (``by``), or the week holding ``from_date``
    done again (``repeat_week``), as ``planforge shift`` does. ``now`` (aware) is recorded as
    the time of the change when a workout changed (a published feed's LAST-MODIFIED)."""
    from ..core.replan.repeat import repeat_week as repeat
    from ..core.replan.shift import shift as move
    from ..publish.feed import mark_modified

    check_shift_choice(by, repeat_week)
    opened = plan_file_of(plan)
    before = opened.plan
    change = (move(before, from_date=from_date, by=by) if by is not None
              else repeat(before, from_date=from_date))
    return PlanResult(plan=mark_modified(before, change.plan, at=now),
                      stem=f"{opened.stem}-shifted", changes=change.report)


def check_shift_choice(by: dt.timedelta | None, repeat_week: bool) -> None:
    """``shift`` takes one of ``by`` and ``repeat_week``."""
    if (by is None) == (not repeat_week):
        raise UsageError("give --by DURATION or --repeat-week, one of them", option="--by")
