"""The weekly program: which runs, hard sessions and strength days each week holds, and where.

Week after week, forever (a plan takes as many as it asks for):

1. the run/walk ladder (NHS Couch to 5K; a returning runner from NHS week 5), its weeks
   repeated when the days hold fewer runs than the NHS week has (R20: no step skipped);
2. the continuous phase: every build week takes at most one step, the first of these that
   the days can hold (R21, one new stressor a week): a shorter run grows toward 30 minutes;
   a third strength day; an extra short easy run (the first pair of back-to-back running
   days comes as a week of its own); the first hard session; the weekly long run grows
   toward 60 minutes (R27); a second hard session. After 3 build weeks a deload week (R6)
   runs about 70 % and swaps hard work for strides (R29).

Rule ids refer to shared/design/training-rules.md.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, NamedTuple, cast

from ...goals.templates import Template, Variation
from ..limits import (
    DELOAD_SHARE,
    EPS,
    LONG_RUN_GAP_MIN,
    LONG_RUN_MAX,
    LONG_RUN_STEP_MIN,
    MIN_EASY_MIN,
    MIN_NEW_RUN_MIN,
    TIME_STEP_WARN,
    WEEKLY_STEP,
    weekly_jump,
)
from ..model import Level
from . import schedule, strength
from .runs import (
    COOLDOWN,
    FULL_RUN_MIN,
    NHS_WEEKS,
    RETURNING_WEEKS,
    STEPS,
    STRIDES,
    Main,
    Run,
    deload_lengths,
    easy,
    fitting_hard_run,
    ladder_weeks,
    longest_run,
    make_run,
    on_feet,
    with_strides,
)

MAX_BUILD_WEEKS = 3  # build weeks in a row before a deload (R6)
DELOAD_FRACTION = DELOAD_SHARE  # of the previous build week's running minutes (R6: 60-80 %)
MAX_RUNS = 5  # "most days" is 4-5 runs (R5)
RUN_WALK_STRENGTH = 2  # at most 2 strength sessions while there are run/walk sessions (R22)
ADDED_RUN_MIN = MIN_NEW_RUN_MIN  # an extra run starts at 20 minutes, no filler (R34)
GROWTH_MIN = 10  # a shorter run grows by at most this a week (R3: +10 min)
HARD_WEEKS_BEFORE_SECOND = 4  # R7: the first 4 weeks of hard work have 1 hard session
STRIDES_FROM_MIN = MIN_NEW_RUN_MIN + 4  # a run with strides keeps 20 minutes of easy running
#: where each level's longest continuous run is at the start (R20)
START_LONGEST = {"beginner": 0.0, "returning": 15.0, "runner": 30.0}


#: NHS weeks 4, 5 and 6: the jumps in running that take no strength change with them (R36)
NHS_JUMP_WEEKS = NHS_WEEKS[3:6]
EXTRA_RUN = "an extra run"
FIRST_HARD = "the first hard session"
FIRST_PAIR = "first back-to-back running days"


class Week(NamedTuple):
    number: int
    phase: str  # "run-walk" or "continuous"
    deload: bool
    runs: tuple[Run, ...]
    strength: int
    mobility: int
    layout: schedule.Layout
    shortfalls: tuple[str, ...]  # what the days could not hold this week
    step: str = ""  # what the week adds to the last build week (R21)
    #: a run/walk session comes this week or later in the ladder: the base is still being
    #: built, so strength stays short (R22) even in a ladder week of continuous runs
    base: bool = False
    #: what the program carries into the next week, as far as it shapes the weeks to come
    #: (None in the ladder, whose place is not in it): weeks with equal carries are followed
    #: by the same weeks but for their numbers and their strength, so a look-ahead that meets
    #: a carry again has seen all that can come
    carry: Hashable = None
    #: the week's strength: its exercises and what is new in them (the strength progression
    #: moves on week by week beside the runs, never shaping them)
    lifting: strength.StrengthWeek | None = None


class _Config(NamedTuple):
    easy: tuple[int, ...]  # easy run minutes, the long run first
    hard: tuple[str, ...]  # kinds of hard session
    strength: int
    pair: bool = False  # place the runs with one pair of back-to-back days


class _State:
    """What the program remembers from week to week."""

    def __init__(self, template: Template, level: Level, offsets: tuple[int, ...],
                 ladders: dict[str, tuple[Variation, ...]] | None = None) -> None:
        self.template = template
        self.offsets = offsets
        # R30: with one run/walk session a week, the days without a run get a brisk walk
        self.ladder_walks = schedule.ladder_slots(offsets) == 1
        # R37: days with no two 48 h apart hold two strength sessions as a split
        self.split = False
        self.cap = schedule.continuous_slots(offsets)  # the runs a week the days hold
        self.number = 0
        self.prev_layout: schedule.Layout | None = None
        self.after_run_walk = False
        self.builds_in_row = 0
        self.weeks_with_20 = 0
        self.reached_full = level == "runner"
        self.had_pair = False
        self.hard_started = 0
        self.hard_step = dict.fromkeys(STEPS, -1)
        self.after_deload = False
        self.last_build: _Config | None = None
        self.last_build_runs: tuple[Run, ...] = ()
        self.last_build_running = 0.0
        # (longest easy run, longest on feet) of each week so far, for the 28-day look-back
        self.history: list[tuple[float, float]] = []
        self.start_longest = START_LONGEST[level]
        self.strength_days = min(RUN_WALK_STRENGTH, template.strength_days)
        self.in_ladder = True  # the run/walk ladder (NHS weeks 1-9) is not done yet
        self.base = False  # a run/walk session comes this week or later (R22)
        self.nhs_jump = False  # the week holds NHS week 4, 5 or 6 (R36)
        # strength, week by week beside the runs (R36: its changes count as stressors)
        self.runner = level == "runner"
        self.run_blocked = False  # the last build week could not add the run it asked
        self.lifting = strength.Progression(
            template, level, ladders if ladders is not None else strength.rungs(template, None))
        self.last_build_time = 0.0  # the last build week's time, strength included (R36)
        # easy runs by minutes: every candidate week asks for them again, and a run is data
        self.easy_runs: dict[int, Run] = {}


def most_runs(template: Template, offsets: tuple[int, ...]) -> int:
    """The most runs a week of the program holds once running is continuous: a build week
    adds a run only up to the goal's runs a week and what the days hold (:func:`_candidates`);
    the ladder's weeks hold 3 at most, a runner's first week 3 at most."""
    return run_target(template, schedule.continuous_slots(offsets))


def run_target(template: Template, cap: int) -> int:
    """The runs a week a build week may grow to: the goal's, at most 5 (R5), at most
    ``cap``, the runs a week the days hold (:func:`.schedule.continuous_slots`)."""
    return min(template.target_runs, MAX_RUNS, cap)


def program(template: Template, level: Level, offsets: tuple[int, ...], *,
            split: bool = False,
            ladders: dict[str, tuple[Variation, ...]] | None = None,
            taper_at: int | None = None) -> Iterator[Week]:
    """Yield week after week, forever, each with its strength (``Week.lifting``).

    ``split``: the goal's exercises make an upper/lower split (R37), which days with no two
    48 hours apart then use. ``ladders``: each exercise's rungs for the user's equipment
    (:func:`.strength.rungs`; None: any equipment). ``taper_at``: the taper week of a race
    (R39, :func:`.race.taper_week`): it is a deload week of the last build week (lighter,
    no hard work, strides at most), and the program ends with it and one more like it. The
    week before it must be in the continuous phase (the caller, :mod:`.race`, refuses a race
    the progression cannot reach).
    """
    state = _State(template, level, offsets, ladders)
    state.split = split and len(offsets) >= 2 and not _two_apart(offsets)
    for week in _weeks(state, level):
        yield week
        if taper_at is not None and week.number == taper_at - 1:
            # the generator is paused right after the week before the taper: the state is
            # that week's, so the taper is a deload of the last build week (R6, R29); a race
            # early in its week has its taper the week before, and the race week after it
            # (cut to the race) is laid out as a deload too
            yield _deload_week(state)
            yield _deload_week(state)
            return


def _weeks(state: _State, level: Level) -> Iterator[Week]:
    offsets = state.offsets
    ladder: Sequence[tuple[Main, ...]] = ()
    if level == "beginner":
        ladder = NHS_WEEKS
    elif level == "returning":
        ladder = RETURNING_WEEKS
    slots = schedule.ladder_slots(offsets)
    ladder_plan = list(ladder_weeks(ladder, slots))
    last_run_walk = max((i for i, (_, mains) in enumerate(ladder_plan)
                         if any(_walks(m) for m in mains)), default=-1)
    begun: set[int] = set()
    for i, (n, mains) in enumerate(ladder_plan):
        state.base = i <= last_run_walk
        if state.builds_in_row >= MAX_BUILD_WEEKS:
            yield _deload_week(state)
        # the first calendar week of NHS week 4, 5 or 6 (a returning runner's first week is
        # NHS week 5 without its 20 minutes): the week its running jumps (R36)
        state.nhs_jump = n not in begun and (
            ladder[n] in NHS_JUMP_WEEKS or (ladder is RETURNING_WEEKS and n == 0))
        begun.add(n)
        yield _ladder_week(state, mains, short=len(mains) < len(ladder[n]))
        state.nhs_jump = False
    state.in_ladder = state.base = False
    if level == "runner":
        yield _runner_week(state)
    yield from _continuous(state)


def _runner_week(state: _State) -> Week:
    """A runner's first week: three 30-minute runs (fewer when the days hold fewer), two of
    them back to back when the goal asks 4 runs or more, so that week 2 can add a run and
    week 3 bring the first hard session, the first R7 allows (R21, R35); a first week has no
    week before it to add stressors to."""
    config = _Config((FULL_RUN_MIN,) * min(3, state.cap), (), state.strength_days)
    if min(state.template.target_runs, state.cap) > len(config.easy):
        placed = _try(state, config._replace(pair=True))
        if placed is not None:
            layout, runs, dropped = placed
            state.last_build = config
            return _finish(state, runs, layout, dropped, deload=False, phase="continuous",
                           step="")
    state.last_build = config
    return _place(state, config, "", first=True)


def _continuous(state: _State) -> Iterator[Week]:
    """The continuous phase, week after week, from the state alone.

    Once the state comes back to a carry it had (``Week.carry``), the weeks after repeat the
    weeks that followed it, over and over: they are finished again from those (the numbers,
    the strength step and the state move on as ever) instead of being searched for anew.
    """
    first: dict[Hashable, int] = {}
    weeks: list[Week] = []
    while True:
        week = _searched_week(state)
        yield week
        seen = first.setdefault(week.carry, len(weeks))
        weeks.append(week)
        if seen < len(weeks) - 1:
            break
    for again in itertools.cycle(weeks[seen + 1:]):
        yield _finish(state, again.runs, again.layout, again.shortfalls, deload=again.deload,
                      phase=again.phase, step=again.step)


def _searched_week(state: _State) -> Week:
    """The next week of the continuous phase: a deload after 3 build weeks, else a build."""
    if state.builds_in_row >= MAX_BUILD_WEEKS:
        return _deload_week(state)
    return _build_week(state)


# ------------------------------------------------------------------------------- ladder


def _ladder_week(state: _State, mains: tuple[Main, ...], *, short: bool) -> Week:
    runs = tuple(make_run("run-walk" if _walks(m) else "easy", m) for m in mains)
    run_walk = any(r.workout == "run-walk" for r in runs)
    config = _Config(tuple(round(r.running) for r in runs), (), state.strength_days)
    layout, shortfalls = _fit(state, runs, 0, config.strength, run_walk=run_walk)
    if state.ladder_walks:
        layout = schedule.with_walks(layout, state.offsets)
    shortfalls = (*(("run",) if short else ()), *shortfalls)
    running = sum(r.running for r in runs)
    jump = weekly_jump(running, state.last_build_running)
    week = _finish(state, runs, layout, shortfalls, deload=False,
                   phase="run-walk" if run_walk else "continuous",
                   step="more running" if jump else "")
    if run_walk:
        state.builds_in_row = 0
    return week


def _walks(main: Main) -> bool:
    """A main set with walk breaks (more time on feet than its longest run)."""
    return on_feet(main) > longest_run(main) + 1e-9


# --------------------------------------------------------------------------- continuous


def _build_week(state: _State) -> Week:
    last = state.last_build
    assert last is not None
    blocked = False  # an extra run would also bring the first back-to-back days (R21)
    too_much = False  # an extra run would add more than 30 % to the week's running (R21)
    too_long = False  # an extra run would add more than 15 % to the week's time (R36)
    # strength that has waited for a new variation or load gets a week with no running
    # stressor, which could not bring one (R36, R37); the goal's first hard session, its
    # signature work, comes first all the same (R35)
    strength_week = state.lifting.due()
    for step, config in _candidates(state, last):
        if strength_week and step and step != FIRST_HARD:
            continue
        placed = _try(state, config)
        if placed is None:
            continue
        layout, runs, dropped = placed
        new_pair = not state.had_pair and schedule.has_pair(layout, state.prev_layout)
        jump = weekly_jump(sum(r.running for r in runs), state.last_build_running)
        stress = _stressors(state, last, config) + (1 if new_pair else 0) + (1 if jump else 0)
        if stress > 1:
            blocked = blocked or (new_pair and step == EXTRA_RUN)
            too_much = too_much or (jump and step == EXTRA_RUN)
            continue
        if not time_ok(state, runs, layout):
            too_long = too_long or step == EXTRA_RUN
            continue
        if new_pair and not step:
            step = FIRST_PAIR
        blocked = blocked and step != FIRST_PAIR
        state.last_build = config
        state.run_blocked = blocked or too_much or too_long
        added = step == EXTRA_RUN
        missed = (*dropped, *("pair",) * blocked, *("jump",) * (too_much and not added),
                  *("time",) * (too_long and not added))
        return _finish(state, runs, layout, missed, deload=False, phase="continuous",
                       step=step)
    week = _place(state, last, "")
    state.run_blocked = blocked or too_much or too_long
    return week._replace(shortfalls=(*week.shortfalls, *("pair",) * blocked,
                                     *("jump",) * too_much, *("time",) * too_long))


def _candidates(state: _State, last: _Config) -> Iterator[tuple[str, _Config]]:
    """The steps a build week may take, in the order they are tried (the first the days
    hold with one new stressor wins):

    1. a shorter run grows toward 30 minutes (+10 at most, R3);
    2. the goal's first hard session (its signature work, R35) as soon as R7 allows, when an
       easy run can become it and leave the goal's easy runs (or the days hold no more);
    3. a third strength day (R22: after the first 30-minute run);
    4. an extra easy run of 20 minutes or half the long run (R34), up to the goal's easy
       runs (R35) and its runs a week; or the first back-to-back days it needs;
    5. the long run grows toward 60 minutes (R27), or, when a week of two easy runs cannot
       hold a long run with its strength around it (R33), both grow within 4 minutes;
    6. a second hard session, after 4 weeks of one (R7), on the same terms as the first.
    """
    t = state.template
    easy_runs = list(last.easy)
    n_runs = len(easy_runs) + len(last.hard)
    target = run_target(t, state.cap)
    easy_min, easy_max = t.easy_runs
    short = [m for m in easy_runs[1:] if m < FULL_RUN_MIN] or (
        [easy_runs[0]] if easy_runs and easy_runs[0] < FULL_RUN_MIN else [])
    sessions = n_runs + last.strength
    # an easy run (the shortest, a new one still growing included) may become a hard one
    # when the goal's easy runs stay, when no run can be added, or when the goal asks no more
    # easy runs (one is added back later)
    spare = (len(easy_runs) - 1 >= easy_min or n_runs >= target or len(easy_runs) >= easy_max
             or state.runner  # a runner's hard work comes as soon as R7 allows (R35)
             or state.run_blocked)  # a run more did not fit last week: it waits no longer
    hard_ok = (state.weeks_with_20 >= 2 and state.reached_full and bool(t.hard)
               and spare and len(easy_runs) >= 2
               and min(_to_hard(last, "").easy) >= FULL_RUN_MIN)
    if hard_ok and not last.hard and sessions >= 4:
        yield FIRST_HARD, _to_hard(last, t.hard[0])
        if last.strength > RUN_WALK_STRENGTH:
            # days that cannot hold the hard session beside a third strength day: the hard
            # session comes first (R35) and the third strength day waits (it is tried again
            # the week after)
            yield FIRST_HARD, _to_hard(last, t.hard[0])._replace(strength=RUN_WALK_STRENGTH)
    if short:  # a shorter run grows toward 30 minutes, +10 at most (R3)
        i = len(easy_runs) - 1 - easy_runs[::-1].index(min(short))
        grown = list(easy_runs)
        grown[i] = min(FULL_RUN_MIN, grown[i] + GROWTH_MIN)
        yield "", last._replace(easy=_ordered(grown))
    if state.reached_full and last.strength < t.strength_days:
        yield "a third strength day", last._replace(strength=last.strength + 1)
    if n_runs < target and len(easy_runs) < easy_max and not short:
        added = max(ADDED_RUN_MIN, math.ceil(easy_runs[0] / 2))  # R19: half the longest
        yield EXTRA_RUN, last._replace(easy=(*easy_runs, added))
        if not state.had_pair:
            yield FIRST_PAIR, last._replace(pair=True)
    # R27: once the runs are 30 minutes (an extra run, when the days hold one, comes first)
    if easy_runs and min(easy_runs) >= FULL_RUN_MIN and easy_runs[0] < LONG_RUN_MAX:
        long = easy_runs[0]
        grown_long = min(LONG_RUN_MAX, long + LONG_RUN_STEP_MIN, math.floor(long * WEEKLY_STEP))
        yield "", last._replace(easy=(grown_long, *easy_runs[1:]))
        if n_runs == 2 and len(easy_runs) == 2:  # two days' runs (tue, sat): no long run
            yield "", last._replace(easy=_together(easy_runs))
    if (len(last.hard) == 1 and state.number - state.hard_started >= HARD_WEEKS_BEFORE_SECOND
            and 0.25 * sessions >= 2 and hard_ok):
        yield "a second hard session", _to_hard(last, t.hard[1 % len(t.hard)])


def _together(easy_runs: Sequence[int]) -> tuple[int, ...]:
    """The easy runs grown one step without making a long run (R33): the shortest catches
    up with the longest, or, all within the gap, the longest grows by less than the gap."""
    runs = sorted(easy_runs, reverse=True)
    gap = LONG_RUN_GAP_MIN - 1
    if runs[0] - runs[-1] > 0:
        runs[-1] = min(runs[0], runs[-1] + GROWTH_MIN)
    else:
        runs[0] = min(LONG_RUN_MAX, runs[0] + gap, math.floor(runs[0] * WEEKLY_STEP))
    return _ordered(runs)


def _ordered(easy_runs: Sequence[int]) -> tuple[int, ...]:
    """The long run first, the rest longest first."""
    return tuple(sorted(easy_runs, reverse=True))


def _to_hard(config: _Config, kind: str) -> _Config:
    """One easy run (the shortest, never the long run) becomes a hard session."""
    easy_runs = list(config.easy)
    easy_runs.remove(min(easy_runs[1:]))
    return config._replace(easy=tuple(easy_runs), hard=(*config.hard, kind))


def _stressors(state: _State, last: _Config, config: _Config) -> int:
    """R21: what the config adds to the last build week, besides a first back-to-back pair."""
    n = 0
    if len(config.easy) + len(config.hard) > len(last.easy) + len(last.hard):
        n += 1
    if len(config.hard) > len(last.hard):
        n += 1
    if config.strength > last.strength:
        n += 1
    return n


def _longest_recent(state: _State) -> tuple[float, float]:
    """The longest easy run and the longest session on feet of the last three weeks: all
    inside the 28 days before any day of this week (R2, R18)."""
    recent = state.history[-3:]
    easy_ref = max((e for e, _ in recent), default=0.0)
    feet_ref = max((f for _, f in recent), default=0.0)
    if len(state.history) < 4:
        easy_ref = max(easy_ref, state.start_longest)
        feet_ref = max(feet_ref, state.start_longest)
    return easy_ref, feet_ref


def _runs_of(state: _State, config: _Config, *, advance: bool) -> tuple[Run, ...] | None:
    """The config's runs: hard sessions first (one step further each, R16), then easy runs."""
    longest_easy, longest_feet = _longest_recent(state)
    runs: list[Run] = []
    for kind in config.hard:
        step = min(state.hard_step[kind] + (1 if advance else 0), len(STEPS[kind]) - 1)
        hard = fitting_hard_run(kind, max(step, 0), longest_easy, longest_feet)
        if hard is None:
            return None
        runs.append(hard)
    # the long run last in the week, after the shorter runs
    easy_runs = [_easy(state, m) for m in (*config.easy[1:], *config.easy[:1])]
    if (not config.hard and state.reached_full and not state.in_ladder and state.number
            and easy_runs and easy_runs[0].running >= STRIDES_FROM_MIN):
        # a week without hard work once 30 minutes are done: 4 strides end its shortest run
        # (never the long run), in the same minutes (R35: a runner's quality from week 2)
        easy_runs[0] = _strides(state, round(easy_runs[0].running))
    runs.extend(easy_runs)
    return tuple(runs)


def _strides(state: _State, minutes: int) -> Run:
    """An easy run of ``minutes`` whose last 4 are strides, made once per program."""
    run = state.easy_runs.get(-minutes)
    if run is None:
        run = state.easy_runs[-minutes] = with_strides(minutes - STRIDES)
    return run


def _easy(state: _State, minutes: int) -> Run:
    """The easy run of ``minutes``, made once per program."""
    run = state.easy_runs.get(minutes)
    if run is None:
        run = state.easy_runs[minutes] = easy(minutes)
    return run


def _try(state: _State, config: _Config) -> tuple[schedule.Layout, tuple[Run, ...],
                                                  tuple[str, ...]] | None:
    """The config's runs and layout, or None when the days cannot hold them; mobility gives
    way first (the shortfall is said)."""
    runs = _runs_of(state, config, advance=True)
    if runs is None:
        return None
    wanted = state.template.mobility_per_week
    for mobility in range(wanted, -1, -1):
        layout = schedule.place_week(
            offsets=state.offsets, runs=len(runs), hard=len(config.hard),
            strength=config.strength, mobility=mobility, run_walk=False,
            prev=state.prev_layout, after_run_walk=state.after_run_walk, pair=config.pair,
            long_run=has_long_run(runs), split=state.split)
        if layout is not None:
            return layout, runs, ("mobility",) * (wanted - mobility)
    return None


def _place(state: _State, config: _Config, step: str, *, first: bool = False) -> Week:
    """The config as it stands (a week that adds nothing), less where the days cannot hold it."""
    runs = _runs_of(state, config, advance=True)
    if runs is None:  # the hard session does not fit: the week drops it
        config = config._replace(hard=())
        runs = _runs_of(state, config, advance=False) or ()
    layout, shortfalls = _fit(state, runs, len(config.hard), config.strength, run_walk=False)
    n_runs = sum(1 for day in layout for slot in day if slot in schedule.RUN_SLOTS)
    n_hard = sum(1 for day in layout for slot in day if slot == "hard")
    kept_hard = config.hard[:n_hard]
    if n_runs < len(runs) or n_hard < len(config.hard):
        config = _Config(config.easy[:max(n_runs - n_hard, 0)], kept_hard, config.strength)
        runs = _runs_of(state, config, advance=True) or ()
    if first:
        state.last_build = config
    return _finish(state, runs, layout, shortfalls, deload=False, phase="continuous",
                   step=step)


def _deload_week(state: _State) -> Week:
    """About 70 % of the last build week (R6); each hard session becomes an easy run with 4
    strides (R29) while the goal's easy runs a week allow it (R35), else it is dropped and
    the strides end the week's shortest easy run; every easy run stays at least 15 minutes
    and half the longest (R19)."""
    build = state.last_build_runs
    easy_build = [r.running for r in build if not r.hard]
    # a hard session becomes an easy run as long as the week's usual (not its long) run
    usual = sorted(easy_build, reverse=True)[1] if len(easy_build) > 1 else (
        easy_build[0] if easy_build else float(MIN_EASY_MIN))
    swapped = min(sum(r.hard for r in build),
                  max(state.template.easy_runs[1] - len(easy_build), 0))
    lengths = [max(MIN_EASY_MIN, math.floor(DELOAD_FRACTION * m))
               for m in (*(usual,) * swapped, *easy_build)] or [MIN_EASY_MIN]
    # strides on the swapped runs, or on the shortest run (the first: the long run is last)
    strides = [i < swapped for i in range(len(lengths))]
    if any(r.hard for r in build) and not swapped:
        strides[0] = True
    lengths, strides = deload_lengths(lengths, strides, state.last_build_running)
    runs = tuple(with_strides(m) if s else easy(m) for m, s in zip(lengths, strides, strict=True))
    assert state.last_build is not None
    strength = state.last_build.strength
    layout, shortfalls = _fit(state, runs, 0, strength, run_walk=False)
    n_runs = sum(1 for day in layout for slot in day if slot in schedule.RUN_SLOTS)
    runs = _kept(runs, n_runs)
    if state.in_ladder and state.ladder_walks:
        layout = schedule.with_walks(layout, state.offsets)
    return _finish(state, runs, layout, shortfalls, deload=True,
                   phase="continuous", step="")


# ---------------------------------------------------------------------------- placement


def has_long_run(runs: Sequence[Run]) -> bool:
    """Whether the week has a long run: an easy run at least 5 minutes longer (on feet) than
    each other easy run (R33; a week of one easy run has none)."""
    feet = sorted((r.on_feet for r in runs if not r.hard), reverse=True)
    return len(feet) >= 2 and feet[0] >= feet[1] + LONG_RUN_GAP_MIN - EPS


def _kept(runs: Sequence[Run], n: int) -> tuple[Run, ...]:
    """The ``n`` runs a week keeps when it has room for fewer: hard sessions first, then the
    longest easy runs, in their order."""
    ranked = sorted(range(len(runs)), key=lambda i: (not runs[i].hard, -runs[i].on_feet, i))
    keep = set(ranked[:n])
    return tuple(r for i, r in enumerate(runs) if i in keep)


def _fit(state: _State, runs: Sequence[Run], hard: int, strength: int, *,
         run_walk: bool) -> tuple[schedule.Layout, tuple[str, ...]]:
    """Place the week; ask for less until the days can hold it, saying what was dropped:
    mobility first, then (with all the mobility tried again) a third strength day, a hard
    session, a strength day the days cannot hold 48 hours apart, a run."""
    wanted = state.template.mobility_per_week
    shortfalls: list[str] = []
    n = len(runs)
    while True:
        long_run = has_long_run(_kept(runs, n))
        for mobility in range(wanted, -1, -1):
            layout = schedule.place_week(
                offsets=state.offsets, runs=n, hard=hard, strength=strength,
                mobility=mobility, run_walk=run_walk, prev=state.prev_layout,
                after_run_walk=state.after_run_walk, long_run=long_run, split=state.split)
            if layout is not None:
                return layout, (*shortfalls, *("mobility",) * (wanted - mobility))
        mobility = 0
        if strength > RUN_WALK_STRENGTH:
            strength -= 1
            shortfalls.append("strength")
        elif hard:
            hard -= 1
            shortfalls.append("hard")
        elif strength and not _two_apart(state.offsets) and schedule.place_week(
                offsets=state.offsets, runs=n, hard=hard, strength=strength - 1,
                mobility=mobility, run_walk=run_walk, prev=state.prev_layout,
                after_run_walk=state.after_run_walk, long_run=long_run,
                split=state.split) is not None:
            # days with no two 48 h apart hold fewer strength days anyway (R11 says so):
            # one goes before a run does
            strength -= 1
            shortfalls.append("strength")
        elif n > 1:
            n -= 1
            shortfalls.append("run")
        elif strength > 0:
            strength -= 1
            shortfalls.append("strength")
        else:  # pragma: no cover - one run on one day always fits
            raise AssertionError("no layout for a single run")


def _two_apart(offsets: tuple[int, ...]) -> bool:
    """True when two of the days are 48 hours apart both ways round the week (R11, R12)."""
    return any((b - a) % 7 >= 2 and (a - b) % 7 >= 2 for a in offsets for b in offsets)


def _finish(state: _State, runs: tuple[Run, ...], layout: schedule.Layout,
            shortfalls: tuple[str, ...], *, deload: bool, phase: str, step: str) -> Week:
    """Record the week in the state and return it."""
    state.number += 1
    n_strength = mobility = 0
    for day in layout:
        if day:
            n_strength += sum(slot in schedule.STRENGTH_SLOTS for slot in day)
            mobility += day.count("mobility")
    running = sum(r.running for r in runs)
    jump = weekly_jump(running, state.last_build_running)
    # R36: no new variation or load in a week that brings a running stressor or an NHS jump
    steady = bool(step) or jump or state.nhs_jump
    other = week_time(runs, layout, state.template.mobility_minutes)
    lifting = state.lifting.week(
        strength.WeekFacts(deload, state.base, steady),
        lambda week: _strength_fits(state, week, layout, other, deload))
    if not deload:
        state.last_build_time = other + _strength_time(lifting, layout)
    # one pass over the runs: the week's longest easy run, time on feet and continuous run
    easy_total = feet = longest = 0.0
    for run in runs:
        if run.hard:
            state.hard_step[run.kind] = run.hard_step
            if not state.hard_started:
                state.hard_started = state.number
        elif run.running > easy_total:  # an easy run's total running is its running
            easy_total = run.total_running
        if run.on_feet > feet:
            feet = run.on_feet
        if run.longest > longest:
            longest = run.longest
    state.history.append((easy_total, feet))
    if longest >= 20:
        state.weeks_with_20 += 1
    if longest >= FULL_RUN_MIN:
        state.reached_full = True
    if schedule.has_pair(layout, state.prev_layout):
        state.had_pair = True
    if phase == "continuous" and not deload:
        state.last_build_runs = runs
        state.last_build_running = running
        state.builds_in_row += 1
        state.last_build = _Config(
            tuple(sorted((round(r.running) for r in runs if not r.hard), reverse=True)),
            tuple(r.kind for r in runs if r.hard), n_strength)
    elif deload:
        state.builds_in_row = 0
    else:
        state.last_build_running = running
    state.after_deload = deload
    state.after_run_walk = phase == "run-walk"
    state.prev_layout = layout
    return Week(state.number, phase, deload, runs, n_strength, mobility, layout, shortfalls,
                step, base=state.base, carry=_carry(state), lifting=lifting)


WALK_MIN = 30  # a brisk walk (R30)
TIME_STEP = TIME_STEP_WARN  # R36: a build week's time rises at most this (the warning)


def week_time(runs: Sequence[Run], layout: schedule.Layout, mobility_minutes: int) -> float:
    """A week's training time besides strength: runs (warm-ups and cool-downs included),
    mobility and brisk walks."""
    runs_time = sum(r.warmup + r.on_feet + COOLDOWN for r in runs)
    slots = [slot for day in layout for slot in day]
    return runs_time + slots.count("mobility") * mobility_minutes + slots.count("walk") * WALK_MIN


def _strength_time(week: strength.StrengthWeek, layout: schedule.Layout) -> float:
    """The week's strength minutes: each full-body session, each half of a split."""
    total = 0.0
    for day in layout:
        for slot in day:
            if slot == "strength":
                total += week.minutes
            elif slot in ("upper", "lower"):
                total += strength.half_minutes(week, slot)
    return total


def _strength_fits(state: _State, week: strength.StrengthWeek, layout: schedule.Layout,
                   other: float, deload: bool) -> bool:
    """Whether a step of strength keeps the week within R22 (30 minutes a session while the
    base is built) and R36 (a build week's time rises at most 15 %)."""
    if state.base and (week.minutes > strength.BASE_MAX_MINUTES or any(
            strength.half_minutes(week, half) > strength.BASE_MAX_MINUTES
            for half in ("upper", "lower") if any(half in day for day in layout))):
        return False
    if deload or not state.last_build_time:
        return True
    return other + _strength_time(week, layout) <= TIME_STEP * state.last_build_time + EPS


def time_ok(state: _State, runs: Sequence[Run], layout: schedule.Layout) -> bool:
    """R36 for the runs a build week takes on: its time, with strength as it stands, rises
    at most 15 % against the last build week's (strength then takes a step only where the
    week still holds it, :func:`_strength_fits`)."""
    if not state.last_build_time:
        return True
    other = week_time(runs, layout, state.template.mobility_minutes)
    held = _strength_time(state.lifting.current(), layout)
    return other + held <= TIME_STEP * state.last_build_time + EPS


def _as_is(value: Any, state: _State) -> Hashable:
    return cast(Hashable, value)


#: how each part of the program's state enters ``Week.carry`` (what shapes the weeks to
#: come: their runs, layouts, steps and shortfalls), or, as None, why it does not. Counters
#: enter only as far as the program reads them: weeks with 20-minute runs up to the 2 it asks
#: for, weeks since the first hard session up to the 4 before a second one, the last 3 weeks
#: of history and whether there were 4. :func:`_carry` is derived from this table, and
#: tests/test_lookahead.py holds it to naming every attribute of :class:`_State`, so a new
#: one cannot be left out of the carry by oversight.
CARRY: dict[str, Callable[[Any, _State], Hashable] | None] = {
    "prev_layout": _as_is,
    "after_run_walk": _as_is,
    "after_deload": _as_is,
    "builds_in_row": _as_is,
    "weeks_with_20": lambda n, state: min(n, 2),
    "reached_full": _as_is,
    "had_pair": _as_is,
    "hard_started": lambda first, state: (
        first == 0, min(state.number - first, HARD_WEEKS_BEFORE_SECOND)),
    "hard_step": lambda steps, state: tuple(steps.values()),
    "last_build": _as_is,
    # all a deload reads of the last build week's runs
    "last_build_runs": lambda runs, state: tuple((r.running, r.hard) for r in runs),
    "last_build_running": _as_is,
    "history": lambda weeks, state: (tuple(weeks[-3:]), len(weeks) >= 4),
    # the same all through a program (its template, days, level and their consequences)
    "template": None, "offsets": None, "cap": None, "start_longest": None,
    "strength_days": None, "ladder_walks": None, "split": None, "runner": None,
    "run_blocked": _as_is,
    "number": None,  # enters only as the weeks since the first hard session (hard_started)
    "in_ladder": None,  # the ladder's own place is no part of the state: its weeks carry None
    "base": None, "nhs_jump": None,  # ladder weeks only, which carry None
    # the week's time (R36): the runs a week adds are weighed with strength as it stands,
    # and strength steps only where the week holds it
    "lifting": lambda lifting, state: lifting.key(), "last_build_time": _as_is,
    "easy_runs": None,  # runs already made, by minutes: data, the same for the same minutes
}


def _carry(state: _State) -> Hashable:
    """Everything of the state that shapes the weeks to come (``Week.carry``), as
    :data:`CARRY` says; None in the run/walk ladder."""
    if state.in_ladder:
        return None
    return tuple(how(getattr(state, name), state) for name, how in CARRY.items()
                 if how is not None)
