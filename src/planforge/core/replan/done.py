"""What was done, recorded in the plan (``planforge done``), and a run done short holding its
step (R32).

Each thing done is a :class:`Did`: a day and, from an activity file, the minutes it measured
(:func:`planforge.core.activity.measure`), or by hand as planned (or with the minutes the
user gives). An activity is matched to the planned run of its day, else the nearest within a
day (the earlier on a tie); one that matches nothing is reported, never guessed. A matched
workout gets ``done`` (``{date, run_min, longest_run_min, source}``) and SEQUENCE + 1 (its
calendar title gains a check mark).

R32: a run done with under 75 % of its planned running, or its longest stretch under 75 %
of the planned one, holds the step: when the next week would move on, a copy of the run's
week comes first (new UIDs) and the weeks after move a week later (same UIDs, SEQUENCE + 1),
with deloads laid as :mod:`.relay` lays them. Rule ids refer to docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ...errors import UsageError
from ..engine.outcome import restated
from ..model import WEEKDAYS, Done, Plan, Session
from ..rules.check import check_plan, errors
from ..rules.reallife import short_by
from .relay import Unit, block_of, builds_up_to, relay, restated_left_out, week_units

BY_HAND = "by hand"
#: an activity more than this many days from a planned run matches nothing
MATCH_DAYS = 1


@dataclass(frozen=True, slots=True)
class Did:
    """Something the user did: the day; from an activity file its name and what it
    measured, or by hand (``source`` "by hand"; minutes None: as planned)."""

    date: dt.date
    source: str = BY_HAND
    run_min: float | None = None
    longest_run_min: float | None = None
    moving_min: float | None = None
    sport: str = ""
    is_run: bool = True


@dataclass(frozen=True, slots=True)
class Recorded:
    """The plan with what was done recorded; what to tell the user (one line each); how many
    workouts were recorded; the lines of the things done that matched nothing."""

    plan: Plan
    report: tuple[str, ...]
    recorded: int
    unmatched: tuple[str, ...]


def record_done(plan: Plan, did: Sequence[Did], *, on: dt.date | None = None) -> Recorded:
    """``plan`` with what was done recorded, and the steps held where a run was short.

    ``on``: the planned day the things done belong to (an activity recorded with a wrong
    clock, or done on another day than planned); by hand, every workout of that day.
    """
    if not did:
        raise UsageError("nothing to record: give activity files, or --on DATE for the "
                         "workouts of a day done as planned")
    sessions = list(plan.sessions)
    lines: list[str] = []
    unmatched: list[str] = []
    short: list[Session] = []
    recorded = 0
    for item in did:
        if item.source == BY_HAND:
            found = _by_hand(sessions, item, on if on is not None else item.date)
        else:
            found = _matched(sessions, item, on)
        if isinstance(found, str):
            unmatched.append(found)
            continue
        for index, record in found:
            before = sessions[index]
            if before.done == record:
                lines.append(f"{_what(before)} is already recorded as done from "
                             f"{record.source}; nothing changes.")
                continue
            after = replace(before, done=record, sequence=before.sequence + 1)
            sessions[index] = after
            recorded += 1
            lines.append(_recorded(after, item))
            if short_by(after) is not None:
                short.append(after)
    out = replace(plan, sessions=tuple(sessions))
    if not recorded:
        return Recorded(out, tuple(lines), 0, tuple(unmatched))
    for run in short:
        out, said = _hold(out, run)
        lines.append(said)
    return Recorded(restated(out), tuple(lines), recorded, tuple(unmatched))


def _by_hand(sessions: list[Session], item: Did,
             day: dt.date) -> list[tuple[int, Done]] | str:
    """The workouts of ``day`` done as planned (a run with the minutes given, if any)."""
    found = [(i, s) for i, s in enumerate(sessions) if s.date == day and not s.missed]
    if not found:
        nearest = sorted((s.date for s in sessions if not s.recorded),
                         key=lambda d: (abs((d - day).days), d))[:1]
        hint = f"; the nearest is {_day(nearest[0])}" if nearest else ""
        raise UsageError(f"no workout on {_day(day)} in the plan{hint}")
    runs = [i for i, s in found if s.kind == "run"]
    if item.run_min is not None and len(runs) != 1:
        raise UsageError(f"{_day(day)} holds {len(runs)} runs; minutes given by hand go "
                         "with a day of one run")
    out = []
    for i, s in found:
        if s.kind == "run" and item.run_min is not None:
            ran = item.run_min
            longest = (item.longest_run_min if item.longest_run_min is not None
                       else min(ran, s.longest_run_min))
            if longest > ran + 1e-9:
                raise UsageError(f"the longest stretch ({longest:g} min) cannot be longer "
                                 f"than the running ({ran:g} min)")
            out.append((i, Done(day, ran, longest, BY_HAND)))
        else:
            out.append((i, _as_planned(s, day)))
    return out


def _as_planned(s: Session, day: dt.date) -> Done:
    if s.kind != "run":
        return Done(day, 0.0, 0.0, BY_HAND)
    return Done(day, s.total_run_min if s.hard else s.run_min, s.longest_run_min, BY_HAND)


def _matched(sessions: list[Session], item: Did,
             on: dt.date | None) -> list[tuple[int, Done]] | str:
    """The planned run ``item`` matches, or the sentence saying why none does."""
    if not item.is_run:
        return (f"{item.source} is a {item.sport or 'non-running'} activity, not a run; not "
                "recorded (only runs are matched).")
    day = on if on is not None else item.date
    candidates = [(abs((s.date - day).days), s.date, i) for i, s in enumerate(sessions)
                  if s.kind == "run" and not s.missed
                  and abs((s.date - day).days) <= MATCH_DAYS
                  and (s.done is None or s.done.source == item.source)]
    if not candidates:
        taken = [s for s in sessions if s.kind == "run" and s.done is not None
                 and abs((s.date - day).days) <= MATCH_DAYS]
        why = (f"the run of {_day(taken[0].date)} is already recorded from "
               f"{taken[0].done.source}" if taken and taken[0].done is not None else
               "no planned run on that day or within a day of it")
        return f"{item.source} ({_day(item.date)}): {why}; not recorded."
    _, _, index = min(candidates)
    assert item.run_min is not None and item.longest_run_min is not None
    return [(index, Done(item.date, round(item.run_min, 2), round(item.longest_run_min, 2),
                         item.source))]


def _hold(plan: Plan, run: Session) -> tuple[Plan, str]:
    """R32: the week of the short ``run`` done again before the plan moves on, when the next
    week would move on; and the sentence saying what happened."""
    short = short_by(run)
    head = f"That run fell short of the plan ({short})"
    week = run.week
    later = sorted({s.week for s in plan.sessions if s.week > week})
    if not later:
        return plan, f"{head}; it was the plan's last week, so nothing moves."
    mine = [s for s in plan.sessions if s.week == week]
    nxt = [s for s in plan.sessions if s.week == later[0] and s.kind == "run"]
    if not _above(nxt, [s for s in mine if s.kind == "run"]):
        return plan, (f"{head}; week {later[0]} does not move on from it, so it repeats the "
                      "step as it stands.")
    tail = [s for s in plan.sessions if s.week > week]
    if any(s.recorded for s in tail):
        return plan, (f"{head}; the weeks after it already hold recorded workouts, so "
                      f"nothing moves: do week {week} again before week {later[0]} (planforge "
                      "shift --repeat-week).")
    last = max(s.date for s in mine)
    keep = [s for s in plan.sessions if s.week <= week]
    units = [Unit(week, tuple(sorted(mine, key=lambda s: s.date)), fresh=True),
             *week_units(plan, later)]
    relaid = relay(plan, keep=keep, units=units,
                   first_block=max(block_of(plan, last), week) + 1, after=last, repeats=1,
                   builds=builds_up_to(plan, week), before=units[0])
    out = restated_left_out(plan, restated(relaid.plan))
    had = {f.rule for f in errors(check_plan(plan))}
    broken = [f for f in errors(check_plan(out)) if f.rule not in had and f.rule != "R32"]
    if broken:
        return plan, (f"{head}; repeating week {week} would break the training rules ("
                      f"{' '.join(str(broken[0]).split())}), so nothing moves: take it easy "
                      f"and do week {week}'s runs again before week {later[0]}.")
    copy = next(b for u, b in relaid.laid if u.fresh and u.label == week)
    start = out.start + dt.timedelta(days=7 * (copy - 1))
    moved = (f"; {relaid.moved} workout{'s' if relaid.moved != 1 else ''} after it move a "
             "week later with the same UIDs" if relaid.moved else "")
    return out, (f"{head}: week {week} is done again from {start} (as week {copy}) before "
                 f"the plan moves on{moved}.")


def _above(runs: Sequence[Session], ref: Sequence[Session]) -> bool:
    """Whether ``runs`` move on from ``ref``: a longer run without stopping, more running or
    more hard sessions."""
    def load(rs: Sequence[Session]) -> tuple[float, float, int]:
        return (max((s.longest_run_min for s in rs), default=0.0),
                sum(s.run_min for s in rs), sum(1 for s in rs if s.hard))
    a, b = load(runs), load(ref)
    return a[0] > b[0] + 1e-9 or a[1] > b[1] + 1e-9 or a[2] > b[2]


# ------------------------------------------------------------------------------ wording


def _recorded(s: Session, item: Did) -> str:
    assert s.done is not None
    if item.source == BY_HAND:
        minutes = ("" if item.run_min is None or s.kind != "run" else
                   f": {_m(s.done.run_min)} min of running, the longest "
                   f"{_m(s.done.longest_run_min)} without stopping")
        return f"Recorded {_what(s)} as done by hand{minutes}."
    planned = s.total_run_min if s.hard else s.run_min
    moving = f"{_m(item.moving_min)} min moving, " if item.moving_min is not None else ""
    when = "" if item.date == s.date else f" (done {_day(item.date)})"
    return (f"Recorded {item.source} as {_what(s)}{when}: {moving}{_m(s.done.run_min)} of "
            f"{_m(planned)} min of running, the longest {_m(s.done.longest_run_min)} of "
            f"{_m(s.longest_run_min)} without stopping.")


_WORKOUT_WORDS = {"run-walk": "run/walk", "easy": "easy run", "intervals": "intervals",
                  "hills": "hill sprints", "strength": "strength session",
                  "mobility": "mobility session", "walk": "brisk walk"}


def _what(s: Session) -> str:
    return f"week {s.week}'s {_WORKOUT_WORDS.get(s.workout, s.workout)} of {_day(s.date)}"


def _day(date: dt.date) -> str:
    return f"{WEEKDAYS[date.weekday()].title()} {date.isoformat()}"


def _m(minutes: float | None) -> str:
    if minutes is None:
        return "?"
    return f"{minutes:.1f}".rstrip("0").rstrip(".")
