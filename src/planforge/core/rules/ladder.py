"""R30 of shared/design/training-rules.md: the run/walk ladder advances by sessions done, not by
calendar weeks.

Each run session before the first 30-minute continuous run is matched to its step of the NHS
Couch to 5K ladder by its main set (:data:`planforge.core.engine.runs.NHS_WEEKS`): a run/walk
session to its NHS week, a continuous run of 20, 25 or 28 minutes to that run. A step the
plan moves on from must have been done often enough: each NHS week's sessions 3 times when
the plan's days hold 3 run/walk sessions a week (the NHS plan), else at least twice. A
session that matches no step (a hand-edited run, a deload week's shorter run) is not
counted; the first step of a follow-on plan and the step a plan ends in may be partly
outside it, so they are not held to the count.

Besides the count: a beginner's first 20-minute continuous run is no earlier than the 10th
run session and the first 30-minute run no earlier than the 17th, whatever the days; and
with one run/walk session a week the summary says how many months the base takes and the
plan's other training days get a brisk walk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from ..engine.outcome import one_run_weeks
from ..engine.runs import NHS_WEEKS, Main, longest_run, on_feet
from ..engine.schedule import ladder_slots
from ..limits import EPS
from ..model import WEEKDAYS, Session
from .base import Check, Finding, _Facts

#: a beginner's first continuous run of these minutes comes no earlier than this run session
FIRST_AT_SESSION = ((20, 10), (30, 17))
FULL_RUN_MIN = 30
#: a step of the ladder: ("week", n) for NHS week n's run/walk sessions, ("run", minutes)
Step = tuple[str, int]


def _step_keys() -> dict[Main, Step]:
    """Each NHS main set's step: ``("week", n)`` for a run/walk session of NHS week n,
    ``("run", minutes)`` for a continuous run (NHS weeks 5 to 8)."""
    keys: dict[Main, Step] = {}
    for number, week in enumerate(NHS_WEEKS, start=1):
        for main in week:
            if on_feet(main) > longest_run(main) + EPS:  # a run/walk session
                keys.setdefault(main, ("week", number))
            elif round(longest_run(main)) < FULL_RUN_MIN:
                keys.setdefault(main, ("run", round(longest_run(main))))
    return keys


_KEYS = _step_keys()
#: how many sessions a step holds, as (fixed, per need): ``fixed + per_need * need``. NHS
#: weeks 1-4 are 3 alike sessions; weeks 5 and 6 end on a continuous run, so their run/walk
#: sessions are one fewer; week 5's 20 minutes come once; week 6's 25 is done again in week 7
_WANT: dict[Step, tuple[int, int]] = {
    **{("week", n): (0, 1) for n in (1, 2, 3, 4)}, ("week", 5): (-1, 1), ("week", 6): (-1, 1),
    ("run", 20): (1, 0), ("run", 25): (1, 1), ("run", 28): (0, 1),
}


def _need(f: _Facts) -> int:
    offsets = tuple(sorted((d - f.plan.start.weekday()) % 7 for d in f.plan.days))
    return 3 if offsets and ladder_slots(offsets) >= 3 else 2


def _r30(f: _Facts) -> Iterator[Finding]:
    yield from _first_runs(f)
    yield from _steps(f)
    yield from _one_run_a_week(f)


def _first_runs(f: _Facts) -> Iterator[Finding]:
    if f.plan.level != "beginner" or f.plan.continues:
        return
    for minutes, nth in FIRST_AT_SESSION:
        at = next((i for i, s in enumerate(f.runs) if s.longest_run_min >= minutes - EPS), None)
        if at is not None and at + 1 < nth:
            s = f.runs[at]
            yield Finding("R30", "error", f"first {minutes}-min continuous run is run session "
                          f"{at + 1}; a beginner's comes no earlier than the {nth}th",
                          s.week, s.date)


def _steps(f: _Facts) -> Iterator[Finding]:
    need = _need(f)
    ladder: list[tuple[Step, Session]] = []
    for s in f.runs:
        if s.longest_run_min >= FULL_RUN_MIN - EPS:
            break
        key = _KEYS.get(s.main)
        if key is not None:
            ladder.append((key, s))
    runs = _runs_of_steps(ladder)
    if f.plan.continues and runs:
        runs = runs[1:]  # begun in the plan before this one
    for key, sessions in runs[:-1]:  # the last step may go on after the plan
        fixed, per_need = _WANT.get(key, (0, 0))
        want = fixed + per_need * need
        if len(sessions) < want:
            first = sessions[0]
            yield Finding("R30", "error", f"{_name(key)} is done {len(sessions)} "
                          f"time{'s' if len(sessions) != 1 else ''} before the next step "
                          f"(at least {want} with these days)", first.week, first.date)


def _runs_of_steps(ladder: Sequence[tuple[Step, Session]]) -> list[
        tuple[Step, list[Session]]]:
    """Consecutive sessions of one step, grouped (a step that comes back counts once more)."""
    out: list[tuple[Step, list[Session]]] = []
    for key, s in ladder:
        if out and out[-1][0] == key:
            out[-1][1].append(s)
        elif any(k == key for k, _ in out):  # NHS weeks 5 and 6 mix their sessions
            next(ss for k, ss in out if k == key).append(s)
        else:
            out.append((key, [s]))
    return out


def _name(key: Step) -> str:
    kind, number = key
    return f"NHS week {number}" if kind == "week" else f"the {number}-min continuous run"


def _one_run_a_week(f: _Facts) -> Iterator[Finding]:
    # a week laid again after missed days (f.abandoned) is counted where it was laid
    weeks = one_run_weeks({w: f.by_week[w] for w in f.weeks})
    if not weeks:
        return
    if "month" not in f.plan.summary:
        yield Finding("R30", "error", "one run/walk session a week, and the summary does not "
                      "say how many months the base takes", weeks[0])
    for w in weeks:
        taken = {s.date for s in f.by_week[w] if s.kind == "run"}
        walked = {s.date for s in f.by_week[w] if s.kind == "walk"}
        first = f.first_date(w)
        for day in (first + dt.timedelta(days=i) for i in range(7)):
            if day.weekday() in f.plan.days and day not in taken and day not in walked:
                yield Finding("R30", "error", f"{WEEKDAYS[day.weekday()]} is a training day "
                              "without a run in a week of one run, and has no brisk walk",
                              w, day)
                return


CHECKS: dict[str, Check] = {"R30": _r30}
