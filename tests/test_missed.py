"""planforge missed (R31): the days missed recorded, the plan re-planned as a coach would.

Examples read week by week, the command line on plan files and planforge .ics files, and a
property test over gap length x week of the plan x goal x level (x days): the re-planned plan
keeps every rule the plan kept, records exactly the workouts of the days missed, leaves
nothing to do on them, moves the rest by whole weeks with the same UIDs and a higher
SEQUENCE, and says what it did.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planforge import cli
from planforge.core.engine.progression import build_plan
from planforge.core.model import Plan
from planforge.core.replan.missed import missed, reentry_for
from planforge.core.rules.check import check_plan, errors
from planforge.errors import UsageError
from planforge.formats.planfile import load_plan
from planforge.goals.templates import builtin_goals

MONDAY = dt.date(2027, 3, 1)
CREATED = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


@functools.cache
def plan(goal: str = "glutes", weeks: int = 16, level: str = "beginner",
         days: tuple[int, ...] | None = None) -> Plan:
    return build_plan(goal=goal, weeks=weeks, level=level, start=MONDAY, created=CREATED,
                      days=days)


def day(week: int, weekday: int = 0) -> dt.date:
    return MONDAY + dt.timedelta(days=7 * (week - 1) + weekday)


def lived_runs(p: Plan) -> list:
    return sorted((s for s in p.sessions if s.kind == "run" and not s.missed),
                  key=lambda s: s.date)


def runs_of(p: Plan, week: int) -> list[float]:
    return [s.run_min for s in sorted(p.sessions, key=lambda s: s.date)
            if s.week == week and s.kind == "run" and not s.missed]


def test_the_gap_decides_how_the_plan_takes_you_back() -> None:
    assert reentry_for(6).back is None  # carry on
    assert reentry_for(7).back == 0 and reentry_for(13).back == 0  # repeat
    assert reentry_for(14).back == 1 and reentry_for(20).back == 1
    assert reentry_for(21).back == 2 and reentry_for(35).back == 4


def test_under_a_week_off_the_plan_carries_on_and_nothing_moves() -> None:
    """Week 12 (continuous running): Wednesday's strength and mobility missed, 3 days
    without a run: the plan carries on with Friday's run."""
    before = plan()
    change = missed(before, first=day(12, 2), last=day(12, 3))
    after = change.plan
    assert change.report == (
        "Recorded 2 workouts on Wed 2027-05-19 to Thu 2027-05-20 as missed.",
        "3 days without a run: carry on with the next workout, Fri 2027-05-21 (week 12); "
        "nothing moves.")
    old = {s.uid: s for s in before.sessions}
    for s in after.sessions:
        o = old[s.uid]
        assert s.date == o.date and s.week == o.week
        hit = day(12, 2) <= s.date <= day(12, 3)
        assert s.missed is hit and s.sequence == o.sequence + hit
    assert not errors(check_plan(after))


def test_a_run_missed_in_the_ladder_is_done_again_before_the_next_step() -> None:
    """NHS week 4's Wednesday run missed: carrying on alone would do NHS week 4 twice where
    the days hold 3 runs (R30), so the week goes on and is done again after it; the plan
    says why."""
    before = plan()
    change = missed(before, first=day(4, 2))
    # the workouts from week 5 on are the ones that move a week later, each with its UID
    old = {s.uid: s for s in before.sessions}
    moved = [s for s in change.plan.sessions if s.uid in old and s.date != old[s.uid].date]
    assert {s.uid for s in moved} == {s.uid for s in before.sessions if s.date >= day(5)}
    assert all((s.date - old[s.uid].date).days == 7 for s in moved)
    assert change.report == (
        "Recorded 2 workouts on Wed 2027-03-24 as missed.",
        "2 days without a run: carry on with the next workout, Fri 2027-03-26; then week 4 "
        f"is done again from 2027-03-29 (as week 5) before the next step; {len(moved)} "
        "workouts after it "
        "move a week later with the same UIDs, and the plan now ends 2027-06-27.",
        "(Not carrying on: week 4 Mon: R30 NHS week 4 is done 2 times before the next step "
        "(at least 3 with these days).)")
    assert not errors(check_plan(change.plan))


def test_a_week_off_repeats_the_last_week_completed() -> None:
    """Glutes, a beginner: week 4 (NHS 4, 48 running minutes) missed with its weekend: after
    9 days without a run, week 3 (27 minutes) is done again, then week 4, then the rest,
    every later workout a whole number of weeks later with its UID and SEQUENCE + 1."""
    before = plan()
    change = missed(before, first=day(4), last=day(4, 6))
    after = change.plan
    assert change.report[1].startswith("9 days without a run: week 3, the last week you "
                                       "completed, is done again from 2027-03-29 (as week 5)")
    assert runs_of(after, 5) == runs_of(before, 3)  # the repeat
    assert runs_of(after, 6) == runs_of(before, 4)  # then the week that was missed
    old = {s.uid: s for s in before.sessions}
    for s in after.sessions:
        if s.uid not in old:  # a copy: a UID of its own, after the missed days
            assert s.date > day(4, 6) and s.sequence == 0 and not s.recorded
            continue
        o = old[s.uid]
        if day(4) <= o.date <= day(4, 6):
            assert s.missed and s.date == o.date and s.sequence == o.sequence + 1
        elif o.date > day(4, 6):
            assert (s.date - o.date).days % 7 == 0 and s.date > o.date
            assert s.sequence == o.sequence + 1 and not s.recorded
        else:
            assert s == o
    # nothing is left to do on the days missed
    assert all(s.missed for s in after.sessions if day(4) <= s.date <= day(4, 6))
    assert len({s.uid for s in after.sessions}) == len(after.sessions)
    assert not errors(check_plan(after))


def test_two_weeks_off_step_back_one_step_never_above_where_you_were() -> None:
    before = plan()
    change = missed(before, first=day(4), last=day(5, 6))  # 16 days without a run
    after = change.plan
    assert "16 days without a run: you start again 1 step below week 3" in change.report[1]
    first_back = lived_runs(after)[[s.date for s in lived_runs(after)].index(
        min(s.date for s in lived_runs(after) if s.date > day(5, 6)))]
    # the first run back is week 2's (9 minutes of 1.5-minute runs), below week 3
    assert first_back.run_min == runs_of(before, 2)[0]
    assert max(s.longest_run_min for s in lived_runs(after) if s.week == first_back.week) \
        <= max(s.longest_run_min for s in lived_runs(before) if s.week == 3)
    assert not errors(check_plan(after))


def test_the_week_after_a_repeat_is_not_a_deload_and_the_count_restarts() -> None:
    """A 16-week glutes plan, week 12 missed (the issue's case): no deload straight after
    the week repeated, and never more than 3 build weeks in a row from there."""
    before = plan()
    twelve = [s.date for s in before.sessions if s.week == 12]
    after = missed(before, first=min(twelve), last=max(twelve)).plan
    weeks = sorted({s.week for s in after.sessions if s.date > max(twelve)})
    deload = {w: any(s.deload for s in after.sessions if s.week == w) for w in weeks}
    assert not deload[weeks[1]]
    in_row = 0
    for w in weeks:
        in_row = 0 if deload[w] else in_row + 1
        assert in_row <= 3
    assert not errors(check_plan(after))


def test_missed_days_are_refused_with_one_clear_line() -> None:
    p = plan()
    for first, last, words in (
        (day(3), day(2), "the missed days end (2027-03-08) before they begin (2027-03-15)"),
        (day(2, 1), day(2, 1), "no workout from 2027-03-09 to 2027-03-09 in the plan"),
    ):
        with pytest.raises(UsageError, match=words.replace("(", r"\(").replace(")", r"\)")):
            missed(p, first=first, last=last)
    once = missed(p, first=day(2), last=day(2)).plan
    with pytest.raises(UsageError, match="already recorded as missed; nothing changes"):
        missed(once, first=day(2), last=day(2))


def test_a_fortnight_missed_in_a_hand_edited_file_breaks_r31() -> None:
    path = Path(__file__).parent / "plans" / "R31-a-missed-fortnight-carries-on.toml"
    found = [f for f in check_plan(load_plan(path)) if f.rule == "R31"]
    assert found and found[0].severity == "error" and found[0].week == 5


# --------------------------------------------------------------------------- command line


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    return tmp_path


def _run(*args: str) -> object:
    return CliRunner().invoke(cli.main, list(args))


def test_missed_updates_a_plan_file_in_place_keeping_its_permissions(folder: Path) -> None:
    made = _run("make", "--goal", "glutes", "--weeks", "8", "--start", "2027-03-01", "-o",
                "plan.toml")
    assert made.exit_code == 0, made.output
    Path("plan.toml").chmod(0o640)
    result = _run("missed", "plan.toml", "2027-03-15", "21 March 2027")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        "Recorded 7 workouts on Mon 2027-03-15 to Sun 2027-03-21 as missed.",
        "9 days without a run: week 2, the last week you completed, is done again from "
        "2027-03-22 (as week 4); 35 workouts after it move later with the same UIDs, and the "
        "plan now ends 2027-05-09."]
    assert result.stderr.splitlines()[2].startswith("updated plan.toml: 10 weeks")
    assert stat.S_IMODE(Path("plan.toml").stat().st_mode) == 0o640
    assert not list(folder.glob(".plan.toml.*"))  # no temporary file left
    after = load_plan("plan.toml")
    assert sum(s.missed for s in after.sessions) == 7
    check = _run("check", "plan.toml")
    assert check.exit_code == 0, check.output
    again = _run("missed", "plan.toml", "2027-03-15", "2027-03-21")
    assert again.exit_code == 2
    assert again.stderr == ("Error: every workout from 2027-03-15 to 2027-03-21 is already "
                            "recorded as missed; nothing changes\n")


def test_missed_keeps_an_ics_an_ics_with_its_reminder_and_colour(folder: Path) -> None:
    import icalendar

    assert _run("make", "--goal", "thighs", "--weeks", "6", "--start", "2027-03-01",
                "--remind", "1h", "--calendar-color", "teal", "-o", "plan.ics").exit_code == 0
    before = icalendar.Calendar.from_ical(Path("plan.ics").read_bytes())
    result = _run("missed", "plan.ics", "2027-03-08", "2027-03-14")
    assert result.exit_code == 0, result.output
    after = icalendar.Calendar.from_ical(Path("plan.ics").read_bytes())
    assert str(after["COLOR"]) == "teal"
    events = {str(e["UID"]): e for e in after.walk("VEVENT")}
    old = {str(e["UID"]): e for e in before.walk("VEVENT")}
    cancelled = [e for e in events.values() if e.get("STATUS") == "CANCELLED"]
    assert cancelled and all(int(e["SEQUENCE"]) == 1 for e in cancelled)
    assert all(e.walk("VALARM")[0]["TRIGGER"].dt == -dt.timedelta(hours=1)
               for e in events.values())
    # every event of the plan is still there (moved or cancelled), and copies were added
    assert set(old) <= set(events) and len(events) > len(old)
    assert load_plan("plan.ics").sessions  # still a planforge .ics carrying its plan


def test_missed_writes_elsewhere_with_o_and_refuses_stdin_without_it(folder: Path) -> None:
    assert _run("make", "--goal", "glutes", "--weeks", "4", "--start", "2027-03-01", "-o",
                "plan.json").exit_code == 0
    original = Path("plan.json").read_bytes()
    result = _run("missed", "plan.json", "2027-03-03", "-o", "after.toml")
    assert result.exit_code == 0, result.output
    assert Path("plan.json").read_bytes() == original
    assert sum(s.missed for s in load_plan("after.toml").sessions) == 2
    piped = CliRunner().invoke(cli.main, ["missed", "-", "2027-03-03"], input=original)
    assert piped.exit_code == 2
    assert piped.stderr == ("Error: the plan came from standard input: give -o FILE (or -o - "
                            "for standard output) to write it\n")


# ------------------------------------------------------------------------ property test

GOALS = sorted(builtin_goals())
DAYS = (None, (5, 6), (1, 5), (0, 2, 4), (0, 2, 4, 5))


#: from four weeks off, planforge may say to make a new plan at the user's level instead
#: (RuleBreakError), when no way back it can lay keeps every rule; under it, never
NEW_PLAN_DAYS = 28
#: a known limit (docs/missed-and-done.md): a week of the plan laid after another week than
#: the one it was made to follow can meet it badly across the weekend (strength 48 hours
#: apart, R12; an easy day between a long run and a hard session, R33; a new variation at
#: the top of its range, R15): when every way back meets that, planforge says to make a new
#: plan. In the slow matrix: 13 of its 1,728 re-plans, each in the last five weeks of a plan
AT_THE_SEAM = {"R12", "R15", "R33"}


def _check_reentry(p: Plan, first: dt.date, length: int) -> None:
    from planforge.errors import RuleBreakError

    last = first + dt.timedelta(days=length)
    if not any(first <= s.date <= last for s in p.sessions):
        return
    had = {f.rule for f in errors(check_plan(p))}
    try:
        change = missed(p, first=first, last=last)
    except RuleBreakError as exc:
        gap = (last - max((s.date for s in p.sessions if s.kind == "run" and s.date < first),
                          default=p.start)).days
        broken = set(re.findall(r": (R\d+) ", str(exc)))
        assert gap >= NEW_PLAN_DAYS or broken <= AT_THE_SEAM, exc
        assert str(exc).endswith("make a new plan from your level with planforge make")
        return
    after = change.plan
    # every rule the plan kept still holds, R31 included
    assert not [str(f) for f in errors(check_plan(after)) if f.rule not in had]
    # the workouts of the days missed are recorded as missed, and none is left to do there
    assert all(s.missed for s in after.sessions if first <= s.date <= last)
    assert {s.uid for s in after.sessions if s.missed} == {
        s.uid for s in p.sessions if first <= s.date <= last}
    # the rest moved later by whole weeks, same UIDs, SEQUENCE + 1; nothing earlier moved
    old = {s.uid: s for s in p.sessions}
    for s in after.sessions:
        o = old.get(s.uid)
        if o is None:
            assert s.date > last and not s.recorded
        elif o.date < first:
            assert s == o
        elif o.date > last and s.date != o.date:
            assert (s.date - o.date).days % 7 == 0 and s.date > o.date
            assert s.sequence == o.sequence + 1
    assert len({s.uid for s in after.sessions}) == len(after.sessions)
    assert change.report[0].startswith("Recorded ") and len(change.report) >= 2


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(goal=st.sampled_from(GOALS), level=st.sampled_from(("beginner", "returning", "runner")),
       weeks=st.sampled_from((8, 16, 24)), days=st.sampled_from(DAYS),
       at=st.floats(0, 0.97), length=st.integers(0, 35))
def test_missed_days_anywhere_keep_every_rule(goal: str, level: str, weeks: int,
                                              days: tuple[int, ...] | None, at: float,
                                              length: int) -> None:
    p = plan(goal, weeks, level, days)
    _check_reentry(p, MONDAY + dt.timedelta(days=int(at * 7 * weeks)), length)


@pytest.mark.slow
@pytest.mark.parametrize("goal", GOALS)
@pytest.mark.parametrize("level", ["beginner", "returning", "runner"])
def test_missed_gap_by_week_matrix(goal: str, level: str) -> None:
    """Every week of a 16-week plan x gaps of 1, 8, 15 and 29 days (and 24 weeks on two
    days a week)."""
    for weeks, days in ((16, None), (24, (5, 6))):
        p = plan(goal, weeks, level, days)
        for week in range(1, weeks + 1, 1 if weeks == 16 else 3):
            for length in (0, 7, 14, 28):
                _check_reentry(p, day(week, 1), length)
