"""A finish line (issue 22 item 2, rule R39): ``make --race DATE`` ends the plan with a 5K on
that date after a taper, and refuses a race the progression cannot reach safely with the
earliest date it could.

The numbers these tests pin, worked out from the NHS ladder rather than copied from the
code: a beginner on the default days (Mon, Wed, Fri, Sat) from Monday 2027-03-01 runs the
NHS week-9 30-minute runs in week 9, so the week after it (week 10, from 2027-05-03) is the
first week whose taper follows a 30-minute run; a Saturday race then is 2027-05-08 at the
earliest.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planforge import cli, services
from planforge.core.engine.race import taper_weeks
from planforge.core.model import LEVELS, Plan, Race
from planforge.core.rules.check import check_plan, errors
from planforge.errors import RaceTooSoonError, UsageError
from planforge.formats.planfile import dump, load_plan
from planforge.goals.templates import builtin_goals

START = dt.date(2027, 3, 1)  # a Monday
CREATED = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
RACE = dt.date(2027, 5, 22)  # the Saturday of week 12


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.stdout, result.stderr


def made(goal: str = "glutes", level: str = "beginner", race: dt.date = RACE,
         days: tuple[int, ...] | None = None) -> Plan:
    return services.make(goal=goal, level=level, start=START, created=CREATED, race=race,
                         days=days).plan


def assert_finish_line(plan: Plan, race: dt.date) -> None:
    """The race is the last session, on its date; the taper is lighter than the last build
    week (or holds the race alone) and no hard work in the 3 days before; R1-R39 hold."""
    last = plan.sessions[-1]
    assert (last.workout, last.kind, last.date, last.hard) == ("race", "run", race, False)
    assert all(s.date < race for s in plan.sessions[:-1])
    assert plan.race == Race(race, "5k")
    assert plan.weeks == (race - plan.start).days // 7 + 1
    for s in plan.sessions:
        if s.hard:
            assert (race - s.date).days > 3, s
        if s.kind == "strength":
            assert (race - s.date).days >= 2, s
    taper = taper_weeks(plan.start, race)
    builds = [s.week for s in plan.sessions if s.week < taper.start and not s.deload]
    if builds:
        def running(week: int) -> float:
            return sum(s.total_run_min for s in plan.sessions if s.week == week)
        for w in taper:  # lighter, or the race alone: as light as a race week can be
            alone = [s.workout for s in plan.sessions if s.week == w and s.kind == "run"]
            assert running(w) < running(max(builds)) or alone == ["race"], w
    assert [str(f) for f in errors(check_plan(plan))] == []


# ----------------------------------------------------------------------------- the plan


def test_a_glutes_beginner_ends_with_a_5k_on_the_saturday() -> None:
    plan = made()
    assert_finish_line(plan, RACE)
    assert plan.weeks == 12
    assert plan.sessions[-1].title == "Week 12: Race: 5K, parkrun-style (45 min)"
    # the taper week: no run and no strength on Friday, the day before the race
    friday = [s for s in plan.sessions if s.date == RACE - dt.timedelta(days=1)]
    assert {s.kind for s in friday} <= {"mobility"}
    assert ("The plan ends with a 5K race on Sat 2027-05-22, parkrun-style, the natural "
            "finish for a Couch to 5K graduate; week 12 is a taper, lighter than week 11, "
            "with no hard work in the 3 days before the race and no run or strength the day "
            "before.") in plan.summary


def test_a_race_on_a_monday_tapers_the_week_before() -> None:
    monday = dt.date(2027, 7, 19)  # week 21's first day
    plan = made("thighs", "runner", monday)
    assert_finish_line(plan, monday)
    assert [s.workout for s in plan.sessions if s.week == 21] == ["race"]
    assert all(s.deload for s in plan.sessions if s.week == 20)
    assert "weeks 20 and 21 are a taper" in plan.summary


def test_a_race_on_a_day_without_training_is_still_on_its_date() -> None:
    sunday = dt.date(2027, 5, 23)  # the beginner's defaults never train on Sunday
    plan = made(race=sunday)
    assert sunday.weekday() not in plan.days
    assert_finish_line(plan, sunday)


def test_plans_without_a_race_are_as_before() -> None:
    plain = services.make(goal="glutes", start=START, created=CREATED)
    assert plain.plan.race is None and plain.plan.weeks == 8
    assert b'"race"' not in dump(plain.plan, "json")
    assert all(s.workout != "race" for s in plain.plan.sessions)


def test_the_race_round_trips_through_plan_files(tmp_path: Path) -> None:
    plan = made()
    for kind in ("toml", "json"):
        path = tmp_path / f"plan.{kind}"
        path.write_bytes(dump(plan, kind))
        assert load_plan(path) == plan
    doc = json.loads(dump(plan, "json"))
    assert doc["plan"]["race"] == {"date": "2027-05-22", "distance": "5k"}


# ------------------------------------------------------------------------------ refusals


def test_too_soon_is_refused_with_the_earliest_date() -> None:
    with pytest.raises(RaceTooSoonError) as caught:
        made(race=dt.date(2027, 3, 20))
    assert caught.value.earliest == dt.date(2027, 5, 8)
    assert caught.value.exit_code == 2
    assert_finish_line(made(race=dt.date(2027, 5, 8)), dt.date(2027, 5, 8))
    with pytest.raises(RaceTooSoonError):  # a week earlier is too soon
        made(race=dt.date(2027, 5, 1))


def test_cli_makes_a_race_plan(tmp_path: Path) -> None:
    out = tmp_path / "race.toml"
    code, _, err = run("make", "--goal", "glutes", "--start", "2027-03-01", "--race",
                       "22 May 2027", "--created", "2026-12-01T00:00:00Z", "-o", str(out))
    assert code == 0, err
    assert err.startswith(f"wrote {out}: 12 weeks, ")
    assert_finish_line(load_plan(out), RACE)
    code, stdout, _ = run("check", str(out))
    assert code == 0, stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--race", "2027-03-20"),
     "a 5K on 2027-03-20 is too soon for a beginner: the plan reaches 30 minutes without "
     "stopping by week 9; the earliest race date is 2027-05-08"),
    (("--race", "2027-04-10", "--level", "returning"),
     "a 5K on 2027-04-10 is too soon for a returning runner: the plan reaches 30 minutes "
     "without stopping by week 6; the earliest race date is 2027-04-17"),
    (("--race", "2027-05-22", "--race-distance", "10k"),
     "Invalid value for '--race-distance': unknown race distance '10k'; choose one of: 5k"),
    (("--race", "2027-05-22", "--race-distance", "5km"),
     "Invalid value for '--race-distance': unknown race distance '5km'; did you mean '5k'? "
     "Choose one of: 5k"),
    (("--race", "someday"),
     "Invalid value for '--race': 'someday' is not a date; expected a date like 2026-11-23 "
     "or 23 November 2026, or today, tomorrow, monday"),
    (("--race", "2027-02-20"),
     "race date 2027-02-20 is before the plan's start 2027-03-01; choose a later race date"),
    (("--race", "2027-05-22", "--weeks", "8"),
     "--weeks 8 does not match --race 2027-05-22, in week 12 of a plan starting 2027-03-01; "
     "leave out --weeks (the plan then runs to the race)"),
    (("--race", "2029-05-22"),
     "a race on 2029-05-22 is in week 117 of a plan starting 2027-03-01; a plan holds at "
     "most 52 weeks: choose a later start (--start)"),
    (("--race-distance", "5k"), "--race-distance needs --race DATE"),
])
def test_cli_refusals(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "plan.ics"
    code, stdout, err = run("make", "--goal", "glutes", "--start", "2027-03-01", *args,
                            "-o", str(out))
    assert (code, stdout) == (2, "")
    assert err.splitlines()[-1] == f"Error: {message}"
    assert not out.exists()


def test_weeks_that_agree_are_accepted() -> None:
    code, _, err = run("make", "--goal", "glutes", "--start", "2027-03-01", "--race",
                       "2027-05-22", "--weeks", "12", "-o", "-")
    assert code == 0, err


def test_the_library_refuses_as_the_command_does() -> None:
    with pytest.raises(UsageError, match="unknown race distance '10k'; choose one of: 5k"):
        services.make(goal="glutes", start=START, created=CREATED, race=RACE,
                      race_distance="10k")


# ------------------------------------------------------------------------- R39 in check


def test_check_finds_a_session_after_the_race() -> None:
    plan = made()
    first_run = next(s for s in plan.sessions if s.week == 12 and s.kind == "run"
                     and s.workout != "race")
    moved = tuple(replace(s, date=RACE + dt.timedelta(days=1)) if s is first_run else s
                  for s in plan.sessions)
    found = [f for f in check_plan(replace(plan, sessions=moved)) if f.rule == "R39"]
    assert [f.message for f in found] == [
        f"{first_run.title} on 2027-05-23: the race on 2027-05-22 must be the plan's last "
        "session"]


# ------------------------------------------------------------------------------ property

GOALS = st.sampled_from(sorted(builtin_goals()))
LEVEL = st.sampled_from(LEVELS)
#: a race date 3 to 30 weeks after the start: any day of weeks 3 to 30
RACE_DAY = st.integers(min_value=14, max_value=7 * 30 - 1).map(
    lambda d: START + dt.timedelta(days=d))


def finish_or_earliest(goal: str, level: str, race: dt.date,
                       days: tuple[int, ...] | None = None) -> None:
    try:
        plan = made(goal, level, race, days)
    except RaceTooSoonError as refused:
        earliest = refused.earliest
        assert isinstance(earliest, dt.date) and earliest > race
        assert earliest.weekday() == race.weekday()
        if (earliest - START).days // 7 + 1 > 52:  # a plan holds 52 weeks at most
            return
        plan = made(goal, level, earliest, days)  # the suggested date works
        assert_finish_line(plan, earliest)
        with pytest.raises(RaceTooSoonError):  # and is the earliest on that weekday
            made(goal, level, earliest - dt.timedelta(days=7), days)
    else:
        assert_finish_line(plan, race)


@pytest.mark.parametrize(("goal", "level", "race"), [
    ("glutes", "beginner", dt.date(2027, 3, 20)),
    ("thighs", "returning", dt.date(2027, 6, 1)),
    ("general", "runner", dt.date(2027, 3, 15)),
    ("fat-loss", "beginner", dt.date(2027, 9, 24)),
    ("loose-skin", "runner", dt.date(2027, 4, 4)),
    ("cellulite", "returning", dt.date(2027, 8, 9)),
])
def test_a_sample_of_race_plans(goal: str, level: str, race: dt.date) -> None:
    finish_or_earliest(goal, level, race)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goal=GOALS, level=LEVEL, race=RACE_DAY)
def test_every_race_plan_ends_with_the_race_or_names_a_date_that_works(
        goal: str, level: str, race: dt.date) -> None:
    finish_or_earliest(goal, level, race)


DAY_SETS = st.sampled_from([(5, 6), (1, 3), (0, 2, 4), (0, 1, 2, 3, 4), (0, 1, 2, 3, 4, 5, 6),
                            (1, 5), (2,)])


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goal=GOALS, level=LEVEL, race=RACE_DAY, days=DAY_SETS)
def test_race_plans_on_other_days_keep_the_rules(goal: str, level: str, race: dt.date,
                                                 days: tuple[int, ...]) -> None:
    """Two, two adjacent (a weekend), three, five, seven days and one day a week."""
    finish_or_earliest(goal, level, race, days)


def test_render_on_another_start_moves_the_race_with_the_plan() -> None:
    from planforge.core.replan.shift import rebase

    plan = made()
    later = rebase(plan, start=START + dt.timedelta(days=9)).plan  # a Wednesday
    assert later.race == Race(RACE + dt.timedelta(days=9))
    assert_finish_line(later, RACE + dt.timedelta(days=9))
