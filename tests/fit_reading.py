"""Reading FIT watch files back, two ways, and what the plan says they must hold.

* :func:`garmin_read`: Garmin's own decoder (``garmin_fit_sdk.Decoder``): the integrity
  check (header and file CRC), then every message, with no decoding error;
* :func:`fitdecode_read`: ``fitdecode``, an independent decoder (its own code and its own
  copy of the FIT profile), with CRC checking on;
* :func:`expected_steps`: the steps a session must become, worked out here from the
  session's own blocks, segments and exercises, without planforge.formats.fit.

Steps are compared as tuples: ``("time", seconds, intensity, category)``,
``("reps", n, intensity, category)``, ``("open", None, intensity, category)`` and
``("repeat", first_step_index, count)``.

Without the decoders (the extra and fitdecode are not installed) the tests that need them
skip, except under ``CI=true``, where they fail: CI installs them (.ci/run).
"""

from __future__ import annotations

import io
import os
from typing import Any

import pytest

from planforge.core.model import Session

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
    "lunge": "lunge", "single-leg-deadlift": "deadlift", "push-up": "push_up",
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
    """Every message of ``data`` by Garmin's decoder, after its integrity check."""
    sdk, _ = decoders()
    assert sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = sdk.Decoder(sdk.Stream.from_byte_array(bytearray(data))).read()
    assert errors == [], errors
    return {name.removesuffix("_mesgs"): list(rows) for name, rows in messages.items()}


def fitdecode_read(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Every data message of ``data`` by fitdecode (CRCs checked), fields by name."""
    _, fitdecode = decoders()
    out: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                fields = {f.name: f.value for f in frame.fields}
                out.setdefault(frame.name, []).append(fields)
    return out


def steps_of(messages: dict[str, list[dict[str, Any]]]) -> list[Step]:
    """The workout steps, in message_index order, as comparable tuples."""
    rows = sorted(messages.get("workout_step", []), key=lambda m: m["message_index"])
    assert [m["message_index"] for m in rows] == list(range(len(rows)))
    return [_step(m) for m in rows]


def _step(m: dict[str, Any]) -> Step:
    kind = m["duration_type"]
    if kind == "repeat_until_steps_cmplt":
        return ("repeat", m["duration_step"], m["repeat_steps"])
    category = m.get("exercise_category")
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
        for e in session.exercises:
            if e.sets < 1 or e.reps < 1:
                continue
            first = len(steps)
            category = CATEGORY[e.exercise]
            steps.append(("time", e.reps, "active", category) if e.unit == "seconds"
                         else ("reps", e.reps, "active", category))
            if e.rest_s > 0:
                steps.append(("time", e.rest_s, "rest", None))
            if e.sets > 1:
                steps.append(("repeat", first, e.sets))
    elif session.minutes > 0:
        steps.append(("time", round(session.minutes * 60), "active", None))
    return steps


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
