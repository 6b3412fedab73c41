"""A plan as JSON: the ``planforge-plan/1`` format other tools and checks rely on.

The shape (these names are fixed; more fields are welcome)::

    {"format": "planforge-plan/1",
     "plan": {"goal", "level", "weeks", "start", "days", "timezone", "time", "summary",
              "notes", "equipment", ...},
     "sessions": [{"uid", "date", "week", "kind", "hard", "title", "warmup_min", "cooldown_min",
                   "run_min", "walk_min", "longest_run_min",
                   "exercises": [{"name", "sets", "reps", "muscles", "equipment", ...}],
                   "notes", ...}]}

``plan.equipment`` lists every piece of equipment the plan needs; ``equipment_choice`` is
what ``--equipment`` said (null: no limit); each exercise names its ``equipment`` (a list,
empty for none), its ``variation`` (the movement, the same across loads) and its ``fit``:
Garmin's FIT exercise a watch workout shows (``squat.goblet_squat``, a category alone, or
"" when unknown). A mobility session lists its ``movements`` (each one of its notes), one
watch step each; other sessions an empty list.

Dates are ISO ``YYYY-MM-DD``; ``days`` are weekday names (``mon`` ... ``sun``); ``time`` is
null for all-day plans, else ``{"default": "07:00" or null, "sat": "09:00", ...}``; minutes
are numbers, whole ones as ints, others rounded to 2 decimals. The extra fields (``main``,
``workout``, ``deload``, ``sequence``, ``minutes``, ``plan_id``, ``created`` ...) carry
everything needed to rebuild the :class:`~planforge.core.model.Plan` exactly.

The record of real life is on the sessions that have one: ``"missed": true`` (the workout
was not done; ``planforge missed``), or ``"done": {"date", "run_min", "longest_run_min",
"source"}`` (``planforge done``: the day it was done, the minutes of running, the longest
stretch without a walk or pause of 30 s or more, and the activity file or ``by hand``).

Keys come in the fixed order written here (not sorted), so the bytes are stable.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..core.model import WEEKDAYS, Block, Exercise, Outcome, Plan, Session, Times

FORMAT = "planforge-plan/1"


def minutes(value: float) -> int | float:
    """A number of minutes for JSON: an int when whole, else a float rounded to 2 decimals."""
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        return int(rounded)
    return rounded


def _clock(at: dt.time) -> str:
    return at.strftime("%H:%M") if not (at.second or at.microsecond) else at.isoformat()


def _times(times: Times) -> dict[str, str | None] | None:
    if times.all_day:
        return None
    out: dict[str, str | None] = {
        "default": _clock(times.default) if times.default is not None else None
    }
    for day, at in times.by_weekday:
        out[WEEKDAYS[day]] = _clock(at)
    return out


def _instant(moment: dt.datetime) -> str:
    if moment.tzinfo is not None and moment.utcoffset() == dt.timedelta(0):
        return moment.replace(tzinfo=None).isoformat() + "Z"
    return moment.isoformat()


def _exercise(ex: Exercise) -> dict[str, Any]:
    return {
        "name": ex.name,
        "sets": ex.sets,
        "reps": ex.reps,
        "muscles": list(ex.muscles),
        "exercise": ex.exercise,
        "unit": ex.unit,
        "per_side": ex.per_side,
        "rep_range": list(ex.rep_range),
        "load": ex.load,
        "rest_s": ex.rest_s,
        "cue": ex.cue,
        "equipment": list(ex.equipment),
        "variation": ex.movement,
        "fit": ex.fit,
    }


def _block(block: Block) -> dict[str, Any]:
    return {
        "repeat": block.repeat,
        "segments": [{"effort": s.effort, "seconds": s.seconds} for s in block.segments],
    }


def _session(s: Session) -> dict[str, Any]:
    out = _planned(s)
    # the record (planforge missed, planforge done): only on the sessions that have one, so a
    # plan nobody has trained with reads as it always did
    if s.done is not None:
        out["done"] = {"date": s.done.date.isoformat(), "run_min": minutes(s.done.run_min),
                       "longest_run_min": minutes(s.done.longest_run_min),
                       "source": s.done.source}
    if s.missed:
        out["missed"] = True
    return out


def _planned(s: Session) -> dict[str, Any]:
    return {
        "uid": s.uid,
        "date": s.date.isoformat(),
        "week": s.week,
        "kind": s.kind,
        "hard": s.hard,
        "title": s.title,
        "warmup_min": minutes(s.warmup_min),
        "cooldown_min": minutes(s.cooldown_min),
        "run_min": minutes(s.run_min),
        "walk_min": minutes(s.walk_min),
        "longest_run_min": minutes(s.longest_run_min),
        "total_run_min": minutes(s.total_run_min),
        "exercises": [_exercise(ex) for ex in s.exercises],
        "notes": list(s.notes),
        "workout": s.workout,
        "deload": s.deload,
        "weekday": WEEKDAYS[s.date.weekday()],
        "duration_min": minutes(s.duration_min),
        "on_feet_min": minutes(s.on_feet_min),
        "minutes": minutes(s.minutes),
        "sequence": s.sequence,
        "main": [_block(b) for b in s.main],
        "movements": list(s.movements),
    }


def _outcome(outcome: Outcome | None) -> dict[str, Any] | None:
    """Where the plan ends (its last build week); the look-ahead keys only when known."""
    if outcome is None:
        return None
    out: dict[str, Any] = {"week": outcome.week, "runs": outcome.runs,
                           "longest_run_min": minutes(outcome.longest_run_min),
                           "hard": outcome.hard}
    if outcome.most_days_after is not None:
        out["most_days_after"] = outcome.most_days_after
    if outcome.hard_after is not None:
        out["hard_after"] = outcome.hard_after
    if outcome.full_run_after is not None:
        out["full_run_after"] = outcome.full_run_after
    return out


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data in the ``planforge-plan/1`` shape."""
    return {
        "format": FORMAT,
        "plan": {
            "goal": plan.goal,
            "level": plan.level,
            "weeks": plan.weeks,
            "start": plan.start.isoformat(),
            "days": [WEEKDAYS[d] for d in plan.days],
            "timezone": plan.timezone,
            "time": _times(plan.times),
            "summary": plan.summary,
            "notes": list(plan.notes),
            "end": plan.end.isoformat(),
            "goal_title": plan.goal_title,
            "left_out": list(plan.left_out),
            "equipment": list(plan.equipment),
            "equipment_choice": (None if plan.equipment_choice is None
                                 else list(plan.equipment_choice)),
            "reached_most_days_week": plan.reached_most_days_week,
            "continues": plan.continues,
            "outcome": _outcome(plan.outcome),
            "plan_id": plan.plan_id,
            "created": _instant(plan.created),
            "extra": [[key, value] for key, value in plan.extra],
            # only in a plan with a race (R39): plans without one keep their bytes
            **({} if plan.race is None else {"race": {"date": plan.race.date.isoformat(),
                                                      "distance": plan.race.distance}}),
        },
        "sessions": [_session(s) for s in plan.sessions],
    }


def plan_to_json(plan: Plan) -> bytes:
    """:func:`plan_to_dict` as UTF-8 JSON: indent 2, fixed key order, trailing newline."""
    text = json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")
