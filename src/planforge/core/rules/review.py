"""The second coach review of shared/design/training-rules.md, as checks: R33 (placement
around the long run), R34 (no filler runs), R35 (goals keep their promises) and R38
(shortfalls are said).

Words as the rules doc uses them: the **long run** of a week is an easy run at least 5
minutes longer (on feet) than each of the week's other easy runs, so a week needs two easy
runs or more to have one; an easy run is a run that is neither hard nor a race.

A goal's promises (R35) and its runs a week (R38) come from its built-in template; a plan
made from a template of the user's own (``plan.extra`` names it) is held to R33, R34 and the
goal-free parts of R38 only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from ...goals.templates import Template
from ..engine import outcome
from ..engine.schedule import continuous_slots, ladder_slots
from ..limits import EPS, MIN_NEW_RUN_MIN
from ..model import Session
from .base import Check, Finding, _Facts

#: R34: a week whose longest easy run reaches this holds no easy run under MIN_NEW_RUN_MIN
FILLER_WEEK_MIN = 25
#: R35: a beginner plan this long holds the goal's signature hard work
SIGNATURE_WEEKS = 16


def _finding(rule: str, message: str, week: int | None = None,
             date: dt.date | None = None) -> Finding:
    return Finding(rule, "error", message, week, date)


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def easy_runs(sessions: Sequence[Session]) -> list[Session]:
    return [s for s in sessions if s.kind == "run" and not s.hard and s.workout != "race"]


def template_of(f: _Facts) -> Template | None:
    """The built-in template the plan was made from, or None (a template of the user's own,
    or a goal planforge does not ship)."""
    return f.template


# ------------------------------------------------------------------------------- R33


def _r33(f: _Facts) -> Iterator[Finding]:
    strength_days = {s.date: s for s in f.sessions if s.kind == "strength"}
    hard_days = {s.date: s for s in f.runs if s.hard}
    for w in f.weeks:
        run = outcome.long_run(f.week_runs[w])
        if run is None:
            continue
        day = run.date
        for when, what in ((day, "on the long-run day"), (day - dt.timedelta(days=1),
                                                          "the day before the long run")):
            s = strength_days.get(when)
            if s is not None:
                yield _finding("R33", f"strength {what} ({_n(run.on_feet_min)} min, "
                               f"{day.isoformat()})", s.week, s.date)
        for when in (day - dt.timedelta(days=1), day + dt.timedelta(days=1)):
            s = hard_days.get(when)
            if s is not None:
                yield _finding("R33", f"hard session next to the long run of "
                               f"{day.isoformat()} (an easy or rest day between them)",
                               s.week, s.date)
    order = {s.uid: i for i, s in enumerate(f.plan.sessions)}
    for date, s in strength_days.items():
        hard = hard_days.get(date)
        if hard is None:
            continue
        if order.get(s.uid, 0) < order.get(hard.uid, 0):
            yield _finding("R33", "strength comes before the hard run of the same day (the "
                           "run comes first)", s.week, s.date)
        if not any(outcome.AFTER_HARD_RUN_WORDS in note for note in s.notes):
            yield _finding("R33", "strength on a hard-run day does not say it comes after the "
                           "run", s.week, s.date)


# ------------------------------------------------------------------------------- R34


def _r34(f: _Facts) -> Iterator[Finding]:
    for w in f.weeks:
        easy = easy_runs(f.week_runs[w])
        if not f.continuous[w] or f.deload[w] or not easy:
            continue
        longest = max(s.run_min for s in easy)
        if longest < FILLER_WEEK_MIN - EPS:
            continue
        for s in easy:
            if s.run_min < MIN_NEW_RUN_MIN - EPS:
                yield _finding("R34", f"easy run of {_n(s.run_min)} min in a week whose "
                               f"longest is {_n(longest)} (at least {MIN_NEW_RUN_MIN})",
                               w, s.date)


# ------------------------------------------------------------------------------- R35


def _r35(f: _Facts) -> Iterator[Finding]:
    template = template_of(f)
    if template is None:
        return
    low, high = template.easy_runs
    for w in f.weeks:
        n = len(easy_runs(f.week_runs[w]))
        if f.continuous[w] and not f.deload[w] and n > high:
            yield _finding("R35", f"{n} easy runs; the {template.name} goal asks {low}-{high} "
                           "a week", w)
    yield from _signature(f, template)
    yield from _runner(f, template)


def _offsets(f: _Facts) -> tuple[int, ...]:
    return tuple(sorted((d - f.plan.start.weekday()) % 7 for d in f.plan.days))


def _signature(f: _Facts, template: Template) -> Iterator[Finding]:
    # days that hold one run/walk session a week take months over the base (R30), and
    # days that hold one run a week hold no hard session (R8)
    offsets = _offsets(f)
    # weeks a re-plan added (done again, or missed and laid again later: R31, R32) make the
    # plan longer, not its progression: an 8-week plan stays one without the signature work;
    # a race's taper weeks (R39) hold no hard work: the weeks before them count
    repeated = dict(f.plan.extra).get("repeated_weeks", "0")
    added = (int(repeated) if repeated.isdigit() else 0) + len(f.missed_weeks)
    if (f.plan.level != "beginner" or f.plan.continues
            or f.plan.weeks - added - len(f.taper) < SIGNATURE_WEEKS or not template.hard
            or ladder_slots(offsets) < 2
            or continuous_slots(offsets) < 2):
        return
    kind = template.hard[0]
    if not any(s.workout == kind for s in f.runs):
        word = "hill sprints" if kind == "hills" else "intervals"
        yield _finding("R35", f"a {f.plan.weeks}-week beginner plan without {word}, the "
                       f"{template.name} goal's signature work")


def _has_strides(s: Session) -> bool:
    return any(g.effort == "stride" for b in s.main for g in b.segments)


def _runner(f: _Facts, template: Template) -> Iterator[Finding]:
    if f.plan.level != "runner" or f.plan.continues or not template.hard:
        return
    # weeks done again (shift --repeat-week) move the deadlines with them, as in R24
    repeated = dict(f.plan.extra).get("repeated_weeks", "0")
    late = int(repeated) if repeated.isdigit() else 0

    def runs(first: int) -> list[Session]:
        return [s for w in range(first, min(first + late, f.plan.weeks) + 1)
                for s in f.week_runs.get(w, [])]

    # a race's taper (R39) holds no hard work and needs no strides
    if f.plan.weeks >= 2 + late and 2 not in f.taper and not any(
            s.hard or _has_strides(s) for s in runs(2)):
        yield _finding("R35", "a runner's week 2 has neither strides nor hard work", 2)
    third = runs(3)
    if (f.plan.weeks >= 3 + late and not all(s.deload for s in third)
            and len(f.week_runs[3]) >= 2 and not any(s.hard for s in third)):
        yield _finding("R35", "no hard session in a runner's week 3, the first R7 allows", 3)


# ------------------------------------------------------------------------------- R38


def _r38(f: _Facts) -> Iterator[Finding]:
    said = " ".join((f.plan.summary, *f.plan.left_out))
    for sentence in outcome.shortfall_sentences(f.plan):
        if sentence not in said:
            yield _finding("R38", f"the summary does not say: {sentence!r}")
    template = template_of(f)
    if template is not None:
        line = outcome.fewer_runs_line(f.plan, template.easy_runs[0])
        if line and line not in f.plan.left_out:
            yield _finding("R38", f"the plan does not say: {line!r}")


CHECKS: dict[str, Check] = {"R33": _r33, "R34": _r34, "R35": _r35, "R38": _r38}
