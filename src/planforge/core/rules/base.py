"""The training rules R1-R17 and START of shared/design/training-rules.md, and what every rule
module shares: :class:`Finding` and the plan's facts (:class:`_Facts`).

:mod:`planforge.core.rules.check` runs these with the coach-grade rules (:mod:`.coach`) and
the strength rules (:mod:`.strength`); those modules import this one, never the other
way round.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from ...goals.templates import Template, builtin_goals, load_goal
from ..engine.outcome import taper_of
from ..limits import (
    EPS,
    SPIKE_ERROR,
    SPIKE_WARN,
    WEEKLY_JUMP,
    WEEKLY_STEP,
    WEEKLY_STEP_MIN,
    weekly_jump,
)
from ..model import WEEKDAYS, Plan, Session

Severity = Literal["error", "warning"]
LEG_MUSCLES = frozenset({"glutes", "hamstrings", "quads", "adductors", "abductors", "calves"})
#: the longest continuous run a level may meet in week 1 ("never above what they can do")
START_LIMIT_MIN = {"beginner": 4.0, "returning": 15.0, "runner": 30.0}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    week: int | None = None
    date: dt.date | None = None

    def __str__(self) -> str:
        where = "plan"
        if self.week is not None:
            where = f"week {self.week}"
            if self.date is not None:
                where += f" {WEEKDAYS[self.date.weekday()].title()}"
        flag = "" if self.severity == "error" else " (warning)"
        return f"{where}: {self.rule} {self.message}{flag}"


def _n(x: float) -> str:
    """A number as a person writes it: 38, 1.5, 1.27."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _is_run_walk(s: Session) -> bool:
    return s.kind == "run" and not s.hard and s.walk_min > 0


def _hill_reps(s: Session) -> int:
    return sum(b.repeat * sum(1 for g in b.segments if g.effort == "hill") for b in s.main)


def _interval_work_s(s: Session) -> int:
    return sum(b.repeat * sum(g.seconds for g in b.segments if g.effort == "fast")
               for b in s.main)


#: the ``plan.extra`` key naming the weeks laid again later (:mod:`..replan.relay`)
EXTRA_RELAID = "relaid_weeks"
#: days without a run after which a plan takes the user back in (R31): the week of the first
#: run after them is a re-entry, and the counts of R6, R19, R21 and R27 start again there
REENTRY_DAYS = 7


class _Facts:
    """What the checks need, computed once.

    A plan with a record (``planforge missed``, ``done``) is checked as lived day by day and
    as planned week by week: the rules of days and of the 28 days before a workout see only
    the workouts not missed (``sessions``, ``runs``; ``plan`` holds them), while the weekly
    targets and comparisons see each week as it was planned (``by_week`` and the weekly
    sums count its missed workouts too), so a week cut short by life is not a week the plan
    made lighter. ``full`` is the plan as given. A week whose first run comes after 7 days or
    more without one is a re-entry (``reentry``): R31 governs it, and the counts of R6, R19,
    R21 and R27 start again there. The 28 days before a workout (R2, R18, R20) reach back
    past a week or more off with missed workouts (``window_start``): what the user had built
    before the gap is the reference, and R31 is what steps it back.
    """

    def __init__(self, plan: Plan, template: Template | None = None) -> None:
        self.given_template = template
        self.full = plan
        if any(s.missed for s in plan.sessions):
            plan = replace(plan, sessions=tuple(s for s in plan.sessions if not s.missed))
        self.plan = plan
        self.sessions = sorted(plan.sessions, key=lambda s: (s.date, s.uid))
        self.runs = [s for s in self.sessions if s.kind == "run"]
        self.by_week: dict[int, list[Session]] = defaultdict(list)
        for s in sorted(self.full.sessions, key=lambda s: (s.date, s.uid)):
            self.by_week[s.week].append(s)
        every = list(range(1, plan.weeks + 1))
        self.weeks = every
        self.week_runs = {w: [s for s in self.by_week[w] if s.kind == "run"] for w in self.weeks}
        self.week_strength = {w: [s for s in self.by_week[w] if s.kind == "strength"]
                              for w in self.weeks}
        self.deload = {w: any(s.deload for s in self.by_week[w]) for w in self.weeks}
        #: the taper weeks of a race (R39): cut short at the race, judged by R39, not by
        #: the weekly targets of a whole week (R6, R11, R14)
        self.taper = taper_of(plan)
        self.run_walk = {w: any(_is_run_walk(s) for s in self.week_runs[w]) for w in self.weeks}
        # the continuous phase starts after the last run/walk week
        last_rw = max((w for w in self.weeks if self.run_walk[w]), default=0)
        self.continuous = {w: w > last_rw and bool(self.week_runs[w]) for w in self.weeks}
        self.running = {w: sum(s.run_min for s in self.week_runs[w]) for w in self.weeks}
        self.on_feet = {w: sum(s.on_feet_min for s in self.week_runs[w]) for w in self.weeks}
        gaps = [(a, b) for a, b in itertools.pairwise(self.runs)
                if (b.date - a.date).days - 1 >= REENTRY_DAYS and b.week != a.week]
        self.reentry = {b.week for _, b in gaps}
        missed = [s.date for s in self.full.sessions if s.missed]
        recorded = [(a, b) for a, b in gaps if any(a.date < d < b.date for d in missed)]
        if self.runs and (self.runs[0].date - plan.start).days >= REENTRY_DAYS and any(
                d < self.runs[0].date for d in missed):
            # missed from the plan's first day: the first run is a week back too
            start = Session(uid="", date=plan.start - dt.timedelta(days=1), week=1,
                            kind="run", workout="easy", hard=False, title="")
            recorded.insert(0, (start, self.runs[0]))
            self.reentry.add(self.runs[0].week)
        #: (first day off, last day off) of each week or more off with missed workouts, and
        #: the last day missed in each
        self.gaps = [(a.date + dt.timedelta(days=1), b.date - dt.timedelta(days=1))
                     for a, b in recorded]
        self.gap_ends = [max(d for d in missed if a.date < d < b.date) for a, b in recorded]
        #: weeks holding a missed workout (a target date moves one week for each, R24)
        self.missed_weeks = {s.week for s in self.full.sessions if s.missed}
        # a week laid again after missed days (planforge missed, done) is left where it was
        # cut: what it still held is counted where it was laid again, so the weekly rules
        # pass by what stays of it (plan.extra "relaid_weeks" names them)
        relaid = dict(plan.extra).get(EXTRA_RELAID, "")
        self.abandoned = {int(w) for w in relaid.split(",") if w.strip().isdigit()}
        self.weeks = [w for w in every if w not in self.abandoned]

    def gaps_before(self, date: dt.date) -> int:
        """How many weeks or more off with missed workouts have their last missed day
        before ``date``."""
        return sum(1 for last in self.gap_ends if last < date)

    @cached_property
    def template(self) -> Template | None:
        """The built-in template the plan was made from, read once for every check that
        asks; None for a template of the user's own or a goal planforge does not ship."""
        if "template" in dict(self.plan.extra) or self.plan.goal not in builtin_goals():
            return None
        given = self.given_template
        if given is not None and given.name == self.plan.goal:
            return given  # the caller has it read already (batch: once a club)
        return load_goal(self.plan.goal)

    def window_start(self, date: dt.date, days: int = 28) -> dt.date:
        """The first day of the ``days`` days before ``date``, reaching back past the days
        off of each gap with missed workouts inside them."""
        start = date - dt.timedelta(days=days)
        for first, last in reversed(self.gaps):
            if first < date and last >= start:
                start -= dt.timedelta(days=(min(last, date) - max(first, start)).days + 1)
        return start

    def first_date(self, week: int) -> dt.date:
        return self.plan.start + dt.timedelta(days=7 * (week - 1))


# ------------------------------------------------------------------------------ the checks


def _r1(f: _Facts) -> Iterator[Finding]:
    for s in f.runs:
        if _is_run_walk(s) and s.on_feet_min > 30:
            sev: Severity = "error" if s.on_feet_min > 35 else "warning"
            yield Finding("R1", sev, f"run/walk session is {_n(s.on_feet_min)} min on feet "
                          f"(limit 30, hard cap 35)", s.week, s.date)
    # each week against the one before it, a week with missed workouts left out
    for before, w in itertools.pairwise(f.weeks):
        prev = f.on_feet[before]
        if (f.run_walk[w] and f.run_walk[before] and prev
                and f.on_feet[w] > 1.20 * prev + 1e-9):
            yield Finding("R1", "error", f"weekly on-feet time {_n(f.on_feet[w])} min is "
                          f"{_n(f.on_feet[w] / prev)}x the week before (limit 1.2)", w)


def _r2(f: _Facts) -> Iterator[Finding]:
    dates = [s.date for s in f.runs]  # in order: the runs of a window are a slice
    for s in f.runs:
        start = f.window_start(s.date)
        if f.plan.continues and start < f.plan.start:
            continue  # a follow-on plan: part of the 28 days is in the plan before it
        window = [p.on_feet_min
                  for p in f.runs[bisect_left(dates, start):bisect_left(dates, s.date)]]
        if not window or not max(window):
            continue
        ratio = s.on_feet_min / max(window)
        if ratio > SPIKE_WARN + EPS:
            sev: Severity = "error" if ratio > SPIKE_ERROR + EPS else "warning"
            yield Finding("R2", sev, f"run {_n(s.on_feet_min)} min is {_n(ratio)}x the longest "
                          f"of the previous 28 days (limit {_n(SPIKE_ERROR)})", s.week, s.date)


def _r3(f: _Facts) -> Iterator[Finding]:
    last_build: int | None = None
    for w in f.weeks:
        if not f.continuous[w]:
            last_build = None
            continue
        if last_build is not None and f.running[last_build]:
            base = f.running[last_build]
            limit = max(WEEKLY_STEP * base, base + WEEKLY_STEP_MIN)
            ratio = f.running[w] / base
            if weekly_jump(f.running[w], base):
                yield Finding("R3", "error", f"weekly running {_n(f.running[w])} min is a "
                              f"{_n(ratio)}x jump on week {last_build} (error above "
                              f"{_n(WEEKLY_JUMP)})", w)
            elif f.running[w] > limit + EPS:
                yield Finding("R3", "warning", f"weekly running {_n(f.running[w])} min is more "
                              f"than {_n(limit)} (1.1x or +10 min on week {last_build})", w)
        if not f.deload[w]:
            last_build = w


def _r4(f: _Facts) -> Iterator[Finding]:
    if f.plan.level != "beginner" or f.plan.continues:
        return
    for s in f.runs:
        if s.longest_run_min >= 30:
            if s.week < 8:
                yield Finding("R4", "error", f"first 30-min continuous run in week {s.week}; a "
                              "beginner's comes no earlier than week 8", s.week, s.date)
            return


def _r5(f: _Facts) -> Iterator[Finding]:
    for w in f.weeks:
        if len(f.week_runs[w]) > 5:
            yield Finding("R5", "error", f"{len(f.week_runs[w])} runs in the week (most days "
                          "means 4-5 runs)", w)


def _r6(f: _Facts) -> Iterator[Finding]:
    in_row = 0
    last_build: int | None = None
    for w in range(1, f.plan.weeks + 1):
        if not f.continuous[w] or w in f.taper:
            continue
        if w in f.reentry:  # the count starts again after a week or more off (R31)
            in_row, last_build = 0, None
        if w in f.abandoned:  # counted where it was laid again; a deload begun was rest
            if f.deload[w]:
                in_row = 0
            continue
        if not f.deload[w]:
            in_row += 1
            if in_row > 3:
                yield Finding("R6", "error", f"build week {in_row} in a row; a deload week "
                              "must follow 3 build weeks", w)
            last_build = w
            continue
        in_row = 0
        if last_build is None or not f.running[last_build]:
            continue
        share = f.running[w] / f.running[last_build]
        if not 0.60 - 1e-9 <= share <= 0.80 + 1e-9:
            yield Finding("R6", "error", f"deload week runs {_n(f.running[w])} min, "
                          f"{_n(share * 100)} % of week {last_build} (must be 60-80 %)", w)
        for name, measure in (("hill sprint reps", _hill_reps),
                              ("interval work seconds", _interval_work_s)):
            before = sum(measure(s) for s in f.week_runs[last_build])
            now = sum(measure(s) for s in f.week_runs[w])
            if now and now > before / 2 + 0.5:
                yield Finding("R6", "error", f"deload week keeps {now} {name} of {before} "
                              "(drop or halve hard work)", w)
        before_sets = {e.exercise: e.sets for s in f.week_strength[last_build]
                       for e in s.exercises}
        for s in f.week_strength[w]:
            for e in s.exercises:
                had = before_sets.get(e.exercise)
                if had is not None and had > 1 and e.sets > had - 1:
                    yield Finding("R6", "error", f"deload week keeps {e.sets} sets of "
                                  f"{e.name} (drop one set)", w, s.date)


def _r7(f: _Facts) -> Iterator[Finding]:
    # a follow-on plan ("next") comes after weeks of the same progression; they are not in
    # the file, so each is taken to have held a 20-minute run (the engine checks them itself)
    weeks_with_20 = min(f.plan.continues, 2)
    first_hard: int | None = None
    # a week counts with the 20-minute runs it lived, a week left with missed workouts too
    lived_20 = {s.week for s in f.runs if s.longest_run_min >= 20}
    for w in range(1, f.plan.weeks + 1):
        if w not in f.weeks:
            weeks_with_20 += w in lived_20
            continue
        hard = [s for s in f.week_runs[w] if s.hard]
        if hard:
            if weeks_with_20 < 2:
                yield Finding("R7", "error", "hard session before two weeks with a 20-min "
                              f"continuous run ({weeks_with_20} so far)", w, hard[0].date)
            first_hard = first_hard or w
            limit = 1 if w - first_hard < 4 and not f.plan.continues else 2
            if len(hard) > limit:
                yield Finding("R7", "error", f"{len(hard)} hard sessions in week "
                              f"{w - first_hard + 1} of hard work (limit {limit})", w)
        if w in lived_20:
            weeks_with_20 += 1


def _r8(f: _Facts) -> Iterator[Finding]:
    hard = [s for s in f.runs if s.hard]
    for a, b in itertools.pairwise(hard):
        if (b.date - a.date).days < 2:
            yield Finding("R8", "error", f"hard sessions on {a.date.isoformat()} and "
                          f"{b.date.isoformat()} are on consecutive days", b.week, b.date)
    for w in f.weeks:
        n_hard = sum(1 for s in f.week_runs[w] if s.hard)
        total = len(f.week_runs[w]) + len(f.week_strength[w])
        if n_hard and n_hard > 0.25 * total + 1e-9:
            yield Finding("R8", "error", f"{n_hard} hard of {total} sessions is "
                          f"{_n(100 * n_hard / total)} % (limit 25 %)", w)


def _r9(f: _Facts) -> Iterator[Finding]:
    for a, b in zip(f.runs, f.runs[1:], strict=False):
        if (b.date - a.date).days < 2 and (f.run_walk[a.week] or f.run_walk[b.week]):
            yield Finding("R9", "error", f"runs on {a.date.isoformat()} and "
                          f"{b.date.isoformat()} in the run/walk phase are on consecutive days",
                          b.week, b.date)


def _r10(f: _Facts) -> Iterator[Finding]:
    busy = {s.date for s in f.sessions if s.kind in ("run", "strength")}
    days = 7 * f.plan.weeks
    for first in range(days - 6):
        window = [f.plan.start + dt.timedelta(days=first + i) for i in range(7)]
        if all(d in busy for d in window):
            week = first // 7 + 1
            yield Finding("R10", "error", f"no full rest day from {window[0].isoformat()} to "
                          f"{window[-1].isoformat()}", week, window[-1])
            return


def _r11(f: _Facts) -> Iterator[Finding]:
    days = f.plan.days
    fits_two = any((b - a) % 7 >= 2 and (a - b) % 7 >= 2 for a in days for b in days)
    for w in f.weeks:
        n = len(f.week_strength[w])
        # a week with no workouts at all is a week off; the race week is R39's
        if n < 2 and f.by_week[w] and w not in f.taper:
            sev: Severity = "error" if fits_two else "warning"
            yield Finding("R11", sev, f"{n} strength session{'s' if n != 1 else ''} "
                          "(at least 2 a week)", w)
    for s in f.week_strength.get(1, []) if not f.plan.continues else []:
        for e in s.exercises:
            if e.load != "bodyweight":
                yield Finding("R11", "error", f"{e.name} uses {e.load} in week 1 "
                              "(bodyweight first)", 1, s.date)


def _r12(f: _Facts) -> Iterator[Finding]:
    strength = [s for s in f.sessions if s.kind == "strength"]
    for i, a in enumerate(strength):
        muscles_a = {m for e in a.exercises for m in e.muscles}
        for b in strength[i + 1:]:
            gap = (b.date - a.date).days
            if gap >= 2:
                break
            shared = muscles_a & {m for e in b.exercises for m in e.muscles}
            if shared:
                yield Finding("R12", "error", f"strength on {a.date.isoformat()} and "
                              f"{b.date.isoformat()} both load {', '.join(sorted(shared))} "
                              "(needs 48 h)", b.week, b.date)
    hard_dates = {s.date for s in f.runs if s.hard}
    for s in strength:
        legs = {m for e in s.exercises for m in e.muscles} & LEG_MUSCLES
        if legs and s.date + dt.timedelta(days=1) in hard_dates:
            yield Finding("R12", "warning", "leg strength the day before a hard run",
                          s.week, s.date)


def _r13(f: _Facts) -> Iterator[Finding]:
    for s in f.runs:
        need = 10 if s.hard else 5
        if s.warmup_min < need:
            yield Finding("R13", "error", f"warm-up {_n(s.warmup_min)} min (at least {need}"
                          f"{' for a hard session' if s.hard else ''})", s.week, s.date)
        if s.cooldown_min < 5:
            yield Finding("R13", "error", f"cool-down {_n(s.cooldown_min)} min (at least 5)",
                          s.week, s.date)


def _r14(f: _Facts) -> Iterator[Finding]:
    for w in f.weeks:
        if w < 6 or not f.by_week[w] or w in f.taper:  # not in a week off
            continue
        moderate = sum(2 * s.run_min + s.walk_min + s.warmup_min + s.cooldown_min
                       for s in f.week_runs[w])
        moderate += sum(s.minutes for s in f.by_week[w] if s.kind == "walk")  # brisk walks
        if moderate < 150 - 1e-9:
            yield Finding("R14", "warning", f"{_n(moderate)} moderate-equivalent minutes "
                          "(WHO: at least 150 a week)", w)


def _r15(f: _Facts) -> Iterator[Finding]:
    last: dict[str, tuple[Session, int]] = {}
    crossed = 0
    for s in f.sessions:
        gaps = f.gaps_before(s.date)
        if gaps != crossed:  # strength starts again after a week or more off (R31)
            last, crossed = {}, gaps
        for i, e in enumerate(s.exercises):
            low, high = e.rep_range
            if not low <= e.reps <= high:
                yield Finding("R15", "error", f"{e.name} {e.reps} reps is outside its range "
                              f"{low}-{high}", s.week, s.date)
            if e.exercise in last:
                prev_session, j = last[e.exercise]
                p = prev_session.exercises[j]
                changed = []
                if e.name != p.name:
                    changed.append("variation")
                    if p.reps < p.rep_range[1]:
                        yield Finding("R15", "error", f"{e.name} follows {p.name} at {p.reps} "
                                      f"reps, below the top of its range ({p.rep_range[1]})",
                                      s.week, s.date)
                elif e.reps > p.reps:
                    changed.append("reps")
                if e.sets > p.sets:
                    changed.append("sets")
                if len(changed) > 1:
                    yield Finding("R15", "error", f"{e.name} changes {' and '.join(changed)} at "
                                  "once (one variable at a time)", s.week, s.date)
            last[e.exercise] = (s, i)


def _r16(f: _Facts) -> Iterator[Finding]:
    def hill_limit(before: int) -> float:
        return before + 2
    def interval_limit(before: int) -> float:
        return 1.20 * before
    for name, measure, allowed in (
        ("hill sprint reps", _hill_reps, hill_limit),
        ("interval work", _interval_work_s, interval_limit),
    ):
        before: int | None = None
        for w in f.weeks:
            now = sum(measure(s) for s in f.week_runs[w])
            if not now:
                continue
            if before is None:
                if measure is _hill_reps and now > 2 and not f.plan.continues:
                    yield Finding("R16", "error", f"first hill session has {now} sprints "
                                  "(start with 2)", w)
            elif now > allowed(before) + 1e-9:
                unit = "" if measure is _hill_reps else " s"
                yield Finding("R16", "error", f"{name} {now}{unit} rises too fast from "
                              f"{before}{unit} (limit {_n(allowed(before))}{unit})", w)
            if not f.deload[w]:
                before = now


_NEGATION = re.compile(r"\b(not|no|never|won't|cannot|can't|doesn't|isn't|myth)\b|n't\b", re.I)
_CLAIMS = (
    (re.compile(r"spot[- ]reduc|burn fat from (your|the|one)|target(ed)? fat", re.I),
     "spot reduction"),
    (re.compile(r"tighten\w*\b.*\bskin|skin\b.*\btighten", re.I), "running tightening skin"),
)


def _r17(f: _Facts) -> Iterator[Finding]:
    # the plan's first workout carries its notes, missed or not
    first = min(f.full.sessions, key=lambda s: (s.date, s.uid), default=None)
    if first is not None:
        text = " ".join(first.notes).lower()
        for need, words in (("proper running shoes", ("shoe",)),
                            ("stop if it hurts", ("hurt", "pain")),
                            ("repeat a week if needed", ("repeat",))):
            if not any(word in text for word in words):
                yield Finding("R17", "error", f"week 1's first workout does not say: {need}",
                              first.week, first.date)
    texts = [f.plan.summary, *f.plan.notes]
    for s in f.sessions:
        texts.extend((s.title, *s.notes, *(e.cue for e in s.exercises)))
    # the same notes and cues come with many workouts: each text, and each sentence, is
    # read once
    seen: set[str] = set()
    for text in dict.fromkeys(texts):
        for sentence in re.split(r"(?<=[.!?;:])\s+", text):
            if sentence in seen:
                continue
            seen.add(sentence)
            for pattern, claim in _CLAIMS:
                if pattern.search(sentence) and not _NEGATION.search(sentence):
                    yield Finding("R17", "error", f"claims {claim}: {sentence!r}")
                    break


def _start(f: _Facts) -> Iterator[Finding]:
    limit = START_LIMIT_MIN.get(f.plan.level)
    if limit is None or f.plan.continues:
        return
    for s in f.week_runs.get(1, []):
        if s.longest_run_min > limit + 1e-9:
            yield Finding("START", "error", f"week 1 asks for {_n(s.longest_run_min)} min of "
                          f"running without a break; a {f.plan.level} starts at {_n(limit)} "
                          "or less", 1, s.date)


Check = Callable[[_Facts], Iterator[Finding]]

#: R1-R17 by id, in order (:mod:`.check` registers them); START, the level's starting point,
#: is run after the coach-grade rules
CHECKS: dict[str, Check] = {
    "R1": _r1, "R2": _r2, "R3": _r3, "R4": _r4, "R5": _r5, "R6": _r6, "R7": _r7, "R8": _r8,
    "R9": _r9, "R10": _r10, "R11": _r11, "R12": _r12, "R13": _r13, "R14": _r14, "R15": _r15,
    "R16": _r16, "R17": _r17,
}
START_CHECK: Check = _start
