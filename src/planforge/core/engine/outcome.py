"""Where a plan leaves the user, measured once as data, and the summary written from it.

:func:`measure` reads a plan's sessions: its last build week (never a deload week, R28), how
many runs that week holds, its longest continuous run and its hard sessions. The summary
(:func:`summary`) is written from that :class:`~planforge.core.model.Outcome` and the
sessions alone, so ``make``, ``next``, ``shift`` and ``render`` all say the same thing and
nothing is ever patched into English text after the fact. :func:`restated` measures a plan
afresh and rewrites its summary (after a shift, a repeated week or a new start).

Every sentence is about the plan's weeks as dated: week N is the N-th 7-day block from the
start date (what ``show`` draws and the calendar holds), whatever label a workout moved by
``shift`` still carries; a missed workout (``planforge missed``) is not counted, since it was
not done. So after any shift, missed or done, what the summary says of deloads, the end and
what is reached is true of the dated sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from ..limits import EPS, LONG_RUN_GAP_MIN, WHO_STRENGTH_DAYS, WHO_WEEKLY_MIN
from ..model import Exercise, Outcome, Plan, Session
from .schedule import continuous_slots
from .strength import equipment_lines

MOST_DAYS_RUNS = 4  # "30 min on most days" = 4-5 runs of 30 min a week (R5)
FULL_RUN_MIN = 29.5  # a run of 30 minutes on feet (half a minute of rounding)
MAINTENANCE_WEEKS = 8  # R27: a stretch this long of the same running is maintenance
LEVEL_WORDS = {
    "beginner": "a beginner (cannot yet run 5 minutes without stopping)",
    "returning": "a returning runner (runs about 10 to 15 minutes)",
    "runner": "a runner (runs 30 minutes)",
}


def _weeks(plan: Plan) -> dict[int, list[Session]]:
    """The workouts by the week their date is in (missed ones left out), in date order."""
    by_week: dict[int, list[Session]] = {}
    for s in sorted(plan.sessions, key=lambda s: (s.date, s.uid)):
        if not s.missed:
            by_week.setdefault(_block(plan, s), []).append(s)
    return by_week


def _block(plan: Plan, session: Session) -> int:
    """The 7-day block of the plan a workout's date is in (1: the start date and the 6
    after it)."""
    return (session.date - plan.start).days // 7 + 1


def _deload(sessions: Sequence[Session]) -> bool:
    """A week of deload runs only (a week with a build run in it is a build week)."""
    runs = _runs(sessions)
    return bool(runs) and all(s.deload for s in runs)


def is_deload_week(plan: Plan, week: int) -> bool:
    """Whether the plan's week ``week`` (as dated) is a deload week."""
    return _deload(_weeks(plan).get(week, []))


def _runs(sessions: Sequence[Session]) -> list[Session]:
    return [s for s in sessions if s.kind == "run"]


def measure(plan: Plan, *, most_days_after: int | None = None,
            hard_after: int | None = None, full_run_after: int | None = None) -> Outcome | None:
    """The plan's end state: its last build week with runs (None: no runs at all)."""
    return _measure(_weeks(plan), most_days_after=most_days_after, hard_after=hard_after,
                    full_run_after=full_run_after)


def _measure(by_week: dict[int, list[Session]], *, most_days_after: int | None,
             hard_after: int | None, full_run_after: int | None = None) -> Outcome | None:
    builds = [w for w, ss in by_week.items() if _runs(ss) and not _deload(ss)]
    if not builds:
        return None
    week = max(builds)
    runs = _runs(by_week[week])
    return Outcome(week=week, runs=len(runs),
                   longest_run_min=round(max(s.longest_run_min for s in runs), 2),
                   hard=sum(1 for s in runs if s.hard),
                   most_days_after=most_days_after, hard_after=hard_after,
                   full_run_after=full_run_after)


def most_days_week(plan: Plan) -> int | None:
    """The first week with 30 minutes of running on most days (4 or more runs of 30)."""
    return _most_days_week(_weeks(plan))


def _most_days_week(by_week: dict[int, list[Session]]) -> int | None:
    for week, sessions in sorted(by_week.items()):
        if sum(1 for s in _runs(sessions) if s.on_feet_min >= FULL_RUN_MIN) >= MOST_DAYS_RUNS:
            return week
    return None


def restated(plan: Plan, *, most_days_after: int | None = None,
             hard_after: int | None = None, full_run_after: int | None = None) -> Plan:
    """``plan`` measured afresh, its summary rewritten from the measurement.

    The look-ahead (weeks after the end until 30 minutes on most days, until hard work,
    until the first 30-minute run) is kept from the plan's own outcome unless given.
    """
    old = plan.outcome
    if old is not None:
        most_days_after = most_days_after if most_days_after is not None else old.most_days_after
        hard_after = hard_after if hard_after is not None else old.hard_after
        full_run_after = full_run_after if full_run_after is not None else old.full_run_after
    # the sessions are grouped by week once, for the measurement and every sentence
    by_week = _weeks(plan)
    measured = _measure(by_week, most_days_after=most_days_after, hard_after=hard_after,
                        full_run_after=full_run_after)
    reached = _most_days_week(by_week)
    out = replace(plan, outcome=measured, reached_most_days_week=reached)
    return replace(out, summary=_summary(out, by_week, reached))


# ----------------------------------------------------------------------------- summary


def summary(plan: Plan) -> str:
    """The plan's summary: every sentence from its outcome and its sessions."""
    by_week = _weeks(plan)
    return _summary(plan, by_week, _most_days_week(by_week))


def _summary(plan: Plan, by_week: dict[int, list[Session]], reached: int | None) -> str:
    """:func:`summary`, with the plan's sessions already grouped by week (:func:`_weeks`)
    and its first week of 30 minutes on most days (:func:`most_days_week`)."""
    lines = [_opening(plan, by_week)]
    if plan.outcome is not None:
        lines.append(_outcome_sentence(plan, plan.outcome, by_week))
    lines.append(_one_run_a_week(plan, by_week))
    lines.append(_most_days(plan, by_week, reached))
    lines += [line for line in (_hard(plan), _long_run(plan, by_week), _maintenance(by_week),
                                _strength_maintenance(by_week)) if line]
    lines.append(_race(plan))  # R39: the finish line
    lines += _shortfalls(plan, by_week)  # R38: weeks under the WHO's targets, and what to do
    lines.append(_equipment(plan))  # up front, what the exercises need (R25)
    return " ".join(line for line in lines if line)


def _equipment(plan: Plan) -> str:
    """The equipment sentence, from the plan's own list and its strength sessions."""
    weeks: dict[int, tuple[Exercise, ...]] = {}
    for s in plan.sessions:
        if s.kind == "strength":
            weeks.setdefault(s.week, s.exercises)
    return equipment_lines(sorted(weeks.items()), plan.equipment, plan.equipment_choice)[0]


def article(number: int) -> str:
    """The article before a number said aloud: an 8, an 11, an 18, a 12."""
    return "an" if str(number).startswith("8") or number in (11, 18) else "a"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _mins(minutes: float) -> str:
    return f"{minutes:g}" if minutes == int(minutes) else f"{minutes:.1f}".rstrip("0")


def _opening(plan: Plan, by_week: dict[int, list[Session]]) -> str:
    kinds = [s.kind for s in plan.sessions if not s.missed]
    missed = len(plan.sessions) - len(kinds)
    counts = f"{kinds.count('run')} runs, {kinds.count('strength')} strength" + (
        f", {kinds.count('mobility')} mobility" if kinds.count("mobility") else "") + (
        f", {_plural(kinds.count('walk'), 'brisk walk')}" if kinds.count("walk") else "")
    who = LEVEL_WORDS.get(plan.level, str(plan.level))
    if plan.continues:
        first = _runs(by_week.get(1, []))
        now = (f", who now runs up to {_mins(max(s.longest_run_min for s in first))} "
               "minutes without stopping" if first else "")
        who = (f"someone who has done {_plural(plan.continues, 'week')} of this plan's "
               f"progression before it{now}")
    return (f"{plan.goal_title}: {article(plan.weeks)} {plan.weeks}-week plan for {who}, "
            f"{plan.start.isoformat()} to {plan.end.isoformat()}: "
            f"{_plural(len(kinds), 'workout')} ({counts})"
            + (f", and {missed} missed." if missed else "."))


def outcome_sentence(plan: Plan, outcome: Outcome) -> str:
    """Where the plan leaves the user: its last build week, said from the outcome."""
    return _outcome_sentence(plan, outcome, _weeks(plan))


def _outcome_sentence(plan: Plan, outcome: Outcome, by_week: dict[int, list[Session]]) -> str:
    week_sessions = _runs(by_week.get(outcome.week, []))
    walks = any(s.walk_min > 0 and not s.hard for s in week_sessions)
    times = {1: "once", 2: "twice"}.get(outcome.runs, f"{outcome.runs} times") + " a week"
    if walks:
        text = (f"By week {outcome.week} you run {times}, with walk breaks; the longest "
                f"stretch without one is {_mins(outcome.longest_run_min)} minutes")
    else:
        text = (f"By week {outcome.week} you run {times}, up to "
                f"{_mins(outcome.longest_run_min)} minutes without stopping")
    if outcome.hard:
        text += f", {outcome.hard} of them hard ({hard_kinds(week_sessions)})"
    text += "."
    return text + _after_end(plan, outcome.week, by_week)


def _after_end(plan: Plan, week: int, by_week: dict[int, list[Session]]) -> str:
    """What the weeks after the last build week hold, as dated: deload weeks, or no runs."""
    last = max([plan.weeks, *by_week])
    kinds = [("deload" if _deload(by_week.get(w, [])) else "rest", w)
             for w in range(week + 1, last + 1)]
    parts = []
    for kind in ("deload", "rest"):
        weeks = [w for k, w in kinds if k == kind]
        if not weeks:
            continue
        one = len(weeks) == 1
        said = f"Week {weeks[0]}" if one else f"Weeks {_spoken_ranges(weeks)}"
        parts.append(f"{said} {'is an easier deload week' if one else 'are easier deload weeks'}"
                     if kind == "deload" else f"{said} {'holds' if one else 'hold'} no runs")
    return "".join(f" {part}." for part in parts)


def _spoken_ranges(numbers: Sequence[int]) -> str:
    """``3 to 5``, ``3, 5 and 7 to 9``."""
    parts = [f"{a}" if a == b else f"{a} to {b}" for a, b in _runs_of(numbers)]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


WEEKS_A_MONTH = 365.25 / 12 / 7


def one_run_weeks(by_week: dict[int, list[Session]]) -> list[int]:
    """The weeks with run/walk sessions that hold one run (R30: the ladder then takes months)."""
    return [w for w, ss in sorted(by_week.items())
            if any(_is_run_walk(s) for s in ss) and len(_runs(ss)) == 1]


def _is_run_walk(s: Session) -> bool:
    return s.kind == "run" and not s.hard and s.walk_min > 0


def _one_run_a_week(plan: Plan, by_week: dict[int, list[Session]]) -> str:
    """R30: with one run/walk session a week, how long the base takes, said in months; and
    what to do on the other days."""
    weeks = one_run_weeks(by_week)
    if not weeks:
        return ""
    full = next((w for w, ss in sorted(by_week.items())
                 if any(s.longest_run_min >= FULL_RUN_MIN for s in _runs(ss))), None)
    after = plan.outcome.full_run_after if plan.outcome is not None else None
    if full is None and after:
        full = plan.weeks + after
    walks = any(s.kind == "walk" for w in weeks for s in by_week[w])
    text = ("With one run a week, each step of the run/walk ladder is done twice, so the "
            "base takes months rather than weeks")
    if full is not None:
        months = max(1, round(full / WEEKS_A_MONTH))
        where = "" if full <= plan.weeks else " of a longer plan"
        text += (f": your first 30-minute run without stopping comes in week {full}{where}, "
                 f"about {_plural(months, 'month')} in")
    text += "."
    text += (" On your other training days a brisk 30-minute walk keeps your weekly activity "
             "up." if walks else " Walk briskly for 30 minutes on two or three other days "
             "of the week to keep your weekly activity up.")
    return text


def _most_days(plan: Plan, by_week: dict[int, list[Session]], reached: int | None) -> str:
    if reached is not None:
        return ("You reach 30 minutes of running on most days (4 or more runs of 30 minutes a "
                f"week) in week {reached}.")
    after = plan.outcome.most_days_after if plan.outcome is not None else None
    if after:
        return ("30 minutes of running on most days (4 or more runs of 30 minutes a week) is "
                f"not reachable safely in {_plural(plan.weeks, 'week')}: it takes {after} more "
                f"week{'s' if after != 1 else ''} (week {plan.weeks + after} of a longer "
                "plan).")
    most = max((len(_runs(ss)) for ss in by_week.values()), default=0)
    if most >= MOST_DAYS_RUNS:
        # the goal's weeks keep a hard session among their runs (R35): never 4 easy 30s
        return (f"Your weeks hold up to {_plural(most, 'run')}, hard work among them once it "
                "starts, so 30 minutes on most days (4 or more runs of 30 minutes a week) is "
                "not what this plan builds toward.")
    return (f"With {_plural(len(plan.days), 'training day')} a week this plan holds at most "
            f"{_plural(most, 'run')} a week; 30 minutes on most days needs 4 runs a week, so "
            "choose more training days.")


def hard_kinds(sessions: Sequence[Session]) -> str:
    """``hill sprints``, ``intervals`` or both: the kinds of hard session among ``sessions``."""
    kinds = [name for workout, name in (("hills", "hill sprints"), ("intervals", "intervals"))
             if any(s.workout == workout for s in sessions)]
    return " and ".join(kinds) or "hill sprints or intervals"


def long_run(sessions: Sequence[Session]) -> Session | None:
    """The week's long run (R33): an easy run at least 5 minutes longer (on feet) than each
    of the week's other easy runs; a week of one easy run has none."""
    easy = sorted((s for s in sessions if s.kind == "run" and not s.hard
                   and s.workout != "race"), key=lambda s: -s.on_feet_min)
    if len(easy) < 2 or easy[0].on_feet_min < easy[1].on_feet_min + LONG_RUN_GAP_MIN - EPS:
        return None
    return easy[0]


def _hard(plan: Plan) -> str:
    hard = [s for s in plan.sessions if s.kind == "run" and s.hard and not s.missed]
    if hard:
        first = min(_block(plan, s) for s in hard)
        return f"Hard work ({hard_kinds(hard)}) starts in week {first}."
    after = plan.outcome.hard_after if plan.outcome is not None else None
    if after:
        return ("No hard work yet: hill sprints and intervals come only after two weeks of "
                "20-minute continuous runs, a first 30-minute run and the runs the goal asks "
                f"(week {plan.weeks + after} of a longer plan).")
    return ""


def _long_run(plan: Plan, by_week: dict[int, list[Session]]) -> str:
    easy = [s for s in plan.sessions
            if s.kind == "run" and not s.hard and not s.deload and not s.missed]
    longest = max((s.longest_run_min for s in easy), default=0.0)
    if longest <= 30 + 1e-9:
        return ""
    week = min(_block(plan, s) for s in easy if s.longest_run_min >= longest - 1e-9)
    if long_run(by_week[week]) is None:
        # easy runs that hold no long run (two of them with the week's strength, R33, or
        # runs within 5 minutes of each other): they grow together, however many a week
        return (f"Your easy runs grow together toward 60 minutes: {_mins(longest)} minutes by "
                f"week {week}.")
    return (f"A weekly long run grows toward 60 minutes: {_mins(longest)} minutes by week "
            f"{week}.")


def maintenance_from(plan: Plan) -> tuple[int, int] | None:
    """The first and last week of the longest stretch (8 weeks or more) whose build weeks
    repeat the same running (R27), or None."""
    return _maintenance_from(_weeks(plan))


def _maintenance_from(by_week: dict[int, list[Session]]) -> tuple[int, int] | None:
    builds = [(w, _signature(ss)) for w, ss in sorted(by_week.items())
              if _runs(ss) and not any(s.deload for s in ss)]
    best: tuple[int, int] | None = None
    i = 0
    while i < len(builds):
        j = i
        while j + 1 < len(builds) and builds[j + 1][1] == builds[i][1]:
            j += 1
        first, last = builds[i][0], builds[j][0]
        if last - first + 1 >= MAINTENANCE_WEEKS and (best is None or last - first > best[1]
                                                      - best[0]):
            best = (first, last)
        i = j + 1
    return best


def _signature(sessions: Sequence[Session]) -> tuple[tuple[str, float, bool], ...]:
    return tuple(sorted((s.workout, round(s.run_min, 2), s.hard) for s in _runs(sessions)))


def _maintenance(by_week: dict[int, list[Session]]) -> str:
    stretch = _maintenance_from(by_week)
    if stretch is None:
        return ""
    first, last = stretch
    return (f"From week {first} to week {last} the running stays the same: this is "
            "maintenance, keeping what you have built.")


# ----------------------------------------------------------------------- shortfalls (R38)

#: R33: a strength session on a hard-run day says so
AFTER_HARD_RUN_WORDS = "after the hard run"
#: R14 counts from this week on (the base comes first)
WHO_FROM_WEEK = 6


def moderate_minutes(sessions: Sequence[Session]) -> float:
    """A week's moderate-equivalent minutes (R14, WHO): running counts double, walking, the
    warm-ups and cool-downs and brisk walks once."""
    total = 0.0
    for s in sessions:
        if s.kind == "run":
            total += 2 * s.run_min + s.walk_min + s.warmup_min + s.cooldown_min
        elif s.kind == "walk":
            total += s.minutes
    return total


def shortfall_sentences(plan: Plan) -> tuple[str, ...]:
    """R38: the weeks under the WHO's 150 minutes (from week 6, R14) and with fewer than 2
    strength sessions (R11), each said with what to do; from the sessions alone."""
    return tuple(_shortfalls(plan, _weeks(plan)))


def taper_of(plan: Plan) -> range:
    """The taper weeks of the plan's race (R39; empty without one): cut short at the race,
    the weekly targets (R6, R11, R14) leave them to R39. From the race session's date: its
    week, and the week before when the race comes in the first 3 days of its week."""
    race = next((s for s in plan.sessions if s.workout == "race"), None)
    if race is None:
        return range(0)
    first = (race.date - dt.timedelta(days=3) - plan.start).days // 7 + 1
    return range(max(1, min(first, race.week)), race.week + 1)


def _race(plan: Plan) -> str:
    """R39: the race the plan ends with, from its race session."""
    race = next((s for s in plan.sessions if s.workout == "race"), None)
    if race is None or plan.race is None:
        return ""
    taper = taper_of(plan)
    builds = [s.week for s in plan.sessions if s.week < taper.start and not s.deload]
    before = f", lighter than week {max(builds)}" if builds else ""
    weeks = (f"week {race.week} is a taper" if len(taper) == 1 else
             f"weeks {taper.start} and {race.week} are a taper")
    graduate = (", the natural finish for a Couch to 5K graduate"
                if plan.race.distance == "5k" and plan.level != "runner" else "")
    return (f"The plan ends with a {plan.race.label} race on "
            f"{race.date.strftime('%a')} {race.date.isoformat()}, parkrun-style{graduate}; "
            f"{weeks}{before}, with no hard work in the 3 days before "
            "the race and no run or strength the day before.")


def _shortfalls(plan: Plan, by_week: dict[int, list[Session]]) -> list[str]:
    out = []
    taper = taper_of(plan)
    by_week = {w: ss for w, ss in by_week.items() if w not in taper}
    low = [(w, moderate_minutes(ss)) for w, ss in sorted(by_week.items())
           if w >= WHO_FROM_WEEK and ss]
    low = [(w, m) for w, m in low if m < WHO_WEEKLY_MIN - EPS]
    if low:
        least, most = min(m for _, m in low), max(m for _, m in low)
        span = f"{least:.0f}" if round(least) == round(most) else f"{least:.0f}-{most:.0f}"
        verb = "holds" if len(low) == 1 else "hold"
        out.append(f"{in_weeks([w for w, _ in low]).capitalize()} {verb} less than the WHO's "
                   f"{WHO_WEEKLY_MIN} minutes of activity a week ({span} moderate-equivalent "
                   "minutes, running counting double): add a brisk 30-minute walk on two days "
                   "without a run, or add a training day.")
    few = [w for w, ss in sorted(by_week.items())
           if ss and sum(s.kind == "strength" for s in ss) < WHO_STRENGTH_DAYS]
    if few:
        verb = "holds" if len(few) == 1 else "hold"
        out.append(f"{in_weeks(few).capitalize()} {verb} fewer than the "
                   f"{WHO_STRENGTH_DAYS} strength sessions a week the WHO asks: add a training "
                   "day (strength for the same muscles needs 48 hours between "
                   "sessions).")
    return out


def fewer_runs_line(plan: Plan, easy_min: int) -> str:
    """R38: the continuous build weeks with fewer easy runs than the goal's ``easy_min`` whose
    runs fill the days (a week still adding runs, one new stressor a week, is on its way), why,
    and what to do (a ``left_out`` line); "" when there are none."""
    by_week = _weeks(plan)
    offsets = tuple(sorted((d - plan.start.weekday()) % 7 for d in plan.days))
    cap = continuous_slots(offsets) if offsets else 1
    full: list[int] = []  # weeks whose runs fill the days (a week still adding runs is not)
    for w, ss in sorted(by_week.items()):
        runs = _runs(ss)
        if not runs or any(s.deload for s in ss) or any(_is_run_walk(s) for s in runs):
            continue
        easy = sum(1 for s in runs if not s.hard and s.workout != "race")
        if easy < easy_min and len(runs) >= cap:
            full.append(w)
    if not full:
        return ""
    # no day names: the line stays true when a plan moves to another start (rebase)
    why = (f"you train on {_plural(len(plan.days), 'day')} a week"
           if cap >= len(plan.days) else
           f"your {len(plan.days)} days a week hold {_plural(cap, 'run')}, with a rest day in "
           "every 7 and at most 3 running days in a row")
    return (f"Left out runs: the goal asks at least {_plural(easy_min, 'easy run')} a week; "
            f"{why}, so {in_weeks(full)} {'have' if len(full) > 1 else 'has'} fewer; add "
            "training days")


def in_weeks(numbers: Sequence[int]) -> str:
    """``week 3``, ``weeks 1-3, 5``."""
    return f"week {numbers[0]}" if len(numbers) == 1 else f"weeks {_ranges(numbers)}"


def _ranges(numbers: Sequence[int]) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in _runs_of(numbers))


def _runs_of(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """The stretches of consecutive numbers, first and last: ``[1, 2, 3, 5]`` is
    ``[(1, 3), (5, 5)]``."""
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


# ------------------------------------------------------------ strength maintenance (R37)

#: R37: an exercise's prescription stays the same for at most this many build weeks, outside
#: a strength maintenance block the summary names
STRENGTH_SAME_WEEKS = 6


def _prescriptions(sessions: Sequence[Session]) -> dict[str, tuple[str, int, int, str]]:
    return {e.exercise: (e.name, e.sets, e.reps, e.load)
            for s in sessions if s.kind == "strength" for e in s.exercises}


def stale_prescriptions(by_week: dict[int, list[Session]], *,
                        longest: int = STRENGTH_SAME_WEEKS) -> list[tuple[str, int, int]]:
    """Each stretch of more than ``longest`` build weeks in which an exercise's prescription
    (variation, sets, reps, load) stays the same: ``(its name, first week, last week)``.
    Deload weeks (one set fewer) neither count nor end a stretch."""
    runs: dict[str, tuple[tuple[str, int, int, str], int, int, int]] = {}
    out: list[tuple[str, int, int]] = []

    def close(exercise: str) -> None:
        same, first, last, count = runs.pop(exercise)
        if count > longest:
            out.append((same[0], first, last))

    for w, sessions in sorted(by_week.items()):
        if any(s.deload for s in sessions):
            continue
        now = _prescriptions(sessions)
        for exercise in [e for e in runs if e not in now]:
            close(exercise)
        for exercise, same in now.items():
            if exercise in runs and runs[exercise][0] == same:
                _, first, _, count = runs[exercise]
                runs[exercise] = (same, first, w, count + 1)
            else:
                if exercise in runs:
                    close(exercise)
                runs[exercise] = (same, w, w, 1)
    for exercise in list(runs):
        close(exercise)
    return sorted(out, key=lambda x: (x[1], x[0]))


def strength_maintenance_from(by_week: dict[int, list[Session]], *,
                              longest: int = STRENGTH_SAME_WEEKS) -> tuple[int, int] | None:
    """The weeks from the first to the last week of an exercise that stays the same for more
    than ``longest`` build weeks (R37), or None."""
    stale = stale_prescriptions(by_week, longest=longest)
    if not stale:
        return None
    return min(first for _, first, _ in stale), max(last for _, _, last in stale)


def strength_maintenance_sentence(block: tuple[int, int]) -> str:
    first, last = block
    return (f"From week {first} to week {last} some strength exercises stay as they are: "
            "that is strength maintenance, keeping the strength you have built")


def _strength_maintenance(by_week: dict[int, list[Session]]) -> str:
    block = strength_maintenance_from(by_week)
    if block is None:
        return ""
    stale = stale_prescriptions(by_week)
    names = sorted({name for name, _, _ in stale})
    listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"{strength_maintenance_sentence(block)} ({listed})."
