"""Strength and mobility sessions: each exercise's ladder and the sessions built from it.

Pure and deterministic, like the engine that calls it (:mod:`.progression`): the engine
decides which weeks have how many strength and mobility sessions; this module decides what
is in them. Rule ids refer to shared/design/training-rules.md.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from ..goals.templates import ExerciseSpec, Template
from .model import Exercise, Session

#: exercises made for one (step, sets delta): a week's strength sessions share them
Made = dict[tuple[int, int], tuple[tuple[Exercise, ...], int]]


def strength_session(template: Template, ladders: dict[str, list[tuple[int, int, int]]],
                     uid: str, date: dt.date, *, week_number: int, step: int, sets_delta: int,
                     deload: bool, notes: list[str], made: Made | None = None) -> Session:
    key = (step, sets_delta)  # all the exercises depend on
    done = made.get(key) if made is not None else None
    if done is None:
        exercises = []
        for spec in template.exercises:
            ladder_ = ladders[spec.id]
            variation_i, sets, reps = ladder_[min(step, len(ladder_) - 1)]
            variation = spec.variations[variation_i]
            exercises.append(Exercise(
                exercise=spec.id, name=variation.name,
                sets=max(1, sets + sets_delta), reps=reps,
                rep_range=variation.reps, per_side=spec.per_side, load=variation.load,
                muscles=spec.muscles, cue=variation.cue, unit=spec.unit,
            ))
        done = (tuple(exercises), strength_minutes(exercises))
        if made is not None:
            made[key] = done
    exercises_made, minutes = done
    notes.append("Rest 60-90 s between sets. Move on to more only when every set reaches the "
                 "top of the range with good form; otherwise repeat last week's numbers.")
    if deload:
        notes.append("Easier week: one set fewer of each exercise.")
    return Session(
        uid=uid, date=date, week=week_number, kind="strength", workout="strength", hard=False,
        title=f"Week {week_number}: Strength, {template.title.lower()} ({minutes} min)",
        exercises=exercises_made, notes=tuple(notes), deload=deload, minutes=minutes,
    )


def strength_minutes(exercises: Sequence[Exercise]) -> int:
    seconds = 5 * 60  # a few minutes of easy movement to warm up
    for ex in exercises:
        work = ex.reps if ex.unit == "seconds" else ex.reps * 3
        if ex.per_side:
            work *= 2
        seconds += ex.sets * (work + ex.rest_s)
    return 5 * math.ceil(seconds / 300)


def mobility_session(template: Template, uid: str, date: dt.date, *, week_number: int,
                     deload: bool, notes: list[str]) -> Session:
    notes.append("Gentle: ease into each position and never force a stretch.")
    return Session(
        uid=uid, date=date, week=week_number, kind="mobility", workout="mobility", hard=False,
        title=f"Week {week_number}: {template.mobility_title} ({template.mobility_minutes} min)",
        notes=(*notes, *template.mobility_items), deload=deload,
        minutes=template.mobility_minutes,
    )


def ladder(spec: ExerciseSpec) -> list[tuple[int, int, int]]:
    """(variation, sets, reps) steps, each changing one variable (R15).

    Reps (or seconds) rise within the variation's range; at the top, sets rise to the
    maximum; only then the next variation, back at the bottom of its range.
    """
    step = 5 if spec.unit == "seconds" else 1
    sets = spec.start_sets
    steps: list[tuple[int, int, int]] = []
    for i, variation in enumerate(spec.variations):
        low, high = variation.reps
        reps = low
        steps.append((i, sets, reps))
        while reps < high:
            reps = min(high, reps + step)
            steps.append((i, sets, reps))
        while sets < spec.max_sets:
            sets += 1
            steps.append((i, sets, reps))
    return steps
