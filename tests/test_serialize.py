"""The ``planforge-plan/1`` JSON shape: fixed names, types, and stable bytes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import pytest

from planforge.core.engine.progression import build_plan
from planforge.core.model import Block, Done, Exercise, Plan, Race, Segment, Session, Times
from planforge.formats.json import minutes, plan_to_dict, plan_to_json
from planforge.goals.templates import builtin_goals

CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
PLAN_KEYS = {"goal", "level", "weeks", "start", "days", "timezone", "time", "summary", "notes"}
SESSION_KEYS = {"uid", "date", "week", "kind", "hard", "title", "warmup_min", "cooldown_min",
                "run_min", "walk_min", "longest_run_min", "exercises", "notes"}
EXERCISE_KEYS = {"name", "sets", "reps", "muscles"}
MUSCLES = {"glutes", "hamstrings", "quads", "adductors", "abductors", "calves", "core", "upper"}


def hand_made_plan() -> Plan:
    """A small plan built by hand, so the shape is tested apart from the engine."""
    run = Session(
        uid="abc123-w1-1@planforge",
        date=dt.date(2026, 11, 23),
        week=1,
        kind="run",
        workout="run-walk",
        hard=False,
        title="Week 1 run/walk",
        warmup_min=5,
        cooldown_min=5,
        main=(Block(8, (Segment("run", 60), Segment("walk", 90))),),
        notes=("Wear proper running shoes.",),
    )
    strength = Session(
        uid="abc123-w1-2@planforge",
        date=dt.date(2026, 11, 24),
        week=1,
        kind="strength",
        workout="strength",
        hard=False,
        title="Week 1 strength",
        exercises=(
            Exercise(exercise="hip-thrust", name="Glute bridge, 2-s hold", sets=2, reps=12,
                     rep_range=(12, 15), per_side=False, load="bodyweight",
                     muscles=("glutes", "hamstrings"), cue="Squeeze at the top."),
            Exercise(exercise="plank", name="Plank", sets=2, reps=20, rep_range=(20, 40),
                     per_side=False, load="bodyweight", muscles=("core",), cue="Ribs down.",
                     unit="seconds"),
        ),
        minutes=22.5,
    )
    return Plan(
        plan_id="abc123",
        goal="glutes",
        goal_title="Stronger glutes",
        level="beginner",
        weeks=1,
        start=dt.date(2026, 11, 23),
        days=(0, 1, 4),
        timezone="Europe/London",
        times=Times(default=dt.time(7, 0), by_weekday=((5, dt.time(9, 0)),)),
        created=CREATED,
        summary="A one-week plan.",
        notes=("Stop if it hurts.",),
        left_out=(),
        sessions=(run, strength),
    )


def test_shape_of_a_hand_made_plan() -> None:
    doc = plan_to_dict(hand_made_plan())
    assert doc["format"] == "planforge-plan/1"
    plan = doc["plan"]
    assert plan.keys() >= PLAN_KEYS
    assert plan["days"] == ["mon", "tue", "fri"]
    assert plan["start"] == "2026-11-23"
    assert plan["end"] == "2026-11-29"
    assert plan["time"] == {"default": "07:00", "sat": "09:00"}
    assert plan["timezone"] == "Europe/London"
    assert plan["created"] == "2026-11-20T08:00:00Z"
    assert plan["notes"] == ["Stop if it hurts."]

    run, strength = doc["sessions"]
    assert run.keys() >= SESSION_KEYS
    assert strength.keys() >= SESSION_KEYS
    assert run["date"] == "2026-11-23"
    assert run["kind"] == "run" and run["hard"] is False
    assert run["warmup_min"] == 5 and isinstance(run["warmup_min"], int)
    assert run["run_min"] == 8 and isinstance(run["run_min"], int)
    assert run["walk_min"] == 12 and isinstance(run["walk_min"], int)
    assert run["longest_run_min"] == 1
    assert run["duration_min"] == 30
    assert run["main"] == [{"repeat": 8, "segments": [{"effort": "run", "seconds": 60},
                                                      {"effort": "walk", "seconds": 90}]}]
    assert run["exercises"] == []
    assert strength["minutes"] == 22.5
    bridge, plank = strength["exercises"]
    assert bridge == {
        "name": "Glute bridge, 2-s hold", "sets": 2, "reps": 12,
        "muscles": ["glutes", "hamstrings"], "exercise": "hip-thrust", "unit": "reps",
        "per_side": False, "rep_range": [12, 15], "load": "bodyweight", "rest_s": 75,
        "cue": "Squeeze at the top.", "equipment": [], "variation": "Glute bridge, 2-s hold",
        "fit": "",  # no FIT name given: none invented
    }
    assert plan["equipment"] == [] and plan["equipment_choice"] is None
    assert plank["unit"] == "seconds"


def test_all_day_plan_has_null_time() -> None:
    plan = hand_made_plan()
    from dataclasses import replace

    doc = plan_to_dict(replace(plan, timezone=None, times=Times()))
    assert doc["plan"]["time"] is None
    assert doc["plan"]["timezone"] is None


def test_minutes() -> None:
    assert minutes(5.0) == 5 and isinstance(minutes(5.0), int)
    assert minutes(1.5) == 1.5
    assert minutes(20 / 3) == 6.67
    assert minutes(0) == 0


def test_json_bytes_are_utf8_indented_with_trailing_newline() -> None:
    plan = hand_made_plan()
    data = plan_to_json(plan)
    assert data.endswith(b"}\n")
    assert data.startswith(b'{\n  "format": "planforge-plan/1",\n  "plan": {\n')
    assert json.loads(data) == plan_to_dict(plan)
    assert plan_to_json(plan) == data


def test_non_ascii_is_written_as_is() -> None:
    from dataclasses import replace

    plan = replace(hand_made_plan(), summary="Café: 30 min, Übung")
    assert "Café: 30 min, Übung".encode() in plan_to_json(plan)


def _check_types(doc: dict[str, Any]) -> None:
    plan = doc["plan"]
    assert isinstance(plan["goal"], str)
    assert plan["level"] in ("beginner", "returning", "runner")
    assert isinstance(plan["weeks"], int)
    dt.date.fromisoformat(plan["start"])
    assert all(d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") for d in plan["days"])
    assert plan["timezone"] is None or isinstance(plan["timezone"], str)
    assert plan["time"] is None or isinstance(plan["time"], dict)
    assert isinstance(plan["summary"], str) and plan["summary"]
    assert all(isinstance(n, str) for n in plan["notes"])
    start = dt.date.fromisoformat(plan["start"])
    uids = set()
    for s in doc["sessions"]:
        assert s.keys() >= SESSION_KEYS
        assert isinstance(s["uid"], str) and s["uid"] not in uids
        uids.add(s["uid"])
        date = dt.date.fromisoformat(s["date"])
        assert s["week"] == (date - start).days // 7 + 1
        assert s["kind"] in ("run", "strength", "mobility")
        assert isinstance(s["hard"], bool)
        assert isinstance(s["title"], str)
        for key in ("warmup_min", "cooldown_min", "run_min", "walk_min", "longest_run_min"):
            assert isinstance(s[key], int | float) and not isinstance(s[key], bool)
            assert s[key] >= 0
        assert s["longest_run_min"] <= s["run_min"]
        for ex in s["exercises"]:
            assert ex.keys() >= EXERCISE_KEYS
            assert isinstance(ex["name"], str)
            assert isinstance(ex["sets"], int) and isinstance(ex["reps"], int)
            assert ex["muscles"] and set(ex["muscles"]) <= MUSCLES
        assert all(isinstance(n, str) for n in s["notes"])


@pytest.mark.parametrize("goal", builtin_goals())
@pytest.mark.parametrize("level", ["beginner", "returning", "runner"])
def test_shape_of_built_plans(goal: str, level: str) -> None:
    plan = build_plan(goal=goal, level=level, weeks=10, start=dt.date(2026, 11, 23),
                      created=CREATED)
    doc = json.loads(plan_to_json(plan))
    assert doc["format"] == "planforge-plan/1"
    assert doc["plan"].keys() >= PLAN_KEYS
    assert doc["plan"]["goal"] == goal and doc["plan"]["level"] == level
    assert doc["plan"]["weeks"] == 10
    assert len(doc["sessions"]) == len(plan.sessions)
    _check_types(doc)
    assert any(s["kind"] == "run" for s in doc["sessions"])
    assert any(s["exercises"] for s in doc["sessions"] if s["kind"] == "strength")


def test_every_model_field_is_written() -> None:
    """A loader must be able to rebuild the Plan exactly: no dataclass field may be dropped."""
    from dataclasses import fields

    doc = plan_to_dict(hand_made_plan())
    renamed = {"times": "time", "sessions": None}  # sessions sit at the top level
    # a race (R39) is written only in a plan that has one: plans without keep their bytes
    raced = plan_to_dict(replace(hand_made_plan(), race=Race(dt.date(2026, 11, 29))))
    assert raced["plan"]["race"] == {"date": "2026-11-29", "distance": "5k"}
    for f in fields(Plan):
        key = renamed.get(f.name, f.name)
        assert key is None or key in (raced if key == "race" else doc)["plan"], f"plan.{f.name}"
    record = {"done", "missed"}  # the record of real life: only on sessions that have one
    for f in fields(Session):
        assert f.name in record or f.name in doc["sessions"][0], f"session.{f.name}"
    plan = hand_made_plan()
    first, second = plan.sessions
    assert record.isdisjoint(doc["sessions"][0]) and record.isdisjoint(doc["sessions"][1])
    recorded = replace(plan, sessions=(
        replace(first, done=Done(first.date, 1.5, 1.0, "by hand")),
        replace(second, missed=True)))
    sessions = plan_to_dict(recorded)["sessions"]
    assert sessions[0]["done"] == {"date": first.date.isoformat(), "run_min": 1.5,
                                   "longest_run_min": 1, "source": "by hand"}
    assert sessions[1]["missed"] is True and "done" not in sessions[1]
    for f in fields(Exercise):
        assert f.name in doc["sessions"][1]["exercises"][0], f"exercise.{f.name}"
