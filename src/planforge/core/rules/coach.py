"""The coach-grade rules R18-R21 and R26-R29 of shared/design/training-rules.md, as checks.

R22 (strength while the base is built) is with the other strength rules in
:mod:`.strength`.

Registered in :func:`planforge.core.rules.check.check_plan` after R1-R17, so ``planforge check``
reports them with their ids and numbers. Words as the rules doc uses them: an easy run is a
run that is not hard; a session's total running (:attr:`Session.total_run_min`) counts every
minute of running or jogging, a hard session's jogged warm-up and cool-down included; the
continuous phase is every week after the last week with a run/walk session (a run/walk
week's sessions have walk breaks, so they are not yet easy runs of the continuous phase).

A follow-on plan (``planforge next``) starts part-way through its progression: the checks
that look back 28 days skip the days before its start, as R2 does.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Sequence

from ..engine.outcome import (
    MAINTENANCE_WEEKS,
    is_deload_week,
    maintenance_from,
    measure,
    outcome_sentence,
)
from ..limits import (
    EPS,
    HARD_RUN_RATIO,
    LONG_RUN_STEP_MIN,
    LONG_RUN_STEP_RATIO,
    STRENGTH_SETS_STEP,
    weekly_jump,
)
from ..model import Session
from ..wording import format_minutes, session_description
from .base import Check, Finding, _Facts

#: R20: the longest continuous run a level starts from
START_LONGEST = {"beginner": 0.0, "returning": 15.0, "runner": 30.0}


def _finding(rule: str, message: str, week: int | None = None,
             date: dt.date | None = None) -> Finding:
    return Finding(rule, "error", message, week, date)


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _window(f: _Facts, s: Session) -> list[Session] | None:
    """The runs of the 28 days before ``s``; None when they reach before a follow-on's start."""
    start = f.window_start(s.date)
    if f.plan.continues and start < f.plan.start:
        return None
    return [p for p in f.runs if start <= p.date < s.date]


def _early(f: _Facts, s: Session) -> bool:
    """True when the 28 days before ``s`` reach before the plan's start (not a follow-on)."""
    return not f.plan.continues and f.window_start(s.date) < f.plan.start


# ------------------------------------------------------------------------------ R18


_HARD_WORK = {"fast", "hill"}


def _r18_shape(s: Session) -> str | None:
    """What is wrong with a hard session's shape, or None."""
    blocks = list(s.main)
    while blocks and all(g.effort in ("stride", "walk", "jog") for g in blocks[0].segments) \
            and any(g.effort == "stride" for g in blocks[0].segments):
        blocks.pop(0)  # strides at the end of the warm-up
    if blocks and blocks[0].repeat == 1 and [g.effort for g in blocks[0].segments] == ["run"]:
        blocks.pop(0)  # an easy run before the reps
    if len(blocks) != 1:
        return "is not a warm-up, the reps with their recoveries and a cool-down"
    efforts = [g.effort for g in blocks[0].segments]
    if len(efforts) != 2 or efforts[0] not in _HARD_WORK or efforts[1] not in ("walk", "jog"):
        return "has no reps of fast running or hill sprints with recoveries"
    return None


def _r18(f: _Facts) -> Iterator[Finding]:
    for s in f.runs:
        if not s.hard:
            continue
        problem = _r18_shape(s)
        if problem:
            yield _finding("R18", f"hard session {problem}", s.week, s.date)
        if s.warmup_min and s.cooldown_min <= 0:
            yield _finding("R18", "hard session has no cool-down", s.week, s.date)
        window = _window(f, s)
        if window is not None:
            easy = [p.total_run_min for p in window if not p.hard]
            ref = max(easy, default=0.0)
            if _early(f, s):
                ref = max(ref, START_LONGEST.get(f.plan.level, 0.0))
            if ref and s.total_run_min > HARD_RUN_RATIO * ref + EPS:
                yield _finding("R18", f"hard session runs {_n(s.total_run_min)} min in all, "
                               f"{_n(s.total_run_min / ref)}x the longest easy run of the "
                               f"previous 28 days ({_n(ref)} min; limit 1.1)", s.week, s.date)
        text = session_description(s, plan=f.plan, max_chars=None)
        said = format_minutes(s.total_run_min)
        if f"{said} of it running" not in text:
            yield _finding("R18", f"the text does not state its total running ({said})",
                           s.week, s.date)


# ------------------------------------------------------------------------------ R19


def _easy(runs: Sequence[Session]) -> list[Session]:
    return [s for s in runs if not s.hard]


def _r19(f: _Facts) -> Iterator[Finding]:
    last_build_longest: float | None = None
    for w in f.weeks:
        easy = _easy(f.week_runs[w])
        if not f.continuous[w] or not easy:
            continue
        longest = max(s.run_min for s in easy)
        if w in f.reentry:  # after a week or more off the reference starts again (R31)
            last_build_longest = None
        for s in easy:
            if s.run_min < 15 - EPS or s.run_min < longest / 2 - EPS:
                yield _finding("R19", f"easy run of {_n(s.run_min)} min (at least 15 min and "
                               f"half the week's longest, {_n(longest)})", w, s.date)
        if f.deload[w]:
            continue
        if last_build_longest is not None and longest < last_build_longest - EPS:
            yield _finding("R19", f"longest easy run {_n(longest)} min falls below the last "
                           f"build week's {_n(last_build_longest)} min", w)
        last_build_longest = longest
    if f.plan.level == "runner" and not f.plan.continues and _easy(f.week_runs.get(1, [])):
        longest = max(s.run_min for s in _easy(f.week_runs[1]))
        if longest < 30 - EPS:
            yield _finding("R19", f"a runner's week 1 runs at most {_n(longest)} min "
                           "(a runner keeps runs of 30 min)", 1)


# ------------------------------------------------------------------------------ R20


def r20_limit(ref: float) -> float:
    """The longest continuous run allowed after ``ref`` minutes (NHS-sized steps)."""
    if ref < 8:
        return max(2 * ref, 4.0)
    if ref < 20:
        return 20.0
    return ref + 5


def _r20(f: _Facts) -> Iterator[Finding]:
    for s in f.runs:
        window = _window(f, s)
        if window is None:
            continue
        ref = max((p.longest_run_min for p in window), default=0.0)
        if _early(f, s):
            ref = max(ref, START_LONGEST.get(f.plan.level, 0.0))
        limit = r20_limit(ref)
        if s.longest_run_min > limit + EPS:
            yield _finding("R20", f"continuous run of {_n(s.longest_run_min)} min after "
                           f"{_n(ref)} min in the previous 28 days (limit {_n(limit)})",
                           s.week, s.date)


# ------------------------------------------------------------------------------ R21


def _pair_weeks(f: _Facts) -> set[int]:
    dates = {s.date for s in f.runs}
    return {s.week for s in f.runs if s.date - dt.timedelta(days=1) in dates}


def _r21(f: _Facts) -> Iterator[Finding]:
    pairs = _pair_weeks(f)
    # a follow-on plan cannot know whether the plan before it had back-to-back days
    first_pair = None if f.plan.continues else min(pairs, default=None)
    prev: int | None = None
    for w in f.weeks:
        if not f.by_week[w] or f.deload[w]:
            continue
        if w in f.reentry:  # a re-entry is held to R31, not to the week before the gap
            prev = None
        if prev is not None:
            added = _stressors(f, prev, w, first_pair)
            if len(added) > 1:
                yield _finding("R21", f"adds {len(added)} new stressors at once against week "
                               f"{prev} ({'; '.join(added)}; limit 1)", w)
        prev = w


def _stressors(f: _Facts, prev: int, w: int, first_pair: int | None) -> list[str]:
    runs_p, runs_w = f.week_runs[prev], f.week_runs[w]
    added = []
    if len(runs_w) > len(runs_p):
        added.append(f"{len(runs_w)} runs instead of {len(runs_p)}")
    hard_p = sum(1 for s in runs_p if s.hard)
    hard_w = sum(1 for s in runs_w if s.hard)
    if hard_w > hard_p:
        added.append(f"{hard_w} hard sessions instead of {hard_p}")
    if w == first_pair and w != f.weeks[0]:
        added.append("the first running days back to back")
    st_p, st_w = f.week_strength[prev], f.week_strength[w]
    if len(st_w) > len(st_p):
        added.append(f"{len(st_w)} strength sessions instead of {len(st_p)}")
    sets_p = sum(e.sets for s in st_p for e in s.exercises)
    sets_w = sum(e.sets for s in st_w for e in s.exercises)
    if sets_p and sets_w > STRENGTH_SETS_STEP * sets_p + EPS and len(st_w) <= len(st_p):
        added.append(f"{sets_w} strength sets instead of {sets_p}")
    if weekly_jump(f.running[w], f.running[prev]):
        added.append(f"{_n(f.running[w])} running minutes instead of {_n(f.running[prev])}")
    return added


# ------------------------------------------------------------------------------ R26


def _r26(f: _Facts) -> Iterator[Finding]:
    dates = sorted({s.date for s in f.runs})
    hard = {s.date: s for s in f.runs if s.hard}
    streak: list[dt.date] = []
    for d in dates:
        streak = [*streak, d] if streak and (d - streak[-1]).days == 1 else [d]
        s = next(r for r in f.runs if r.date == d)
        if len(streak) == 4:
            yield _finding("R26", f"4 running days in a row from {streak[0].isoformat()} "
                           "(at most 3)", s.week, d)
        if d in hard and len(streak) >= 3:
            yield _finding("R26", f"hard session on running day {len(streak)} in a row (it "
                           "follows a rest day or an easy day)", hard[d].week, d)


# ------------------------------------------------------------------------------ R27


def _r27(f: _Facts) -> Iterator[Finding]:
    prev: float | None = None
    prev_week = 0
    for w in f.weeks:
        easy = _easy(f.week_runs[w])
        if not f.continuous[w] or f.deload[w] or not easy:
            continue
        longest = max(s.run_min for s in easy)
        if w in f.reentry:
            prev = None
        if prev is not None and longest > 30 + EPS and longest > prev + EPS:
            limit = min(prev + LONG_RUN_STEP_MIN, LONG_RUN_STEP_RATIO * prev)
            if longest > limit + EPS:
                yield _finding("R27", f"long run grows from {_n(prev)} min (week {prev_week}) "
                               f"to {_n(longest)} min (limit {_n(limit)}: +5 min and 1.15x)", w)
        prev, prev_week = longest, w
    stretch = maintenance_from(f.plan)
    if stretch is not None and "maintenance" not in f.plan.summary.lower():
        yield _finding("R27", f"weeks {stretch[0]} to {stretch[1]} repeat the same running "
                       f"({MAINTENANCE_WEEKS} weeks or more) and the summary does not call "
                       "it maintenance")


# ------------------------------------------------------------------------------ R28


def _r28(f: _Facts) -> Iterator[Finding]:
    actual = measure(f.plan)
    stated = f.plan.outcome
    if actual is None:
        return
    if stated is not None:
        for name in ("week", "runs", "longest_run_min", "hard"):
            have, want = getattr(stated, name), getattr(actual, name)
            if abs(have - want) > 0.01:
                yield _finding("R28", f"outcome {name} is {_n(have)}; the sessions say "
                               f"{_n(want)}")
    if stated is not None and is_deload_week(f.plan, stated.week):
        yield _finding("R28", f"outcome week {stated.week} is a deload week")
    sentence = outcome_sentence(f.plan, actual).split(".")[0]
    if sentence not in f.plan.summary:
        yield _finding("R28", f"the summary does not say where the plan ends: {sentence!r}")
    if re.search(r"weeks \d+ to \d+ of the progression", f.plan.summary):
        yield _finding("R28", "the summary numbers weeks another way than the plan")


# ------------------------------------------------------------------------------ R29


_DOCTOR = re.compile(r"\b(doctor|GP)\b")
_PREGNANT = re.compile(r"pregnan", re.I)
_MISSED = re.compile(r"missed", re.I)


def _r29(f: _Facts) -> Iterator[Finding]:
    for w in f.weeks:
        if not f.deload[w]:
            continue
        for s in f.week_runs[w]:
            if s.hard:
                yield _finding("R29", "hard session in a deload week (drop it, or 4-6 "
                               "strides)", w, s.date)
            strides = sum(b.repeat for b in s.main for g in b.segments if g.effort == "stride")
            if strides and not 4 <= strides <= 6:
                yield _finding("R29", f"{strides} strides in a deload week (4-6)", w, s.date)
    for s in f.runs:
        for b in s.main:
            for a, c in itertools.pairwise(b.segments):
                if a.effort == "hill" and (c.effort != "walk" or c.seconds < 120):
                    yield _finding("R29", f"hill sprint recovery {c.effort} {c.seconds} s "
                                   "(a full walk back down, at least 2 min)", s.week, s.date)
                    break
    first = min(f.full.sessions, key=lambda s: (s.date, s.uid)).notes if f.full.sessions else ()
    text = " ".join((*f.plan.notes, *first))
    for pattern, need in ((_DOCTOR, "talk to a doctor (GP) first with a health condition"),
                          (_PREGNANT, "talk to a doctor when pregnant or after giving birth"),
                          (_MISSED, "what to do after missed sessions")):
        if not pattern.search(text):
            yield _finding("R29", f"the plan's notes do not say: {need}")


CHECKS: dict[str, Check] = {
    "R18": _r18, "R19": _r19, "R20": _r20, "R21": _r21, "R26": _r26, "R27": _r27,
    "R28": _r28, "R29": _r29,
}
