"""The strength rules of shared/design/training-rules.md: R22 (its strength part), R23-R25.

Checks over a plan, like :mod:`.base` (:mod:`.check` runs them all in ``check_plan``): each
finding names the week, the day, the rule and the numbers, e.g. ``week 9 Mon: R23 3 exercises change
variation or load (Goblet squat, ...); at most 2 a week``.

A week's strength sessions are compared with the previous week that has strength; an
exercise is followed by its template id (``exercise``), its variation (``variation``, the
movement the same across loads), its load and its sets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence

from ...goals.equipment import EQUIPMENT, WORDS
from ..limits import LOADED_BY
from ..model import Exercise, Plan, Session
from .base import Check, Finding, _Facts
from .coach import _pair_weeks, _stressors

#: R22: while run/walk sessions remain
BASE_MAX_STRENGTH = 2
BASE_MAX_MINUTES = 30
MIN_WARMUP = 5
#: R23
MAX_RUNG_CHANGES = 2
LOADS = ("band", "dumbbell")


def _finding(rule: str, message: str, week: int | None = None, date: dt.date | None = None,
             severity: str = "error") -> Finding:
    return Finding(rule, severity, message, week, date)  # type: ignore[arg-type]


def _weeks(plan: Plan) -> dict[int, list[Session]]:
    weeks: dict[int, list[Session]] = {}
    for s in sorted(plan.sessions, key=lambda s: (s.date, s.uid)):
        weeks.setdefault(s.week, []).append(s)
    return weeks


def _strength(sessions: Sequence[Session]) -> list[Session]:
    return [s for s in sessions if s.kind == "strength"]


def _run_walk(s: Session) -> bool:
    return s.kind == "run" and not s.hard and s.walk_min > 0


# ------------------------------------------------------------------------------- R22


def _r22(plan: Plan) -> Iterator[Finding]:
    weeks = _weeks(plan)
    # a runner can already run 30 minutes; a follow-on plan's start is past the base
    full_run_before = plan.level == "runner" or plan.continues > 0
    for week in sorted(weeks):
        sessions = weeks[week]
        strength = _strength(sessions)
        for s in strength:
            if s.warmup_min < MIN_WARMUP:
                yield _finding("R22", f"strength session opens with a {s.warmup_min:g}-min "
                               f"warm-up (at least {MIN_WARMUP})", week, s.date)
        if any(_run_walk(s) for s in sessions):
            if len(strength) > BASE_MAX_STRENGTH:
                yield _finding("R22", f"{len(strength)} strength sessions in a week with "
                               f"run/walk sessions (at most {BASE_MAX_STRENGTH})", week)
            for s in strength:
                if s.minutes > BASE_MAX_MINUTES:
                    yield _finding("R22", f"strength session of {s.minutes:g} min in a week "
                                   f"with run/walk sessions (at most {BASE_MAX_MINUTES})",
                                   week, s.date)
        elif len(strength) > BASE_MAX_STRENGTH and not full_run_before:
            yield _finding("R22", f"{len(strength)} strength sessions before the first "
                           "30-min continuous run (a third comes only after it)", week)
        if any(s.kind == "run" and s.longest_run_min >= 30 - 1e-9 for s in sessions):
            full_run_before = True


# ------------------------------------------------------------------------------- R23


def _r23(plan: Plan, gaps_before: Callable[[dt.date], int] = lambda date: 0
         ) -> Iterator[Finding]:
    weeks = _weeks(plan)
    before: dict[str, Exercise] = {}
    crossed = 0
    for week in sorted(weeks):
        strength = _strength(weeks[week])
        if not strength:
            continue
        if gaps_before(strength[0].date) != crossed:  # strength starts again after a gap
            before, crossed = {}, gaps_before(strength[0].date)
        first = strength[0]
        changed: list[str] = []
        for e in first.exercises:
            p = before.get(e.exercise)
            if p is None:
                continue
            what = [name for name, differs in (("variation", e.movement != p.movement),
                                               ("load", e.load != p.load),
                                               ("sets", e.sets != p.sets)) if differs]
            if len(what) > 1:
                yield _finding("R23", f"{e.name} changes {' and '.join(what)} in one week "
                               f"(from {p.sets} x {p.name}, {p.load}); one at a time",
                               week, first.date)
            if ("variation" in what or "load" in what):
                changed.append(e.name)
                if e.reps != e.rep_range[0]:
                    yield _finding("R23", f"{e.name} is new this week at {e.reps}, not at the "
                                   f"bottom of its range ({e.rep_range[0]})", week, first.date)
        if len(changed) > MAX_RUNG_CHANGES:
            yield _finding("R23", f"{len(changed)} exercises change variation or load "
                           f"({'; '.join(changed)}); at most {MAX_RUNG_CHANGES} a week",
                           week, first.date)
        before.update({e.exercise: e for s in strength for e in s.exercises})
    yield from _load_advice(plan)


def _load_advice(plan: Plan) -> Iterator[Finding]:
    loaded = [s for s in plan.sessions if any(e.load != "bodyweight" for e in s.exercises)]
    if not loaded:
        return
    for where, texts in (("the plan's notes", plan.notes), ("its strength sessions' notes",
                                                             loaded[0].notes)):
        text = " ".join(texts).lower()
        if "in reserve" not in text or "heavier" not in text:
            yield _finding("R23", f"a plan with loaded exercises must say in {where} how to "
                           "choose the load (about 2 reps in reserve) and when to go heavier",
                           loaded[0].week if texts is loaded[0].notes else None,
                           loaded[0].date if texts is loaded[0].notes else None)


# ------------------------------------------------------------------------------- R24


def _held_by_running(f: _Facts) -> int:
    """The weeks from week 2 on, up to the first that could change strength, in which R36
    holds every strength change back: each brings a running stressor (R21) or is a deload,
    or the week after one. A runner on two days next to each other meets the first such days
    in week 2 and R7's first hard session in week 3; R24's deadline waits for them."""
    pairs = _pair_weeks(f)
    first_pair = None if f.plan.continues else min(pairs, default=None)
    held = 0
    for prev, w in zip(f.weeks, f.weeks[1:], strict=False):
        if f.deload[w] or f.deload[prev] or _stressors(f, prev, w, first_pair):
            held += 1
        else:
            break
    return held


def _r24(plan: Plan, missed_weeks: int = 0, held: int = 0) -> Iterator[Finding]:
    weeks = _weeks(plan)
    for week in sorted(weeks):
        strength = _strength(weeks[week])
        if not strength:
            continue
        muscles = {m for s in strength for e in s.exercises for m in e.muscles}
        for group, word in (("upper", "upper-body"), ("core", "core")):
            if group not in muscles:
                yield _finding("R24", f"no {word} exercise this week (all major muscle groups "
                               "each week)", week, strength[0].date)
    yield from _loose_skin_loads(plan, weeks, missed_weeks, held)


def _loose_skin_loads(plan: Plan, weeks: dict[int, list[Session]],
                      missed_weeks: int = 0, held: int = 0) -> Iterator[Finding]:
    by = LOADED_BY.get(plan.level)
    if by is not None:  # weeks done again (shift --repeat-week, missed, done) and weeks with
        # missed workouts move the deadline with them; so do weeks in which R36 held every
        # strength change back, when they fill all the weeks before it from week 2
        repeated = dict(plan.extra).get("repeated_weeks", "0")
        by += (int(repeated) if repeated.isdigit() else 0) + missed_weeks
        by = max(by, 2 + held)
    choice = plan.equipment_choice
    if (plan.goal != "loose-skin" or plan.continues or by is None or plan.weeks < by
            or (choice is not None and not {"band", "dumbbells"} & set(choice))):
        return
    if not any(e.load in LOADS for w in range(1, by + 1) for s in weeks.get(w, ())
               for e in s.exercises):
        yield _finding("R24", f"loose skin (progressive resistance) has no loaded exercise by "
                       f"week {by} for a {plan.level}", by)


# ------------------------------------------------------------------------------- R25


def _r25(plan: Plan) -> Iterator[Finding]:
    used: dict[str, Session] = {}
    for s in sorted(plan.sessions, key=lambda s: (s.date, s.uid)):
        for e in s.exercises:
            for piece in e.equipment:
                used.setdefault(piece, s)
            if plan.equipment_choice is not None:
                extra = [p for p in e.equipment if p not in plan.equipment_choice]
                if extra:
                    yield _finding("R25", f"{e.name} needs {', '.join(extra)}, which is not "
                                   "in the equipment chosen ("
                                   f"{', '.join(plan.equipment_choice) or 'none'})",
                                   s.week, s.date)
    for piece, s in sorted(used.items(), key=lambda kv: _order(kv[0])):
        if piece not in plan.equipment:
            yield _finding("R25", f"{piece} is needed (week {s.week}) but not in the plan's "
                           "equipment list", s.week, s.date)
    for piece in plan.equipment:
        if piece in EQUIPMENT and WORDS[piece] not in plan.summary:
            yield _finding("R25", f"the summary does not list {WORDS[piece]} up front")


def _order(piece: str) -> int:
    return EQUIPMENT.index(piece) if piece in EQUIPMENT else len(EQUIPMENT)


#: R22 (its strength part), R23, R24 and R25 by id; each reads only the plan
CHECKS: dict[str, Check] = {
    "R22": lambda f: _r22(f.plan), "R23": lambda f: _r23(f.plan, f.gaps_before),
    "R24": lambda f: _r24(f.plan, len(f.missed_weeks), _held_by_running(f)),
    "R25": lambda f: _r25(f.plan),
}
