"""A finish line (R39): a plan that ends with a race on its date, after a short taper.

The program (:func:`.program.program`, ``taper_at``) makes the race week a deload of the
last build week: about 70 % of its running, hard work swapped for strides. Here the race
week is cut to the race: nothing after the race date, no run or strength the day before,
no hard work in the 3 days before, and the race itself on its date as the plan's last
session (a run: ``workout = "race"``). A race the progression cannot reach (a 5K asks for
30 minutes of continuous running by the week before the race week) is refused with the
earliest date it could reach.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from ...errors import RaceTooSoonError, UsageError
from ..model import RACE_DISTANCES, Block, Plan, Race, Segment, Session
from .outcome import long_run
from .runs import COOLDOWN, FULL_RUN_MIN, WARMUP_HARD

#: the 3 days before the race hold no hard work (R39)
NO_HARD_DAYS = 3
#: a 5K at a Couch to 5K graduate's pace: the NHS plan's "5K or 30 minutes"
RACE_RUN_MIN = {"5k": FULL_RUN_MIN}
#: how a level is said in the refusal
_WHO = {"beginner": "a beginner", "returning": "a returning runner", "runner": "a runner"}

RACE_NOTES = (
    "Race day: a parkrun-style 5K, the natural finish of a Couch to 5K plan (parkrun is a "
    "free, timed 5K every Saturday morning in many countries). Run it at your own pace: "
    "most Couch to 5K graduates take 30 to 40 minutes, and walking a stretch is fine.",
    "Warm up with 10 minutes of brisk walking, as before every run of the plan; start "
    "slower than feels right; walk it down after the finish.",
)


def race_week(start: dt.date, race: dt.date) -> int:
    """The plan's week (1-based) that holds the race date."""
    return (race - start).days // 7 + 1


def taper_week(start: dt.date, race: dt.date) -> int:
    """The plan's taper week: the week of the race, or the week before it when the race
    comes within the first 3 days of its week (the taper holds the 3 days before the race,
    whose hard work and the day before's run and strength it leaves out)."""
    return max(1, race_week(start, race - dt.timedelta(days=NO_HARD_DAYS)))


def taper_weeks(start: dt.date, race: dt.date) -> range:
    """The weeks the taper cuts: from :func:`taper_week` to the race's week."""
    return range(taper_week(start, race), race_week(start, race) + 1)


def check_race(race: Race, start: dt.date) -> None:
    """Refuse a distance the plan cannot prepare for and a race before the start."""
    if race.distance not in RACE_DISTANCES:
        raise UsageError(f"unknown race distance {race.distance!r}; choose one of: "
                         f"{', '.join(RACE_DISTANCES)}", option="--race-distance")
    if race.date < start:
        raise UsageError(f"race date {race.date.isoformat()} is before the plan's start "
                         f"{start.isoformat()}; choose a later race date", option="--race")


def reach(weeks: Iterable[tuple[int, str, float]], race: Race, start: dt.date,
          level: str) -> None:
    """Refuse a race the progression cannot reach: the week before the race week must be in
    the continuous phase, at or after the first 30-minute continuous run. ``weeks``: each
    untapered week's (number, phase, longest continuous run), in order."""
    wanted = taper_week(start, race.date)
    full = continuous = None
    for number, phase, longest in weeks:
        if full is None and longest >= RACE_RUN_MIN[race.distance] - 1e-9:
            full = number
        if continuous is None and phase == "continuous":
            continuous = number
        if full is not None and continuous is not None:
            break
    if full is None or continuous is None:  # pragma: no cover - every progression gets there
        raise UsageError(f"a {race.label} is out of this plan's reach", option="--race")
    earliest_week = max(full, continuous) + 1
    if wanted >= earliest_week:
        return
    earliest = race.date + dt.timedelta(weeks=earliest_week - wanted)
    raise RaceTooSoonError(
        f"a {race.label} on {race.date.isoformat()} is too soon for {_WHO.get(level, level)}: "
        f"the plan reaches {RACE_RUN_MIN[race.distance]} minutes without stopping by week "
        f"{full}; the earliest race date is {earliest.isoformat()}", earliest=earliest)


def running(sessions: Iterable[Session]) -> float:
    """Minutes of running (a hard session's jogged warm-up and cool-down included)."""
    return sum(s.total_run_min for s in sessions)


def cut_to_race(sessions: Sequence[Session], race: Race, plan_id: str,
                start: dt.date) -> tuple[Session, ...]:
    """The sessions with the taper cut to the race (see the module's docstring): each taper
    week runs less than the last build week before the taper (R39), and a cut leaves no
    long run the week was not laid out around (R33)."""
    before = race.date - dt.timedelta(days=1)
    hard_from = race.date - dt.timedelta(days=NO_HARD_DAYS)
    kept = [s for s in sessions if s.date < race.date
            and not (s.date == before and s.kind in ("run", "strength"))
            and not (s.hard and s.date >= hard_from)]
    # a strength session left out takes its split half on the next day or the day before
    # with it (R37: two days next to each other hold the upper/lower split together)
    cut = {s.date for s in sessions if s.kind == "strength" and s.date >= before}
    kept = [s for s in kept if not (s.kind == "strength" and any(
        abs((s.date - d).days) == 1 for d in cut))]
    weeks = taper_weeks(start, race.date)
    build = [s for s in kept if s.week < weeks.start and not s.deload]
    last_build = max((s.week for s in build), default=None)
    baseline = running(s for s in build if s.week == last_build)
    session = race_session(race, plan_id, weeks[-1])
    for w in weeks:
        extra = session.total_run_min if w == session.week else 0.0
        while True:  # a week of the race alone is as light as a race week can be
            this_week = [s for s in kept if s.week == w and s.kind == "run"]
            if not this_week or running(this_week) + extra < baseline:
                break
            kept.remove(max(this_week, key=lambda s: (s.total_run_min, s.date)))
        # a run left longest by the cut is a long run the week was not laid out around
        # (R33: strength may sit the day before it): it goes too; the week's own stays
        planned = long_run([s for s in sessions if s.week == w])
        while (new := long_run([s for s in kept if s.week == w])) is not None and (
                new != planned):
            kept.remove(new)
    return (*kept, session)


def race_session(race: Race, plan_id: str, week: int) -> Session:
    minutes = RACE_RUN_MIN[race.distance]
    total = WARMUP_HARD + minutes + COOLDOWN
    return Session(
        uid=f"{plan_id}-w{week:02d}-race@planforge", date=race.date, week=week, kind="run",
        workout="race", hard=False,
        title=f"Week {week}: Race: {race.label}, parkrun-style ({math.floor(total + 0.5)} min)",
        warmup_min=WARMUP_HARD, cooldown_min=COOLDOWN,
        main=(Block(1, (Segment("run", minutes * 60),)),), notes=RACE_NOTES,
        # the race week is a taper: never the plan's last build week (R28)
        deload=True)


def race_of(plan: Plan) -> Session | None:
    """The plan's race session, if it has one."""
    return next((s for s in plan.sessions if s.workout == "race"), None)
