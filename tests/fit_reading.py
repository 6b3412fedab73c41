"""Reading FIT watch files back, two ways, and what the plan says they must hold.

* :func:`garmin_read`: Garmin's own decoder (``garmin_fit_sdk.Decoder``): the integrity
  check (header and file CRC), then every message, with no decoding error;
* :func:`fitdecode_read`: ``fitdecode``, an independent decoder (its own code and its own
  copy of the FIT profile), with CRC checking on;
* :func:`expected_steps`: the steps a session must become, worked out here from the
  session's own blocks, segments and exercises, without planforge.formats.fit.

Steps are compared as tuples: ``("time", seconds, intensity, exercise)``,
``("reps", n, intensity, exercise)``, ``("open", None, intensity, exercise)`` and
``("repeat", first_step_index, count)``, where ``exercise`` is the step's FIT exercise as a
template's ``fit`` field writes it: ``"category.name"``, a category alone, or None. Each
reader turns the ``exercise_name`` number into its name with its own copy of the FIT profile
(the SDK's ``Profile``, fitdecode's ``profile``), so both profiles check every name.

Without the decoders (the extra and fitdecode are not installed) the tests that need them
skip, except under ``CI=true``, where they fail: CI installs them (.ci/run).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from planforge.core.model import Exercise, Plan, Session

Step = tuple[Any, ...]

#: the FIT intensity each effort must have (see the table in planforge/formats/fit.py):
#: running work is active, walking and jogging between reps is recovery
INTENSITY = {"run": "active", "fast": "active", "hill": "active", "stride": "active",
             "walk": "recovery", "jog": "recovery"}

#: the FIT exercise category of every exercise id in the built-in templates, chosen by hand
#: from the FIT profile's exercise_category list (and its per-category exercise names:
#: hip_raise holds the hip thrusts and bridges, hip_stability the side-lying leg raises and
#: lateral band walks, deadlift the single-leg Romanian deadlifts)
CATEGORY = {
    "hip-thrust": "hip_raise", "squat": "squat", "single-leg-squat": "squat",
    "lunge": "lunge", "single-leg-deadlift": "deadlift", "romanian-deadlift": "deadlift",
    "push-up": "push_up",
    "plank": "plank", "side-plank": "plank", "row": "row",
    "lateral-side-steps": "hip_stability", "side-leg-lifts": "hip_stability",
    "one-leg-hamstring-curl": "leg_curl",
}


def decoders() -> tuple[Any, Any]:
    """(garmin_fit_sdk, fitdecode); skipped when missing, failed under CI=true."""
    try:
        import fitdecode
        import garmin_fit_sdk
    except ImportError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs the FIT decoders (pip install '.[test,fit]'): {exc}")
        pytest.skip(f"FIT decoders not installed (pip install '.[test,fit]'): {exc}")
    return garmin_fit_sdk, fitdecode


def garmin_read(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Every message of ``data`` by Garmin's decoder, after its integrity check; a step's
    ``exercise_name`` by name, from the SDK's own profile."""
    sdk, _ = decoders()
    assert sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data))).read()
    assert errors == [], errors
    out = {name.removesuffix("_mesgs"): list(rows) for name, rows in messages.items()}
    types = sdk.Profile["types"]
    _names(out, lambda category: types.get(f"{category}_exercise_name"))
    return out


def fitdecode_read(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Every data message of ``data`` by fitdecode (CRCs checked), fields by name; a step's
    ``exercise_name`` by name, from fitdecode's own copy of the profile."""
    _, fitdecode = decoders()
    out: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                fields = {f.name: f.value for f in frame.fields}
                out.setdefault(frame.name, []).append(fields)
    types = fitdecode.profile.FIELD_TYPES

    def names(category: str) -> dict[int, str] | None:
        found = types.get(f"{category}_exercise_name")
        return None if found is None else dict(found.enum)

    _names(out, names)
    return out


def _names(messages: dict[str, list[dict[str, Any]]],
           table: Callable[[str], dict[int, str] | None]) -> None:
    """Each step's ``exercise_name`` number as the name ``table`` (a decoder's profile) gives
    it in the step's ``exercise_category``; a number the profile lacks fails the test."""
    for step in messages.get("workout_step", []):
        number = step.get("exercise_name")
        if number is None:
            continue
        category = step.get("exercise_category")
        names = table(category) if isinstance(category, str) else None
        assert names is not None and number in names, (category, number)
        step["exercise_name"] = names[number]


def steps_of(messages: dict[str, list[dict[str, Any]]]) -> list[Step]:
    """The workout steps, in message_index order, as comparable tuples."""
    rows = sorted(messages.get("workout_step", []), key=lambda m: m["message_index"])
    assert [m["message_index"] for m in rows] == list(range(len(rows)))
    return [_step(m) for m in rows]


def _step(m: dict[str, Any]) -> Step:
    kind = m["duration_type"]
    if kind == "repeat_until_steps_cmplt":
        return ("repeat", m["duration_step"], m["repeat_steps"])
    assert "exercise_weight" not in m and "weight_display_unit" not in m  # never invented
    category = m.get("exercise_category")
    if m.get("exercise_name") is not None:
        category = f"{category}.{m['exercise_name']}"
    if kind == "time":
        seconds = m["duration_time"]
        assert seconds == int(seconds), seconds
        return ("time", int(seconds), m["intensity"], category)
    if kind == "reps":
        return ("reps", m["duration_reps"], m["intensity"], category)
    assert kind == "open", kind
    return ("open", None, m["intensity"], category)


def expected_steps(session: Session) -> list[Step]:
    """What the plan says ``session``'s watch steps are."""
    steps: list[Step] = []
    if session.kind == "run":
        if session.warmup_min > 0:
            steps.append(("time", round(session.warmup_min * 60), "warmup", None))
        for block in session.main:
            segments = [s for s in block.segments if s.seconds > 0]
            if block.repeat < 1 or not segments:
                continue
            first = len(steps)
            for s in segments:
                fallback = "active" if s.running else "recovery"
                steps.append(("time", s.seconds, INTENSITY.get(s.effort, fallback), None))
            if block.repeat > 1:
                steps.append(("repeat", first, block.repeat))
        if session.cooldown_min > 0:
            steps.append(("time", round(session.cooldown_min * 60), "cooldown", None))
    elif session.kind == "strength":
        if session.warmup_min > 0:
            steps.append(("time", round(session.warmup_min * 60), "warmup", "warm_up"))
        for e in session.exercises:
            if e.sets < 1 or e.reps < 1:
                continue
            first = len(steps)
            exercise = e.fit or CATEGORY[e.exercise]  # the template's FIT name, else a guess
            work = (("time", e.reps, "active", exercise) if e.unit == "seconds"
                    else ("reps", e.reps, "active", exercise))
            steps += [work, work] if e.per_side else [work]  # one a side: left, right
            if e.rest_s > 0:
                steps.append(("time", e.rest_s, "rest", None))
            if e.sets > 1:
                steps.append(("repeat", first, e.sets))
    elif session.minutes > 0 and session.movements:
        total = round(session.minutes * 60)
        for seconds in shares(total, len(session.movements)):
            steps.append(("time", seconds, "active", None))
    elif session.minutes > 0:
        steps.append(("time", round(session.minutes * 60), "active", None))
    return steps


def shares(total: int, count: int) -> list[int]:
    """``total`` seconds in ``count`` steps as the docs promise: as even as whole 5 s allow
    (whole seconds when 5 s do not share out), the longer ones first, adding up exactly."""
    step = 5 if total % 5 == 0 and total >= 5 * count else 1
    out = [total // count // step * step] * count
    i = 0
    while sum(out) < total:
        out[i] += step
        i += 1
    return out


def unrolled(steps: list[Step]) -> list[Step]:
    """The steps as a watch runs them: each repeat done out (steps before it, again)."""
    out: list[Step] = []
    done: list[list[Step]] = []  # what each step index expanded to
    for step in steps:
        if step[0] == "repeat":
            _, first, count = step
            body = [s for part in done[first:] for s in part]
            extra = body * (count - 1)
            out += extra
            done.append(extra)
        else:
            out.append(step)
            done.append([step])
    return out


# -- the hand-built sessions of the golden FIT files (tests/golden/fit-*.fit) -------------------

#: a strength session's exercises as a template makes them, one of each kind a watch shows
#: differently: a named two-sided exercise, a one-sided one the FIT profile has no name for
#: (its category only), a one-sided hold, a loaded exercise (no weight: the plan gives none)
GOLDEN_EXERCISES = (
    Exercise(exercise="hip-thrust", name="Glute bridge, 2-s hold", sets=2, reps=12,
             rep_range=(12, 15), per_side=False, load="bodyweight",
             muscles=("glutes", "hamstrings"), cue="Squeeze your glutes for 2 seconds at the top.",
             rest_s=60, fit="hip_raise.hip_raise"),
    Exercise(exercise="lunge", name="Static split squat", sets=2, reps=8, rep_range=(8, 10),
             per_side=True, load="bodyweight", muscles=("quads", "glutes"),
             cue="Lower straight down.", rest_s=60, fit="lunge"),
    Exercise(exercise="side-plank", name="Side plank", sets=2, reps=20, rep_range=(20, 30),
             per_side=True, load="bodyweight", muscles=("core",), cue="Hips high.", rest_s=60,
             unit="seconds", fit="plank.side_plank"),
    Exercise(exercise="squat", name="Goblet squat", sets=3, reps=8, rep_range=(8, 12),
             per_side=False, load="dumbbell", muscles=("quads", "glutes"),
             cue="Hold one dumbbell at your chest.", rest_s=90, equipment=("dumbbells",),
             variation="Squat", fit="squat.goblet_squat"),
)
GOLDEN_MOVEMENTS = (
    "Foam roll glutes, hamstrings and calves, 30-60 s each side",
    "Hip flexor stretch in a half-kneeling lunge, 30 s each side",
    "Figure-four glute stretch lying on your back, 30 s each side",
    "10 slow leg swings front-to-back and side-to-side each leg",
)


def golden_plan() -> Plan:
    """tests/plan_factory.py's hand-built plan of four runs (run/walk, intervals, easy, hills)
    from 2026-11-23, a strength session on the Friday holding :data:`GOLDEN_EXERCISES` and a
    10-minute mobility session on the Saturday of :data:`GOLDEN_MOVEMENTS`."""
    from plan_factory import make_plan

    monday = dt.date(2026, 11, 23)
    plan = make_plan([monday + dt.timedelta(days=i) for i in range(4)],
                     [monday + dt.timedelta(days=4)], [monday + dt.timedelta(days=5)],
                     plan_id="fitgolden")
    sessions = []
    for s in plan.sessions:
        if s.kind == "strength":
            s = replace(s, exercises=GOLDEN_EXERCISES, warmup_min=5, minutes=30)
        elif s.kind == "mobility":
            s = replace(s, notes=("Gentle: never force a stretch.", *GOLDEN_MOVEMENTS),
                        movements=GOLDEN_MOVEMENTS, minutes=10)
        sessions.append(s)
    return replace(plan, sessions=tuple(sessions))
