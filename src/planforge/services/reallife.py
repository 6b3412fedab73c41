"""Real life in a plan: days missed (``planforge missed``) and what was done (``planforge
done``), as library calls every shell makes (docs/missed-and-done.md, docs/library.md).

* :func:`missed`: the workouts of some days recorded as missed and the plan re-planned as
  R31 asks (carry on, repeat the last week completed, or step back);
* :func:`done`: activity files (FIT, GPX, TCX; a path or ``(name, bytes)``) matched to the
  planned runs, or a day done as planned (``on``, by hand, with ``ran`` minutes if given);
  a run done short holds its step (R32);
* :func:`read_activity`: one activity file read and measured (what the web page shows before
  it records).

Each returns a :class:`~.results.PlanResult`: the plan with its record (its ``changes`` say
what was done, in one or two plain sentences each), to be written where it came from; the
plan's ``modified`` time is ``now``'s, so a published feed's LAST-MODIFIED moves.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from ..errors import UsageError
from .plans import plan_file_of
from .results import PlanResult

if TYPE_CHECKING:
    from ..core.activity import Activity, Measured
    from ..core.model import Plan
    from .results import PlanFile

#: an activity file: its path, or its name and bytes (a file the web page was given)
ActivityInput = Union[str, "os.PathLike[str]", tuple[str, bytes]]


@dataclass(frozen=True, slots=True)
class ActivityRead:
    """An activity file read (:func:`read_activity`): the activity, the day it started (in
    the plan's zone when given) and what its track measures."""

    activity: Activity
    date: dt.date
    measured: Measured


def read_activity(source: ActivityInput, *, plan: Plan | None = None) -> ActivityRead:
    """One activity file (a path, or ``(name, bytes)``) read and measured; its day is taken
    in ``plan``'s zone when the plan has one. :class:`~planforge.errors.FileError` when it is
    no FIT, GPX or TCX activity; :class:`~planforge.errors.ExtraMissingError` when reading
    FIT or GPX needs ``planforge[activities]``."""
    from ..core.activity import measure
    from ..formats.activities import read_activity as read_bytes
    from ..formats.activities import read_activity_file

    if isinstance(source, tuple):
        name, data = source
        activity = read_bytes(bytes(data), source=os.path.basename(name) or "activity")  # noqa: PTH119
    else:
        activity = read_activity_file(os.fspath(source))
    zone = None
    if plan is not None and plan.timezone:
        from ..core.inputs.zones import load_zone

        zone = load_zone(plan.timezone)
    return ActivityRead(activity, activity.local_date(zone), measure(activity))


def missed(*, plan: Plan | PlanFile, first: dt.date, last: dt.date | None = None,
           now: dt.datetime) -> PlanResult:
    """The workouts from ``first`` to ``last`` (default ``first``) recorded as missed and the
    plan re-planned after them (R31): under 7 days without a run it carries on; 7 to 13 days
    it repeats the last week completed; from 14 days it steps back one step per further
    week off. The weeks after move later by whole weeks with the same UIDs and a higher
    SEQUENCE. :class:`~planforge.errors.UsageError` for days with no workout, days recorded
    as done, or days already recorded as missed; :class:`~planforge.errors.RuleBreakError`
    when no way back keeps the training rules (then nothing is recorded)."""
    from ..core.replan.missed import missed as replan
    from ..publish.feed import mark_modified

    opened = plan_file_of(plan)
    change = replan(opened.plan, first=first, last=last)
    return PlanResult(plan=mark_modified(opened.plan, change.plan, at=now), stem=opened.stem,
                      changes=change.report)


def done(*, plan: Plan | PlanFile, activities: Sequence[ActivityInput] = (),
         on: dt.date | None = None, ran: float | None = None, longest: float | None = None,
         now: dt.datetime) -> PlanResult:
    """What was done, recorded in the plan (R32 holding the step after a run done short).

    ``activities``: activity files, each matched to the planned run of its day or the
    nearest within a day (``on``: of that day instead); one that matches nothing is said in
    ``changes`` and not recorded. Without activities, ``on`` is required: every workout of
    that day is recorded as done as planned, or its one run with ``ran`` minutes of running
    (``longest``: the longest stretch without stopping; default ``ran``, at most the
    planned stretch)."""
    from ..core.replan.done import BY_HAND, Did, record_done
    from ..publish.feed import mark_modified

    opened = plan_file_of(plan)
    if (ran is not None or longest is not None) and activities:
        raise UsageError("--ran and --longest are for a run done without an activity file; "
                         "an activity file's own track says how long you ran")
    if longest is not None and ran is None:
        raise UsageError("--longest goes with --ran (the minutes you ran in all)")
    if not activities and on is None:
        raise UsageError("give activity files, or --on DATE for a day done as planned")
    for value, name in ((ran, "--ran"), (longest, "--longest")):
        if value is not None and not 0 <= value <= 600:
            raise UsageError(f"{name} {value:g} is out of range; expected 0 to 600 minutes")
    did: list[Did] = []
    for source in activities:
        read = read_activity(source, plan=opened.plan)
        m = read.measured
        did.append(Did(date=read.date, source=read.activity.source, run_min=m.run_min,
                       longest_run_min=m.longest_run_min, moving_min=m.moving_min,
                       sport=read.activity.sport, is_run=read.activity.is_run))
    if not activities:
        assert on is not None
        did.append(Did(date=on, source=BY_HAND, run_min=ran, longest_run_min=longest))
    recorded = record_done(opened.plan, did, on=on)
    if not recorded.recorded and recorded.unmatched:
        raise UsageError("nothing recorded: " + " ".join(recorded.unmatched))
    return PlanResult(plan=mark_modified(opened.plan, recorded.plan, at=now), stem=opened.stem,
                      changes=recorded.report, warnings=recorded.unmatched)
