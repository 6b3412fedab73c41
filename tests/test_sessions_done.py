"""R30 (issue 21, item 1): the run/walk ladder advances by sessions done, not calendar weeks.

Reproduced as the issue did, with ``--start 2027-03-01``: ``--days sat,sun`` used to give the
first 20-minute run at the 7th run ever and the first 30-minute run at the 14th (the NHS plan:
the 15th and the 25th).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from planforge.core.engine import runs as engine_runs
from planforge.core.engine.progression import build_plan
from planforge.core.engine.runs import NHS_WEEKS
from planforge.core.model import Plan, Session
from planforge.core.rules.check import check_plan, errors
from planforge.goals.templates import builtin_goals

START = dt.date(2027, 3, 1)  # a Monday
CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
#: 1, 2 (apart and adjacent), 3 and 4 training days
DAY_CHOICES = {"sat": (5,), "tue,sat": (1, 5), "sat,sun": (5, 6), "mon,wed,fri": (0, 2, 4),
               "mon,wed,fri,sat": (0, 2, 4, 5)}


def make(goal: str = "thighs", weeks: int = 20, days: tuple[int, ...] = (5, 6),
         level: str = "beginner") -> Plan:
    return build_plan(goal=goal, weeks=weeks, start=START, created=CREATED, days=days,
                      level=level)


def run_sessions(plan: Plan) -> list[Session]:
    return sorted((s for s in plan.sessions if s.kind == "run"), key=lambda s: s.date)


def nth_run_with(plan: Plan, minutes: float) -> int | None:
    """The 1-based number of the first run with a continuous stretch of ``minutes``."""
    return next((i for i, s in enumerate(run_sessions(plan), start=1)
                 if s.longest_run_min >= minutes), None)


def nhs_week(s: Session) -> int | None:
    """The NHS week (1-6) whose run/walk session ``s`` is, by its main set."""
    return next((n for n, week in enumerate(NHS_WEEKS[:6], start=1)
                 if s.walk_min and s.main in week), None)


@pytest.mark.parametrize("name", sorted(DAY_CHOICES))
def test_first_20_and_30_minute_runs_come_no_earlier_than_the_10th_and_17th(name: str) -> None:
    plan = make(weeks=24, days=DAY_CHOICES[name])
    twenty, thirty = nth_run_with(plan, 20), nth_run_with(plan, 30)
    assert twenty is not None and twenty >= 10, (name, twenty)
    assert thirty is None or thirty >= 17, (name, thirty)
    if len(DAY_CHOICES[name]) >= 3:  # 3 run/walk days: the NHS plan itself
        assert (twenty, thirty) == (15, 25)


def test_the_issue_s_weekend_plan_now_reaches_20_and_30_minutes_later() -> None:
    plan = make("thighs", 20, (5, 6))  # planforge make --goal thighs --weeks 20 --days sat,sun
    assert nth_run_with(plan, 20) == 11  # was the 7th
    assert nth_run_with(plan, 30) == 20  # was the 14th
    tue_sat = make("thighs", 24, (1, 5))
    assert nth_run_with(tue_sat, 20) == 12 and nth_run_with(tue_sat, 30) == 21


@pytest.mark.parametrize("days", [(5, 6), (1, 5), (5,)], ids=["sat,sun", "tue,sat", "sat"])
def test_each_nhs_week_is_done_at_least_twice_with_fewer_than_three_run_days(
        days: tuple[int, ...]) -> None:
    plan = make(weeks=24, days=days)
    done = Counter(nhs_week(s) for s in run_sessions(plan) if nhs_week(s))
    # weeks 1-4 are three alike sessions; 5 and 6 end with their continuous run
    assert all(done[n] >= 2 for n in (1, 2, 3, 4)), done
    assert all(done[n] >= 1 for n in (5, 6)), done
    lengths = Counter(round(s.longest_run_min) for s in run_sessions(plan) if not s.walk_min
                      and not s.deload)
    assert lengths[25] >= 3 and lengths[28] >= 2, lengths


def test_with_three_run_days_each_nhs_week_is_done_three_times() -> None:
    plan = make(weeks=9, days=(0, 2, 4))
    done = Counter(nhs_week(s) for s in run_sessions(plan) if nhs_week(s))
    assert [done[n] for n in range(1, 7)] == [3, 3, 3, 3, 2, 2]


def test_one_run_a_week_says_how_many_months_and_walks_on_the_free_day() -> None:
    plan = make("thighs", 12, (5, 6))
    assert ("your first 30-minute run without stopping comes in week 20 of a longer plan, "
            "about 5 months in") in plan.summary
    assert "a brisk 30-minute walk" in plan.summary
    for week in range(1, 13):
        sessions = [s for s in plan.sessions if s.week == week]
        run_days = {s.date.weekday() for s in sessions if s.kind == "run"}
        walks = [s for s in sessions if s.kind == "walk"]
        assert run_days == {5}
        assert [w.date.weekday() for w in walks] == [6], week
        assert walks[0].minutes == 30 and walks[0].title == f"Week {week}: Brisk walk (30 min)"
    # a single day holds no walk: the summary says to walk on other days
    single = make("glutes", 8, (5,))
    assert not any(s.kind == "walk" for s in single.sessions)
    assert "Walk briskly for 30 minutes on two or three other days" in single.summary
    assert "about 5 months in" in single.summary


def test_two_run_days_get_no_walks_and_no_months() -> None:
    plan = make("thighs", 12, (1, 5))
    assert not any(s.kind == "walk" for s in plan.sessions)
    assert "month" not in plan.summary


def test_the_check_catches_a_ladder_that_goes_by_calendar_weeks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_runs, "MIN_SESSIONS_A_STEP", 1)  # the ladder before R30
    found = [str(f) for f in check_plan(make("thighs", 20, (5, 6))) if f.rule == "R30"]
    assert "week 7 Sat: R30 first 20-min continuous run is run session 7; a beginner's comes " \
           "no earlier than the 10th" in found
    assert "week 1 Sat: R30 NHS week 1 is done 1 time before the next step (at least 2 with " \
           "these days)" in found


@pytest.mark.parametrize("goal", builtin_goals())
@pytest.mark.parametrize("level", ["beginner", "returning", "runner"])
def test_r30_holds_for_one_to_four_days(goal: str, level: str) -> None:
    for days in DAY_CHOICES.values():
        for weeks in (8, 16, 24):
            plan = make(goal, weeks, days, level)
            bad = [str(f) for f in errors(check_plan(plan))]
            assert bad == [], (goal, level, days, weeks)
