"""The real-life rules R31 and R32 of shared/design/training-rules.md, as checks over a plan
that holds a record (``planforge missed``, ``planforge done``).

* R31: after a week or more without a run that holds missed workouts, the week of the first
  run back (a re-entry, :attr:`~.base._Facts.reentry`) is never above the last build week
  completed before it, and from 14 days steps back one build week per further week off; the
  week after it is not a deload. The counts of R6, R19, R21 and R27 start again at a
  re-entry (:mod:`.base`, :mod:`.coach`). A week or more without a run and nothing recorded
  (a plan moved later with ``shift``) is held to the same, as a warning.
* R32: after a run done short (under 75 % of its planned running, or its longest stretch
  under 75 % of the planned one), the next week with runs is no harder than the week of that
  run: it repeats the step instead of moving on (unless it was already done: the record is
  what happened).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from ..limits import EPS
from ..model import Session
from .base import REENTRY_DAYS, Check, Finding, Severity, _Facts

#: R31: from this many days without a run, one step further back per further week
STEP_BACK_DAYS = 14
#: R32: a run done with less than this share of its planned running holds its step
SHORT_SHARE = 0.75


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _load(runs: Sequence[Session]) -> tuple[float, float, int]:
    """A week's running as R31 and R32 compare it: the longest continuous run, the minutes
    of running, the hard sessions."""
    return (max((s.longest_run_min for s in runs), default=0.0),
            sum(s.run_min for s in runs), sum(1 for s in runs if s.hard))


def _above(load: tuple[float, float, int], ref: tuple[float, float, int],
           week: int) -> str | None:
    """What of ``load`` is above ``ref`` (week ``week``'s), in words, or None."""
    longest, running, hard = load
    if longest > ref[0] + EPS:
        return f"a {_n(longest)}-min run without stopping (week {week}: {_n(ref[0])})"
    if running > ref[1] + EPS:
        return f"{_n(running)} min of running (week {week}: {_n(ref[1])})"
    if hard > ref[2]:
        return f"{hard} hard sessions (week {week}: {ref[2]})"
    return None


# ------------------------------------------------------------------------------ R31


def _r31(f: _Facts) -> Iterator[Finding]:
    missed = sorted(s.date for s in f.full.sessions if s.missed)
    builds = [w for w in f.weeks if f.week_runs[w] and not f.deload[w]]
    for a, b in itertools.pairwise(f.runs):
        off = (b.date - a.date).days - 1
        between = [d for d in missed if a.date < d < b.date]
        recorded = bool(between)
        # days without a run, as planforge missed counts them: to the last day missed
        gap = (between[-1] - a.date).days if recorded else off
        if gap < REENTRY_DAYS or b.week == a.week:
            continue
        severity: Severity = "error" if recorded else "warning"
        earlier = [w for w in builds if w < b.week and all(
            s.date <= a.date for s in f.week_runs[w])]
        if not earlier:
            continue
        # one build week further back per week off from 14 days (R31)
        back = max(0, gap // 7 - 1)
        ref = earlier[max(0, len(earlier) - 1 - back)]
        load = _load(f.week_runs[b.week])
        # no harder than a week done at least ``back`` build weeks before the gap
        done = [_load(f.week_runs[w]) for w in earlier if w <= ref]
        most = (max(x[0] for x in done), max(x[1] for x in done), max(x[2] for x in done))
        above = _above(load, most, ref)
        if above is not None:
            said = ("the last week completed" if back == 0 else
                    f"{back} build week{'s' if back != 1 else ''} before the last completed")
            tail = "" if recorded else "; planforge missed re-plans a gap as R31 asks"
            yield Finding("R31", severity, f"after {gap} days without a run (from "
                          f"{a.date.isoformat()}) week {b.week} asks for {above}, above week "
                          f"{ref}, {said}, and the weeks before it{tail}", b.week, b.date)
        after = next((w for w in f.weeks if w > b.week and f.week_runs[w]), None)
        if after is not None and f.deload[after] and recorded:
            yield Finding("R31", "error", f"week {after} is a deload right after the week "
                          f"back from {gap} days off (the count of build weeks starts again "
                          "there)", after)


# ------------------------------------------------------------------------------ R32


def short_by(s: Session) -> str | None:
    """How a done run fell short (R32), in words, or None when it did not."""
    if s.done is None or s.kind != "run":
        return None
    planned = s.total_run_min if s.hard else s.run_min
    if planned and s.done.run_min < SHORT_SHARE * planned - EPS:
        return (f"{_n(s.done.run_min)} of {_n(planned)} min of running, "
                f"{round(100 * s.done.run_min / planned)} %")
    longest = s.longest_run_min
    if longest and s.done.longest_run_min < SHORT_SHARE * longest - EPS:
        return (f"its longest stretch {_n(s.done.longest_run_min)} of {_n(longest)} min, "
                f"{round(100 * s.done.longest_run_min / longest)} %")
    return None


def _r32(f: _Facts) -> Iterator[Finding]:
    for s in f.runs:
        short = short_by(s)
        if short is None:
            continue
        after = next((w for w in f.weeks if w > s.week and f.week_runs[w]), None)
        if after is None:
            continue
        runs = f.week_runs[after]
        if any(r.done is not None for r in runs):
            continue  # done already: the record is what happened
        above = _above(_load(runs), _load(f.week_runs[s.week]), s.week)
        if above is not None:
            yield Finding("R32", "error", f"the run of {s.date.isoformat()} was done short "
                          f"({short}) but week {after} moves on: {above} instead of week "
                          f"{s.week}'s step again", after, min(r.date for r in runs))


CHECKS: dict[str, Check] = {"R31": _r31, "R32": _r32}
