"""The plan as data: frozen dataclasses holding tuples, built by the engine, read by every writer.

Nothing here does I/O or reads the clock. Minutes are floats where the NHS plan uses halves
(1.5 min walks); seconds are ints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .vocab import LEVELS as LEVELS  # re-exported: the names live where --help finds them
from .vocab import RACE_DISTANCES as RACE_DISTANCES
from .vocab import WEEKDAYS as WEEKDAYS
from .vocab import Level as Level

Kind = Literal["run", "strength", "mobility", "walk"]
#: what a session is, finer than ``Kind``: drives titles, labels and the rule checks. A
#: ``race`` is a run (its own effort, neither easy nor a hard session of reps, R39); a
#: ``walk`` is a brisk walk on a training day without a run (R30)
Workout = Literal["run-walk", "easy", "intervals", "hills", "race", "strength", "mobility",
                  "walk"]
#: what the body does in one segment of a run's main set
Effort = Literal["run", "walk", "fast", "jog", "hill", "stride"]

#: efforts that count as running (everything but walking)
RUNNING_EFFORTS: frozenset[str] = frozenset({"run", "fast", "jog", "hill", "stride"})

#: the last day a plan may reach: an all-day event ends on the day after its date
LAST_DAY = dt.date.max - dt.timedelta(days=1)
#: the longest plan planforge holds: a 52-week plan, shifted and with repeated weeks (a plan
#: file may hold no more; shift and repeat-week refuse to go past it)
MAX_FILE_WEEKS = 104


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of a main set: ``effort`` for ``seconds``."""

    effort: Effort
    seconds: int

    @property
    def running(self) -> bool:
        return self.effort in RUNNING_EFFORTS


@dataclass(frozen=True, slots=True)
class Block:
    """``repeat`` times the ``segments`` in order (``8 x (run 1 min, walk 1.5 min)``)."""

    repeat: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Exercise:
    """One strength exercise as prescribed in one session."""

    exercise: str  # the exercise family's id in its template, e.g. "hip-thrust"
    name: str  # the variation done this session, e.g. "Glute bridge, 2-s hold"
    sets: int
    reps: int  # per set; per side when ``per_side``
    rep_range: tuple[int, int]  # the variation's range; move on at the top (R15)
    per_side: bool
    load: str  # "bodyweight", "band", "dumbbell", ...
    muscles: tuple[str, ...]
    cue: str
    rest_s: int = 75
    unit: str = "reps"  # "seconds" for holds: then ``reps`` is seconds per set
    equipment: tuple[str, ...] = ()  # what it needs (goals.equipment.EQUIPMENT names)
    variation: str = ""  # the movement, the same across loads (R23); "" means ``name``
    #: Garmin's FIT name for it, from its template (``goals.fitnames``): "category.name"
    #: (``squat.goblet_squat``), a category alone when the FIT profile has no name for it,
    #: "" when nothing says (a plan file from before; a template without ``fit``)
    fit: str = ""

    @property
    def movement(self) -> str:
        return self.variation or self.name


@dataclass(frozen=True, slots=True)
class Done:
    """What was done of a workout (``planforge done``): the day, the minutes of running in
    it, its longest stretch of running without a walk or pause of 30 s or more, and where
    the record came from (an activity file's name, or ``by hand``)."""

    date: dt.date
    run_min: float
    longest_run_min: float
    source: str


@dataclass(frozen=True, slots=True)
class Session:
    """One workout on one day: what goes into one calendar event."""

    uid: str
    date: dt.date
    week: int  # 1-based 7-day block from the plan's start date
    kind: Kind
    workout: Workout
    hard: bool
    title: str
    warmup_min: float = 0
    cooldown_min: float = 0
    main: tuple[Block, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    notes: tuple[str, ...] = ()
    deload: bool = False
    minutes: float = 0  # length of a strength or mobility session; runs derive theirs
    sequence: int = 0  # bumped when a re-rendered or shifted workout changed
    #: a mobility session's movements in order, one watch step each; each is one of its
    #: ``notes`` too, where every writer lists them (() in a plan file from before)
    movements: tuple[str, ...] = ()
    #: the record of real life (R31, R32): what was done, or that the workout was missed;
    #: a recorded workout is history and never moves
    done: Done | None = None
    missed: bool = False

    @property
    def recorded(self) -> bool:
        """Done or missed: history, which no re-planning moves."""
        return self.done is not None or self.missed

    @property
    def run_min(self) -> float:
        return _minutes(self.main, running=True)

    @property
    def walk_min(self) -> float:
        return _minutes(self.main, running=False)

    @property
    def on_feet_min(self) -> float:
        """Running plus walking in the main set (warm-up and cool-down excluded)."""
        return self.run_min + self.walk_min

    @property
    def longest_run_min(self) -> float:
        """The longest stretch of running without a walk break."""
        longest = current = 0
        for block in self.main:
            for _ in range(block.repeat):
                for segment in block.segments:
                    if segment.effort in RUNNING_EFFORTS:  # Segment.running, without a call
                        current += segment.seconds
                        longest = max(longest, current)
                    else:
                        current = 0
        return longest / 60

    @property
    def total_run_min(self) -> float:
        """Every minute of running or jogging: the main set's running, and a hard session's
        warm-up and cool-down, which are easy jogs (an easy run's are walks)."""
        if self.kind != "run":
            return 0.0
        return self.run_min + (self.warmup_min + self.cooldown_min if self.hard else 0.0)

    @property
    def duration_min(self) -> float:
        """The whole workout as it sits in the calendar, warm-up and cool-down included."""
        if self.kind == "run":
            return self.warmup_min + self.on_feet_min + self.cooldown_min
        return self.minutes


def _minutes(blocks: tuple[Block, ...], *, running: bool) -> float:
    # ``segment.effort in RUNNING_EFFORTS`` is Segment.running: every writer asks this of
    # every run, so the property call is left out of the loop
    seconds = sum(
        block.repeat * segment.seconds
        for block in blocks
        for segment in block.segments
        if (segment.effort in RUNNING_EFFORTS) is running
    )
    return seconds / 60


@dataclass(frozen=True, slots=True)
class Times:
    """When timed events start: a default and per-weekday overrides; empty means all-day."""

    default: dt.time | None = None
    by_weekday: tuple[tuple[int, dt.time], ...] = ()  # (weekday 0=Mon, time), sorted

    def for_weekday(self, weekday: int) -> dt.time | None:
        for day, at in self.by_weekday:
            if day == weekday:
                return at
        return self.default

    @property
    def all_day(self) -> bool:
        return self.default is None and not self.by_weekday


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where a plan leaves the user: its last build week (never a deload week, R28).

    ``most_days_after`` and ``hard_after``: weeks after the plan's last week until 30 minutes
    on most days and until the first hard session, when a longer plan would get there;
    ``full_run_after`` likewise until the first 30-minute continuous run.
    """

    week: int
    runs: int
    longest_run_min: float  # the longest continuous run of that week
    hard: int  # hard sessions in that week
    most_days_after: int | None = None
    hard_after: int | None = None
    #: weeks after the plan's last week until the first 30-minute continuous run, when the
    #: plan holds none and a longer plan would get there (R30: said in months)
    full_run_after: int | None = None


@dataclass(frozen=True, slots=True)
class Race:
    """The race a plan ends with (``--race DATE``, R39): its day and distance."""

    date: dt.date
    distance: str = "5k"  # one of RACE_DISTANCES

    @property
    def label(self) -> str:
        """``5K``: the distance as people write it."""
        return self.distance.upper()


@dataclass(frozen=True, slots=True)
class Plan:
    """A whole plan: what was asked, what it holds, and what it says about itself."""

    plan_id: str  # stable hash of the inputs; prefix of every session UID
    goal: str
    goal_title: str
    level: Level
    weeks: int
    start: dt.date
    days: tuple[int, ...]  # weekdays the user can train, 0=Mon, sorted
    timezone: str | None  # IANA name for timed events; None when all-day
    times: Times
    created: dt.datetime  # aware, UTC: DTSTAMP; passed in, never read from the clock
    summary: str
    notes: tuple[str, ...]
    left_out: tuple[str, ...]  # what the chosen days could not hold, said plainly
    sessions: tuple[Session, ...]
    reached_most_days_week: int | None = None  # first week with 30 min on most days, if any
    continues: int = 0  # weeks of the same progression done before this plan (a follow-on)
    outcome: Outcome | None = None  # measured by core.engine.outcome; None for a plan with no runs
    extra: tuple[tuple[str, str], ...] = field(default=())
    equipment: tuple[str, ...] = ()  # every piece the plan's workouts need (R25)
    #: what the user said they have (``--equipment``); None: no limit was given
    equipment_choice: tuple[str, ...] | None = None
    #: the race the plan ends with (R39): its last session, on that date; None: no race
    race: Race | None = None

    @property
    def end(self) -> dt.date:
        """The last day of the plan: start + 7N - 1 days."""
        return self.start + dt.timedelta(days=7 * self.weeks - 1)
