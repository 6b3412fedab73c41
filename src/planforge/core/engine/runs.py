"""Runs as data: the NHS run/walk ladder, easy runs, hard sessions and strides.

Pure building blocks for the engine (:mod:`planforge.core.engine.progression`): each function
returns a :class:`Run` (a workout and its main set, warm-up and cool-down). Rule ids refer
to shared/design/training-rules.md.

A hard session is built the way R18 asks, never by padding an easy run:

- intervals: a 10-minute easy-jog warm-up that ends with 4 strides, the reps with their
  easy-jog recoveries, a 5-minute easy-jog cool-down;
- hill sprints: a 10-minute warm-up, an easy run, the sprints each with a full walk back
  down (2 minutes, R29), a 5-minute easy-jog cool-down.

Its total running (warm-up and cool-down jogs included) is at most 1.10 x the longest easy
run of the previous 28 days; when a step of the reps would not fit, the reps hold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from ..limits import HARD_RUN_RATIO, MIN_EASY_MIN, SPIKE_WARN
from ..model import Block, Segment, Workout

R, W = "run", "walk"
FULL_RUN_MIN = 30
WARMUP_EASY = 5
WARMUP_HARD = 10  # R13: a hard session has at least 10 minutes of warm-up
COOLDOWN = 5
SPIKE_RATIO = SPIKE_WARN  # R2: stay below the warning on-feet spike


def seg(effort: str, minutes: float) -> Segment:
    return Segment(effort, round(minutes * 60))  # type: ignore[arg-type]


def runwalk(*pattern: tuple[str, float], repeat: int = 1) -> tuple[Block, ...]:
    return (Block(repeat, tuple(seg(e, m) for e, m in pattern)),)


def continuous(minutes: float) -> tuple[Block, ...]:
    return runwalk((R, minutes))


Main = tuple[Block, ...]

# NHS Couch to 5K, weeks 1-9 (training-rules.md): the run/walk main sets, three a week.
W5A = runwalk((R, 5), (W, 3), (R, 5), (W, 3), (R, 5))
W5B = runwalk((R, 8), (W, 5), (R, 8))
W5C = continuous(20)
NHS_WEEKS: tuple[tuple[Main, ...], ...] = (
    (runwalk((R, 1), (W, 1.5), repeat=8),) * 3,
    (runwalk((R, 1.5), (W, 2), repeat=6),) * 3,
    (runwalk((R, 1.5), (W, 1.5), (R, 3), (W, 3), repeat=2),) * 3,
    (runwalk((R, 3), (W, 1.5), (R, 5), (W, 2.5), (R, 3), (W, 1.5), (R, 5)),) * 3,
    (W5A, W5B, W5C),
    (runwalk((R, 5), (W, 3), (R, 8), (W, 3), (R, 5)), runwalk((R, 10), (W, 3), (R, 10)),
     continuous(25)),
    (continuous(25),) * 3,
    (continuous(28),) * 3,
    (continuous(30),) * 3,
)
#: a returning runner (10-15 min) starts at NHS week 5 without its 20-minute run, then does
#: week 5 whole, so the first 20 minutes come before the first 25 (R20), then NHS week 6 on
RETURNING_WEEKS: tuple[tuple[Main, ...], ...] = ((W5A, W5B, W5B), *NHS_WEEKS[4:])


class Run(NamedTuple):
    """One run of a week: what it is, its main set, and (hard runs) its step of the reps.

    Made by :func:`make_run`, which measures the main set once: the engine reads a run's
    minutes many times a week (placing, the look-back, the look-ahead), never re-adding them.
    """

    workout: Workout
    main: Main
    running: float  # minutes of running in the main set
    on_feet: float  # minutes of running and walking in the main set
    longest: float  # the longest stretch of running without a walk break, in minutes
    hard_step: int = -1
    kind: str = ""  # "hills" or "intervals" for hard runs

    @property
    def hard(self) -> bool:
        return self.workout in ("hills", "intervals")

    @property
    def warmup(self) -> float:
        return WARMUP_HARD if self.hard else WARMUP_EASY

    @property
    def total_running(self) -> float:
        """Every minute of running or jogging, a hard session's jogged warm-up and cool-down
        included (an easy run's warm-up and cool-down are walks)."""
        return self.running + (self.warmup + COOLDOWN if self.hard else 0)


def make_run(workout: Workout, main: Main, hard_step: int = -1, kind: str = "") -> Run:
    """The run with its main set measured (whole seconds added, then divided by 60 once, as
    :func:`run_min`, :func:`on_feet` and :func:`longest_run` do)."""
    running = feet = longest = current = 0
    for block in main:
        block_running = sum(s.seconds for s in block.segments if s.running)
        block_feet = sum(s.seconds for s in block.segments)
        feet += block.repeat * block_feet
        running += block.repeat * block_running
        if block_running == block_feet:  # no walk: the stretch goes on through every repeat
            current += block.repeat * block_running
            longest = max(longest, current)
            continue
        # a walk breaks each repeat, so every repeat after the first goes as the second
        for _ in range(min(block.repeat, 2)):
            for s in block.segments:
                current = current + s.seconds if s.running else 0
                longest = max(longest, current)
    return Run(workout, main, running / 60, feet / 60, longest / 60, hard_step, kind)


def run_min(main: Main) -> float:
    return sum(b.repeat * s.seconds for b in main for s in b.segments if s.running) / 60


def on_feet(main: Main) -> float:
    return sum(b.repeat * s.seconds for b in main for s in b.segments) / 60


def longest_run(main: Main) -> float:
    longest = current = 0
    for block in main:
        for _ in range(block.repeat):
            for s in block.segments:
                current = current + s.seconds if s.running else 0
                longest = max(longest, current)
    return longest / 60


#: R30: the sessions of each NHS week done at least this often with fewer than 3 run days
MIN_SESSIONS_A_STEP = 2


def ladder_weeks(weeks: Sequence[tuple[Main, ...]],
                 slots: int) -> list[tuple[int, tuple[Main, ...]]]:
    """The calendar weeks of a run/walk ladder when the days hold ``slots`` runs a week.

    The ladder advances by sessions done, not by calendar weeks (R30): each NHS week's
    sessions are done 3 times when the days hold 3 runs (the NHS plan), else at least twice.
    A week of three alike sessions is done as one calendar week of 2 (or as 2 weeks of 1);
    a week of different sessions (NHS weeks 5 and 6) is repeated so that each of its
    sessions is done, in order, and its last (the longest continuous run) still comes:
    steps are never skipped (R20). Each calendar week comes with the index of the ladder's
    week it does.
    """
    out: list[tuple[int, tuple[Main, ...]]] = []
    for n, week in enumerate(weeks):
        if slots >= len(week):
            out.append((n, week))
        elif len(set(week)) == 1:
            out.extend([(n, week[:slots])] * math.ceil(MIN_SESSIONS_A_STEP / slots))
        else:
            out.extend((n, week[i:i + slots]) for i in range(len(week) - slots + 1))
    return out


#: a stride: 15 s quick and relaxed, then 45 s of easy jogging
STRIDES = 4  # at the end of an interval session's warm-up (R18: 3-4), or of a deload run
STRIDE = Block(STRIDES, (seg("stride", 0.25), seg("jog", 0.75)))


def easy(minutes: int) -> Run:
    return make_run("easy", continuous(minutes))


def with_strides(minutes: int, strides: int = 4) -> Run:
    """An easy run with strides at its end (a deload week's stand-in for hard work, R29)."""
    return make_run("easy", (*continuous(minutes), Block(strides, STRIDE.segments)))


# ------------------------------------------------------------------------ hard sessions

# Hill sprints (Hudson, R16): start 2 x 8 s after an easy run, +2 reps a week at most,
# toward 8-10 x 10 s; a full walk back down, at least 2 minutes (R29).
HILL_STEPS: tuple[tuple[int, int], ...] = ((2, 8), (4, 8), (6, 8), (6, 10), (8, 10), (10, 10))
HILL_WALK_BACK_S = 120
HILL_EASY_MIN = 10  # the easy run before the sprints, at least
HILL_EASY_MAX = 20  # and at most: the sprints are the point of the session
# Intervals: work time rises at most 20 % a week (R16); 90 s easy jog between reps.
INTERVAL_STEPS: tuple[tuple[int, int], ...] = (
    (5, 30), (6, 30), (7, 30), (8, 30), (6, 45), (7, 45), (8, 45), (6, 60), (7, 60), (8, 60),
)
INTERVAL_JOG_S = 90
STEPS = {"hills": HILL_STEPS, "intervals": INTERVAL_STEPS}


def hard_run(kind: str, step: int, longest_easy: float, longest_feet: float) -> Run | None:
    """The hard session at ``step`` that fits under the longest easy run (R18) and the
    longest session on feet (R2) of the last 28 days, or None when it does not fit."""
    if kind == "hills":
        reps, seconds = HILL_STEPS[step]
        sprints = Block(reps, (Segment("hill", seconds), Segment("walk", HILL_WALK_BACK_S)))
        budget = HARD_RUN_RATIO * longest_easy - WARMUP_HARD - COOLDOWN - reps * seconds / 60
        room = SPIKE_RATIO * longest_feet - reps * (seconds + HILL_WALK_BACK_S) / 60
        minutes = min(math.floor(budget), math.floor(room), HILL_EASY_MAX)
        if minutes < HILL_EASY_MIN:
            return None
        return make_run("hills", (*continuous(minutes), sprints), step, kind)
    reps, seconds = INTERVAL_STEPS[step]
    main = (STRIDE, Block(reps, (Segment("fast", seconds), Segment("jog", INTERVAL_JOG_S))))
    run = make_run("intervals", main, step, kind)
    if run.total_running > HARD_RUN_RATIO * longest_easy + 1e-9:
        return None
    if run.on_feet > SPIKE_RATIO * longest_feet + 1e-9:
        return None
    return run


def fitting_hard_run(kind: str, step: int, longest_easy: float,
                     longest_feet: float) -> Run | None:
    """The hard session at ``step``, or at the highest earlier step that fits."""
    for s in range(step, -1, -1):
        run = hard_run(kind, s, longest_easy, longest_feet)
        if run is not None:
            return run
    return None


def deload_lengths(lengths: list[int], strides: list[bool],
                    total: float) -> tuple[list[int], list[bool]]:
    """Run lengths whose sum is 60-80 % of ``total`` (a strides run adds its strides),
    none under 15 minutes or under half the longest (R19)."""
    extra = math.ceil(run_min((STRIDE,)))
    for _ in range(500):
        running = [m + (extra if st else 0) for m, st in zip(lengths, strides, strict=True)]
        floor = max(MIN_EASY_MIN, math.ceil(max(running) / 2))
        lengths = [max(m, floor - (extra if st else 0)) for m, st in
                   zip(lengths, strides, strict=True)]
        now = sum(lengths) + extra * sum(strides)
        if now > 0.8 * total:
            i = max(range(len(lengths)), key=lambda j: lengths[j])
            if lengths[i] > MIN_EASY_MIN and lengths[i] > floor:
                lengths[i] -= 1
            elif len(lengths) > 1:
                del lengths[-1], strides[-1]
            else:
                break
        elif now < 0.6 * total:
            lengths[min(range(len(lengths)), key=lambda j: lengths[j])] += 1
        else:
            break
    return lengths, strides
