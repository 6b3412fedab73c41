"""Strength and mobility: what each week's sessions hold, one step at a time.

Pure and deterministic, like the engine that calls it (:mod:`.progression`): the engine
decides which weeks have how many strength and mobility sessions (R21, R22); this module
decides what is in them. Rule ids refer to shared/design/training-rules.md.

Each exercise climbs a ladder of rungs (its template's variations, or their alternatives for
the equipment the user has, R25). A build week moves each exercise by at most one step (R15,
R23): one more rep (5 s for a hold) inside the rep range; at the top, one more set; at the
top with all sets, the next rung (a new variation or load, back at the bottom of its range).
At most two exercises change rung in a week, and the week's sets rise by at most 20 %. While
the plan still has run/walk sessions an exercise keeps at most 2 sets, so a session stays
short (R22). A deload week drops one set (R6); the week after it holds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Sequence
from typing import NamedTuple

from ...errors import UsageError
from ...goals.equipment import EQUIPMENT, WORDS, spoken
from ...goals.templates import ExerciseSpec, Template, Variation
from ..model import Exercise, Level, Plan, Session

WARMUP_MIN = 5  # every strength session opens with it (R22)
BASE_MAX_SETS = 2  # sets per exercise while run/walk sessions remain (R22: short sessions)
MAX_RUNG_CHANGES = 2  # exercises that change variation or load in one week (R23)
MAX_SETS_RISE = 0.20  # of the previous week's sets (R21)
DUE_AFTER = 2  # build weeks an exercise waits at the top before strength gets a week (R37)
#: build weeks of bodyweight progress a level starts with: returning and runner levels never
#: start easier than a beginner (R24)
HEAD_START = {"beginner": 0, "returning": 4, "runner": 6}
REST_S = {"bodyweight": 60, "band": 60, "dumbbell": 90}
SECONDS_PER_REP = 3
CHANGE_OVER_S = 30  # moving on to the next exercise
LOAD_NOTE = ("Choosing a load: pick a dumbbell (or band) with which the top of the rep range "
             "leaves about 2 reps in reserve, the last reps slow but clean. Once every set "
             "reaches the top of the range, go 1-2 kg heavier (or a stronger band) and start "
             "again at the bottom of the range.")
NO_LOAD_NOTE = ("With no band or dumbbells, your strength work stays bodyweight: it gets "
                "harder through sets, reps and harder variations. A band or a pair of "
                "dumbbells would let you keep adding resistance.")
REST_NOTE = ("Rest 60-90 s between sets. The plan adds a rep, a set or a harder step one at a "
             "time; if a week's aim is too hard, repeat last week's numbers until every set "
             "reaches it with good form.")

class WeekFacts(NamedTuple):
    """What the strength progression needs to know of one week of the plan."""

    deload: bool
    run_walk: bool  # the week still has run/walk sessions (R22)
    #: the week brings a running stressor or an NHS jump week: no new variation or load
    #: (R36: strength changes count as stressors too)
    steady: bool = False


class StrengthWeek(NamedTuple):
    """One week's strength: the exercises its sessions share, and what is new in them."""

    exercises: tuple[Exercise, ...]
    #: (exercise id, "New this week: ..." or "Heavier this week: ...")
    news: tuple[tuple[str, str], ...]
    #: what every strength session of the week says alike, worked out once a week
    minutes: int  # the session's length (:func:`strength_minutes`)
    loaded: bool  # an exercise uses a band or a weight
    #: the lengths of the halves of a split (R37): upper body and core, legs
    halves: tuple[int, int] = (0, 0)


class _Slot(NamedTuple):
    rung: int
    sets: int
    reps: int
    waited: int  # build weeks spent at the top with nothing to change
    heavier: int = 0  # times the weight went up on the last rung


# ------------------------------------------------------------------------------ equipment


def rungs(template: Template, choice: tuple[str, ...] | None) -> dict[str, tuple[Variation, ...]]:
    """Each exercise's rungs for ``choice`` (None: any equipment): a variation, else its first
    alternative that needs only what the user has. Raises UsageError when an exercise has none."""
    out: dict[str, tuple[Variation, ...]] = {}
    for i, spec in enumerate(template.exercises):
        usable = []
        for variation in spec.variations:
            fit = next((v for v in (variation, *variation.alternatives)
                        if choice is None or set(v.equipment) <= set(choice)), None)
            if fit is not None:
                usable.append(fit)
        if not usable:
            needs = sorted({p for v in spec.variations for a in (v, *v.alternatives)
                            for p in a.equipment}, key=EQUIPMENT.index)
            raise UsageError(
                f"the {template.name!r} template ({template.path}) cannot make a plan with "
                f"{describe_choice(choice)}: every variation of exercises[{i}] ({spec.id}) "
                f"and its alternatives need equipment you do not have ({', '.join(needs)}); "
                "choose more equipment, or add an alternative to the template",
                option="--equipment")
        out[spec.id] = tuple(usable)
    return out


def describe_choice(choice: tuple[str, ...] | None) -> str:
    if choice is None:
        return "any equipment"
    return "no equipment" if not choice else "only " + spoken(choice)


def mobility_items(template: Template, choice: tuple[str, ...] | None) -> tuple[
        tuple[str, ...], tuple[str, ...]]:
    """The mobility items for ``choice`` and the equipment they need."""
    texts: list[str] = []
    needs: set[str] = set()
    for item in template.mobility:
        if choice is None or set(item.equipment) <= set(choice):
            texts.append(item.text)
            needs.update(item.equipment)
        elif item.instead:
            texts.append(item.instead)
    if not texts and template.mobility_per_week:
        raise UsageError(f"the {template.name!r} template ({template.path}) cannot make a plan "
                         f"with {describe_choice(choice)}: every mobility item needs equipment "
                         "and none says what to do instead")
    return tuple(texts), tuple(p for p in EQUIPMENT if p in needs)


# ---------------------------------------------------------------------------- progression


class Progression:
    """The strength progression, week by week (the program calls :meth:`week` once a week,
    its look-ahead included, so a follow-on plan carries strength on).

    ``ladders``: each exercise's rungs for the user's equipment (:func:`rungs`).
    """

    def __init__(self, template: Template, level: Level,
                 ladders: dict[str, tuple[Variation, ...]]) -> None:
        self.specs = template.exercises
        self.ladders = ladders
        slots = [_Slot(0, spec.start_sets, ladders[spec.id][0].reps[0], 0)
                 for spec in self.specs]
        for _ in range(HEAD_START[level]):  # bodyweight steps, 2 sets: where a level starts
            slots = _step(self.specs, ladders, slots, run_walk=True, loads=False)
        self.slots = slots
        self.started = False
        self.after_deload = False
        # an exercise's prescription often stays as it was for weeks: each is made once
        self.made: dict[tuple[int, int, int, int], Exercise] = {}
        self._current: tuple[list[_Slot], StrengthWeek] | None = None

    def week(self, facts: WeekFacts,
             fits: Callable[[StrengthWeek], bool] = lambda week: True) -> StrengthWeek:
        """The next week's strength: one step on the last (R15, R23), none in a deload week
        or the week after it, no new variation or load in a ``steady`` week (R36); a step
        the week cannot hold (``fits``: the week's time, R36; R22's 30 minutes) is not
        taken."""
        before = self.slots
        chosen = self._made_week(before, before, facts.deload)
        if self.started and not facts.deload and not self.after_deload:
            # a whole step; else, when the week cannot hold its time, new variations and
            # loads only (they start again at the bottom of their ranges)
            for grow in (True, False):
                if not grow and facts.steady:
                    break
                slots = _step(self.specs, self.ladders, before, run_walk=facts.run_walk,
                              loads=not facts.steady, rungs=not facts.steady, grow=grow)
                stepped = self._made_week(slots, before, False)
                if fits(stepped):
                    self.slots, chosen = slots, stepped
                    break
        self.started = True
        self.after_deload = facts.deload
        return chosen

    def due(self) -> bool:
        """Whether an exercise has waited 2 build weeks or more at the top of its range with
        all its sets for a new variation or load: the program then gives strength a week
        with no running stressor (R36, R37)."""
        for spec, slot in zip(self.specs, self.slots, strict=True):
            ladder = self.ladders[spec.id]
            more = slot.rung + 1 < len(ladder) or ladder[slot.rung].load != "bodyweight"
            if (more and slot.waited >= DUE_AFTER and slot.sets >= spec.max_sets
                    and slot.reps >= ladder[slot.rung].reps[1]):
                return True
        return False

    def current(self) -> StrengthWeek:
        """The strength of the last week as a build week: what a week that takes no step
        holds (its time is what the program weighs the runs a week adds with, R36)."""
        if self._current is None or self._current[0] is not self.slots:
            self._current = (self.slots, self._made_week(self.slots, self.slots, False))
        return self._current[1]

    def key(self) -> Hashable:
        """Everything of the progression that shapes its weeks to come: each exercise's rung,
        sets, reps and its wait at the top (none for one that can change no more: at the top
        of its last bodyweight rung with all its sets), whether it has started and whether
        the last week was a deload.

        A wait shapes what comes only through :meth:`due` (2 build weeks or more) and the
        order in which waiting exercises take the week's changes (the longest wait first):
        so it enters as ``min(wait, 2)`` and its rank among the waits, and a wait that grows
        for good (an exercise that keeps its place) does not keep the state from repeating."""
        frozen = [slot.rung + 1 == len(self.ladders[spec.id])
                  and slot.sets >= spec.max_sets
                  and slot.reps >= self.ladders[spec.id][slot.rung].reps[1]
                  and self.ladders[spec.id][slot.rung].load == "bodyweight"
                  for spec, slot in zip(self.specs, self.slots, strict=True)]
        waits = sorted({slot.waited for slot, done in zip(self.slots, frozen, strict=True)
                        if not done})
        rank = {wait: i for i, wait in enumerate(waits)}
        out = tuple((slot.rung, slot.sets, slot.reps,
                     None if done else (min(slot.waited, DUE_AFTER), rank[slot.waited]))
                    for slot, done in zip(self.slots, frozen, strict=True))
        return (out, self.started, self.after_deload)

    def _made_week(self, slots: list[_Slot], before: list[_Slot],
                   deload: bool) -> StrengthWeek:
        drop = 1 if deload else 0
        exercises = tuple(
            _made(self.made, n, spec, self.ladders[spec.id][slot.rung], slot, drop)
            for n, (spec, slot) in enumerate(zip(self.specs, slots, strict=True)))
        return StrengthWeek(exercises, _news(exercises, before, slots),
                            strength_minutes(exercises),
                            any(e.load != "bodyweight" for e in exercises),
                            _halves_minutes(exercises))


def _news(exercises: tuple[Exercise, ...], before: list[_Slot],
          now: list[_Slot]) -> tuple[tuple[str, str], ...]:
    news: list[tuple[str, str]] = []
    for e, old, new in zip(exercises, before, now, strict=True):
        kit = "a band" if e.load == "band" else "a weight"
        if new.rung != old.rung:
            news.append((e.exercise, f"New this week: {e.name}, at the bottom of its range "
                         f"({e.rep_range[0]})"
                         + (f"; choose {kit} that leaves about 2 reps in reserve at the top"
                            if e.load != "bodyweight" else "") + "."))
        elif new.heavier != old.heavier:
            up = "use a stronger band" if e.load == "band" else "go 1-2 kg heavier"
            news.append((e.exercise, f"Heavier this week: {e.name}. Every set reached the "
                         f"top, so {up} and start again at {e.rep_range[0]}."))
    return tuple(news)


def _step(specs: Sequence[ExerciseSpec], ladders: dict[str, tuple[Variation, ...]],
          slots: list[_Slot], *, run_walk: bool, loads: bool,
          rungs: bool = True, grow: bool = True) -> list[_Slot]:
    """One build week: each exercise takes at most one step (see the module's docstring);
    ``rungs=False``: no new variation and no heavier weight this week (R36); ``grow=False``:
    no more reps or sets, only new variations and loads."""
    sets_left = math.floor(MAX_SETS_RISE * sum(s.sets for s in slots) + 1e-9)
    changes_left = MAX_RUNG_CHANGES
    new = list(slots)
    # who has waited longest at the top goes first; then the template's order
    for i in sorted(range(len(slots)), key=lambda i: (-slots[i].waited, i)):
        spec, slot = specs[i], slots[i]
        ladder = ladders[spec.id]
        high = ladder[slot.rung].reps[1]
        max_sets = min(spec.max_sets, BASE_MAX_SETS) if run_walk else spec.max_sets
        nxt = ladder[slot.rung + 1] if slot.rung + 1 < len(ladder) else None
        # at the top, a first load (a band or a weight) comes before another set: resistance
        # grows while the sets can follow on the loaded rung (progressive resistance, R37)
        first_load = (nxt is not None and nxt.load != "bodyweight"
                      and ladder[slot.rung].load == "bodyweight")
        if slot.reps < high:
            if grow:
                new[i] = slot._replace(reps=min(high, slot.reps + (5 if spec.unit == "seconds"
                                                                   else 1)))
        elif first_load and rungs and loads and changes_left:
            assert nxt is not None
            new[i] = _Slot(slot.rung + 1, slot.sets, nxt.reps[0], 0, slot.heavier)
            changes_left -= 1
        elif slot.sets < max_sets:
            if sets_left and grow:
                new[i] = slot._replace(sets=slot.sets + 1, waited=0)
                sets_left -= 1
            else:
                new[i] = slot._replace(waited=slot.waited + 1)
        elif not rungs:
            new[i] = slot._replace(waited=slot.waited + 1)
        elif (slot.rung + 1 < len(ladder) and changes_left
              and (loads or ladder[slot.rung + 1].load == "bodyweight")):
            nxt = ladder[slot.rung + 1]
            new[i] = _Slot(slot.rung + 1, slot.sets, nxt.reps[0], 0, slot.heavier)
            changes_left -= 1
        elif (slot.rung + 1 == len(ladder) and changes_left and loads
              and ladder[slot.rung].load != "bodyweight"):  # the last rung: a heavier weight
            new[i] = _Slot(slot.rung, slot.sets, ladder[slot.rung].reps[0], 0, slot.heavier + 1)
            changes_left -= 1
        else:
            new[i] = slot._replace(waited=slot.waited + 1)
    return new


def _made(made: dict[tuple[int, int, int, int], Exercise], n: int, spec: ExerciseSpec,
          rung: Variation, slot: _Slot, drop: int) -> Exercise:
    """Exercise ``n`` of the template as :func:`_exercise` makes it, from ``made`` when
    made before with the same rung, sets and reps (all it depends on besides the template)."""
    key = (n, slot.rung, max(1, slot.sets - drop), slot.reps)
    exercise = made.get(key)
    if exercise is None:
        exercise = made[key] = _exercise(spec, rung, slot, drop)
    return exercise


def _exercise(spec: ExerciseSpec, rung: Variation, slot: _Slot, drop: int) -> Exercise:
    return Exercise(
        exercise=spec.id, name=rung.name, sets=max(1, slot.sets - drop), reps=slot.reps,
        rep_range=rung.reps, per_side=spec.per_side, load=rung.load, muscles=spec.muscles,
        cue=rung.cue, rest_s=REST_S.get(rung.load, 75), unit=spec.unit,
        equipment=rung.equipment, variation=rung.variation, fit=rung.fit,
    )


# ------------------------------------------------------------------------------- sessions


LEG_MUSCLES = frozenset({"glutes", "hamstrings", "quads", "adductors", "abductors", "calves"})
BASE_MAX_MINUTES = 30  # R22: a strength session while run/walk sessions remain


def _halves_minutes(exercises: Sequence[Exercise]) -> tuple[int, int]:
    upper = tuple(e for e in exercises if half_of(e) == "upper")
    lower = tuple(e for e in exercises if half_of(e) == "lower")
    return (strength_minutes(upper) if upper else 0, strength_minutes(lower) if lower else 0)


def half_minutes(week: StrengthWeek, half: str) -> int:
    """The length of the ``upper`` or ``lower`` half of the week's strength (R37)."""
    return week.halves[0 if half == "upper" else 1]


#: what each half of a split (R37) is called in its title, and what it tells
HALVES = {
    "upper": ("Strength: upper body and core",
              "Split week: today upper body and core, your legs the day before or after (R37)."),
    "lower": ("Strength: legs",
              "Split week: today your legs, upper body and core the day before or after (R37)."),
}
AFTER_HARD_RUN = ("Today's hard run comes first: do this after the hard run (a short snack "
                  "and a drink between them), never before it, so you run fresh.")


def half_of(exercise: Exercise) -> str:
    """``lower`` for an exercise that works the legs, else ``upper`` (R37's split)."""
    return "lower" if LEG_MUSCLES.intersection(exercise.muscles) else "upper"


def can_split(template: Template) -> bool:
    """Whether the goal's exercises make an upper/lower split that loads no muscle group on
    both days (R12, R37): each half holds exercises, and they share no muscle."""
    halves: dict[str, set[str]] = {"upper": set(), "lower": set()}
    for spec in template.exercises:
        half = "lower" if LEG_MUSCLES.intersection(spec.muscles) else "upper"
        halves[half].update(spec.muscles)
    return bool(halves["upper"]) and bool(halves["lower"]) and not (
        halves["upper"] & halves["lower"])


def strength_session(template: Template, week: StrengthWeek, uid: str, date: dt.date, *,
                     week_number: int, deload: bool, notes: list[str], half: str = "",
                     after_hard_run: bool = False) -> Session:
    """A strength session of the week: every exercise, or (``half``: ``upper`` or ``lower``)
    one half of a split. ``after_hard_run``: it shares its day with a hard run (R33)."""
    exercises = week.exercises
    minutes = week.minutes
    title = "Strength"
    if half:
        exercises = tuple(e for e in exercises if half_of(e) == half)
        minutes = strength_minutes(exercises)
        title, split_note = HALVES[half]
        notes.append(split_note)
    ids = {e.exercise for e in exercises}
    notes.extend(text for exercise, text in week.news if exercise in ids)
    if after_hard_run:
        notes.append(AFTER_HARD_RUN)
    notes.append(REST_NOTE)
    if any(e.load != "bodyweight" for e in exercises):
        notes.append(LOAD_NOTE)
    if deload:
        notes.append("Easier week: one set fewer of each exercise.")
    return Session(
        uid=uid, date=date, week=week_number, kind="strength", workout="strength", hard=False,
        title=f"Week {week_number}: {title} ({minutes} min)",  # the goal is the calendar's name
        warmup_min=WARMUP_MIN, exercises=exercises, notes=tuple(notes), deload=deload,
        minutes=minutes,
    )


def strength_minutes(exercises: Sequence[Exercise]) -> int:
    """The session's length, warm-up included, in whole 5 minutes (rounded up)."""
    seconds = WARMUP_MIN * 60
    for ex in exercises:
        work = ex.reps if ex.unit == "seconds" else ex.reps * SECONDS_PER_REP
        if ex.per_side:
            work *= 2
        seconds += ex.sets * work + (ex.sets - 1) * ex.rest_s + CHANGE_OVER_S
    return 5 * math.ceil(seconds / 300)


def mobility_session(template: Template, items: tuple[str, ...], uid: str, date: dt.date, *,
                     week_number: int, deload: bool, notes: list[str]) -> Session:
    notes.append("Gentle: ease into each position and never force a stretch.")
    return Session(
        uid=uid, date=date, week=week_number, kind="mobility", workout="mobility", hard=False,
        title=f"Week {week_number}: {template.mobility_title} ({template.mobility_minutes} min)",
        notes=(*notes, *items), deload=deload, minutes=template.mobility_minutes,
        movements=items,
    )


# ------------------------------------------------------------------------ what it needs


def plan_equipment(weeks: Sequence[tuple[int, tuple[Exercise, ...]]],
                   mobility_needs: tuple[str, ...]) -> tuple[str, ...]:
    """Every piece of equipment the plan needs, in :data:`EQUIPMENT` order, from the
    exercises of its weeks with strength (``(week, exercises)``) and its mobility items."""
    used = {p for _, exercises in weeks for e in exercises for p in e.equipment}
    used.update(mobility_needs)
    return tuple(p for p in EQUIPMENT if p in used)


def equipment_lines(weeks: Sequence[tuple[int, tuple[Exercise, ...]]],
                    equipment: tuple[str, ...], choice: tuple[str, ...] | None) -> tuple[str, ...]:
    """What the plan says up front about equipment and loads (plan notes, week 1's notes)."""
    if not equipment:
        lines = ["Equipment: none; every exercise uses your bodyweight."]
    else:
        first: dict[str, int] = {}
        for number, exercises in weeks:
            for e in exercises:
                for piece in e.equipment:
                    first.setdefault(piece, number)
        later = [f"{spoken([p])} from week {first[p]}" for p in equipment
                 if first.get(p, 1) > 1]
        lines = [f"Equipment: {spoken(equipment)}"
                 + (f" ({'; '.join(later)})" if later else "") + "."]
    if any(e.load != "bodyweight" for _, exercises in weeks for e in exercises):
        lines.append(LOAD_NOTE)
    elif choice is not None and not {"band", "dumbbells"} & set(choice):
        lines.append(NO_LOAD_NOTE)
    return tuple(lines)


def equipment_words(plan: Plan) -> list[str]:
    """The plan's equipment as a person reads it, one piece a line (HTML, ``show``)."""
    if not plan.equipment:
        return ["None: every exercise uses your bodyweight."]
    return [WORDS.get(piece, piece).capitalize() for piece in plan.equipment]
