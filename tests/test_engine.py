"""Unit tests of the progression engine against the sources it follows (not its own output).

The NHS Couch to 5K numbers are the table in shared/design/training-rules.md.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planforge.core.engine.progression import build_plan, default_days
from planforge.core.model import Plan, Session, Times
from planforge.errors import UnknownGoalError, UsageError

CREATED = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 23)


def plan(**kwargs: object) -> Plan:
    args: dict[str, object] = {"goal": "glutes", "weeks": 8, "start": MONDAY,
                               "created": CREATED}
    args.update(kwargs)
    return build_plan(**args)  # type: ignore[arg-type]


def runs(p: Plan, week: int) -> list[Session]:
    return [s for s in p.sessions if s.week == week and s.kind == "run"]


def pattern(s: Session) -> list[tuple[str, float]]:
    """The main set as (effort, minutes), every repeat spelled out."""
    return [(seg.effort, seg.seconds / 60) for b in s.main for _ in range(b.repeat)
            for seg in b.segments]


# NHS Couch to 5K, run minutes per session, weeks 1-9 (training-rules.md)
NHS_RUN_MIN = [[8] * 3, [9] * 3, [9] * 3, [16] * 3, [15, 16, 20], [18, 20, 25], [25] * 3,
               [28] * 3, [30] * 3]


def test_beginner_follows_couch_to_5k_for_nine_weeks() -> None:
    p = plan(weeks=9)
    for week, expected in enumerate(NHS_RUN_MIN, start=1):
        assert [s.run_min for s in runs(p, week)] == expected, f"week {week}"
    week1 = runs(p, 1)[0]
    assert pattern(week1) == [("run", 1.0), ("walk", 1.5)] * 8
    assert (week1.warmup_min, week1.cooldown_min) == (5, 5)
    assert week1.longest_run_min == 1
    assert [s.longest_run_min for s in runs(p, 9)] == [30, 30, 30]


def test_beginner_default_days_match_the_issue_example() -> None:
    assert default_days("beginner") == (0, 2, 4, 5)  # mon, wed, fri, sat
    p = plan()
    assert p.days == (0, 2, 4, 5)
    # three runs a week with a day between them (NHS), on Mon, Wed, Fri
    assert [s.date.weekday() for s in runs(p, 1)] == [0, 2, 4]


def test_weeks_are_seven_day_blocks_from_the_start_date() -> None:
    thursday = dt.date(2027, 2, 25)
    p = plan(start=thursday, weeks=2)
    assert p.end == dt.date(2027, 3, 10)
    for s in p.sessions:
        assert s.week == 1 + (s.date - thursday).days // 7


def test_strength_twice_a_week_from_week_one_bodyweight_first() -> None:
    p = plan(weeks=12)
    for week in range(1, 12):
        strength = [s for s in p.sessions if s.week == week and s.kind == "strength"]
        # the glutes template asks for 3 days; R22: 2 while there are run/walk sessions, the
        # third only after the first 30-min run (week 9) and in a week that adds nothing else
        # (week 10 is a deload, week 11 brings the first hill sprints, R35; so week 12)
        assert len(strength) == (3 if week >= 12 else 2), week
    first = next(s for s in p.sessions if s.kind == "strength")
    assert {e.load for e in first.exercises} == {"bodyweight"}
    assert "Glute bridge, 2-s hold" in [e.name for e in first.exercises]


def test_returning_starts_further_in_and_never_above_15_minutes() -> None:
    p = plan(level="returning")
    week1 = runs(p, 1)
    assert max(s.longest_run_min for s in week1) == 8  # NHS week 5 run/walks
    # NHS week 5 whole, so 20 minutes come before 25 (R20), then NHS week 6
    assert [s.longest_run_min for s in runs(p, 2)] == [5, 8, 20]
    assert [s.longest_run_min for s in runs(p, 3)] == [8, 10, 25]


def test_runner_starts_with_three_30_minute_runs_and_deloads_in_week_4() -> None:
    p = plan(level="runner", weeks=5)
    assert [s.run_min for s in runs(p, 1)] == [30, 30, 30]
    assert not any(s.deload for s in p.sessions if s.week != 4)
    assert all(s.deload for s in p.sessions if s.week == 4)
    week3 = sum(s.run_min for s in runs(p, 3))
    week4 = sum(s.run_min for s in runs(p, 4))
    assert 0.6 <= week4 / week3 <= 0.8


def test_hard_work_waits_for_the_base() -> None:
    eight = plan(weeks=8)
    assert not any(s.hard for s in eight.sessions)
    assert "No hard work yet" in eight.summary
    longer = plan(weeks=20)
    first_hard = next(s for s in longer.sessions if s.hard)
    # weeks 7-9 continuous (two of them with 20 minutes or more: R7), week 10 deload; then
    # the goal's signature work comes first (R35): 11 the first hill sprints
    assert first_hard.week == 11
    assert first_hard.workout == "hills"
    assert [e for e, _ in pattern(first_hard)].count("hill") == 2  # start 2 x 8 s
    assert first_hard.warmup_min >= 10


def test_an_eight_week_beginner_plan_says_how_much_longer_it_takes() -> None:
    p = plan()
    assert p.reached_most_days_week is None
    long = plan(weeks=30)
    reached = next(w for w in range(1, 31)
                   if sum(1 for s in runs(long, w) if s.on_feet_min >= 30) >= 4)
    assert f"it takes {reached - 8} more weeks (week {reached} of a longer plan)" in p.summary
    assert "By week 8 you run 3 times a week, up to 28 minutes without stopping." in p.summary


def test_two_training_days_fit_what_is_safe_and_say_what_was_left_out() -> None:
    p = plan(days=(0, 3), weeks=4)  # mon, thu
    assert all(len(runs(p, w)) == 2 for w in range(1, 5))
    assert any(line.startswith("Left out runs") for line in p.left_out)
    assert "mon, thu" in " ".join(p.left_out)


def test_first_workout_carries_the_r17_notes() -> None:
    for goal in ("glutes", "loose-skin"):
        first = plan(goal=goal).sessions[0]
        text = " ".join(first.notes)
        assert "running shoes" in text
        assert "Stop if it hurts" in text
        assert "repeated" in text
    loose = " ".join(plan(goal="loose-skin").notes)
    assert "dermatologist" in loose


def test_same_inputs_same_plan_and_different_plans_different_uids() -> None:
    assert plan() == plan()
    other = plan(goal="thighs")
    assert not {s.uid for s in plan().sessions} & {s.uid for s in other.sessions}
    shifted = plan(start=MONDAY + dt.timedelta(days=7))
    assert not {s.uid for s in plan().sessions} & {s.uid for s in shifted.sessions}


def test_timezone_and_times_are_carried_not_used_by_the_engine() -> None:
    timed = plan(timezone="Europe/London", times=Times(default=dt.time(7, 0)))
    assert timed.timezone == "Europe/London"
    assert timed.sessions == plan().sessions
    assert plan(timezone="Europe/London").timezone is None  # all-day: no zone needed


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"weeks": 0}, "weeks must be a whole number from 1 to 52, not 0"),
    ({"weeks": 53}, "weeks must be a whole number from 1 to 52, not 53"),
    ({"level": "expert"}, "unknown level 'expert'; choose one of: beginner, returning, runner"),
    ({"days": ()}, "days must name at least one weekday (0 = Monday to 6 = Sunday)"),
    ({"times": Times(default=dt.time(7, 0))}, "timed workouts need a time zone"),
])
def test_bad_values_raise_usage_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError) as info:
        plan(**kwargs)
    assert str(info.value) == message
    assert info.value.exit_code == 2


def test_unknown_goal_lists_the_known_ones() -> None:
    with pytest.raises(UnknownGoalError) as info:
        plan(goal="abs")
    assert str(info.value) == ("unknown goal 'abs'; choose one of: cellulite, fat-loss, general, "
                               "glutes, loose-skin, thighs")


def test_naive_created_time_is_refused() -> None:
    with pytest.raises(UsageError):
        plan(created=dt.datetime(2026, 11, 21, 8, 0))  # noqa: DTZ001


def test_a_follow_on_plan_picks_up_where_the_first_ended() -> None:
    first = plan(weeks=8)
    follow = plan(weeks=8, start=first.end + dt.timedelta(days=1), continues=8)
    whole = plan(weeks=16)
    # the follow-on is weeks 9-16 of the same progression, numbered from 1, own UIDs
    assert [(s.date, s.kind, s.main, s.exercises) for s in follow.sessions] == [
        (s.date, s.kind, s.main, s.exercises) for s in whole.sessions if s.week > 8]
    assert follow.sessions[0].week == 1
    assert not {s.uid for s in follow.sessions} & {s.uid for s in whole.sessions}
    assert "running shoes" in " ".join(follow.sessions[0].notes)
