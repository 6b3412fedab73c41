"""Missed days, re-planned as a coach would (``planforge missed``, R31).

The workouts on the days missed are recorded as missed: they stay on their dates as history
(a calendar shows them cancelled) and are never left as things still to do. Then, by the
days without a run (from the day after the last run before the missed days to the last day
missed):

* **under 7 days**: the plan carries on with its next workout; nothing moves;
* **7 to 13 days**: the last week completed is done again (a lighter start than the week
  that was missed), then the plan goes on from the week after it;
* **14 days or more**: one step further back for each further week off: a step is a week of
  the NHS run/walk ladder (the weeks a plan repeats it for count as one) or a build week,
  never above where the user was; the weeks from there are done again up to the last one
  completed.

The weeks done again are copies with UIDs of their own; every week after moves later by
whole weeks (same UIDs, SEQUENCE + 1) and deloads are laid again with the count restarting
(:mod:`.relay`). A week done again does its own strength too: after a gap, strength steps
back with the running (R15 and R23 start again at the week back). When what the gap asks
would still break a rule the plan kept (the next run a step too big after the missed ones,
say), the re-entry goes one step further back, until it keeps them. Rule ids refer to docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ...errors import RuleBreakError, UsageError
from ..engine.outcome import restated
from ..model import WEEKDAYS, Plan, Session
from ..rules.check import check_plan, errors
from .relay import (
    Relaid,
    Unit,
    block_of,
    builds_up_to,
    relay,
    restated_left_out,
    week_units,
)
from .shift import Change, _room_for, _span

CARRY_ON_DAYS = 7  # under this many days without a run, carry on (R31)
STEP_BACK_DAYS = 14  # from this many, step back one step per further week


@dataclass(frozen=True, slots=True)
class Reentry:
    """How the plan takes the user back: ``back`` steps below the last week completed
    (None: carry on; 0: repeat it)."""

    gap_days: int
    back: int | None


def reentry_for(gap_days: int) -> Reentry:
    """What R31 asks after ``gap_days`` days without a run."""
    if gap_days < CARRY_ON_DAYS:
        return Reentry(gap_days, None)
    return Reentry(gap_days, max(0, gap_days // 7 - 1))


def missed(plan: Plan, *, first: dt.date, last: dt.date | None = None) -> Change:
    """The workouts from ``first`` to ``last`` (default: ``first``) recorded as missed, and
    the plan re-planned after them (see the module's doc)."""
    last = first if last is None else last
    if last < first:
        raise UsageError(f"the missed days end ({last}) before they begin ({first}); give the "
                         "first day missed, then the last")
    hit = [s for s in plan.sessions if first <= s.date <= last]
    if not hit:
        raise UsageError(f"no workout from {first} to {last} in the plan ({_range(plan)}); "
                         "nothing to mark as missed")
    done = [s for s in hit if s.done is not None]
    if done:
        s = done[0]
        raise UsageError(f"the workout on {_when(s.date)} ({s.title}) is recorded as done; "
                         "give days that leave it out")
    later = [s for s in plan.sessions if s.date > last and s.done is not None]
    if later:
        raise UsageError(f"a workout after {last} is already recorded as done "
                         f"({_when(later[0].date)}); record missed days before the workouts "
                         "that come after them")
    new = [s for s in hit if not s.missed]
    if not new:
        raise UsageError(f"every workout from {first} to {last} is already recorded as "
                         "missed; nothing changes")
    marked = _marked(plan, {s.uid for s in new})
    before_run = max((s.date for s in plan.sessions if s.kind == "run" and s.date < first
                      and not s.missed), default=None)
    # days without a run: from the day after the last run before the missed days (or from
    # the plan's first day) to the last day missed
    gap = (last - before_run).days if before_run is not None else (
        (last - plan.start).days + 1)
    wanted = reentry_for(gap)
    had = {f.rule for f in errors(check_plan(plan))}
    tried: list[tuple[str, Sequence[object]]] = []
    for option in _options(marked, first, wanted):
        out, report = _replanned(marked, plan, first, last, option, gap)
        out = restated_left_out(plan, restated(out))
        broken = [f for f in errors(check_plan(out)) if f.rule not in had]
        if not broken:
            lines = [_recorded(new, first, last), *report]
            if tried:
                lines.append(f"(Not {tried[0][0]}: {_broke(tried[0][1])}.)")
            return Change(out, tuple(lines))
        tried.append((_option(option), broken))
    raise RuleBreakError(f"the plan cannot take you back within the training rules after "
                         f"{_span(gap)} without a run: {_broke(tried[0][1])}; make a new plan "
                         "from your level with planforge make")


#: how the plan takes the user back: carry on; carry on and do the week of the first missed
#: workout again after it (``hold``); do that week again from its start (``redo``); or go
#: ``back`` steps below the last week completed (0: repeat it)
Option = tuple[str, int]
CARRY_ON: Option = ("carry", 0)


def _options(plan: Plan, first: dt.date, wanted: Reentry) -> list[Option]:
    """What R31 asks, then the ways further back, to the plan's first step: after a short
    gap, carrying on, then doing the week cut short again from its start; then repeating the
    last week completed, then one step back at a time."""
    deepest = max(0, len(_steps(plan, _completed(plan, first))) - 1)
    out: list[Option] = []
    if wanted.back is None:
        out += [CARRY_ON, ("hold", 0), ("redo", 0)]
    start = 0 if wanted.back is None else min(wanted.back, deepest)
    out += [("back", b) for b in range(start, max(start, deepest) + 1)]
    return out


def _marked(plan: Plan, uids: set[str]) -> Plan:
    return replace(plan, sessions=tuple(
        replace(s, missed=True, sequence=s.sequence + 1) if s.uid in uids else s
        for s in plan.sessions))


def _replanned(marked: Plan, original: Plan, first: dt.date, last: dt.date,
               option: Option, gap: int) -> tuple[Plan, list[str]]:
    """The plan after the gap as ``option`` takes the user back, and the sentence saying so."""
    days = f"{_span(gap)} without a run"
    kind, back = option
    if kind == "carry":
        nxt = min((s for s in marked.sessions if s.date > last and not s.recorded),
                  key=lambda s: s.date, default=None)
        if nxt is None:
            return marked, [f"{days.capitalize()}: that was the end of the plan."]
        return marked, [f"{days.capitalize()}: carry on with the next workout, "
                        f"{_when(nxt.date)} (week {nxt.week}); nothing moves."]
    completed = _completed(marked, first)
    if kind == "hold":
        return _held(marked, first, last, days)
    if kind == "redo":  # the week cut short is not completed: it is done from its start
        cut = min(s.week for s in marked.sessions if s.missed and s.date >= first)
        completed = [w for w in completed if w < cut]
        chain: list[int] = []
    else:
        chain = _chain(marked, completed, back)
    c = completed[-1] if completed else None
    tail = [w for w in sorted({s.week for s in marked.sessions}) if c is None or w > c]
    units = [Unit(u.label, u.sessions, fresh=True) for u in week_units(marked, chain)]
    units += week_units(marked, tail)
    keep = [s for s in marked.sessions
            if s.recorded or s.date <= last or (c is not None and s.week <= c)]
    first_block = max(block_of(marked, last), max((s.week for s in keep), default=0)) + 1
    _room_for(marked, dt.timedelta(days=7 * (len(units) + 2)))
    # after a week or more off the count of build weeks starts again (R31); after less it
    # goes on from the weeks before, as the rules count them
    # after less than a week off the count of build weeks goes on from the last week
    # completed (a week cut short is counted where it is laid again), and a deload needed
    # first is made from that week; after more, the count starts again (R31)
    builds = 0 if gap >= CARRY_ON_DAYS or c is None else builds_up_to(marked, c)
    before = next(iter(week_units(marked, [c])), None) if c is not None else None
    relaid = relay(marked, keep=keep, units=units, first_block=first_block, after=last,
                   repeats=len(chain), builds=builds, before=before)
    if kind == "redo":
        return relaid.plan, [_redo_sentence(relaid, days)]
    return relaid.plan, [_sentence(original, relaid, chain, chain[-1] if chain else None,
                                   back, days)]


def _held(marked: Plan, first: dt.date, last: dt.date, days: str) -> tuple[Plan, list[str]]:
    """Carry on with the rest of the week cut short, then do that week again before the next
    step (its missed sessions would leave the step done too few times, R30)."""
    cut = min(s.week for s in marked.sessions if s.missed and s.date >= first)
    mine = tuple(sorted((s for s in marked.sessions if s.week == cut), key=lambda s: s.date))
    keep = [s for s in marked.sessions if s.week <= cut or s.recorded or s.date <= last]
    tail = sorted({s.week for s in marked.sessions} - {s.week for s in keep})
    units = [Unit(cut, mine, fresh=True), *week_units(marked, tail)]
    first_block = max(block_of(marked, max(s.date for s in keep)),
                      max(s.week for s in keep)) + 1
    _room_for(marked, dt.timedelta(days=7 * (len(units) + 2)))
    relaid = relay(marked, keep=keep, units=units, first_block=first_block,
                   after=max(s.date for s in keep), repeats=1,
                   builds=builds_up_to(marked, cut), before=units[0])
    copy = next(b for u, b in relaid.laid if u.fresh and u.label == cut)
    start = relaid.plan.start + dt.timedelta(days=7 * (copy - 1))
    nxt = min((s for s in marked.sessions if s.date > last and not s.recorded
               and s.week == cut), key=lambda s: s.date, default=None)
    go_on = (f"carry on with the next workout, {_when(nxt.date)}; then " if nxt is not None
             else "")
    moves = (f"; {relaid.moved} workout{'s' if relaid.moved != 1 else ''} after it move a "
             "week later with the same UIDs" if relaid.moved else "")
    return relaid.plan, [f"{days.capitalize()}: {go_on}week {cut} is done again from {start} "
                         f"(as week {copy}) before the next step{moves}, and the plan now "
                         f"ends {relaid.plan.end}."]


def _completed(plan: Plan, first: dt.date) -> list[int]:
    """The weeks completed before ``first``, in order: every workout of them before it and
    none missed (a week with no runs, strength alone, is no step)."""
    weeks: dict[int, list[Session]] = {}
    for s in plan.sessions:
        weeks.setdefault(s.week, []).append(s)
    return sorted(w for w, ss in weeks.items() if any(s.kind == "run" for s in ss)
                  and all(s.date < first and not s.missed for s in ss))


def _signature(sessions: Sequence[Session]) -> tuple[tuple[str, float, float, bool], ...]:
    return tuple(sorted((s.workout, round(s.run_min, 2), round(s.longest_run_min, 2), s.hard)
                        for s in sessions if s.kind == "run"))


def _steps(plan: Plan, weeks: Sequence[int]) -> list[list[int]]:
    """The build weeks among ``weeks`` (deloads left out), grouped into steps: each build week
    is a step, but run/walk weeks in a row with the same sessions are one (a plan on few
    days repeats an NHS week)."""
    by = {u.label: u for u in week_units(plan, weeks)}
    steps: list[list[int]] = []
    last_sig: object = None
    for w in weeks:
        unit = by.get(w)
        if unit is None or unit.deload:
            continue
        sig = _signature(unit.sessions) if unit.run_walk else None
        if steps and sig is not None and sig == last_sig:
            steps[-1].append(w)
        else:
            steps.append([w])
        last_sig = sig
    return steps


def _chain(plan: Plan, completed: Sequence[int], back: int) -> list[int]:
    """The weeks done again, build weeks only: the last one completed (``back`` 0), or from
    the last week of the step ``back`` steps below it (or the first step) up to it. A deload
    completed last is not repeated: the build week before it is (what comes next was made to
    follow the build weeks)."""
    steps = _steps(plan, completed)
    if not steps:
        return []
    start = steps[-1 - back][-1] if back < len(steps) else steps[0][0]
    return [w for step in steps for w in step if w >= start]


# ------------------------------------------------------------------------------ wording


def _recorded(new: Sequence[Session], first: dt.date, last: dt.date) -> str:
    n = len(new)
    days = _when(first) if first == last else f"{_when(first)} to {_when(last)}"
    return f"Recorded {n} workout{'s' if n != 1 else ''} on {days} as missed."


def _sentence(plan: Plan, relaid: Relaid, chain: Sequence[int], completed: int | None,
              back: int | None, days: str) -> str:
    laid = relaid.laid
    start = relaid.plan.start + dt.timedelta(days=7 * (laid[0][1] - 1)) if laid else None
    moves = (f"; {relaid.moved} workout{'s' if relaid.moved != 1 else ''} after it move later "
             "with the same UIDs" if relaid.moved else "")
    ends = f", and the plan now ends {relaid.plan.end}"
    if completed is None:
        return (f"{days.capitalize()} from the start: the plan starts again from its first "
                f"week on {start}{moves}{ends}.")
    if back == 0:
        what = (f"week {completed}, the last week you completed, is done again from {start} "
                f"(as week {laid[0][1]})")
    else:
        what = (f"you start again {back} step{'s' if back != 1 else ''} below week "
                f"{completed}, the last week you completed: week {chain[0]} again from "
                f"{start}, then up to week {completed} once more")
    return f"{days.capitalize()}: {what}{moves}{ends}."


def _option(option: Option) -> str:
    kind, back = option
    if kind == "carry":
        return "carrying on"
    if kind == "hold":
        return "doing the week cut short again after it"
    if kind == "redo":
        return "doing the week cut short again from its start"
    if back == 0:
        return "repeating the last week completed"
    return f"stepping back {back} step{'s' if back != 1 else ''}"


def _redo_sentence(relaid: Relaid, days: str) -> str:
    unit, block = next((u, b) for u, b in relaid.laid if not u.fresh)
    start = relaid.plan.start + dt.timedelta(days=7 * (block - 1))
    moves = (f"; {relaid.moved} workout{'s' if relaid.moved != 1 else ''} move later with the "
             "same UIDs" if relaid.moved else "")
    return (f"{days.capitalize()}: week {unit.label}, cut short, is done again from its start "
            f"on {start} (as week {block}){moves}, and the plan now ends {relaid.plan.end}.")


def _broke(findings: Sequence[object]) -> str:
    return "; ".join(" ".join(str(f).split()) for f in list(findings)[:2])


def _range(plan: Plan) -> str:
    dates = [s.date for s in plan.sessions]
    return f"{min(dates)} to {max(dates)}" if dates else "no workouts"


def _when(date: dt.date) -> str:
    return f"{WEEKDAYS[date.weekday()].title()} {date.isoformat()}"
