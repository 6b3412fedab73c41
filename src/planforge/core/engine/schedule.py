"""Placing one week's sessions on the days the user can train.

A week is seven days, counted from the plan's start date (offset 0 to 6). The previous week's
layout is passed in, so rules that cross the week boundary hold: no back-to-back run/walk
days (R9), no back-to-back hard days (R8), 48 hours between strength sessions for the same
muscles (R12), no leg strength the day before a hard run (R12), a full rest day in every 7
days (R10), at most 3 running days in a row with a hard day never the third of them (R26),
no strength on the long-run day or the day before it and an easy or rest day between the
long run and a hard session (R33).

Strength goes on a hard-run day (after the run) before an easy-run day, keeping easy days
easy. Two strength sessions on adjacent days are a split (R37): the first holds the upper
body and core (``upper``), the second the legs (``lower``), so no muscle group is loaded
twice within 48 hours.

The search is exhaustive over a small space (at most 35 x 10 x 35 choices) and memoised, so
plans that share a week shape share the work.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from itertools import combinations, islice, pairwise

from dateutil.rrule import WEEKLY, rrule

#: for each of the 7 days of a week, the sessions on it in order: "run", "long" (the week's
#: long run), "hard", "strength" (full body), "upper" and "lower" (the halves of a split),
#: "mobility", "walk"
Layout = tuple[tuple[str, ...], ...]
EMPTY_WEEK: Layout = ((),) * 7
MAX_RUN_STREAK = 3  # running days in a row (R26)
RUN_SLOTS = frozenset({"run", "long", "hard"})
STRENGTH_SLOTS = frozenset({"strength", "upper", "lower"})


def training_days(*, start: dt.date, weeks: int,
                  days: Iterable[int]) -> tuple[dict[int, dt.date], ...]:
    """The calendar of training days: for each plan week, its dates by offset (0-6) from the
    week's first day, for the weekdays in ``days`` (0 = Monday).

    A weekly recurrence, ``RRULE:FREQ=WEEKLY;BYDAY=...;WKST=<the start's weekday>`` from the
    start date (:func:`dateutil.rrule.rrule`). Every plan week holds each chosen weekday once,
    so the plan's training days are the first ``weeks x len(days)`` occurrences; taking exactly
    those (rather than ``until=``) also keeps rrule from stepping into the year 10000 after a
    plan that ends on 9999-12-30.
    """
    chosen = sorted(set(days))
    rule = rrule(WEEKLY, byweekday=chosen, wkst=start.weekday(),
                 dtstart=dt.datetime.combine(start, dt.time()))
    calendar: tuple[dict[int, dt.date], ...] = tuple({} for _ in range(weeks))
    for moment in islice(rule, weeks * len(chosen)):
        week, offset = divmod((moment.date() - start).days, 7)
        calendar[week][offset] = moment.date()
    return calendar


@functools.lru_cache(maxsize=8192)
def place_week(
    *,
    offsets: tuple[int, ...],
    runs: int,
    hard: int,
    strength: int,
    mobility: int,
    run_walk: bool,
    prev: Layout | None,
    after_run_walk: bool = False,
    pair: bool = False,
    long_run: bool = False,
    split: bool = False,
) -> Layout | None:
    """The best layout for the week, or None when the days cannot hold it safely.

    ``run_walk``: no runs on consecutive days (R9); ``after_run_walk``: the week before was
    run/walk, so this week's first run keeps a day's gap from its last. ``pair``: the runs
    include one pair of back-to-back days (a week that brings in the first such pair, R21).
    ``long_run``: one of the easy runs is the week's long run (R33), placed as late in the
    week as the rules allow. ``split``: two strength sessions may fall on adjacent days as
    an upper/lower split (R37).
    """
    before = prev if prev is not None else EMPTY_WEEK
    prev_runs = {d - 7 for d in _run_days(before)}
    prev_hard = {d - 7 for d in range(7) if "hard" in before[d]}
    prev_strength = tuple((d - 7, s) for d in range(7) for s in before[d] if s in STRENGTH_SLOTS)
    prev_long = {d - 7 for d in range(7) if "long" in before[d]}
    prev_active = prev_runs | {d for d, _ in prev_strength} if prev is not None else set()

    for run_days in sorted(combinations(offsets, runs), key=lambda c: _run_score(c, prev_runs)):
        if run_walk and not _apart(run_days, prev_runs, 2):
            continue
        # the first continuous week still keeps a day after the last run/walk session (R9)
        if after_run_walk and not _apart(run_days[:1], prev_runs, 2):
            continue
        if _longest_streak(run_days, prev_runs) > MAX_RUN_STREAK:
            continue
        if pair and not _pairs(run_days, prev_runs):
            continue
        for hard_days in sorted(combinations(run_days, hard), key=_spread_key):
            if not _apart(hard_days, prev_hard, 2):
                continue
            # a hard day follows a rest day or an easy day: never the 3rd running day in a row
            if any(h - 1 in {*run_days, *prev_runs} and h - 2 in {*run_days, *prev_runs}
                   for h in hard_days):
                continue
            # an easy or rest day between a long run (last week's too) and a hard day (R33)
            if any(abs(h - d) < 2 for h in hard_days for d in prev_long):
                continue
            easy_days = [d for d in run_days if d not in hard_days]
            longs: list[int | None] = [None]
            if long_run:  # the long run as late in the week as it may go
                longs = [d for d in reversed(easy_days)
                         if all(abs(h - d) >= 2 for h in (*hard_days, *prev_hard))
                         and all(s != d - 1 for s, _ in prev_strength)]
            # strength days the next week can repeat first, on any long-run day (R12)
            for repeatable in ((True, False) if long_run else (False,)):
                for long_day in longs:
                    layout = _strength_layout(
                        offsets, run_days, hard_days, long_day, strength, mobility, split,
                        prev_strength, prev_active, prev is not None, repeatable)
                    if layout is not None:
                        return layout
    return None


def _strength_layout(offsets: tuple[int, ...], run_days: tuple[int, ...],
                     hard_days: tuple[int, ...], long_day: int | None, strength: int,
                     mobility: int, split: bool, prev_strength: tuple[tuple[int, str], ...],
                     prev_active: set[int], has_prev: bool,
                     repeatable: bool = False) -> Layout | None:
    """The week with its strength (and mobility) placed, or None when nothing fits.
    ``repeatable``: only strength days 48 hours apart round the week, too."""
    # no strength on the long-run day or the day before it (R33)
    banned = set() if long_day is None else {long_day, long_day - 1}
    days = tuple(d for d in offsets if d not in banned)
    for strength_days in sorted(combinations(days, strength),
                                key=lambda c: _strength_score(c, run_days, hard_days)):
        if repeatable and strength > 1 and min(_cyclic_gaps(strength_days)) < 2:
            continue
        halves = _halves(strength_days, split)
        if halves is None or not _strength_apart(halves, prev_strength):
            continue
        # no leg strength the day before a hard run (R12), across the week boundary too
        if any(d + 1 in hard_days for d, half in (*halves, *prev_strength) if half != "upper"):
            continue
        active = set(run_days) | set(strength_days)
        if not _rest_day_in_every_7(active, prev_active, has_prev=has_prev):
            continue
        layout = _with_mobility(run_days, hard_days, long_day, halves, offsets, mobility)
        if layout is not None:
            return layout
    return None


def _halves(days: tuple[int, ...], split: bool) -> tuple[tuple[int, str], ...] | None:
    """Each strength day with what it holds: ``strength`` (full body); with ``split``, two
    days next to each other (the last day of the week and the first of the next count) hold
    ``upper`` on the first and ``lower`` on the second. None: days too close for that."""
    if split and len(days) == 2:
        a, b = days
        if b - a == 1:
            return ((a, "upper"), (b, "lower"))
        if a + 7 - b == 1:  # the pair wraps round the week: b, then the next week's a
            return ((a, "lower"), (b, "upper"))
    if any(b - a < 2 for a, b in pairwise(days)):
        return None
    return tuple((d, "strength") for d in days)


def _strength_apart(halves: tuple[tuple[int, str], ...],
                    prev: tuple[tuple[int, str], ...]) -> bool:
    """48 hours between strength sessions that load the same muscles (R12), the week before
    included: a full-body session shares muscles with every session, a half with itself."""
    every = sorted((*prev, *halves))
    for i, (a, half_a) in enumerate(every):
        for b, half_b in every[i + 1:]:
            if b - a >= 2:
                break
            if b == a or "strength" in (half_a, half_b) or half_a == half_b:
                return False
    return True


def with_walks(layout: Layout, offsets: tuple[int, ...]) -> Layout:
    """``layout`` with a brisk walk on each of the days (``offsets``) that holds no run: a
    week of one run still reaches the weekly activity a person needs (R30, R14)."""
    return tuple(
        (*slots, "walk") if d in offsets and not RUN_SLOTS.intersection(slots)
        else slots for d, slots in enumerate(layout))


def has_pair(layout: Layout, prev: Layout | None) -> bool:
    """True when the week has a running day right after another (the week before counts)."""
    # day by day: a running day right after one (the last day of the week before first)
    before = prev is not None and bool(RUN_SLOTS.intersection(prev[6]))
    for slots in layout:
        now = bool(RUN_SLOTS.intersection(slots))
        if now and before:
            return True
        before = now
    return False


def _run_days(layout: Layout) -> tuple[int, ...]:
    """The days (0-6) of the week that hold a run, the long run or a hard session."""
    return tuple(d for d, slots in enumerate(layout) if RUN_SLOTS.intersection(slots))


def _pairs(run_days: tuple[int, ...], prev_runs: set[int]) -> bool:
    days = {*run_days, *prev_runs}
    return any(d - 1 in days for d in run_days)


def _longest_streak(run_days: tuple[int, ...], prev_runs: set[int]) -> int:
    days = {*run_days, *prev_runs}
    longest = 0
    for d in run_days:
        n = 1
        while d - n in days:
            n += 1
        longest = max(longest, n)
    return longest


def _apart(days: Iterable[int], earlier: set[int], gap: int) -> bool:
    """True when all days (and the earlier ones they follow) are at least ``gap`` apart."""
    ordered = sorted({*earlier, *days})
    return all(b - a >= gap for a, b in pairwise(ordered))


def _cyclic_gaps(days: tuple[int, ...]) -> list[int]:
    if not days:
        return [7]
    ordered = sorted(days)
    return [b - a for a, b in pairwise(ordered)] + [
        ordered[0] + 7 - ordered[-1]
    ]


def _spread_key(days: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
    gaps = _cyclic_gaps(days)
    return (-min(gaps), max(gaps) - min(gaps), days)


def _run_score(days: tuple[int, ...], prev_runs: set[int]) -> tuple[int, int, int, tuple[int, ...]]:
    """Runs spread evenly over the week (also into the next), on the same days as last week."""
    gaps = _cyclic_gaps(days)
    same_as_before = len({d + 7 for d in prev_runs} & set(days))
    return (-min(gaps), max(gaps) - min(gaps), -same_as_before, days)


def _strength_score(days: tuple[int, ...], run_days: tuple[int, ...],
                    hard_days: tuple[int, ...]) -> tuple[int, int, int, int, tuple[int, ...]]:
    """Full-body days the next week can repeat first; then off the easy-run days (easy days
    stay easy), on the hard-run days (hard days hard), spread out."""
    gaps = _cyclic_gaps(days)
    cyclic_ok = 0 if min(gaps) >= 2 else 1  # next week can repeat this pattern
    on_easy_days = len(set(days) & (set(run_days) - set(hard_days)))
    on_hard_days = len(set(days) & set(hard_days))
    return (cyclic_ok, on_easy_days, -on_hard_days, -min(gaps), days)


def _rest_day_in_every_7(active: set[int], prev_active: set[int], *, has_prev: bool) -> bool:
    """Every 7-day window that ends in this week holds a day with no run and no strength."""
    all_active = active | prev_active
    first_end = 0 if has_prev else 6
    for end in range(first_end, 7):
        if all(d in all_active for d in range(end - 6, end + 1)):
            return False
    return True


def _with_mobility(run_days: tuple[int, ...], hard_days: tuple[int, ...], long_day: int | None,
                   halves: tuple[tuple[int, str], ...], offsets: tuple[int, ...],
                   mobility: int) -> Layout | None:
    days: list[list[str]] = [[] for _ in range(7)]
    for d in run_days:
        days[d].append("hard" if d in hard_days else "long" if d == long_day else "run")
    for d, half in halves:
        days[d].append(half)
    # Mobility (10 minutes of foam rolling and stretching) goes on the emptiest training
    # days, never on a hard day.
    free = sorted((d for d in offsets if d not in hard_days),
                  key=lambda d: (len(days[d]), bool(STRENGTH_SLOTS.intersection(days[d])), d))
    if len(free) < mobility:
        return None
    for d in sorted(free[:mobility]):
        days[d].append("mobility")
    return tuple(tuple(day) for day in days)


MAX_RUNS_A_WEEK = 5  # "most days" is 4-5 runs (R5)


def ladder_slots(offsets: tuple[int, ...]) -> int:
    """Run/walk sessions a week the days hold (no two on consecutive days, R9): at most 3."""
    return next((n for n in (3, 2) if _holds(offsets, n, run_walk=True)), 1)


def continuous_slots(offsets: tuple[int, ...]) -> int:
    """Runs a week the days hold week after week (a rest day, R10; R26), at most 5."""
    return next((n for n in range(min(MAX_RUNS_A_WEEK, len(offsets)), 1, -1)
                 if _holds(offsets, n, run_walk=False)), 1)


def _holds(offsets: tuple[int, ...], runs: int, *, run_walk: bool) -> bool:
    """Whether the days hold ``runs`` runs a week, this week and the next after it."""
    first = place_week(offsets=offsets, runs=runs, hard=0, strength=0, mobility=0,
                       run_walk=run_walk, prev=None)
    return first is not None and place_week(
        offsets=offsets, runs=runs, hard=0, strength=0, mobility=0, run_walk=run_walk,
        prev=first) is not None
