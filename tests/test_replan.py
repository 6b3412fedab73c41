"""Changing finished plans (planforge.core.replan): what moves, what keeps its UID, and the rules.

Property tests over engine-built plans: re-basing on another start keeps every rule and
moves every date alike; shifting from any date by any amount keeps UIDs, bumps SEQUENCE of
what moved only, and passes the checks; repeating a week either passes the checks or is
refused, never written broken.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planforge.core.engine.progression import build_plan
from planforge.core.model import LEVELS, Plan, Times
from planforge.core.replan import shift as shifting
from planforge.core.replan.repeat import repeat_week
from planforge.core.replan.shift import (
    progression_weeks,
    rebase,
    shift,
)
from planforge.core.rules.check import check_plan, errors
from planforge.errors import RuleBreakError, UsageError
from planforge.goals.templates import builtin_goals, load_goal

CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 23)

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
plans = st.builds(
    lambda goal, level, weeks, start, days: build_plan(
        goal=goal, level=level, weeks=weeks, start=start, days=days, created=CREATED),
    goal=st.sampled_from(builtin_goals()), level=st.sampled_from(LEVELS),
    weeks=st.integers(1, 16), start=st.dates(dt.date(2024, 1, 1), dt.date(2035, 12, 31)),
    days=st.none() | st.sets(st.integers(0, 6), min_size=2).map(lambda s: tuple(sorted(s))))


def rules_broken(plan: Plan) -> set[str]:
    return {f.rule for f in errors(check_plan(plan))}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans, days=st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s))))
def test_rebase_told_what_the_plan_breaks_decides_as_it_would_alone(
        plan: Plan, days: tuple[int, ...]) -> None:
    """batch tells rebase the rules the club's plan breaks once for every member
    (``broken``): the member's plan, or the refusal, is what rebase would work out alone."""
    assert shifting.rules_broken(plan) == rules_broken(plan)

    def outcome(**known: Any) -> object:
        try:
            return rebase(plan, days=days, **known)
        except RuleBreakError as exc:
            return str(exc)

    assert outcome(broken=shifting.rules_broken(plan)) == outcome()
    # and told the goal's template, read once by the caller, it checks as it would alone
    template = load_goal(plan.goal)
    assert outcome(broken=shifting.rules_broken(plan, template=template),
                   template=template) == outcome()


@PROPERTY
@given(plan=plans, offset=st.integers(-400, 400))
def test_rebase_moves_every_date_alike_and_keeps_the_rules(plan: Plan, offset: int) -> None:
    start = plan.start + dt.timedelta(days=offset)
    moved = rebase(plan, start=start).plan
    assert [s.date - plan.start for s in plan.sessions] == [
        s.date - start for s in moved.sessions]
    assert rules_broken(moved) == rules_broken(plan) == set()
    assert [(s.week, s.title, s.main, s.exercises) for s in moved.sessions] == [
        (s.week, s.title, s.main, s.exercises) for s in plan.sessions]
    if offset:
        assert not {s.uid for s in moved.sessions} & {s.uid for s in plan.sessions}
        assert all(s.uid.startswith(moved.plan_id + "-") for s in moved.sessions)
        assert rebase(plan, start=start).plan == moved  # the same copy twice: same UIDs
    else:
        assert moved == plan
    assert f"{start} to {moved.end}" in moved.summary


@PROPERTY
@given(plan=plans, at=st.integers(0, 16 * 7), by=st.integers(1, 21))
def test_shift_keeps_uids_and_the_rules(plan: Plan, at: int, by: int) -> None:
    from_date = plan.start + dt.timedelta(days=at)
    if not any(s.date >= from_date for s in plan.sessions):
        with pytest.raises(UsageError):
            shift(plan, from_date=from_date, by=dt.timedelta(days=by))
        return
    try:
        out = shift(plan, from_date=from_date, by=dt.timedelta(days=by)).plan
    except RuleBreakError:
        return  # refused: nothing written
    assert rules_broken(out) == set()
    old = {s.uid: s for s in plan.sessions}
    assert [s.uid for s in out.sessions] == [s.uid for s in plan.sessions]
    for s in out.sessions:
        was = old[s.uid]
        if was.date >= from_date:
            assert (s.date - was.date, s.sequence) == (dt.timedelta(days=by), was.sequence + 1)
        else:
            assert s == was
        assert s.week == was.week
    assert out.end >= max(s.date for s in out.sessions)
    assert progression_weeks(out) == progression_weeks(plan)


@PROPERTY
@given(plan=plans, at=st.integers(0, 16 * 7 - 1))
def test_repeat_week_is_checked_or_refused(plan: Plan, at: int) -> None:
    from_date = plan.start + dt.timedelta(days=at)
    if from_date > plan.end:
        return
    try:
        change = repeat_week(plan, from_date=from_date)
    except RuleBreakError as exc:
        assert "would break the training rules" in str(exc)
        return
    out = change.plan
    assert rules_broken(out) == set()
    assert len({s.uid for s in out.sessions}) == len(out.sessions)
    assert len(out.sessions) > len(plan.sessions)
    assert progression_weeks(out) == progression_weeks(plan)
    assert out.weeks >= plan.weeks + 1


def test_a_week_with_no_workouts_is_a_week_off() -> None:
    plan = build_plan(goal="glutes", weeks=10, start=MONDAY, created=CREATED)
    off = replace(plan, sessions=tuple(s for s in plan.sessions if s.week != 7))
    assert not [f for f in check_plan(off) if f.rule in ("R11", "R14") and f.week == 7]
    keep = next(s for s in plan.sessions if s.week == 7 and s.kind == "strength")
    one = replace(plan, sessions=tuple(s for s in plan.sessions
                                       if not (s.week == 7 and s.kind == "strength"
                                               and s is not keep)))
    assert "week 7: R11 1 strength session (at least 2 a week)" in [
        str(f) for f in check_plan(one)]


def test_days_rotate_with_a_start_on_another_weekday() -> None:
    plan = build_plan(goal="glutes", weeks=2, start=MONDAY, created=CREATED,
                      times=Times(dt.time(7, 0), ((5, dt.time(9, 0)),)),
                      timezone="Europe/London")
    change = rebase(plan, start=MONDAY + dt.timedelta(days=2))
    assert change.plan.days == (0, 2, 4, 6)
    # the Saturday workout moves to Monday and keeps its 09:00 start
    assert change.plan.times == Times(dt.time(7, 0), ((0, dt.time(9, 0)),))
    assert change.report[0] == ("the plan starts on a Wednesday now, so its training days "
                                "move from mon,wed,fri,sat to mon,wed,fri,sun; choose other "
                                "training days to change that")


def test_rebase_times_and_zone() -> None:
    plan = build_plan(goal="glutes", weeks=1, start=MONDAY, created=CREATED)
    timed = rebase(plan, times=Times(dt.time(6, 0)), timezone="Asia/Tokyo").plan
    assert (timed.timezone, timed.times) == ("Asia/Tokyo", Times(dt.time(6, 0)))
    assert [s.uid for s in timed.sessions] == [s.uid for s in plan.sessions]
    assert rebase(timed, times=Times()).plan.timezone is None
    with pytest.raises(UsageError, match="timed workouts need a time zone"):
        rebase(plan, times=Times(dt.time(6, 0)))


def test_a_changed_plan_has_its_summary_written_afresh_from_its_outcome() -> None:
    plan = build_plan(goal="glutes", weeks=8, start=MONDAY, created=CREATED)
    # an 8-week beginner plan ends on NHS week 8: three runs of 28 minutes (hand-computed)
    assert plan.outcome is not None
    assert (plan.outcome.week, plan.outcome.runs, plan.outcome.longest_run_min,
            plan.outcome.hard) == (8, 3, 28, 0)
    again = repeat_week(plan, from_date=MONDAY + dt.timedelta(days=7 * 2)).plan
    assert again.weeks == 9
    assert again.outcome is not None and again.outcome.week == 9
    assert again.summary.startswith("Stronger glutes: a 9-week plan for a beginner")
    assert "By week 9 you run 3 times a week, up to 28 minutes without stopping." in \
        again.summary
    mine = replace(plan, summary="Our club's plan.")
    moved = shift(mine, from_date=MONDAY, by=dt.timedelta(days=7)).plan
    assert moved.summary.startswith("Stronger glutes: an 8-week plan")  # no text edited
    assert "By week 8 you run 3 times a week" in moved.summary


def test_repeat_a_week_twice_gives_fresh_uids() -> None:
    plan = build_plan(goal="glutes", weeks=6, start=MONDAY, created=CREATED)
    once = repeat_week(plan, from_date=dt.date(2026, 12, 2)).plan
    twice = repeat_week(once, from_date=dt.date(2026, 12, 2)).plan
    uids = [s.uid for s in twice.sessions]
    # week 1: 3 run/walks, 2 strength (R22), 2 mobility
    assert len(set(uids)) == len(uids) == len(plan.sessions) + 2 * 7
    assert any(u.endswith("-r2@planforge") for u in uids)
    assert dict(twice.extra)["repeated_weeks"] == "2"
    assert progression_weeks(twice) == 6
    assert errors(check_plan(twice)) == ()


def test_nothing_moves_past_the_last_day_a_calendar_holds() -> None:
    plan = build_plan(goal="glutes", weeks=8, start=MONDAY, created=CREATED)
    with pytest.raises(UsageError, match="an 8-week plan starting 9999-12-01 would end after "
                                         "9999-12-30, the last day a calendar can hold"):
        rebase(plan, start=dt.date(9999, 12, 1))
    late = rebase(plan, start=dt.date(9999, 10, 25)).plan
    for move in (lambda: shift(late, from_date=late.start, by=dt.timedelta(days=7)),
                 lambda: repeat_week(late, from_date=late.start)):
        with pytest.raises(UsageError, match="the plan cannot move 1 week later: it would end "
                                             "after 9999-12-30"):
            move()
    assert rebase(plan, start=dt.date(1, 1, 1)).plan.start == dt.date(1, 1, 1)


def test_a_workout_at_a_new_time_keeps_its_uid_with_a_higher_sequence() -> None:
    plan = build_plan(goal="glutes", weeks=2, start=MONDAY, created=CREATED,
                      timezone="Europe/London", times=Times(dt.time(7, 0)))
    saturday_later = rebase(plan, times=Times(dt.time(7, 0), ((5, dt.time(9, 0)),)))
    moved = [s for s in saturday_later.plan.sessions if s.sequence]
    assert moved and {s.date.weekday() for s in moved} == {5}  # only Saturdays moved
    assert all(s.sequence == 1 for s in moved)
    assert [s.uid for s in saturday_later.plan.sessions] == [s.uid for s in plan.sessions]
    assert any("higher SEQUENCE" in line for line in saturday_later.report)
    # the same options again change nothing, so nothing is bumped
    assert rebase(plan, times=plan.times).plan == plan
    # another zone moves every timed workout
    tokyo = rebase(plan, timezone="Asia/Tokyo").plan
    assert {s.sequence for s in tokyo.sessions} == {1}
