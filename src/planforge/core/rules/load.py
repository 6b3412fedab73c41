"""R36 (strength changes are stressors; a week's time rises slowly) and R37 (strength keeps
progressing) of shared/design/training-rules.md, as checks.

A week's strength is compared with the last week before it that had strength, exercise by
exercise (its template id): a new variation (``movement``) or load is a change. A week's
time is every minute of its sessions: runs with their warm-ups and cool-downs, strength,
mobility and brisk walks. Build weeks are the weeks with workouts that are not deloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from ..engine import outcome
from ..engine.runs import NHS_WEEKS, longest_run, on_feet
from ..engine.schedule import ladder_slots
from ..engine.strength import can_split
from ..limits import EPS, TIME_STEP_ERROR, TIME_STEP_WARN, weekly_jump
from ..model import Exercise, Session
from .base import Check, Finding, _Facts
from .coach import _pair_weeks, _stressors
from .review import template_of

#: R37: weeks of the same prescription at most, outside a named maintenance block
SAME_FOR_AT_MOST = outcome.STRENGTH_SAME_WEEKS
#: R37: the glutes hip thrust is loaded by about this week
HIP_THRUST_LOADED_BY = 10
#: R36: the sessions of the NHS weeks whose running jumps (4, 5 and 6) by the week they are
#: in: their run/walk sessions and week 5's 20 minutes (week 6's 25 minutes are week 7's
#: too, so they do not tell a week apart)
_JUMP_MAINS = {main: number for number, week in enumerate(NHS_WEEKS[3:6], start=4)
               for main in week
               if on_feet(main) > longest_run(main) + EPS or longest_run(main) < 21}


def jump_weeks(f: _Facts) -> set[int]:
    """The plan's NHS jump weeks: the first week that holds sessions of NHS week 4, 5 or 6
    (a week that repeats one on fewer run days is not a jump)."""
    seen: set[int] = set()
    out: set[int] = set()
    for w in f.weeks:
        steps = {_JUMP_MAINS[s.main] for s in f.week_runs[w] if s.main in _JUMP_MAINS}
        # a follow-on plan's first week may go on with an NHS week begun before it
        if steps - seen and not (f.plan.continues and w == f.weeks[0]):
            out.add(w)
        seen |= steps
    return out


def _finding(rule: str, message: str, week: int | None = None, date: dt.date | None = None,
             severity: str = "error") -> Finding:
    return Finding(rule, severity, message, week, date)  # type: ignore[arg-type]


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _exercises(sessions: Sequence[Session]) -> dict[str, Exercise]:
    return {e.exercise: e for s in sessions if s.kind == "strength" for e in s.exercises}


def _builds(f: _Facts) -> list[int]:
    return [w for w in f.weeks if f.by_week[w] and not f.deload[w]]


# ------------------------------------------------------------------------------- R36


def changes(f: _Facts) -> dict[int, list[str]]:
    """Each week's exercises with a new variation or load against the last week with
    strength before it."""
    out: dict[int, list[str]] = {}
    before: dict[str, Exercise] = {}
    for w in f.weeks:
        now = _exercises(f.by_week[w])
        if not now:
            continue
        out[w] = [e.name for i, e in now.items() if i in before and (
            e.movement != before[i].movement or e.load != before[i].load)]
        before.update(now)
    return out


def week_time(sessions: Sequence[Session]) -> float:
    """Every minute of a week's sessions (R36)."""
    return sum(s.duration_min for s in sessions)


def _r36(f: _Facts) -> Iterator[Finding]:
    changed = changes(f)
    jumps = jump_weeks(f)
    pairs = _pair_weeks(f)
    first_pair = None if f.plan.continues else min(pairs, default=None)
    prev: int | None = None
    for w in _builds(f):
        new = changed.get(w, [])
        date = next((s.date for s in f.by_week[w] if s.kind == "strength"), None)
        if new and w in jumps:
            yield _finding("R36", f"new variation or load ({'; '.join(new)}) in an NHS jump "
                           "week", w, date)
        if prev is not None:
            added = _stressors(f, prev, w, first_pair)
            if new and added:
                yield _finding("R36", f"adds {len(added) + 1} new stressors at once against "
                               f"week {prev} ({'; '.join(added)}; new variation or load: "
                               f"{'; '.join(new)}; limit 1)", w, date)
            elif new and weekly_jump(f.running[w], f.running[prev]):
                yield _finding("R36", f"new variation or load ({'; '.join(new)}) in a week "
                               "whose running rises more than 30 %", w, date)
            yield from _time(f, prev, w)
        prev = w


def _time(f: _Facts, prev: int, w: int) -> Iterator[Finding]:
    before, now = week_time(f.by_week[prev]), week_time(f.by_week[w])
    if not before or now <= TIME_STEP_WARN * before + EPS:
        return
    ratio = now / before
    severity = "error" if now > TIME_STEP_ERROR * before + EPS else "warning"
    yield _finding("R36", f"the week's training time {_n(now)} min is {_n(ratio)}x week "
                   f"{prev}'s {_n(before)} (warning above {_n(TIME_STEP_WARN)}, error above "
                   f"{_n(TIME_STEP_ERROR)})", w, severity=severity)


# ------------------------------------------------------------------------------- R37


def _r37(f: _Facts) -> Iterator[Finding]:
    yield from _stale(f)
    template = template_of(f)
    if template is None:
        return
    patterns = {spec.id: spec.pattern for spec in template.exercises}
    for w in f.weeks:
        now = _exercises(f.by_week[w])
        if not now:
            continue
        held = {patterns.get(i, "") for i in now}
        missing = [p for p in ("hinge", "pull", "push") if p not in held]
        if missing:
            date = next(s.date for s in f.by_week[w] if s.kind == "strength")
            yield _finding("R37", f"no {', no '.join(missing)} exercise this week", w, date)
    yield from _hip_thrust(f, template.name)
    yield from _split(f, can_split(template))


def _repeated(f: _Facts) -> int:
    """The weeks a re-plan did again (``repeated_weeks``: R31's repeats, R32's holds)."""
    repeated = dict(f.plan.extra).get("repeated_weeks", "0")
    return int(repeated) if repeated.isdigit() else 0


def _stale(f: _Facts) -> Iterator[Finding]:
    # a week done again repeats its strength as it was, by design (R31, R32): like a deload,
    # it is no week of stalled progress
    longest = SAME_FOR_AT_MOST + _repeated(f)
    by_week = dict(f.by_week)
    stale = outcome.stale_prescriptions(by_week, longest=longest)
    if not stale:
        return
    # the summary names the block as the engine measures it (6 weeks) or, after a re-plan,
    # with the weeks done again allowed for
    named = [block for block in {outcome.strength_maintenance_from(by_week, longest=n)
                                 for n in (SAME_FOR_AT_MOST, longest)}
             if block is not None
             and outcome.strength_maintenance_sentence(block) in f.plan.summary]
    for exercise, first, last in stale:
        if not any(start <= first and last <= end for start, end in named):
            yield _finding("R37", f"{exercise} stays the same from week {first} to week "
                           f"{last}, more than {longest} build weeks, and the summary "
                           "names no strength maintenance for it", first)


def _hip_thrust(f: _Facts, goal: str) -> Iterator[Finding]:
    choice = f.plan.equipment_choice
    by = HIP_THRUST_LOADED_BY + _repeated(f)
    if (goal != "glutes" or f.plan.continues or f.plan.weeks < by
            or (choice is not None and "dumbbells" not in choice)):
        return
    if not any(e.exercise == "hip-thrust" and e.load != "bodyweight"
               for w in range(1, by + 1) for s in f.by_week[w] for e in s.exercises):
        yield _finding("R37", f"the hip thrust is not loaded by week {by} (about week 9, "
                       "when the equipment allows)", by)


def _split(f: _Facts, splits: bool) -> Iterator[Finding]:
    offsets = tuple(sorted((d - f.plan.start.weekday()) % 7 for d in f.plan.days))
    apart = any((b - a) % 7 >= 2 and (a - b) % 7 >= 2 for a in offsets for b in offsets)
    if not splits or apart or len(offsets) < 2 or not ladder_slots(offsets):
        return
    for w in f.weeks:
        # a race's taper (R39) leaves strength out near the race, both halves together
        if f.by_week[w] and len(f.week_strength[w]) < 2 and w not in f.taper:
            yield _finding("R37", f"{len(f.week_strength[w])} strength session on days next "
                           "to each other, which hold two as an upper/lower split", w)


CHECKS: dict[str, Check] = {"R36": _r36, "R37": _r37}
