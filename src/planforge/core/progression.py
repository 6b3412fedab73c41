"""The progression engine: goal, level, weeks, start date and training days in, a frozen Plan out.

Pure and deterministic: no clock, no randomness, no I/O beyond reading a template through
``templates``. The plan is built in three steps:

1. ``_program`` walks week by week through the volume progression (NHS Couch to 5K run/walk,
   then continuous running toward 30 minutes on most days with a deload every 4th week, then
   hard work as R7, R8 and R16 allow), placing each week's sessions on the user's days with
   ``schedule.place_week``;
2. ``_sessions`` turns each week into dated sessions with exercises and notes;
3. ``_summary`` says honestly where the plan ends, looking further ahead when needed.

Rule ids (R1-R17) refer to shared/design/training-rules.md.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import replace
from hashlib import sha256
from typing import NamedTuple

from ..errors import UsageError
from ..goals.equipment import parse_equipment
from ..goals.templates import Template, load_goal
from . import schedule, strength
from .model import (
    LAST_DAY,
    LEVELS,
    WEEKDAYS,
    Block,
    Effort,
    Level,
    Plan,
    Segment,
    Session,
    Times,
    Workout,
)

MAX_WEEKS = 52
#: how far ahead the summary looks for "30 minutes on most days"
LOOKAHEAD_WEEKS = 80
MOST_DAYS_RUNS = 4  # "30 min on most days" = 4-5 runs of 30 min a week (R5)
FULL_RUN_MIN = 30
DEFAULT_DAYS: dict[str, tuple[int, ...]] = {
    "beginner": (0, 2, 4, 5),  # Mon, Wed, Fri, Sat
    "returning": (0, 1, 3, 5, 6),  # Mon, Tue, Thu, Sat, Sun
    "runner": (0, 1, 2, 4, 5, 6),  # every day but Thursday
}
LEVEL_WORDS = {
    "beginner": "a beginner (cannot yet run 5 minutes without stopping)",
    "returning": "a returning runner (runs about 10 to 15 minutes)",
    "runner": "a runner (runs 30 minutes)",
}


def _seg(effort: str, minutes: float) -> Segment:
    return Segment(effort, round(minutes * 60))  # type: ignore[arg-type]


def _runwalk(*pattern: tuple[str, float], repeat: int = 1) -> tuple[Block, ...]:
    return (Block(repeat, tuple(_seg(e, m) for e, m in pattern)),)


R, W = "run", "walk"
# NHS Couch to 5K, weeks 1-9 (training-rules.md): the run/walk main sets, three a week.
_W5A = _runwalk((R, 5), (W, 3), (R, 5), (W, 3), (R, 5))
_W5B = _runwalk((R, 8), (W, 5), (R, 8))
NHS_WEEKS: tuple[tuple[tuple[Block, ...], ...], ...] = (
    (_runwalk((R, 1), (W, 1.5), repeat=8),) * 3,
    (_runwalk((R, 1.5), (W, 2), repeat=6),) * 3,
    (_runwalk((R, 1.5), (W, 1.5), (R, 3), (W, 3), repeat=2),) * 3,
    (_runwalk((R, 3), (W, 1.5), (R, 5), (W, 2.5), (R, 3), (W, 1.5), (R, 5)),) * 3,
    (_W5A, _W5B, _runwalk((R, 20))),
    (
        _runwalk((R, 5), (W, 3), (R, 8), (W, 3), (R, 5)),
        _runwalk((R, 10), (W, 3), (R, 10)),
        _runwalk((R, 25)),
    ),
    (_runwalk((R, 25)),) * 3,
    (_runwalk((R, 28)),) * 3,
    (_runwalk((R, 30)),) * 3,
)
#: the first NHS week that is all continuous running: the run/walk phase ends before it
FIRST_CONTINUOUS_NHS_WEEK = 7
# A returning runner (10-15 min) starts at NHS week 5 without its 20-minute run, so the
# first week never asks more than they said they can do; then NHS week 6 onward.
RETURNING_FIRST_WEEK = (_W5A, _W5B, _W5B)

# Hill sprints (Hudson, R16): start 2 x 8 s after an easy run, +2 reps a week at most,
# toward 8-10 x 10 s; walk back down for full recovery.
HILL_STEPS: tuple[tuple[int, int], ...] = ((2, 8), (4, 8), (6, 8), (6, 10), (8, 10), (10, 10))
HILL_WALK_BACK_S = 90
# Intervals: work time rises at most 20 % a week (R16); 90 s easy jog between reps.
INTERVAL_STEPS: tuple[tuple[int, int], ...] = (
    (5, 30), (6, 30), (7, 30), (8, 30), (6, 45), (7, 45), (8, 45), (6, 60), (7, 60), (8, 60),
)
INTERVAL_JOG_S = 90
DELOAD_FRACTION = 0.7  # of the previous build week's running minutes (R6: 60-80 %)
MAX_BUILD_WEEKS = 3  # build weeks in a row before a deload (R6)


# ----------------------------------------------------------------------------- public API


def default_days(level: str) -> tuple[int, ...]:
    """The weekdays (0 = Monday) a plan uses when the user names none."""
    _check_level(level)
    return DEFAULT_DAYS[level]


def build_plan(
    *,
    goal: str | Template,
    weeks: int,
    start: dt.date,
    created: dt.datetime,
    level: str = "beginner",
    days: Sequence[int] | None = None,
    timezone: str | None = None,
    times: Times | None = None,
    continues: int = 0,
    equipment: str | Sequence[str] | None = None,
) -> Plan:
    """Build the whole plan. Raises UsageError (or UnknownGoalError) for values it can't use.

    ``continues``: the number of weeks of this progression already done (a follow-on plan,
    ``planforge next``): the plan picks up at the week after them, numbered from 1 again.
    ``equipment``: what the user has (``"none"``, ``"dumbbells,mat"`` or a sequence of names,
    see :mod:`planforge.goals.equipment`); the plan uses only that. None: no limit.
    """
    template = goal if isinstance(goal, Template) else load_goal(goal)
    _check_level(level)
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(f"weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks!r}")
    if start > LAST_DAY - dt.timedelta(days=7 * weeks - 1):
        raise UsageError(f"start date {start.isoformat()} with {weeks} weeks would end after "
                         f"{LAST_DAY.isoformat()}, the last day a plan can reach; choose an "
                         "earlier start date")
    if created.tzinfo is None or created.utcoffset() is None:
        raise UsageError("created must be an aware datetime (UTC)")
    chosen = tuple(sorted(set(DEFAULT_DAYS[level] if days is None else days)))
    if not chosen or any(not 0 <= d <= 6 for d in chosen):
        raise UsageError("days must name at least one weekday (0 = Monday to 6 = Sunday)")
    if isinstance(continues, bool) or not isinstance(continues, int) or not (
            0 <= continues <= 10 * MAX_WEEKS):
        raise UsageError(f"continues must be a whole number of weeks from 0 to "
                         f"{10 * MAX_WEEKS}, not {continues!r}")
    times = times or Times()
    if not times.all_day and not timezone:
        raise UsageError("timed workouts need a time zone")
    lvl: Level = level  # type: ignore[assignment]
    choice = None if equipment is None else parse_equipment(equipment)
    strength.rungs(template, choice)  # a template that cannot serve the choice says so
    mobility_items, mobility_needs = strength.mobility_items(template, choice)

    plan_id = _plan_id(template, lvl, weeks, start, chosen, continues, choice)
    raw = _program(template, lvl, start, chosen)
    done = [next(raw) for _ in range(continues)]  # the weeks a follow-on plan comes after
    program = _renumbered(raw, continues)
    plan_weeks = [next(program) for _ in range(weeks)]
    lifting = strength.program(template, lvl, choice, [
        strength.WeekFacts(w.deload, w.phase == "run-walk") for w in (*done, *plan_weeks)
    ])[continues:]
    with_strength = [(w.number, lifting[i].exercises) for i, w in enumerate(plan_weeks)
                     if w.strength]
    kit = strength.plan_equipment(
        with_strength, mobility_needs if any(w.mobility for w in plan_weeks) else ())
    kit_lines = strength.equipment_lines(with_strength, kit, choice)
    sessions = tuple(_sessions(template, plan_id, start, plan_weeks, lifting, mobility_items,
                               kit_lines))
    reached = _first_most_days_week(plan_weeks)
    ahead: list[_Week] = []
    if reached is None:
        for week in program:
            ahead.append(week)
            if _reaches_most_days(week) or week.number >= LOOKAHEAD_WEEKS:
                break
    notes = (*_plan_notes(template), *kit_lines)
    left_out = _left_out(plan_weeks, template, chosen)
    summary = _summary(template, lvl, weeks, start, chosen, sessions, plan_weeks, ahead,
                       continues)
    summary = f"{summary} {kit_lines[0]}"  # the equipment, up front (R25)
    return Plan(
        plan_id=plan_id,
        goal=template.name,
        goal_title=template.title,
        level=lvl,
        weeks=weeks,
        start=start,
        days=chosen,
        timezone=None if times.all_day else timezone,
        times=times,
        created=created.astimezone(dt.UTC).replace(microsecond=0),
        summary=summary,
        notes=notes,
        left_out=left_out,
        sessions=sessions,
        reached_most_days_week=reached,
        continues=continues,
        equipment=kit,
        equipment_choice=choice,
    )


def _renumbered(program: Iterator[_Week], skip: int) -> Iterator[_Week]:
    """The program after its first ``skip`` weeks, numbered from week 1."""
    for week in program:
        if week.number > skip:
            yield week._replace(number=week.number - skip) if skip else week


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; choose one of: {', '.join(LEVELS)}")


def _plan_id(template: Template, level: str, weeks: int, start: dt.date,
             days: tuple[int, ...], continues: int, choice: tuple[str, ...] | None) -> str:
    key = "|".join((template.name, template.digest, level, str(weeks), start.isoformat(),
                    ",".join(WEEKDAYS[d] for d in days), str(continues)))
    if choice is not None:  # plans made without --equipment keep the ids they had
        key += "|equipment=" + ",".join(choice)
    return sha256(key.encode()).hexdigest()[:16]


# ----------------------------------------------------------------------- the weekly program


# The program's records are named tuples: creating a dataclass costs ~0.8 ms at import.


class _Run(NamedTuple):
    workout: Workout
    main: tuple[Block, ...]
    hard_step: int = -1  # index into HILL_STEPS / INTERVAL_STEPS for hard runs

    @property
    def hard(self) -> bool:
        return self.workout in ("hills", "intervals")


class _Week(NamedTuple):
    number: int
    phase: str  # "run-walk" or "continuous"
    deload: bool
    runs: tuple[_Run, ...]
    strength: int
    mobility: int
    strength_step: int  # index into each exercise's ladder
    strength_sets_delta: int  # -1 in a deload week (R6)
    layout: schedule.Layout
    shortfalls: tuple[str, ...]  # what the days could not hold this week


def _program(template: Template, level: Level, start: dt.date,
             days: tuple[int, ...]) -> Iterator[_Week]:
    """Yield week after week, forever; a plan takes as many as it asks for."""
    offsets = tuple(sorted((d - start.weekday()) % 7 for d in days))
    ladder: list[tuple[tuple[Block, ...], ...]]
    if level == "beginner":
        ladder = list(NHS_WEEKS)
        continuous_from = FIRST_CONTINUOUS_NHS_WEEK
    elif level == "returning":
        ladder = [RETURNING_FIRST_WEEK, *NHS_WEEKS[5:]]
        continuous_from = FIRST_CONTINUOUS_NHS_WEEK - 4
    else:
        ladder = []
        continuous_from = 1

    prev_layout: schedule.Layout | None = None
    last_build_running = 0.0  # running minutes of the last continuous build week (R3)
    builds_in_row = 0
    weeks_with_20 = 0  # weeks so far holding a continuous run of 20 min or more (R7)
    reached_full = False  # a 30-minute continuous run has been done in an earlier week
    hard_started_week = 0
    hard_step = dict.fromkeys(_HARD_KINDS, -1)  # where each kind of hard work has got to
    strength_step = -1
    after_deload = False
    after_run_walk = False
    last_build_hard: tuple[str, ...] = ()
    n_runs = 0
    week_no = 0
    while True:
        week_no += 1
        continuous = week_no >= continuous_from
        deload = continuous and builds_in_row >= MAX_BUILD_WEEKS
        from_ladder = week_no <= len(ladder)

        hard_kinds: tuple[str, ...] = ()
        # R7: two weeks with 20-minute continuous runs first; we also wait for a first
        # 30-minute run, and never start hard work in a deload week.
        hard_ok = (continuous and weeks_with_20 >= 2 and reached_full and not from_ladder
                   and (hard_started_week > 0 or not deload))
        if hard_ok and template.hard:
            limit = 1 if not hard_started_week or week_no - hard_started_week < 4 else 2
            hard_kinds = template.hard[:limit]
            if deload:  # a deload halves the hard work of the last build week, adds none
                hard_kinds = tuple(k for k in hard_kinds if k in last_build_hard)

        target = 0.0  # running minutes for the week (continuous phase)
        if from_ladder:
            want_runs = len(ladder[week_no - 1])
            if continuous and last_build_running:
                # after a week the days held fewer runs, don't jump back (R3)
                r3_limit = max(1.10 * last_build_running, last_build_running + 10)
                while want_runs > 1 and sum(
                        _run_min(m) for m in ladder[week_no - 1][:want_runs]) > r3_limit:
                    want_runs -= 1
        elif week_no == 1:  # a runner: three 30-minute runs to start
            want_runs, target = 3, 3.0 * FULL_RUN_MIN
        elif deload:
            want_runs, target = n_runs, math.floor(DELOAD_FRACTION * last_build_running)
        else:
            target = math.floor(max(1.10 * last_build_running, last_build_running + 10))
            want_runs = min(template.target_runs,
                            len(_fill_first(target)) + (1 if hard_kinds else 0))

        shortfalls: list[str] = []
        can_hold = _run_capacity(offsets, want_runs, not continuous, prev_layout,
                                 after_run_walk)
        if can_hold < want_runs:
            want_runs = can_hold
            shortfalls.append("run")

        # Place the week; ask for less until the days can hold it, saying what was dropped.
        # R22: at most 2 strength sessions until the first 30-minute run (the engine's count)
        strength = template.strength_days if reached_full else min(template.strength_days, 2)
        mobility = template.mobility_per_week
        runs_n = want_runs
        while True:
            # R8: hard sessions at most a quarter of the week's runs and strength sessions
            n_hard = min(len(hard_kinds), (runs_n + strength) // 4, max(runs_n - 1, 0))
            layout = schedule.place_week(
                offsets=offsets, runs=runs_n, hard=n_hard, strength=strength,
                mobility=mobility, run_walk=not continuous, prev=prev_layout,
                after_run_walk=after_run_walk)
            if layout is not None:
                break
            if mobility:
                mobility -= 1
                shortfalls.append("mobility")
            elif strength > 2:
                strength -= 1
                shortfalls.append("strength")
            elif n_hard:
                hard_kinds = hard_kinds[:n_hard - 1]
                shortfalls.append("hard")
            elif runs_n > 1:
                runs_n -= 1
                shortfalls.append("run")
            elif strength > 0:
                strength -= 1
                shortfalls.append("strength")
            else:  # pragma: no cover - one run on one day always fits
                raise AssertionError("no layout for a single run")
        hard_kinds = hard_kinds[:n_hard]

        runs: list[_Run] = []
        if from_ladder:
            runs = [_Run("run-walk" if not continuous else "easy", main)
                    for main in ladder[week_no - 1][:runs_n]]
        else:
            target = min(target, runs_n * FULL_RUN_MIN)
            even = deload or week_no == 1
            # A hard session is 30 minutes on its feet (a deload: its even share); its
            # walk-backs are not running, so the easy runs get what is left of the target.
            hard_share = _split(target, runs_n)[0] if even else FULL_RUN_MIN
            for kind in hard_kinds:
                if not deload:  # one step further each build week that has it (R16)
                    hard_step[kind] = min(hard_step[kind] + 1,
                                          len(_HARD_KINDS[kind].steps) - 1)
                runs.append(_hard_run(kind, hard_step[kind], hard_share, deload))
            slots = runs_n - len(runs)
            left = max(target - sum(_run_min(r.main) for r in runs), float(slots))
            # Build weeks fill runs to 30 minutes before adding one, so "30 minutes on most
            # days" comes as early as R3 allows; a deload shortens every run alike.
            easy = [] if even else _fill_first(left)
            if len(easy) < slots:
                easy = _split(left, slots)
            runs.extend(_Run("easy", _runwalk((R, share))) for share in easy[:slots])
        if hard_kinds and not hard_started_week:
            hard_started_week = week_no

        # Strength progresses one step a week, holds in a deload and the week after (R6, R15).
        if deload:
            sets_delta = -1
            strength_step = max(strength_step, 0)
        elif after_deload:
            sets_delta = 0
            strength_step = max(strength_step, 0)
        else:
            sets_delta = 0
            strength_step += 1

        week = _Week(week_no, "continuous" if continuous else "run-walk", deload, tuple(runs),
                     strength, mobility, strength_step, sets_delta, layout, tuple(shortfalls))
        yield week

        running = sum(_run_min(r.main) for r in runs)
        if continuous and not deload:
            last_build_running = running
            last_build_hard = hard_kinds
            builds_in_row += 1
        elif deload:
            builds_in_row = 0
        if any(_longest_run(r.main) >= 20 for r in runs):
            weeks_with_20 += 1
        if any(_longest_run(r.main) >= FULL_RUN_MIN for r in runs):
            reached_full = True
        n_runs = runs_n
        after_deload = deload
        after_run_walk = not continuous
        prev_layout = layout


def _run_capacity(offsets: tuple[int, ...], want: int, run_walk: bool,
                  prev: schedule.Layout | None, after_run_walk: bool) -> int:
    """How many of the wanted runs the days can hold at all (before strength and mobility)."""
    for n in range(want, 0, -1):
        if schedule.place_week(offsets=offsets, runs=n, hard=0, strength=0, mobility=0,
                               run_walk=run_walk, prev=prev,
                               after_run_walk=after_run_walk) is not None:
            return n
    return 1


MIN_EXTRA_RUN = 10  # a run shorter than this is not worth its warm-up


def _fill_first(total: float) -> list[int]:
    """30-minute runs, then one shorter run with what is left (if it is worth a run)."""
    full, rest = divmod(int(total), FULL_RUN_MIN)
    shares = [FULL_RUN_MIN] * full
    if rest >= MIN_EXTRA_RUN or not shares:
        shares.append(rest)
    return shares


def _split(total: float, parts: int) -> list[int]:
    """Whole minutes, as even as possible, longest first."""
    whole = int(total)
    base, extra = divmod(whole, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


class _HardKind(NamedTuple):
    steps: tuple[tuple[int, int], ...]  # (reps, seconds) a week, rising by R16
    effort: Effort
    recovery: Effort
    recovery_s: int
    min_easy_min: int  # the easy running before the reps
    min_deload_reps: int


_HARD_KINDS: dict[str, _HardKind] = {
    "hills": _HardKind(HILL_STEPS, "hill", "walk", HILL_WALK_BACK_S, 10, 1),
    "intervals": _HardKind(INTERVAL_STEPS, "fast", "jog", INTERVAL_JOG_S, 5, 2),
}


def _hard_run(kind: str, step: int, share: int, deload: bool) -> _Run:
    """Easy running, then the reps; as long on its feet as ``share`` minutes (or the minimum)."""
    spec = _HARD_KINDS[kind]
    reps, seconds = spec.steps[step]
    if deload:  # R6: halve the hard work
        reps = max(spec.min_deload_reps, reps // 2)
    block_s = reps * (seconds + spec.recovery_s)
    easy_s = max(spec.min_easy_min * 60, share * 60 - block_s)
    main = (Block(1, (Segment("run", easy_s),)),
            Block(reps, (Segment(spec.effort, seconds), Segment(spec.recovery, spec.recovery_s))))
    return _Run(kind, main, step)  # type: ignore[arg-type]


def _run_min(main: tuple[Block, ...]) -> float:
    return sum(b.repeat * s.seconds for b in main for s in b.segments if s.running) / 60


def _longest_run(main: tuple[Block, ...]) -> float:
    longest = current = 0
    for block in main:
        for _ in range(block.repeat):
            for seg in block.segments:
                current = current + seg.seconds if seg.running else 0
                longest = max(longest, current)
    return longest / 60


def _reaches_most_days(week: _Week) -> bool:
    full = [r for r in week.runs if _on_feet(r.main) >= FULL_RUN_MIN - 0.5]
    return len(full) >= MOST_DAYS_RUNS


def _on_feet(main: tuple[Block, ...]) -> float:
    return sum(b.repeat * s.seconds for b in main for s in b.segments) / 60


def _first_most_days_week(weeks: Sequence[_Week]) -> int | None:
    return next((w.number for w in weeks if _reaches_most_days(w)), None)


# --------------------------------------------------------------------------- the sessions

WARMUP_EASY = 5
WARMUP_HARD = 10  # R13: a hard session has at least 10 minutes of warm-up
COOLDOWN = 5
R17_NOTES = (
    "Wear proper running shoes with support and cushioning, fitted at a running shop if you can.",
    "Stop if it hurts: pain is not part of the plan. Repeat a week whenever you need to; "
    "any week may be repeated.",
)


def _sessions(template: Template, plan_id: str, start: dt.date, weeks: Sequence[_Week],
              lifting: Sequence[strength.StrengthWeek], mobility_items: tuple[str, ...],
              first_notes: tuple[str, ...]) -> Iterator[Session]:
    first = True
    for week, lifts in zip(weeks, lifting, strict=True):
        week_start = start + dt.timedelta(days=7 * (week.number - 1))
        hard_runs = iter([r for r in week.runs if r.hard])
        easy_runs = iter([r for r in week.runs if not r.hard])
        index = 0
        for offset, slots in enumerate(week.layout):
            date = week_start + dt.timedelta(days=offset)
            for slot in slots:
                index += 1
                uid = f"{plan_id}-w{week.number:02d}-{index}@planforge"
                notes: list[str] = []
                if first:
                    notes.extend(R17_NOTES)
                    notes.extend(n.text for n in template.notes)
                    notes.extend(first_notes)
                    first = False
                if slot in ("hard", "run"):
                    run = next(hard_runs) if slot == "hard" else next(easy_runs)
                    yield _run_session(run, uid, date, week, notes)
                elif slot == "strength":
                    yield strength.strength_session(
                        template, lifts, uid, date, week_number=week.number,
                        deload=week.deload, notes=notes)
                else:
                    yield strength.mobility_session(
                        template, mobility_items, uid, date, week_number=week.number,
                        deload=week.deload, notes=notes)


def _run_session(run: _Run, uid: str, date: dt.date, week: _Week, notes: list[str]) -> Session:
    hard = run.hard
    warmup = WARMUP_HARD if hard else WARMUP_EASY
    total = warmup + _on_feet(run.main) + COOLDOWN
    if run.workout == "run-walk":
        block = run.main[0]
        runs_in = [s for s in block.segments if s.running]
        what = (f"Run/walk {block.repeat} x {_mins(runs_in[0].seconds / 60)} min"
                if block.repeat > 1 and len(runs_in) == 1 else
                f"Run/walk, {_mins(_run_min(run.main))} min running")
        notes.append("Run at a pace you could still talk at; walk briskly in the breaks.")
    elif run.workout == "easy":
        what = f"Easy run {_mins(_run_min(run.main))} min"
        notes.append("Easy, conversational pace the whole way.")
    elif run.workout == "hills":
        hill = run.main[1]
        what = f"Hill sprints {hill.repeat} x {hill.segments[0].seconds} s"
        notes.append("Find a steep hill. Sprint up hard but relaxed, walk all the way back "
                     "down; stop the set if your form breaks down.")
    else:
        block = run.main[1]
        what = f"Intervals {block.repeat} x {block.segments[0].seconds} s"
        notes.append("Fast reps at a hard effort you could hold for about a mile, not a "
                     "flat-out sprint; jog easily between them.")
    if week.deload:
        notes.append("Easier week: less running lets your body absorb the last three weeks.")
    return Session(
        uid=uid, date=date, week=week.number, kind="run", workout=run.workout, hard=hard,
        title=f"Week {week.number}: {what} ({_mins(total)} min)",
        warmup_min=warmup, cooldown_min=COOLDOWN, main=run.main, notes=tuple(notes),
        deload=week.deload,
    )


def _mins(minutes: float) -> str:
    return f"{minutes:g}" if minutes == int(minutes) else f"{minutes:.1f}".rstrip("0")


# ---------------------------------------------------------------------- what the plan says


def _plan_notes(template: Template) -> tuple[str, ...]:
    return (*R17_NOTES, *(note.text for note in template.notes))


def _left_out(weeks: Sequence[_Week], template: Template, days: tuple[int, ...]) -> tuple[str, ...]:
    lines = []
    day_names = ", ".join(WEEKDAYS[d] for d in days)
    affected = [w for w in weeks if w.shortfalls]
    if not affected:
        return ()
    for what, line in (
        ("run", "runs: your days ({days}) cannot safely hold as many runs as the plan asks "
                "(no back-to-back run/walk days, a full rest day each week), so weeks {weeks} "
                "have fewer runs; add days with --days"),
        ("hard", "hard sessions: weeks {weeks} have fewer hard sessions than the goal asks, "
                 "because hard days may not follow each other or a leg strength day"),
        ("strength", "strength: weeks {weeks} have fewer than {want} strength days (needs 48 h "
                     "between sessions for the same muscles)"),
        ("mobility", "mobility: weeks {weeks} have fewer mobility sessions than the goal's "
                     "{mob} a week"),
    ):
        hit = [w.number for w in affected if what in w.shortfalls]
        if hit:
            lines.append("Left out " + line.format(
                days=day_names, weeks=_ranges(hit), want=template.strength_days,
                mob=template.mobility_per_week))
    return tuple(lines)


def _ranges(numbers: Sequence[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def _summary(template: Template, level: Level, weeks: int, start: dt.date,
             days: tuple[int, ...], sessions: Sequence[Session], plan_weeks: Sequence[_Week],
             ahead: Sequence[_Week], continues: int) -> str:
    runs = sum(1 for s in sessions if s.kind == "run")
    strength = sum(1 for s in sessions if s.kind == "strength")
    mobility = sum(1 for s in sessions if s.kind == "mobility")
    end = start + dt.timedelta(days=7 * weeks - 1)
    counts = f"{runs} runs, {strength} strength" + (f", {mobility} mobility" if mobility else "")
    follow_on = (f" follow-on (weeks {continues + 1} to {continues + weeks} of the progression)"
                 if continues else "")
    lines = [
        f"{template.title}: {_a(weeks)} {weeks}-week{follow_on} plan for {LEVEL_WORDS[level]}, "
        f"{start.isoformat()} to {end.isoformat()}: {len(sessions)} workouts ({counts}).",
        _where_you_end(plan_weeks[-1]),
    ]
    reached = _first_most_days_week(plan_weeks)
    if reached is not None:
        lines.append(f"You reach 30 minutes of running on most days (4 or more runs a week) "
                     f"in week {reached}.")
    elif ahead and _reaches_most_days(ahead[-1]):
        more = ahead[-1].number - weeks
        lines.append(f"30 minutes of running on most days (4 or more runs a week) is not "
                     f"reachable safely in {weeks} weeks: it takes {more} more "
                     f"week{'s' if more != 1 else ''} (week {ahead[-1].number} of a longer "
                     f"plan).")
    else:
        most = max((len(w.runs) for w in [*plan_weeks, *ahead]), default=0)
        lines.append(f"With {len(days)} training day{'s' if len(days) != 1 else ''} a week "
                     f"this plan holds at most {most} run{'s' if most != 1 else ''} a week; "
                     f"30 minutes on most days needs 4 runs a week, so add days with --days.")
    first_hard = next((w for w in plan_weeks if any(r.hard for r in w.runs)), None)
    if first_hard is not None:
        lines.append(f"Hard work (hill sprints or intervals) starts in week {first_hard.number}.")
    else:
        later = next((w for w in ahead if any(r.hard for r in w.runs)), None)
        if template.hard:
            lines.append("No hard work yet: hill sprints and intervals come only after two weeks "
                         "of 20-minute continuous runs and a first 30-minute run"
                         + (f" (week {later.number} of a longer plan)." if later else "."))
    return " ".join(lines)


def _a(number: int) -> str:
    """The article before a number said aloud: an 8, an 11, an 18, a 12."""
    return "an" if str(number).startswith("8") or number in (11, 18) else "a"


def _where_you_end(week: _Week) -> str:
    runs = week.runs
    n = len(runs)
    times = f"{n} time{'s' if n != 1 else ''} a week"
    longest = max((_longest_run(r.main) for r in runs), default=0)
    if week.phase == "run-walk":
        total = max(_run_min(r.main) for r in runs)
        return (f"In week {week.number} you run {_mins(total)} minutes in total per session, "
                f"in stretches of up to {_mins(longest)} minutes with walks between, {times}.")
    easy = [r for r in runs if not r.hard]
    hard = len(runs) - len(easy)
    extra = f", {hard} of them with hill sprints or intervals" if hard else ""
    deload = " (an easier deload week)" if week.deload else ""
    return (f"By week {week.number}{deload} you run {_mins(longest)} minutes without stopping, "
            f"{times}{extra}.")


def replace_sessions(plan: Plan, sessions: Sequence[Session]) -> Plan:
    """A copy of ``plan`` with other sessions (for commands that move workouts)."""
    return replace(plan, sessions=tuple(sessions))
