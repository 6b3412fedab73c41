"""Laying the rest of a plan down again after real life (``planforge missed`` and ``done``).

Both re-plan the same way: some weeks of the progression are done again (a repeat of the last
week completed, a step back after a long gap, a step held after a run cut short), and every
week after them follows, moved later by whole weeks. :func:`relay` does that from a list of
:class:`Unit` s, one per week to lay down, in order:

* a **repeat** (``fresh``): a week done again: every workout a copy with a UID of its own;
* a week of the plan as it stands: its workouts that are not yet recorded and come after the
  re-planning point **move** (same UID, SEQUENCE + 1, so a calendar that has them moves them);
  those before it or recorded (done, missed: history, which never moves) stay where they are,
  and the week gets copies of them.

Each week takes the next 7-day block of the plan from ``first_block`` on, its workouts on
the same weekdays as before (moved by whole weeks), numbered as the block they are in.

Deload weeks (R6, R31) are laid again with the count of build weeks restarting at the first
unit: the week after a repeat is never a deload, a deload comes after at most 3 build weeks,
and a deload of the plan that now comes too early is laid later, made afresh from the build
week before it (:func:`~.repeat.deload_of`) under the UIDs it had, so a calendar moves it.
Rule ids refer to docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ..model import Plan, Session
from ..rules.base import EXTRA_RELAID
from .repeat import deload_of
from .shift import EXTRA_REPEATED, _fresh_uid, _retitle, _weeks_needed

MAX_BUILDS = 3  # build weeks in a row before a deload (R6)


@dataclass(frozen=True, slots=True)
class Unit:
    """One week to lay down: the label of the week it comes from, its workouts, and whether
    it is a repeat (every workout a fresh copy)."""

    label: int
    sessions: tuple[Session, ...]
    fresh: bool = False

    @property
    def deload(self) -> bool:
        runs = [s for s in self.sessions if s.kind == "run"]
        return bool(runs) and all(s.deload for s in runs)

    @property
    def run_walk(self) -> bool:
        return any(s.kind == "run" and not s.hard and s.walk_min > 0 for s in self.sessions)

    @property
    def anchor(self) -> dt.date:
        return min(s.date for s in self.sessions)


@dataclass(frozen=True, slots=True)
class Relaid:
    """The plan laid down again, and what happened to its weeks."""

    plan: Plan
    #: the units as laid, with the block each took
    laid: tuple[tuple[Unit, int], ...]
    moved: int  # workouts that moved (same UIDs)
    added: int  # workouts that are new copies
    dropped: int  # workouts of the plan left out (a deload no longer needed at the end)
    deloads_made: int  # deload weeks made afresh for the new count (R6)


def week_units(plan: Plan, labels: Iterable[int]) -> list[Unit]:
    """The plan's weeks of these labels, as units, in order (weeks with no workouts left out)."""
    by_label: dict[int, list[Session]] = {}
    for s in sorted(plan.sessions, key=lambda s: s.date):
        by_label.setdefault(s.week, []).append(s)
    return [Unit(w, tuple(by_label[w])) for w in sorted(set(labels)) if w in by_label]


def builds_up_to(plan: Plan, week: int) -> int:
    """The build weeks in a row that end with ``week``, as R6 counts them (continuous
    running, no deload)."""
    units = {u.label: u for u in week_units(plan, range(1, week + 1))}
    n = 0
    for w in range(week, 0, -1):
        unit = units.get(w)
        if unit is None:
            continue
        if unit.deload or unit.run_walk or not any(s.kind == "run" for s in unit.sessions):
            break
        n += 1
    return n


def block_of(plan: Plan, date: dt.date) -> int:
    """The 7-day block of the plan ``date`` is in (1: the start date and the 6 after it)."""
    return (date - plan.start).days // 7 + 1


def relay(plan: Plan, *, keep: Sequence[Session], units: Sequence[Unit], first_block: int,
          after: dt.date, repeats: int, builds: int = 0, before: Unit | None = None) -> Relaid:
    """``plan`` with the ``keep`` workouts where they are and ``units`` laid from
    ``first_block`` on (see the module's doc).

    ``after``: the re-planning point: a unit's unrecorded workouts dated after it move, the
    rest are copied. ``repeats``: how many of the first units are repeats (the week after
    them is not a deload, R31). ``builds``: the build weeks in a row just before the first
    unit (0 after a week or more off: the count starts again, R31), ``before`` the last of
    them (a deload needed first is made from it).
    """
    dropped: list[Unit] = []
    sequence = _with_deloads(units, repeats, builds, before, dropped)
    taken = {s.uid for s in plan.sessions}
    moving_uids: set[str] = set()
    out: list[Session] = list(keep)
    laid: list[tuple[Unit, int]] = []
    moved = added = 0
    spares = _spare_uids(dropped, after)
    deloads_made = sum(1 for u, made in sequence if made)
    for i, (unit, made) in enumerate(sequence):
        block = first_block + i
        delta = dt.timedelta(days=7 * (block - block_of(plan, unit.anchor)))
        for s in unit.sessions:
            movable = (not unit.fresh and not made and not s.recorded and s.date > after
                       and s.uid not in moving_uids)
            base = replace(s, date=s.date + delta, week=block,
                           title=_retitle(s.title, s.week, block))
            if movable:
                moving_uids.add(s.uid)
                out.append(replace(base, sequence=s.sequence + 1))
                moved += 1
                continue
            spare = next((entry for entry in spares if made and entry[0] == s.kind
                          and entry[1] == base.date.weekday() and entry[3] < base.date), None)
            if spare is not None:  # a deload left out moves here, later, on its weekday
                spares.remove(spare)
            uid = spare[2] if spare is not None else _fresh_uid(s.uid, taken)
            taken.add(uid)
            # a copy is a workout to do: no record, a sequence of its own (a reused UID
            # goes on from the one it had)
            seq = _sequences(plan).get(uid, -1) + 1
            out.append(replace(base, uid=uid, sequence=max(seq, 0), done=None, missed=False))
            added += 1
        laid.append((unit, block))
    left = {s.uid for s in plan.sessions} - {s.uid for s in out}
    out.sort(key=lambda s: s.date)
    before_last = max((s.week for s in plan.sessions), default=0)
    result = replace(plan, sessions=tuple(out))
    # the weeks cut where they were and laid again later: the rules pass by what stays
    cut = {u.label for u in units if not u.fresh} & {s.week for s in keep}
    if cut:
        extra = dict(result.extra)
        known = {int(w) for w in extra.get(EXTRA_RELAID, "").split(",") if w.isdigit()}
        extra[EXTRA_RELAID] = ",".join(str(w) for w in sorted(known | cut))
        result = replace(result, extra=tuple(extra.items()))
    grown = max((s.week for s in out), default=0) - before_last
    if grown:
        extra = dict(result.extra)
        extra[EXTRA_REPEATED] = str(max(0, int(extra.get(EXTRA_REPEATED, "0") or 0) + grown))
        result = replace(result, extra=tuple(extra.items()))
    result = replace(result, weeks=_weeks_needed(result, plan.weeks))
    return Relaid(result, tuple(laid), moved, added, len(left), deloads_made)


def restated_left_out(before: Plan, after: Plan) -> Plan:
    """``after`` with the line of weeks with fewer runs than the goal asks (R38) said again
    for its dated weeks: the line ``before``'s sessions give is replaced by the one
    ``after``'s give (both worked out from the sessions, never read from the text)."""
    from ...goals.templates import builtin_goals, load_goal
    from ..engine.outcome import fewer_runs_line

    if "template" in dict(before.extra) or before.goal not in builtin_goals():
        return after
    easy_min = load_goal(before.goal).easy_runs[0]
    old, new = fewer_runs_line(before, easy_min), fewer_runs_line(after, easy_min)
    if old == new or (old and old not in after.left_out):
        return after
    kept = [line for line in after.left_out if line != old]
    return replace(after, left_out=(*kept, *([new] if new else [])))


def _sequences(plan: Plan) -> dict[str, int]:
    return {s.uid: s.sequence for s in plan.sessions}


def _with_deloads(units: Sequence[Unit], repeats: int, builds: int = 0,
                  before: Unit | None = None,
                  dropped: list[Unit] | None = None) -> list[tuple[Unit, bool]]:
    """The units with deload weeks where the count restarting at the first unit asks for them:
    (unit, made afresh). A deload of the plan that comes right after a repeat, or after fewer
    than 2 build weeks, is left out (its UIDs go to the next deload made).

    Strength keeps its steps (R15, R23): a deload does the strength of the build week before
    it with one set fewer, and the week after a deload holds that build week's strength, as
    the engine does; every other week keeps its own strength, which the engine made beside
    its runs (R36: a strength step in a week whose running adds a stressor would stack them;
    a week whose strength would now change beside such a step holds the week before's).
    """
    out: list[tuple[Unit, bool]] = []
    previous = before if builds else None  # the last build week laid, as laid
    for i, unit in enumerate(units):
        after_repeat = 0 < i <= repeats
        if unit.deload and not unit.fresh and (after_repeat or builds < 2):
            if dropped is not None:
                dropped.append(unit)
            continue  # too early now: the count restarted
        if unit.deload:  # a deload of the plan, or a repeat of one
            if previous is not None:
                unit = Unit(unit.label, _strength_of(unit.sessions, previous.sessions,
                                                     fewer_sets=True), unit.fresh)
            out.append((unit, False))
            builds = 0
            continue
        if (builds >= MAX_BUILDS and previous is not None and not unit.run_walk
                and not previous.run_walk):
            made = Unit(previous.label, tuple(deload_of(list(previous.sessions),
                                                        previous.label)), fresh=True)
            out.append((made, True))
            builds = 0
        source = unit
        if previous is not None and out and out[-1][0].deload:
            source = previous  # the week after a deload holds the build week before it's
        if (previous is not None and source is not previous and _new_lifts(previous, source)
                and _adds_running(previous, unit)):
            # R36: a strength change would come in a week whose running adds a stressor
            # (a deload made or left out before it): it waits a week, as the engine's does
            source = previous
        if source is not unit:
            unit = Unit(unit.label, _strength_of(unit.sessions, source.sessions), unit.fresh)
        out.append((unit, False))
        previous = unit
        if unit.run_walk:
            builds = 0
        elif any(s.kind == "run" for s in unit.sessions):
            builds += 1
    return out


def _lifts(unit: Unit) -> dict[str, tuple[str, str]]:
    return {e.exercise: (e.movement, e.load)
            for s in unit.sessions if s.kind == "strength" for e in s.exercises}


def _new_lifts(before: Unit, after: Unit) -> bool:
    """Whether ``after``'s strength has a new variation or load against ``before``'s (R36)."""
    was, now = _lifts(before), _lifts(after)
    return any(exercise in was and was[exercise] != lift for exercise, lift in now.items())


def _adds_running(before: Unit, after: Unit) -> bool:
    """Whether ``after``'s runs add a stressor to ``before``'s (R21, as R36 counts them): a
    run or a hard session more, running up more than 30 %, or runs on days next to each
    other where there were none."""
    def facts(unit: Unit) -> tuple[int, int, float, bool]:
        runs = sorted((s for s in unit.sessions if s.kind == "run"), key=lambda s: s.date)
        pair = any((b.date - a.date).days == 1 for a, b in pairwise(runs))
        return (len(runs), sum(s.hard for s in runs), sum(s.run_min for s in runs), pair)

    n0, hard0, min0, pair0 = facts(before)
    n1, hard1, min1, pair1 = facts(after)
    return n1 > n0 or hard1 > hard0 or min1 > 1.3 * min0 or (pair1 and not pair0)


def _strength_of(sessions: tuple[Session, ...], source: tuple[Session, ...], *,
                 fewer_sets: bool = False) -> tuple[Session, ...]:
    """``sessions`` with the strength of ``source`` (its n-th strength session's exercises
    in the n-th, its last in any more), one set fewer per exercise when ``fewer_sets``."""
    held = [s for s in source if s.kind == "strength"]
    if not held:
        return sessions
    out = []
    i = 0
    for s in sessions:
        if s.kind == "strength":
            src = held[min(i, len(held) - 1)]
            exercises = tuple(replace(e, sets=max(1, e.sets - 1)) if fewer_sets else e
                              for e in src.exercises)
            s = replace(s, exercises=exercises, minutes=src.minutes, warmup_min=src.warmup_min,
                        title=_retitle(src.title, src.week, s.week))
            i += 1
        out.append(s)
    return tuple(out)


def _spare_uids(dropped: Sequence[Unit],
                after: dt.date) -> list[tuple[str, int, str, dt.date]]:
    """(kind, weekday, UID, date) of the movable workouts of the deload weeks left out, in
    order: the deloads made afresh take them for the same kind of workout on the same weekday,
    later than it was, so a calendar moves those events later by whole weeks."""
    return [(s.kind, s.date.weekday(), s.uid, s.date) for u in dropped
            for s in u.sessions if not s.recorded and s.date > after]
