"""Plan files: TOML and JSON round trips, the shipped JSON Schema, and strict reading.

``load(dump(plan)) == plan`` for engine-built plans (hypothesis over goal, level, weeks,
start, days, times and zone), the schema agrees with ``jsonschema``, and every way a file
can be wrong gives one message naming the file and the field.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planforge.core.engine.progression import build_plan
from planforge.core.model import LEVELS, Plan, Times
from planforge.errors import PlanFileError
from planforge.formats.json import plan_to_dict, plan_to_json
from planforge.formats.planfile import (
    MAX_PLAN_BYTES,
    dump,
    load_plan,
    parse_document,
    plan_from_dict,
    plan_to_toml,
    read_plan,
)
from planforge.formats.schemacheck import SchemaViolation, plan_schema, schema_bytes, validate
from planforge.goals.templates import builtin_goals
from sampling import sample

CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 23)
SCHEMA = json.loads(schema_bytes())
REFERENCE = jsonschema.Draft7Validator(SCHEMA)


def small_plan(**kwargs: Any) -> Plan:
    # Mon, Wed, Sat: the second workout is mobility, the fourth a strength session
    args: dict[str, Any] = {"goal": "glutes", "weeks": 2, "start": MONDAY, "created": CREATED,
                            "days": (0, 2, 5)}
    args.update(kwargs)
    return build_plan(**args)


def timed_plan() -> Plan:
    return small_plan(times=Times(dt.time(7, 0), ((5, dt.time(9, 30)),)),
                      timezone="Europe/London")


# ----------------------------------------------------------------------------- round trips

zones = st.sampled_from(["Europe/London", "America/New_York", "Australia/Sydney",
                         "Asia/Kolkata", "UTC"])
clocks = st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
times = st.one_of(
    st.just(Times()),
    st.builds(lambda d, by: Times(d, tuple(sorted(by.items()))),
              st.one_of(st.none(), clocks),
              st.dictionaries(st.integers(0, 6), clocks, max_size=3)).filter(
        lambda t: not t.all_day),
)
ROUND_TRIP = settings(max_examples=30, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


def _round_trips(plan: Plan) -> None:
    for kind in ("toml", "json"):
        data = dump(plan, kind)
        doc = parse_document(data, kind, source=f"plan.{kind}")
        loaded = plan_from_dict(doc, source=f"plan.{kind}")
        assert loaded == plan, kind
        assert loaded.created == plan.created and loaded.times == plan.times
        assert dump(loaded, kind) == data


def test_load_of_dump_is_the_plan_a_sample() -> None:
    """The fast set's sample of the sweep below: a year, timed across both DST changes with
    a time inside the spring gap, and a short all-day plan on chosen days."""
    _round_trips(build_plan(goal="thighs", level="beginner", weeks=52,
                            start=dt.date(2027, 3, 1), created=CREATED,
                            times=Times(dt.time(7, 0), ((6, dt.time(1, 30)),)),
                            timezone="Europe/London"))
    _round_trips(build_plan(goal="loose-skin", level="runner", weeks=3,
                            start=dt.date(2030, 12, 25), days=(1, 3, 5), created=CREATED))


@pytest.mark.slow  # hypothesis over goal, level, length, days, times and zones
@ROUND_TRIP
@example(goal="thighs", level="beginner", weeks=52, start=dt.date(2027, 3, 1), days=None,
         when=Times(dt.time(7, 0), ((6, dt.time(1, 30)),)), zone="Europe/London",
         created=CREATED)
@given(goal=st.sampled_from(builtin_goals()), level=st.sampled_from(LEVELS),
       weeks=st.integers(1, 20),
       start=st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31)),
       days=st.none() | st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s))),
       when=times, zone=zones,
       created=st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2040, 1, 1),  # noqa: DTZ001
                            timezones=st.just(dt.UTC)).map(lambda d: d.replace(microsecond=0)))
def test_load_of_dump_is_the_plan(goal: str, level: str, weeks: int, start: dt.date,
                                  days: tuple[int, ...] | None, when: Times, zone: str,
                                  created: dt.datetime) -> None:
    _round_trips(build_plan(goal=goal, level=level, weeks=weeks, start=start, days=days,
                            created=created, times=when,
                            timezone=None if when.all_day else zone))


def test_toml_and_json_hold_the_same_data() -> None:
    for plan in (small_plan(), timed_plan(), small_plan(weeks=12, level="runner")):
        from_toml = tomllib.loads(plan_to_toml(plan).decode())
        from_json = json.loads(plan_to_json(plan))
        # TOML has no null: a null is a key left out
        for key in ("timezone", "time", "reached_most_days_week", "equipment_choice"):
            if from_json["plan"][key] is None:
                del from_json["plan"][key]
        if from_json["plan"].get("time") and from_json["plan"]["time"]["default"] is None:
            del from_json["plan"]["time"]["default"]
        assert from_toml == from_json


#: text TOML and JSON must quote or escape, for the fast set's sample of the sweep below
AWKWARD = ['"', "\\", "\n", "\r", "\t", "'''", '"""', "#", "=", "[", "]", "é", "🏃"]
text = st.lists(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(AWKWARD),
                min_size=1, max_size=20).map("".join).filter(lambda t: bool(t.strip()))



def _text_round_trips(title: str, note: str, name: str) -> None:
    plan = small_plan(weeks=1)
    strength = next(i for i, s in enumerate(plan.sessions) if s.kind == "strength")
    sessions = list(plan.sessions)
    s = sessions[strength]
    sessions[strength] = replace(s, title=title, notes=(note, *s.notes),
                                 exercises=(replace(s.exercises[0], name=name),
                                            *s.exercises[1:]))
    plan = replace(plan, sessions=tuple(sessions), summary=note)
    for kind in ("toml", "json"):
        assert plan_from_dict(parse_document(dump(plan, kind), kind, source="p"),
                              source="p") == plan


def test_awkward_text_round_trips_through_toml() -> None:
    _text_round_trips("a" + "".join(AWKWARD), "".join(reversed(AWKWARD)) + "z",
                      " ".join(AWKWARD))


@pytest.mark.slow  # hypothesis over any text
@settings(max_examples=60, deadline=None)
@given(title=text, note=text, name=text)
def test_any_text_round_trips_through_toml(title: str, note: str, name: str) -> None:
    _text_round_trips(title, note, name)


def test_toml_header_says_what_it_is_and_how_to_render_it() -> None:
    text = plan_to_toml(small_plan()).decode()
    head = text.split("format = ", 1)[0]
    assert head.startswith("# planforge plan file (planforge-plan/1): 2 weeks, 2026-11-23 to "
                           "2026-12-06, ")
    assert "planforge render FILE.toml" in head and "planforge check FILE.toml" in head
    assert all(line.startswith("#") for line in head.splitlines())
    assert '\n[plan]\ngoal = "glutes"\n' in text
    assert "# timezone: left out: all-day events" in text


def test_toml_keeps_nulls_out_and_puts_exercises_in_tables() -> None:
    text = plan_to_toml(timed_plan()).decode()
    assert 'time = { default = "07:00", sat = "09:30" }' in text
    assert 'timezone = "Europe/London"' in text
    assert "[[sessions.exercises]]" in text
    assert "exercises = []" in text  # runs and mobility
    no_default = replace(timed_plan(), times=Times(None, ((5, dt.time(9, 30)),)))
    assert 'time = { sat = "09:30" }' in plan_to_toml(no_default).decode()
    assert load_plan_text(plan_to_toml(no_default)) == no_default


def load_plan_text(data: bytes, kind: str = "toml") -> Plan:
    return plan_from_dict(parse_document(data, kind, source="p"), source="p")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- the schema


def test_the_shipped_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert plan_schema() == SCHEMA


#: what draft 7 defines besides the checks themselves: annotations and the schema's own names
DRAFT7_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "default",
                      "examples", "definitions", "readOnly", "writeOnly", "contentEncoding",
                      "contentMediaType"}


def _keywords(schema: Any) -> set[str]:
    """Every keyword used in ``schema`` (the names under properties/definitions are not)."""
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for keyword, value in schema.items():
        if keyword in ("properties", "definitions"):
            found |= {k for sub in value.values() for k in _keywords(sub)}
        elif isinstance(value, dict):
            found |= _keywords(value)
        elif isinstance(value, list) and keyword in ("items", "allOf", "anyOf", "oneOf"):
            found |= {k for sub in value for k in _keywords(sub)}
    return found


def test_the_schema_uses_only_draft_7_keywords() -> None:
    """fastjsonschema implements draft 7 and ignores a keyword it does not know, so a later
    draft's keyword (prefixItems, unevaluatedProperties, $defs, dependentRequired) would check
    nothing, silently; the reference validator here is draft 7 too."""
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    known = set(jsonschema.Draft7Validator.VALIDATORS) | DRAFT7_ANNOTATIONS
    used = _keywords(SCHEMA)
    assert {"properties", "required", "additionalProperties", "$ref", "pattern"} <= used
    assert used <= known, used - known
    assert "prefixItems" not in known and "$defs" not in known  # the check can fail


@pytest.mark.parametrize("goal", sample(builtin_goals(), keep=3))
def test_output_validates_against_the_schema(goal: str) -> None:
    plan = build_plan(goal=goal, level="returning", weeks=14, start=MONDAY, created=CREATED,
                      times=Times(dt.time(6, 15)), timezone="America/New_York")
    for doc in (json.loads(plan_to_json(plan)), tomllib.loads(plan_to_toml(plan).decode())):
        REFERENCE.validate(doc)
        validate(doc)


def _mutations() -> list[tuple[str, Callable[[dict[str, Any]], None]]]:
    def setter(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
        def apply(doc: dict[str, Any]) -> None:
            node: Any = doc
            parts = path.split(".")
            for part in parts[:-1]:
                node = node[int(part)] if part.isdigit() else node[part]
            last = parts[-1]
            if value is _DELETE:
                del node[int(last) if last.isdigit() else last]
            elif last.isdigit():
                node[int(last)] = value
            else:
                node[last] = value
        return apply

    cases = [
        ("format", "planforge-plan/2"), ("plan.weeks", 0), ("plan.weeks", 105),
        ("plan.weeks", "8"), ("plan.weeks", True), ("plan.level", "expert"),
        ("plan.start", "23/11/2026"), ("plan.days", []), ("plan.days", ["mon", "mon"]),
        ("plan.days", ["monday"]), ("plan.timezone", ""), ("plan.timezone", "../etc"),
        ("plan.time", {"default": "7am"}), ("plan.time", {"fri": None}),
        ("plan.time", {"default": "07:00", "someday": "08:00"}), ("plan.created", "yesterday"),
        ("plan.created", "2026-11-20T08:00:00"), ("plan.plan_id", "a b"), ("plan.notes", "x"),
        ("plan.extra", [["only-one"]]), ("plan.continues", -1), ("plan.goal", ""),
        ("plan.unknown", 1), ("plan.summary", _DELETE), ("sessions.0.uid", ""),
        ("sessions.0.uid", "has space"), ("sessions.0.kind", "swim"),
        ("sessions.0.hard", "no"), ("sessions.0.title", ""), ("sessions.0.week", 0),
        ("sessions.0.warmup_min", -5), ("sessions.0.warmup_min", 1e9),
        ("sessions.0.main.0.repeat", 0), ("sessions.0.main.0.segments", []),
        ("sessions.0.main.0.segments.0.effort", "crawl"),
        ("sessions.0.main.0.segments.0.seconds", 1.5), ("sessions.0.sequence", -1),
        ("sessions.0.extra_field", 1), ("sessions.0.date", _DELETE),
        ("sessions.3.exercises.0.sets", 0), ("sessions.3.exercises.0.muscles", ["arms"]),
        ("sessions.3.exercises.0.rep_range", [8]), ("sessions.3.exercises.0.unit", "kg"),
        ("sessions.3.exercises.0.per_side", 1), ("sessions.3.exercises.0.cue", _DELETE),
        ("sessions", {}), ("plan", []),
    ]
    return [(f"{path}={value!r}", setter(path, value)) for path, value in cases]


class _Delete:
    def __repr__(self) -> str:
        return "<deleted>"


_DELETE = _Delete()
MUTATIONS = _mutations()


@pytest.mark.parametrize(("name", "mutate"), sample(MUTATIONS, keep=3, tuples=True,
                                                   ids=lambda m: str(m[0])))
def test_the_validator_agrees_with_the_reference_jsonschema(
        name: str, mutate: Callable[[dict[str, Any]], None]) -> None:
    plan = small_plan()
    assert plan.sessions[3].kind == "strength"
    doc = copy.deepcopy(plan_to_dict(plan))
    REFERENCE.validate(doc)
    validate(doc)
    mutate(doc)
    assert not REFERENCE.is_valid(doc), name
    with pytest.raises(SchemaViolation):
        validate(doc)


def test_whole_floats_are_whole_numbers() -> None:
    """JSON has one kind of number and JSON Schema counts 2.0 as an integer: a file written by
    a tool that writes 2.0 reads as 2, and nothing after the schema sees a float."""
    plan = small_plan()
    doc = copy.deepcopy(plan_to_dict(plan))
    doc["plan"]["weeks"] = 2.0
    doc["sessions"][0]["week"] = 1.0
    loaded = plan_from_dict(doc, source="club.json")
    assert loaded == plan
    assert type(loaded.weeks) is int and type(loaded.sessions[0].week) is int


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_toml_nan_and_infinity_are_refused(value: float) -> None:
    doc = copy.deepcopy(plan_to_dict(small_plan()))
    doc["sessions"][0]["warmup_min"] = value
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(doc, source="club.toml")
    assert str(info.value) == (f"club.toml: sessions[0].warmup_min: {value} is not a number a "
                               "plan can hold")


def test_the_first_problem_in_the_file_is_named() -> None:
    """Several problems: the first in the order the schema lists the fields (the order
    planforge writes them, so the one a reader of a written file meets first): sessions by
    index, whatever their order in the list of fields; a missing field before its neighbours'
    problems."""
    doc = copy.deepcopy(plan_to_dict(small_plan()))
    doc["sessions"][2]["kind"] = "swim"
    doc["sessions"][1]["title"] = ""
    doc["plan"]["level"] = "expert"
    with pytest.raises(PlanFileError, match=r"^club.json: plan.level: 'expert' is not one of"):
        plan_from_dict(copy.deepcopy(doc), source="club.json")
    doc["plan"]["level"] = "beginner"
    with pytest.raises(PlanFileError, match=r"^club.json: sessions\[1\].title: must not be empty"):
        plan_from_dict(copy.deepcopy(doc), source="club.json")
    del doc["plan"]["summary"]
    doc["plan"]["zz_unknown"] = 1
    with pytest.raises(PlanFileError, match=r"^club.json: plan.summary: missing$"):
        plan_from_dict(doc, source="club.json")


# ----------------------------------------------------------------------------- reading files


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def assert_error(path: Path | str, message: str) -> None:
    with pytest.raises(PlanFileError) as info:
        load_plan(path)
    assert str(info.value) == message
    assert info.value.exit_code == 2


def test_kind_from_extension_or_by_sniffing(tmp_path: Path) -> None:
    plan = small_plan()
    for name, data, kind in (("a.toml", plan_to_toml(plan), "toml"),
                             ("a.json", plan_to_json(plan), "json"),
                             ("plan.txt", plan_to_json(plan), "json"),
                             ("plan", plan_to_toml(plan), "toml"),
                             ("bom.json", b"\xef\xbb\xbf" + plan_to_json(plan), "json")):
        assert read_plan(write(tmp_path, name, data)) == (plan, kind)


def test_unreadable_files(tmp_path: Path) -> None:
    assert_error(tmp_path / "missing.toml", f"{tmp_path / 'missing.toml'}: no such file")
    assert_error(tmp_path, f"{tmp_path}: is a folder, not a plan file")
    assert_error(write(tmp_path, "latin.toml", b'format = "caf\xe9"'),
                 f"{tmp_path / 'latin.toml'}: is not UTF-8 text (byte 13)")
    assert_error(write(tmp_path, "bad.toml", "format = \n"),
                 f"{tmp_path / 'bad.toml'}: is not valid TOML: Invalid value (at line 1, "
                 "column 10)")
    assert_error(write(tmp_path, "bad.json", "{\"format\": }"),
                 f"{tmp_path / 'bad.json'}: is not valid JSON: Expecting value (line 1, "
                 "column 12)")
    assert_error(write(tmp_path, "dup.json", '{"format": 1, "format": 2}'),
                 f"{tmp_path / 'dup.json'}: is not valid JSON: key 'format' appears twice in "
                 "one object")
    assert_error(write(tmp_path, "nan.json", '{"format": NaN}'),
                 f"{tmp_path / 'nan.json'}: is not valid JSON: NaN is not a number a plan can "
                 "hold")
    assert_error(write(tmp_path, "big.json", '{"format": 1e999}'),
                 f"{tmp_path / 'big.json'}: is not valid JSON: 1e999 is too large a number")
    assert_error(write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000),
                 f"{tmp_path / 'deep.json'}: is nested more than 32 deep; no plan file, "
                 "template or roster nests so deep")
    assert_error(write(tmp_path, "list.json", "[]"),
                 f"{tmp_path / 'list.json'}: must be a table (object), not []")


def test_size_limit(tmp_path: Path) -> None:
    big = write(tmp_path, "big.toml", b"#" * (MAX_PLAN_BYTES + 1))
    assert_error(big, f"{big}: is larger than 5 MB (5,000,001 bytes or more); a plan file is "
                      "at most that")
    # read, then found wanting (in lines: a TOML line has a bound of its own, test_bounds.py)
    just = write(tmp_path, "just.toml", (b"#" * 99 + b"\n") * (MAX_PLAN_BYTES // 100))
    assert_error(just, f"{just}: format: missing")


def doc_error(mutate: Callable[[dict[str, Any]], None], plan: Plan | None = None) -> str:
    doc = copy.deepcopy(plan_to_dict(plan or small_plan()))
    mutate(doc)
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(doc, source="club.json")
    return str(info.value)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        node: Any = doc
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is _DELETE:
            del node[parts[-1]]
        else:
            node[parts[-1]] = value
    return apply


@pytest.mark.parametrize(("path", "value", "message"), [
    ("format", "planforge-plan/2",
     "format: must be 'planforge-plan/1', not 'planforge-plan/2'"),
    ("plan.weeks", 0, "plan.weeks: 0 is out of range; must be from 1 to 104"),
    ("plan.weeks", 8.5, "plan.weeks: must be a whole number, not 8.5"),
    ("plan.weeks", 10**400, f"plan.weeks: 1{'0' * 56}... is out of range; must be from 1 to "
                            "104"),  # shown cut to 60 characters
    ("plan.days", "mon", "plan.days: must be an array, not 'mon'"),
    ("plan.days", [], "plan.days: must not be empty"),
    ("plan.goal", "x" * 101, "plan.goal: is 101 characters long; at most 100 are allowed"),
    ("plan.level", "expert", "plan.level: 'expert' is not one of: beginner, returning, runner"),
    ("plan.start", "2026-02-30",
     "plan.start: '2026-02-30' is not a date (day is out of range for month); expected a "
     "date like 2026-11-23"),
    ("plan.start", "30/11/2026", "plan.start: '30/11/2026' is not a date like 2026-11-23"),
    ("plan.days", ["mon", "fun"],
     "plan.days[1]: 'fun' is not one of: mon, tue, wed, thu, fri, sat, sun"),
    ("plan.days", ["mon", "mon"], "plan.days[1]: 'mon' is repeated"),
    ("plan.summary", _DELETE, "plan.summary: missing"),
    ("plan.titel", "x", "plan.titel: unknown field; expected one of: goal, level, weeks, "
                        "start, days, timezone, time, summary, notes, end, goal_title, "
                        "left_out, equipment, equipment_choice, reached_most_days_week, "
                        "continues, race, outcome, plan_id, created, extra"),
    ("plan.end", "2026-12-13",
     "plan.end: 2026-12-13 does not match start and weeks (2026-12-06); start and weeks "
     "decide the end: fix or delete end"),
    ("plan.timezone", "Europe/London",
     "plan.timezone: an all-day plan has no time zone; delete timezone, or add a start time "
     "(plan.time)"),
    ("plan.time", {"default": "07:00"},
     "plan.timezone: missing; timed workouts need an IANA time zone like Europe/London"),
    ("plan.time", {"default": None}, "plan.time: names no start time; leave time out for "
                                     "all-day events"),
    ("plan.created", "2026-11-20 08:00",
     "plan.created: '2026-11-20 08:00' is not a date and time with its UTC offset, like "
     "2026-11-20T08:00:00Z"),
    ("plan.reached_most_days_week", 3,
     "plan.reached_most_days_week: week 3 is after the plan's last week (2)"),
    ("plan.goal_title", "Glutes\x1b[31m", "plan.goal_title: contains the control character "
                                          "U+001B"),
    ("plan.notes", ["\ud800"], "plan.notes[0]: contains a lone surrogate U+D800"),
    ("sessions.0.date", "2026-12-07",
     "sessions[0].date: 2026-12-07 is outside the plan (2026-11-23 to 2026-12-06)"),
    ("sessions.0.week", 3, "sessions[0].week: week 3 is after the plan's last week (2)"),
    ("sessions.0.week", 2,
     "sessions[0].week: week 2 begins on 2026-11-30, after this workout's date 2026-11-23 (in "
     "week 1)"),
    ("sessions.0.weekday", "tue",
     "sessions[0].weekday: tue does not match the date 2026-11-23, a mon; the date decides: "
     "fix or delete weekday"),
    ("sessions.0.workout", "strength",
     "sessions[0].workout: 'strength' is not a run workout; use one of: run-walk, easy, "
     "intervals, hills, race"),
    ("sessions.0.hard", True, "sessions[0].hard: must be false for a run-walk workout"),
    ("sessions.0.run_min", 10,
     "sessions[0].run_min: says 10 but main holds 8 min of running; the main set decides it: "
     "edit main, then fix or delete run_min"),
    ("sessions.0.duration_min", 25,
     "sessions[0].duration_min: says 25 but warm-up, main set and cool-down make 30 min; they "
     "decide it: fix or delete duration_min"),
    ("sessions.0.main", [], "sessions[0].main: a run needs its main set: blocks of run and "
                            "walk segments"),
    ("sessions.0.main", [{"repeat": 1, "segments": [{"effort": "walk", "seconds": 600}]}],
     "sessions[0].main: has no running segment (run, fast, jog or hill)"),
    ("sessions.0.minutes", 30,
     "sessions[0].minutes: must be 0 for a run: warm-up, main set and cool-down decide its "
     "length"),
    ("sessions.3.exercises", [], "sessions[3].exercises: a strength session needs at least "
                                 "one exercise"),
    ("sessions.3.minutes", 0, "sessions[3].minutes: a strength session needs its length in "
                              "minutes"),
    ("sessions.3.duration_min", 5, "sessions[3].duration_min: says 5 but minutes says 30; "
                                   "minutes decides it: fix or delete duration_min"),
    ("sessions.1.warmup_min", 5, "sessions[1].warmup_min: a mobility session has none; "
                                 "delete warmup_min"),
    ("sessions.3.warmup_min", 40, "sessions[3].warmup_min: 40 is longer than the whole "
                                  "session (30 min)"),
    ("sessions.3.exercises.0.rep_range", [15, 12],
     "sessions[3].exercises[0].rep_range: [15, 12] is not a range; the low end comes first"),
])
def test_what_is_wrong_is_named(path: str, value: Any, message: str) -> None:
    plan = small_plan()
    assert plan.sessions[0].workout == "run-walk" and plan.sessions[1].kind == "mobility"
    assert plan.sessions[3].kind == "strength"
    assert doc_error(_set(path, value)) == f"club.json: {message}"


def test_two_workouts_with_one_uid() -> None:
    plan = small_plan()

    def twice(doc: dict[str, Any]) -> None:
        doc["sessions"][3]["uid"] = doc["sessions"][0]["uid"]
    assert doc_error(twice) == (f"club.json: sessions[3].uid: {plan.sessions[0].uid!r} is also "
                                "the uid of sessions[0]; every workout needs a uid of its own")


def test_weeks_follow_the_dates() -> None:
    def swap(doc: dict[str, Any]) -> None:
        last = doc["sessions"][-1]
        last["week"] = 1  # a week-1 workout after week 2's
    plan = small_plan()
    n = len(plan.sessions) - 1
    first_week2 = next(i for i, s in enumerate(plan.sessions) if s.week == 2)
    assert doc_error(swap) == (
        f"club.json: sessions[{n}].week: week 1 on {plan.sessions[-1].date} comes after a week "
        f"2 workout on {plan.sessions[first_week2].date} (sessions[{first_week2}]); weeks "
        "follow the dates")


def test_toml_native_dates_and_times_are_accepted(tmp_path: Path) -> None:
    plan = timed_plan()
    text = plan_to_toml(plan).decode()
    text = text.replace('start = "2026-11-23"', "start = 2026-11-23")
    text = text.replace('created = "2026-11-20T08:00:00Z"', "created = 2026-11-20T09:00:00+01:00")
    text = text.replace('default = "07:00"', "default = 07:00:00")
    assert load_plan(write(tmp_path, "native.toml", text)) == plan


def test_a_hand_edit_that_deletes_the_derived_numbers_is_fine(tmp_path: Path) -> None:
    plan = small_plan()
    doc = plan_to_dict(plan)
    for s in doc["sessions"]:
        for key in ("run_min", "walk_min", "longest_run_min", "on_feet_min", "duration_min",
                    "total_run_min", "weekday"):
            del s[key]
    del doc["plan"]["end"]
    assert plan_from_dict(doc, source="p") == plan
    # and an edit of main, with the numbers deleted, is what the plan then holds
    doc["sessions"][0]["main"][0]["repeat"] = 6
    edited = plan_from_dict(doc, source="p")
    assert edited.sessions[0].run_min == 6 and edited.sessions[0].walk_min == 9


def test_schema_bytes_are_the_file() -> None:
    path = Path(__file__).resolve().parent.parent / "src" / "planforge" / "formats" / "schema"
    assert schema_bytes() == (path / "plan.schema.json").read_bytes()
