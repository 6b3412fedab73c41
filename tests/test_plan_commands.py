"""The plan-file commands: check, render, shift, next, schema; make --template; goals.

Exact messages and exit codes with click's CliRunner; calendars read back with icalendar.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result

from planforge import cli
from planforge.cli import options
from planforge.core.rules.check import check_plan, errors
from planforge.formats.planfile import load_plan, plan_to_toml
from planforge.formats.schemacheck import schema_bytes
from planforge.goals.templates import builtin_goals

START = "2026-11-23"
CREATED = "2026-11-20T08:00:00Z"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SRC = Path(__file__).resolve().parent.parent / "src"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)


def make(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    result = run("make", "--start", START, "--created", CREATED, *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def glutes_toml(tmp_path: Path, weeks: str = "8", *args: str) -> Path:
    return make(tmp_path, "plan.toml", "--goal", "glutes", "--weeks", weeks, *args)


def events(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def assert_error(result: Result, message: str, code: int) -> None:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"


def clean(path: Path) -> bool:
    return errors(check_plan(load_plan(path))) == ()


# ----------------------------------------------------------------------------- make + check


def test_make_writes_toml_by_extension_and_by_format(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = glutes_toml(tmp_path)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# planforge plan file (planforge-plan/1): 8 weeks, 2026-11-23 to "
                           "2027-01-17, 56 workouts.\n")  # 8 x (3 runs, 2 strength, 2 mobility)
    assert "planforge render FILE.toml" in text
    monkeypatch.chdir(tmp_path)
    result = run("make", "--goal", "general", "--weeks", "2", "--start", START,
                 "--format", "toml")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("wrote planforge-general-2w.toml: 2 weeks, ")
    assert load_plan(tmp_path / "planforge-general-2w.toml").weeks == 2


def test_check_a_clean_plan(tmp_path: Path) -> None:
    out = make(tmp_path, "p.json", "--goal", "loose-skin", "--weeks", "3", "--level", "runner")
    result = run("check", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    # 3 runs (two of them back to back), 2 strength, 1 mobility; week 2 grows the long run
    # (a third strength day would add more than 15 % to the week's time, R36); week 3 makes a
    # run intervals, the first week R7 allows (R35): 6 + 6 + 6
    assert result.stderr == f"{out}: keeps every rule (3 weeks, 18 workouts)\n"


def test_check_warnings_pass_unless_strict(tmp_path: Path) -> None:
    out = glutes_toml(tmp_path)
    result = run("check", str(out))
    assert result.exit_code == 0
    assert result.stdout == (
        "week 6 Mon: R2 run 24 min is 1.12x the longest of the previous 28 days (limit 1.15) "
        "(warning)\n"
        "week 8 Mon: R2 run 28 min is 1.12x the longest of the previous 28 days (limit 1.15) "
        "(warning)\n")
    assert result.stderr == f"{out}: 0 errors, 2 warnings\n"
    # the R2 warnings are the NHS plan's own step: --strict lets them pass, and says so
    # (issue 12, item 13); tests/test_first_ten_minutes.py fails it on other warnings
    strict = run("check", "--strict", str(out))
    assert strict.exit_code == 0
    assert strict.stderr.endswith(
        "--strict: the R2 warnings pass: the NHS plan itself steps up by up to 1.12 times "
        "between weeks, so a plan that follows it shows these warnings (planforge check "
        "--explain R2)\n")


def test_check_a_broken_plan_exits_1(tmp_path: Path) -> None:
    out = glutes_toml(tmp_path)
    # a hand edit: a dumbbell in week 1
    text = out.read_text(encoding="utf-8").replace('load = "bodyweight"', 'load = "dumbbell"', 1)
    out.write_text(text, encoding="utf-8")
    result = run("check", str(out))
    assert result.exit_code == 1
    assert "week 1 Wed: R11 Glute bridge, 2-s hold uses dumbbell in week 1 (bodyweight " \
           "first)\n" in result.stdout
    # and that session, now loaded, does not say how to choose the load
    assert "week 1 Wed: R23 a plan with loaded exercises must say in its strength sessions' " \
           "notes how to choose the load" in result.stdout
    assert result.stderr == f"{out}: 2 errors, 2 warnings\n"


def test_check_says_which_number_to_fix_after_a_hand_edit(tmp_path: Path) -> None:
    out = glutes_toml(tmp_path, "1")
    text = out.read_text(encoding="utf-8").replace("warmup_min = 5", "warmup_min = 3", 1)
    out.write_text(text, encoding="utf-8")
    assert_error(run("check", str(out)),
                 f"{out}: sessions[0].duration_min: says 30 but warm-up, main set and cool-down "
                 "make 28 min; they decide it: fix or delete duration_min", 2)
    out.write_text(text.replace("duration_min = 30\n", "", 1), encoding="utf-8")
    result = run("check", str(out))
    assert result.exit_code == 1
    assert result.stdout == "week 1 Mon: R13 warm-up 3 min (at least 5)\n"


def test_check_an_unreadable_plan_exits_2(tmp_path: Path) -> None:
    assert_error(run("check", str(tmp_path / "nope.toml")),
                 f"{tmp_path / 'nope.toml'}: no such file", 2)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "planforge-plan/1", "plan": {}, "sessions": []}')
    assert_error(run("check", str(bad)), f"{bad}: plan.goal: missing", 2)


@pytest.mark.slow  # every goal and level; tests/test_first_ten_minutes.py has a fast sample
def test_every_plan_make_writes_passes_check(tmp_path: Path) -> None:
    for goal in builtin_goals():
        for level in ("beginner", "returning", "runner"):
            out = make(tmp_path, f"{goal}-{level}.toml", "--goal", goal, "--level", level,
                       "--weeks", "12", "--time", "07:00", "--tz", "Europe/Paris")
            assert run("check", str(out)).exit_code == 0, (goal, level)


def test_schema_prints_the_shipped_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout_bytes == schema_bytes()
    assert json.loads(result.stdout_bytes)["properties"]["format"] == {
        "const": "planforge-plan/1"}


# ----------------------------------------------------------------------------- render


def test_render_of_an_unchanged_plan_is_makes_calendar_byte_for_byte(tmp_path: Path) -> None:
    args = ("--goal", "thighs", "--weeks", "6", "--time", "07:00", "--time", "sat=09:00",
            "--tz", "Europe/London")
    made = make(tmp_path, "made.ics", *args).read_bytes()
    plan = make(tmp_path, "plan.toml", *args)
    for n in (1, 2):
        out = tmp_path / f"rendered{n}.ics"
        result = run("render", str(plan), "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == made
    assert "new UIDs" not in result.stderr
    # --start with the plan's own start changes nothing either
    result = run("render", str(plan), "--start", START, "-o", str(tmp_path / "same.ics"))
    assert (tmp_path / "same.ics").read_bytes() == made


def test_render_default_name_is_the_plan_files_stem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = glutes_toml(tmp_path, "2")
    elsewhere = tmp_path / "here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("render", str(plan))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].startswith("wrote plan-rendered.ics: 2 weeks, ")
    assert result.stderr.splitlines()[-1] == options.IMPORT_HINT
    assert sorted(p.name for p in elsewhere.iterdir()) == ["plan-rendered.ics"]
    assert_error(run("render", str(plan)),
                 "plan-rendered.ics already exists; use --force to overwrite it", 1)


def test_render_re_bases_every_date(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path)
    original = load_plan(plan_path)
    out = tmp_path / "mine.toml"
    result = run("render", str(plan_path), "--start", "2027-01-04", "-o", str(out))
    assert result.exit_code == 0, result.output
    mine = load_plan(out)
    shift = dt.date(2027, 1, 4) - original.start
    assert shift == dt.timedelta(days=42)
    assert mine.start == dt.date(2027, 1, 4) and mine.weeks == original.weeks
    assert [s.date - shift for s in mine.sessions] == [s.date for s in original.sessions]
    assert [s.week for s in mine.sessions] == [s.week for s in original.sessions]
    assert [s.title for s in mine.sessions] == [s.title for s in original.sessions]
    assert mine.days == original.days
    assert "2027-01-04 to 2027-02-28: 56 workouts" in mine.summary
    # a copy on other dates: UIDs of its own, stable from one render to the next
    assert not {s.uid for s in mine.sessions} & {s.uid for s in original.sessions}
    assert result.stderr.startswith(
        "note: new UIDs for this copy: its dates differ from the plan file's, so it can sit "
        "beside the original in one calendar\n")
    again = tmp_path / "again.toml"
    run("render", str(plan_path), "--start", "2027-01-04", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()
    assert clean(out)


def test_render_on_another_weekday_moves_the_days_along(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path)
    out = tmp_path / "wed.json"
    result = run("render", str(plan_path), "--start", "2026-11-25", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "note: the plan starts on a Wednesday now, so its training days move from "
        "mon,wed,fri,sat to mon,wed,fri,sun; choose other training days to change that")
    plan = load_plan(out)
    assert plan.days == (0, 2, 4, 6)
    assert {s.date.weekday() for s in plan.sessions} <= set(plan.days)
    assert clean(out)


def test_render_with_another_zone_and_time(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path, "3")
    out = tmp_path / "ny.ics"
    result = run("render", str(plan_path), "--start", "2027-03-01", "--tz", "America/New_York",
                 "--time", "06:30", "--time", "sat=08:00", "-o", str(out))
    assert result.exit_code == 0, result.output
    plan = load_plan(plan_path)
    got = events(out)
    assert len(got) == len(plan.sessions)
    starts = sorted(ev["DTSTART"].dt for ev in got.values())
    assert str(starts[0].tzinfo) == "America/New_York"
    assert starts[0] == dt.datetime(2027, 3, 1, 6, 30, tzinfo=starts[0].tzinfo)
    first_each_day = {d.date(): d for d in sorted(starts, reverse=True)}
    sat = [d for d in first_each_day.values() if d.weekday() == 5]
    assert sat and all(d.time() == dt.time(8, 0) for d in sat)
    assert all(d.time() == dt.time(6, 30) for d in first_each_day.values() if d.weekday() != 5)
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n" in out.read_bytes()
    # --tz alone moves a timed plan's wall times to another zone
    timed = make(tmp_path, "timed.toml", "--goal", "glutes", "--weeks", "1", "--time",
                 "07:00", "--tz", "Europe/London")
    result = run("render", str(timed), "--tz", "Asia/Tokyo", "-o", str(tmp_path / "t.json"))
    assert result.exit_code == 0, result.output
    assert load_plan(tmp_path / "t.json").timezone == "Asia/Tokyo"
    # and --all-day drops the times
    run("render", str(timed), "--all-day", "-o", str(tmp_path / "a.toml"))
    assert load_plan(tmp_path / "a.toml").times.all_day


def test_render_on_other_days_keeps_the_rules(tmp_path: Path) -> None:
    plan_path = make(tmp_path, "plan.toml", "--goal", "thighs", "--weeks", "16",
                     "--level", "returning")
    out = tmp_path / "tue.toml"
    result = run("render", str(plan_path), "--days", "tue,wed,fri,sat,sun", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "note: every week is laid out afresh on tue,wed,fri,sat,sun\n" in result.stderr
    plan, original = load_plan(out), load_plan(plan_path)
    assert plan.days == (1, 2, 4, 5, 6)
    assert {s.date.weekday() for s in plan.sessions} <= {1, 2, 4, 5, 6}
    assert sorted(s.title for s in plan.sessions) == sorted(s.title for s in original.sessions)
    assert errors(check_plan(plan)) == ()
    first = min(plan.sessions, key=lambda s: s.date)
    assert "Wear proper running shoes" in first.notes[0]


def test_render_refuses_days_that_cannot_hold_the_plan(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path)
    out = tmp_path / "two.ics"
    result = run("render", str(plan_path), "--days", "mon,tue", "-o", str(out))
    assert_error(result, "the days mon,tue cannot hold week 1 (3 runs, 2 strength, 2 mobility) "
                         "within the rules (R8-R12: no back-to-back run/walk or hard days, 48 h "
                         "between strength days, a rest day in every 7); add days, or make a "
                         "new plan for these days", 1)
    assert not out.exists()


def test_render_usage_errors(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path, "1")
    assert_error(run("render", str(plan_path), "--all-day", "--time", "07:00"),
                 "--all-day and --time do not go together; give one of them", 2)
    assert_error(run("render", str(plan_path), "--format", "json", "-o", "x.ics"),
                 "output 'x.ics' ends in .ics but --format is json; use a .json name or drop "
                 "--format", 2)


def test_render_warns_about_a_plan_that_breaks_rules(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path, "2")
    text = plan_path.read_text(encoding="utf-8").replace('load = "bodyweight"', 'load = "band"')
    plan_path.write_text(text, encoding="utf-8")
    result = run("render", str(plan_path), "-o", str(tmp_path / "p.ics"))
    assert result.exit_code == 0
    # week 1's 2 strength sessions of 8 exercises each, all with a band (R11: 16), and no
    # word on choosing a load, in the plan's notes and in the sessions' (R23: 2)
    assert result.stderr.startswith(f"warning: {plan_path} breaks the training rules (18 "
                                    f"errors); 'planforge check {plan_path}' lists them\n")


# ----------------------------------------------------------------------------- shift


def test_shift_by_a_week_keeps_uids_and_bumps_sequence(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path)
    before_ics = tmp_path / "before.ics"
    run("render", str(plan_path), "-o", str(before_ics))
    out = tmp_path / "shifted.ics"
    result = run("shift", str(plan_path), "--from", "2026-12-16", "--by", "1w", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:3] == [
        # weeks hold Mon run + mobility, Wed run + strength, Fri run + mobility, Sat strength
        "moved 33 workouts from 2026-12-16 on by 1 week (same UIDs, SEQUENCE + 1):",
        "  week 4: 5 workouts, Wed 2026-12-16 to Sat 2026-12-19 -> Wed 2026-12-23 to Sat "
        "2026-12-26",
        "  week 5: 7 workouts, Mon 2026-12-21 to Sat 2026-12-26 -> Mon 2026-12-28 to Sat "
        "2027-01-02",
    ]
    assert "the plan now ends 2027-01-24 (9 weeks)" in result.stderr
    old, new = events(before_ics), events(out)
    assert set(old) == set(new)
    moved = 0
    for uid, ev in new.items():
        was = old[uid]
        if was["DTSTART"].dt >= dt.date(2026, 12, 16):
            moved += 1
            assert ev["DTSTART"].dt == was["DTSTART"].dt + dt.timedelta(days=7)
            assert int(ev["SEQUENCE"]) == int(was["SEQUENCE"]) + 1 == 1
        else:
            assert ev["DTSTART"].dt == was["DTSTART"].dt
            assert int(ev["SEQUENCE"]) == 0
    assert moved == 33


def test_shifted_plans_pass_check_and_keep_their_weeks(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path, "10")
    for by in ("3d", "1w", "2w"):
        out = tmp_path / f"s-{by}.toml"
        result = run("shift", str(plan_path), "--from", "2026-12-02", "--by", by,
                     "-o", str(out))
        assert result.exit_code == 0, result.output
        assert run("check", str(out)).exit_code == 0
        plan, original = load_plan(out), load_plan(plan_path)
        assert [s.week for s in plan.sessions] == [s.week for s in original.sessions]
        assert plan.weeks == original.weeks + (1 if by != "2w" else 2)


def test_shift_twice_bumps_sequence_twice(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path, "4")
    once, twice = tmp_path / "once.json", tmp_path / "twice.json"
    run("shift", str(plan_path), "--from", "2026-11-30", "--by", "3d", "-o", str(once))
    run("shift", str(once), "--from", "2026-12-10", "--by", "2d", "-o", str(twice))
    plan = load_plan(twice)
    assert max(s.sequence for s in plan.sessions) == 2
    assert min(s.sequence for s in plan.sessions) == 0


def test_shift_from_before_the_start_moves_the_whole_plan(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path, "2")
    out = tmp_path / "later.toml"
    assert run("shift", str(plan_path), "--from", "2026-11-01", "--by", "1w",
               "-o", str(out)).exit_code == 0
    plan = load_plan(out)
    assert plan.start == dt.date(2026, 11, 30) and plan.weeks == 2
    assert all(s.sequence == 1 for s in plan.sessions)


def test_repeat_week(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path)
    original = load_plan(plan_path)
    out = tmp_path / "rep.toml"
    result = run("shift", str(plan_path), "--from", "2026-12-16", "--repeat-week",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        "repeated week 4 as week 5: 7 workouts, 2026-12-21 to 2026-12-26, with new UIDs",
        "moved 28 workouts of weeks 5-8 a week later as weeks 6-9 (same UIDs, SEQUENCE + 1):",
    ]
    plan = load_plan(out)
    assert plan.weeks == 9 and len(plan.sessions) == 63
    assert dict(plan.extra)["repeated_weeks"] == "1"
    week4 = [s for s in original.sessions if s.week == 4]
    copies = [s for s in plan.sessions if s.week == 5]
    assert [(s.kind, s.main, s.exercises) for s in copies] == [
        (s.kind, s.main, s.exercises) for s in week4]
    assert [s.date - dt.timedelta(days=7) for s in copies] == [s.date for s in week4]
    assert all(s.title.startswith("Week 5: ") and s.sequence == 0 for s in copies)
    assert not {s.uid for s in copies} & {s.uid for s in original.sessions}
    old = {s.uid: s for s in original.sessions}
    for s in plan.sessions:
        if s.uid in old and old[s.uid].week > 4:
            assert s.week == old[s.uid].week + 1 and s.sequence == 1
            assert s.title.startswith(f"Week {s.week}: ")
    assert "a 9-week plan" in plan.summary and "By week 9 you run" in plan.summary
    assert run("check", str(out)).exit_code == 0
    ics = tmp_path / "rep.ics"
    run("render", str(out), "-o", str(ics))
    assert len(events(ics)) == 63  # 56 + week 4 again (3 runs, 2 strength, 2 mobility)


def test_repeat_week_in_the_continuous_phase_adds_a_lighter_week(tmp_path: Path) -> None:
    """Issue 12, item 4: week 7 of a beginner plan (a build week: a copy would make 4 in a
    row, R6) can be repeated; a lighter week made from it comes first and the plan keeps
    every rule."""
    plan_path = glutes_toml(tmp_path, "20")
    out = tmp_path / "x.toml"
    result = run("shift", str(plan_path), "--from", "2027-01-04", "--repeat-week", "-o",
                 str(out))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    import tomllib

    weeks = [w["week"] for w in tomllib.loads(plan_path.read_text(encoding="utf-8"))["sessions"]]
    n7 = weeks.count(7)
    hard7 = sum(1 for w in tomllib.loads(plan_path.read_text(encoding="utf-8"))["sessions"]
                if w["week"] == 7 and w["hard"])
    later = sum(w > 7 for w in weeks)
    assert lines[:3] == [
        f"week 8 is a lighter week made from week 7 ({n7 - hard7} workouts, less running, no "
        "hard work, one strength set fewer), so that no more than 3 build weeks come before a "
        "rest week (R6)",
        f"repeated week 7 as week 9: {n7} workouts, 2027-01-18 to 2027-01-23, with new UIDs",
        f"moved {later} workouts of weeks 8-20 2 weeks later as weeks 10-22 (same UIDs, "
        "SEQUENCE + 1):"]
    assert "the plan now ends 2027-04-25 (22 weeks)" in lines
    checked = run("check", str(out))
    assert checked.exit_code == 0, checked.output
    assert " 0 errors" in checked.stderr or "keeps every rule" in checked.stderr


@pytest.mark.parametrize(("args", "message"), [
    ([], "give --by DURATION or --repeat-week, one of them"),
    (["--by", "1w", "--repeat-week"], "give --by DURATION or --repeat-week, one of them"),
    (["--by", "soon"], "Invalid value for '--by': 'soon' is not a duration; expected days or "
                       "weeks like 3d or 1w (1d to 12w)"),
    (["--by", "13w"], "Invalid value for '--by': '13w' is out of range; expected days or "
                      "weeks like 3d or 1w (1d to 12w)"),
])
def test_shift_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    plan_path = glutes_toml(tmp_path, "1")
    assert_error(run("shift", str(plan_path), "--from", START, *args), message, 2)


def test_shift_after_the_last_workout(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path, "1")
    assert_error(run("shift", str(plan_path), "--from", "2027-01-01", "--by", "1w"),
                 "no workout on or after 2027-01-01 (the plan's last is 2026-11-28); nothing "
                 "to move", 2)


def test_shift_default_name_and_format_follow_the_plan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_path = make(tmp_path, "club.json", "--goal", "glutes", "--weeks", "2")
    monkeypatch.chdir(tmp_path)
    result = run("shift", "club.json", "--from", "2026-11-30", "--by", "2d")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "club-shifted.json").read_bytes())["plan"]["weeks"] == 3
    assert plan_path.exists()


# ----------------------------------------------------------------------------- next


def test_next_starts_the_day_after_and_carries_the_progression_on(tmp_path: Path) -> None:
    plan_path = make(tmp_path, "plan.toml", "--goal", "general", "--weeks", "6", "--time",
                     "18:30", "--tz", "America/Chicago", "--days", "mon,wed,fri,sun")
    out = tmp_path / "next.toml"
    result = run("next", str(plan_path), "--weeks", "4", "--created", CREATED, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"follows {plan_path} (6 weeks of the progression done); this plan's weeks are "
        "numbered 1 to 4")
    first, follow = load_plan(plan_path), load_plan(out)
    assert follow.start == first.end + dt.timedelta(days=1) == dt.date(2027, 1, 4)
    assert follow.continues == 6 and follow.weeks == 4
    assert (follow.goal, follow.level, follow.days, follow.timezone, follow.times) == (
        first.goal, first.level, first.days, first.timezone, first.times)
    assert not {s.uid for s in follow.sessions} & {s.uid for s in first.sessions}
    assert "someone who has done 6 weeks of this plan's progression" in follow.summary
    assert "of the progression)" not in follow.summary
    assert run("check", str(out)).exit_code == 0
    # the same as make's week 7-10 program: the progression carries on
    from planforge.core.engine.progression import build_plan

    longer = build_plan(goal="general", weeks=10, start=first.start, days=first.days,
                        created=first.created)
    assert [s.main for s in follow.sessions if s.kind == "run"] == [
        s.main for s in longer.sessions if s.kind == "run" and s.week > 6]


def test_next_after_a_repeated_week_counts_it_once(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path)
    rep = tmp_path / "rep.toml"
    run("shift", str(plan_path), "--from", "2026-12-16", "--repeat-week", "-o", str(rep))
    out = tmp_path / "next.toml"
    result = run("next", str(rep), "--created", CREATED, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert load_plan(out).continues == 8
    assert load_plan(out).start == dt.date(2027, 1, 25)


def test_next_default_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glutes_toml(tmp_path, "2")
    monkeypatch.chdir(tmp_path)
    result = run("next", "plan.toml", "--weeks", "2", env={"SOURCE_DATE_EPOCH": "1795000000"})
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1].startswith("wrote plan-next.toml: 2 weeks, ")


# ----------------------------------------------------------------------------- templates


def user_folder() -> Path:
    return Path(os.environ["PLANFORGE_TEMPLATES"])


def test_make_from_a_template_file_records_it(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("make", "--template", str(TEMPLATES / "valid.toml"), "--weeks", "3",
                 "--start", START, "--created", CREATED, "--format", "toml")
    assert result.exit_code == 0, result.output
    plan = load_plan(tmp_path / "planforge-valid-3w.toml")
    assert plan.goal == "valid"
    extra = dict(plan.extra)
    assert extra["template"] == "valid" and len(extra["template_sha256"]) == 64
    assert run("check", "planforge-valid-3w.toml").exit_code == 0
    # next finds the template only where it was told to look
    result = run("next", "planforge-valid-3w.toml", "--weeks", "2", "--created", CREATED)
    assert_error(result, "planforge-valid-3w.toml was made from the custom template 'valid', "
                         f"which is not in {user_folder()}; pass it with --template FILE", 2)
    result = run("next", "planforge-valid-3w.toml", "--weeks", "2", "--created", CREATED,
                 "--template", str(TEMPLATES / "valid.toml"))
    assert result.exit_code == 0, result.output
    shutil.copy(TEMPLATES / "valid.toml", user_folder() / "valid.toml")
    result = run("next", "planforge-valid-3w.toml", "--weeks", "2", "--created", CREATED,
                 "-o", "n2.toml")
    assert result.exit_code == 0, result.output
    assert dict(load_plan(tmp_path / "n2.toml").extra)["template"] == "valid"


def test_next_with_a_changed_template_says_so(tmp_path: Path) -> None:
    template = tmp_path / "valid.toml"
    template.write_bytes((TEMPLATES / "valid.toml").read_bytes())
    plan = make(tmp_path, "p.toml", "--template", str(template), "--weeks", "2")
    template.write_bytes(template.read_bytes() + b"\n# edited\n")
    result = run("next", str(plan), "--template", str(template), "--created", CREATED,
                 "-o", str(tmp_path / "n.toml"))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("note: the template 'valid' has changed since ")


def test_make_template_errors_name_the_file_and_field(tmp_path: Path) -> None:
    result = run("make", "--template", str(TEMPLATES / "bad-muscle.toml"), "--start", START,
                 "-o", str(tmp_path / "x.ics"))
    # a template is input, like a plan file: exit 2 (errors.py, the exit-code policy)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: bad-muscle.toml: exercises[0].muscles[1]: 'biceps' is not one of ")
    assert_error(run("make", "--template", str(tmp_path / "none.toml")),
                 f"{tmp_path / 'none.toml'}: cannot read: No such file or directory", 2)
    assert_error(run("make", "--goal", "glutes", "--template", str(TEMPLATES / "valid.toml")),
                 "give --goal or --template, not both", 2)
    assert_error(run("make"), ("Missing option '--goal' (a goal 'planforge goals' lists), or "
         "--template FILE. Try 'planforge make --help'."), 2)


def test_user_templates_are_goals(tmp_path: Path) -> None:
    folder = user_folder()
    shutil.copy(TEMPLATES / "valid.toml", folder / "valid.toml")
    shutil.copy(TEMPLATES / "valid.toml", folder / "glutes.toml")  # a built-in's name
    (folder / "Bad Name.toml").write_text("x")
    shutil.copy(TEMPLATES / "bad-unit.toml", folder / "bad-unit.toml")
    result = run("goals")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [*builtin_goals(), "valid"]
    assert lines[-1].endswith("  (user template)")
    width = max(len(g) for g in builtin_goals())
    assert lines[-1].startswith("valid" + " " * (width - 5 + 2) + "Three exercises")
    assert result.stderr.splitlines() == [
        f"warning: ignoring user template {folder / 'Bad Name.toml'}: a goal name is 1 to 40 "
        "lower-case letters, digits and '-', starting with a letter or digit; rename the file",
        f"warning: ignoring user template {folder / 'bad-unit.toml'}: bad-unit.toml: "
        "exercises[1].unit: 'minutes' is not one of: reps, seconds",
        f"warning: ignoring user template {folder / 'glutes.toml'}: a built-in goal is called "
        "'glutes'; rename the file and its name field",
    ]
    out = tmp_path / "mine.json"
    result = run("make", "--goal", "valid", "--weeks", "2", "--start", START, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert dict(load_plan(out).extra)["template"] == "valid"
    result = run("make", "--goal", "nope")
    assert result.stderr.startswith("Error: Invalid value for '--goal': unknown goal 'nope'; "
                                    f"choose one of: {', '.join(builtin_goals())}, bad-unit, "
                                    "valid\n")  # names only: a template is checked when used


def test_goals_show_prints_a_template_to_start_from() -> None:
    result = run("goals", "--show", "glutes")
    assert result.exit_code == 0
    head, body = result.stdout.split("\n", 4)[:4], result.stdout.split("\n", 4)[4]
    assert head[0] == "# The goal template 'glutes', printed by: planforge goals --show glutes"
    assert head[1] == ("# To make a goal of your own from it: planforge goals --new NAME "
                       "--from glutes")
    root = Path(__file__).resolve().parent.parent
    assert body == (root / "templates" / "plans" / "glutes.toml").read_text(encoding="utf-8")
    assert_error(run("goals", "--show", "butt"), "Invalid value for '--show': unknown goal "
                                                 "'butt'; choose one of: "
                                                 f"{', '.join(builtin_goals())}", 2)


def test_user_template_folder_by_platform() -> None:
    from planforge.goals.user import user_template_dir

    home = "/home/ann"
    assert user_template_dir({}, "linux", home) == "/home/ann/.config/planforge/templates"
    assert user_template_dir({"XDG_CONFIG_HOME": "/cfg"}, "linux", home) == (
        "/cfg/planforge/templates")
    assert user_template_dir({"XDG_CONFIG_HOME": "rel"}, "linux", home) == (
        "/home/ann/.config/planforge/templates")
    assert user_template_dir({}, "darwin", home) == (
        "/home/ann/Library/Application Support/planforge/templates")
    assert user_template_dir({"APPDATA": "C:/Users/ann/AppData/Roaming"}, "win32", home) == (
        f"C:/Users/ann/AppData/Roaming{os.sep}planforge{os.sep}templates")
    assert user_template_dir({"PLANFORGE_TEMPLATES": "/t"}, "darwin", home) == "/t"


def test_goals_with_user_templates_stays_light() -> None:
    code = textwrap.dedent("""
        import sys
        from click.testing import CliRunner
        from planforge import cli
        result = CliRunner().invoke(cli.main, ["goals"])
        assert result.exit_code == 0, result.output
        assert "(user template)" in result.output, result.output
        heavy = [m for m in ("icalendar", "dateutil", "planforge.core.engine.progression",
                             "planforge.formats.ics", "planforge.core.rules.check",
                             "planforge.formats.planfile", "planforge.core.replan.shift")
                 if m in sys.modules]
        assert not heavy, heavy
        print("ok")
    """)
    shutil.copy(TEMPLATES / "valid.toml", user_folder() / "valid.toml")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC),
                                                        os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"


# ----------------------------------------------------------------------------- strangers' files


INJECTION = "Easy run\r\nATTENDEE:mailto:evil@example.com\r\nBEGIN:VALARM"


def test_text_cannot_inject_calendar_lines(tmp_path: Path) -> None:
    plan_path = glutes_toml(tmp_path, "1")
    text = plan_path.read_text(encoding="utf-8")
    for key in ("title", "name"):
        text = text.replace(f'\n{key} = "', f'\n{key} = "{_toml_escaped(INJECTION)} ', 1)
    head, sessions = text.split("\n[[sessions]]\n", 1)
    sessions = sessions.replace('\nnotes = [\n  "', f'\nnotes = [\n  "{_toml_escaped(INJECTION)} ',
                                1)
    text = f"{head}\n[[sessions]]\n{sessions}"
    plan_path.write_text(text, encoding="utf-8")
    plan = load_plan(plan_path)
    assert any(INJECTION in s.title for s in plan.sessions)
    out = tmp_path / "p.ics"
    assert run("render", str(plan_path), "-o", str(out)).exit_code == 0
    data = out.read_bytes()
    assert b"\r\nATTENDEE" not in data and b"\nATTENDEE" not in data
    assert b"\r\nBEGIN:VALARM" not in data
    cal = icalendar.Calendar.from_ical(data)
    summaries = []
    for ev in cal.walk("VEVENT"):
        assert "ATTENDEE" not in ev
        assert not ev.walk("VALARM")
        summaries.append(str(ev["SUMMARY"]))
        if str(ev["UID"]) == plan.sessions[0].uid:  # its note: line breaks stay, as text
            assert INJECTION.replace("\r\n", "\n") in str(ev["DESCRIPTION"])
    assert "Easy run ATTENDEE:mailto:evil@example.com BEGIN:VALARM " + plan.sessions[0].title[
        len(INJECTION) + 1:] in summaries
    described = " ".join(str(ev.get("DESCRIPTION", "")) for ev in cal.walk("VEVENT"))
    assert described.count("ATTENDEE:mailto:evil@example.com") >= 2  # a note, an exercise


def _toml_escaped(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def test_nothing_in_a_plan_file_chooses_where_to_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan_path = glutes_toml(tmp_path, "1")
    doc = json.loads(make(tmp_path, "x.json", "--goal", "glutes", "--weeks", "1").read_bytes())
    doc["plan"]["goal"] = "../../escape"
    doc["plan"]["plan_id"] = "..-..-x"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(doc), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for command in (["render", str(hostile)], ["shift", str(hostile), "--from", START,
                                                "--by", "1d"]):
        result = run(*command)
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in work.iterdir()) == ["hostile-rendered.ics",
                                                      "hostile-shifted.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["plan.toml", "x.json", "hostile.json", "work"])
    assert plan_path.exists()


def test_check_prints_hostile_text_on_one_line(tmp_path: Path) -> None:
    plan_path = make(tmp_path, "p.toml", "--goal", "glutes", "--weeks", "12")
    text = plan_path.read_text(encoding="utf-8")
    # a claim in a cue: R17 quotes it; the newline in it must not split the finding
    text = text.replace('\ncue = "', '\ncue = "Spot reduction\\nworks: burn fat from your '
                                     'thighs. ', 1)
    plan_path.write_text(text, encoding="utf-8")
    result = run("check", str(plan_path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(("week ", "plan: ")) for line in lines), lines
    r17 = [line for line in lines if ": R17 " in line]
    assert r17 == ["plan: R17 claims spot reduction: 'Spot reduction\\nworks:'",
                   "plan: R17 claims spot reduction: 'burn fat from your thighs.'"]


def test_plan_file_from_toml_module_itself(tmp_path: Path) -> None:
    """A plan written by the library (not the CLI) reads back as the same plan."""
    plan = load_plan(glutes_toml(tmp_path, "2"))
    again = tmp_path / "again.toml"
    again.write_bytes(plan_to_toml(plan))
    assert load_plan(again) == plan
