"""FIT watch files (issue 14): every session encodes, and two decoders read back the plan.

Every session of every goal and level is encoded, checked with Garmin's decoder (integrity,
no errors) and read by fitdecode too; both must give the steps, durations, repeat counts and
exercise categories the plan holds (worked out in tests/fit_reading.py from the session
itself). A hypothesis property test does the same over plans of any goal, level, length,
days and start; its example count follows the profile (``PLANFORGE_FUZZ=long`` for more).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fit_reading import (
    CATEGORY,
    GOLDEN_MOVEMENTS,
    decoders,
    expected_steps,
    fitdecode_read,
    garmin_read,
    steps_of,
    unrolled,
)
from fuzz_support import fuzz_budget
from planforge.core.engine.progression import build_plan
from planforge.core.model import Block, Exercise, Plan, Segment, Session, Times
from planforge.formats import fit, fitfolder, steps
from planforge.goals.fitnames import FitProfile, load_profile
from sampling import sample

ROOT = Path(__file__).resolve().parent.parent
CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
GOALS = ("glutes", "thighs", "cellulite", "fat-loss", "loose-skin", "general")
LEVELS = ("beginner", "returning", "runner")
#: a workout's FIT sport by the session's kind: strength and mobility are training
SPORT = {"run": "running", "walk": "walking"}


@pytest.fixture(autouse=True)
def _decoders() -> None:
    decoders()  # skip (fail in CI) when the extra or fitdecode is missing


def plan_for(goal: str, level: str, weeks: int = 12, days: tuple[int, ...] | None = None,
             start: dt.date = dt.date(2026, 11, 23)) -> Plan:
    return build_plan(goal=goal, weeks=weeks, start=start, created=CREATED, level=level,
                      days=days, timezone=None, times=Times())


def check_session(session: Session, plan: Plan, profile: FitProfile | None = None) -> None:
    """``session``'s file holds exactly what the plan says, read by both decoders."""
    data = fit.encode_workout(session, plan=plan, profile=profile)
    expected = expected_steps(session)
    for read in (garmin_read, fitdecode_read):
        messages = read(data)
        (file_id,) = messages["file_id"]
        assert file_id["type"] == "workout"
        assert file_id["serial_number"] == fit.serial_number(session.uid)
        assert file_id["time_created"] == plan.created
        (workout,) = messages["workout"]
        steps = steps_of(messages)
        assert steps == expected, (read.__name__, session.title)
        assert workout["num_valid_steps"] == len(steps)
        assert workout["sport"] == SPORT.get(session.kind, "training")
        names = [m.get("wkt_step_name") or "" for m in messages["workout_step"]]
        assert all(len(n.encode()) <= fit.NAME_BYTES for n in names)
        assert 0 < len(workout["wkt_name"].encode()) <= fit.NAME_BYTES
    if session.kind == "run":  # repeats done out: the main set's time on feet, to the second
        main = [s for s in unrolled(expected) if s[2] in ("active", "recovery")]
        assert sum(s[1] for s in main) == round(session.on_feet_min * 60)


@pytest.mark.parametrize(("goal", "level"), sample(
    itertools.product(GOALS, LEVELS), keep=5, tuples=True, ids="-".join))
def test_every_session_of_every_goal_and_level_reads_back(goal: str, level: str) -> None:
    plan = plan_for(goal, level)
    kinds = {s.workout for s in plan.sessions}
    assert {"strength", "mobility"} <= kinds
    for session in plan.sessions:
        check_session(session, plan)


def test_the_plans_above_hold_every_kind_of_run() -> None:
    """The goal x level plans cover run/walk, easy runs, hill sprints and intervals."""
    seen = {s.workout for goal in GOALS for level in LEVELS
            for s in plan_for(goal, level).sessions}
    assert {"run-walk", "easy", "hills", "intervals", "strength", "mobility"} <= seen


@settings(max_examples=fuzz_budget(12), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(goal=st.sampled_from(GOALS), level=st.sampled_from(LEVELS),
       weeks=st.integers(1, 20),
       days=st.sets(st.integers(0, 6), min_size=1, max_size=7),
       start=st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31)))
def test_any_plan_reads_back(goal: str, level: str, weeks: int, days: set[int],
                             start: dt.date) -> None:
    plan = plan_for(goal, level, weeks, tuple(sorted(days)), start)
    for session in plan.sessions:
        check_session(session, plan)


# ---------------------------------------------- strength and mobility on the wrist (issue 24)

#: every goal x level x {8, 24} weeks x {any equipment, none}
MATRIX = [(goal, level, weeks, equipment) for goal in GOALS for level in LEVELS
          for weeks in (8, 24) for equipment in (None, "none")]


def check_strength_and_mobility(goal: str, level: str, weeks: int, equipment: str | None,
                                days: tuple[int, ...] | None = None) -> None:
    """Every strength and mobility workout of the plan, read by both decoders, holds the
    plan's steps (fit_reading.expected_steps: reps, holds, rests, sets, each exercise's FIT
    category and name), and, said once more on its own: every work step of a strength
    workout has an exercise_category that is a real one, and an exercise_name exactly where
    the template names one, which each decoder's own profile knows."""
    plan = build_plan(goal=goal, weeks=weeks, start=dt.date(2026, 11, 23), created=CREATED,
                      level=level, days=days, timezone=None, times=Times(),
                      equipment=equipment)
    profile = load_profile()
    for session in plan.sessions:
        if session.kind not in ("strength", "mobility"):
            continue
        check_session(session, plan, profile=profile)
        if session.kind == "mobility":
            assert session.movements, session.title
            continue
        assert all(e.fit for e in session.exercises), session.title  # the templates say
        data = fit.encode_workout(session, plan=plan, profile=profile)
        for read in (garmin_read, fitdecode_read):
            rows = read(data)["workout_step"]
            work = [m for m in rows if m.get("intensity") == "active"]
            wanted = [e for e in session.exercises for _ in range(2 if e.per_side else 1)]
            assert len(work) == len(wanted)
            for step, exercise in zip(work, wanted, strict=True):
                category, _, name = exercise.fit.partition(".")
                assert step["exercise_category"] == category != "unknown"
                assert step.get("exercise_name") == (name or None)
                amount = step.get("duration_reps", step.get("duration_time"))
                assert amount == exercise.reps
            rests = [m["duration_time"] for m in rows if m.get("intensity") == "rest"]
            assert rests == [e.rest_s for e in session.exercises]
            repeats = [m["repeat_steps"] for m in rows
                       if m["duration_type"] == "repeat_until_steps_cmplt"]
            assert repeats == [e.sets for e in session.exercises if e.sets > 1]


@pytest.mark.parametrize(("goal", "level", "weeks", "equipment"),
                         sample(MATRIX, keep=12, tuples=True))
def test_every_strength_and_mobility_workout_of_the_matrix(goal: str, level: str, weeks: int,
                                                          equipment: str | None) -> None:
    """The whole matrix under -m slow; every 12th case (one per goal) in the fast set."""
    check_strength_and_mobility(goal, level, weeks, equipment)


@settings(max_examples=fuzz_budget(6), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(goal=st.sampled_from(GOALS), level=st.sampled_from(LEVELS), weeks=st.integers(1, 24),
       equipment=st.sampled_from((None, "none")),
       days=st.sets(st.integers(0, 6), min_size=3, max_size=7))
def test_the_sets_and_rests_of_any_plan_are_the_plans(goal: str, level: str, weeks: int,
                                                      equipment: str | None,
                                                      days: set[int]) -> None:
    """The property, over plans of any goal, level, length, equipment and training days."""
    check_strength_and_mobility(goal, level, weeks, equipment, tuple(sorted(days)))


def test_the_matrix_is_the_one_the_issue_asks_for() -> None:
    assert len(MATRIX) == 6 * 3 * 2 * 2
    assert {(w, e) for _, _, w, e in MATRIX} == {(8, None), (8, "none"), (24, None),
                                                 (24, "none")}


@pytest.mark.parametrize(("total", "count", "shares"), [
    (600, 4, [150, 150, 150, 150]),
    (600, 7, [90, 85, 85, 85, 85, 85, 85]),   # whole 5 s, the first ones longer
    (300, 3, [100, 100, 100]),
    (450, 4, [115, 115, 110, 110]),
    (7, 2, [4, 3]),                            # under 5 s a movement: whole seconds
    (601, 2, [301, 300]),
    (600, 0, []),
])
def test_a_mobility_sessions_minutes_shared_among_its_movements(total: int, count: int,
                                                                shares: list[int]) -> None:
    assert fit.movement_seconds(total, count) == shares
    assert sum(shares) == (total if count else 0)


def test_a_plan_file_from_before_keeps_its_one_mobility_step() -> None:
    """A mobility session without movements (a plan file from before them) is one timed
    step with its notes, as it was."""
    session = Session(uid="m@planforge", date=dt.date(2026, 11, 23), week=1, kind="mobility",
                      workout="mobility", hard=False, title="Week 1: Hip mobility (10 min)",
                      notes=("Gentle.", "Hip flexor stretch, 30 s each side"), minutes=10)
    plan = plan_for("glutes", "beginner", 1)
    for read in (garmin_read, fitdecode_read):
        rows = read(fit.encode_workout(session, plan=plan))["workout_step"]
        assert [(m["duration_time"], m["wkt_step_name"], m["notes"]) for m in rows] == [
            (600, "Mobility", "Gentle. / Hip flexor stretch, 30 s each side")]


def test_a_wrong_or_missing_fit_never_becomes_a_wrong_name() -> None:
    """An exercise whose fit the profile does not know (a plan built in code, say) keeps the
    category it names, or one guessed from the exercise, and gets no name."""
    profile = load_profile()
    cases = [("squat.goblet_sqat", ("squat", None)), ("squat", ("squat", None)),
             ("nonsense.name", ("hip_raise", None)), ("", ("hip_raise", None)),
             ("squat.goblet_squat", ("squat", 37))]
    for value, expected in cases:
        exercise = replace(_exercise("hip-thrust", "Glute bridge"), fit=value)
        assert fit.exercise_fit(exercise, profile) == expected, value


def test_run_walk_is_one_repeat_step_not_sixteen_steps() -> None:
    main = (Block(8, (Segment("run", 60), Segment("walk", 90))),)
    session = Session(uid="x@planforge", date=dt.date(2026, 11, 23), week=1, kind="run",
                      workout="run-walk", hard=False, title="Week 1: Run/walk", warmup_min=5,
                      cooldown_min=5, main=main)
    plan = plan_for("glutes", "beginner", 1)
    steps = steps_of(garmin_read(fit.encode_workout(session, plan=plan)))
    assert steps == [("time", 300, "warmup", None), ("time", 60, "active", None),
                     ("time", 90, "recovery", None), ("repeat", 1, 8),
                     ("time", 300, "cooldown", None)]


def test_the_pitfall_a_repeat_count_in_a_sub_field_is_dropped() -> None:
    """Why fit.py writes target_value and duration_value: the SDK's encoder drops the
    sub-field names ``repeat_steps`` and ``duration_time`` without a word."""
    sdk, _ = decoders()
    numbers = {k.lower(): v for k, v in sdk.Profile["mesg_num"].items()}
    encoder = sdk.Encoder()
    encoder.write_mesg({"mesg_num": numbers["file_id"], "type": "workout"})
    encoder.write_mesg({"mesg_num": numbers["workout_step"], "message_index": 0,
                        "duration_type": "repeat_until_steps_cmplt", "duration_step": 0,
                        "repeat_steps": 8, "duration_time": 60.0, "target_type": "open"})
    (step,) = garmin_read(bytes(encoder.close()))["workout_step"]
    assert "repeat_steps" not in step and "duration_step" not in step


def test_every_template_exercise_has_a_fit_category() -> None:
    ids = set()
    for path in sorted((ROOT / "templates" / "plans").glob("*.toml")):
        ids |= {e["id"] for e in tomllib.loads(path.read_text("utf-8"))["exercises"]}
    assert ids == set(CATEGORY)
    for exercise_id in ids:
        assert fit.EXERCISE_CATEGORIES[exercise_id] == CATEGORY[exercise_id]


@pytest.mark.parametrize(("effort", "intensity", "name"), [
    ("run", "active", "Run"), ("walk", "recovery", "Walk"), ("fast", "active", "Fast"),
    ("hill", "active", "Hill sprint"), ("jog", "recovery", "Easy jog"),
    ("stride", "active", "Stride"), ("rest", "rest", "Rest"),
    # an effort the table does not know (another branch may add one): no crash, and the
    # model's RUNNING_EFFORTS decides between active and recovery
    ("tempo-run", "recovery", "Tempo run"), ("", "recovery", "Step"),
])
def test_effort_mapping(effort: str, intensity: str, name: str) -> None:
    assert steps.effort_step(effort) == (intensity, name)


def test_an_unknown_effort_encodes() -> None:
    main = (Block(4, (Segment("surge", 20), Segment("walk", 40))),)  # type: ignore[arg-type]
    session = Session(uid="u@planforge", date=dt.date(2026, 11, 23), week=1, kind="run",
                      workout="easy", hard=False, title="Week 1: Surges", main=main)
    plan = plan_for("glutes", "beginner", 1)
    for read in (garmin_read, fitdecode_read):
        messages = read(fit.encode_workout(session, plan=plan))
        assert steps_of(messages) == [("time", 20, "recovery", None),
                                      ("time", 40, "recovery", None), ("repeat", 0, 4)]
        assert [m.get("wkt_step_name") for m in messages["workout_step"]][:2] == ["Surge",
                                                                                 "Walk"]


def test_names_and_notes_fit_the_limits() -> None:
    long = "Ü" * 200 + " a very long name"
    session = Session(uid="n@planforge", date=dt.date(2026, 11, 23), week=3, kind="run",
                      workout="easy", hard=False, title="Week 3: " + long, notes=(long,),
                      main=(Block(1, (Segment("run", 600),)),))
    plan = plan_for("glutes", "beginner", 1)
    (workout,) = garmin_read(fit.encode_workout(session, plan=plan))["workout"]
    assert workout["wkt_name"] == "W3 " + "Ü" * 14  # 3 + 14 * 2 bytes: a whole character
    assert len(workout["wkt_description"].encode()) <= fit.NOTES_BYTES


def test_the_bytes_depend_on_the_plan_not_the_clock() -> None:
    plan = plan_for("glutes", "runner", 4)
    first = fitfolder.watch_files(plan, weeks=(1, 4))
    assert fitfolder.watch_files(plan, weeks=(1, 4)) == first
    later = build_plan(goal="glutes", weeks=4, start=dt.date(2026, 11, 23),
                       created=CREATED + dt.timedelta(days=1), level="runner", days=None,
                       timezone=None, times=Times())
    assert fitfolder.watch_files(later, weeks=(1, 4)) != first
    (file_id,) = garmin_read(first[0].data)["file_id"]
    assert file_id["time_created"] == CREATED


def test_the_schedule_puts_each_workout_on_its_date() -> None:
    plan = build_plan(goal="general", weeks=8, start=dt.date(2026, 11, 23), created=CREATED,
                      level="beginner", days=None, timezone="Europe/London",
                      times=Times(default=dt.time(7, 0)))
    files = fitfolder.watch_files(plan, weeks=(2, 3))
    assert files[-1].name == "schedule.fit"
    sessions = [s for s in plan.sessions if 2 <= s.week <= 3]
    assert len(files) == len(sessions) + 1
    for read in (garmin_read, fitdecode_read):
        messages = read(files[-1].data)
        assert messages["file_id"][0]["type"] == "schedules"
        rows = messages["schedule"]
        assert len(rows) == len(sessions)
        ends: dict[dt.date, dt.datetime] = {}
        for row, session, workout in zip(rows, sessions, files, strict=False):
            workout_id = read(workout.data)["file_id"][0]
            assert row["serial_number"] == workout_id["serial_number"]
            assert row["time_created"] == workout_id["time_created"]
            assert row["type"] == "workout"
            # a local date time: seconds from 1989-12-31 00:00 on the wearer's own clock
            # (counted here on a UTC clock, which has no gaps to skip); as in the calendar, a
            # second workout on a day starts when the first ends (its minutes rounded up)
            local = dt.datetime(1989, 12, 31, tzinfo=dt.UTC) + dt.timedelta(
                seconds=_seconds(row))
            expected = ends.get(session.date) or dt.datetime.combine(
                session.date, dt.time(7, 0), tzinfo=dt.UTC)
            assert local == expected
            ends[session.date] = expected + dt.timedelta(
                minutes=math.ceil(round(session.duration_min * 60) / 60))


def _seconds(row: dict[str, object]) -> int:
    value = row["scheduled_time"]
    if isinstance(value, dt.datetime):  # fitdecode reads it as a UTC date time
        return int((value - dt.datetime(1989, 12, 31, tzinfo=dt.UTC)).total_seconds())
    assert isinstance(value, int)
    return value


def test_file_names_and_the_default_window() -> None:
    plan = plan_for("glutes", "beginner", 8)
    first, last = fitfolder.default_window(plan)
    in_window = [s for s in plan.sessions if s.week <= last]
    assert first == 1 and len(in_window) <= fitfolder.WATCH_SCHEDULE_LIMIT
    assert len([s for s in plan.sessions if s.week <= last + 1]) > 30
    names = [f.name for f in fitfolder.watch_files(plan, weeks=(1, 1))]
    assert names[0] == "W01-1-run-walk.fit" and names[-1] == "schedule.fit"
    assert len(set(names)) == len(names)


#: what each golden file must hold, written by hand from the hand-built sessions (runs:
#: tests/plan_factory.py; strength and mobility: fit_reading.golden_plan), not copied from
#: the output: warm-up 5 min (10 min before hard work), cool-down 5 min; the strength
#: session's warm-up 5 min, then per exercise its sets as a repeat: a one-sided exercise a
#: step a side, a hold a timed step, the rest the plan's; mobility 10 min in 4 movements
GOLDEN_STEPS = {
    "fit-run-walk.fit": [("time", 300, "warmup", None), ("time", 60, "active", None),
                         ("time", 90, "recovery", None), ("repeat", 1, 8),
                         ("time", 300, "cooldown", None)],
    "fit-intervals.fit": [("time", 600, "warmup", None), ("time", 30, "active", None),
                          ("time", 90, "recovery", None), ("repeat", 1, 6),
                          ("time", 300, "cooldown", None)],
    "fit-hills.fit": [("time", 600, "warmup", None), ("time", 900, "active", None),
                      ("time", 8, "active", None), ("time", 90, "recovery", None),
                      ("repeat", 2, 4), ("time", 300, "cooldown", None)],
    "fit-strength.fit": [
        ("time", 300, "warmup", "warm_up"),
        ("reps", 12, "active", "hip_raise.hip_raise"), ("time", 60, "rest", None),
        ("repeat", 1, 2),
        ("reps", 8, "active", "lunge"), ("reps", 8, "active", "lunge"),
        ("time", 60, "rest", None), ("repeat", 4, 2),
        ("time", 20, "active", "plank.side_plank"), ("time", 20, "active", "plank.side_plank"),
        ("time", 60, "rest", None), ("repeat", 8, 2),
        ("reps", 8, "active", "squat.goblet_squat"), ("time", 90, "rest", None),
        ("repeat", 12, 3)],
    "fit-mobility.fit": [("time", 150, "active", None)] * 4,
}
GOLDEN_NAMES = {
    "fit-run-walk.fit": ["Warm-up", "Run", "Walk", None, "Cool-down"],
    "fit-hills.fit": ["Warm-up", "Run", "Hill sprint", "Walk back down", None, "Cool-down"],
    "fit-strength.fit": ["Warm-up", "Glute bridge, 2-s hold", "Rest", None,
                         "Static split squat, left", "Static split squat, right", "Rest", None,
                         "Side plank, left", "Side plank, right", "Rest", None,
                         "Goblet squat", "Rest", None],
    # each cut to 32 bytes after a whole word
    "fit-mobility.fit": ["Foam roll glutes, hamstrings", "Hip flexor stretch in a",
                         "Figure-four glute stretch lying", "10 slow leg swings"],
}
#: the workout's sport and sub-sport
GOLDEN_SPORT = {"fit-strength.fit": ("training", "strength_training"),
                "fit-mobility.fit": ("training", "flexibility_training")}


@pytest.mark.parametrize("name", sorted(GOLDEN_STEPS))
def test_golden_files_hold_the_hand_written_steps(name: str) -> None:
    data = (ROOT / "tests" / "golden" / name).read_bytes()
    for read in (garmin_read, fitdecode_read):
        messages = read(data)
        assert steps_of(messages) == GOLDEN_STEPS[name]
        names = [m.get("wkt_step_name") for m in messages["workout_step"]]
        assert names == GOLDEN_NAMES.get(name, names)
        (workout,) = messages["workout"]
        sport = GOLDEN_SPORT.get(name, ("running", "generic"))
        assert (workout["sport"], workout["sub_sport"]) == sport
        # plan_factory's CREATED, 2026-01-02 03:04:05 UTC
        assert messages["file_id"][0]["time_created"] == dt.datetime(2026, 1, 2, 3, 4, 5,
                                                                     tzinfo=dt.UTC)


def test_the_golden_strength_steps_say_the_plan_in_their_notes() -> None:
    """Each work step's notes are the plan's line for the exercise (its name, the range and
    the aim, the rest, the cue), the warm-up's what to do: written out here by hand."""
    data = (ROOT / "tests" / "golden" / "fit-strength.fit").read_bytes()
    for read in (garmin_read, fitdecode_read):
        notes = [m.get("notes") for m in read(data)["workout_step"]]
        assert notes[0] == ("March or jog on the spot for 2 minutes, then 10 slow bodyweight "
                            "squats, 10 hip hinges, 10 arm circles each way and 5 lunges "
                            "each leg.")
        assert notes[1] == ("Glute bridge, 2-s hold: 2 x 12-15, aim for 12 (rest 60 s) - "
                            "Squeeze your glutes for 2 seconds at the top.")
        # the lunge has no FIT name (the watch shows "Lunge"): its notes name it
        assert notes[4] == notes[5] == ("Static split squat: 2 x 8-10, aim for 8 each side "
                                        "(rest 60 s) - Lower straight down.")
        assert notes[8] == "Side plank: 2 x 20-30 s, aim for 20 s each side (rest 60 s) - " \
                           "Hips high."
        assert notes[12] == ("Goblet squat (dumbbells): 3 x 8-12, aim for 8 (rest 90 s) - "
                             "Hold one dumbbell at your chest.")
        assert notes[2] is None and notes[3] is None


def test_the_golden_mobility_steps_name_each_movement_in_full() -> None:
    data = (ROOT / "tests" / "golden" / "fit-mobility.fit").read_bytes()
    for read in (garmin_read, fitdecode_read):
        notes = [m["notes"] for m in read(data)["workout_step"]]
        assert tuple(notes) == GOLDEN_MOVEMENTS


def _exercise(exercise_id: str, name: str) -> Exercise:
    return Exercise(exercise=exercise_id, name=name, sets=3, reps=10, rep_range=(8, 12),
                    per_side=False, load="band", muscles=("glutes",), cue="Slowly.",
                    rest_s=60)


@pytest.mark.parametrize(("exercise_id", "name", "category"), [
    ("glute-bridge-march", "Bridge march", "hip_raise"),   # a word of the id
    ("my-hinge", "Romanian deadlift", "deadlift"),          # a word of the name
    ("box-step-up", "Step-up onto a box", "lunge"),
    ("kickback", "Cable kickback", "unknown"),              # nothing known: FIT's unknown
])
def test_a_user_templates_exercise_gets_a_category(exercise_id: str, name: str,
                                                    category: str) -> None:
    exercise = _exercise(exercise_id, name)
    assert fit.exercise_category(exercise) == category
    session = Session(uid="s@planforge", date=dt.date(2026, 11, 23), week=1, kind="strength",
                      workout="strength", hard=False, title="Week 1: Strength",
                      exercises=(exercise,), minutes=20)
    plan = plan_for("glutes", "beginner", 1)
    for read in (garmin_read, fitdecode_read):
        steps = steps_of(read(fit.encode_workout(session, plan=plan)))
        assert steps == [("reps", 10, "active", category), ("time", 60, "rest", None),
                         ("repeat", 0, 3)]
