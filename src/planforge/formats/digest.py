"""A plan at a glance: short labels for sessions and the load of each week.

Pure functions shared by the terminal preview (``planforge show``) and the HTML, CSV and
Markdown writers: no I/O, no clock, no calendar library.

A short label fits in 9 characters for every session the engine builds:

- a run/walk of one repeated pair: ``R 8x1/1.5`` (8 x run 1 min, walk 1.5 min);
- other run/walks: the runs between walk breaks, ``R 5-8-5`` (a repeat: ``R 2x1.5-3``);
- a continuous run: ``R 25`` (minutes);
- hill sprints ``H 6x8s``, intervals ``I 6x30s`` (reps x seconds of the hard part);
- strength ``S glutes`` (the muscle most of its exercises work; ``S full`` with upper body);
- mobility ``M``.

A run too odd to say in 9 characters (a plan file may hold anything) falls back to
``R~16`` (16 minutes of running in all); a label is never longer than :data:`LABEL_WIDTH`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.model import WEEKDAYS, Block, Plan, Session
from ..core.wording import clean_text

LABEL_WIDTH = 9
#: order for breaking ties between muscles, and their short names
MUSCLE_ORDER: tuple[str, ...] = ("glutes", "hamstrings", "quads", "adductors", "abductors",
                                 "calves", "core", "upper")
MUSCLE_SHORT: dict[str, str] = {"hamstrings": "hams", "adductors": "adduct",
                                "abductors": "abduct"}
_HARD_EFFORT = {"hills": ("H", "hill"), "intervals": ("I", "fast")}
_KIND_LETTER = {"run": "R", "strength": "S", "mobility": "M", "walk": "W"}
WEEKDAY_TITLES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def number(value: float) -> str:
    """``1.0`` -> ``"1"``, ``1.5`` -> ``"1.5"``, ``25.333`` -> ``"25.33"`` (2 decimals at most)."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def short_label(session: Session) -> str:
    """The session in at most :data:`LABEL_WIDTH` characters (see the module's doc)."""
    if session.kind == "strength":
        label = f"S {strength_focus(session)}".rstrip()
    elif session.kind == "mobility":
        label = "M"
    elif session.kind == "run":
        label = _run_label(session)
    else:  # a kind a newer plan file may carry
        label = _KIND_LETTER.get(session.kind, str(session.kind)[:1].upper() or "?")
    return label[:LABEL_WIDTH]


def strength_focus(session: Session) -> str:
    """``"glutes"``: the muscle most exercises work; ``"full"`` when upper body is worked too.

    Empty when the session lists no muscles. Long names are shortened (``hams``).
    """
    counts: Counter[str] = Counter(
        muscle for exercise in session.exercises for muscle in set(exercise.muscles)
    )
    if not counts:
        return ""
    if "upper" in counts:
        return "full" if len(counts) > 1 else "upper"
    rank = {m: i for i, m in enumerate(MUSCLE_ORDER)}
    top = min(counts, key=lambda m: (-counts[m], rank.get(m, len(rank)), m))
    top = clean_text(top, single_line=True)
    return MUSCLE_SHORT.get(top, top)[:LABEL_WIDTH - 2]


def _run_label(session: Session) -> str:
    if session.workout == "race":  # R39: the finish line stands out in the grid
        return "RACE"
    hard = _HARD_EFFORT.get(session.workout)
    if hard is not None:
        letter, effort = hard
        reps = _reps_of(session.main, effort)
        if reps is not None:
            label = f"{letter} {reps[0]}x{reps[1]}s"
            if len(label) <= LABEL_WIDTH:
                return label
        return _fallback(session, letter)
    blocks = [b for b in session.main if b.repeat > 0 and any(s.seconds > 0 for s in b.segments)]
    if not blocks:
        return _fallback(session, "R")
    if len(blocks) == 1 and blocks[0].repeat > 1:
        block = blocks[0]
        efforts = [s.effort for s in block.segments if s.seconds > 0]
        if efforts == ["run", "walk"]:
            run, walk = (s.seconds for s in block.segments if s.seconds > 0)
            label = f"R {block.repeat}x{number(run / 60)}/{number(walk / 60)}"
        else:
            label = f"R {block.repeat}x" + "-".join(_stretches([Block(1, block.segments)]))
    else:
        label = "R " + "-".join(_stretches(blocks))
    if len(label) <= LABEL_WIDTH and label != "R ":
        return label
    return _fallback(session, "R")


def _fallback(session: Session, letter: str) -> str:
    minutes = number(session.run_min) if session.run_min > 0 else number(session.duration_min)
    return f"{letter}~{minutes}"


def _reps_of(blocks: Iterable[Block], effort: str) -> tuple[int, int] | None:
    """(reps, seconds) of the hard part when every rep is the same length, else None."""
    reps = 0
    seconds: set[int] = set()
    for block in blocks:
        for segment in block.segments:
            if segment.effort == effort and segment.seconds > 0:
                reps += max(block.repeat, 0)
                seconds.add(segment.seconds)
    if reps == 0 or len(seconds) != 1:
        return None
    return reps, seconds.pop()


def _stretches(blocks: Sequence[Block]) -> list[str]:
    """Minutes of each stretch of running between walk breaks, in order: ``["5", "8", "5"]``."""
    stretches: list[int] = []
    current = 0
    for block in blocks:
        for _ in range(max(block.repeat, 0)):
            for segment in block.segments:
                if segment.seconds <= 0:
                    continue
                if segment.running:
                    current += segment.seconds
                elif current:
                    stretches.append(current)
                    current = 0
    if current:
        stretches.append(current)
    return [number(s / 60) for s in stretches]


def short_title(session: Session) -> str:
    """The title without its ``"Week N: "`` prefix (the week is said around it), one line."""
    title = clean_text(session.title, single_line=True)
    prefix = f"Week {session.week}: "
    return title.removeprefix(prefix) or title


def weekday_name(date: dt.date) -> str:
    """``"mon"`` ... ``"sun"``."""
    return WEEKDAYS[date.weekday()]


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """What one week of a plan holds, for charts and tables."""

    week: int
    start: dt.date
    sessions: tuple[Session, ...]
    run_min: float  # running in the main sets (warm-ups and cool-downs not counted)
    on_feet_min: float  # running plus walking in the main sets
    runs: int
    hard: int
    strength: int
    mobility: int
    deload: bool

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    def days(self) -> list[tuple[dt.date, tuple[Session, ...]]]:
        """The week's 7 dates in order, each with its sessions in plan order."""
        by_date: dict[dt.date, list[Session]] = {}
        for session in self.sessions:
            by_date.setdefault(session.date, []).append(session)
        dates = [self.start + dt.timedelta(days=i) for i in range(7)]
        return [(date, tuple(by_date.get(date, ()))) for date in dates]


def weekly_load(plan: Plan) -> list[WeekLoad]:
    """One :class:`WeekLoad` per 7-day block of the calendar, week 1 first, none left out.

    A session belongs to the block its date is in (blocks of 7 days from the plan's start),
    so every session is on its own date in :meth:`WeekLoad.days`. The blocks run from week 1
    to the plan's last week, or further when a plan file holds a workout moved past the end
    (``planforge shift``); blocks with no sessions are included (a week of rest).
    """
    grouped: dict[int, list[Session]] = {}
    for session in plan.sessions:
        grouped.setdefault(week_of(plan, session.date), []).append(session)
    first = min([1, *grouped])
    last = max([plan.weeks, *grouped])
    weeks: list[WeekLoad] = []
    for week in range(first, last + 1):
        sessions = tuple(grouped.get(week, ()))
        runs = [s for s in sessions if s.kind == "run"]
        weeks.append(WeekLoad(
            week=week,
            start=plan.start + dt.timedelta(days=7 * (week - 1)),
            sessions=sessions,
            run_min=sum(s.run_min for s in runs),
            on_feet_min=sum(s.on_feet_min for s in runs),
            runs=len(runs),
            hard=sum(s.hard for s in sessions),
            strength=sum(s.kind == "strength" for s in sessions),
            mobility=sum(s.kind == "mobility" for s in sessions),
            deload=any(s.deload for s in sessions),
        ))
    return weeks


def week_of(plan: Plan, date: dt.date) -> int:
    """The 7-day block of the plan ``date`` is in: 1 for the start date and the 6 after it."""
    return (date - plan.start).days // 7 + 1


def counts_phrase(plan: Plan) -> str:
    """``"98 workouts (38 runs, 24 strength, 36 mobility)"``, as ``make`` reports it."""
    counts: Counter[str] = Counter(s.kind for s in plan.sessions)
    labels = {"run": "runs", "strength": "strength", "mobility": "mobility", "walk": "walks"}
    parts = ", ".join(f"{counts[k]} {labels[k]}" for k in labels if counts[k])
    total = len(plan.sessions)
    noun = "workout" if total == 1 else "workouts"
    return f"{total} {noun} ({parts})" if parts else f"{total} {noun}"


def level_words(plan: Plan) -> str:
    """``"beginner"``, ``"returning runner"`` or ``"runner"``."""
    return {"returning": "returning runner"}.get(plan.level, str(plan.level))


def weeks_phrase(weeks: int) -> str:
    return f"{weeks} week" + ("" if weeks == 1 else "s")


# ------------------------------------------------------------------------ the record of real life

#: how a done and a missed workout are marked (calendar titles, the terminal grid, the page)
DONE_MARK = "\u2713"  # check mark
MISSED_MARK = "\u2717"  # ballot x


def record_line(session: Session) -> str:
    """What the record says of ``session`` in one sentence; empty when it has none:
    ``Done on Tue 2027-03-09 (run.fit): 12 min of running, the longest 5 without stopping.``
    or ``Missed: not done (planforge missed).``"""
    if session.missed:
        return "Missed: not done (planforge missed)."
    done = session.done
    if done is None:
        return ""
    day = f"{WEEKDAY_TITLES[done.date.weekday()]} {done.date.isoformat()}"
    source = clean_text(done.source, single_line=True)
    text = f"Done on {day} ({source})"
    if session.kind == "run":
        text += (f": {number(done.run_min)} min of running, the longest "
                 f"{number(done.longest_run_min)} without stopping")
    return text + "."


def marked_label(session: Session) -> str:
    """:func:`short_label` with its first letter replaced by the record's mark (same width)."""
    label = short_label(session)
    if session.missed:
        return MISSED_MARK + label[1:]
    if session.done is not None:
        return DONE_MARK + label[1:]
    return label


@dataclass(frozen=True, slots=True)
class RecordWeek:
    """One week so far of a plan with a record: planned against done."""

    week: int
    start: dt.date
    workouts: int
    done: int
    missed: int
    planned_run_min: float  # the running its runs planned (a hard session's jogs too)
    done_run_min: float  # the running recorded as done
    planned_longest_min: float
    done_longest_min: float

    @property
    def open(self) -> int:
        """Workouts with no record (done as planned, or not said)."""
        return self.workouts - self.done - self.missed


def record_weeks(plan: Plan) -> list[RecordWeek]:
    """Planned against done for each week (as dated) from the first through the last that
    holds a recorded workout; empty for a plan with no record."""
    recorded = [week_of(plan, s.date) for s in plan.sessions if s.recorded]
    if not recorded:
        return []
    out = []
    for w in weekly_load(plan):
        if w.week > max(recorded):
            break
        runs = [s for s in w.sessions if s.kind == "run"]
        done = [s.done for s in runs if s.done is not None]
        out.append(RecordWeek(
            week=w.week, start=w.start, workouts=len(w.sessions),
            done=sum(1 for s in w.sessions if s.done is not None),
            missed=sum(1 for s in w.sessions if s.missed),
            planned_run_min=sum(s.total_run_min if s.hard else s.run_min for s in runs),
            done_run_min=sum(d.run_min for d in done),
            planned_longest_min=max((s.longest_run_min for s in runs), default=0.0),
            done_longest_min=max((d.longest_run_min for d in done), default=0.0)))
    return out
