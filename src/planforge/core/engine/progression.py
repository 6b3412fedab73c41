"""The progression engine: goal, level, weeks, start date and training days in, a frozen Plan out.

Pure and deterministic: no clock, no randomness, no I/O beyond reading a template through
``templates``. The plan is built in three steps:

1. :func:`planforge.core.engine.program.program` walks week by week through the progression (the
   NHS Couch to 5K run/walk ladder, then continuous running with one new stressor a week and
   a deload every 4th week), placing each week's sessions on the user's days with
   ``schedule.place_week``;
2. ``_sessions`` turns each week into dated sessions with exercises and notes;
3. :mod:`planforge.core.engine.outcome` measures where the plan ends (its last build week) and
   writes the summary from that data; ``_left_out`` says what the days could not hold.

Rule ids (R1-R39) refer to shared/design/training-rules.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import replace
from hashlib import sha256

from ...errors import UsageError
from ...goals.equipment import parse_equipment
from ...goals.templates import Template, load_goal
from ..inputs.given import check_build_values
from ..limits import WHO_STRENGTH_DAYS
from ..model import LAST_DAY, LEVELS, WEEKDAYS, Level, Plan, Race, Session, Times
from . import outcome as outcomes
from . import race as races
from . import strength
from .program import Week, most_runs, program
from .runs import COOLDOWN, Run
from .schedule import ladder_slots, training_days

MAX_WEEKS = 52
#: how far ahead the summary looks for "30 minutes on most days" and the first hard session
LOOKAHEAD_WEEKS = 80
DEFAULT_DAYS: dict[str, tuple[int, ...]] = {
    "beginner": (0, 2, 4, 5),  # Mon, Wed, Fri, Sat
    "returning": (0, 1, 3, 4, 6),  # Mon, Tue, Thu, Fri, Sun: never 4 running days in a row
    "runner": (0, 1, 2, 4, 5, 6),  # every day but Thursday
}
#: a goal that asks 5 runs a week gets 5 days by default, so its defaults can hold it
FIVE_DAYS = (0, 1, 3, 4, 5)  # Mon, Tue, Thu, Fri, Sat

# ----------------------------------------------------------------------------- public API


def default_days(level: str, goal: str | Template | None = None) -> tuple[int, ...]:
    """The weekdays (0 = Monday) a plan uses when the user names none: enough for the runs
    the goal asks, so the defaults never make the plan leave anything out."""
    _check_level(level)
    days = DEFAULT_DAYS[level]
    if goal is not None:
        template = goal if isinstance(goal, Template) else load_goal(goal)
        if template.target_runs > len(days) - 0 and len(days) < 5:
            days = FIVE_DAYS
    return days


def build_plan(
    *,
    goal: str | Template,
    weeks: int,
    start: dt.date,
    created: dt.datetime,
    level: str = "beginner",
    days: Sequence[int] | None = None,
    timezone: str | None = None,
    times: Times | None = None,
    continues: int = 0,
    equipment: str | Sequence[str] | None = None,
    race: Race | None = None,
) -> Plan:
    """Build the whole plan. Raises UsageError (or UnknownGoalError) for values it can't use.

    ``continues``: the number of weeks of this progression already done (a follow-on plan,
    ``planforge next``): the plan picks up at the week after them, numbered from 1 again.
    ``equipment``: what the user has (``"none"``, ``"dumbbells,mat"`` or a sequence of names,
    see :mod:`planforge.goals.equipment`); the plan uses only that. None: no limit.
    ``race``: the race the plan ends with (R39, :mod:`.race`): ``weeks`` must be the week
    holding its date; a race the progression cannot reach is refused (RaceTooSoonError).
    """
    check_build_values(start=start, created=created, days=days, timezone=timezone, times=times)
    template = goal if isinstance(goal, Template) else load_goal(goal)
    _check_level(level)
    _check_args(weeks, start, created, continues)
    chosen = tuple(sorted(set(default_days(level, template) if days is None else days)))
    if not chosen or any(not 0 <= d <= 6 for d in chosen):
        raise UsageError("days must name at least one weekday (0 = Monday to 6 = Sunday)")
    times = times or Times()
    if not times.all_day and not timezone:
        raise UsageError("timed workouts need a time zone")
    lvl: Level = level  # type: ignore[assignment]
    choice = None if equipment is None else parse_equipment(equipment)
    ladders = strength.rungs(template, choice)  # a template that cannot serve it says so
    mobility_items, mobility_needs = strength.mobility_items(template, choice)

    plan_id = _plan_id(template, lvl, weeks, start, chosen, continues, choice, race)
    offsets = tuple(sorted((d - start.weekday()) % 7 for d in chosen))
    split = strength.can_split(template)
    if race is not None:
        races.check_race(race, start)
        if races.race_week(start, race.date) != weeks:
            raise UsageError(f"a race on {race.date.isoformat()} is in week "
                             f"{races.race_week(start, race.date)} of a plan starting "
                             f"{start.isoformat()}, not week {weeks}", option="--weeks")
        untapered = _renumbered(program(template, lvl, offsets, split=split, ladders=ladders),
                                continues)
        races.reach(((w.number, w.phase, max((r.longest for r in w.runs), default=0.0))
                     for w in itertools.islice(untapered, LOOKAHEAD_WEEKS)),
                    race, start, lvl)
    # strength moves on week by week with the runs, over the whole progression, so a
    # follow-on plan carries it on
    raw = program(template, lvl, offsets, split=split, ladders=ladders,
                  taper_at=None if race is None else races.taper_week(start, race.date)
                  + continues)
    for _ in range(continues):  # the weeks a follow-on plan comes after
        next(raw)
    weekly = _renumbered(raw, continues)
    plan_weeks = [next(weekly) for _ in range(weeks)]
    ahead = _ahead(weekly, plan_weeks, weeks,
                   most_days=most_runs(template, offsets) >= outcomes.MOST_DAYS_RUNS)
    lifting = [w.lifting for w in plan_weeks if w.lifting is not None]
    assert len(lifting) == len(plan_weeks)  # the program gives every week its strength
    with_strength = [(w.number, lifting[i].exercises) for i, w in enumerate(plan_weeks)
                     if w.strength]
    kit = strength.plan_equipment(
        with_strength, mobility_needs if any(w.mobility for w in plan_weeks) else ())
    kit_lines = strength.equipment_lines(with_strength, kit, choice)
    calendar = training_days(start=start, weeks=weeks, days=chosen)
    sessions = tuple(_sessions(template, plan_id, calendar, plan_weeks, lifting, mobility_items,
                               kit_lines))
    if race is not None:
        sessions = races.cut_to_race(sessions, race, plan_id, start)
    plan = Plan(
        plan_id=plan_id, goal=template.name, goal_title=template.title, level=lvl,
        weeks=weeks, start=start, days=chosen,
        timezone=None if times.all_day else timezone, times=times,
        created=created.astimezone(dt.UTC).replace(microsecond=0),
        summary="", notes=(*_plan_notes(template), *kit_lines), left_out=(),
        sessions=sessions, continues=continues, equipment=kit, equipment_choice=choice,
        race=race,
    )
    fewer = outcomes.fewer_runs_line(plan, template.easy_runs[0])  # R38, from the sessions
    plan = replace(plan, left_out=(*_left_out(plan_weeks, template, chosen, offsets),
                                   *((fewer,) if fewer else ())))
    # restated measures the plan (reached_most_days_week, outcome) and writes its summary
    return outcomes.restated(plan, most_days_after=ahead[0], hard_after=ahead[1],
                             full_run_after=ahead[2])


def _check_args(weeks: int, start: dt.date, created: dt.datetime, continues: int) -> None:
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(f"weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks!r}")
    if start > LAST_DAY - dt.timedelta(days=7 * weeks - 1):
        raise UsageError(f"start date {start.isoformat()} with {weeks} weeks would end after "
                         f"{LAST_DAY.isoformat()}, the last day a plan can reach; choose an "
                         "earlier start date")
    if created.tzinfo is None or created.utcoffset() is None:
        raise UsageError("created must be an aware datetime (UTC)")
    if isinstance(continues, bool) or not isinstance(continues, int) or not (
            0 <= continues <= 10 * MAX_WEEKS):
        raise UsageError(f"continues must be a whole number of weeks from 0 to "
                         f"{10 * MAX_WEEKS}, not {continues!r}")


def _ahead(weekly: Iterator[Week], plan_weeks: Sequence[Week], weeks: int, *,
           most_days: bool = True) -> tuple[int | None, int | None, int | None]:
    """Weeks after the plan's end until 30 minutes on most days, until hard work and until
    the first 30-minute continuous run (None: already in the plan, or not within the
    look-ahead).

    ``most_days``: whether any week can hold 30 minutes on most days (4 runs or more,
    :func:`.program.most_runs`); when none can, the look-ahead stops once it has found the
    rest instead of looking through all its weeks for what cannot come (a goal of 3 runs a
    week, or days that hold 3: without this, most of the time of such a plan)."""
    most = None if not most_days or any(_most_days(w) for w in plan_weeks) else 0
    hard = None if any(r.hard for w in plan_weeks for r in w.runs) else 0
    full = None if any(_full_run(w) for w in plan_weeks) else 0
    seen: set[Hashable] = set()
    for week in weekly:
        if most == 0 and _most_days(week):
            most = week.number - weeks
        if hard == 0 and any(r.hard for r in week.runs):
            hard = week.number - weeks
        if full == 0 and _full_run(week):
            full = week.number - weeks
        if (most != 0 and hard != 0 and full != 0) or week.number >= LOOKAHEAD_WEEKS:
            break
        # back in a state of an earlier week looked at: the weeks to come repeat weeks
        # already looked at, so the rest of the look-ahead could find nothing new
        if week.carry is not None:
            if week.carry in seen:
                break
            seen.add(week.carry)
    return most or None, hard or None, full or None


def _full_run(week: Week) -> bool:
    return any(r.longest >= outcomes.FULL_RUN_MIN for r in week.runs)


def _most_days(week: Week) -> bool:
    return sum(1 for r in week.runs if r.on_feet >= 29.5) >= outcomes.MOST_DAYS_RUNS


def _renumbered(weekly: Iterator[Week], skip: int) -> Iterator[Week]:
    """The program after its first ``skip`` weeks, numbered from week 1."""
    for week in weekly:
        if week.number > skip:
            yield week._replace(number=week.number - skip) if skip else week


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; choose one of: {', '.join(LEVELS)}")


def _plan_id(template: Template, level: str, weeks: int, start: dt.date,
             days: tuple[int, ...], continues: int, choice: tuple[str, ...] | None,
             race: Race | None = None) -> str:
    key = "|".join((template.name, template.digest, level, str(weeks), start.isoformat(),
                    ",".join(WEEKDAYS[d] for d in days), str(continues)))
    if choice is not None:  # plans made without --equipment keep the ids they had
        key += "|equipment=" + ",".join(choice)
    if race is not None:  # likewise plans without a race
        key += f"|race={race.date.isoformat()},{race.distance}"
    return sha256(key.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- the sessions

R17_NOTES = (
    "Wear proper running shoes with support and cushioning, fitted at a running shop if you can.",
    "Stop if it hurts: pain is not part of the plan. Repeat a week whenever you need to; "
    "any week may be repeated.",
)
#: R29: who should talk to a doctor first, and what to do after missed sessions
R29_NOTES = (
    "Talk to your doctor (GP) before you start if you have a heart, joint or other health "
    "condition, if you are pregnant, or if you have given birth in the last few months.",
    "Missed a session? Carry on with the next one; never squeeze two into one day. Missed a "
    "week or more? Record the days you missed (planforge missed, or 'I missed some days' on "
    "the web page): the plan repeats the last week you completed, or steps back after a "
    "longer break, before moving on.",
)


def _sessions(template: Template, plan_id: str, calendar: Sequence[Mapping[int, dt.date]],
              weeks: Sequence[Week],
              lifting: Sequence[strength.StrengthWeek], mobility_items: tuple[str, ...],
              first_notes: tuple[str, ...]) -> Iterator[Session]:
    first = True
    for week, lifts in zip(weeks, lifting, strict=True):
        dates = calendar[week.number - 1]  # the week's training days (schedule.training_days)
        hard_runs = iter([r for r in week.runs if r.hard])
        easy = [r for r in week.runs if not r.hard]
        long_runs: Iterator[Run] = iter(())
        if any("long" in slots for slots in week.layout):  # the longest easy run (R33)
            longest = max(range(len(easy)), key=lambda i: (easy[i].on_feet, i))
            long_runs = iter([easy.pop(longest)])
        easy_runs = iter(easy)
        index = 0
        for offset, slots in enumerate(week.layout):
            if not slots:
                continue
            date = dates[offset]
            for slot in slots:
                index += 1
                uid = f"{plan_id}-w{week.number:02d}-{index}@planforge"
                notes: list[str] = []
                if first:
                    notes.extend(_plan_notes(template))
                    notes.extend(first_notes)
                    first = False
                if slot in ("hard", "run", "long"):
                    run = next({"hard": hard_runs, "run": easy_runs, "long": long_runs}[slot])
                    yield _run_session(run, uid, date, week, notes)
                elif slot == "walk":
                    yield _walk_session(uid, date, week, notes)
                elif slot in ("strength", "upper", "lower"):
                    yield strength.strength_session(
                        template, lifts, uid, date, week_number=week.number,
                        deload=week.deload, notes=notes,
                        half="" if slot == "strength" else slot,
                        after_hard_run="hard" in slots)
                else:
                    yield strength.mobility_session(
                        template, mobility_items, uid, date, week_number=week.number,
                        deload=week.deload, notes=notes)


_RUN_NOTES = {
    "run-walk": "Run at a pace you could still talk at; walk briskly in the breaks.",
    "easy": "Easy, conversational pace the whole way.",
    "hills": "Find a short, steep hill. Sprint up hard but relaxed for the seconds given, then "
             "walk all the way back down (at least 2 minutes) before the next; stop the set if "
             "your form breaks down. No hill? Sprint up a flight of stairs or a ramp, or run "
             "the same short bursts fast on the flat, with the same 2-minute walk between.",
    "intervals": "The warm-up ends with 4 strides: 15 s quick and relaxed, 45 s easy jog. Then "
                 "fast reps at a hard effort you could hold for about a mile, not a flat-out "
                 "sprint; jog easily between them.",
}
STRIDES_NOTE = ("Strides at the end: 15 s quick and relaxed (not a sprint), 45 s of easy jog "
                "between them; they keep your legs used to faster running in this easier "
                "week.")
BUILD_STRIDES_NOTE = ("Strides at the end: 15 s quick and relaxed (not a sprint), 45 s of easy "
                      "jog between them; light quality work that gets your legs used to "
                      "faster running.")


def _run_session(run: Run, uid: str, date: dt.date, week: Week, notes: list[str]) -> Session:
    total = run.warmup + run.on_feet + COOLDOWN
    notes.append(_RUN_NOTES[run.workout])
    what = _run_title(run)
    if not run.hard and any(s.effort == "stride" for b in run.main for s in b.segments):
        notes.append(STRIDES_NOTE if week.deload else BUILD_STRIDES_NOTE)
    if week.deload:
        notes.append("Easier week: less running lets your body absorb the last three weeks.")
    return Session(
        uid=uid, date=date, week=week.number, kind="run", workout=run.workout, hard=run.hard,
        # whole minutes: a calendar title says "(36 min)", never "(36.3 min)"
        title=f"Week {week.number}: {what} ({math.floor(total + 0.5)} min)",
        warmup_min=run.warmup, cooldown_min=COOLDOWN, main=run.main, notes=tuple(notes),
        deload=week.deload,
    )


WALK_MIN = 30
WALK_NOTE = ("A brisk walk on a day without a run: fast enough that you breathe harder, slow "
             "enough to talk. With one run a week it keeps your weekly activity up (the WHO "
             "asks 150 minutes) while the running base grows one session at a time.")


def _walk_session(uid: str, date: dt.date, week: Week, notes: list[str]) -> Session:
    notes.append(WALK_NOTE)
    return Session(
        uid=uid, date=date, week=week.number, kind="walk", workout="walk", hard=False,
        title=f"Week {week.number}: Brisk walk ({WALK_MIN} min)", notes=tuple(notes),
        deload=week.deload, minutes=WALK_MIN,
    )


def _run_title(run: Run) -> str:
    if run.workout == "run-walk":
        block = run.main[0]
        runs_in = [s for s in block.segments if s.running]
        if block.repeat > 1 and len(runs_in) == 1:
            return f"Run/walk {block.repeat} x {_mins(runs_in[0].seconds / 60)} min"
        return f"Run/walk, {_mins(run.running)} min running"
    if run.workout == "easy":
        first = run.main[0].segments[0].seconds / 60
        strides = sum(b.repeat for b in run.main[1:])
        return f"Easy run {_mins(first)} min" + (f" with {strides} strides" if strides else "")
    block = run.main[-1]
    name = "Hill sprints" if run.workout == "hills" else "Intervals"
    return f"{name} {block.repeat} x {block.segments[0].seconds} s"


def _mins(minutes: float) -> str:
    return f"{minutes:g}" if minutes == int(minutes) else f"{minutes:.1f}".rstrip("0")


# ---------------------------------------------------------------------- what the plan says


def _plan_notes(template: Template) -> tuple[str, ...]:
    return (*R17_NOTES, *R29_NOTES, *(note.text for note in template.notes))


def _left_out(weeks: Sequence[Week], template: Template, days: tuple[int, ...],
              offsets: tuple[int, ...]) -> tuple[str, ...]:
    """What the chosen days could not hold, week by week, and why (one line per kind)."""
    day_names = ", ".join(WEEKDAYS[d] for d in days)
    lines = []
    rw = [w.number for w in weeks if "run" in w.shortfalls and w.phase == "run-walk"]
    if rw:
        n = ladder_slots(offsets)
        lines.append(f"Left out runs: your days ({day_names}) hold {n} run/walk "
                     f"session{'s' if n != 1 else ''} a week (they need a day between them), "
                     f"so {outcomes.in_weeks(rw)} {'have' if len(rw) > 1 else 'has'} fewer "
                     "runs than the NHS plan's 3; each NHS week's sessions are still done at least "
                     "twice, so the plan takes more weeks and skips no step; choose more "
                     "training days to run more often")
    paired = [w.number for w in weeks if "pair" in w.shortfalls]
    if paired:
        lines.append(f"Left out runs: on your days ({day_names}) a run more would come the "
                     "day after another for the first time in the same week it is added, two "
                     "new stressors at once (R21), and no week can bring in back-to-back days "
                     f"alone; so {outcomes.in_weeks(paired)} keep their runs and grow the long run "
                     "instead; choose another training day to change that")
    jumped = [w.number for w in weeks if "jump" in w.shortfalls]
    if jumped:
        lines.append("Left out runs: a run more (at least 15 minutes, and half the long run) "
                     "would add more than 30 % to the week's running, too big a step (R3, "
                     f"R21); so {outcomes.in_weeks(jumped)} keep their runs (the long run grows "
                     "instead, up to 60 minutes); choose more training days to run more often")
    for what, line in (
        ("hard", "hard sessions: {weeks} {verb} a hard session less, because hard days may "
                 "not follow each other, a leg strength day, the long run or two running "
                 "days"),
        ("strength", "strength: {weeks} {verb} 2 strength days, not the goal's {days} (48 h "
                     "between sessions for the same muscles, none on or the day before the "
                     "long run, a rest day each week)"),
        ("mobility", "mobility: {weeks} {verb} fewer mobility sessions than the goal's "
                     "{mob} a week"),
    ):
        # fewer than 2 strength days a week is said in the summary, with the WHO's target
        hit = [w.number for w in weeks if what in w.shortfalls
               and (what != "strength" or w.strength >= WHO_STRENGTH_DAYS)]
        if hit:
            lines.append("Left out " + line.format(
                weeks=outcomes.in_weeks(hit), verb="have" if len(hit) > 1 else "has",
                mob=template.mobility_per_week, days=template.strength_days))
    return tuple(lines)


